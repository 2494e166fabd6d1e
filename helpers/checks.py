"""Self-checks for the exercises: plain-words feedback that never prints the answer.

Each notebook keeps its answer key in ``helpers/answers/<notebook>.json``: for every
exercise id, the SHA-256 hashes of the accepted answers and a hint. The answers
themselves live only in the instructor versions of the notebooks.

>>> is_correct("00_demo", 4)
True
>>> check("00_demo", "five")
✗ Not yet. Hint: count the words in the sentence, then type the number.
"""

from __future__ import annotations

import hashlib
import json
import math
import numbers
from functools import cache
from pathlib import Path

__all__ = ["check", "is_correct", "answer_hash", "normalise"]

ANSWERS = Path(__file__).resolve().parent / "answers"


def normalise(value) -> str:
    """A canonical text form of an answer: case, spacing, order of a list and 12 vs "12" don't matter.

    >>> normalise(" The OAS ") == normalise("the oas")
    True
    >>> normalise(["CELAC", "oas"]) == normalise({"OAS", "celac"})
    True
    """
    if isinstance(value, bool):
        return f"bool:{str(value).lower()}"
    if isinstance(value, numbers.Number):
        number = float(value)
        if math.isfinite(number) and number == round(number):
            return f"num:{int(round(number))}"
        return f"num:{number:.2f}"
    if isinstance(value, str):
        text = " ".join(value.split()).casefold()
        try:
            return normalise(float(text))
        except ValueError:
            return f"str:{text}"
    if hasattr(value, "tolist"):  # pandas Series/Index, numpy arrays
        value = value.tolist()
    if isinstance(value, (list, tuple, set, frozenset)):
        return "set:" + json.dumps(sorted({normalise(v) for v in value}))
    return f"str:{value!s}".casefold()


def answer_hash(exercise_id: str, value) -> str:
    """The hash stored in the answer key for ``value`` (instructors use this to add exercises)."""
    return hashlib.sha256(f"{exercise_id}\n{normalise(value)}".encode("utf-8")).hexdigest()


@cache
def _key(notebook: str) -> dict:
    path = ANSWERS / f"{notebook}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def _entry(exercise_id: str) -> dict:
    notebook = exercise_id.split("_", 1)[0]
    for path in sorted(ANSWERS.glob(f"{notebook}*.json")):
        entry = _key(path.stem).get(exercise_id)
        if entry:
            return entry
    raise KeyError(f"There is no self-check called {exercise_id!r}. Check the spelling in the cell above.")


def is_correct(exercise_id: str, answer) -> bool:
    """True if ``answer`` is one of the accepted answers for ``exercise_id``."""
    return answer_hash(exercise_id, answer) in _entry(exercise_id)["answers"]


def check(exercise_id: str, answer) -> None:
    """Print feedback on ``answer`` for ``exercise_id``: correct, not yet (with a hint), or no answer yet."""
    entry = _entry(exercise_id)
    if answer is None or answer is ...:
        print("No answer yet: replace None with your answer, then run this cell again.")
    elif is_correct(exercise_id, answer):
        print("✓ Correct." + (f" {entry['well_done']}" if entry.get("well_done") else ""))
    else:
        print(f"✗ Not yet. Hint: {entry['hint']}")
