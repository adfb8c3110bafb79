"""Made-up services spread over England, for benchmarking search at realistic sizes.

`generate(session, n)` adds `n` services to a database that already holds the bundled data
(`load_bundle(session, data_dir, postcodes=False)`). Services sit at LSOA population-weighted
points (so they cluster where people live, as real services do), jittered a few hundred metres;
their names and descriptions come from per-category templates in the words people use, with
town names from the point's own authority. Every record is marked as an example
(`is_example=True`, organisation `source="synthetic"`); phone numbers are Ofcom drama numbers
and web addresses are at example.org, so nothing here can reach a real person.

Rows go in with bulk inserts and precomputed ids: 50,000 services take seconds, not minutes.
The same seed gives the same services (ids included), so call it once per database.
"""

from __future__ import annotations

import bisect
import csv
import itertools
import math
import random
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from directory.models import (
    Address,
    AreaKind,
    Attribute,
    CostOption,
    EntryRoute,
    Language,
    LocalAuthority,
    Location,
    LocationType,
    Organization,
    Phone,
    Place,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
    Verification,
    VerificationMethod,
)
from directory.vocabulary import CATEGORY_TAXONOMY, FACET_TAXONOMIES

ROOT = Path(__file__).resolve().parent.parent
DEMAND_POINTS = ROOT / "data" / "lsoa21_demand_points_england.csv"
SOURCE = "synthetic"
BATCH = 10_000
# Places good enough to name a venue after: cities, towns, suburbs and large villages.
PLACE_TYPES = ("City", "Town", "Suburban Area", "Village", "geonames_populated_place")
MAX_PLACE_RANK = 3
JITTER_METRES = 400.0
CONFIDENTIAL_SHARE = 0.10
FREE_SHARE = 0.85
UTLA_SHARE = 0.3

# Ofcom's numbers reserved for drama: never allocated to anyone.
DRAMA_PREFIXES = (
    "0113 496 0", "0114 496 0", "0115 496 0", "0116 496 0", "0117 496 0", "0118 496 0",
    "0121 496 0", "0131 496 0", "0141 496 0", "0151 496 0", "0161 496 0", "020 7946 0",
    "0191 498 0", "01632 960", "0808 157 0",
)  # fmt: skip
DRAMA_MOBILE = "07700 900"

VENUES = (
    "{town} Community Centre", "{town} Library", "{town} Methodist Hall", "{town} Resource Centre",
    "the Old Fire Station, {town}", "{town} Mind", "St Luke's Church Hall, {town}",
    "{town} Wellbeing Hub", "{town} Neighbourhood Centre", "{town} Citizens Advice",
    "{town} Friends Meeting House", "{town} Family Hub",
)  # fmt: skip
STREETS = (
    "Example Street", "Sample Road", "Placeholder Lane", "Demo Avenue", "Fictional Way",
    "Imaginary Close", "Pretend Terrace", "Illustration Row",
)  # fmt: skip
ORG_FORMS = (
    "{town} Mind", "{town} Voices Collective", "{area} Hate Crime Partnership",
    "{town} Wellbeing Trust", "{area} Advocacy Alliance", "Friends of {town}",
    "{town} Peer Network", "{area} Victim Care", "{town} Safe Spaces CIC",
    "{area} Recovery Partnership", "{town} Community Action", "{area} Equality Council",
)  # fmt: skip


@dataclass(frozen=True)
class Template:
    """Names, description sentences and likely facets for one category."""

    names: tuple[str, ...]
    sentences: tuple[str, ...]
    access: tuple[str, ...]
    related: tuple[str, ...] = ()
    identity: tuple[str, ...] = ()
    route: str = "self"


