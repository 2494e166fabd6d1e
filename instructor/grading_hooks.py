"""nbgrader steps of this module (named in nbgrader_config.py): feedback, the coding hand-in, tampering flags.

- ``ShowVerdictsOnly`` (feedback): an autograded cell shows the self-check's words, never a traceback.
- ``CarryCoding`` and ``RestoreCoding`` (autograde): the coding a student's notebook carries (see
  ``helpers.handin``) is written back beside the notebook before nbgrader runs it, so the comparison
  cell shows the grader the student's own comparison.
- ``VerdictMustAgree`` (autograde): a self-check's point needs its printed verdict to be "✓ Correct".
- ``FlagTampering`` (autograde): every cell the student wrote that touches the grading machinery
  (the environment, the check functions, the answer key, or code run by name) is reported, with the
  student and the cell, in the autograde log and in ``flags.csv`` in the course folder.

>>> suspicious("import os\\nos.environ.pop('NBGRADER_EXECUTION')")  # doctest: +NORMALIZE_WHITESPACE
[(2, "names nbgrader's environment variable"), (2, 'touches the environment (environ)')]
>>> suspicious('answer_4_1 = "b"  # check("04_x", answer_4_1) said so')
[]
"""

from __future__ import annotations

import ast
import csv
import json
import re
from pathlib import Path

import nbformat
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import List, Unicode

from helpers.handin import CODING_MIME, coding_from_notebook, safe_name

CARRIED = "claims_coding"


class ShowVerdictsOnly(NbGraderPreprocessor):
    """Feedback for students: an autograded cell shows the self-check's words, never a traceback.

    The test cells hold no hidden tests: ``check(...)`` prints the verdict and, under nbgrader,
    fails the cell for a wrong answer. The feedback shows the verdict, not the AssertionError.
    """

    # configurable, as in nbgrader's own GetGrades: else nbconvert's setting of it makes nbgrader warn
    # "Config option `display_data_priority` not recognized by `ShowVerdictsOnly`"
    display_data_priority = List(NbGraderPreprocessor.display_data_priority.default_value).tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade"):
            kept = [o for o in cell.get("outputs", []) if o.get("output_type") != "error"]
            if len(kept) != len(cell.get("outputs", [])):
                kept.append({"output_type": "stream", "name": "stdout",
                             "text": "(This answer did not earn the point.)\n"})
            cell.outputs = kept
        return cell, resources


class CarryCoding(NbGraderPreprocessor):
    """Before nbgrader clears the outputs: keep the coding an output carries, in the cell's metadata."""

    def preprocess(self, nb, resources):
        for cell in nb.cells:  # only this step writes the key: a handed-in notebook's own copy is dropped
            cell.metadata.pop(CARRIED, None)
        coding = coding_from_notebook(nb)
        if coding is not None:
            for cell in nb.cells:
                if any(CODING_MIME in (o.get("data") or {}) for o in cell.get("outputs", [])):
                    cell.metadata[CARRIED] = coding
        return nb, resources


class RestoreCoding(NbGraderPreprocessor):
    """Before nbgrader runs the notebook: write the carried coding file beside it (not over a handed-in file)."""

    def preprocess(self, nb, resources):
        folder = Path(resources.get("metadata", {}).get("path") or ".")
        for cell in nb.cells:
            coding = cell.metadata.pop(CARRIED, None)
            if not isinstance(coding, dict) or not isinstance(coding.get("csv"), str):
                continue
            path = folder / safe_name(coding.get("file"))  # a CSV beside the notebook, never a module or a path
            if not path.exists():
                path.write_text(coding["csv"], encoding="utf-8", newline="")
        return nb, resources


class VerdictMustAgree(NbGraderPreprocessor):
    """After nbgrader runs the notebook: a self-check's point needs the self-check to have printed "✓ Correct".

    ``check`` fails the cell for a wrong answer only when it knows it runs under nbgrader (the
    environment variable ``NBGRADER_EXECUTION``). A student's cell that removes that variable before
    the helpers are imported would let a wrong answer pass silently; this step reads the verdict the
    cell printed instead, and marks the cell failed unless it says "✓ Correct".
    """

    def preprocess_cell(self, cell, resources, index):
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
            outputs = cell.get("outputs", [])
            printed = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
            if "✓ Correct" not in printed and not any(o.get("output_type") == "error" for o in outputs):
                outputs.append(nbformat.v4.new_output("error", ename="AssertionError", traceback=[],
                                                      evalue="the self-check did not say ✓ Correct"))
        return cell, resources


# ---- tampering ------------------------------------------------------------------------------------

ENVIRONMENT = {"environ", "putenv", "unsetenv", "getenv", "environb"}
KEY = {"is_correct", "expected", "answer_hash", "canonical", "KEY", "answer_key", "checks", "answers", "_exercise",
       "Exercise", "NUMBER_WORDS", "_CACHE", "_default_corpus", "_GRADING"}
