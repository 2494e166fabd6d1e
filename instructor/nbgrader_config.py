"""nbgrader settings for the instructor versions in source/<notebook>/<notebook>.ipynb (one assignment each).

Run nbgrader from this folder (instructor/). Student versions are generated with
``python instructor/make_student_versions.py`` from the repository root.
"""

c = get_config()  # noqa: F821 (provided by nbgrader)

c.CourseDirectory.course_id = "regional_integration_claims"
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "release"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"

# Student versions keep the "answer = None" line above each solution region and
# nothing in its place, so that "Restart Kernel and Run All" never stops at an exercise.
c.ClearSolutions.code_stub = {"python": ""}
c.ClearSolutions.text_stub = "*Write your answer here.*"
