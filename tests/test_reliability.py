"""The agreement figures in corpus/README.md are what the coding files give, and adjudication is applied."""

import csv
import importlib.util
import re

from conftest import CORPUS, ROOT


def load_agreement():
    spec = importlib.util.spec_from_file_location("agreement", ROOT / "instructor" / "agreement.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.agreement


def test_readme_reports_the_computed_agreement():
    table = load_agreement()(CORPUS / "coding").set_index("field")
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    for field in ("stance", "frame"):
        row = re.search(rf"^\| {field} \| (\d+) [^|]*\| ([\d.]+) \| ([\d.]+) \| (\d+) \|$", readme, re.M)
        assert row, f"no {field} row in corpus/README.md"
        units, agree, alpha, disagreements = row.groups()
        assert int(units) == table.loc[field, "units"]
        assert float(agree) == table.loc[field, "agreement"]
        assert float(alpha) == table.loc[field, "alpha"]
        assert int(disagreements) == table.loc[field, "disagreements"]
        assert 0.67 <= table.loc[field, "alpha"] <= 1


def test_every_disagreement_is_adjudicated_and_applied(corpus):
    coder1 = {(r["claim_id"], r["institution_id"]): r for r in csv.DictReader(open(CORPUS / "coding" / "coder1.csv", encoding="utf-8"))}
    coder2 = {(r["claim_id"], r["institution_id"]): r for r in csv.DictReader(open(CORPUS / "coding" / "coder2.csv", encoding="utf-8"))}
    assert coder1.keys() == coder2.keys()
    decided = {(r["claim_id"], r["institution_id"], r["field"]): r for r in csv.DictReader(open(CORPUS / "coding" / "adjudication.csv", encoding="utf-8"))}
    claims = corpus.claims.fillna({"institution_id": "", "stance": ""}).set_index(["claim_id", "institution_id"])
    for key, one in coder1.items():
        for field in ("stance", "frame"):
            if one[field] != coder2[key][field]:
                row = decided[(*key, field)]
                assert {row["coder1"], row["coder2"]} == {one[field], coder2[key][field]}
                assert row["reason"].strip()
                assert claims.loc[key, field] == row["final"], (key, field)