# Per category: how real listings of that kind tend to be named and described, in lay words.
TEMPLATES: dict[str, Template] = {
    "police_emergency": Template(
        ("{area} Police emergency response", "999 emergency advice in {town}"),
        ("Call 999 if you are in danger now or someone is hurt or threatening you.",
         "If you cannot speak, call 999 and press 55 when asked.",
         "Deaf people can use the 999 BSL video relay or text 999 after registering."),
        ("phone",), ("police_non_emergency",)),
    "police_non_emergency": Template(
        ("{area} Police: report online or call 101", "{town} neighbourhood policing team",
         "Police contact point at {venue}"),
        ("Report crime that has already happened, antisocial behaviour or hate incidents.",
         "Your neighbourhood officers hold drop-in surgeries where you can ask for advice.",
         "You can report online without calling, and ask for a call back at a safe time.",
         "If someone keeps shouting at you or threatening you near your home, tell us."),
        ("phone", "online", "walk_in"), ("hate_crime_online_reporting", "asb_case_review")),
    "hate_crime_online_reporting": Template(
        ("Report hate crime online in {area}", "{area} hate incident reporting form"),
        ("Tell us about hate crime or a hate incident online, without visiting a police station.",
         "You can report racist abuse, homophobic or transphobic comments, or disability hate.",
         "You can report anonymously, or for someone else with their permission.",
         "Graffiti, name calling and online abuse count too."),
        ("online",), ("third_party_reporting_centre", "hate_crime_helpline"),
        ("race", "religion", "sexual_orientation", "trans", "disability")),
    "third_party_reporting_centre": Template(
        ("Hate crime reporting centre at {venue}", "{town} third party reporting centre",
         "Hate incident reporting point, {venue}"),
        ("Trained staff help you report hate crime without going to the police yourself.",
         "Talk it through first; you decide whether the police are told.",
         "If you have been called names, spat at or targeted because of who you are, come in.",
         "We can help you report racist abuse, harassment on the bus or abuse in the street.",
         "Interpreters and easy read forms are available."),
        ("walk_in", "phone"), ("hate_crime_casework_advocacy", "victim_services_hub"),
        ("race", "religion", "disability", "sexual_orientation", "trans")),
    "hate_crime_helpline": Template(
        ("{area} hate crime helpline", "Hate and harassment support line for {area}"),
        ("Talk to someone about hate or hostility you have faced, in confidence.",
         "We can help you report it if you want, sometimes without giving your name.",
         "Call, text or use web chat; we will call you back at a time that is safe."),
        ("phone", "text", "online"), ("third_party_reporting_centre",),
        ("race", "religion", "sexual_orientation", "trans", "disability")),
    "safe_place_scheme": Template(
        ("{town} Safe Places scheme", "Safe place at {venue}", "Keep Safe point, {venue}"),
        ("Look for the sign in the window: staff will let you wait somewhere safe.",
         "If you feel scared, lost or threatened while out, come in and we will call someone.",
         "Carry a keep safe card with the numbers of people you trust."),
        ("walk_in",), ("police_non_emergency",), ("disability",)),
    "asb_case_review": Template(
        ("{area} anti-social behaviour case review", "Community trigger for {area}"),
        ("If you have reported anti-social behaviour three times in six months and nothing has "
         "changed, ask for a case review.",
         "Neighbours shouting, banging, threats or harassment near your home all count.",
         "The council, police and housing look at your case together."),
        ("online", "phone"), ("police_non_emergency",), (), "self"),
    "witness_support": Template(
        ("{area} witness care", "Court witness support, {town}"),
        ("Help before, during and after going to court as a witness or victim.",
         "Visit the court beforehand and have someone with you on the day.",
         "Ask about giving evidence behind a screen or by video link."),
        ("phone", "walk_in"), ("victim_services_hub",)),
    "victim_services_hub": Template(
        ("{area} victim support hub", "Support after crime in {town}", "{area} Victim Care"),
        ("Free, confidential help for anyone affected by crime, reported or not.",
         "Someone to talk to, practical help like changing locks, and help with your rights.",
         "We support people after burglary, assault, harassment, fraud and hate crime.",
         "If you were targeted because of your mental health, we can link you to specialists."),
        ("phone", "online", "home_visit"),
        ("hate_crime_casework_advocacy", "witness_support", "restorative_justice")),
    "hate_crime_casework_advocacy": Template(
        ("Hate crime caseworker, {area}", "{town} hate crime advocacy service"),
        ("A caseworker stays with you after a hate incident: reports, police, housing, court.",
         "We deal with the police and your landlord for you and keep you informed.",
         "For people facing racist, religious, homophobic, transphobic or disability hate."),
        ("phone", "home_visit", "outreach"), ("third_party_reporting_centre",),
        ("race", "religion", "sexual_orientation", "trans", "disability"), "both"),
    "idva_domestic_abuse": Template(
        ("{area} IDVA service", "Domestic abuse advisers for {area}",
         "{town} domestic abuse support"),
        ("Independent domestic violence advisers for people at high risk from a partner, "
         "ex-partner or family member.",
         "Plan for your safety and get support with the police, courts and housing.",
         "If you are not safe at home, we can help you find a refuge."),
        ("phone", "outreach"), ("victim_services_hub",), ("women",), "both"),
    "isva_sexual_violence": Template(
        ("{area} ISVA service", "Sexual violence advisers, {area}"),
        ("Independent sexual violence advisers for people who have been raped or sexually "
         "assaulted, recently or in the past.",
         "We explain your choices, including whether to report, and support what you decide."),
        ("phone", "walk_in"), ("victim_services_hub",), ("women",), "both"),
    "independent_advocacy": Template(
        ("{area} independent advocacy", "Mental health advocacy in {town}",
         "Care Act advocates for {area}"),
        ("An advocate is on your side and helps you have your say about your care or safety.",
         "Independent mental health advocates (IMHA) for people sectioned under the Mental "
         "Health Act.",
         "We can support you through a safeguarding enquiry with social services."),
        ("phone", "home_visit", "outreach"), ("user_led_organisation",), ("disability",), "both"),
    "restorative_justice": Template(
        ("{area} restorative justice service", "Restorative justice in {town}"),
        ("A safe chance to communicate with the person who harmed you, with trained support.",
         "Be heard, ask questions and get answers. It is always your choice."),
        ("phone", "walk_in"), ("victim_services_hub",), (), "both"),
    "adult_safeguarding_front_door": Template(
        ("{area} adult social care: report a safeguarding concern",
         "{area} Council safeguarding adults team"),
        ("Contact adult social services if you are worried an adult is being abused, "
         "exploited or neglected.",
         "Worried about cuckooing, a fake friend taking money, or someone being targeted? Tell us.",
         "We will ask what you want to happen and keep you involved."),
        ("phone", "online"), ("safeguarding_adults_board", "independent_advocacy")),
    "safeguarding_adults_board": Template(
        ("{area} Safeguarding Adults Board",),
        ("Information about how adults are protected from abuse in {area}.",
         "Read our annual plan and safeguarding adults reviews. We do not take concerns; "
         "contact social services instead."),
        ("online",), ("adult_safeguarding_front_door",)),
    "multi_agency_risk_panel": Template(
        ("{area} MARAC", "{area} multi-agency risk panel"),
        ("A regular meeting where police, health and housing plan to keep someone at very high "
         "risk safe. Professionals refer; you should be told."),
        ("phone",), ("idva_domestic_abuse",), (), "professional"),
    "mh_crisis_line": Template(
        ("{area} 24/7 mental health crisis line", "NHS urgent mental health helpline, {area}"),
        ("Call if your mental health feels urgent or unmanageable, day or night.",
         "Staff listen, help you stay safe and can send the crisis team.",
         "You can also call for someone you are worried about."),
        ("phone",), ("crisis_team_home_treatment", "crisis_cafe_safe_haven")),
    "crisis_cafe_safe_haven": Template(
        ("{town} crisis café", "{town} safe haven", "Evening crisis café at {venue}",
         "{town} Sanctuary"),
        ("A calm place to go in the evening when you are struggling, instead of A&E.",
         "Talk to staff and peer workers over a cup of tea; no referral needed.",
         "Walk in, or phone first and we will expect you.",
         "If you feel suicidal, panicky or just cannot be alone tonight, come in."),
        ("walk_in", "phone"), ("mh_crisis_line", "peer_support_group")),
    "crisis_team_home_treatment": Template(
        ("{area} crisis resolution and home treatment team", "{town} crisis team"),
        ("NHS staff who see you quickly in a mental health crisis and support you at home.",
         "Daily visits for a short time as an alternative to hospital."),
        ("home_visit", "phone"), ("mh_crisis_line",), (), "both"),
    "crisis_house": Template(
        ("{town} crisis house", "{town} recovery house"),
        ("A short stay of a few nights in a homely place with staff when you are in crisis.",
         "For when you need to be away from home but do not need hospital."),
        ("walk_in",), ("crisis_team_home_treatment",), (), "professional"),
    "talking_therapies_and_community_mh": Template(
        ("{area} NHS Talking Therapies", "{town} counselling service",
         "{town} community mental health team", "Wellbeing service at {venue}"),
        ("Counselling and talking therapies for anxiety, depression, trauma and low mood.",
         "Refer yourself online or ask your GP.",
         "Support from the community mental health team near where you live.",
         "Therapy after a frightening experience, including hate crime or harassment."),
        ("phone", "online", "walk_in"), ("peer_support_group", "recovery_college_education")),
    "peer_support_group": Template(
        ("Hearing voices peer group, {town}", "{town} peer support group",
         "Drop-in peer group at {venue}", "{town} men's talking group",
         "{town} LGBTQ+ peer support", "Paranoia and unusual beliefs group, {town}",
         "{town} Black mental health peer circle", "Bipolar support group, {town}"),
        ("A friendly group of people who understand, meeting weekly to support each other.",
         "Nobody will diagnose you; what you share stays in the group.",
         "For people who hear voices, see visions or have other unusual experiences.",
         "Feeling lonely or isolated? Meet others with lived experience.",
         "Many members have faced harassment or hostility; we can help you think about "
         "reporting it."),
        ("walk_in", "online"), ("user_led_organisation", "recovery_college_education"),
        ("disability", "race", "sexual_orientation", "trans", "women")),
    "recovery_college_education": Template(
        ("{area} Recovery College", "Recovery courses at {venue}"),
        ("Free courses and workshops about mental health, recovery and staying well.",
         "Designed and taught by people with lived experience alongside professionals.",
         "Learn about your mental health, your rights and how to stay safe."),
        ("walk_in", "online"), ("peer_support_group",), ("disability",)),
    "listening_helpline": Template(
        ("{area} listening line", "{town} evening listening service", "{town} Nightline"),
        ("Someone will listen without judging or telling you what to do.",
         "Call or text when you feel low, lonely or overwhelmed.",
         "Calls are confidential and you do not have to give your name."),
        ("phone", "text"), ("mh_crisis_line",)),
    "user_led_organisation": Template(
        ("{area} Disabled People's Organisation", "{town} service user network",
         "{town} Voices Collective"),
        ("Run by and for people who use mental health services or are disabled.",
         "Mutual support, speaking up together and help to raise concerns.",
         "Join our members' meetings and campaigns about hate crime and safety."),
        ("walk_in", "online"), ("peer_support_group", "independent_advocacy"), ("disability",)),
}  # fmt: skip

