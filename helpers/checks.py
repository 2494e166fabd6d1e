"""Self-checks for the exercises, and the one answer key that grading uses too.

The student's self-check and nbgrader's grading are one call, ``check(exercise_id, answer)``,
in a read-only test cell: it prints the verdict, and under nbgrader a wrong answer also fails
the cell. So the self-check and the grade can never disagree. Each exercise's answer is defined once,
in ``helpers/answer_key.py``: answers that are facts about the corpus (a count, a list of
ids) are computed from the loaded corpus when the check runs, so they stay right when an
instructor adds interviews; fixed answers (a letter) are stored only as hashes.

A fair answer counts, however it is typed: ``11``, ``"11"``, ``" 11 "`` and ``11.0`` are
the same number; ``"b"``, ``"B"``, ``"b)"``, ``"(b)"`` and ``"b."`` the same letter; a list
of ids may come in any order, as a tuple, a set or one comma-separated string.

>>> is_correct("00_demo", "4")
True
>>> check("00_demo", "five")
✗ Not yet. Hint: count the words in the sentence, then type the number.
"""

from __future__ import annotations

import hashlib
import math
import os
import numbers
import re
from dataclasses import dataclass, field
from typing import Any, Callable

__all__ = ["check", "is_correct", "Exercise", "answer_hash"]


@dataclass(frozen=True)
class Exercise:
    """One autograded exercise: what kind of answer it takes, the answer, and a hint.

    kind: "number", "choice" (a letter), "word" (one name, e.g. a frame), "words" (a set of
    names, e.g. theme ids), "ids" (a set of claim ids) or "speaker".
    answer: a function of the corpus that returns the right answer (derived answers), or None.
    hashed: for fixed answers, ``answer_hash(exercise_id, value)`` of each accepted value.
    """

    kind: str
    hint: str
    answer: Callable[[Any], Any] | None = None
    hashed: tuple[str, ...] = ()
    synonyms: Any = field(default_factory=dict)  # {typed form: canonical form}, or a function of the corpus
    well_done: str = ""


# --- reading an answer the way a fair human grader would ---------------------------------

_NUMBER_WORDS = {word: n for n, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_WRAPPERS = "\"'“”‘’`()[]{}<> "


def _words(text: str) -> str:
    """Lower case, single spaces, no wrapping quotes or brackets, no final full stop."""
    text = " ".join(str(text).replace("\u00a0", " ").split()).casefold()
    previous = None
    while text != previous:
        previous = text
        text = text.strip(_WRAPPERS).rstrip(".:;,!").strip(_WRAPPERS)
    return text


def _as_number(value) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, numbers.Number):
        number = float(value)
        return number if math.isfinite(number) else None
    if isinstance(value, str):
        text = _words(value)
        # "11", "11.0", "eleven", "11 claims": one number, optionally followed by a word or two
        match = re.match(r"^(-?\d+(?:\.\d+)?|[a-z]+)(?:\s+[a-z ]+)?$", text)
        if not match:
            return None
        word = match.group(1)
        return float(_NUMBER_WORDS[word]) if word in _NUMBER_WORDS else (float(word) if word[-1].isdigit() else None)
    items = _items(value)
    return _as_number(items[0]) if items is not None and len(items) == 1 else None


def _items(value) -> list | None:
    """The elements of a list-like answer (list, tuple, set, pandas, numpy), else None."""
    if isinstance(value, (str, bytes, dict)):
        return None
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, (list, tuple, set, frozenset)):
        return list(value)
    return None


def _letter(value) -> str | None:
    if not isinstance(value, str):
        return None
    text = re.sub(r"^(?:option|answer|letter)\s+", "", _words(value))
    # "b", "(b)", "b)", "b.", or the letter followed by the option's text: "b) the incompatibility…"
    match = re.fullmatch(r"\(?([a-z])(?:[).:]?|[).:]\s.*)", text)
    return match.group(1) if match else None


def _name(value, synonyms: dict) -> str | None:
    if not isinstance(value, str):
        items = _items(value)
        return _name(items[0], synonyms) if items is not None and len(items) == 1 else None
    text = re.sub(r"[\s_\-]+", " ", _words(value))
    return synonyms.get(text, text)


def _names(value, synonyms: dict) -> frozenset | None:
    items = _items(value)
    if items is None and isinstance(value, str):
        items = [part for part in re.split(r"[,;|\n]+", value) if part.strip()]
    if items is None or not all(isinstance(item, str) for item in items):
        return None
    names = {_name(item, synonyms) for item in items}
    return frozenset(names) if None not in names else None


def canonical(kind: str, value, synonyms: dict | None = None):
    """The form in which two answers are compared; None if ``value`` is not an answer of that kind.

    >>> canonical("number", " 11 "), canonical("choice", "(B)"), sorted(canonical("ids", "c2, C1"))
    (11.0, 'b', ['c1', 'c2'])
    """
    synonyms = synonyms or {}
    if kind == "number":
        number = _as_number(value)
        return None if number is None else round(number, 6)
    if kind == "choice":
        return _letter(value)
    if kind in ("word", "speaker"):
        return _name(value, synonyms)
    if kind in ("words", "ids"):
        names = _names(value, synonyms)
        return names or None
    raise ValueError(f"unknown exercise kind {kind!r}")


