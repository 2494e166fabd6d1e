"""Export the grades with the self-checked and the open points apart, one row per student and assignment.

``nbgrader export`` gives each assignment's total only. This gives, from the same gradebook, the
self-checked points (completion credit: students see the verdict before they hand in) and the
open-question points (the grade) separately, so that you can weight them in a spreadsheet or LMS.
Run it from instructor/ after grading:

    python export_grades.py                  # writes grades_split.csv
    python export_grades.py --to my.csv

Columns: student_id, assignment, submitted (yes or no), self_checked, self_checked_max, open, open_max,
total, max_score, open_still_to_grade (open answers that wait for you in the formgrader). Like
``nbgrader export``, every student has a row for every assignment (0 points if nothing was handed in). A self-checked cell is an
autograded test cell (grade id ending in "_tests"); every other graded cell is an open question.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

FIELDS = ["student_id", "assignment", "submitted", "self_checked", "self_checked_max", "open", "open_max", "total",
          "max_score", "open_still_to_grade"]


def _part(name: str) -> str:
    return "self_checked" if name.endswith("_tests") else "open"


def rows(db_url: str) -> list[dict]:
    """One dict per student and assignment (as ``nbgrader export``: 0 points if nothing was handed in)."""
    from nbgrader.api import Gradebook, MissingEntry

    out = []
    with Gradebook(db_url) as gb:
        for assignment in gb.assignments:
            maxima = {"self_checked_max": 0.0, "open_max": 0.0}
            for notebook in assignment.notebooks:
                for cell in notebook.grade_cells:
                    maxima[f"{_part(cell.name)}_max"] += cell.max_score
            for student in gb.students:
                row = {"student_id": student.id, "assignment": assignment.name, "submitted": "no", "self_checked": 0.0,
                       "open": 0.0, "open_still_to_grade": 0, **maxima}
                try:
                    submission = gb.find_submission(assignment.name, student.id)
                except MissingEntry:
                    submission = None
                if submission is not None:
                    row["submitted"] = "yes"
                    for notebook in submission.notebooks:
                        for grade in notebook.grades:
                            row[_part(grade.name)] += grade.score or 0
                            row["open_still_to_grade"] += int(_part(grade.name) == "open" and bool(grade.needs_manual_grade))
                row["total"] = row["self_checked"] + row["open"]
                row["max_score"] = row["self_checked_max"] + row["open_max"]
                out.append(row)
    return sorted(out, key=lambda r: (r["student_id"], r["assignment"]))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--to", type=Path, default=Path("grades_split.csv"), help="the CSV file to write")
    parser.add_argument("--db", default="sqlite:///gradebook.db", help="the gradebook (default: gradebook.db here)")
    args = parser.parse_args(argv)
    if args.db.startswith("sqlite:///") and not Path(args.db[len("sqlite:///"):]).exists():
        print(f"{args.db[len('sqlite:///'):]}: no gradebook here. Run this in instructor/ after `nbgrader autograde`.",
              file=sys.stderr)
        return 1
    data = rows(args.db)
    with open(args.to, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: (f"{v:g}" if isinstance(v, float) else v) for k, v in r.items()} for r in data)
    waiting = sum(int(r["open_still_to_grade"]) for r in data)
    print(f"wrote {args.to}: {len(data)} rows" + (f"; {waiting} open answer(s) still to grade" if waiting else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