# How common each kind of local service is (peer groups and therapies far outnumber panels).
WEIGHTS = {
    "police_emergency": 0.2, "police_non_emergency": 2, "hate_crime_online_reporting": 1,
    "third_party_reporting_centre": 6, "hate_crime_helpline": 1, "safe_place_scheme": 4,
    "asb_case_review": 1, "witness_support": 1, "victim_services_hub": 3,
    "hate_crime_casework_advocacy": 2, "idva_domestic_abuse": 3, "isva_sexual_violence": 1.5,
    "independent_advocacy": 3, "restorative_justice": 1, "adult_safeguarding_front_door": 1,
    "safeguarding_adults_board": 0.5, "multi_agency_risk_panel": 0.5, "mh_crisis_line": 1,
    "crisis_cafe_safe_haven": 3, "crisis_team_home_treatment": 1.5, "crisis_house": 1,
    "talking_therapies_and_community_mh": 8, "peer_support_group": 12,
    "recovery_college_education": 2, "listening_helpline": 2, "user_led_organisation": 3,
}  # fmt: skip

CLOSINGS = (
    "Everyone is welcome; we will go at your pace.",
    "Step-free access and an accessible toilet.",
    "Bring a friend or supporter if you like.",
    "We can book a BSL interpreter with a week's notice.",
    "Information is available in easy read.",
    "You do not need a diagnosis or a referral.",
    "Tea, coffee and a quiet room are available.",
    "We are not part of the police or the council.",
)
PAID = ("£3 a session, or free if you cannot pay", "Small charge for courses", "Ask about costs")
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_NAMES = dict(zip(DAYS, ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays",
                            "Saturdays", "Sundays"), strict=True))  # fmt: skip
