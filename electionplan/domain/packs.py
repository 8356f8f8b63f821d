"""The security-pack return and the sign-off form: their fields and their seals.

A pack's return carries a seal, an HMAC of the plan's reference, the
candidate's id and the candidate's own random seal reference under a key kept
only in the plan, so a filled return is read back against the candidate it was
made for: a return altered to name another candidate, brought from another
plan, or meant for a deleted candidate whose id was later reused is refused,
while a pack stays valid when its candidate's name is corrected. A sign-off
form's seal binds the plan, the revision, its content and the edition.

A seal is only as strong as its key, so no seal is made or checked with a key
shorter than `MIN_KEY_CHARS`.
"""

from __future__ import annotations

import hashlib
import hmac

from electionplan.domain.errors import PlanFileError

# A plan's key is 64 hex characters (256 bits); anything under half that was cut or blanked outside electionplan.
MIN_KEY_CHARS = 32

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


# The only edition whose sign-off is the returning officer's to return: no other carries a form.
REVIEW_EDITION = "returning-officer"
# The decisions a returning officer's sign-off form offers.
DECISIONS = ("Approved", "Approved with comments", "Not approved")
NO_DECISION = "Not yet decided"  # what the choice shows until the returning officer picks one
# The longest answer each one-line field of the sign-off form takes; the importer refuses longer.
SIGN_OFF_LIMITS = {"ro_name": 160, "ro_role": 120, "ro_date": 10}


def sound_key(key: str) -> bool:
    return len(key.strip()) >= MIN_KEY_CHARS


def _seal(key: str, message: str) -> str:
    if not sound_key(key):
        raise PlanFileError("This plan's sealing key is blank or short (it was altered outside electionplan), so "
                            "nothing is sealed or checked with it.")
    return hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest()[:32]


def review_binding(key: str, reference: str, revision: str, content_hash: str, edition: str) -> str:
    """What a sign-off form carries: the plan, the revision, its content hash and the edition, sealed under the
    plan's key, so a form edited to name another revision or edition (or altered at all in these) is refused."""
    seal = _seal(key, f"review\n{reference}\n{revision}\n{content_hash}\n{edition}")
    return f"ref={reference};revision={revision};edition={edition};hash={content_hash};seal={seal}"


def binding_fields(binding: str) -> dict[str, str]:
    """What a sign-off binding names, part by part."""
    return dict(part.split("=", 1) for part in binding.split(";") if "=" in part)


def binding_parts(binding: str) -> tuple[str, str]:
    """The revision and content hash a sign-off binding names ("" where it names none)."""
    parts = binding_fields(binding)
    return parts.get("revision", ""), parts.get("hash", "")


def seal_for(key: str, reference: str, candidate_id: int, seal_ref: str) -> str:
    """The seal on one candidate's pack: bound to the candidate's id and their own random reference, so a
    return is never recorded against someone who later took over a deleted candidate's id, and a corrected
    name leaves the pack valid."""
    if not seal_ref:
        raise PlanFileError("This candidate has no seal reference (it was removed outside electionplan), so no "
                            "pack is sealed for them or read back.")
    return _seal(key, f"{reference}\n{candidate_id}\n{seal_ref}")
