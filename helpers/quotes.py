"""Finding a quote in an interview's text: exact first, then leniently (quotes, dashes, spaces).

The person never types offsets: ``locate`` finds a quote and ``occurrence_of`` names a selected span.

>>> from helpers import load_corpus
>>> corpus = load_corpus()
>>> locate(corpus, "llorenti_2021", "has been sadly paralyzed")
(3540, 3564)
"""

from __future__ import annotations

import difflib
import re

__all__ = ["locate", "occurrence_of", "occurrences", "in_context", "document_text", "CONTEXT"]

CONTEXT = 40


def document_text(corpus, doc_id: str) -> str:
    """The verbatim text of ``doc_id``; a ValueError naming the known documents otherwise."""
    if doc_id not in corpus.texts:
        raise ValueError(f"Unknown document {doc_id!r}. Try one of: {', '.join(sorted(corpus.texts))}")
    return corpus.texts[doc_id]


def _lenient_pattern(quote: str) -> re.Pattern:
    """A regex that also accepts straight for curly quotes, - for dashes and any run of spaces."""
    classes = {"'": "['’‘]", "’": "['’‘]", "‘": "['’‘]", '"': '["“”]', "“": '["“”]', "”": '["“”]',
               "-": "[-–—]", "–": "[-–—]", "—": "[-–—]"}
    parts, previous_space = [], False
    for ch in quote:
        if ch.isspace():
            if not previous_space:
                parts.append(r"\s+")
            previous_space = True
            continue
        previous_space = False
        parts.append(classes.get(ch, re.escape(ch)))
    return re.compile("".join(parts))


def occurrences(text: str, quote: str) -> list[tuple[int, int]]:
    """Every (start, end) where the quote occurs: exact matches, else lenient ones.

    >>> occurrences("a “b” and a “b”", '"b"')
    [(2, 5), (12, 15)]
    """
    exact, at = [], text.find(quote)
    while at != -1:
        exact.append((at, at + len(quote)))
        at = text.find(quote, at + 1)
    if exact:
        return exact
    return [m.span() for m in _lenient_pattern(quote).finditer(text)]


def in_context(text: str, start: int, end: int, chars: int = CONTEXT) -> str:
    """The span in brackets with ``chars`` characters either side, on one line.

    >>> in_context("one two three", 4, 7, chars=3)
    '…ne [two] th…'
    """
    left = text[max(0, start - chars):start].replace("\n", " ")
    right = text[end:end + chars].replace("\n", " ")
    return f"…{left}[{text[start:end]}]{right}…"


def _closest(text: str, quote: str, n: int = 3) -> list[str]:
    """The n passages of the text most like the quote (same length, starting at a word)."""
    size = len(quote)
    scored = []
    for m in re.finditer(r"\S+", text):
        window = text[m.start():m.start() + size]
        matcher = difflib.SequenceMatcher(None, quote.lower(), window.lower(), autojunk=False)
        if matcher.quick_ratio() > 0.5:
            scored.append((matcher.ratio(), m.start()))
    picked: list[int] = []
    for _, start in sorted(scored, reverse=True):
        if all(abs(start - p) >= size for p in picked):
            picked.append(start)
        if len(picked) == n:
            break
    ends = [p + size + len(re.match(r"\S*", text[p + size:]).group()) for p in picked]  # to the end of the word
    return [text[p:e].replace("\n", " ") for p, e in zip(picked, ends)]


def locate(corpus, doc_id: str, quote: str, occurrence: int | None = None) -> tuple[int, int]:
    """Find a quote in a document's text and return its (start, end) offsets (code points, end exclusive).

    Curly and straight quotes, dashes and runs of spaces are matched leniently when there is no
    exact match. Raises ``ValueError`` saying "not found" (with the closest passages), or
    "occurs N times" (each occurrence with its context and ``occurrence`` number, from 1).

    >>> from helpers import load_corpus
    >>> corpus = load_corpus()
    >>> start, end = locate(corpus, "mayta_2021", "the OAS has been useless")
    >>> corpus.texts["mayta_2021"][start:end]
    'the OAS has been useless'
    >>> locate(corpus, "mayta_2021", "OAS")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ValueError: 'OAS' occurs ... times in mayta_2021. Pick one with occurrence=...
    """
    text = document_text(corpus, doc_id)
    quote = str(quote).strip()
    if not quote:
        raise ValueError("The quote is empty: select a passage in the reader, or type or paste one.")
    found = occurrences(text, quote)
    if not found:
        near = _closest(text, quote)
        hint = ("\nThe closest passages are:\n" + "\n".join(f"  - {p!r}" for p in near)) if near else ""
        raise ValueError(f"{quote!r} was not found in {doc_id}. Copy the words exactly from the reader "
                         f"(or select them with the mouse).{hint}")
    if occurrence is None:
        if len(found) == 1:
            return found[0]
        listing = "\n".join(f"  occurrence={i}: {in_context(text, s, e)}" for i, (s, e) in enumerate(found, 1))
        raise ValueError(f"{quote!r} occurs {len(found)} times in {doc_id}. Pick one with occurrence=..., "
                         f"or quote more words around it:\n{listing}")
    if not 1 <= int(occurrence) <= len(found):
        raise ValueError(f"occurrence={occurrence} does not exist: {quote!r} occurs {len(found)} time(s) in {doc_id}.")
    return found[int(occurrence) - 1]


def occurrence_of(corpus, doc_id: str, start: int, end: int) -> tuple[str, int]:
    """The quote at start–end and its occurrence number, so ``locate`` finds exactly this span again.

    >>> from helpers import load_corpus
    >>> occurrence_of(load_corpus(), "mayta_2021", 197, 210)
    ('The country i', 1)
    """
    text = document_text(corpus, doc_id)
    quote = text[start:end]
    return quote, occurrences(text, quote).index((start, end)) + 1