HOURS = ((9, 17), (10, 16), (9, 13), (18, 20), (18, 23), (10, 12), (13, 15), (0, 23))
LANGUAGES = (("British Sign Language", "bfi"), ("Urdu", "ur"), ("Polish", "pl"),
             ("Punjabi", "pa"), ("Bengali", "bn"), ("Arabic", "ar"))  # fmt: skip


@dataclass(frozen=True)
class _Point:
    latitude: float
    longitude: float
    lad_code: str
    utla_code: str


def _demand_points(path: Path) -> tuple[list[_Point], list[float]]:
    points, cumulative, total = [], [], 0.0
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            total += float(row["population"] or 0)
            points.append(
                _Point(float(row["latitude"]), float(row["longitude"]), row["lad_code"],
                       row["utla_code"])
            )  # fmt: skip
            cumulative.append(total)
    return points, cumulative


def _towns(session: Session) -> dict[str, list[tuple[float, float, str, str]]]:
    """Named places per local authority: (lat, lon, name, postcode district)."""
    rows = session.execute(
        select(Place.lad_code, Place.latitude, Place.longitude, Place.name,
               Place.postcode_district)
        .where(Place.place_type.in_(PLACE_TYPES), Place.rank <= MAX_PLACE_RANK)
        .order_by(Place.id)
    )  # fmt: skip
    towns: dict[str, list[tuple[float, float, str, str]]] = defaultdict(list)
    for lad, lat, lon, name, district in rows:
        if lad:
            towns[lad].append((lat, lon, name, district or ""))
    return towns


