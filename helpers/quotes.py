"""Finding a quote in an interview's text: exact first, then leniently (quotes, dashes, spaces).

The person never types offsets: ``locate`` finds a quote and ``occurrence_of`` names a selected span.

>>> from helpers import load_corpus
>>> corpus = load_corpus()
>>> locate(corpus, "llorenti_2021", "has been sadly paralyzed")
(3540, 3564)
"""

from __future__ import annotations

import difflib
import functools
import numbers
import re

__all__ = ["locate", "occurrence_of", "occurrences", "in_context", "document_text", "CONTEXT"]

CONTEXT = 40


def document_text(corpus, doc_id: str) -> str:
    """The verbatim text of ``doc_id``; a ValueError naming the known documents otherwise.

    >>> from helpers import load_corpus
    >>> document_text(load_corpus(), "../x")
    Traceback (most recent call last):
    ValueError: doc_id: unknown document '../x'. Give one of: llorenti_2021, mayta_2021 (the ids in documents.yaml)
    """
    if not isinstance(doc_id, str):
        raise TypeError(f"doc_id=... takes a document id as text, one of: {', '.join(sorted(corpus.texts))}; "
                        f"got {type(doc_id).__name__} {doc_id!r}")
    if doc_id not in corpus.texts:
        raise ValueError(f"doc_id: unknown document {doc_id!r}. Give one of: {', '.join(sorted(corpus.texts))} "
                         f"(the ids in documents.yaml)")
    return corpus.texts[doc_id]


_SAME = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


@functools.lru_cache(maxsize=16)
def _normalised(text: str) -> tuple[str, tuple[int, ...]]:
    """The text with curly quotes and dashes made plain and each run of spaces made one space, and for each
    character of the result the offset of the character it came from."""
    chars, origin = [], []
    for m in re.finditer(r"\s+|\S+", text):
        if m.group()[0].isspace():
            chars.append(" ")
            origin.append(m.start())
        else:
            chars.append(m.group().translate(_SAME))
            origin.extend(range(m.start(), m.end()))
    return "".join(chars), tuple(origin)


def occurrences(text: str, quote: str) -> list[tuple[int, int]]:
    """Every (start, end) where the quote occurs: exact matches, else lenient ones.

    Lenient: straight quotes for curly ones, - for dashes and any run of spaces for a space. Both
    are a plain substring search, so the time grows with the text and the quote, never faster.

    >>> occurrences("a “b” and a “b”", '"b"')
    [(2, 5), (12, 15)]
    >>> occurrences("one  two\\nthree", "two three")
    [(5, 14)]
    """
    exact, at = [], text.find(quote)
    while at != -1:
        exact.append((at, at + len(quote)))
        at = text.find(quote, at + 1)
    if exact or not quote.strip():
        return exact
    plain, origin = _normalised(text)
    wanted = _normalised(quote.strip())[0]
    found, at = [], plain.find(wanted)
    while at != -1:
        found.append((origin[at], origin[at + len(wanted) - 1] + 1))
        at = plain.find(wanted, at + 1)
    return found


def in_context(text: str, start: int, end: int, chars: int = CONTEXT) -> str:
    """The span in brackets with ``chars`` characters either side, on one line.

    >>> in_context("one two three", 4, 7, chars=3)
    '…ne [two] th…'
    """
    left = text[max(0, start - chars):start].replace("\n", " ")
    right = text[end:end + chars].replace("\n", " ")
    return f"…{left}[{text[start:end]}]{right}…"


def _words(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """The words of a text, lower-cased, and their (start, end) offsets."""
    found = list(re.finditer(r"\w+", text))
    return [m.group().lower() for m in found], [m.span() for m in found]


def _closest(text: str, quote: str, n: int = 3, shown: int = 160) -> list[str]:
    """Up to n passages of the text most like the quote, each cut to about ``shown`` characters.

    Linear in the text and the quote: every run of up to three words of the quote that also occurs
    in the text votes for where the quote would start (its "diagonal"); the passages with the most
    votes win. A quote of one or two words with no vote falls back to the closest single words.

    >>> _closest("The OAS has been useless in the pandemic.", "the OAS has been usless")
    ['The OAS has been useless']
    """
    words, spans = _words(text)
    qwords = _words(quote)[0]
    if not words or not qwords:
        return []
    size = min(3, len(qwords))
    index: dict[tuple, list[int]] = {}
    for i in range(len(words) - size + 1):
        index.setdefault(tuple(words[i:i + size]), []).append(i)
    votes: dict[int, int] = {}
    grams = len(qwords) - size + 1
    for j in range(grams):
        for i in index.get(tuple(qwords[j:j + size]), ())[:50]:  # a very common word votes at most 50 times
            votes[i - j] = votes.get(i - j, 0) + 1
    if not votes and len(qwords) <= 2:
        near = difflib.get_close_matches(" ".join(qwords), set(words), n=n, cutoff=0.6)
        return [text[s:e] for w in near for s, e in [spans[words.index(w)]]]
    picked: list[int] = []
    for diagonal, count in sorted(votes.items(), key=lambda item: (-item[1], item[0])):
        if count < max(1, 0.2 * grams):
            break
        if all(abs(diagonal - p) >= len(qwords) for p in picked):
            picked.append(diagonal)
        if len(picked) == n:
            break
    out = []
    for diagonal in picked:
        first, last = max(0, diagonal), min(len(words), diagonal + len(qwords)) - 1
        start, end = spans[first][0], spans[last][1]
        passage = text[start:end].replace("\n", " ")
        out.append(passage if len(passage) <= shown else passage[:shown].rsplit(" ", 1)[0] + " …")
    return out


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
    if not isinstance(quote, str):
        raise TypeError(f"quote=... takes the passage as text; got {type(quote).__name__} {quote!r}")
    if occurrence is not None and (isinstance(occurrence, bool) or not isinstance(occurrence, numbers.Integral)):
        raise TypeError(f"occurrence=... takes a whole number from 1 (which occurrence of the quote), e.g. "
                        f"occurrence=2, or None; got {type(occurrence).__name__} {occurrence!r}")
    quote = quote.strip()
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
