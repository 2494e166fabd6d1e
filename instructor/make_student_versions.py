"""Regenerate the student notebooks in notebooks/ from the instructor versions, with nbgrader.

Usage, from the repository root, in the development environment:

    python instructor/make_student_versions.py          # rewrite notebooks/
    python instructor/make_student_versions.py --check  # exit 1 if notebooks/ is out of date

Each notebook is its own nbgrader assignment: ``instructor/source/<name>/<name>.ipynb``.
nbgrader removes the solution regions (### BEGIN SOLUTION ... ### END SOLUTION), the
hidden tests and the model answers and rubrics of the open questions.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SOURCE = HERE / "source"
STUDENT_DIR = ROOT / "notebooks"


def assignments() -> list[str]:
    """The assignment names: one folder per notebook under instructor/source/."""
    return sorted(p.name for p in SOURCE.iterdir() if (p / f"{p.name}.ipynb").is_file())


def generate(out_dir: Path) -> list[Path]:
    """Run ``nbgrader generate_assignment`` in a scratch course folder; copy the results to out_dir.

    One nbgrader run makes every assignment (the assignment id "*" is a pattern nbgrader matches
    against source/): the same files as one run per assignment, in a quarter of the time.
    """
    nbgrader = Path(sys.executable).with_name("nbgrader")
    with tempfile.TemporaryDirectory() as tmp:
        course = Path(tmp)
        shutil.copytree(SOURCE, course / "source", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        shutil.copy(HERE / "nbgrader_config.py", course)
        out_dir.mkdir(parents=True, exist_ok=True)
        proc = subprocess.run(
            [str(nbgrader), "generate_assignment", "*", "--force",
             f"--CourseDirectory.db_url=sqlite:///{course / 'gradebook.db'}", "--log-level=WARN"],
            cwd=course, capture_output=True, text=True,
            # nbgrader calls the `alembic` command of its own environment
            env={**os.environ, "PATH": f"{nbgrader.parent}{os.pathsep}{os.environ.get('PATH', '')}"})
        if proc.returncode != 0:
            raise SystemExit(f"nbgrader failed:\n{proc.stdout}\n{proc.stderr}")
        made = []
        for name in assignments():
            released = sorted((course / "release" / name).glob("*.ipynb"))
            if not released:
                raise SystemExit(f"nbgrader made no student version of {name}:\n{proc.stdout}\n{proc.stderr}")
            for nb in released:
                shutil.copy(nb, out_dir / nb.name)
                made.append(out_dir / nb.name)
        return made


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with notebooks/ instead of writing")
    args = parser.parse_args(argv)
    if not args.check:
        for path in generate(STUDENT_DIR):
            print(f"wrote {path.relative_to(ROOT)}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        fresh = {p.name: p.read_bytes() for p in generate(Path(tmp))}
    current = {p.name: p.read_bytes() for p in STUDENT_DIR.glob("*.ipynb")}
    stale = sorted(n for n in fresh.keys() | current.keys() if fresh.get(n) != current.get(n))
    for name in stale:
        print(f"out of date: notebooks/{name}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