def _nearest_town(
    towns: Sequence[tuple[float, float, str, str]], lat: float, lon: float, fallback: str
) -> tuple[str, str]:
    if not towns:
        return fallback, ""
    scale = math.cos(math.radians(lat)) ** 2
    best = min(towns, key=lambda t: (t[0] - lat) ** 2 + scale * (t[1] - lon) ** 2)
    return best[2], best[3]


def _jitter(rng: random.Random, lat: float, lon: float) -> tuple[float, float]:
    distance = JITTER_METRES * math.sqrt(rng.random())
    angle = rng.random() * 2 * math.pi
    dlat = distance * math.cos(angle) / 111_320.0
    dlon = distance * math.sin(angle) / (111_320.0 * math.cos(math.radians(lat)))
    return round(lat + dlat, 5), round(lon + dlon, 5)


def _slug(text: str) -> str:
    cleaned = "".join(ch if ch.isalnum() else "-" for ch in text.lower())
    return "-".join(part for part in cleaned.split("-") if part)[:40]


def _phone(rng: random.Random, mobile: bool = False) -> str:
    if mobile:
        return f"{DRAMA_MOBILE}{rng.randrange(1000):03d}"
    return f"{rng.choice(DRAMA_PREFIXES)}{rng.randrange(1000):03d}"


def _schedules(rng: random.Random, code: str) -> list[tuple[str, time, time, str]]:
    """Weekly rules: (days, opens, closes, description)."""
    if code in {"mh_crisis_line", "police_emergency"}:
        return [(",".join(DAYS), time(0, 0), time(23, 59), "Every day, 24 hours")]
    if code == "crisis_cafe_safe_haven":
        days = sorted(rng.sample(DAYS, rng.randint(3, 7)), key=DAYS.index)
        return [(",".join(days), time(18, 0), time(23, 0), "Evenings, 6pm to 11pm")]
    if code == "peer_support_group":
        day = rng.choice(DAYS)
        opens, closes = rng.choice(((18, 20), (10, 12), (13, 15), (19, 21)))
        label = f"{DAY_NAMES[day]} {opens}:00 to {closes}:00"
        return [(day, time(opens), time(closes), label)]
    opens, closes = rng.choice(HOURS[:5])
    weekdays = ",".join(DAYS[:5])
    rules = [(weekdays, time(opens), time(closes), f"Monday to Friday, {opens}:00 to {closes}:00")]
    if rng.random() < 0.2:
        rules.append(("SA", time(10), time(13), "Saturdays 10am to 1pm"))
    return rules


