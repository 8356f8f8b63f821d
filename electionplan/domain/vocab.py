"""The fixed vocabularies of a plan, with the words a SPOC reads."""

ELECTION_KINDS = {"general": "General election", "by-election": "By-election", "local": "Local election"}

EVENT_KINDS = {
    "hustings": "Hustings",
    "count": "Verification and count",
    "declaration": "Declaration",
    "campaign_visit": "Campaign visit",
    "canvassing": "Canvassing",
    "surgery": "Surgery",
    "protest": "Protest or demonstration",
    "other": "Other",
}

# What a plan can import, as the command line names it and the app's File > Import menu offers it.
IMPORT_KINDS = ("stations", "candidates", "boundaries", "postcodes", "events", "threats", "capacity", "incidents",
                "contributions", "review", "wards")

SEVERITIES = ("low", "medium", "high", "critical")

INCIDENT_STATUSES = ("open", "under investigation", "closed")

SHIFTS = {"early": ("07:00", "15:00"), "late": ("15:00", "23:00"), "night": ("23:00", "07:00")}

PROMINENCE = {0: "None", 1: "Local", 2: "Regional", 3: "National"}

CONTACT_ROLES = {
    "spoc": "Election SPOC",
    "deputy_spoc": "Deputy election SPOC",
    "bridger": "Operation Bridger / FEOA contact",
    "returning_officer": "Returning officer",
    "deputy_returning_officer": "Deputy returning officer",
    "gold": "Strategic commander (Gold)",
    "silver": "Tactical commander (Silver)",
    "press": "Corporate communications",
}


def event_kind_label(kind: str) -> str:
    return EVENT_KINDS.get(kind, kind.replace("_", " ").capitalize())
