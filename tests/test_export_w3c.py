"""The Web Annotation export passes the W3C Web Annotation test suite's MUST checks.

The suite's JSON Schemas are vendored in tests/w3c-web-annotation-tests/ (with their licence; see its
README). Every assertion listed in annotationMusts.test is checked on every annotation on its own,
collectionMusts.test on the collection and pageMusts.test on its page, with jsonschema (draft 4) and
format checking on, as the suite's own runner does: an id must be a URI (absolute), not "#mayta_c01".
"""

import functools
import json
from pathlib import Path

import jsonschema
import pytest
from conftest import CORPUS, run_cli
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from helpers.export import claims_from_web_annotation, to_web_annotation

SUITE = Path(__file__).parent / "w3c-web-annotation-tests"
FORMATS = jsonschema.Draft4Validator.FORMAT_CHECKER


def _registry() -> Registry:
    """The suite's shared definitions (id.json, bodyTarget.json ...), found by the ids their $refs use."""
    resources = []
    for path in sorted((SUITE / "definitions").glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((schema["id"], Resource.from_contents(schema, default_specification=DRAFT4)))
    return Registry().with_resources(resources)


REGISTRY = _registry()


def musts(test_file: str) -> list[tuple[str, dict]]:
    """(name, schema) of every assertion a *Musts.test file lists."""
    listed = json.loads((SUITE / test_file).read_text(encoding="utf-8"))["assertions"]
    out = []
    for rel in listed:
        schema = json.loads((SUITE / rel).read_text(encoding="utf-8"))
        assert schema["assertionType"] == "must" and schema["expectedResult"] == "valid", rel
        out.append((Path(rel).stem, schema))
    return out


@functools.cache
def validators(test_file: str) -> list[tuple[str, str, jsonschema.Draft4Validator]]:
    return [(name, schema.get("errorMessage", ""),
             jsonschema.Draft4Validator(schema, registry=REGISTRY, format_checker=FORMATS))
            for name, schema in musts(test_file)]


def failures(test_file: str, instance: dict) -> list[str]:
    """The MUST assertions of test_file that instance fails, with the suite's error message."""
    return [f"{name}: {message}" for name, message, v in validators(test_file) if not v.is_valid(instance)]


ANNOTATION_MUSTS = "annotations/annotationMusts.test"
COLLECTION_MUSTS = "collections/collectionMusts.test"
PAGE_MUSTS = "collections/pages/pageMusts.test"


def test_the_suite_is_complete_and_its_uri_check_is_live():
    assert len(musts(ANNOTATION_MUSTS)) == 54 and len(musts(COLLECTION_MUSTS)) == 10 and len(musts(PAGE_MUSTS)) == 15
    assert (SUITE / "license.md").read_text(encoding="utf-8").strip()
    # the faults the export had: a relative id, no collection id, no page id, no @context on an annotation
    relative = {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "#mayta_c01", "type": "Annotation",
                "target": "http://example.org/page1"}
    assert any(f.startswith("3.1-annotationIdValidated") for f in failures(ANNOTATION_MUSTS, relative))
    no_context = {k: v for k, v in relative.items() if k != "@context"} | {"id": "urn:uuid:8e3d63e8-2c7a-5d3f-9a53-0d1b2f7a6c11"}
    assert [f.split(":")[0] for f in failures(ANNOTATION_MUSTS, no_context)] == ["3.1-annotationContextValidated"]
    assert any(f.startswith("5.1-collectionIdValidated") for f in failures(
        COLLECTION_MUSTS, {"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection"}))


@pytest.mark.heavy  # each of about 160 annotations against the 54 MUST schemas: several seconds
@pytest.mark.parametrize("base", [None, "https://example.org/course/claims/"])
def test_every_must_check_passes_on_the_export(corpus, base):
    data = to_web_annotation(corpus, base=base)
    items = data["first"]["items"]
    assert len(items) == corpus.claims.claim_id.nunique() + len(corpus.mentions)
    problems = {}
    for item in items:  # each annotation on its own, as a tool that receives one would read it
        failed = failures(ANNOTATION_MUSTS, item)
        if failed:
            problems[item["id"]] = failed
    assert problems == {}, f"{len(problems)} annotation(s) fail: {list(problems.items())[:2]}"
    assert failures(COLLECTION_MUSTS, data) == []
    assert failures(PAGE_MUSTS, data) == [], "the collection with its embedded page"
    assert failures(PAGE_MUSTS, {"@context": data["@context"], **data["first"]}) == [], "the page served alone"
    ids = [item["id"] for item in items] + [data["id"], data["first"]["id"]]
    assert len(set(ids)) == len(ids), "every id is unique"
    if base:
        assert items[0]["id"] == base + corpus.claims.claim_id.iloc[0] and data["id"].startswith(base)


def test_urn_uuid_ids_are_stable_and_follow_the_content(corpus, corpus_copy):
    from helpers import load_corpus

    first, again = to_web_annotation(corpus), to_web_annotation(load_corpus(CORPUS))
    assert first == again, "the same corpus gives the same ids"
    assert all(i["id"].startswith("urn:uuid:") for i in first["first"]["items"])
    # another corpus (here: one document published at another address) gets other ids
    docs = corpus_copy / "documents.yaml"
    docs.write_text(docs.read_text(encoding="utf-8").replace("https://kawsachunnews.com/", "https://kawsachun.example/", 1),
                    encoding="utf-8")
    other = to_web_annotation(load_corpus(corpus_copy))
    assert other["id"] != first["id"] and other["first"]["items"][0]["id"] != first["first"]["items"][0]["id"]


def test_the_command_line_export_round_trips_and_refuses_a_bad_base(corpus, tmp_path):
    out = tmp_path / "a.jsonld"
    code, msg = run_cli("export", CORPUS, "-o", out, "--base", "https://example.org/claims/")
    assert code == 0, msg
    data = json.loads(out.read_text(encoding="utf-8"))
    back = claims_from_web_annotation(data, corpus)
    assert sorted(back.claim_id.unique()) == sorted(corpus.claims.claim_id.unique())
    code, msg = run_cli("export", CORPUS, "-o", tmp_path / "b.jsonld", "--base", "javascript:alert(1)")
    assert code == 1 and "give the web address the annotations will be published under" in msg
    assert not (tmp_path / "b.jsonld").exists()
