"""The order's standard sections, from a versioned TOML template a force may override.

A template is checked in full when it is read: a missing section, an unknown
key or a value of the wrong kind fails with its dotted key and the reason, so a
force editing its own copy knows exactly what to fix.
"""

from __future__ import annotations

import hashlib
import tomllib
from typing import Any

from electionplan.domain.errors import ValidationError
from electionplan.domain.order import LATER_SECTIONS, STANDARD_SECTIONS, OrderTemplate, StandardSection
from electionplan.system.paths import default_order_template_path

TEMPLATE_SCHEMA = 1
MAX_TEMPLATE_CHARS = 200_000


def _refuse(key: str, reason: str) -> ValidationError:
    return ValidationError(f"order template: {key}: {reason}", "template")


def _texts(value: Any, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(p, str) and p.strip() for p in value):
        raise _refuse(key, "must be a list of one or more paragraphs of text")
    return tuple(p.strip() for p in value)


def _section(key: str, data: Any) -> StandardSection:
    if not isinstance(data, dict):
        raise _refuse(f"sections.{key}", "must be a table with a title and paragraphs")
    unknown = sorted(set(data) - {"title", "paragraphs"})
    if unknown:
        raise _refuse(f"sections.{key}.{unknown[0]}", "is not a key a section has (title, paragraphs)")
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        raise _refuse(f"sections.{key}.title", "must be a heading")
    return StandardSection(key, title.strip(), _texts(data.get("paragraphs"), f"sections.{key}.paragraphs"))


def _header(data: dict[str, Any]) -> tuple[str, str]:
    head = data.get("template")
    if not isinstance(head, dict):
        raise _refuse("template", "the [template] table with name, version and schema is missing")
    name, version, schema = head.get("name"), head.get("version"), head.get("schema")
    if not isinstance(name, str) or not name.strip():
        raise _refuse("template.name", "must be text")
    if not isinstance(version, str) or not version.strip():
        raise _refuse("template.version", "must be text such as \"2026.1\"")
    if schema != TEMPLATE_SCHEMA:
        raise _refuse("template.schema", f"must be {TEMPLATE_SCHEMA} for this version of electionplan")
    return name.strip(), version.strip()


def _glossary(value: Any) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, dict) or not value:
        raise _refuse("glossary", "must be a table of terms and their meanings")
    for term, meaning in value.items():
        if not isinstance(meaning, str) or not meaning.strip():
            raise _refuse(f"glossary.{term}", "must be the term's meaning as text")
    return tuple(sorted(((t, m.strip()) for t, m in value.items()), key=lambda tm: tm[0].lower()))


def parse_order_template(text: str, *, is_force_copy: bool = False) -> OrderTemplate:
    if len(text) > MAX_TEMPLATE_CHARS:
        raise _refuse("(file)", f"is longer than {MAX_TEMPLATE_CHARS:,} characters")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _refuse("(file)", f"is not valid TOML ({exc})") from None
    unknown = sorted(set(data) - {"template", "sections", "glossary"})
    if unknown:
        raise _refuse(unknown[0], "is not a part of an order template (template, sections, glossary)")
    name, version = _header(data)
    sections_data = data.get("sections")
    if not isinstance(sections_data, dict):
        raise _refuse("sections", "the [sections.*] tables are missing")
    extra = sorted(set(sections_data) - set(STANDARD_SECTIONS))
    if extra:
        raise _refuse(f"sections.{extra[0]}", "is not a standard section")
    missing = [key for key in STANDARD_SECTIONS if key not in sections_data and key not in LATER_SECTIONS]
    if missing:
        raise _refuse(f"sections.{missing[0]}", "is missing; every standard section must be kept")
    later = [key for key in LATER_SECTIONS if key not in sections_data]
    national = {s.key: s for s in load_default_template().sections} if later else {}
    sections = tuple(_section(key, sections_data[key]) if key in sections_data else national[key]
                     for key in STANDARD_SECTIONS)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return OrderTemplate(name, version, digest, sections, _glossary(data.get("glossary")), is_force_copy)


def load_default_template() -> OrderTemplate:
    return parse_order_template(default_order_template_path().read_text(encoding="utf-8"))
