"""Reading an interview's published text: a UTF-8 file or a saved web page, and what cleaning deleted.

An instructor keeps the download untouched (the *original*, or seed) and deletes from a copy, in a
text editor, everything that is not the interview. ``removed_spans`` checks that the copy only
*deletes* whole lines from the original, and lists every deleted span, so anyone can check the
cleaning; ``interview_text`` reads the text and its original as ``new-interview`` is given them.
Every problem is a NewInterviewError whose message names the file and says what to do.

>>> removed_spans("Site | News\\n\\nQ?\\n\\nPhoto: a\\n\\nA.", "Q?\\n\\nA.")
[{'start': 0, 'text': 'Site | News\\n\\n'}, {'start': 17, 'text': 'Photo: a\\n\\n'}]
>>> removed_spans("Q?\\nA. Yes.\\n", "Q?\\nA. No.\\n")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
helpers.source_text.NewInterviewError: the cleaned text, line 2, column 4, reads ... Only delete from the copy; never change or add a character (the text must stay verbatim).
"""

from __future__ import annotations

import difflib
from pathlib import Path

__all__ = ["NewInterviewError", "read_bytes", "decode", "read_text", "where", "removed_spans", "is_web_page",
           "extract_text", "trafilatura_version", "interview_text"]


class NewInterviewError(ValueError):
    """A problem with the input that the person can fix; the message says what to do."""


# ---- reading a text file -------------------------------------------------------------------

def read_bytes(path: Path, what: str) -> bytes:
    """The bytes of the file ``path``; ``what`` says what it is, in the message if it cannot be read."""
    path = Path(path)
    if path.is_dir():
        raise NewInterviewError(f"{path}: is a folder, not a file ({what}). Give the file's own name.")
    if not path.is_file():
        raise NewInterviewError(f"{path}: no such file ({what}).")
    try:
        return path.read_bytes()
    except OSError as err:
        raise NewInterviewError(f"{path}: cannot be read ({err.strerror or err}); check that you may open it ({what}).") from None


def decode(path: Path, data: bytes, bom_ok: bool = False) -> str:
    """``data`` (the bytes of ``path``) as UTF-8 text; a byte-order mark only if ``bom_ok`` (it is dropped).

    >>> decode(Path("q.txt"), "¿Y la OEA?".encode("utf-8"))
    '¿Y la OEA?'
    >>> decode(Path("q.txt"), b"Q?\\nA. caf\\xe9")
    Traceback (most recent call last):
    ...
    helpers.source_text.NewInterviewError: q.txt:2: the file is not UTF-8 (byte 9). Open it in your text editor or spreadsheet and save it with the encoding 'UTF-8'.
    """
    try:
        text = data.decode("utf-8-sig" if bom_ok else "utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise NewInterviewError(f"{path}:{line}: the file is not UTF-8 (byte {err.start}). "
                                "Open it in your text editor or spreadsheet and save it with the encoding 'UTF-8'.") from None
    if text.startswith("\ufeff"):
        raise NewInterviewError(f"{path}:1: the file starts with an invisible byte-order mark. "
                                "Save it as 'UTF-8' (not 'UTF-8 with BOM').")
    return text


def read_text(path: Path, what: str) -> str:
    """The UTF-8 text of the file ``path`` (no byte-order mark); ``what`` says what it is, in any message."""
    return decode(Path(path), read_bytes(path, what))


# ---- cleaning: what was deleted from the original ------------------------------------------

def where(text: str, pos: int) -> str:
    """The line and column of the offset ``pos`` in ``text``, as a person finds it in a text editor.

    >>> where("Q?\\nA.", 4)
    'line 2, column 2'
    """
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return f"line {line}, column {column}"


def _offsets(lines: list[str]) -> list[int]:
    """The offset of each line's start, and of the end."""
    at = [0]
    for line in lines:
        at.append(at[-1] + len(line))
    return at


def _add_span(spans: list[dict], start: int, text: str) -> None:
    """Append a deleted span, joined to the previous one if they touch."""
    if spans and spans[-1]["start"] + len(spans[-1]["text"]) == start:
        spans[-1]["text"] += text
    elif text:
        spans.append({"start": start, "text": text})


def _deleted(original: str, cleaned: str) -> list[dict]:
    """The spans deleted from ``original`` line by line, then inside changed lines; raises if anything else changed."""
    a, b = original.splitlines(keepends=True), cleaned.splitlines(keepends=True)
    a_at, b_at = _offsets(a), _offsets(b)
    spans: list[dict] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "delete":
            _add_span(spans, a_at[i1], original[a_at[i1]:a_at[i2]])
        elif op != "equal":  # lines changed: only deletions inside them are allowed
            _deleted_inside(original, cleaned, (a_at[i1], a_at[i2]), (b_at[j1], b_at[j2]), spans)
    return spans


def _deleted_inside(original: str, cleaned: str, old_range, new_range, spans: list[dict]) -> None:
    """Add to ``spans`` what was deleted from the lines ``old_range`` of the original to make ``new_range``."""
    (a0, a1), (b0, b1) = old_range, new_range
    old, new = original[a0:a1], cleaned[b0:b1]
    for cop, c1, c2, d1, d2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if cop == "delete":
            _add_span(spans, a0 + c1, old[c1:c2])
        elif cop != "equal":
            new_at, at = b0 + d1, a0 + c1
            raise NewInterviewError(
                f"the cleaned text, {where(cleaned, new_at)}, reads {cleaned[max(0, new_at - 12):new_at + 28]!r} where the "
                f"original, {where(original, at)}, reads {original[max(0, at - 12):at + 28]!r}. Only delete from "
                "the copy; never change or add a character (the text must stay verbatim).")


