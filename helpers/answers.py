"""What an exercise is, and how an answer is read: the way a fair human grader would.

``canonical`` turns a typed answer into the form two answers are compared in; ``answer_hash`` is
how the answer key stores a fixed answer. The answer key (``helpers.answer_key``) is made of
``Exercise`` records; ``helpers.checks`` compares answers with it. This module imports neither.

>>> canonical("number", "eleven"), canonical("choice", "b) the audit"), canonical("word", " Critical. ")
(11.0, 'b', 'critical')
"""

from __future__ import annotations

import hashlib
import math
import numbers
import re
from dataclasses import dataclass, field
from typing import Any, Callable

__all__ = ["Exercise", "canonical", "answer_hash", "NUMBER_WORDS"]


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
    more_hints: tuple[str, ...] = ()  # for the second and third wrong answer, more specific (never the answer)


# --- reading an answer the way a fair human grader would ---------------------------------

NUMBER_WORDS = {word: n for n, word in enumerate(
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
        return float(NUMBER_WORDS[word]) if word in NUMBER_WORDS else (float(word) if word[-1].isdigit() else None)
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


def _names(value, synonyms: dict, spaces: bool = False) -> frozenset | None:
    """``spaces``: a space also separates two names (ids have none: "mayta_c01 mayta_c02")."""
    items = _items(value)
    if items is None and isinstance(value, str):
        items = [part for part in re.split(r"[,;|\s]+" if spaces else r"[,;|\n]+", value) if part.strip()]
    if items is None or not all(isinstance(item, str) for item in items):
        return None
    names = {_name(item, synonyms) for item in items}
    return frozenset(names) if None not in names else None


def canonical(kind: str, value, synonyms: dict | None = None):
    """The form in which two answers are compared; None if ``value`` is not an answer of that kind.

    >>> canonical("number", " 11 "), canonical("choice", "(B)"), sorted(canonical("ids", "c2, C1"))
    (11.0, 'b', ['c1', 'c2'])
    >>> sorted(canonical("ids", "mayta_c01 mayta_c02")) == sorted(canonical("ids", "mayta_c01, mayta_c02"))
    True
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
        names = _names(value, synonyms, spaces=kind == "ids")
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
