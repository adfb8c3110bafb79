"""Loading the bundled geography: counts, idempotence, reloads, links and postcodes."""

from __future__ import annotations

import csv
import gzip
from functools import cache
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from directory.config import PROJECT_ROOT
from directory.geo.postcodes import normalise_postcode
from directory.loading.geography import (
    LOCAL_AUTHORITIES_FILE,
    OUTCODES_FILE,
    PLACES_FILE,
    POLICE_FORCE_AREAS_FILE,
    POSTCODES_FILE,
    SECTORS_FILE,
    load_geography,
    load_postcodes,
)
from directory.models import (
    DataLoad,
    LocalAuthority,
    Place,
    PoliceForceArea,
    Postcode,
    PostcodeDistrict,
    PostcodeSector,
    local_authority_police_force,
)

DATA = PROJECT_ROOT / "data"
LEEDS, HACKNEY, MANCHESTER = "E08000035", "E09000012", "E08000003"
KENT, MAIDSTONE = "E10000016", "E07000110"
WEST_YORKSHIRE_CA, GLASGOW, CARDIFF = "E47000003", "S12000049", "W06000015"
WEST_YORKSHIRE_POLICE, KENT_POLICE = "E23000010", "E23000032"
LA_CODES = {LEEDS, HACKNEY, MANCHESTER, KENT, MAIDSTONE, WEST_YORKSHIRE_CA, GLASGOW, CARDIFF}
OUTCODES = {"LS6", "E8", "M1", "ME14", "G1", "CF10"}
PLACE_NAMES = {"Leeds", "Hackney", "Manchester", "Maidstone", "Glasgow", "Cardiff", "St. Ann's"}
POSTCODES_PER_OUTCODE = 4
# The UK, Shetland and Northern Ireland included, with a little margin.
UK_LATITUDE, UK_LONGITUDE = (49.8, 60.9), (-8.7, 1.8)

TABLES = {
    "local_authority": LocalAuthority,
    "police_force_area": PoliceForceArea,
    "postcode_district": PostcodeDistrict,
    "postcode_sector": PostcodeSector,
    "place": Place,
}


def _real_rows(name: str, keep) -> tuple[list[str], list[list[str]]]:
    """The header and the rows of a real data file that `keep(row_dict)` selects."""
    with (DATA / name).open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        return header, [row for row in reader if keep(dict(zip(header, row, strict=True)))]


