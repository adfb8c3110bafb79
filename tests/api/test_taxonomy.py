"""Our categories as a published taxonomy, each saying how it maps to LGA/esd and Open Referral."""

from __future__ import annotations

import pytest

from directory.config import PROJECT_ROOT
from directory.interop.mappings import MappingError, parse_mappings
from directory.vocabulary import CATEGORY_TAXONOMY, read_vocabulary

VOCABULARY = read_vocabulary(PROJECT_ROOT / "data/categories.yaml")
CODES = [term.code for term in VOCABULARY.categories]
SCHEMES = {
    "lga_services": {"name": "LGA", "none": "No verified esd term.", "list_uri": "http://x/l",
                     "term_uri": "http://x/service/{code}"},
    "open_referral": {"name": "Open Referral", "none": "None."},
}  # fmt: skip


def _service_types(client):
    taxonomies = client.get("/api/taxonomies").json["contents"]
    found = next(t for t in taxonomies if t["name"] == CATEGORY_TAXONOMY)
    return client.get(f"/api/taxonomies/{found['id']}").json


def test_every_category_is_a_term_under_its_group(loaded_client):
    taxonomy = _service_types(loaded_client)
    terms = {t["code"]: t for t in taxonomy["taxonomy_terms"]}

    for group in VOCABULARY.groups:
        assert "parent_id" not in terms[group.code]
        for category in group.categories:
            assert terms[category.code]["parent_id"] == terms[group.code]["id"]
            assert terms[category.code]["taxonomy_id"] == taxonomy["id"]


def test_every_category_says_plainly_whether_an_lga_term_is_known(loaded_client):
    terms = {t["code"]: t for t in _service_types(loaded_client)["taxonomy_terms"]}

    for code in CODES:
        mappings = {m["taxonomy"].split(" ")[0]: m for m in terms[code]["x_waymark_mappings"]}
        lga = mappings["LGA"]
        assert lga["uri"] == "http://id.esd.org.uk/list/services"
        if lga["status"] == "mapped":
            assert lga["source"] and lga["term_uri"].startswith("http://id.esd.org.uk/service/")
        else:
            assert lga["status"] == "no verified term"
            assert "No verified esd term" in lga["note"]
            assert "term_uri" not in lga and "code" not in lga


def test_a_single_term_carries_its_mappings_too(loaded_client):
    term = _service_types(loaded_client)["taxonomy_terms"][0]
    body = loaded_client.get(f"/api/taxonomy_terms/{term['id']}").json

    assert body.get("x_waymark_mappings") == term.get("x_waymark_mappings")


def test_a_mapped_term_needs_a_source():
    entries = {code: {"lga_services": "none", "open_referral": "none"} for code in CODES}
    entries[CODES[0]]["lga_services"] = {"code": "123", "name": "A guess"}

    with pytest.raises(MappingError, match="never a guess"):
        parse_mappings({"schemes": SCHEMES, "mappings": entries}, CODES)


def test_a_sourced_term_is_published_with_its_uri():
    entries = {code: {"lga_services": "none", "open_referral": "none"} for code in CODES}
    entries[CODES[0]]["lga_services"] = {"code": "7", "name": "Label", "source": "list download"}

    mapped = parse_mappings({"schemes": SCHEMES, "mappings": entries}, CODES)[CODES[0]][0]

    assert mapped.published()["term_uri"] == "http://x/service/7"


def test_every_category_must_be_in_the_mappings_file():
    entries = {code: {"lga_services": "none", "open_referral": "none"} for code in CODES[1:]}

    with pytest.raises(MappingError, match=CODES[0]):
        parse_mappings({"schemes": SCHEMES, "mappings": entries}, CODES)
