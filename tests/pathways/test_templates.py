"""Pathway templates: shipped files load and check out; broken ones name the file and field."""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Callable
from typing import Any

import networkx as nx
import pytest
import yaml

from directory.config import PROJECT_ROOT
from directory.models.enums import Consent, RouteKind
from directory.pathways.templates import (
    SCHEMA_FILE,
    NodeType,
    PathwayTemplate,
    TemplateError,
    TimescaleBasis,
    load_all,
    load_template,
    templates_in,
)
from directory.vocabulary import vocabulary_in

DATA = PROJECT_ROOT / "data"
PATHWAYS = DATA / "pathways"
T1_FILE = "t1_something_hateful_happened.yaml"
T3_FILE = "t3_worried_about_an_adult.yaml"


@pytest.fixture(scope="module")
def codes() -> frozenset[str]:
    return frozenset(term.code for term in vocabulary_in(DATA).categories)


@pytest.fixture(scope="module")
def templates(codes: frozenset[str]) -> dict[str, PathwayTemplate]:
    return load_all(PATHWAYS, codes)


def _by_id(templates: dict[str, PathwayTemplate], template_id: str) -> PathwayTemplate:
    return next(t for t in templates.values() if t.id == template_id)


# --- the shipped templates -------------------------------------------------------------------


def test_there_are_exactly_six_templates_t1_to_t6_in_order(templates):
    assert [t.id for t in templates.values()] == ["T1", "T2", "T3", "T4", "T5", "T6"]
    assert len(set(templates)) == 6
    assert all(slug == t.slug for slug, t in templates.items())


def test_file_names_follow_the_id_and_slug(templates):
    for t in templates.values():
        assert t.file_name == f"{t.id.lower()}_{t.slug.replace('-', '_')}.yaml"


def test_cached_loader_reads_the_same_templates(templates):
    assert list(templates_in(DATA)) == list(templates)


@pytest.mark.parametrize("name", sorted(p.name for p in PATHWAYS.glob("*.yaml")))
def test_every_shipped_template_loads_and_validates(name, codes):
    template = load_template(PATHWAYS / name, codes)
    assert 6 <= len(template.nodes) <= 14
    assert template.red_flag and "999" in template.red_flag
    assert template.entries


def test_every_category_used_exists_in_categories_yaml(templates, codes):
    used = {c for t in templates.values() for c in t.category_codes}
    assert used
    assert used <= codes


def test_every_source_id_resolves(templates):
    for t in templates.values():
        listed = {s.id for s in t.sources}
        cited = {s for n in t.nodes for s in n.sources} | {s for e in t.edges for s in e.sources}
        cited |= {e.timescale.source for e in t.edges if e.timescale and e.timescale.source}
        assert cited <= listed, t.id
        assert all(t.source(s).title for s in cited)


def test_steps_number_from_one_and_start_with_the_entries(templates):
    for t in templates.values():
        steps = t.ordered_steps()
        assert [s.number for s in steps] == list(range(1, len(t.nodes) + 1)), t.id
        assert {s.node.id for s in steps} == {n.id for n in t.nodes}
        n_entries = len(t.entries)
        assert all(s.node.type is NodeType.ENTRY for s in steps[:n_entries]), t.id
        assert all(s.layer == 0 for s in steps[:n_entries])
        position = {s.node.id: s.number for s in steps}
        assert all(position[e.from_id] < position[e.to_id] for e in t.edges), t.id


def test_graph_is_a_dag_with_node_and_edge_attributes(templates):
    for t in templates.values():
        graph = t.graph()
        assert isinstance(graph, nx.DiGraph)
        assert nx.is_directed_acyclic_graph(graph)
        assert graph.number_of_nodes() == len(t.nodes)
        assert graph.number_of_edges() == len(t.edges)
        first = t.edges[0]
        assert graph.edges[first.from_id, first.to_id]["edge"] is first
        assert graph.nodes[t.nodes[0].id]["track"] == t.nodes[0].track


def test_tracks_list_main_first(templates):
    for t in templates.values():
        assert t.tracks[0] == "main"
        assert set(t.tracks) == {n.track for n in t.nodes}


def test_t1_has_a_self_referral_entry_and_a_parallel_track(templates):
    t1 = _by_id(templates, "T1")
    assert any(t1.can_go_yourself(entry.id) for entry in t1.entries)
    assert t1.access_label("you") == "You can go yourself"
    assert len(t1.tracks) >= 2
    parallel = [e for e in t1.edges if e.kind is RouteKind.PARALLEL]
    assert parallel
    assert all(t1.node(e.to_id).track != t1.node(e.from_id).track for e in parallel)