DYNAMIC = {"exec", "eval", "compile", "__import__", "globals", "vars", "setattr", "delattr", "__builtins__",
           "builtins", "importlib", "get_ipython", "modules", "reload"}
NAMES_ONLY_AS_ATTRIBUTES = {"expected", "canonical", "checks", "answers", "Exercise", "modules", "reload"}  # common words
LOOPS = (ast.For, ast.While, ast.comprehension, ast.Lambda, ast.FunctionDef, ast.AsyncFor)


def _python(source: str) -> str:
    """The cell as Python: IPython's % and ! lines become calls (e.g. get_ipython().run_line_magic)."""
    from IPython.core.inputtransformer2 import TransformerManager

    return TransformerManager().transform_cell(source)


def suspicious(source: str) -> list[tuple[int, str]]:
    """(line, reason) for each place where a cell's code touches the grading machinery.

    A plain self-check call, ``check("04_x", answer_4_1)``, is not flagged; calling it in a loop,
    redefining it, or reaching the answer key, the environment or code by name is.
    """
    try:
        tree = ast.parse(_python(source))
    except (SyntaxError, ValueError):
        hits = [(n, "could not be read as Python, and names " + m.group(0))
                for n, line in enumerate(source.splitlines(), 1)
                for m in [re.search(r"environ|NBGRADER|answer_key|is_correct|answer_hash|\bKEY\b|putenv", line)] if m]
        return hits
    found = []
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}

    def inside_loop(node):
        while node in parents:
            node = parents[node]
            if isinstance(node, LOOPS):
                return True
        return False

    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Name):
            names.append((node.id, node))
        elif isinstance(node, ast.Attribute):
            names.append((node.attr, node))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            module = getattr(node, "module", None) or ""
            names += [(part, node) for part in module.split(".")]
            for alias in node.names:
                names += [(part, node) for part in alias.name.split(".")]
                if (alias.asname or alias.name) == "check":
                    found.append((node.lineno, "redefines check (import)"))
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name == "check":
            found.append((node.lineno, "redefines check"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and "NBGRADER" in node.value.upper():
            found.append((node.lineno, "names nbgrader's environment variable"))
        for name, where in names:
            if name in NAMES_ONLY_AS_ATTRIBUTES and isinstance(where, ast.Name):
                continue
            if name in ENVIRONMENT:
                found.append((where.lineno, f"touches the environment ({name})"))
            elif name in KEY:
                found.append((where.lineno, f"reaches the answer key or the check functions ({name})"))
            elif name in DYNAMIC:
                found.append((where.lineno, f"runs code by name ({name})"))
            elif name == "check":
                call = parents.get(where)
                if isinstance(where, ast.Name) and isinstance(where.ctx, (ast.Store, ast.Del)):
                    found.append((where.lineno, "redefines check"))
                elif not (isinstance(call, ast.Call) and call.func is where):
                    found.append((where.lineno, "uses check other than by calling it"))
                elif inside_loop(where):
                    found.append((where.lineno, "calls check in a loop (trying answers)"))
    return sorted(set(found))


class FlagTampering(NbGraderPreprocessor):
    """Report the cells a student wrote or changed that touch the grading machinery (see ``suspicious``).

    Locked cells are skipped (nbgrader restores them before running the notebook), and so are
    unlocked cells left exactly as the assignment gave them. Each flag is a log warning and a row of
    ``flags.csv``: student, assignment, cell, line, reason, code.
    """

    flags_file = Unicode("flags.csv", help="where the flags are written (relative to the course folder)").tag(config=True)

    def _given(self, resources) -> set[str]:
        name = resources.get("nbgrader", {})
        source = Path("source") / name.get("assignment", "") / f"{name.get('notebook', '')}.ipynb"
        if not source.is_file():
            return set()
        return {"".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                for c in json.loads(source.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"}

    def preprocess(self, nb, resources):
        who = resources.get("nbgrader", {})
        student, assignment = who.get("student", "?"), who.get("assignment", "?")
        given, rows = self._given(resources), []
        for index, cell in enumerate(nb.cells):
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type != "code" or meta.get("locked") or (not meta and cell.source in given):
                continue
            where = meta.get("grade_id") or f"cell {index + 1} (not an exercise cell)"
            lines = cell.source.splitlines()
            for line, reason in suspicious(cell.source):
                code = lines[line - 1].strip() if 0 < line <= len(lines) else ""
                self.log.warning("FLAG %s, %s, %s, line %d: %s: %s", student, assignment, where, line, reason, code)
                rows.append({"student": student, "assignment": assignment, "cell": where, "line": line,
                             "reason": reason, "code": code})
        self._write(student, assignment, rows)
        return nb, resources

    def _write(self, student, assignment, rows):
        path = Path(self.flags_file)
        fields = ["student", "assignment", "cell", "line", "reason", "code"]
        old = []
        if path.exists():
            with open(path, newline="", encoding="utf-8") as f:
                old = [r for r in csv.DictReader(f) if (r["student"], r["assignment"]) != (student, assignment)]
        if not old and not rows and not path.exists():
            return
        with open(path, "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(old + rows)
