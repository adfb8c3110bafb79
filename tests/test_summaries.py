"""Lists read services as summaries: the same facts a whole `Service` gives, in the order asked."""

from __future__ import annotations

import uuid
from datetime import date

from directory.finder.display import area_text, checked_short, contact_lines, status_text
from directory.models import (
    AreaKind,
    Attribute,
    EntryRoute,
    Organization,
    Phone,
    Service,
    ServiceArea,
    ServiceStatus,
    TaxonomyTerm,
    Verification,
    VerificationMethod,
)
from directory.summaries import load_summaries, summaries_by_id
from directory.vocabulary import CATEGORY_TAXONOMY


def _service(session, name: str, **fields) -> Service:
    org = Organization(name=f"{name} Trust", description="An organisation for tests.")
    service = Service(name=name, organization=org, **fields)
    session.add(service)
    session.flush()
    return service


def _term(session, code: str, name: str) -> TaxonomyTerm:
    term = TaxonomyTerm(code=code, name=name, description=name, taxonomy=CATEGORY_TAXONOMY)
    session.add(term)
    session.flush()
    return term


def _tag(session, service: Service, term: TaxonomyTerm, link_type: str = "category") -> None:
    session.add(
        Attribute(link_id=service.id, link_entity="service", link_type=link_type,
                  taxonomy_term_id=term.id)
    )  # fmt: skip
    session.flush()


def test_summaries_come_back_in_the_order_asked(session):
    a, b, c = (_service(session, name) for name in ("A", "B", "C"))
    session.commit()

    found = load_summaries(session, [c.id, a.id, b.id], include_examples=True)

    assert [s.name for s in found] == ["C", "A", "B"]


def test_unknown_defunct_and_switched_off_examples_are_dropped(session):
    kept = _service(session, "Kept")
    closed = _service(session, "Closed", status=ServiceStatus.DEFUNCT)
    example = _service(session, "Made up", is_example=True)
    session.commit()
    asked = [uuid.uuid4(), closed.id, example.id, kept.id]

    assert [s.name for s in load_summaries(session, asked, include_examples=False)] == ["Kept"]
    assert set(summaries_by_id(session, asked, include_examples=True)) == {kept.id, example.id}


def test_an_id_asked_twice_gives_one_summary(session):
    service = _service(session, "Once")
    session.commit()

    assert len(load_summaries(session, [service.id, service.id], include_examples=True)) == 1


def test_a_summary_carries_the_categories_but_not_other_attributes(session):
    service = _service(session, "Group")
    _tag(session, service, _term(session, "peer_support_group", "Peer support group"))
    _tag(session, service, _term(session, "phone", "By phone"), link_type="access_mode")
    session.commit()

    (summary,) = load_summaries(session, [service.id], include_examples=True)

    assert summary.category_names == ("Peer support group",)


def test_a_summary_keeps_only_the_newest_check(session):
    service = _service(session, "Checked", assured_date=date(2026, 3, 1))
    for day, by in ((date(2025, 1, 5), "old check"), (date(2026, 4, 2), "new check")):
        check = Verification(
            service=service, method=VerificationMethod.PUBLIC_WEB_PAGE, verified_by=by,
            checked_on=day, source_date_precision="month",
        )  # fmt: skip
        session.add(check)
    session.commit()

    (summary,) = load_summaries(session, [service.id], include_examples=True)

    assert summary.latest_verification.verified_by == "new check"
    assert summary.latest_verification.method is VerificationMethod.PUBLIC_WEB_PAGE


def test_lists_say_the_same_of_a_summary_as_of_the_whole_service(session):
    service = _service(
        session, "Line", status=ServiceStatus.TEMPORARILY_CLOSED, referral_route=EntryRoute.BOTH,
        email="hello@example.org", url="https://example.org/", assured_date=date(2026, 3, 1),
    )  # fmt: skip
    session.add_all([
        Phone(service=service, number="0113 496 0000", type="voice"),
        Phone(service=service, number="07700 900000", type="text", description="Evenings"),
        ServiceArea(service=service, area_kind=AreaKind.LOCAL_AUTHORITY, area_code="E08000035",
                    name="Leeds", description="north of the river"),
        Verification(service=service, method=VerificationMethod.PROVIDER, verified_by="provider",
                     checked_on=date(2026, 3, 2)),
    ])  # fmt: skip
    session.commit()
    whole = session.get(Service, service.id)

    (summary,) = load_summaries(session, [service.id], include_examples=True)

    assert summary.organization.name == whole.organization.name == "Line Trust"
    assert summary.referral_route is EntryRoute.BOTH
    for say in (area_text, checked_short, contact_lines, status_text):
        assert say(summary) == say(whole)