def test_t3_has_the_s42_decision_with_criteria_on_every_branch(templates):
    t3 = _by_id(templates, "T3")
    decision = t3.node("s42_decision")
    assert decision.type is NodeType.DECISION
    branches = t3.outgoing("s42_decision")
    assert len(branches) >= 2
    assert all(e.criteria for e in branches)


def test_professional_only_entries_are_labelled_as_referrals(templates):
    t2 = _by_id(templates, "T2")
    assert t2.access_label("reported") == "A professional refers"
    assert t2.access_label("you") == "You can go yourself"


def test_statutory_and_code_timescales_have_a_source(templates):
    for t in templates.values():
        for edge in t.edges:
            if edge.timescale and edge.timescale.basis in {
                TimescaleBasis.STATUTORY,
                TimescaleBasis.CODE,
            }:
                assert edge.timescale.source, (t.id, edge.from_id, edge.to_id)


def test_local_policy_timescales_never_give_a_number(templates):
    for t in templates.values():
        for edge in t.edges:
            if edge.timescale and edge.timescale.basis is TimescaleBasis.LOCAL_POLICY:
                assert not any(ch.isdigit() for ch in edge.timescale.text), edge


def test_cross_template_links_point_at_shipped_templates(templates):
    links = {n.see_pathway for t in templates.values() for n in t.nodes if n.see_pathway}
    assert links
    assert links <= set(templates)


def test_schema_enums_match_the_model_enums():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    edge = schema["$defs"]["edge"]["properties"]
    assert edge["kind"]["enum"] == [k.value for k in RouteKind]
    assert edge["consent"]["enum"] == [c.value for c in Consent]


# --- broken templates ------------------------------------------------------------------------

Mutation = Callable[[dict[str, Any]], str]


def _index(doc: dict[str, Any], node_id: str) -> int:
    return next(i for i, n in enumerate(doc["nodes"]) if n["id"] == node_id)


def _missing_title(doc: dict[str, Any]) -> str:
    del doc["title"]
    return "title"


def _missing_node_label(doc: dict[str, Any]) -> str:
    del doc["nodes"][3]["label"]
    return "nodes[3].label"


def _unknown_kind(doc: dict[str, Any]) -> str:
    doc["edges"][0]["kind"] = "teleport"
    return "edges[0].kind"


def _unknown_consent(doc: dict[str, Any]) -> str:
    doc["edges"][2]["consent"] = "maybe"
    return "edges[2].consent"


def _edge_to_missing_node(doc: dict[str, Any]) -> str:
    doc["edges"][1]["to"] = "nowhere"
    return "edges[1].to"


def _unknown_category(doc: dict[str, Any]) -> str:
    i = _index(doc, "police_101")
    doc["nodes"][i]["categories"] = ["astrology"]
    return f"nodes[{i}].categories[0]"


def _unknown_source(doc: dict[str, Any]) -> str:
    doc["edges"][0]["sources"] = ["S999"]
    return "edges[0].sources[0]"


def _unknown_timescale_source(doc: dict[str, Any]) -> str:
    i = next(i for i, e in enumerate(doc["edges"]) if "timescale" in e)
    doc["edges"][i]["timescale"]["source"] = "S998"
    return f"edges[{i}].timescale.source"


def _code_timescale_without_source(doc: dict[str, Any]) -> str:
    doc["edges"][0]["timescale"] = {"text": "within 2 days", "basis": "code"}
    return "edges[0].timescale.source"


def _cycle(doc: dict[str, Any]) -> str:
    doc["edges"].append(copy.deepcopy(doc["edges"][-1]))
    doc["edges"][-1].update({"from": "victim_support", "to": "investigation", "kind": "refer"})
    return f"edges[{len(doc['edges']) - 1}]"


def _unreachable_node(doc: dict[str, Any]) -> str:
    doc["nodes"].append(copy.deepcopy(doc["nodes"][4]))
    doc["nodes"][-1]["id"] = "orphan"
    return f"nodes[{len(doc['nodes']) - 1}].id"


def _duplicate_node_id(doc: dict[str, Any]) -> str:
    doc["nodes"][4]["id"] = doc["nodes"][3]["id"]
    return "nodes[4].id"


def _edge_into_an_entry(doc: dict[str, Any]) -> str:
    doc["edges"][0]["to"] = "peer"
    return "edges[0].to"


def _self_edge_not_self_referral(doc: dict[str, Any]) -> str:
    i = next(i for i, e in enumerate(doc["edges"]) if e["kind"] == "self")
    doc["edges"][i]["self_referral"] = False
    return f"edges[{i}].self_referral"


