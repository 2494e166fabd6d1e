"""The grading workflow of the instructor guide, end to end with nbgrader, as a class would use it.

Two notebooks are released as two separate assignments. Four students hand them in through an
LMS: one with the solutions, one with fair variants typed the way students type ("(B)", " 11 ",
a list in another order), one with wrong answers and one who left everything blank. The
instructor then collects the LMS download with zip_collect, autogrades, generates feedback and
exports the grades. The test checks the scores, that each
assignment is scored out of its own points, and that no feedback file shows a hidden test or a
model answer.
"""

import csv
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT
from helpers.nbrun import run_notebook

pytestmark = pytest.mark.notebooks
ASSIGNMENTS = ["00_start_here", "05_the_alternatives"]
ANSWER_LINE = re.compile(r"^(answer_\d+_\d+) = None.*$", re.M)


def nbgrader(course: Path, *args):
    exe = Path(sys.executable).with_name("nbgrader")
    env = {**os.environ, "PATH": f"{exe.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("CLAIMS_CORPUS", None)
    proc = subprocess.run([str(exe), *args, f"--CourseDirectory.db_url=sqlite:///{course / 'gradebook.db'}"],
                          cwd=course, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout + proc.stderr


def solutions(name: str, workdir: Path) -> dict:
    """Run the instructor version and read the value of every answer variable."""
    nb = nbformat.read(ROOT / "instructor" / "source" / name / f"{name}.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(
        "import json\nprint('VALUES' + json.dumps({k: (v.tolist() if hasattr(v, 'tolist') else v) "
        "for k, v in globals().items() if k.startswith('answer_')}, default=str))"))
    run_notebook(nb, workdir)
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.get("output_type") == "stream")
    return json.loads(text.split("VALUES", 1)[1])