class _Ids:
    """Deterministic UUIDs from the generator's own random stream."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def __call__(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)


def generate(session: Session, n: int, seed: int = 7) -> int:
    """Add `n` made-up services (with organisations, places and facets); returns `n`.

    The database must already hold the bundled geography and vocabulary. Does not commit.
    """
    rng = random.Random(seed)
    new_id = _Ids(random.Random(seed + 1))
    points, cumulative = _demand_points(DEMAND_POINTS)
    towns = _towns(session)
    authority_names = dict(
        session.execute(select(LocalAuthority.gss_code, LocalAuthority.name)).all()
    )
    terms = {
        (taxonomy or "", code): term_id
        for taxonomy, code, term_id in session.execute(
            select(TaxonomyTerm.taxonomy, TaxonomyTerm.code, TaxonomyTerm.id)
        )
    }
    codes = list(TEMPLATES)
    code_weights = list(itertools.accumulate(WEIGHTS[c] for c in codes))
    for code in codes:
        if (CATEGORY_TAXONOMY, code) not in terms:
            raise ValueError(f"category {code!r} is not loaded; load the bundle first")

    tables: dict[type, list[dict[str, Any]]] = defaultdict(list)
    town_cache: dict[tuple[float, float], tuple[str, str]] = {}
    org: dict[str, Any] | None = None
    org_left = 0
    today = date(2026, 1, 15)
    for number in range(n):
        point = points[bisect.bisect_left(cumulative, rng.random() * cumulative[-1])]
        area = authority_names.get(point.lad_code, "the area")
        key = (point.latitude, point.longitude)
        if key not in town_cache:
            town_cache[key] = _nearest_town(
                towns.get(point.lad_code, ()), point.latitude, point.longitude, area
            )
        town, district = town_cache[key]
        venue = rng.choice(VENUES).format(town=town)
        words = {"town": town, "area": area, "venue": venue}

        # An organisation runs one to five services, all in the same authority.
        if org is None or org_left == 0 or rng.random() < 0.3:
            org_name = rng.choice(ORG_FORMS).format(**words)
            slug = f"{_slug(org_name)}-{number}"
            org = {
                "id": new_id(), "name": org_name,
                "description": f"A made-up organisation in {area}, for testing. Not real.",
                "website": f"https://{slug}.example.org", "email": f"hello@{slug}.example.org",
                "is_example": True, "source": SOURCE,
            }  # fmt: skip
            tables[Organization].append(org)
            org_left = rng.randint(1, 5)
        org_left -= 1

        code = codes[bisect.bisect_left(code_weights, rng.random() * code_weights[-1])]
        template = TEMPLATES[code]
        categories = [code]
        extra = rng.choices((0, 1, 2), weights=(55, 35, 10))[0]
        for related in rng.sample(template.related, min(extra, len(template.related))):
            categories.append(related)
        name = rng.choice(template.names).format(**words)
        sentences = rng.sample(template.sentences, rng.randint(2, len(template.sentences)))
        sentences.append(rng.choice(CLOSINGS))
        description = " ".join(s.format(**words) for s in sentences)
        access = sorted(set(rng.sample(template.access, rng.randint(1, len(template.access)))))
        if rng.random() < 0.15:
            access = sorted({*access, rng.choice(("phone", "online", "text", "outreach"))})
        identity = (
            [rng.choice(template.identity)] if template.identity and rng.random() < 0.35 else []
        )
        route = template.route
        if route == "self" and rng.random() < 0.2:
            route = "both"
        lived = code in {"peer_support_group", "user_led_organisation"} or rng.random() < 0.1
        free = rng.random() < FREE_SHARE
        cost = "Free" if free else rng.choice(PAID)

        service_id = new_id()
        slug = f"{_slug(name)}-{number}"
        tables[Service].append(
            {
                "id": service_id, "organization_id": org["id"], "name": name,
                "description": description,
                "eligibility_description": f"Adults living in {area}.",
                "application_process": (
                    "Just turn up, or phone first." if "walk_in" in access
                    else "Phone or fill in the form on our website."
                ),
                "url": f"https://{slug}.example.org", "email": f"contact@{slug}.example.org",
                "fees_description": cost, "referral_route": EntryRoute(route),
                "lived_experience_led": lived, "is_example": True, "minimum_age": 18,
            }
        )  # fmt: skip
        tables[Verification].append(
            {"id": new_id(), "service_id": service_id, "method": VerificationMethod.EXAMPLE_DATA,
             "verified_by": "Waymark bench", "checked_on": today,
             "notes": "Synthetic listing for benchmarking. Not real."}
        )  # fmt: skip
        tables[CostOption].append(
            {"id": new_id(), "service_id": service_id, "option": cost, "currency": "GBP"}
        )
        for link_type, taxonomy, values in (
            ("category", CATEGORY_TAXONOMY, categories),
            ("access_mode", FACET_TAXONOMIES["access_mode"], access),
            ("identity_focus", FACET_TAXONOMIES["identity_focus"], identity),
        ):
            for value in values:
                tables[Attribute].append(
                    {"id": new_id(), "link_id": service_id, "link_entity": "service",
                     "link_type": link_type, "taxonomy_term_id": terms[(taxonomy, value)]}
                )  # fmt: skip
        for days, opens, closes, label in _schedules(rng, code):
            tables[Schedule].append(
                {"id": new_id(), "service_id": service_id, "freq": "WEEKLY", "byday": days,
                 "opens_at": opens, "closes_at": closes, "description": label}
            )  # fmt: skip
        tables[Phone].append(
            {"id": new_id(), "service_id": service_id, "number": _phone(rng), "type": "voice",
             "description": "Main number"}
        )  # fmt: skip
        if "text" in access:
            tables[Phone].append(
                {"id": new_id(), "service_id": service_id, "number": _phone(rng, mobile=True),
                 "type": "text", "description": "Text us"}
            )  # fmt: skip
        if rng.random() < 0.06:
            language, lang_code = rng.choice(LANGUAGES)
            tables[Language].append(
                {"id": new_id(), "service_id": service_id, "name": language, "code": lang_code,
                 "note": "Easy read leaflets available" if rng.random() < 0.3 else None}
            )  # fmt: skip
        area_codes = [point.lad_code]
        if point.utla_code != point.lad_code and rng.random() < UTLA_SHARE:
            area_codes.append(point.utla_code)
        for area_code in area_codes:
            tables[ServiceArea].append(
                {"id": new_id(), "service_id": service_id,
                 "area_kind": AreaKind.LOCAL_AUTHORITY, "area_code": area_code,
                 "name": authority_names.get(area_code, area_code),
                 "uri": f"http://statistics.data.gov.uk/id/statistical-geography/{area_code}"}
            )  # fmt: skip

        location_id = new_id()
        confidential = rng.random() < CONFIDENTIAL_SHARE
        if confidential:
            lat = lon = None
        else:
            lat, lon = _jitter(rng, point.latitude, point.longitude)
        tables[Location].append(
            {"id": location_id, "location_type": LocationType.PHYSICAL,
             "organization_id": org["id"],
             "name": f"Safe location in {area}" if confidential else venue,
             "latitude": lat, "longitude": lon, "is_confidential": confidential}
        )  # fmt: skip
        if not confidential:
            tables[Address].append(
                {"id": new_id(), "location_id": location_id,
                 "address_1": f"{rng.randint(1, 199)} {rng.choice(STREETS)}", "city": town,
                 "state_province": area, "postal_code": district or "ZZ99",
                 "country": "GB", "address_type": LocationType.PHYSICAL}
            )  # fmt: skip
        tables[ServiceAtLocation].append(
            {"id": new_id(), "service_id": service_id, "location_id": location_id}
        )

    # Parents before children, for the foreign keys.
    order = (Organization, Service, Location, Address, ServiceAtLocation, ServiceArea,
             Attribute, Schedule, Phone, Language, CostOption, Verification)  # fmt: skip
    for model in order:
        rows = tables.get(model, [])
        for start in range(0, len(rows), BATCH):
            session.execute(insert(model.__table__), rows[start : start + BATCH])
    session.flush()
    return n


def _main() -> None:
    """Generate into a scratch database and report how long it took (a quick self-check)."""
    import argparse
    import tempfile
    import time as clock

    from directory.db import make_engine
    from directory.loading.bundle import load_bundle
    from directory.models import Base

    parser = argparse.ArgumentParser(description="Time generating synthetic services.")
    parser.add_argument("-n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        engine = make_engine(f"sqlite:///{Path(scratch) / 'synthetic.sqlite3'}", create=True)
        Base.metadata.create_all(engine)
        with Session(engine) as session, session.begin():
            started = clock.perf_counter()
            load_bundle(session, ROOT / "data", postcodes=False)
            loaded = clock.perf_counter()
            generate(session, args.n, args.seed)
        done = clock.perf_counter()
        print(f"bundle {loaded - started:.1f} s; {args.n:,} services {done - loaded:.1f} s")
        engine.dispose()


if __name__ == "__main__":
    _main()
