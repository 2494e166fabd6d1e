"""corpus/datapackage.json: a Frictionless Data Package that standard tools accept, and that agrees with the codebook."""

import csv
import json

import frictionless  # requirements-dev.txt only; the student environment never needs it
import pytest
import yaml

from conftest import CORPUS
from helpers.schema_rules import CODEBOOK_ENUMS
from helpers.validate import load_schema


def descriptor():
    return json.loads((CORPUS / "datapackage.json").read_text(encoding="utf-8"))


def test_frictionless_validates_the_bundled_package():
    report = frictionless.validate(str(CORPUS / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])[:10]
    assert {task.name for task in report.tasks} == {"speakers", "institutions", "turns", "mentions", "claims", "events"}


@pytest.mark.parametrize("table, row, field, value, error", [
    ("claims", 0, "frame", "normative", "constraint-error"),        # enum from the codebook
    ("turns", 1, "start", "ten", "type-error"),                     # integer
    ("events", 0, "date", "2021-02-30", "type-error"),              # a real date
    ("mentions", 1, "mention_id", "llorenti_m001", "primary-key"),  # unique id
    ("claims", 0, "turn_id", "mayta_t99", "foreign-key"),           # turn must exist
    ("turns", 0, "speaker_id", "", "constraint-error"),             # required
])
def test_frictionless_catches_a_fault_in_a_copy(corpus_copy, table, row, field, value, error):
    path = corpus_copy / f"{table}.csv"
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    rows[row + 1][rows[0].index(field)] = value
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    report = frictionless.validate(str(corpus_copy / "datapackage.json"))
    assert not report.valid
    found = report.flatten(["rowNumber", "fieldName", "type"])
    assert [row + 2, field, error] in found or (error in ("primary-key", "foreign-key") and any(e[2] == error for e in found)), found


def test_enums_are_the_codebook_lists():
    codebook = yaml.safe_load((CORPUS / "codebook.yaml").read_text(encoding="utf-8"))
    schemas = load_schema(CORPUS / "datapackage.json")
    for (table, field), key in CODEBOOK_ENUMS.items():
        spec = next(f for f in schemas[table]["fields"] if f["name"] == field)
        assert spec["constraints"]["enum"] == list(codebook[key]), (table, field)


def test_every_csv_column_is_described_with_keys():
    for res in descriptor()["resources"]:
        with open(CORPUS / res["path"], newline="", encoding="utf-8") as f:
            header = next(csv.reader(f))
        names = [f["name"] for f in res["schema"]["fields"]]
        assert [n for n in names if n in header] == header, res["name"]  # same order; optional fields may be absent
        assert res["schema"]["primaryKey"] == [header[0]]
        assert res["encoding"] == "utf-8"
    keys = {(r["name"], fk["fields"][0]): fk["reference"]["resource"] or r["name"]
            for r in descriptor()["resources"] for fk in r["schema"].get("foreignKeys", [])}
    assert keys[("claims", "turn_id")] == "turns" and keys[("mentions", "institution_id")] == "institutions"
    assert keys[("institutions", "parent_id")] == "institutions"


def test_the_validator_uses_the_descriptor(corpus_copy):
    """Loosen one rule in the copy's datapackage.json, and the validator follows it."""
    from helpers.validate import read_corpus

    data = descriptor()
    claims = next(r for r in data["resources"] if r["name"] == "claims")
    note = next(f for f in claims["schema"]["fields"] if f["name"] == "note")
    note.setdefault("constraints", {})["required"] = True
    (corpus_copy / "datapackage.json").write_text(json.dumps(data), encoding="utf-8")
    empty_notes = [r["claim_id"] for r in csv.DictReader(open(CORPUS / "claims.csv", encoding="utf-8")) if not r["note"].strip()]
    _, problems = read_corpus(corpus_copy)
    flagged = [p for p in problems if p.field == "note" and p.file.endswith("claims.csv")]
    assert empty_notes and len(flagged) == len(empty_notes)
