"""The notebooks: they run top to bottom in fresh kernels, their self-checks work, no solution leaks.

Each notebook runs in a fresh kernel in an empty scratch folder, so it cannot depend on files
left by another notebook: they run in any order. They run on the bundled corpus (conftest unsets
CLAIMS_CORPUS), once per session (conftest's ``student_run``; tests/test_site.py builds the reading
edition from the same runs); tests/test_answer_key.py runs the instructor versions on a corpus with
more interviews. The runs are marked `notebooks` (python -m pytest -m notebooks).
"""

import ast
import json
import re
import subprocess
import sys

import nbformat
import pytest
from conftest import ROOT


STUDENT = sorted((ROOT / "notebooks").glob("*.ipynb"))
INSTRUCTOR = sorted((ROOT / "instructor" / "source").glob("*/*.ipynb"))
CHECK_CALL = re.compile(r"""check\(\s*["'](?P<id>[\w]+)["']\s*,\s*(?P<var>\w+)\s*\)""")


def cell_text(cell) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")


def check_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code" and CHECK_CALL.search(c.source)]


def test_there_is_a_numbered_sequence_of_at_least_seven_notebooks():
    names = [p.name for p in STUDENT]
    assert len(names) >= 7 and names[0] == "00_start_here.ipynb"
    assert [n[:2] for n in names] == [f"{i:02d}" for i in range(len(names))]
    assert [p.name for p in INSTRUCTOR] == names


@pytest.mark.notebooks
@pytest.mark.parametrize("path", STUDENT, ids=lambda p: p.stem)
def test_student_notebook_runs_top_to_bottom_without_answers(path, student_run):
    nb, _, wrote_into_corpus = student_run(path)
    checks = check_cells(nb)
    assert checks, "every notebook has at least one self-check"
    for cell in checks:
        assert "No answer yet" in cell_text(cell), cell.source
    assert not wrote_into_corpus, "a notebook wrote into corpus/"
    # plotly.js reaches the browser once, with the first cell, in a notebook that imports explore; never otherwise
    # (tests/test_widgets.py checks that it is the import that sends it, before any explorer)
    first = ast.parse(next(c.source for c in nb.cells if c.cell_type == "code"))
    imports_explore = any(isinstance(node, ast.ImportFrom) and node.module == "helpers" and "explore" in [a.name for a in node.names]
                          for node in ast.walk(first))
    state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    carrying = [k for k, m in state.items() if "* plotly.js v" in str(m.get("state", {}).get("_esm", ""))[:200]]
    assert len(carrying) == (1 if imports_explore else 0), path.name


def test_notebooks_are_committed_without_outputs():
    for path in STUDENT + INSTRUCTOR:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None, path.name


@pytest.mark.heavy  # nbgrader generates every assignment
def test_student_versions_are_generated_and_hold_no_solutions(tmp_path):
    proc = subprocess.run([sys.executable, str(ROOT / "instructor" / "make_student_versions.py"), "--check"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, "notebooks/ is out of date; run python instructor/make_student_versions.py\n" + proc.stdout + proc.stderr
    for teacher in INSTRUCTOR:
        student = (ROOT / "notebooks" / teacher.name).read_text(encoding="utf-8")
        for marker in ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS", "Model answer", "Rubric ("):
            assert marker not in student, (teacher.name, marker)
        for cell in nbformat.read(teacher, as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type == "code" and meta.get("solution"):
                solution = cell.source.split("### BEGIN SOLUTION", 1)[1].split("### END SOLUTION", 1)[0].strip()
                assert json.dumps(solution)[1:-1] not in student, (teacher.name, solution)
            if cell.cell_type == "markdown" and meta.get("solution"):
                assert json.dumps(cell.source[:80])[1:-1] not in student, teacher.name
            if cell.cell_type == "code" and meta.get("grade") and "### BEGIN HIDDEN TESTS" in cell.source:
                hidden = cell.source.split("### BEGIN HIDDEN TESTS", 1)[1].split("### END HIDDEN TESTS", 1)[0].strip()
                assert json.dumps(hidden)[1:-1] not in student, (teacher.name, hidden)


def test_each_notebook_has_goals_time_exercises_summary_and_reading():
    for path in INSTRUCTOR:
        nb = nbformat.read(path, as_version=4)
        head = nb.cells[0].source
        assert head.startswith("# ") and "Learning goals" in head and "Time" in head and "Prerequisites" in head, path.name
        text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        n_exercises = len(set(re.findall(r"\*\*Exercise (\d+\.\d+)", text)))
        assert 3 <= n_exercises <= 8, (path.name, n_exercises)
        assert re.search(r"\((remember|understand|apply|analyse|evaluate|create)", text)
        assert "## Summary" in text and "## Further reading" in text, path.name
        graded = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
        assert graded and all(c.metadata["nbgrader"].get("points", 0) > 0 for c in graded)
        open_answers = [c for c in nb.cells if c.cell_type == "markdown" and c.metadata.get("nbgrader", {}).get("solution")]
        assert all(re.search(r"Rubric \(\d+ points?\)", c.source) for c in open_answers), path.name


def test_notebooks_leave_the_repository_clean():
    stray = [p for p in (ROOT / "notebooks").iterdir() if p.suffix != ".ipynb" and p.name != "glossary.md"]
    assert not stray, stray