def fair(value):
    """How a student might type a right answer."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return f" {int(value)} "
    if isinstance(value, str):
        return f"({value.upper()})" if len(value) == 1 else f"{value.title()}."
    return tuple(reversed(value))


def wrong(value):
    if isinstance(value, (int, float)):
        return int(value) + 3
    if isinstance(value, str):
        return "a" if value != "a" else "b"
    return list(value)[:1]


def hand_in(course: Path, name: str, student: str, answers: dict | None, essay: str):
    """Copy the released notebook, type the answers into it, and put it where an LMS download
    lands: downloaded/<assignment>/archive/, named "<student>_<notebook>.ipynb", one of them zipped."""
    nb = nbformat.read(course / "release" / name / f"{name}.ipynb", as_version=4)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and answers is not None:
            cell.source = ANSWER_LINE.sub(lambda m: f"{m[1]} = {answers[m[1]]!r}", cell.source)
        if cell.cell_type == "markdown" and meta.get("solution") and essay:
            cell.source = essay
    archive = course / "downloaded" / name / "archive"
    archive.mkdir(parents=True, exist_ok=True)
    filename = f"{student}_{name}.ipynb"
    if student == "fair":
        with zipfile.ZipFile(archive / f"{student}.zip", "w") as zipped:
            zipped.writestr(filename, nbformat.writes(nb))
    else:
        nbformat.write(nb, archive / filename)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = tmp_path_factory.mktemp("course")
    shutil.copytree(ROOT / "instructor" / "source", course / "source")
    shutil.copy(ROOT / "instructor" / "nbgrader_config.py", course)
    for name in ASSIGNMENTS:
        nbgrader(course, "generate_assignment", name, "--force")
    right = {}
    for name in ASSIGNMENTS:
        right[name] = solutions(name, tmp_path_factory.mktemp(name))
        students = {"right": right[name], "fair": {k: fair(v) for k, v in right[name].items()},
                    "wrong": {k: wrong(v) for k, v in right[name].items()}, "blank": None}
        for student, answers in students.items():
            essay = "" if student == "blank" else "The OAS is said to be biased (Mayta)."
            hand_in(course, name, student, answers, essay)
    for name in ASSIGNMENTS:
        nbgrader(course, "zip_collect", name)
    logs = {name: nbgrader(course, "autograde", name, "--create") for name in ASSIGNMENTS}
    for name in ASSIGNMENTS:
        nbgrader(course, "generate_feedback", name)
    nbgrader(course, "export", "--to", str(course / "grades.csv"))
    return course, right, logs


def autograded_items(name):
    nb = nbformat.read(ROOT / "instructor" / "source" / name / f"{name}.ipynb", as_version=4)
    graded = [c.metadata["nbgrader"] for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    auto = [m for m in graded if m["grade_id"].endswith("_tests")]
    return len(auto), sum(m["points"] for m in graded)


def test_right_and_fairly_typed_answers_score_and_wrong_or_blank_do_not(course):
    from nbgrader.api import Gradebook

    course, right, _ = course
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for name in ASSIGNMENTS:
            n_auto, _ = autograded_items(name)
            assert n_auto >= 3
            for student, expected in (("right", n_auto), ("fair", n_auto), ("wrong", 0), ("blank", 0)):
                nb = gb.find_submission_notebook(name, name, student)
                auto = sum(g.auto_score or 0 for g in nb.grades if g.name.endswith("_tests"))
                assert auto == expected, (name, student, auto, expected)
                opened = [g for g in nb.grades if not g.name.endswith("_tests")]
                assert opened and all(g.needs_manual_grade or student == "blank" for g in opened), (name, student)


def test_each_assignment_is_scored_out_of_its_own_points(course):
    course, _, _ = course
    with open(course / "grades.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert {(r["assignment"], r["student_id"]) for r in rows} == {
        (a, s) for a in ASSIGNMENTS for s in ("right", "fair", "wrong", "blank")}
    for name in ASSIGNMENTS:
        _, total = autograded_items(name)
        maxima = {float(r["max_score"]) for r in rows if r["assignment"] == name}
        assert maxima == {float(total)}, (name, maxima, total)
    totals = {autograded_items(name)[1] for name in ASSIGNMENTS}
    assert len(totals) == 2, "the two assignments have different totals, each its own"


def test_feedback_shows_no_hidden_test_and_no_model_answer(course):
    course, right, _ = course
    pages = sorted((course / "feedback").rglob("*.html"))
    assert len(pages) == len(ASSIGNMENTS) * 4
    for page in pages:
        html = re.sub(r"<style.*?</style>", "", page.read_text(encoding="utf-8"), flags=re.S)
        for leak in ("HIDDEN TESTS", "is_correct", "assert ", "Model answer", "Rubric (", "BEGIN SOLUTION",
                     "Traceback", "AssertionError"):
            assert leak not in html, (page.relative_to(course), leak)
        student = page.parts[-3]
        if student == "wrong":
            assert "Not yet" in html and "✓ Correct" not in html
        if student == "fair":
            assert "✓ Correct" in html and "Not yet" not in html


def test_autograde_raises_no_checksum_warnings(course):
    """Test cells are the same in the release and in the source, so nbgrader has nothing to restore."""
    _, _, logs = course
    for name, log in logs.items():
        assert "checksum" not in log.lower(), log


def test_grading_sheets_are_current_and_hold_every_rubric_and_samples():
    proc = subprocess.run([sys.executable, str(ROOT / "instructor" / "make_grading_sheets.py"), "--check"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, "run python instructor/make_grading_sheets.py\n" + proc.stdout + proc.stderr
    for source in sorted((ROOT / "instructor" / "source").glob("*/*.ipynb")):
        text = (ROOT / "instructor" / "grading_sheets" / f"{source.stem}.md").read_text(encoding="utf-8")
        for cell in nbformat.read(source, as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type == "markdown" and meta.get("solution"):
                section = text.split(f"Formgrader cell: `{meta['grade_id']}`", 1)[1].split("\n---\n", 1)[0]
                rubric = cell.source.split("**Rubric", 1)[1].strip()
                assert rubric.splitlines()[-1] in section, meta["grade_id"]
                assert 2 <= section.count("**Sample ") <= 3, meta["grade_id"]


def test_the_guide_states_each_assignments_exercises_and_points_as_the_notebooks_have_them():
    guide = (ROOT / "instructor" / "GUIDE.md").read_text(encoding="utf-8")
    for n, source in enumerate(sorted((ROOT / "instructor" / "source").glob("*/*.ipynb"))):
        row = re.search(rf"^\| {n} \| .* \| (\d+) / (\d+) \| (\d+) \|$", guide, re.M)
        assert row, f"no row for notebook {n} in GUIDE.md section 2"
        cells = nbformat.read(source, as_version=4).cells
        graded = [c.metadata["nbgrader"] for c in cells if c.metadata.get("nbgrader", {}).get("grade")]
        auto = [m for m in graded if m["grade_id"].endswith("_tests")]
        assert [int(x) for x in row.groups()] == [len(auto), len(graded) - len(auto), sum(m["points"] for m in graded)]
        text = "\n".join(c.source for c in cells if c.cell_type == "markdown")
        for number, label in re.findall(r"\*\*Exercise (\d+\.\d+) \(([a-z]+)", text):
            in_guide = re.findall(rf"\b{re.escape(number)} \((remember|understand|apply|analyse|evaluate|create)\)", guide)
            assert in_guide == [label], f"exercise {number}: the notebook says {label}, the outcomes table {in_guide}"
