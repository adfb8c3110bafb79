"""Locating what people type: postcodes, sectors, districts, towns, councils and coordinates."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import insert
from sqlalchemy.orm import Session

from directory.geo.gazetteer import (
    EMPTY_MESSAGE,
    INVALID_MESSAGE,
    OUTSIDE_UK_MESSAGE,
    UNREADABLE_LOCATION_MESSAGE,
    LocatedPoint,
    LocationError,
    locate,
    locate_coordinates,
    suggest,
)
from directory.models import (
    LocalAuthority,
    PoliceForceArea,
    Postcode,
    PostcodeDistrict,
    PostcodeSector,
    local_authority_police_force,
)

LEEDS = "E08000035"
WEST_YORKSHIRE_POLICE = "E23000010"


@pytest.mark.parametrize(
    ("text", "kind", "lad_code", "pfa_code"),
    [
        ("LS6", "district", LEEDS, WEST_YORKSHIRE_POLICE),
        ("ls6", "district", LEEDS, WEST_YORKSHIRE_POLICE),
        ("LS6 1", "sector", LEEDS, WEST_YORKSHIRE_POLICE),
        ("  ls6   1 ", "sector", LEEDS, WEST_YORKSHIRE_POLICE),
        ("Leeds", "local_authority", LEEDS, WEST_YORKSHIRE_POLICE),
        ("leeds", "local_authority", LEEDS, WEST_YORKSHIRE_POLICE),
        ("Hackney", "local_authority", "E09000012", "E23000001"),
        ("City of London", "local_authority", "E09000001", "E23000034"),
        ("Manchester", "local_authority", "E08000003", "E23000005"),
        ("Bristol", "place", "E06000023", "E23000036"),
        ("Cardiff", "local_authority", "W06000015", "W15000003"),
        ("Caerdydd", "local_authority", "W06000015", "W15000003"),
        ("CF10", "district", "W06000015", "W15000003"),
        ("Glasgow", "place", "S12000049", None),
        ("Stoke-on-Trent", "local_authority", "E06000021", "E23000015"),
        ("kings lynn", "place", "E07000146", "E23000024"),
    ],
)
def test_locate_finds_each_form_with_its_authority_and_police_force(
    loaded_session: Session, text: str, kind: str, lad_code: str, pfa_code: str | None
) -> None:
    point = locate(loaded_session, text)
    assert (point.kind, point.lad_code, point.pfa_code) == (kind, lad_code, pfa_code)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("ls6", "LS6"),
        ("ls6 1", "LS6 1"),
        ("leeds", "Leeds"),
        ("KING'S LYNN", "King's Lynn"),
        ("caerdydd", "Cardiff"),
    ],
)
def test_locate_labels_the_point_in_its_printed_form(
    loaded_session: Session, text: str, label: str
) -> None:
    assert locate(loaded_session, text).label == label


def test_locate_fills_in_authority_and_force_names(loaded_session: Session) -> None:
    point = locate(loaded_session, "LS6")
    assert (point.lad_name, point.utla_name, point.pfa_name) == ("Leeds", "Leeds", "West Yorkshire")


def test_a_place_name_shared_by_a_town_and_villages_finds_the_town(
    loaded_session: Session,
) -> None:
    point = locate(loaded_session, "Alton")
    assert (point.lad_code, point.outcode) == ("E07000085", "GU34")


@pytest.mark.parametrize(
    ("text", "outcode_prefix"),
    [("Leeds", "LS"), ("Bristol", "BS"), ("Glasgow", "G"), ("Hackney", "E")],
)
def test_towns_and_councils_get_the_outcode_of_a_district_near_them(
    loaded_session: Session, text: str, outcode_prefix: str
) -> None:
    outcode = locate(loaded_session, text).outcode
    assert outcode is not None
    assert re.match(r"[A-Z]+", outcode)[0] == outcode_prefix


def test_a_county_is_placed_among_its_districts_with_the_county_as_upper_tier(
    loaded_session: Session,
) -> None:
    # The bundled Lancashire centroid lies in Northamptonshire; the districts' mean does not.
    point = locate(loaded_session, "Lancashire")
    assert point.utla_code == "E10000017"
    assert 53.4 < point.latitude < 54.3
    assert -3.1 < point.longitude < -2.0


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Leeds", (LEEDS, WEST_YORKSHIRE_POLICE)),
        ("Kent", ("E07000110", "E10000016", "E23000032")),
        ("Glasgow", ("S12000049",)),
    ],
)
def test_area_codes_lists_each_distinct_code_once(
    loaded_session: Session, text: str, codes: tuple[str, ...]
) -> None:
    assert locate(loaded_session, text).area_codes == codes


@pytest.mark.parametrize(
    ("text", "first_suggestion"),
    [
        ("Hackny", "Hackney"),
        ("Manchster", "Manchester"),
        ("Brimingham", "Birmingham"),
        ("Leeeds", "Leeds"),
        ("  glasgw ", "Glasgow"),
    ],
)
def test_a_near_miss_says_what_was_not_found_and_suggests_the_closest_name(
    loaded_session: Session, text: str, first_suggestion: str
) -> None:
    with pytest.raises(LocationError) as caught:
        locate(loaded_session, text)
    assert caught.value.message == f"We could not find {' '.join(text.split())}"
    assert caught.value.suggestions[0] == first_suggestion


def test_a_name_like_nothing_known_gets_advice_and_no_suggestions(
    loaded_session: Session,
) -> None:
    with pytest.raises(LocationError) as caught:
        locate(loaded_session, "Xyzzyq")
    assert caught.value.message == (
        "We could not find Xyzzyq. Check the spelling, or enter a postcode, like LS6 1AA"
    )
    assert caught.value.suggestions == []


def test_suggest_returns_at_most_the_limit(loaded_session: Session) -> None:
    assert len(suggest(loaded_session, "Newprt", limit=2)) <= 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", EMPTY_MESSAGE),
        ("   ", EMPTY_MESSAGE),
        ("*", INVALID_MESSAGE),
        ("name:(", INVALID_MESSAGE),
        ("x" * 2_000, INVALID_MESSAGE),
        ("'; DROP TABLE place; --", INVALID_MESSAGE),
        ("<script>", INVALID_MESSAGE),
        ("'-.", INVALID_MESSAGE),
        ("LS6 1A", INVALID_MESSAGE),
        ("ZZ9", INVALID_MESSAGE),
    ],
)
def test_empty_or_impossible_text_is_refused_with_a_message(
    loaded_session: Session, text: str, message: str
) -> None:
    with pytest.raises(LocationError) as caught:
        locate(loaded_session, text)
    assert caught.value.message == message


def test_an_unknown_sector_suggests_entering_the_district(loaded_session: Session) -> None:
    with pytest.raises(LocationError) as caught:
        locate(loaded_session, "LS6 5")
    assert caught.value.message == (
        "We could not find the postcode LS6 5. Check it and try again, "
        "or enter just the first part, like LS6"
    )


def test_an_unknown_district_says_so(loaded_session: Session) -> None:
    with pytest.raises(LocationError) as caught:
        locate(loaded_session, "LS50")
    assert caught.value.message == "We could not find the postcode LS50. Check it and try again"


# --- Coordinates. ---


def test_coordinates_in_leeds_give_leeds_and_west_yorkshire_police(
    loaded_session: Session,
) -> None:
    point = locate_coordinates(loaded_session, 53.796481, -1.547852)
    assert point == LocatedPoint(
        label="your location",
        latitude=53.8,
        longitude=-1.55,
        kind="coordinates",
        lad_code=LEEDS,
        lad_name="Leeds",
        utla_code=LEEDS,
        utla_name="Leeds",
        pfa_code=WEST_YORKSHIRE_POLICE,
        pfa_name="West Yorkshire",
        outcode=point.outcode,
    )
    assert point.outcode is not None and point.outcode.startswith("LS")


def test_coordinates_in_glasgow_have_no_police_force_area(loaded_session: Session) -> None:
    point = locate_coordinates(loaded_session, 55.86515, -4.25763)
    assert (point.lad_code, point.pfa_code) == ("S12000049", None)


@pytest.mark.parametrize(
    ("latitude", "longitude", "rounded"),
    [
        (53.796481, -1.547852, (53.8, -1.55)),
        (51.514409, -0.092441, (51.51, -0.09)),
        (57.123456, -6.498765, (57.12, -6.5)),
    ],
)
def test_coordinates_are_rounded_to_two_decimal_places(
    loaded_session: Session, latitude: float, longitude: float, rounded: tuple[float, float]
) -> None:
    point = locate_coordinates(loaded_session, latitude, longitude)
    assert (point.latitude, point.longitude) == rounded


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [
        (48.8566, 2.3522),  # Paris: outside the UK's box
        (50.7264, 1.6147),  # Boulogne-sur-Mer: inside the box, across the Channel
        (53.3498, -6.2603),  # Dublin: inside the box, across the Irish Sea
        (40.7128, -74.0060),  # New York
    ],
)
def test_coordinates_outside_the_uk_are_refused(
    loaded_session: Session, latitude: float, longitude: float
) -> None:
    with pytest.raises(LocationError) as caught:
        locate_coordinates(loaded_session, latitude, longitude)
    assert caught.value.message == OUTSIDE_UK_MESSAGE


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [(float("nan"), -1.5), (53.8, float("inf")), (91.0, 0.0), (0.0, 181.0), ("north", 0.0)],
)
def test_unreadable_coordinates_are_refused(
    loaded_session: Session, latitude: float, longitude: float
) -> None:
    with pytest.raises(LocationError) as caught:
        locate_coordinates(loaded_session, latitude, longitude)
    assert caught.value.message == UNREADABLE_LOCATION_MESSAGE


# --- Full postcodes, on a small hand-made geography. ---

LS6_1AA = (53.81787, -1.57450)
LS6_1_SECTOR = (53.81117, -1.57030)


def _add_leeds(session: Session) -> None:
    """Insert Leeds, its police force, district LS6, sector LS6 1 and the postcode LS6 1AA."""
    session.execute(
        insert(PoliceForceArea),
        [{"pfa_code": WEST_YORKSHIRE_POLICE, "name": "West Yorkshire", "nation": "England"}],
    )
    session.execute(
        insert(LocalAuthority),
        [
            {
                "gss_code": LEEDS,
                "name": "Leeds",
                "official_name": "Leeds City Council",
                "la_type": "MD",
                "tier": "unitary",
                "asc_responsible": True,
                "utla_code": LEEDS,
                "nation": "England",
                "latitude": 53.82575,
                "longitude": -1.50602,
            }
        ],
    )
    session.execute(
        insert(local_authority_police_force),
        [{"gss_code": LEEDS, "pfa_code": WEST_YORKSHIRE_POLICE}],
    )
    session.execute(
        insert(PostcodeDistrict),
        [
            {
                "outcode": "LS6",
                "postcode_area": "LS",
                "latitude": 53.82015,
                "longitude": -1.57065,
                "status": "live",
                "lad_code": LEEDS,
                "utla_code": LEEDS,
            }
        ],
    )
    session.execute(
        insert(PostcodeSector),
        [
            {
                "sector": "LS6 1",
                "outcode": "LS6",
                "latitude": LS6_1_SECTOR[0],
                "longitude": LS6_1_SECTOR[1],
                "status": "live",
                "lad_code": LEEDS,
                "utla_code": LEEDS,
            }
        ],
    )
    session.execute(
        insert(Postcode),
        [
            {
                "postcode": "LS61AA",
                "latitude": LS6_1AA[0],
                "longitude": LS6_1AA[1],
                "lad_code": LEEDS,
                "evidence": "L14",
            }
        ],
    )
    session.commit()


@pytest.mark.parametrize("text", ["LS6 1AA", "ls61aa", " ls6  1aa "])
def test_a_full_postcode_is_located_at_its_own_point(session: Session, text: str) -> None:
    _add_leeds(session)
    point = locate(session, text)
    assert (point.label, point.kind, (point.latitude, point.longitude)) == (
        "LS6 1AA",
        "postcode",
        LS6_1AA,
    )
    assert (point.lad_code, point.utla_code, point.pfa_code, point.outcode) == (
        LEEDS,
        LEEDS,
        WEST_YORKSHIRE_POLICE,
        "LS6",
    )


def test_a_missing_postcode_in_a_known_sector_falls_back_to_the_sector(session: Session) -> None:
    _add_leeds(session)
    point = locate(session, "LS6 1ZZ")
    assert (point.label, point.kind, (point.latitude, point.longitude), point.lad_code) == (
        "LS6 1ZZ",
        "sector",
        LS6_1_SECTOR,
        LEEDS,
    )


def test_an_unknown_postcode_suggests_entering_its_first_part(session: Session) -> None:
    _add_leeds(session)
    with pytest.raises(LocationError) as caught:
        locate(session, "ls6 5zz")
    assert caught.value.message == (
        "We could not find the postcode LS6 5ZZ. Check it and try again, "
        "or enter just the first part, like LS6"
    )


def test_a_postcode_in_an_unknown_district_just_says_so(session: Session) -> None:
    _add_leeds(session)
    with pytest.raises(LocationError) as caught:
        locate(session, "YY1 1AA")
    assert caught.value.message == (
        "We could not find the postcode YY1 1AA. Check it and try again"
    )
