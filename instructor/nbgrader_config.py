"""nbgrader settings for the instructor versions in source/<notebook>/<notebook>.ipynb.

Each notebook is its own assignment, named like its folder (e.g. 04_the_2019_crisis), so
that a class can be given any subset, each scored out of its own points. Run nbgrader from this
folder (instructor/); see GUIDE.md, section 6. Student versions for the repository are generated
with ``python instructor/make_student_versions.py`` from the repository root.
"""

import sys
from pathlib import Path

from jupyter_core.paths import jupyter_config_path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # grading_hooks.py, beside this file

c = get_config()  # noqa: F821 (provided by nbgrader)

c.CourseDirectory.course_id = "regional_integration_claims"
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "release"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"

# The exchange is the shared folder through which a JupyterHub hands out and collects work. On a hub,
# its administrator sets Exchange.root in an nbgrader_config.py of a Jupyter config folder (e.g.
# /etc/jupyter), and that one is used. Without one, JupyterLab's nbgrader tabs would look for
# /usr/local/share/nbgrader/exchange and log "[C] Unwritable directory ... exchange" again and again,
# so the course gets a folder of its own here.
if not any((Path(folder) / "nbgrader_config.py").is_file() for folder in jupyter_config_path()):
    c.Exchange.root = str(Path(__file__).resolve().parent / "exchange")
    Path(c.Exchange.root).mkdir(exist_ok=True)

# Work downloaded from an LMS: put the download (the zip, or its files and folders) in
# downloaded/<assignment>/archive/ and run `python collect.py <assignment>`, which reads Canvas,
# Moodle and Blackboard names, keeps the latest attempt and says what it skipped (GUIDE.md, section 6).
# `nbgrader zip_collect <assignment>` also works, for plain names "<student>_<notebook>.ipynb"
# (e.g. "lopez_maria_04_the_2019_crisis.ipynb": the student id is everything before the notebook's name).
c.ZipCollectApp.strict = True
c.FileNameCollectorPlugin.named_regexp = r".*/(?P<student_id>[^/]+?)_(?P<file_id>\d\d_[a-z0-9_]+\.ipynb)$"

# Student versions keep the "answer = None" line above each solution region and
# nothing in its place, so that "Restart Kernel and Run All" never stops at an exercise.
c.ClearSolutions.code_stub = {"python": ""}
c.ClearSolutions.text_stub = "*Write your answer here.*"

# Autograde: flag answer cells that touch the grading machinery (flags.csv), put the coding a notebook
# carries (exercise 2.8) back beside it before it runs, and give a self-check's point only if the check
# printed "✓ Correct". nbgrader's own steps are kept, in their default order.
# The steps are named as strings, so the formgrader can read this configuration.
c.Autograde.sanitize_preprocessors = [
    "grading_hooks.FlagTampering", "grading_hooks.CarryCoding",
    "nbgrader.preprocessors.ClearOutput", "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec", "nbgrader.preprocessors.OverwriteCells",
    "nbgrader.preprocessors.CheckCellMetadata"]
c.Autograde.autograde_preprocessors = [
    "grading_hooks.RestoreCoding", "nbgrader.preprocessors.Execute", "grading_hooks.VerdictMustAgree",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor", "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades", "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata"]

# Feedback shows each self-check's verdict, never a traceback (grading_hooks.ShowVerdictsOnly).
c.GenerateFeedback.preprocessors = ["nbgrader.preprocessors.GetGrades", "grading_hooks.ShowVerdictsOnly",
                                    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor"]
