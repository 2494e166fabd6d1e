"""Shared fixtures: the bundled corpus, and throw-away copies of it to break."""

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def corpus():
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


def tree_digest(folder: Path) -> dict:
    """{relative path: sha256} for every file under folder, to prove nothing wrote there."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}
