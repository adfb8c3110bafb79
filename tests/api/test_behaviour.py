"""How the API behaves around the data: CORS, errors, examples, privacy, and its base path."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from directory import create_app
from directory.db import get_engine, session_factory
from directory.models import (
    Base,
    Location,
    Organization,
    Service,
    ServiceAtLocation,
    ServiceStatus,
)

ENDPOINTS = [
    "/api/",
    "/api/openapi.json",
    "/api/services",
    "/api/service_at_locations",
    "/api/taxonomies",
    "/api/taxonomy_terms",
    "/api/organizations",
]


def _first_id(client, endpoint):
    return client.get(f"/api/{endpoint}?per_page=1").json["contents"][0]["id"]


@pytest.mark.parametrize("path", ENDPOINTS)
def test_every_endpoint_may_be_read_from_any_site(loaded_client, path):
    response = loaded_client.get(path)

    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.mimetype == "application/json"


@pytest.mark.parametrize(
    "endpoint",
    ["services", "service_at_locations", "taxonomies", "taxonomy_terms", "organizations"],
)
def test_every_detail_endpoint_may_be_read_from_any_site(loaded_client, endpoint):
    response = loaded_client.get(f"/api/{endpoint}/{_first_id(loaded_client, endpoint)}")

    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_security_headers_still_apply(loaded_client):
    headers = loaded_client.get("/api/services").headers

    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/api/services?page=0", 400, "page"),
        ("/api/services?page=two", 400, "page"),
        ("/api/services?per_page=100000", 400, "per_page"),
        ("/api/services?modified_after=yesterday", 400, "modified_after"),
        ("/api/services?modified_after=2025-13-45", 400, "modified_after"),
        ("/api/services?taxonomy_term_id=peer", 400, "taxonomy_term_id"),
        ("/api/services?minimum_age=old", 400, "minimum_age"),
        ("/api/services?day=MO", 400, "day"),
        ("/api/services?postcode=LS6", 400, "service_at_locations"),
        ("/api/services?search=a&search=b", 400, "search"),
        ("/api/service_at_locations?postcode=not-a-postcode", 400, "postcode"),
        ("/api/service_at_locations?postcode=ZZ9+9ZZ", 400, "postcode"),
        ("/api/service_at_locations?postcode=XX1", 400, "postcode"),
        ("/api/service_at_locations?proximity=1000", 400, "postcode"),
        ("/api/service_at_locations?postcode=LS6&proximity=-5", 400, "proximity"),
        ("/api/service_at_locations?postcode=LS6&proximity=far", 400, "proximity"),
        ("/api/taxonomy_terms?top_only=maybe", 400, "top_only"),
        ("/api/services/not-a-uuid", 404, "not-a-uuid"),
        (f"/api/services/{uuid.uuid4()}", 404, "No listed record"),
        (f"/api/service_at_locations/{uuid.uuid4()}", 404, "No listed record"),
        (f"/api/taxonomies/{uuid.uuid4()}", 404, "No listed record"),
        (f"/api/taxonomy_terms/{uuid.uuid4()}", 404, "No listed record"),
        (f"/api/organizations/{uuid.uuid4()}", 404, "No listed record"),
        ("/api/no_such_endpoint", 404, "no endpoint"),
    ],
)
def test_bad_requests_get_a_clear_json_error(loaded_client, path, status, words):
    response = loaded_client.get(path)

    assert response.status_code == status
    assert response.mimetype == "application/json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.json["status"] == status
    assert words.lower() in response.json["message"].lower()


def test_the_api_is_read_only(loaded_client):
    response = loaded_client.post("/api/services")

    assert response.status_code == 405
    assert response.json["message"] == "This API is read-only: use GET"


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_every_write_method_gets_the_json_405_and_what_is_allowed(loaded_client, method):
    response = loaded_client.open("/api/services/0", method=method)

    assert response.status_code == 405
    assert response.json["message"] == "This API is read-only: use GET"
    assert response.headers["Allow"] == "GET, HEAD, OPTIONS"


def test_options_lists_only_the_read_methods(loaded_client):
    response = loaded_client.options("/api/services")

    assert response.headers["Allow"] == "GET, HEAD, OPTIONS"


def test_a_blank_id_filter_is_no_filter(loaded_client):
    everything = loaded_client.get("/api/services").json["total_items"]

    assert loaded_client.get("/api/services?taxonomy_term_id=").json["total_items"] == everything


def test_empty_optional_fields_are_left_out_never_null(loaded_client):
    def walk(value):
        if isinstance(value, dict):
            for key, child in value.items():
                assert child not in (None, "", [], {}), key
                walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)

    for item in loaded_client.get("/api/services?per_page=200").json["contents"]:
        walk(loaded_client.get(f"/api/services/{item['id']}").json)


def test_confidential_locations_never_say_where_they_are(loaded_client, loaded_session):
    link = loaded_session.scalars(
        select(ServiceAtLocation).join(Location).where(Location.is_confidential)
    ).first()
    assert link is not None, "the bundled examples include a refuge-style office"

    for body in (
        loaded_client.get(f"/api/service_at_locations/{link.id}").json["location"],
        *loaded_client.get(f"/api/services/{link.service_id}").json["service_at_locations"],
    ):
        place = body.get("location", body)
        assert place["x_waymark_confidential"] is True
        for key in ("addresses", "latitude", "longitude", "transportation"):
            assert key not in place


def test_confidential_locations_are_never_found_by_distance(loaded_client, loaded_session):
    link = loaded_session.scalars(
        select(ServiceAtLocation).join(Location).where(Location.is_confidential)
    ).first()
    nearby = loaded_client.get("/api/service_at_locations?postcode=LS1&proximity=100000").json

    assert str(link.id) not in {item["id"] for item in nearby["contents"]}


def test_example_listings_are_marked(loaded_client, loaded_session):
    example = loaded_session.scalars(select(Service).where(Service.is_example)).first()

    body = loaded_client.get(f"/api/services/{example.id}").json

    assert body["x_waymark_example"] is True
    assert body["organization"]["x_waymark_example"] is True


def test_example_listings_follow_the_site_setting(loaded_app, loaded_session, monkeypatch):
    client = loaded_app.test_client()
    example = loaded_session.scalars(select(Service).where(Service.is_example)).first()
    monkeypatch.setitem(loaded_app.config, "SHOW_EXAMPLES", False)

    assert client.get(f"/api/services/{example.id}").status_code == 404
    listed = client.get("/api/services?per_page=200").json
    assert not any(item.get("x_waymark_example") for item in listed["contents"])
    assert (
        listed["total_items"] == loaded_session.query(Service).filter_by(is_example=False).count()
    )
    links = client.get("/api/service_at_locations?per_page=200").json["contents"]
    assert not any(item["service"].get("x_waymark_example") for item in links)
    orgs = client.get("/api/organizations?per_page=200").json["contents"]
    assert not any(item.get("x_waymark_example") for item in orgs)
    assert client.get("/api/services?search=hearing+voices+peer+group").json["contents"]
    assert not any(
        item.get("x_waymark_example")
        for item in client.get("/api/services?search=hearing+voices").json["contents"]
    )


def test_openapi_document_describes_this_server(loaded_client):
    doc = loaded_client.get("/api/openapi.json").json

    assert doc["servers"] == [{"url": "http://localhost/api"}]
    assert {"/services", "/services/{id}", "/organizations"} <= set(doc["paths"])
    names = [p["$ref"].rsplit("/", 1)[-1] for p in doc["paths"]["/services"]["get"]["parameters"]]
    assert "day" not in names and "modified_after" in names


def test_the_data_page_links_to_the_api(loaded_client):
    page = loaded_client.get("/data-sources").get_data(as_text=True)

    assert 'href="/api/"' in page
    assert 'href="/api/openapi.json"' in page


# --- With a database of our own, for records the bundle does not hold. ---


def _service(session, **fields) -> Service:
    org = Organization(name="Test org", description="An organisation for tests.")
    service = Service(organization=org, **fields)
    session.add(service)
    session.commit()
    return service


def test_a_script_tag_in_a_name_comes_back_as_a_plain_json_string(client, session):
    name = '<script>alert("x")</script> & friends'
    service = _service(session, name=name)

    response = client.get(f"/api/services/{service.id}")

    assert response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.json["name"] == name
    assert "&lt;script" not in response.get_data(as_text=True)


def test_defunct_services_are_not_published(client, session):
    gone = _service(session, name="Closed group", status=ServiceStatus.DEFUNCT)
    open_ = _service(session, name="Open group")

    assert client.get(f"/api/services/{gone.id}").status_code == 404
    listed = {item["id"] for item in client.get("/api/services").json["contents"]}
    assert listed == {str(open_.id)}


def test_the_base_path_is_a_setting(tmp_path):
    (tmp_path / "base.sqlite3").touch()
    app = create_app(
        {
            "TESTING": True,
            "API_BASE": "/openreferral/v3",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'base.sqlite3'}",
            "INDEX_DIR": str(tmp_path / "index"),
        }
    )
    Base.metadata.create_all(get_engine(app))
    client = app.test_client()

    root = client.get("/openreferral/v3/")

    assert root.json["openapi_url"] == "http://localhost/openreferral/v3/openapi.json"
    assert client.get("/openreferral/v3/services").status_code == 200
    assert client.get("/api/services").status_code == 404
    with session_factory(app)() as session:
        assert session.scalars(select(Service)).all() == []
    get_engine(app).dispose()


HOSTILE_HOSTS = [
    {"Host": "evil.example"},
    # Behind a trusted proxy, a forged X-Forwarded-Host is believed as the request's host.
    {"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https"},
]


def _app_on(tmp_path, monkeypatch, api_base: str | None):
    monkeypatch.setenv("DIRECTORY_TRUSTED_PROXIES", "1")
    if api_base is not None:
        monkeypatch.setenv("DIRECTORY_API_BASE", api_base)
    return create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'api.sqlite3'}"})


@pytest.mark.parametrize("headers", HOSTILE_HOSTS)
def test_the_api_publishes_its_configured_url_whatever_the_host_header_says(
    tmp_path, monkeypatch, headers
):
    client = _app_on(tmp_path, monkeypatch, "https://waymark.example/openreferral").test_client()

    root = client.get("/openreferral/", headers=headers)
    doc = client.get("/openreferral/openapi.json", headers=headers)

    assert root.json["openapi_url"] == "https://waymark.example/openreferral/openapi.json"
    assert doc.json["servers"] == [{"url": "https://waymark.example/openreferral"}]
    assert "evil.example" not in root.get_data(as_text=True) + doc.get_data(as_text=True)


@pytest.mark.parametrize("headers", HOSTILE_HOSTS)
def test_an_api_base_given_as_a_path_never_publishes_the_host_header(
    tmp_path, monkeypatch, headers
):
    client = _app_on(tmp_path, monkeypatch, None).test_client()

    root = client.get("/api/", headers=headers)
    doc = client.get("/api/openapi.json", headers=headers)

    assert root.json["openapi_url"] == "http://localhost/api/openapi.json"
    assert doc.json["servers"] == [{"url": "http://localhost/api"}]
    assert "evil.example" not in root.get_data(as_text=True) + doc.get_data(as_text=True)
