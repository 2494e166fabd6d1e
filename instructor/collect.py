"""Collect one assignment's LMS download into nbgrader's submitted/ folder, and say what was skipped.

Run it from instructor/ (where nbgrader_config.py is), after putting the LMS download (the zip,
or the files and folders in it) in ``downloaded/<assignment>/archive/``:

    python collect.py 04_the_2019_crisis

It prints ``collected N of M; skipped: ...`` and exits with status 1 when anything was skipped,
so that no student's work is lost without a word. It reads the names that Canvas, Moodle and
Blackboard give to downloaded files, and plain ``<student>_<notebook>.ipynb`` names:

- Canvas: ``lopezmaria_late_4711_99123_04_the_2019_crisis-1.ipynb``: the student id is the name
  part (``lopezmaria``); "late", the user and file numbers and a resubmission suffix (``-1``) are
  dropped; of several attempts, the one with the highest suffix (then file number) is used.
- Moodle: one folder per student, ``María López_1234_assignsubmission_file_/<file>``, or the
  same prefix on the file name: the student id is the name, in plain lower case
  (``maria_lopez``); the participant number, which can change from one assignment to the next, is dropped.
- Blackboard: ``<assignment name>_<username>_attempt_2026-12-01-10-30-15_<file>``: the student id is
  the username; of several attempts, the latest is used, and its time goes into nbgrader's
  ``timestamp.txt`` (for late penalties, if you set a due date).
- By hand: ``<student>_<notebook>.ipynb`` or ``<student>/<any name>.ipynb``.

So a student has the same id in every assignment from the same LMS. A notebook is recognised by
what is inside it (the exercises of this assignment), not by its file name, so "Copy1", "(2)" or a
renamed file are collected; a notebook of another assignment is skipped, with the reason.

>>> parse("lopezmaria_late_4711_99123_04_the_2019_crisis-1.ipynb", "04_the_2019_crisis")[:2]
('lopezmaria', 'canvas')
>>> parse("Álvarez Ana_88_assignsubmission_file_/x.ipynb", "04_the_2019_crisis")[:2]
('alvarez_ana', 'moodle')
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

IGNORED = re.compile(r"(^|/)(__MACOSX|\.DS_Store|\.ipynb_checkpoints|Thumbs\.db)(/|$)")
MOODLE = re.compile(r"^(?P<name>.+?)_(?P<number>\d+)_assignsubmission_[a-z]+_(?P<rest>.*)$")
BLACKBOARD = re.compile(r"^(?P<head>.+)_attempt_(?P<time>\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d)(?:_(?P<rest>.*))?$")
CANVAS = re.compile(r"^(?P<name>[^\W_]+)(?P<late>_late)?_(?P<user>\d+)_(?P<file>\d+)_(?P<rest>.+)$", re.I)
RESUBMISSION = re.compile(r"-(\d+)(?=\.ipynb$)")


def student_id(name: str) -> str:
    """A name as an nbgrader student id: plain lower-case letters and digits joined by "_".

    >>> student_id("María  López-Ruiz")
    'maria_lopez_ruiz'
    """
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_")


def parse(relative: str, assignment: str) -> tuple[str, str, tuple, str] | None:
    """(student id, LMS style, attempt order, person) from a file's path inside the download; None if unknown.

    Attempts of one student sort in time order: the last one is the one collected. ``person`` is the
    LMS's own number for the student where it gives one (Canvas user, Moodle participant), so that
    two students with the same name are told apart.
    """
    parts = relative.replace("\\", "/").split("/")
    name = parts[-1]
    for folder in parts[:-1]:
        moodle = MOODLE.match(folder)
        if moodle:
            return student_id(moodle["name"]), "moodle", (), moodle["number"]
    moodle = MOODLE.match(name)
    if moodle:
        return student_id(moodle["name"]), "moodle", (), moodle["number"]
    blackboard = BLACKBOARD.match(name)
    if blackboard:
        head = blackboard["head"]
        # the Blackboard assignment name comes first; if it is the notebook's name, the rest is the username
        user = head[len(assignment) + 1:] if head.startswith(assignment + "_") else head.rsplit("_", 1)[-1]
        return student_id(user), "blackboard", (blackboard["time"],), ""
    canvas = CANVAS.match(name)
    if canvas:
        again = RESUBMISSION.search(canvas["rest"])
        return student_id(canvas["name"]), "canvas", (int(again[1]) if again else 0, int(canvas["file"])), canvas["user"]
    by_hand = re.match(rf"^(?P<name>.+?)[_\- ]+{re.escape(assignment)}\b", name)
    if by_hand:
        return student_id(by_hand["name"]), "by hand", (), ""
    if len(parts) > 1:  # a folder per student
        return student_id(parts[-2]), "by hand", (), ""
    return None


def exercises(notebook: dict) -> set[str]:
    """The nbgrader grade ids of a notebook's exercises."""
    return {c.get("metadata", {}).get("nbgrader", {}).get("grade_id") for c in notebook.get("cells", [])} - {None}


@dataclass
class Found:
    path: Path
    relative: str
    student: str
    style: str
    order: tuple
    person: str


