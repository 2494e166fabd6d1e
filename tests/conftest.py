"""Shared fixtures: the bundled corpus, throw-away copies of it to break, and notebook runs made once.

Tests about the bundled corpus (its two interviews, its counts, its rows) say so in their name or
docstring and load the folder ``CORPUS`` by its path. Every other test works on any corpus. So
that no test silently reads another folder, ``CLAIMS_CORPUS`` is unset for every test (a test
that wants another corpus sets it itself): ``load_corpus()``, the command line and notebook
kernels then read the bundled corpus.

Markers by cost: a test marked ``browser`` drives Chromium, one marked ``notebooks`` runs notebooks
in kernels; both are also ``heavy``, like the tests that start other programs (nbgrader, pip,
repo2docker). ``python -m pytest -m "not heavy"`` is the fast tier; the full run runs them all. The full run is spread over
the cores by pytest-xdist (``-n auto`` in pyproject.toml): the tests of one file stay on one
worker, and the files that share a notebook run (SHARED_RUNS) stay together.
"""

import contextlib
import copy
import hashlib
import io
import shutil
import subprocess
import sys
import time
import traceback
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"  # the bundled corpus
HEAVY_MARKS = ("browser", "notebooks")
# Test files that one xdist worker runs one after the other: those sharing a session fixture's notebook
# runs, and those driving the worker's JupyterLab (the ``lab`` fixture) in Chromium: one server for them
# all, and never two JupyterLabs with Chromium at once (they starve each other on two cores).
SHARED_RUNS = {"test_notebooks": "student_notebooks", "test_site": "student_notebooks",
               "test_browser": "jupyterlab", "test_coder_browser": "jupyterlab",
               "test_access_browser": "jupyterlab", "test_handin_browser": "jupyterlab"}
# The groups that take longest, handed out first, so that the short files fill in at the end and both workers
# finish together. Seconds in a full run on 2026-12-07 (second measure): jupyterlab 171, student_notebooks 119,
# test_jupyterhub 79, test_grading 76, test_answer_key 45. The order is not by those seconds: it was kept because
# with it the two workers' tests added up to 290 s and 280 s of a 300 s run. The other files follow, those with the
# most tests first.
LONGEST_FIRST = ("student_notebooks", "test_grading", "jupyterlab", "test_jupyterhub", "test_answer_key")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Browser and notebook tests are also heavy (before -m selects). Tests marked ``slow`` run only when
    asked for: ``-m slow`` (or an -m expression naming slow) or ``--slow``."""
    for item in items:
        if any(item.get_closest_marker(name) for name in HEAVY_MARKS):
            item.add_marker(pytest.mark.heavy)
    if config.getoption("--slow") or "slow" in (config.getoption("-m") or ""):
        return
    slow = [item for item in items if item.get_closest_marker("slow")]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if not item.get_closest_marker("slow")]


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """Like ``--dist loadfile`` (a file's tests on one worker, for its module fixtures), with the files of
    SHARED_RUNS sent to one worker together and the groups of LONGEST_FIRST handed out first. (``--dist
    loadgroup`` would group with xdist_group marks, but pytest-xdist 3.8 cannot rename the tests of pytest 9.)"""
    from xdist.scheduler import LoadScopeScheduling

    class ByFile(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            stem = Path(nodeid.split("::", 1)[0]).stem
            return SHARED_RUNS.get(stem, stem)

        def _assign_work_unit(self, node):
            for scope in reversed(LONGEST_FIRST):  # the queue is filled by now: the longest groups to the front
                if scope in self.workqueue:
                    self.workqueue.move_to_end(scope, last=False)
            super()._assign_work_unit(node)

    return ByFile(config, log)


def pytest_addoption(parser):
    parser.addoption("--slow", action="store_true", help="also run the tests marked slow (left out by default)")


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


@pytest.fixture(scope="session")
def _lab_server(tmp_path_factory):
    """This worker's JupyterLab (tests/harness.py), serving a scratch folder; (url, token, folder, home)."""
    from harness import NO_NEWS, fresh_module_copy, jupyter_lab

    home = tmp_path_factory.mktemp("lab")
    root = home / "module"
    fresh_module_copy(root)
    with jupyter_lab(home, f"--ServerApp.root_dir={root}", page_config=NO_NEWS) as (base, token):
        yield base, token, root, home


@pytest.fixture
def lab(_lab_server):
    """(url, token, folder) of a real JupyterLab on 127.0.0.1 serving a scratch copy of notebooks/ and corpus/.

    One server per test worker; each test gets it as new: afterwards its kernels are shut down, the
    workspace it saved (the tabs it opened) is deleted and the folder is copied afresh."""
    from harness import api, fresh_module_copy

    base, token, root, home = _lab_server
    yield base, token, root
    for session in api(base, token, "GET", "/sessions"):
        api(base, token, "DELETE", f"/sessions/{session['id']}")
    for kernel in api(base, token, "GET", "/kernels"):
        api(base, token, "DELETE", f"/kernels/{kernel['id']}")
    shutil.rmtree(home / "workspaces", ignore_errors=True)
    fresh_module_copy(root)


def run_cli(*args, cwd=ROOT):
    """Run ``python -m helpers ...`` as a student would, in a new process; return (exit code, stdout + stderr)."""
    proc = subprocess.run([sys.executable, "-m", "helpers", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=120)
    return proc.returncode, proc.stdout + proc.stderr


def cli(*args, cwd=ROOT):
    """Run ``python -m helpers ...`` in this process (the ``main`` the command calls), in the folder ``cwd``;
    return (exit code, stdout + stderr), like ``run_cli``.

    Where a new process proves nothing more, this answers in milliseconds instead of a second.
    An exception that would end the command with a traceback comes back as that traceback's text, code 1.
    """
    from helpers.__main__ import main

    out = io.StringIO()
    with contextlib.chdir(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            code = main([str(a) for a in args])
        except SystemExit as stop:  # argparse's usage errors
            code = stop.code if isinstance(stop.code, int) else 1
        except Exception:  # noqa: BLE001  (shown as the command line would show it)
            traceback.print_exc()
            code = 1
    return code, out.getvalue()


@pytest.fixture(scope="session")
def student_run(tmp_path_factory):
    """``run(path)``: the student notebook at path, run once per session in a fresh kernel in an empty folder.

    Returns (a copy of the executed notebook, seconds the run took, whether corpus/ changed during it).
    tests/test_notebooks.py checks the runs and tests/test_site.py builds the reading edition from them.
    """
    from helpers.nbrun import run_notebook
    import nbformat

    runs = {}

    def run(path: Path):
        if path not in runs:
            before, began = tree_digest(CORPUS), time.perf_counter()
            nb = run_notebook(nbformat.read(path, as_version=4), tmp_path_factory.mktemp(path.stem))
            runs[path] = nb, time.perf_counter() - began, tree_digest(CORPUS) != before
        nb, took, wrote = runs[path]
        return copy.deepcopy(nb), took, wrote

    return run


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
