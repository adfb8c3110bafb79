"""Real listings generated from bundled datasets: council safeguarding doors, police 101.

They use only facts the data holds (names, areas, codes). No phone number or web address is
made up: councils link to their GOV.UK "find your local council" page, police to 101.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.models import LocalAuthority, PoliceForceArea

# When the bundled datasets and pages were last checked by the team (see data/SOURCES.md).
BUNDLE_CHECKED_ON = date(2026, 11, 26)
GOV_UK_FIND_COUNCIL = "https://www.gov.uk/find-local-council"
MYSOCIETY_SOURCE = "https://github.com/mysociety/uk_local_authority_names_and_codes"
MYSOCIETY_DATE = date(2025, 7, 10)
POLICE_101_SOURCE = (
    "https://www.deeside.com/calls-to-police-101-non-emergency-line-set-to-be-free-of-charge-"
    "from-tomorrow/"
)
POLICE_101_DATE = date(2020, 3, 31)


def council_listings(session: Session) -> list[dict[str, Any]]:
    """One adult-safeguarding front door per English council with adult social care duties."""
    councils = session.scalars(
        select(LocalAuthority)
        .where(LocalAuthority.asc_responsible, LocalAuthority.nation == "England")
        .order_by(LocalAuthority.name)
    )
    return [_council(council) for council in councils]


def council_finder_url(council: LocalAuthority) -> str:
    """GOV.UK's page for the council, or its search page when the data has no page name."""
    if council.gov_uk_slug:
        return f"{GOV_UK_FIND_COUNCIL}/{council.gov_uk_slug}"
    return GOV_UK_FIND_COUNCIL


def _council(council: LocalAuthority) -> dict[str, Any]:
    finder_url = council_finder_url(council)
    where = (
        f"open the GOV.UK 'Find your local council' page for {council.name} (the link on this page)"
        if council.gov_uk_slug
        else f"open GOV.UK's 'Find your local council' page (the link on this page) and search for "
        f"{council.name}"
    )
    return {
        "key": f"council-{council.gss_code}",
        "name": council.official_name,
        "description": f"The local council for {council.name}, responsible for adult social care.",
        "services": [
            {
                "key": f"council-{council.gss_code}-adult-safeguarding",
                "name": f"Adult safeguarding: {council.official_name}",
                "description": (
                    f"{council.official_name} must make enquiries when an adult with care and "
                    "support needs may be experiencing abuse or neglect and cannot protect "
                    "themselves (Care Act 2014, section 42). Anyone can raise a concern: you do "
                    "not have to be a professional, and you can raise a concern about yourself."
                ),
                "eligibility_description": (
                    f"Adults (18 or over) in {council.name} who have care and support needs and "
                    "may be at risk of abuse or neglect, and anyone worried about them."
                ),
                "application_process": (
                    "Waymark does not hold this council's own phone number or web address yet. "
                    f"To reach its adult social care team: {where}, follow it to the council's "
                    "website, and look for 'adult social care' or 'report abuse of an adult' "
                    "(sometimes called 'safeguarding adults'), and the contact details given "
                    "there. If someone is in danger now, call 999."
                ),
                "referral_route": "both",
                "categories": ["adult_safeguarding_front_door"],
                "url": finder_url,
                "areas": [council.gss_code],
                "verification": {
                    "method": "published dataset",
                    "verified_by": "Waymark team",
                    "checked_on": BUNDLE_CHECKED_ON,
                    "source_url": MYSOCIETY_SOURCE,
                    "source_date": MYSOCIETY_DATE,
                    "notes": (
                        "Council name, area and GOV.UK page name from mySociety's UK local "
                        "authority names and codes (CC BY 4.0). No phone number is held."
                    ),
                },
            }
        ],
    }


def police_force_name(pfa_name: str) -> str:
    """The force's usual name from its ONS area name ("London, City of": City of London Police)."""
    if ", " in pfa_name:
        place, prefix = pfa_name.split(", ", 1)
        pfa_name = f"{prefix} {place}"
    return pfa_name if "Police" in pfa_name else f"{pfa_name} Police"


def police_listings(session: Session) -> list[dict[str, Any]]:
    """One non-emergency (101) listing per police force area of England and Wales."""
    forces = session.scalars(select(PoliceForceArea).order_by(PoliceForceArea.name))
    return [_police(force) for force in forces]


def _police(force: PoliceForceArea) -> dict[str, Any]:
    name = police_force_name(force.name)
    return {
        "key": f"police-{force.pfa_code}",
        "name": name,
        "description": f"The police force for the {force.name} police force area.",
        "services": [
            {
                "key": f"police-{force.pfa_code}-101",
                "name": f"Police non-emergency (101): {name}",
                "description": (
                    f"Call 101 to contact {name} about something that is not an emergency, such "
                    "as reporting a hate crime or hostility that has already happened, or to get "
                    "advice. If a crime is happening now or someone is in danger, call 999."
                ),
                "application_process": (
                    "Call 101 and say what happened. The call handler will ask you questions and "
                    "may ask for your name and contact details."
                ),
                "referral_route": "self",
                "categories": ["police_non_emergency"],
                "access_modes": ["phone"],
                "cost": "Free to call",
                "phones": [
                    {
                        "number": "101",
                        "type": "voice",
                        "description": "Police non-emergency number; free since 1 April 2020",
                    }
                ],
                "areas": [force.pfa_code],
                "verification": {
                    "method": "public web page",
                    "verified_by": "Waymark team",
                    "checked_on": BUNDLE_CHECKED_ON,
                    "source_url": POLICE_101_SOURCE,
                    "source_date": POLICE_101_DATE,
                    "notes": (
                        "101 as the national non-emergency number, free of charge from 1 April "
                        "2020 (news pages of 31 March and 1 April 2020)."
                    ),
                },
            }
        ],
    }
