"""The geopy-compatible offline geocoder."""

from __future__ import annotations

import socket

import pytest
from flask import Flask
from geopy.location import Location
from geopy.point import Point

from directory.db import session_factory
from directory.geo.geocoder import OfflineGeocoder


@pytest.fixture
def geocoder(loaded_app: Flask) -> OfflineGeocoder:
    return OfflineGeocoder(session_factory(loaded_app))


def test_geocode_returns_a_geopy_location_at_the_district_centroid(
    geocoder: OfflineGeocoder,
) -> None:
    location = geocoder.geocode("ls6")
    assert isinstance(location, Location)
    assert location.address == "LS6"
    assert (location.latitude, location.longitude) == (53.82015, -1.57065)


def test_geocode_puts_the_authorities_in_raw(geocoder: OfflineGeocoder) -> None:
    location = geocoder.geocode("Leeds")
    assert isinstance(location, Location)
    assert (location.raw["kind"], location.raw["lad_code"], location.raw["pfa_code"]) == (
        "local_authority",
        "E08000035",
        "E23000010",
    )
    assert location.raw["area_codes"] == ["E08000035", "E23000010"]


def test_geocode_returns_a_list_when_not_asked_for_exactly_one(
    geocoder: OfflineGeocoder,
) -> None:
    locations = geocoder.geocode("Hackney", exactly_one=False)
    assert isinstance(locations, list)
    assert [location.address for location in locations] == ["Hackney"]


@pytest.mark.parametrize("query", ["Xyzzyq", "Hackny", "", "name:("])
def test_geocode_returns_none_for_what_it_cannot_find(
    geocoder: OfflineGeocoder, query: str
) -> None:
    assert geocoder.geocode(query) is None


@pytest.mark.parametrize("query", ["53.796481, -1.547852", (53.796481, -1.547852)])
def test_reverse_returns_your_location_rounded_with_its_authority(
    geocoder: OfflineGeocoder, query: str | tuple[float, float]
) -> None:
    location = geocoder.reverse(query)
    assert isinstance(location, Location)
    assert location.address == "your location"
    assert location.point == Point(53.8, -1.55)
    assert location.raw["lad_code"] == "E08000035"


@pytest.mark.parametrize("query", [(48.8566, 2.3522), "not a place"])
def test_reverse_returns_none_outside_the_uk_or_for_nonsense(
    geocoder: OfflineGeocoder, query: str | tuple[float, float]
) -> None:
    assert geocoder.reverse(query) is None


def test_the_geocoder_never_opens_a_network_connection(
    loaded_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    geocoder = OfflineGeocoder(session_factory(loaded_app))
    assert geocoder.geocode("Manchester") is not None
    assert geocoder.reverse((53.48, -2.24)) is not None
