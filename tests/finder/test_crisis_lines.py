"""Which lines the home page and an empty search offer to someone who needs to talk now."""

from __future__ import annotations

from sqlalchemy import select

from directory.finder.queries import crisis_lines
from directory.models import (
    AreaKind,
    Attribute,
    Organization,
    Phone,
    Service,
    ServiceArea,
    ServiceStatus,
    TaxonomyTerm,
)
from directory.vocabulary import CATEGORY_TAXONOMY

CODES = ("mh_crisis_line", "listening_helpline")


def _line(session, name: str, *, code="mh_crisis_line", national=True, phone=True, **fields):
    org = Organization(name=f"{name} org", description="For tests.")
    service = Service(name=name, organization=org, **fields)
    kind, area = (
        (AreaKind.NATIONAL, "national") if national else (AreaKind.LOCAL_AUTHORITY, "E08000035")
    )
    service.service_areas.append(ServiceArea(area_kind=kind, area_code=area))
    if phone:
        service.phones.append(Phone(number="0113 496 0000"))
    session.add(service)
    session.flush()
    term = session.scalar(select(TaxonomyTerm).where(TaxonomyTerm.code == code)) or TaxonomyTerm(
        code=code, name=code, description=code, taxonomy=CATEGORY_TAXONOMY
    )
    session.add(term)
    session.flush()
    session.add(Attribute(link_id=service.id, link_entity="service", link_type="category",
                          taxonomy_term_id=term.id))  # fmt: skip
    session.commit()
    return service


def test_only_real_active_national_lines_of_crisis_types_with_a_number_are_offered(session):
    _line(session, "Listening line", code="listening_helpline")
    _line(session, "Crisis line")
    _line(session, "Local crisis team", national=False)
    _line(session, "Line without a number", phone=False)
    _line(session, "Closed line", status=ServiceStatus.TEMPORARILY_CLOSED)
    _line(session, "Made-up line", is_example=True)
    _line(session, "National advice line", code="advocacy")

    offered = crisis_lines(session, CODES)

    assert [line.name for line in offered] == ["Crisis line", "Listening line"]
    assert offered[0].phones[0].number == "0113 496 0000"
