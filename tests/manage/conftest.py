"""A small world for the manage tests: two organisations, their services, accounts, geography."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from directory.accounts.actions import create_user
from directory.config import PROJECT_ROOT
from directory.loading.taxonomy import load_vocabulary
from directory.models import (
    AccountStatus,
    Attribute,
    LocalAuthority,
    Organization,
    PoliceForceArea,
    Postcode,
    PostcodeDistrict,
    PostcodeSector,
    Role,
    Service,
    ServiceArea,
    TaxonomyTerm,
    User,
)
from directory.vocabulary import vocabulary_in

PASSWORD = "correct horse battery staple"
_TOKEN = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)


@dataclass
class World:
    org_a: Organization
    org_b: Organization
    service_a: Service
    service_b: Service
    admin: User
    editor_a: User
    editor_b: User


def _service(
    session: Session, org: Organization, name: str, terms: dict[str, uuid.UUID]
) -> Service:
    service = Service(
        name=name,
        organization=org,
        description=f"{name} helps people.",
        assured_date=date(2026, 9, 1),
        referral_route="self",
    )
    session.add(service)
    session.flush()
    session.add(
        Attribute(
            link_id=service.id,
            link_entity="service",
            link_type="category",
            taxonomy_term_id=terms["peer_support_group"],
        )
    )
    service.service_areas.append(
        ServiceArea(area_kind="local_authority", area_code="E08000035", name="Leeds")
    )
    return service


@pytest.fixture
def world(app, session: Session) -> World:
    load_vocabulary(session, vocabulary_in(PROJECT_ROOT / "data"))
    leeds = LocalAuthority(
        gss_code="E08000035",
        name="Leeds",
        official_name="Leeds City Council",
        la_type="MD",
        tier="unitary",
        asc_responsible=True,
        utla_code="E08000035",
        region="Yorkshire and The Humber",
        nation="England",
        latitude=53.82575,
        longitude=-1.50602,
        population=822483,
    )
    force = PoliceForceArea(pfa_code="E23000010", name="West Yorkshire", nation="England")
    leeds.police_force_areas.append(force)
    session.add_all(
        [
            leeds,
            PostcodeDistrict(
                outcode="LS6",
                postcode_area="LS",
                latitude=53.82015,
                longitude=-1.57065,
                status="live",
                lad_code="E08000035",
                utla_code="E08000035",
                region="Yorkshire and The Humber",
                country="England",
            ),
            PostcodeSector(
                sector="LS6 1",
                outcode="LS6",
                latitude=53.81117,
                longitude=-1.5703,
                status="live",
                lad_code="E08000035",
                utla_code="E08000035",
            ),
            Postcode(postcode="LS61AN", latitude=53.8112, longitude=-1.5711, lad_code="E08000035"),
        ]
    )
    session.flush()
    terms = {code: term_id for code, term_id in session.query(TaxonomyTerm.code, TaxonomyTerm.id)}
    org_a = Organization(name="Alder Peer Network", description="Peer groups.", is_example=True)
    org_b = Organization(name="Birch Advocacy", description="Advocates.", is_example=True)
    session.add_all([org_a, org_b])
    service_a = _service(session, org_a, "Alder hearing voices group", terms)
    service_b = _service(session, org_b, "Birch advocacy service", terms)
    admin = create_user(
        session,
        email="admin@example.org",
        name="Ada Admin",
        password=PASSWORD,
        role=Role.ADMIN,
        status=AccountStatus.ACTIVE,
    )
    editor_a = create_user(
        session,
        email="editor.a@example.org",
        name="Eddie Alder",
        password=PASSWORD,
        role=Role.EDITOR,
        status=AccountStatus.ACTIVE,
        organization_id=org_a.id,
    )
    editor_b = create_user(
        session,
        email="editor.b@example.org",
        name="Bea Birch",
        password=PASSWORD,
        role=Role.EDITOR,
        status=AccountStatus.ACTIVE,
        organization_id=org_b.id,
    )
    session.commit()
    return World(org_a, org_b, service_a, service_b, admin, editor_a, editor_b)


def csrf_token(client: FlaskClient, url: str) -> str:
    """The CSRF token from a form page, as a browser would send it back."""
    body = client.get(url).get_data(as_text=True)
    match = _TOKEN.search(body)
    assert match, f"no CSRF token on {url}"
    return match.group(1) or match.group(2)


REQUESTER_PASSWORD = "a long enough password"


def request_access(client: FlaskClient, email: str, password: str = REQUESTER_PASSWORD):
    """Ask for an editor account as Nia New of Alder Peer Network would."""
    token = csrf_token(client, "/manage/request-access")
    return client.post(
        "/manage/request-access",
        data={
            "csrf_token": token,
            "name": "Nia New",
            "email": email,
            "organisation": "Alder Peer Network",
            "password": password,
            "confirm": password,
        },
    )


def sign_in(client: FlaskClient, email: str, password: str = PASSWORD):
    token = csrf_token(client, "/manage/sign-in")
    return client.post(
        "/manage/sign-in", data={"email": email, "password": password, "csrf_token": token}
    )


def form_fields(body: str) -> MultiDict:
    """What a browser would send for the page's first form (in <main>), as it stands."""
    soup = BeautifulSoup(body, "html.parser")
    main = soup.find("main")
    form = next(f for f in main.find_all("form") if f.find("input", attrs={"name": "csrf_token"}))
    fields = MultiDict()
    for tag in form.find_all(["input", "textarea", "select"]):
        name = tag.get("name")
        if not name:
            continue
        if tag.name == "textarea":
            fields.add(name, tag.get_text())
        elif tag.name == "select":
            chosen = tag.find("option", selected=True)
            fields.add(name, chosen.get("value", "") if chosen else "")
        elif tag.get("type") in ("radio", "checkbox"):
            if tag.has_attr("checked"):
                fields.add(name, tag.get("value", "y"))
        else:
            fields.add(name, tag.get("value", ""))
    return fields


def post_form(client: FlaskClient, url: str, changes: dict, *, form_url: str | None = None):
    """Open the form as a browser would, change some fields, and post it back."""
    fields = form_fields(client.get(form_url or url).get_data(as_text=True))
    for name, value in changes.items():
        fields.setlist(name, value if isinstance(value, list) else [value])
    return client.post(url, data=fields)
