"""Write one grading sheet per assignment: open it beside nbgrader's formgrader.

nbgrader's formgrader shows a student's answer but not the rubric or the model answer. Each
sheet, ``instructor/grading_sheets/<assignment>.md``, gives for every open question the question,
the rubric with its points, the model answer and two or three sample answers scored against the
rubric. Everything comes from the instructor notebook (question, rubric, model answer) and from
``instructor/sample_answers.yaml`` (samples), so the sheets never hold a fact of their own.

Usage, from the repository root, in the development environment:

    python instructor/make_grading_sheets.py          # rewrite instructor/grading_sheets/
    python instructor/make_grading_sheets.py --check  # exit 1 if a sheet is out of date
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
import yaml

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "source"
SHEETS = HERE / "grading_sheets"


def quote(text: str) -> str:
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.strip().splitlines())


def sheet(name: str, samples: dict) -> str:
    """The grading sheet of one assignment, as Markdown."""
    nb = nbformat.read(SOURCE / name / f"{name}.ipynb", as_version=4)
    title = nb.cells[0].source.splitlines()[0].lstrip("# ").strip()
    auto = [c.metadata["nbgrader"] for c in nb.cells
            if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")]
    opened = [(i, c) for i, c in enumerate(nb.cells)
              if c.cell_type == "markdown" and c.metadata.get("nbgrader", {}).get("solution")]
    total = sum(m["points"] for m in auto) + sum(c.metadata["nbgrader"]["points"] for _, c in opened)
    out = [f"# Grading sheet: {title}", "",
           f"Assignment `{name}`: {total} points. Open this sheet beside the formgrader "
           "(JupyterLab menu *Nbgrader → Formgrader*, then *Manual Grading*).", "",
           f"- **Autograded:** {len(auto)} self-checked exercises, {sum(m['points'] for m in auto)} point(s) in all. "
           "Students see the same verdict before they hand in, so these points are completion credit.",
           (f"- **Graded by hand:** {len(opened)} open question(s), "
            f"{sum(c.metadata['nbgrader']['points'] for _, c in opened)} points. These carry the grade." if opened else
            "- **Graded by hand:** none. This notebook has no open question: its points are completion credit only. "
            "To grade it, pair it with the next notebook, or add an open question of your own."), ""]
    for i, cell in opened:
        meta = cell.metadata["nbgrader"]
        question = nb.cells[i - 1].source.strip()
        model, _, rubric = cell.source.partition("**Rubric")
        heading = question.split("**")[1] if question.startswith("**") else meta["grade_id"]
        out += ["---", "", f"## {heading.rstrip('.')} ({meta['points']} points)", "",
                f"Formgrader cell: `{meta['grade_id']}`", "", "### Question", "", quote(question), "",
                "### Rubric", "", ("**Rubric" + rubric).strip(), "", "### Model answer", "",
                model.replace("**Model answer.**", "").strip(), "", "### Sample answers, scored", ""]
        for n, sample in enumerate(samples.get(meta["grade_id"], []), 1):
            out += [f"**Sample {n}: {sample['score']} / {meta['points']}**", "", quote(sample["answer"]), "",
                    "*Why:*", ""] + [f"- {line.strip()}" for line in sample["why"].strip().splitlines()] + [""]
    return "\n".join(out).rstrip() + "\n"


def sheets() -> dict[str, str]:
    samples = yaml.safe_load((HERE / "sample_answers.yaml").read_text(encoding="utf-8"))
    names = sorted(p.name for p in SOURCE.iterdir() if (p / f"{p.name}.ipynb").is_file())
    return {f"{name}.md": sheet(name, samples) for name in names}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with grading_sheets/ instead of writing")
    args = parser.parse_args(argv)
    fresh = sheets()
    if args.check:
        current = {p.name: p.read_text(encoding="utf-8") for p in SHEETS.glob("*.md")}
        stale = sorted(n for n in fresh.keys() | current.keys() if fresh.get(n) != current.get(n))
        for name in stale:
            print(f"out of date: instructor/grading_sheets/{name}")
        return 1 if stale else 0
    SHEETS.mkdir(exist_ok=True)
    for name, text in fresh.items():
        (SHEETS / name).write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote instructor/grading_sheets/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