def _parallel_within_one_track(doc: dict[str, Any]) -> str:
    doc["edges"][0]["kind"] = "parallel"
    return "edges[0].kind"


def _decision_with_one_branch(doc: dict[str, Any]) -> str:
    doc["edges"] = [
        e for e in doc["edges"] if not (e["from"] == "s42_decision" and e["to"] == "not_met")
    ]
    return f"nodes[{_index(doc, 's42_decision')}]"


def _decision_branch_without_criteria(doc: dict[str, Any]) -> str:
    i = next(i for i, e in enumerate(doc["edges"]) if e["from"] == "s42_decision")
    del doc["edges"][i]["criteria"]
    return f"edges[{i}].criteria"


def _step_without_categories(doc: dict[str, Any]) -> str:
    i = _index(doc, "concern")
    doc["nodes"][i]["categories"] = []
    return f"nodes[{i}].categories"


BROKEN: dict[str, tuple[str, Mutation]] = {
    "missing required field": (T1_FILE, _missing_title),
    "missing node field": (T1_FILE, _missing_node_label),
    "unknown edge kind": (T1_FILE, _unknown_kind),
    "unknown consent code": (T1_FILE, _unknown_consent),
    "edge to a missing node": (T1_FILE, _edge_to_missing_node),
    "unknown category": (T1_FILE, _unknown_category),
    "unknown source id": (T1_FILE, _unknown_source),
    "unknown timescale source": (T1_FILE, _unknown_timescale_source),
    "code timescale without source": (T1_FILE, _code_timescale_without_source),
    "cycle": (T1_FILE, _cycle),
    "unreachable node": (T1_FILE, _unreachable_node),
    "duplicate node id": (T1_FILE, _duplicate_node_id),
    "edge into an entry": (T1_FILE, _edge_into_an_entry),
    "self edge that is not self-referral": (T1_FILE, _self_edge_not_self_referral),
    "parallel edge within one track": (T1_FILE, _parallel_within_one_track),
    "decision with one branch": (T3_FILE, _decision_with_one_branch),
    "decision branch without criteria": (T3_FILE, _decision_branch_without_criteria),
    "step without categories": (T3_FILE, _step_without_categories),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_template_names_the_file_and_the_field(case, tmp_path, codes):
    name, mutate = BROKEN[case]
    doc = yaml.safe_load((PATHWAYS / name).read_text(encoding="utf-8"))
    field = mutate(doc)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        load_template(path, codes)
    message = str(caught.value)
    assert message.startswith(f"{name}: "), message
    assert field in message, message


def test_bad_yaml_names_the_file_and_line(tmp_path, codes):
    lines = (PATHWAYS / T1_FILE).read_text(encoding="utf-8").splitlines()
    bad_line = next(i for i, line in enumerate(lines) if line.startswith("    label:")) + 1
    lines[bad_line - 1] = '    label: "You" or someone'
    path = tmp_path / T1_FILE
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        load_template(path, codes)
    message = str(caught.value)
    assert message.startswith(f"{T1_FILE}: line "), message
    line = int(message.split("line ", 1)[1].split(",", 1)[0])
    assert line == bad_line, message


def test_an_empty_file_is_an_error_not_a_crash(tmp_path, codes):
    path = tmp_path / "t9_empty.yaml"
    path.write_text("", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"^t9_empty\.yaml: \(top level\): "):
        load_template(path, codes)


def test_load_all_rejects_a_duplicate_slug(tmp_path, codes):
    shutil.copy(PATHWAYS / T1_FILE, tmp_path / T1_FILE)
    doc = yaml.safe_load((PATHWAYS / T3_FILE).read_text(encoding="utf-8"))
    doc["slug"] = "something-hateful-happened"
    (tmp_path / T3_FILE).write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    with pytest.raises(TemplateError, match=rf"^{T3_FILE}: slug: .*{T1_FILE}"):
        load_all(tmp_path, codes)


def test_load_all_rejects_a_link_to_a_missing_template(tmp_path, codes):
    shutil.copy(PATHWAYS / T3_FILE, tmp_path / T3_FILE)
    with pytest.raises(TemplateError, match=rf"^{T3_FILE}: nodes\[\d+\]\.see_pathway: "):
        load_all(tmp_path, codes)


def test_one_broken_file_stops_the_whole_load(tmp_path, codes):
    for path in PATHWAYS.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    doc = yaml.safe_load((tmp_path / T3_FILE).read_text(encoding="utf-8"))
    doc["edges"][0]["consent"] = "maybe"
    (tmp_path / T3_FILE).write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    with pytest.raises(TemplateError, match=rf"^{T3_FILE}: edges\[0\]\.consent: "):
        load_all(tmp_path, codes)