@cache
def _sample_postcode_rows() -> tuple[list[str], list[list[str]]]:
    """The postcode header and the first few real postcodes of each chosen outcode."""
    taken: dict[str, int] = {}
    rows = []
    with gzip.open(DATA / POSTCODES_FILE, "rt", newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        for row in reader:
            outcode = row[0].split()[0]
            if outcode in OUTCODES and taken.get(outcode, 0) < POSTCODES_PER_OUTCODE:
                taken[outcode] = taken.get(outcode, 0) + 1
                rows.append(row)
    return header, rows


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def make_data_dir(root: Path) -> Path:
    """A small data dir: real rows for a few authorities and the areas around them."""
    data_dir = root / "data"
    data_dir.mkdir()
    header, authorities = _real_rows(LOCAL_AUTHORITIES_FILE, lambda r: r["gss_code"] in LA_CODES)
    _write_csv(data_dir / LOCAL_AUTHORITIES_FILE, header, authorities)
    pfa_codes = {
        code for row in authorities for code in row[header.index("pfa_codes")].split(";") if code
    }
    selections = {
        POLICE_FORCE_AREAS_FILE: lambda r: r["pfa_code"] in pfa_codes,
        OUTCODES_FILE: lambda r: r["outcode"] in OUTCODES,
        SECTORS_FILE: lambda r: r["outcode"] in OUTCODES,
        PLACES_FILE: lambda r: r["name"] in PLACE_NAMES,
    }
    for name, keep in selections.items():
        _write_csv(data_dir / name, *_real_rows(name, keep))
    header, postcodes = _sample_postcode_rows()
    with gzip.open(data_dir / POSTCODES_FILE, "wt", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(postcodes)
    return data_dir


def _data_rows(path: Path) -> int:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", newline="", encoding="utf-8") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


def _count(session: Session, table) -> int:
    return session.scalar(select(func.count()).select_from(table))


def _snapshot(session: Session) -> dict[str, list[tuple]]:
    """Every row of every geography table (and the load records), in a stable order."""
    tables = [*(model.__table__ for model in TABLES.values()), Postcode.__table__]
    tables.append(local_authority_police_force)
    snapshot = {
        table.name: sorted(tuple(row) for row in session.execute(select(table))) for table in tables
    }
    snapshot["data_load"] = sorted(
        tuple(row)
        for row in session.execute(select(DataLoad.name, DataLoad.checksum, DataLoad.rows))
    )
    return snapshot


def _load_all(session: Session, data_dir: Path) -> dict[str, int]:
    counts = load_geography(session, data_dir)
    counts["postcode"] = load_postcodes(session, data_dir / POSTCODES_FILE)
    return counts


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return make_data_dir(tmp_path)


def test_load_inserts_every_row_of_each_file(session, data_dir):
    counts = _load_all(session, data_dir)
    session.commit()

    assert counts == {
        "police_force_area": _data_rows(data_dir / POLICE_FORCE_AREAS_FILE),
        "local_authority": len(LA_CODES),
        "postcode_district": len(OUTCODES),
        "postcode_sector": _data_rows(data_dir / SECTORS_FILE),
        "place": _data_rows(data_dir / PLACES_FILE),
        "local_authority_police_force": 6,  # West Yorkshire CA and Glasgow have no force
        "postcode": len(OUTCODES) * POSTCODES_PER_OUTCODE,
    }
    for name, model in TABLES.items():
        assert _count(session, model) == counts[name]
    assert _count(session, Postcode) == counts["postcode"]


def test_loading_twice_changes_nothing(session, data_dir):
    _load_all(session, data_dir)
    session.commit()
    before = _snapshot(session)

    again = _load_all(session, data_dir)
    session.commit()

    assert set(again.values()) == {0}
    assert _snapshot(session) == before


def test_a_changed_file_replaces_only_its_own_table(session, data_dir):
    _load_all(session, data_dir)
    session.commit()
    header, rows = _real_rows(OUTCODES_FILE, lambda r: r["outcode"] in OUTCODES - {"G1"})
    rows[0][header.index("latitude")] = "53.5"
    _write_csv(data_dir / OUTCODES_FILE, header, rows)

    counts = _load_all(session, data_dir)
    session.commit()

    assert counts["postcode_district"] == len(OUTCODES) - 1
    assert {name: n for name, n in counts.items() if name != "postcode_district"} == dict.fromkeys(
        set(counts) - {"postcode_district"}, 0
    )
    assert session.get(PostcodeDistrict, "G1") is None
    assert session.get(PostcodeDistrict, rows[0][0]).latitude == 53.5


def test_a_changed_police_force_file_keeps_the_authority_links(session, data_dir):
    load_geography(session, data_dir)
    session.commit()
    header, rows = _real_rows(POLICE_FORCE_AREAS_FILE, lambda r: True)
    rows = [row for row in rows if row[0] in {WEST_YORKSHIRE_POLICE, KENT_POLICE, "E23000001"}]
    rows += _real_rows(POLICE_FORCE_AREAS_FILE, lambda r: r["pfa_code"] == "E23000005")[1]
    rows += _real_rows(POLICE_FORCE_AREAS_FILE, lambda r: r["pfa_code"].startswith("W"))[1]
    rows[0][header.index("pfa_name")] = "Renamed Force"
    _write_csv(data_dir / POLICE_FORCE_AREAS_FILE, header, rows)

    counts = load_geography(session, data_dir)
    session.commit()

    assert counts["police_force_area"] == len(rows)
    assert counts["local_authority_police_force"] == 6
    assert session.get(PoliceForceArea, rows[0][0]).name == "Renamed Force"
    assert [pfa.pfa_code for pfa in session.get(LocalAuthority, LEEDS).police_force_areas] == [
        WEST_YORKSHIRE_POLICE
    ]


def test_every_coordinate_lies_inside_the_uk(session, data_dir):
    _load_all(session, data_dir)

    for model in (LocalAuthority, PostcodeDistrict, PostcodeSector, Place, Postcode):
        points = session.execute(
            select(model.latitude, model.longitude).where(model.latitude.is_not(None))
        ).all()
        assert points, model
        for latitude, longitude in points:
            assert UK_LATITUDE[0] < latitude < UK_LATITUDE[1], (model, latitude)
            assert UK_LONGITUDE[0] < longitude < UK_LONGITUDE[1], (model, longitude)


def test_authorities_link_to_their_police_force_areas(session, data_dir):
    load_geography(session, data_dir)

    def forces(code: str) -> list[str]:
        return [pfa.pfa_code for pfa in session.get(LocalAuthority, code).police_force_areas]

    assert forces(LEEDS) == [WEST_YORKSHIRE_POLICE]
    assert session.get(PoliceForceArea, WEST_YORKSHIRE_POLICE).name == "West Yorkshire"
    assert forces(KENT) == [KENT_POLICE]  # counties list their districts' forces
    assert forces(MAIDSTONE) == [KENT_POLICE]
    assert forces(GLASGOW) == []


def test_blank_fields_load_as_none_and_flags_as_booleans(session, data_dir):
    load_geography(session, data_dir)

    combined = session.get(LocalAuthority, WEST_YORKSHIRE_CA)
    leeds = session.get(LocalAuthority, LEEDS)
    assert (combined.population, combined.utla_code, combined.asc_responsible) == (
        None,
        None,
        False,
    )
    assert (leeds.population, leeds.asc_responsible) == (822483, True)
    assert session.get(LocalAuthority, GLASGOW).population is None


def test_places_get_a_folded_search_key(session, data_dir):
    load_geography(session, data_dir)

    keys = {place.name: place.name_key for place in session.scalars(select(Place))}
    assert keys["St. Ann's"] == "st anns"
    assert keys["Leeds"] == "leeds"


def test_postcodes_are_keyed_in_normalised_form(session, data_dir):
    load_postcodes(session, data_dir / POSTCODES_FILE)

    header, rows = _sample_postcode_rows()
    printed = rows[0][0]
    assert " " in printed
    postcode = session.get(Postcode, normalise_postcode(printed))
    assert postcode is not None
    assert postcode.latitude == float(rows[0][header.index("latitude")])
    keys = session.scalars(select(Postcode.postcode)).all()
    assert keys and all(key == normalise_postcode(key) for key in keys)


def test_blank_postcode_evidence_loads_as_none(session, data_dir):
    load_postcodes(session, data_dir / POSTCODES_FILE)

    evidence = set(session.scalars(select(Postcode.evidence)))
    assert None in evidence
    assert "" not in evidence


def test_postcode_progress_reports_rows_against_an_estimated_total(session, data_dir):
    reports = []
    load_postcodes(session, data_dir / POSTCODES_FILE, lambda *report: reports.append(report))

    rows = len(OUTCODES) * POSTCODES_PER_OUTCODE
    assert reports[-1] == ("postcode: loaded", rows, rows)
    assert all(total is None or total > 0 for _, _, total in reports)


def test_a_missing_postcode_file_loads_nothing_without_error(session, tmp_path):
    reports = []

    rows = load_postcodes(session, tmp_path / POSTCODES_FILE, lambda *r: reports.append(r))

    assert rows == 0
    assert _count(session, Postcode) == 0
    assert len(reports) == 1 and "not found" in reports[0][0]


def test_a_rolled_back_load_leaves_nothing_behind(session, data_dir):
    _load_all(session, data_dir)
    session.rollback()

    for table in [*TABLES.values(), Postcode, DataLoad, local_authority_police_force]:
        assert _count(session, table) == 0
    assert load_geography(session, data_dir)["local_authority"] == len(LA_CODES)


def test_the_real_data_files_load_with_the_documented_counts(session):
    counts = load_geography(session, DATA)
    session.commit()

    assert counts["local_authority"] == 397
    asc = select(func.count()).where(LocalAuthority.asc_responsible.is_(True))
    assert session.scalar(asc) == 153
    assert counts["police_force_area"] == 43
    assert counts["postcode_district"] == 3077
    assert counts["postcode_sector"] == 12269
    assert counts["place"] == 29259
    assert _count(session, local_authority_police_force) == counts["local_authority_police_force"]
