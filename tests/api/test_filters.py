"""Filters on /services and /service_at_locations: each one narrows, and together they AND."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from directory.geo.distance import distance_miles
from directory.geo.gazetteer import locate
from directory.models import Location, Service, ServiceArea, ServiceAtLocation
from directory.search.query import origin_of

METRES_PER_MILE = 1609.344


def _all(client, endpoint, query=""):
    """Every item of a list endpoint, following the pages."""
    items, page = [], 1
    while True:
        response = client.get(f"/api/{endpoint}?per_page=200&page={page}&{query}")
        assert response.status_code == 200, response.json
        items += response.json["contents"]
        if response.json["last_page"]:
            return items
        page += 1


def _ids(client, query="", endpoint="services"):
    return {item["id"] for item in _all(client, endpoint, query)}


@pytest.fixture(scope="module")
def term_ids(loaded_app):
    client = loaded_app.test_client()
    return {t["code"]: t["id"] for t in _all(client, "taxonomy_terms")}


def test_a_term_filter_keeps_only_services_tagged_with_it(loaded_client, term_ids):
    found = _all(loaded_client, "services", f"taxonomy_term_id={term_ids['peer_support_group']}")

    assert found
    for item in found:
        detail = loaded_client.get(f"/api/services/{item['id']}").json
        assert term_ids["peer_support_group"] in {
            a["taxonomy_term_id"] for a in detail["attributes"]
        }


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("taxonomy_term_id={phone}", "minimum_age=16"),
        ("search=voices", "taxonomy_term_id={phone}"),
        ("search=voices", "taxonomy_term_id={walk_in}"),
        ("taxonomy_term_id={walk_in}", "taxonomy_term_id={text}"),
    ],
)
def test_two_filters_give_what_both_allow(loaded_client, term_ids, first, second):
    first, second = first.format(**term_ids), second.format(**term_ids)
    alone_a, alone_b = _ids(loaded_client, first), _ids(loaded_client, second)

    together = _ids(loaded_client, f"{first}&{second}")

    assert alone_a != alone_b, "pick filters that differ, or AND and OR look the same"
    assert together == alone_a & alone_b
    assert together, "pick filters that overlap"


def test_three_filters_and_together(loaded_client, term_ids):
    filters = [f"taxonomy_term_id={term_ids['text']}", "minimum_age=16", "search=voices"]
    expected = set.intersection(*(_ids(loaded_client, f) for f in filters))

    assert _ids(loaded_client, "&".join(filters)) == expected


def test_taxonomy_id_keeps_services_with_any_of_its_terms(loaded_client):
    taxonomies = {t["name"]: t["id"] for t in _all(loaded_client, "taxonomies")}
    identity = loaded_client.get(f"/api/taxonomies/{taxonomies['Waymark identity-led focus']}").json
    by_term = set().union(
        *(_ids(loaded_client, f"taxonomy_term_id={t['id']}") for t in identity["taxonomy_terms"])
    )

    assert _ids(loaded_client, f"taxonomy_id={identity['id']}") == by_term
    assert by_term != _ids(loaded_client)


def test_organization_id_keeps_that_organisations_services(loaded_client, loaded_session):
    org_id = loaded_session.scalars(
        select(Service.organization_id).where(Service.name == "Hearing voices peer group")
    ).first()
    expected = {
        str(i)
        for i in loaded_session.scalars(select(Service.id).where(Service.organization_id == org_id))
    }

    assert _ids(loaded_client, f"organization_id={org_id}") == expected


def test_age_filters_follow_the_oruk_wording(loaded_client):
    at_least_18 = _all(loaded_client, "services", "minimum_age=18")
    at_most_25 = _all(loaded_client, "services", "maximum_age=25")

    assert at_least_18 and all(item["minimum_age"] >= 18 for item in at_least_18)
    assert all(item["maximum_age"] <= 25 for item in at_most_25)


def test_modified_after_compares_with_last_modified(loaded_client):
    everything = _all(loaded_client, "services")
    newest = max(item["last_modified"] for item in everything)
    later = (datetime.fromisoformat(newest) + timedelta(seconds=1)).isoformat()

    assert _ids(loaded_client, "modified_after=2000-01-01") == {i["id"] for i in everything}
    assert _ids(loaded_client, f"modified_after={newest}") == {
        i["id"] for i in everything if i["last_modified"] == newest
    }
    assert _ids(loaded_client, f"modified_after={later.replace('+', '%2B')}") == set()


@pytest.mark.parametrize("metres", [800, 2000, 5000])
def test_proximity_returns_exactly_the_locations_within_the_radius(
    loaded_client, loaded_session, metres
):
    centre = locate(loaded_session, "LS6 1")
    rows = loaded_session.execute(
        select(ServiceAtLocation.id, Location.latitude, Location.longitude).join(Location)
    ).all()
    inside = {
        str(row.id)
        for row in rows
        if row.latitude is not None
        and distance_miles(centre.latitude, centre.longitude, row.latitude, row.longitude)
        * METRES_PER_MILE
        <= metres
    }

    found = _all(loaded_client, "service_at_locations", f"postcode=LS6+1&proximity={metres}")

    assert {item["id"] for item in found} == inside
    assert inside, "pick a radius with something inside"
    distances = [
        distance_miles(centre.latitude, centre.longitude, *(
            item["location"]["latitude"], item["location"]["longitude"]))
        for item in found
    ]  # fmt: skip
    assert distances == sorted(distances), "nearest first"


def test_a_wider_radius_finds_more(loaded_client):
    near = _ids(loaded_client, "postcode=LS6+1&proximity=800", "service_at_locations")
    far = _ids(loaded_client, "postcode=LS6+1&proximity=5000", "service_at_locations")

    assert near < far


def test_postcode_without_proximity_keeps_services_covering_it(loaded_client, loaded_session):
    origin = origin_of(locate(loaded_session, "M1"))
    covering = {*origin.local_codes, *origin.national_codes}
    codes_by_service = {}
    for service_id, code in loaded_session.execute(
        select(ServiceArea.service_id, ServiceArea.area_code)
    ):
        codes_by_service.setdefault(str(service_id), set()).add(code)
    links = loaded_session.execute(select(ServiceAtLocation.id, ServiceAtLocation.service_id)).all()
    expected = {str(i) for i, s in links if codes_by_service.get(str(s), set()) & covering}

    found = _ids(loaded_client, "postcode=M1", "service_at_locations")

    assert found == expected
    assert found and found != {str(i) for i, _s in links}


def test_proximity_and_other_filters_and_together(loaded_client, term_ids):
    near = "postcode=LS6+1&proximity=5000"
    walk_in = f"taxonomy_term_id={term_ids['walk_in']}"
    alone_near = _ids(loaded_client, near, "service_at_locations")
    alone_term = _ids(loaded_client, walk_in, "service_at_locations")

    together = _ids(loaded_client, f"{near}&{walk_in}", "service_at_locations")

    assert together == alone_near & alone_term
    assert together and together != alone_near
