"""Export the grades with the self-checked and the open points apart, one row per student and assignment.

``nbgrader export`` gives each assignment's total only. This gives, from the same gradebook, the
self-checked points (completion credit: students see the verdict before they hand in) and the
open-question points (the grade) separately, so that you can weight them in a spreadsheet or LMS.
Run it from instructor/ after grading:

    python export_grades.py                  # writes grades_split.csv
    python export_grades.py --to my.csv

Columns: student_id, assignment, self_checked, self_checked_max, open, open_max, total, max_score,
open_still_to_grade (open answers that wait for you in the formgrader). A self-checked cell is an
autograded test cell (grade id ending in "_tests"); every other graded cell is an open question.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

FIELDS = ["student_id", "assignment", "self_checked", "self_checked_max", "open", "open_max", "total", "max_score",
          "open_still_to_grade"]


def rows(db_url: str) -> list[dict]:
    """One dict per submitted (student, assignment), with the two parts' points."""
    from nbgrader.api import Gradebook

    out = []
    with Gradebook(db_url) as gb:
        for assignment in gb.assignments:
            for submission in assignment.submissions:
                row = dict.fromkeys(FIELDS[2:], 0.0)
                row.update(student_id=submission.student.id, assignment=assignment.name)
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        part = "self_checked" if grade.name.endswith("_tests") else "open"
                        row[part] += grade.score or 0
                        row[f"{part}_max"] += grade.max_score
                        row["open_still_to_grade"] += int(part == "open" and bool(grade.needs_manual_grade))
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
