"""A ruleset is read into frozen, typed sections; every setting's fault is still named by its dotted key."""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import tomllib

import pytest

from electionplan.domain.errors import RulesetError
from electionplan.risk import ruleset as rs
from electionplan.risk.ruleset_schema import SECTIONS, RouteSettings, StandingRisk


def _plain(value):
    """A typed setting as the TOML wrote it, to compare with what was read."""
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def test_the_national_default_reads_into_frozen_sections_holding_what_its_text_says():
    rules = rs.load_ruleset()
    text = rs.default_ruleset_path().read_text(encoding="utf-8")
    assert rules.sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()  # the text is hashed as it was
    written = tomllib.loads(text)
    for section in SECTIONS:
        if section == "ruleset":
            continue
        typed = getattr(rules, section)
        stated = {f.name: _plain(getattr(typed, f.name)) for f in dataclasses.fields(typed)
                  if getattr(typed, f.name) is not None}
        assert stated == written[section], section
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(typed, dataclasses.fields(typed)[0].name, 0)
    assert isinstance(rules.deployment.routes, RouteSettings) and rules.deployment.routes.max_route_km == 60
    assert isinstance(rules.register.candidate_harm, StandingRisk)
    assert rules.register.standing("officer_shortfall") is rules.register.officer_shortfall
    assert rules.shifts.times("late") == tuple(written["shifts"]["late"])
    assert rules.deployment.constables_per_sergeant is None  # the national default sets no ratio


def test_a_ruleset_is_read_once_for_its_text_and_afresh_when_the_text_changes(tmp_path):
    """Each assessment reads the plan's ruleset from its text: the same text gives the same ruleset, each caller
    a copy of its own that nothing done to another's changes; a changed text gives its own, and a faulty text is
    refused every time it is read."""
    text = rs.default_ruleset_path().read_text(encoding="utf-8")
    first = rs.parse_ruleset(text, "force.toml")
    weight = first.candidate.threat_severity["high"]
    first.candidate.threat_severity["high"] = weight * 100  # a caller changing its copy's table in place
    first.data["candidate"]["threat_severity"]["high"] = weight * 100
    again = rs.parse_ruleset(text, "force.toml")
    assert again.candidate.threat_severity["high"] == weight and again.data["candidate"]["threat_severity"]["high"] == weight
    assert again.sha256 == first.sha256 and rs.load_ruleset().candidate.threat_severity["high"] == weight
    first.candidate.threat_severity["high"] = weight
    changed = rs.parse_ruleset(text.replace("max_route_km = 60", "max_route_km = 45"), "force.toml")
    assert changed.deployment.routes.max_route_km == 45 and first.deployment.routes.max_route_km == 60
    faulty = text.replace("max_route_km = 60", "max_route_km = -1")
    for _ in range(2):
        with pytest.raises(RulesetError, match="max_route_km"):
            rs.parse_ruleset(faulty, "force.toml")


@pytest.mark.parametrize("section", [s for s in SECTIONS if s != "ruleset"])
def test_every_setting_left_out_or_mistyped_is_named_by_its_key(section):
    data = tomllib.loads(rs.default_ruleset_path().read_text(encoding="utf-8"))
    for field in dataclasses.fields(SECTIONS[section]):
        wanted = field.metadata["wanted"]
        if field.default is None:  # may be left out: only a wrong value is refused
            missing_ok = copy.deepcopy(data)
            missing_ok[section].pop(field.name, None)
            rs._sections(missing_ok)
        else:
            missing = copy.deepcopy(data)
            del missing[section][field.name]
            with pytest.raises(RulesetError) as info:
                rs._sections(missing)
            assert str(info.value) == f"ruleset: {section}.{field.name} is missing; it must be {wanted}"
        wrong = copy.deepcopy(data)
        wrong[section][field.name] = "not a setting"
        with pytest.raises(RulesetError) as info:
            rs._sections(wrong)
        assert str(info.value) == f"ruleset: {section}.{field.name} is invalid; it must be {wanted}"
    unknown = copy.deepcopy(data)
    unknown[section]["colour"] = 1
    with pytest.raises(RulesetError, match=rf"^ruleset: {section}\.colour is not a known setting$"):
        rs._sections(unknown)


def test_a_force_file_names_its_fault_by_key_with_its_own_name():
    text = rs.default_ruleset_path().read_text(encoding="utf-8").replace("radius_m = 500", "radius_m = -5", 1)
    with pytest.raises(RulesetError) as info:
        rs.parse_ruleset(text, "force.toml")
    assert str(info.value) == "force.toml: event.radius_m is invalid; it must be a distance in metres above 0"
