"""Smoke test: the synthetic-corpus generator and the benchmark code run on tiny inputs.

The real benchmarks (python tests/benchmarks.py) are not part of the default test run.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchmarks  # noqa: E402
import pytest  # noqa: E402
from synthetic import make_corpus  # noqa: E402

from helpers import load_corpus  # noqa: E402


def test_generator_builds_valid_corpora_of_the_requested_size(tmp_path, corpus):
    big = load_corpus(make_corpus(5, tmp_path / "five"))
    assert len(big.documents) == 5 and big.warnings == []
    per_doc = corpus.claims.drop_duplicates("claim_id").doc_id.value_counts()
    assert big.claims.claim_id.nunique() == 3 * per_doc["mayta_2021"] + 2 * per_doc["llorenti_2021"]
    assert len(big.turns) == 3 * 11 + 2 * 16


@pytest.mark.heavy  # starts Python processes and a kernel
def test_benchmark_code_runs_and_reports_every_measure(capsys):
    results = benchmarks.main(["--quick"])
    out = capsys.readouterr().out
    assert out.count("\n| ") >= 8 and "≤ 1.3×" in out
    assert results["time_to_explorer"]["ratio"] > 0
    assert results["latency_bundled"]["median_ms"] > 0
    assert results["notebooks"]["notebooks"] == 1 and results["notebooks"]["ratio"] > 0
    assert set(results["scaling"]) >= {1, 2, 4}
    assert set(results["quotes"]) == {10, 10_000} and all(ms > 0 for ms in results["quotes"].values())
    assert "Find or refuse a quote" in out
