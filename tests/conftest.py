"""Shared fixtures: the bundled corpus, and throw-away copies of it to break.

Tests about the bundled corpus (its two interviews, its counts, its rows) say so in their name or
docstring and load the folder ``CORPUS`` by its path. Every other test works on any corpus. So
that no test silently reads another folder, ``CLAIMS_CORPUS`` is unset for every test (a test
that wants another corpus sets it itself): ``load_corpus()``, the command line and notebook
kernels then read the bundled corpus.
"""

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"  # the bundled corpus


def pytest_addoption(parser):
    parser.addoption("--slow", action="store_true", help="also run the tests marked slow (left out by default)")


def pytest_collection_modifyitems(config, items):
    """Tests marked ``slow`` run only when asked for: ``-m slow`` (or an -m expression naming slow) or ``--slow``."""
    if config.getoption("--slow") or "slow" in (config.getoption("-m") or ""):
        return
    slow = [item for item in items if item.get_closest_marker("slow")]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if not item.get_closest_marker("slow")]


@pytest.fixture(autouse=True)
def _bundled_corpus_is_the_default(monkeypatch):
    """Pin the default corpus of every test (and of the commands and kernels it starts) to corpus/."""
    monkeypatch.delenv("CLAIMS_CORPUS", raising=False)


@pytest.fixture(scope="session")
def corpus():
    """The bundled corpus, loaded from CORPUS by its path (never from CLAIMS_CORPUS)."""
    from helpers import load_corpus

    return load_corpus(CORPUS)


@pytest.fixture
def corpus_copy(tmp_path):
    """A fresh copy of the bundled corpus that a test may edit."""
    dest = tmp_path / "corpus"
    shutil.copytree(CORPUS, dest)
    return dest


def run_cli(*args, cwd=ROOT):
    """Run ``python -m helpers ...`` as a student would; return (exit code, stdout + stderr)."""
    proc = subprocess.run([sys.executable, "-m", "helpers", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=120)
    return proc.returncode, proc.stdout + proc.stderr


def append_rows(path: Path, rows: list[dict]) -> None:
    """Append rows to a corpus CSV under its own header (missing columns left empty), as an editor would."""
    import csv

    with open(path, newline="", encoding="utf-8") as f:
        header = next(csv.reader(f))
    with open(path, "a", newline="", encoding="utf-8") as f:
        csv.DictWriter(f, fieldnames=header, lineterminator="\n", restval="").writerows(rows)


def tree_digest(folder: Path) -> dict:
    """{relative path: sha256} for every file under folder, to prove nothing wrote there."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}
