"""The coding travels with the notebook: the comparison's output carries the student's coding file.

A student codes claims into ``my_coding.csv`` beside the notebook, then runs ``my_coder.compare()``.
That cell's output shows the comparison and also holds the coding itself, as data in the notebook
(the MIME type ``CODING_MIME``, which JupyterLab saves with the notebook and does not display).
So handing in the ``.ipynb`` alone (an LMS upload) hands in the coding too. At grading, the
instructor's tools read it back with ``coding_from_notebook`` and write the file again beside the
notebook before nbgrader runs it, so the grader sees the comparison the student saw.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "my_coding.csv").write_text("claim_id,doc_id\\nx_c01,x\\n", encoding="utf-8")
>>> bundle = HandedIn(None, folder / "my_coding.csv")._repr_mimebundle_()
>>> notebook = {"cells": [{"cell_type": "code", "outputs": [{"output_type": "execute_result", "data": bundle}]}]}
>>> coding_from_notebook(notebook)["csv"]
'claim_id,doc_id\\nx_c01,x\\n'
"""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["CODING_MIME", "HandedIn", "coding_from_notebook", "restore_coding", "safe_name"]

CODING_MIME = "application/vnd.claims-coding.v1+json"


class HandedIn:
    """A comparison shown with the coding it was computed from (what ``ClaimCoder.compare`` returns).

    Reads like the comparison (``.agreement``, ``.disagreements``, ``.matches``, ``print``); its
    notebook output also carries the coding file, for grading.
    """

    def __init__(self, comparison, path):
        self.comparison, self.path = comparison, Path(path)
        self.csv = self.path.read_text(encoding="utf-8")

    def __getattr__(self, name):
        return getattr(self.__dict__["comparison"], name)

    def __repr__(self) -> str:
        return repr(self.comparison)

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = {"text/plain": repr(self.comparison), CODING_MIME: {"file": self.path.name, "csv": self.csv}}
        if hasattr(self.comparison, "_repr_html_"):
            bundle["text/html"] = self.comparison._repr_html_()
        return bundle


def safe_name(name) -> str:
    """The coding's file name, if it is a plain CSV name; else "my_coding.csv" (never a path or a module).

    >>> safe_name("mine.csv"), safe_name("../helpers.py"), safe_name("helpers.py")
    ('mine.csv', 'my_coding.csv', 'my_coding.csv')
    """
    name = str(name or "")
    return name if re.fullmatch(r"[\w\- .]+\.csv", name) and name.strip(". ") == name else "my_coding.csv"


def coding_from_notebook(notebook) -> dict | None:
    """The last coding a notebook's outputs carry: {"file": name, "csv": text}; None if there is none.

    ``notebook`` is a notebook as read by ``nbformat`` or ``json`` (a dict of cells).
    """
    found = None
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []) or []:
            data = (output.get("data") or {}).get(CODING_MIME)
            if isinstance(data, dict) and isinstance(data.get("csv"), str):
                found = {"file": safe_name(data.get("file")), "csv": data["csv"]}
    return found


def restore_coding(notebook, folder) -> Path | None:
    """Write the coding a notebook carries into ``folder`` (never over a file already there).

    Returns the path of the coding file in ``folder`` (written now or found there), or None.
    """
    coding = coding_from_notebook(notebook)
    if coding is None:
        return None
    path = Path(folder) / coding["file"]
    if not path.exists():
        path.write_text(coding["csv"], encoding="utf-8", newline="")
    return path
