"""nbgrader settings for the instructor versions in source/<notebook>/<notebook>.ipynb.

Each notebook is its own assignment, named like its folder (e.g. 04_the_2019_crisis), so
that a class can be given any subset, each scored out of its own points. Run nbgrader from this
folder (instructor/); see GUIDE.md, section 6. Student versions for the repository are generated
with ``python instructor/make_student_versions.py`` from the repository root.
"""

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import GetGrades, NbGraderPreprocessor

c = get_config()  # noqa: F821 (provided by nbgrader)

c.CourseDirectory.course_id = "regional_integration_claims"
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "release"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"

# Work downloaded from an LMS: put the files (or the LMS's zip of them) in
# downloaded/<assignment>/archive/ and run `nbgrader zip_collect <assignment>`. Each file name
# must end in "<student>_<notebook>.ipynb", e.g. "lopez_maria_04_the_2019_crisis.ipynb": the
# student id is everything before the notebook's name. If your LMS adds numbers, a "late" marker or
# a resubmission suffix to the names, change the pattern (and check submitted/ after collecting).
c.ZipCollectApp.strict = True
c.FileNameCollectorPlugin.named_regexp = r".*/(?P<student_id>[^/]+?)_(?P<file_id>\d\d_[a-z_]+\.ipynb)$"

# Student versions keep the "answer = None" line above each solution region and
# nothing in its place, so that "Restart Kernel and Run All" never stops at an exercise.
c.ClearSolutions.code_stub = {"python": ""}
c.ClearSolutions.text_stub = "*Write your answer here.*"


class ShowVerdictsOnly(NbGraderPreprocessor):
    """Feedback for students: an autograded cell shows the self-check's words, never a traceback.

    The test cells hold no hidden tests: ``check(...)`` prints the verdict and, under nbgrader,
    fails the cell for a wrong answer. The feedback shows the verdict, not the AssertionError.
    """

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade"):
            kept = [o for o in cell.get("outputs", []) if o.get("output_type") != "error"]
            if len(kept) != len(cell.get("outputs", [])):
                kept.append({"output_type": "stream", "name": "stdout",
                             "text": "(This answer did not earn the point.)\n"})
            cell.outputs = kept
        return cell, resources


c.GenerateFeedback.preprocessors = [GetGrades, ShowVerdictsOnly, CSSHTMLHeaderPreprocessor]
