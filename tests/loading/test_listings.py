"""Loading listings: idempotent, honest about what is real and what is an example."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from sqlalchemy import delete, func, select

from directory.config import PROJECT_ROOT
from directory.loading.bundle import load_bundle
from directory.loading.listings import ListingError
from directory.models import (
    Attribute,
    DataLoad,
    Location,
    Organization,
    Phone,
    ReferralRoute,
    RouteKind,
    Service,
    ServiceArea,
    TaxonomyTerm,
    Verification,
)
from directory.vocabulary import read_vocabulary

DATA = PROJECT_ROOT / "data"
# Ofcom's ranges for drama (TV, film, radio) use.
DRAMA_NUMBER = re.compile(
    r"^(0113 ?496 ?0\d{3}|0114 ?496 ?0\d{3}|0115 ?496 ?0\d{3}|0116 ?496 ?0\d{3}|"
    r"0117 ?496 ?0\d{3}|0118 ?496 ?0\d{3}|0121 ?496 ?0\d{3}|0131 ?496 ?0\d{3}|"
    r"0141 ?496 ?0\d{3}|0151 ?496 ?0\d{3}|0161 ?496 ?0\d{3}|020 ?7946 ?0\d{3}|"
    r"028 ?9649 ?6\d{3}|029 ?2018 ?0\d{3}|01632 ?960\d{3}|07700 ?900\d{3}|08081 ?570\d{3}|"
    r"0808 ?157 ?0\d{3}|0909 ?8790\d{3}|03069 ?990\d{3})$"
)
NOT_EXAMPLE_CATEGORIES = {
    "police_emergency",
    "police_non_emergency",
    "adult_safeguarding_front_door",
}
UK_LATITUDE, UK_LONGITUDE = (49.8, 60.9), (-8.7, 1.8)


@pytest.fixture
def loaded(session):
    counts = load_bundle(session, DATA, postcodes=False)
    session.commit()
    return counts


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def _snapshot(session) -> dict[str, object]:
    services = session.execute(
        select(Service.id, Service.name, Service.last_modified).order_by(Service.id)
    ).all()
    return {
        "services": services,
        "attributes": _count(session, Attribute),
        "phones": _count(session, Phone),
        "areas": _count(session, ServiceArea),
        "verifications": _count(session, Verification),
    }


def _data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("postcodes_*.csv.gz"))
    return target


def test_bundle_loads_every_kind_of_listing(session, loaded):
    assert loaded["bundled:national"] == 11
    assert loaded["bundled:examples"] >= 20
    assert loaded["generated:councils"] == 153
    assert loaded["generated:police"] == 43
    assert _count(session, Service) == sum(
        loaded[k] for k in ("bundled:national", "bundled:examples", "generated:councils",
                            "generated:police")
    )  # fmt: skip


def test_loading_twice_changes_nothing(session, loaded):
    before = _snapshot(session)

    again = load_bundle(session, DATA, postcodes=False)
    session.commit()

    assert not any(again.values())
    assert _snapshot(session) == before


def test_a_changed_listing_file_replaces_its_records_without_duplicates(session, tmp_path):
    data = _data_copy(tmp_path)
    load_bundle(session, data, postcodes=False)
    session.commit()
    path = data / "listings" / "examples.yaml"
    document = yaml.safe_load(path.read_text())
    # An organisation no example route mentions.
    removed = next(
        org for org in document["organizations"]
        if any(s["key"] == "downsbridge-sab-information" for s in org["services"])
    )  # fmt: skip
    document["organizations"].remove(removed)
    path.write_text(yaml.safe_dump(document))

    counts = load_bundle(session, data, postcodes=False)
    session.commit()

    assert counts["bundled:examples"] == sum(len(o["services"]) for o in document["organizations"])
    assert session.scalar(select(Organization).where(Organization.name == removed["name"])) is None
    assert _count(session, Service) == counts["bundled:examples"] + 11 + 153 + 43


def test_a_broken_listing_file_is_rejected_naming_the_record(session, tmp_path):
    data = _data_copy(tmp_path)
    path = data / "listings" / "examples.yaml"
    document = yaml.safe_load(path.read_text())
    document["organizations"][0]["services"][0]["categories"] = ["no_such_category"]
    path.write_text(yaml.safe_dump(document))

    with pytest.raises(ListingError, match="no_such_category"):
        load_bundle(session, data, postcodes=False)
    session.rollback()

    assert _count(session, Service) == 0


def test_every_example_is_flagged_on_organisation_and_service(loaded_session):
    examples = loaded_session.scalars(
        select(Organization).where(Organization.source == "bundled:examples")
    ).all()

    assert examples
    assert all(org.is_example for org in examples)
    assert all(service.is_example for org in examples for service in org.services)
    assert not loaded_session.scalars(
        select(Service).join(Organization).where(Organization.source != "bundled:examples",
                                                 Service.is_example)
    ).first()  # fmt: skip


def test_example_contact_details_are_drama_numbers_and_example_org(loaded_session):
    services = loaded_session.scalars(select(Service).where(Service.is_example)).all()

    for service in services:
        for phone in service.phones:
            assert DRAMA_NUMBER.match(phone.number), (service.name, phone.number)
        for address in filter(None, [service.url, service.email, service.organization.website]):
            assert re.search(r"(^|[@./])example\.org(/|$)", address), (service.name, address)


def test_no_real_listing_carries_a_drama_number(loaded_session):
    numbers = loaded_session.scalars(
        select(Phone.number)
        .join(Service, Phone.service_id == Service.id)
        .where(Service.is_example.is_(False))
    ).all()

    assert numbers
    assert not [n for n in numbers if DRAMA_NUMBER.match(n)]


# The numbers national_services_verified.md shows as found and not marked unverified (digits only).
VERIFIED_NUMBERS = {
    "08001381625", "07717989025",  # Stop Hate UK voice and text
    "08081689111",  # Victim Support Supportline
    "08009995428",  # Galop
    "08000323263",  # CST national emergency number
    "116123",  # Samaritans
    "86463",  # Mind text (Mind is not listed: no category fits)
    "101",  # police non-emergency
}  # fmt: skip


def test_every_real_phone_number_is_one_the_verification_notes_show_as_found(loaded_session):
    numbers = loaded_session.scalars(
        select(Phone.number)
        .join(Service, Phone.service_id == Service.id)
        .where(Service.is_example.is_(False))
    ).all()

    assert numbers
    assert {re.sub(r"\D", "", n) for n in numbers} <= VERIFIED_NUMBERS


def test_confidential_locations_hold_no_address_or_point(loaded_session):
    hidden = loaded_session.scalars(select(Location).where(Location.is_confidential)).all()

    assert hidden
    for location in hidden:
        assert location.latitude is None and location.longitude is None
        assert not location.addresses


def _broken_examples(tmp_path, change) -> Path:
    data = _data_copy(tmp_path)
    path = data / "listings" / "examples.yaml"
    document = yaml.safe_load(path.read_text())
    change(document["organizations"][0]["services"][0])
    path.write_text(yaml.safe_dump(document))
    return data


def test_a_confidential_location_with_an_address_is_refused(session, tmp_path):
    def add_refuge(service):
        service["locations"] = [
            {"name": "Refuge", "confidential": True, "address_1": "1 Example Road",
             "city": "Leeds", "postal_code": "LS6 1AA"}
        ]  # fmt: skip

    data = _broken_examples(tmp_path, add_refuge)

    with pytest.raises(ListingError, match="confidential"):
        load_bundle(session, data, postcodes=False)


def test_a_group_code_is_not_accepted_as_a_category(session, tmp_path):
    data = _broken_examples(tmp_path, lambda s: s.update(categories=["peer_and_community"]))

    with pytest.raises(ListingError, match="peer_and_community"):
        load_bundle(session, data, postcodes=False)


def test_reloading_a_source_keeps_ids_and_routes_other_sources_recorded(session, loaded):
    police = session.scalars(
        select(Service).join(Organization).where(Organization.source == "generated:police")
    ).first()
    example = session.scalars(select(Service).where(Service.is_example)).first()
    session.add(
        ReferralRoute(
            from_service_id=example.id, to_service_id=police.id, kind=RouteKind.REPORT,
            source="editor",
        )
    )  # fmt: skip
    session.commit()
    ids_before = set(session.scalars(select(Service.id)))
    session.execute(delete(DataLoad).where(DataLoad.name.like("%:%")))
    session.commit()

    counts = load_bundle(session, DATA, postcodes=False)
    session.commit()

    assert counts["generated:police"] == 43 and counts["bundled:examples"] > 0
    assert set(session.scalars(select(Service.id))) == ids_before
    route = session.scalars(select(ReferralRoute).where(ReferralRoute.source == "editor")).one()
    assert (route.from_service_id, route.to_service_id) == (example.id, police.id)


def test_no_council_link_is_left_without_a_page_name(loaded_session):
    urls = loaded_session.scalars(
        select(Service.url).join(Organization).where(Organization.source == "generated:councils")
    ).all()

    assert all(url and not url.endswith("/None") for url in urls)


def test_every_location_lies_inside_the_uk(loaded_session):
    points = loaded_session.execute(
        select(Location.latitude, Location.longitude).where(Location.is_confidential.is_(False))
    ).all()

    assert points
    for latitude, longitude in points:
        assert UK_LATITUDE[0] < latitude < UK_LATITUDE[1]
        assert UK_LONGITUDE[0] < longitude < UK_LONGITUDE[1]


def test_every_category_has_a_listing_and_examples_cover_the_rest(loaded_session):
    vocabulary = read_vocabulary(DATA / "categories.yaml")
    rows = loaded_session.execute(
        select(TaxonomyTerm.code, Service.is_example)
        .join(Attribute, Attribute.taxonomy_term_id == TaxonomyTerm.id)
        .join(Service, Service.id == Attribute.link_id)
    ).all()
    example_codes = {code for code, is_example in rows if is_example}
    all_codes = {code for code, _ in rows}

    every = {term.code for term in vocabulary.categories}
    # We never make up an emergency number, and 999 is not yet a sourced listing.
    assert every - all_codes == {"police_emergency"}
    assert every - NOT_EXAMPLE_CATEGORIES <= example_codes


def test_every_listing_records_how_it_was_checked(loaded_session):
    services = loaded_session.scalars(select(Service)).all()

    assert all(service.verifications for service in services)
    real = [s for s in services if not s.is_example]
    assert all(s.verifications[0].source_url for s in real)
    assert all(s.assured_date == s.verifications[0].source_date for s in real)


def test_council_listings_serve_their_own_area_and_hold_no_phone(loaded_session):
    councils = loaded_session.scalars(
        select(Service).join(Organization).where(Organization.source == "generated:councils")
    ).all()

    assert len(councils) == 153
    for service in councils:
        assert [a.area_kind for a in service.service_areas] == ["local_authority"]
        assert service.url.startswith("https://www.gov.uk/find-local-council")
        assert not service.phones


def test_police_listings_serve_their_force_area_with_101(loaded_session):
    police = loaded_session.scalars(
        select(Service).join(Organization).where(Organization.source == "generated:police")
    ).all()

    assert len(police) == 43
    assert all([p.number for p in s.phones] == ["101"] for s in police)
    assert all(s.service_areas[0].area_kind == "police_force_area" for s in police)
    names = {s.organization.name for s in police}
    assert {"City of London Police", "West Yorkshire Police", "Metropolitan Police"} <= names


def test_example_routes_load_between_known_services(loaded_session):
    routes = loaded_session.scalars(
        select(ReferralRoute).where(ReferralRoute.source == "bundled:routes")
    ).all()

    assert len(routes) == 24
    assert all(r.from_service.is_example or r.to_service.is_example for r in routes)


def test_a_route_to_an_unknown_service_is_refused_naming_it(session, tmp_path):
    data = _data_copy(tmp_path)
    path = data / "listings" / "routes.yaml"
    document = yaml.safe_load(path.read_text())
    document["routes"][0]["to"] = "no-such-service"
    path.write_text(yaml.safe_dump(document))

    with pytest.raises(
        ListingError, match=r"routes\[0\]\.to: no service with key 'no-such-service'"
    ):
        load_bundle(session, data, postcodes=False)


def test_a_broken_pathway_template_stops_the_load(session, tmp_path):
    from directory.pathways.templates import TemplateError

    data = _data_copy(tmp_path)
    path = next((data / "pathways").glob("t1_*.yaml"))
    path.write_text(path.read_text().replace("kind: report", "kind: teleport", 1))

    with pytest.raises(TemplateError, match=path.name):
        load_bundle(session, data, postcodes=False)
