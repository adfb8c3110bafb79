"""The online geocoder is optional: off by default, asked only after the bundled data fails."""

from __future__ import annotations

import pytest
from geopy.exc import GeocoderUnavailable
from geopy.geocoders import Nominatim
from geopy.location import Location

from directory.geo.gazetteer import LocationError
from directory.geo.online import locate_anywhere, online_geocoder


class _FakeGeocoder:
    def __init__(self, answer=None, error=None):
        self.answer, self.error, self.asked = answer, error, []

    def geocode(self, query, exactly_one=True, country_codes=None):
        self.asked.append(query)
        if self.error:
            raise self.error
        return self.answer


def test_no_online_geocoder_unless_configured():
    assert online_geocoder("", "ua") is None
    assert online_geocoder("none", "ua") is None


def test_nominatim_can_be_configured_without_any_request():
    assert isinstance(online_geocoder("nominatim", "Waymark tests"), Nominatim)


def test_an_unknown_geocoder_name_is_a_configuration_error():
    with pytest.raises(ValueError, match="unknown online geocoder"):
        online_geocoder("somewhere", "ua")


def test_bundled_data_answers_first_without_asking_online(loaded_session):
    fake = _FakeGeocoder()

    point = locate_anywhere(loaded_session, "Leeds", fake)

    assert point.lad_code == "E08000035"
    assert fake.asked == []


def test_online_answer_is_placed_with_bundled_areas(loaded_session):
    fake = _FakeGeocoder(Location("Park Row, Leeds", (53.7986, -1.5413), {}))

    point = locate_anywhere(loaded_session, "Park Row", fake)

    assert (point.label, point.lad_code, point.pfa_code) == ("Park Row", "E08000035", "E23000010")
    assert point.latitude == 53.8


@pytest.mark.parametrize("fake", [_FakeGeocoder(), _FakeGeocoder(error=GeocoderUnavailable())])
def test_online_failure_gives_the_offline_error(loaded_session, fake):
    with pytest.raises(LocationError):
        locate_anywhere(loaded_session, "Nowhereville Lane", fake)
