"""The security-pack return: its fields and its seal, shared by the pack and its importer.

A pack's return carries a seal, an HMAC of the plan's reference and the
candidate's id under a key kept only in the plan, so a filled return is read
back against the candidate it was made for, and a return altered to name
another candidate, or brought from another plan, is refused.
"""

from __future__ import annotations

import hashlib
import hmac

# The return's fields, as the PDF names them and the importer reads them back.
RETURN_FIELDS = {
    "return_from": "Your name (or the name of the person completing this for you)",
    "return_events": "Events you plan to attend that are not listed above: date, time, place, and whether it is "
                     "public",
    "return_concerns": "Concerns about your safety or your team's, or anything you would like the police to know",
    "return_briefing": "When you could take a personal security briefing (days and times), or 'not needed'",
    "return_consent": "May the police share your contact details with the returning officer?",
}
CONSENT_CHOICES = ("Not answered", "Yes, I consent", "No, I do not consent")
SEAL_FIELD = "pack_seal"


# The longest answer a return may carry in each field; the name as the plan's column allows.
RETURN_LIMITS = {"return_from": 160, "return_events": 20_000, "return_concerns": 20_000, "return_briefing": 2_000,
                 "return_consent": 40}


# The decisions a returning officer's sign-off form offers.
DECISIONS = ("Approved", "Approved with comments", "Not approved")
NO_DECISION = "Not yet decided"  # what the choice shows until the returning officer picks one
# The longest answer each one-line field of the sign-off form takes; the importer refuses longer.
SIGN_OFF_LIMITS = {"ro_name": 160, "ro_role": 120, "ro_date": 10}


def review_binding(key: str, reference: str, revision: str, content_hash: str, edition: str = "") -> str:
    """What a sign-off form carries: the plan, the revision, its content hash and the edition, sealed under the
    plan's key, so a form edited to name another revision (or altered at all in these) is refused on import.

    The form is read back by this field alone, so a form re-saved by a program that drops the document's
    own properties still imports. (A form sealed before the edition was carried has none.)"""
    message = f"review\n{reference}\n{revision}\n{content_hash}" + (f"\n{edition}" if edition else "")
    seal = hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest()[:32]
    return (f"ref={reference};revision={revision};hash={content_hash};"
            + (f"edition={edition};" if edition else "") + f"seal={seal}")


def binding_fields(binding: str) -> dict[str, str]:
    """A sign-off binding's parts by name: ref, revision, hash, edition (where sealed), seal."""
    return dict(part.split("=", 1) for part in binding.split(";") if "=" in part)


def binding_parts(binding: str) -> tuple[str, str]:
    """The revision and content hash a sign-off binding names ("" where it names none)."""
    parts = binding_fields(binding)
    return parts.get("revision", ""), parts.get("hash", "")


def seal_for(key: str, reference: str, candidate_id: int, candidate_name: str) -> str:
    """The seal on one candidate's pack: the candidate is named as well as numbered, so a
    return is never recorded against someone who later took over a deleted candidate's id."""
    name = " ".join(candidate_name.casefold().split())
    message = f"{reference}\n{candidate_id}\n{name}".encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()[:32]