def _breaks_to_end(spans: list[dict], original: str) -> None:
    """Move each cut's leading line breaks to its end, so that a cut caption ends with its blank line."""
    for k, span in enumerate(spans):
        limit = spans[k + 1]["start"] if k + 1 < len(spans) else len(original)
        while span["start"] + len(span["text"]) < limit and span["text"][0] == "\n" \
                and original[span["start"] + len(span["text"])] == "\n":
            span["text"] = span["text"][1:] + original[span["start"] + len(span["text"])]
            span["start"] += 1


def _check_whole_lines(spans: list[dict], original: str) -> None:
    """Raise if a cut lies inside a line: that would change the wording."""
    for span in spans:
        start, end, cut = span["start"], span["start"] + len(span["text"]), span["text"]
        whole_start = start == 0 or original[start - 1] == "\n" or cut[0] == "\n"
        whole_end = end == len(original) or original[end] == "\n" or cut[-1] == "\n"
        if not (whole_start and whole_end):
            raise NewInterviewError(
                f"the cleaned text cuts {cut[:40]!r} from inside a line of the original ({where(original, start)}). "
                "Delete only whole lines (title bars, captions, adverts, footers); the interview's own words stay as they are.")


def removed_spans(original: str, cleaned: str) -> list[dict]:
    """The spans deleted from ``original`` to make ``cleaned``, in order, each {start, text}.

    ``start`` is the offset in the original. Putting every span back at its offset rebuilds the
    original exactly. Raises NewInterviewError, with line and column, if the cleaned copy
    changed or added anything, or cut part of a line, instead of deleting whole lines.
    """
    spans = _deleted(original, cleaned)
    _breaks_to_end(spans, original)
    _check_whole_lines(spans, original)
    rebuilt = cleaned
    for span in spans:
        rebuilt = rebuilt[: span["start"]] + span["text"] + rebuilt[span["start"]:]
    assert rebuilt == original
    return spans


# ---- a saved web page ---------------------------------------------------------------------------

def is_web_page(path, what: str = "the interview text") -> bool:
    """True if the file is a saved web page (HTML) rather than plain text."""
    path = Path(path)
    head = read_bytes(path, what)[:4096].lstrip().lower()
    if path.suffix.lower() in (".html", ".htm", ".xhtml"):
        return True
    return head.startswith(b"<!doctype html") or head.startswith(b"<html")


def extract_text(page) -> str:
    """The article text of a saved web page, paragraphs on their own lines, speaker labels kept.

    Made with trafilatura (an instructor tool in requirements-dev.txt, not in the students'
    environment); the same page and version always give the same text.
    """
    page = Path(page)
    data = read_bytes(page, "the saved web page")
    try:
        import trafilatura
    except ImportError as err:
        raise NewInterviewError(
            f"{page}: reading a saved web page needs trafilatura, an instructor tool that the students' environment "
            f"lacks ({err}). Install it with: pip install -r requirements-dev.txt (or: pip install trafilatura), then run "
            "the command again.") from None
    text = trafilatura.extract(data, output_format="txt", include_comments=False, include_tables=True,
                               include_images=False, include_links=False, include_formatting=False, deduplicate=False)
    if not text or not text.strip():
        raise NewInterviewError(f"{page}: no article text was found in this web page. Save the page again "
                                "(File › Save Page As, 'Web page, complete' or 'HTML only'), or copy its text into a file "
                                "and use that file instead.")
    return text.strip("\n") + "\n"


def trafilatura_version() -> str:
    """The version of trafilatura installed, or "unknown", to record which one made a text."""
    try:
        from importlib.metadata import version
        return version("trafilatura")
    except Exception:
        return "unknown"


def _extracted_from(page: Path) -> str:
    """How the record of a saved web page was made, as documents.yaml and the command's output say it."""
    return f"the article text that trafilatura {trafilatura_version()} extracted from {Path(page).name}"


def _original_text(original: Path) -> tuple[str, str | None]:
    """(the record of the original, how it was made) for a text file or a saved web page."""
    if is_web_page(original, "the original download"):
        return extract_text(original), _extracted_from(original)
    return read_text(original, "the original download"), None


# ---- the text that new-interview is given ---------------------------------------------------------

def interview_text(text_file: Path, original) -> tuple[str, str | None, list[dict] | None, str | None]:
    """(the text, the seed or None, the spans removed from the seed or None, how the seed was made or None).

    ``text_file`` is the cleaned interview (a text file or a saved web page); ``original`` the untouched
    download it was cleaned from, or None. A web page alone is its own seed, with nothing removed.
    """
    how = None
    if is_web_page(text_file):
        text = extract_text(text_file)
        how = _extracted_from(text_file)
        if original is not None and Path(original).resolve() == text_file.resolve():
            original = None
    else:
        text = read_text(text_file, "the interview text")
    if not text.strip():
        raise NewInterviewError(f"{text_file}: the file is empty.")
    if original is not None:
        seed, how = _original_text(Path(original))
        try:
            return text, seed, removed_spans(seed, text), how
        except NewInterviewError as err:
            raise NewInterviewError(f"{text_file}: {err}") from None
    if how:  # the web page alone: its extracted text is the record, nothing removed
        return text, text, [], how
    return text, None, None, None