def unpack(archive: Path, into: Path) -> list[str]:
    """Copy the download into a scratch folder, unzipping every zip (also zips inside zips)."""
    problems = []
    if into.exists():
        shutil.rmtree(into)
    shutil.copytree(archive, into)
    pending = sorted(into.rglob("*.zip"))
    while pending:
        zipped = pending.pop()
        target = zipped.with_suffix("")
        try:
            with zipfile.ZipFile(zipped) as z:
                for member in z.namelist():
                    if Path(member).is_absolute() or ".." in Path(member).parts:
                        raise zipfile.BadZipFile(f"unsafe path {member!r}")
                z.extractall(target)
        except zipfile.BadZipFile as error:
            problems.append(f"{zipped.relative_to(into)} (not a readable zip: {error})")
        zipped.unlink()
        pending += sorted(target.rglob("*.zip")) if target.exists() else []
    return problems


def collect(course: Path, assignment: str) -> dict:
    """Collect downloaded/<assignment>/archive/ into submitted/<student>/<assignment>/<assignment>.ipynb.

    Returns {"collected": {student: relative path}, "skipped": [reasons], "older": [relative paths],
    "files": number of notebooks found}.
    """
    archive = course / "downloaded" / assignment / "archive"
    release = course / "release" / assignment / f"{assignment}.ipynb"
    if not archive.is_dir():
        raise SystemExit(f"{archive}: no such folder. Put the LMS download (zip or files) there first.")
    if not release.is_file():
        raise SystemExit(f"{release}: no such file. Run `nbgrader generate_assignment {assignment}` first.")
    wanted = exercises(json.loads(release.read_text(encoding="utf-8")))
    extracted = course / "downloaded" / assignment / "extracted"
    skipped = unpack(archive, extracted)
    found, files = [], 0
    for path in sorted(p for p in extracted.rglob("*") if p.is_file()):
        relative = path.relative_to(extracted).as_posix()
        if IGNORED.search(relative) or (path.suffix == ".txt" and BLACKBOARD.match(path.stem)):
            continue  # system files, and Blackboard's receipt beside each attempt
        if path.suffix != ".ipynb":
            skipped.append(f"{relative} (not a notebook)")
            continue
        files += 1
        try:
            notebook = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            skipped.append(f"{relative} (not a readable notebook: {error})")
            continue
        if not wanted & exercises(notebook):
            other = sorted({g.split("_")[0] for g in exercises(notebook)})
            skipped.append(f"{relative} (holds no exercise of {assignment}"
                           + (f"; it is notebook {', '.join(other)})" if other else ")"))
            continue
        parsed = parse(relative, assignment)
        if parsed is None or not parsed[0]:
            skipped.append(f"{relative} (no student in the file name: name it <student>_{assignment}.ipynb)")
            continue
        found.append(Found(path, relative, *parsed))
    collected, older = {}, []
    for student in sorted({f.student for f in found}):
        attempts = sorted((f for f in found if f.student == student), key=lambda f: (f.order, f.relative))
        last = attempts[-1]
        people = sorted({f.person for f in attempts})
        if len(people) > 1:
            skipped += [f"{f.relative} (students {' and '.join(people)} of the LMS share the name {student!r}: "
                        f"collect them by hand, see GUIDE.md section 6)" for f in attempts]
            continue
        if len(attempts) > 1 and attempts[-2].order == last.order:
            skipped += [f"{f.relative} (one of {len(attempts)} notebooks of {student} with no order between "
                        f"them: keep one in the download and run again)" for f in attempts]
            continue
        older += [f.relative for f in attempts[:-1]]
        target = course / "submitted" / student / assignment
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(last.path, target / f"{assignment}.ipynb")
        stamp = target / "timestamp.txt"
        if last.style == "blackboard":
            y, mo, d, h, mi, s = last.order[0].split("-")
            stamp.write_text(f"{y}-{mo}-{d} {h}:{mi}:{s}\n", encoding="utf-8")
        elif stamp.exists():
            stamp.unlink()
        collected[student] = last.relative
    return {"collected": collected, "skipped": skipped, "older": older, "files": files}


def summary(result: dict) -> str:
    """The one-line report, e.g. "collected 3 of 4; skipped: x.ipynb (not a notebook)"."""
    n = len(result["collected"])
    line = f"collected {n} of {n + len(result['skipped'])}"
    if result["skipped"]:
        line += "; skipped: " + "; ".join(result["skipped"])
    return line


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignment", help="the assignment (notebook) name, e.g. 04_the_2019_crisis")
    parser.add_argument("--course", type=Path, default=Path("."), help="the course folder (default: here)")
    args = parser.parse_args(argv)
    result = collect(args.course.resolve(), args.assignment)
    for student, relative in result["collected"].items():
        print(f"  {student:<24} <- {relative}")
    if result["older"]:
        print("older attempts not used: " + "; ".join(result["older"]))
    print(summary(result))
    if result["skipped"]:
        print("Fix the skipped files (rename them, or move them out of the download) and run this again.",
              file=sys.stderr)
    return 1 if result["skipped"] else 0


if __name__ == "__main__":
    sys.exit(main())
