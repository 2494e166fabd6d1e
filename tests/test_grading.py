"""The grading workflow of the instructor guide, end to end with nbgrader.

Release the assignment, hand in a student notebook with one right and one missing answer,
autograde it, and read the scores from nbgrader's gradebook.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from conftest import ROOT

pytestmark = pytest.mark.notebooks
ASSIGNMENT = "00_start_here"


def nbgrader(course: Path, *args):
    exe = Path(sys.executable).with_name("nbgrader")
    env = {**os.environ, "PATH": f"{exe.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    proc = subprocess.run([str(exe), *args, "--log-level=WARN"], cwd=course, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


def test_autograding_scores_a_submission_and_leaves_open_questions_for_manual_grading(tmp_path):
    from nbgrader.api import Gradebook

    course = tmp_path / "course"
    shutil.copytree(ROOT / "instructor" / "source", course / "source")
    shutil.copy(ROOT / "instructor" / "nbgrader_config.py", course)
    db = f"sqlite:///{course / 'gradebook.db'}"
    nbgrader(course, "generate_assignment", ASSIGNMENT, "--force", f"--CourseDirectory.db_url={db}")

    released = course / "release" / ASSIGNMENT / "00_start_here.ipynb"
    student = nbformat.read(released, as_version=4)
    for cell in student.cells:  # 0.1 right, 0.2 left unanswered, 0.3 (open) answered in words
        if cell.cell_type == "code" and cell.source.startswith("answer_0_1 = None"):
            cell.source = cell.source.replace("answer_0_1 = None", "answer_0_1 = 2")
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "00_q3_answer":
            cell.source = "Who owns Kawsachun News? Why did Venezuela's foreign ministry republish the interview?"
    handed_in = course / "submitted" / "student_a" / ASSIGNMENT
    handed_in.mkdir(parents=True)
    nbformat.write(student, handed_in / "00_start_here.ipynb")

    nbgrader(course, "autograde", ASSIGNMENT, "--create", f"--CourseDirectory.db_url={db}")

    with Gradebook(db) as gb:
        notebook = gb.find_submission_notebook("00_start_here", ASSIGNMENT, "student_a")
        scores = {g.name: (g.score, g.max_score, g.needs_manual_grade) for g in notebook.grades}
    assert scores["00_documents_tests"][:2] == (1, 1)
    assert scores["00_llorenti_alba_tests"][:2] == (0, 1)
    assert scores["00_q3_answer"][1:] == (2, True)  # the open question waits for the formgrader