def answer_hash(exercise_id: str, value, kind: str = "choice") -> str:
    """The hash stored in the key for a fixed answer (instructors use this to add exercises).

    >>> len(answer_hash("04_evidence_question", "b"))
    64
    """
    form = canonical(kind, value)
    if isinstance(form, frozenset):
        form = "|".join(sorted(form))
    return hashlib.sha256(f"{exercise_id}\n{form}".encode("utf-8")).hexdigest()


# --- the checks ----------------------------------------------------------------------------

def _exercise(exercise_id: str) -> Exercise:
    from .answer_key import KEY

    if not isinstance(exercise_id, str) or exercise_id not in KEY:
        raise KeyError(f"There is no self-check called {exercise_id!r}. Check the spelling in the cell above.")
    return KEY[exercise_id]


def _default_corpus():
    from .corpus import load_corpus
    from .validate import default_corpus_path

    path = default_corpus_path()
    stamp = tuple((p.name, p.stat().st_mtime_ns) for p in sorted(path.glob("*")) if p.is_file())
    if _CACHE.get("key") != (path, stamp):
        _CACHE.update(key=(path, stamp), corpus=load_corpus(path))
    return _CACHE["corpus"]


_CACHE: dict = {}


def expected(exercise_id: str, corpus=None):
    """The canonical right answer of a derived exercise (for tests and instructors; never printed)."""
    exercise = _exercise(exercise_id)
    if exercise.answer is None:
        raise ValueError(f"{exercise_id} has a fixed answer, stored only as a hash")
    corpus = corpus if corpus is not None else _default_corpus()
    return canonical(exercise.kind, exercise.answer(corpus), _synonyms(exercise, corpus))


def _synonyms(exercise: Exercise, corpus) -> dict:
    if callable(exercise.synonyms):
        return exercise.synonyms(corpus if corpus is not None else _default_corpus())
    return exercise.synonyms


def is_correct(exercise_id: str, answer, corpus=None) -> bool:
    """True if ``answer`` is right for ``exercise_id``. The self-check and the grader both use this.

    Derived answers are computed from ``corpus`` (default: the corpus that ``load_corpus()``
    loads, which is the bundled one unless ``CLAIMS_CORPUS`` names another).
    """
    exercise = _exercise(exercise_id)
    given = canonical(exercise.kind, answer, _synonyms(exercise, corpus))
    if given is None:
        return False
    if exercise.answer is not None:
        return given == expected(exercise_id, corpus)
    return answer_hash(exercise_id, answer, exercise.kind) in exercise.hashed


def check(exercise_id: str, answer, corpus=None) -> None:
    """Print feedback on ``answer``: correct, not yet (with a hint), or no answer yet. Never the answer.

    When nbgrader runs the notebook to grade or validate it (it then sets the environment
    variable ``NBGRADER_EXECUTION``), a wrong or missing answer also fails the cell, which is
    how nbgrader withholds the point. So the grade is exactly the verdict the student saw.
    """
    exercise = _exercise(exercise_id)
    right = False
    if answer is None or answer is ... or (isinstance(answer, str) and not answer.strip()):
        print("No answer yet: replace None with your answer, then run this cell again.")
    elif is_correct(exercise_id, answer, corpus):
        right = True
        print("✓ Correct." + (f" {exercise.well_done}" if exercise.well_done else ""))
    elif canonical(exercise.kind, answer, _synonyms(exercise, corpus)) is None:
        print(f"✗ Not yet: this exercise needs {_KIND_WORDS[exercise.kind]}. Hint: {exercise.hint}")
    else:
        print(f"✗ Not yet. Hint: {exercise.hint}")
    if (_GRADING or os.environ.get("NBGRADER_EXECUTION")) and not right:
        raise AssertionError(f"{exercise_id}: no point for this answer")


# Read once, when the notebook imports the helpers: a later cell that removes the variable does not
# turn grading off (such a cell is also flagged at autograde, and grading_hooks.VerdictMustAgree gives no
# point unless the check printed "✓ Correct").
_GRADING = bool(os.environ.get("NBGRADER_EXECUTION"))

_KIND_WORDS = {
    "number": 'a number, e.g. 7 or "7"',
    "choice": 'one letter in quotes, e.g. "a"',
    "word": 'a word in quotes, e.g. "critical"',
    "words": 'a list of names in quotes, e.g. ["sovereignty", "capitalism"]',
    "ids": 'a list of ids in quotes, e.g. ["mayta_c01", "mayta_c02"]',
    "speaker": 'a speaker\'s name or id in quotes, e.g. "Mayta"',
}
