"""Start a new interview in a corpus folder with commands, not code.

``python -m helpers new-interview TEXT --doc-id ID --corpus FOLDER --interviewee ID --outlet ID``
copies the text into the folder, adds the document entry (fields left to fill in are marked
``FILL IN``), splits the text into turns (at blank lines, at single line breaks, or at speaker
labels such as ``Q:``, ``RT:`` or ``Ricardo Patiño:``, joining hard-wrapped lines; see ``Layout``)
and proposes a mention for every occurrence of an institution's name or alias. TEXT may also be
a saved web page, whose article text trafilatura extracts (an instructor tool). Both tables get rows with status ``proposed``:
a person checks them in a spreadsheet, then ``python -m helpers confirm ID --corpus FOLDER``
merges neighbouring paragraphs of one speaker into turns and marks the rows confirmed.
Claims are left to the coder (``helpers.coder``). Nothing here ever writes into the bundled
``corpus/`` folder.

Cleaning without code: keep the downloaded page as it is (the *original*), make a copy and
delete from the copy, in a text editor, everything that is not the interview (title bar,
photo captions, adverts, footer). ``--original`` names the untouched download; the command
checks that the copy only *deletes* from it and records every removed span in
``documents.yaml``, so anyone can check the cleaning.

>>> removed_spans("Site | News\\n\\nQ?\\n\\nPhoto: a\\n\\nA.", "Q?\\n\\nA.")
[{'start': 0, 'text': 'Site | News\\n\\n'}, {'start': 17, 'text': 'Photo: a\\n\\n'}]
>>> [kind for kind, _ in guess_turns("Title\\n\\nWhy?\\n\\nBecause.\\n\\nAnd then.")]
['title', 'question', 'answer', 'answer']
"""

from __future__ import annotations

import csv
import difflib
import io
import os
import re
import shutil
import tempfile
from datetime import date
from pathlib import Path

import yaml

from . import vocab
from .vocab import BUNDLED_CORPUS, inside_bundled_corpus, split_list as _split

__all__ = ["NewInterviewError", "removed_spans", "Layout", "paragraphs", "guess_turns", "describe_turns", "start_interview",
           "extract_text", "propose_mentions", "other_spellings", "confirm", "todo", "BUNDLED_CORPUS"]

from .validate import ID_FORM as ID  # noqa: E402  (the one definition of an id's form)
OPENING_LENGTH = 40


class NewInterviewError(ValueError):
    """A problem with the input that the person can fix; the message says what to do."""


# ---- reading and writing the plain files ----------------------------------------------------

def _read_bytes(path: Path, what: str) -> bytes:
    path = Path(path)
    if path.is_dir():
        raise NewInterviewError(f"{path}: is a folder, not a file ({what}). Give the file's own name.")
    if not path.is_file():
        raise NewInterviewError(f"{path}: no such file ({what}).")
    try:
        return path.read_bytes()
    except OSError as err:
        raise NewInterviewError(f"{path}: cannot be read ({err.strerror or err}); check that you may open it ({what}).") from None


def _decode(path: Path, data: bytes, bom_ok: bool = False) -> str:
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


def _read_text(path: Path, what: str) -> str:
    return _decode(Path(path), _read_bytes(path, what))


def read_table(path: Path) -> tuple[list[str], list[dict]]:
    """The header and rows of a CSV file (an empty table if the file does not exist).

    A byte-order mark, as Excel's "CSV UTF-8" writes, is accepted; ``write_table`` writes none.
    """
    path = Path(path)
    if not path.exists():
        return [], []
    text = _decode(path, _read_bytes(path, "a table of the corpus"), bom_ok=True)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return list(reader.fieldnames or []), list(reader)


def _table_bytes(header: list[str], rows: list[dict]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows({k: row.get(k) or "" for k in header} for row in rows)
    return out.getvalue().encode("utf-8")


def write_table(path: Path, header: list[str], rows: list[dict]) -> None:
    """Write a CSV file: UTF-8, LF line endings, minimal quoting (the project's contract)."""
    _commit({Path(path): _table_bytes(header, rows)})


def _cannot_write(path: Path, err: OSError) -> NewInterviewError:
    return NewInterviewError(
        f"{path}: cannot write there ({err.strerror or err}). Nothing was changed. Use a folder you may write to "
        "(e.g. copy the corpus folder into your home folder and give that as --corpus), then run the command again.")


def _commit(files: dict) -> None:
    """Write every file or none: each goes to a temporary file beside it first, then all replace their targets."""
    temps, path = [], None
    try:
        for path, data in files.items():
            path = Path(path)
            if path.is_dir():
                raise NewInterviewError(f"{path}: is a folder where the corpus needs a file; move it away and run the command again.")
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            temps.append((Path(tmp), path))
            with os.fdopen(fd, "wb") as f:
                f.write(data)
        for tmp, path in temps:
            os.replace(tmp, path)
    except OSError as err:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
        raise _cannot_write(path, err) from None


def _with_status(header: list[str], default: list[str]) -> list[str]:
    header = list(header or default)
    return header if "status" in header else header + ["status"]


def _yaml_string(value: str) -> str:
    """A double-quoted YAML scalar on one line, exactly equal to ``value`` when read back."""
    out = yaml.safe_dump(value, default_style='"', allow_unicode=True, width=float("inf")).strip()
    out = out.removesuffix("...").strip()
    assert yaml.safe_load(out) == value
    return out


def _check_folder(corpus: Path) -> Path:
    corpus = Path(corpus).expanduser().resolve()
    if inside_bundled_corpus(corpus):
        raise NewInterviewError(
            f"{corpus} is the bundled corpus, which no command changes. Name a folder of your own, "
            "e.g. --corpus my_corpus: the command creates it as a copy of the bundled corpus.")
    return corpus


# ---- cleaning: what was deleted from the original ------------------------------------------

def _where(text: str, pos: int) -> str:
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
            where, at = b0 + d1, a0 + c1
            raise NewInterviewError(
                f"the cleaned text, {_where(cleaned, where)}, reads {cleaned[max(0, where - 12):where + 28]!r} where the "
                f"original, {_where(original, at)}, reads {original[max(0, at - 12):at + 28]!r}. Only delete from "
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
                f"the cleaned text cuts {cut[:40]!r} from inside a line of the original ({_where(original, start)}). "
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


# ---- turns: paragraphs, speaker labels and a first guess of who speaks -------------------------

# A speaker label at the start of a line: "RT:", "Q:", "Q.", "Interviewer:", "Ricardo Patiño:",
# "Sacha Llorenti :", "**Name:**", "- Celso Amorim:", "P:", "Pregunta:", "Resposta:" ... (checked further in _label).
LABEL = re.compile(r"[ \t]*(?:[-–—][ \t]*)?(?:\*\*|__)?(?P<label>[^\W\d_][\w.’'\- ]{0,40}?)[ \t]*(?:\*\*|__)?[ \t]*"
                   r"(?P<mark>:|\.(?=[ \t]))[ \t]*(?:\*\*|__)?(?=\s|$)")
OUTLET_LABELS = {"q", "p", "question", "pregunta", "pergunta", "interviewer", "entrevistador", "entrevistadora",
                 "periodista", "jornalista", "reporter", "host"}
INTERVIEWEE_LABELS = {"a", "r", "answer", "respuesta", "resposta", "interviewee", "entrevistado", "entrevistada"}
PARTICLES = {"de", "da", "del", "do", "dos", "das", "la", "las", "los", "y", "e", "van", "von", "di", "du", "le"}
SENTENCE_END = re.compile(r"[.?!…:;][\"”’»)\]*_]*\s*$")  # trailing spaces of any kind (NBSP too)
THANKS = re.compile(r"(thank|gracias|muchas gracias|obrigad|merci)", re.I)


def _fold(s: str) -> str:
    """Lower case without accents, for comparing a label with a speaker id."""
    import unicodedata
    return "".join(c for c in unicodedata.normalize("NFKD", s.lower()) if not unicodedata.combining(c))


def _label(line: str) -> tuple[str, int] | None:
    """(label, length of the label with its colon and spaces) if ``line`` starts with a speaker label.

    >>> _label("Ricardo Patiño: We believe that"), _label("**Q:** Why?"), _label("Q. Why?"), _label("12:30 pm")
    (('Ricardo Patiño', 15), ('Q', 6), ('Q', 2), None)
    >>> _label("- Celso Amorim: La solución"), _label("— P: ¿Y?"), _label("- ¿Qué solución?")
    (('Celso Amorim', 15), ('P', 4), None)
    """
    m = LABEL.match(line)
    if not m:
        return None
    label = m.group("label").strip().rstrip(".").strip()
    words = label.split()
    if not words or len(words) > 5 or not label[0].isupper():
        return None
    if m.group("mark") == ".":  # "Q. Why?": only the one-letter question and answer labels
        if _fold(label) not in {"q", "a", "p", "r"}:
            return None
    elif not all(w[0].isupper() or w in PARTICLES for w in words):
        return None
    return label, m.end()


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset, line without its line break) for every line."""
    out, at = [], 0
    for line in text.splitlines(keepends=True):
        out.append((at, line.rstrip("\r\n")))
        at += len(line)
    return out


def _initials(label: str) -> str:
    return "".join(w[0] for w in label.split() if w not in PARTICLES).upper()


def _matches_id(label: str, speaker_id: str | None) -> bool:
    if not speaker_id:
        return False
    words = re.findall(r"\w+", _fold(label))
    parts = [p for p in speaker_id.split("_") if len(p) > 1 and not p.isdigit()]
    return "".join(words) == speaker_id.replace("_", "") or any(p in words for p in parts)


def _found_labels(lines: list[tuple[int, str]]) -> dict[int, tuple[str, int]]:
    """{line number: (label, its length)} for every line after the first that starts with a speaker label."""
    found = {i: _label(line) for i, (_, line) in enumerate(lines) if i > 0 and line.strip()}
    return {i: lab for i, lab in found.items() if lab}


def _known_labels(found: dict, lines: list[tuple[int, str]], interviewee: str | None, outlet: str | None) -> set[str]:
    """The labels taken as speakers: used twice, naming a speaker id, a question or answer label, or initials of one."""
    counts: dict[str, int] = {}
    for label, _ in found.values():
        counts[label] = counts.get(label, 0) + 1
    said = {lab for i, (lab, end) in found.items() if lines[i][1][:end].rstrip(" \t*_").endswith(":")}
    known = {lab for lab in counts if counts[lab] >= 2 or _matches_id(lab, interviewee) or _matches_id(lab, outlet)
             or (lab in said and _fold(lab) in OUTLET_LABELS | INTERVIEWEE_LABELS)}  # "P:" or "Pregunta:" once
    named = {_initials(k) for k in known if " " in k}  # "Ricardo Patiño:" once, then "RP:" (or the reverse)
    return known | {lab for lab in counts if _initials(lab) in known or lab.replace(".", "") in named}


def _label_groups(labels: list[str]) -> dict[str, str]:
    """{label: the label of its speaker}: "RP" and "Ricardo Patiño" are one speaker.

    >>> _label_groups(["Ricardo Patiño", "RP", "Q"])
    {'Ricardo Patiño': 'Ricardo Patiño', 'RP': 'Ricardo Patiño', 'Q': 'Q'}
    """
    group = {lab: lab for lab in labels}
    for lab in labels:
        for other in labels:
            if other != lab and " " in other and _initials(other) == lab.replace(".", ""):
                group[lab] = other
    return group


def _role_by_name(speaker: str, names: list[str], interviewee: str | None, outlet: str | None) -> tuple[str, str] | None:
    """(role, why) if the labels ``names`` of ``speaker`` name its role: a speaker id, a question or an answer label."""
    if any(_matches_id(lab, interviewee) for lab in names):
        return "interviewee", f"matches --interviewee {interviewee}"
    if any(_matches_id(lab, outlet) for lab in names):
        return "outlet", f"matches --outlet {outlet}"
    if _fold(speaker) in OUTLET_LABELS:
        return "outlet", "a question label"
    if _fold(speaker) in INTERVIEWEE_LABELS:
        return "interviewee", "an answer label"
    return None


def _usual_width(lines: list[tuple[int, str]]) -> int:
    """The length of a full line: the 90th percentile of the non-blank lines' lengths."""
    filled = [len(line.strip()) for _, line in lines if line.strip()]
    return sorted(filled)[int(0.9 * (len(filled) - 1))] if filled else 0


def _wrapping(lines: list[tuple[int, str]]) -> tuple[bool, bool]:
    """(hard-wrapped: most line breaks fall mid-sentence, whether blank lines then mark the paragraphs)."""
    joins = [i for i in range(len(lines) - 1) if lines[i][1].strip() and lines[i + 1][1].strip()]
    mid = [i for i in joins if not SENTENCE_END.search(lines[i][1])]
    blanks = sum(1 for i in range(1, len(lines)) if not lines[i][1].strip() and lines[i - 1][1].strip())
    wrapped = len(joins) >= 3 and len(mid) >= 0.5 * len(joins)
    return wrapped, wrapped and blanks >= 3


def _guess_kind(first: bool, last: bool, role: str | None, body: str, seen_question: bool) -> tuple[str, str]:
    """(kind, "interviewee" or "outlet") of a unit whose text is ``body``; ``role`` is its label's, if any.

    >>> _guess_kind(False, False, None, "Why?", False), _guess_kind(False, True, None, "Thank you.", True)
    (('question', 'outlet'), ('closing', 'outlet'))
    """
    closing = last and seen_question and THANKS.match(body) and len(body) < 200
    if first:
        return "title", "outlet"
    if role == "interviewee":
        return "answer", "interviewee"
    if role == "outlet":
        return ("closing" if closing else "question"), "outlet"
    if closing:
        return "closing", "outlet"
    if body.endswith("?"):
        return "question", "outlet"
    return ("answer", "interviewee") if seen_question else ("introduction", "outlet")


class Layout:
    """How ``new-interview`` read a text: its units (start, end, label), the labels' speakers, warnings."""

    def __init__(self, text: str, interviewee: str | None = None, outlet: str | None = None):
        self.text = text
        lines = _lines(text)
        found = _found_labels(lines)
        known = _known_labels(found, lines, interviewee, outlet)
        self.candidates = set(found)  # lines that look like a label: a turn may start there
        self.labels = {i: lab[0] for i, lab in found.items() if lab[0] in known}
        self.mapping = self._map(lines, interviewee, outlet)
        self.throughout = self._labelled_throughout()
        self.units = self._units(lines)
        self.layout = self._describe(lines)
        self.warnings = self._warnings()

    def _labelled_throughout(self) -> bool:
        """True if labels mark the turns all through: four or more, at least two by each side."""
        roles = [self.mapping[lab][0] for lab in self.labels.values()]
        return len(self.labels) >= 4 and roles.count("interviewee") >= 2 and roles.count("outlet") >= 2

    # -- which lines start a new unit
    def _units(self, lines) -> list[tuple[int, int, str | None]]:
        width = _usual_width(lines)
        self.wrapped, trust_blank_lines = _wrapping(lines)
        first_label = min(self.labels, default=None)
        label_at = {0: None}  # the offset where each unit starts: its label
        for i, (at, line) in enumerate(lines):
            after_first = self.throughout and first_label is not None and i > first_label
            if i > 0 and line.strip() and self._starts_unit(lines, i, after_first, trust_blank_lines, width):
                label_at[at] = self.labels.get(i)
        starts = list(label_at)
        return [(s, e, label_at[s]) for s, e in zip(starts, starts[1:] + [len(self.text)])]

    def _starts_unit(self, lines, i: int, after_first: bool, trust_blank_lines: bool, width: int) -> bool:
        """True if the non-blank line ``i`` starts a new unit."""
        before = lines[i - 1][1]
        if i in self.candidates:  # a label, or a line that looks like one (every labelled line is a candidate)
            return True
        if not before.strip():  # after a blank line; once labels mark the turns, only a label starts one
            return not after_first
        if after_first:
            return False
        if i == 1:
            return True
        if trust_blank_lines:
            return False
        return bool(SENTENCE_END.search(before)) or len(before.strip()) < 0.6 * width

    # -- which label is which speaker
    def _map(self, lines, interviewee, outlet) -> dict[str, tuple[str, str]]:
        labels = list(dict.fromkeys(self.labels.values()))
        group = _label_groups(labels)
        size, asks = self._sizes(lines, group)
        decided: dict[str, tuple[str, str]] = {}
        for g in size:
            role = _role_by_name(g, [lab for lab in labels if group[lab] == g], interviewee, outlet)
            if role:
                decided[g] = role
        rest = [g for g in size if g not in decided]
        if rest and "interviewee" not in {r for r, _ in decided.values()}:
            talker = max(rest, key=lambda g: (size[g] - 1000 * asks[g], size[g]))
            decided[talker] = ("interviewee", "says the most and asks the fewest questions")
        for g in rest:
            decided.setdefault(g, ("outlet", "asks the questions" if asks[g] else "not the interviewee's label"))
        return {lab: (decided[group[lab]][0], decided[group[lab]][1] + (f"; the initials of {group[lab]!r}" if group[lab] != lab else ""))
                for lab in labels}

    def _sizes(self, lines, group: dict[str, str]) -> tuple[dict[str, int], dict[str, int]]:
        """({speaker: characters said}, {speaker: turns that end with a question mark}), by the labelled turns."""
        size = {g: 0 for g in group.values()}
        asks = {g: 0 for g in group.values()}
        starts = sorted(self.labels)
        for k, i in enumerate(starts):
            end = lines[starts[k + 1]][0] if k + 1 < len(starts) else len(self.text)
            body = self.text[lines[i][0]:end].strip()
            size[group[self.labels[i]]] += len(body)
            asks[group[self.labels[i]]] += body.endswith("?")
        return size, asks

    def _describe(self, lines) -> str:
        if self.throughout:
            return "speaker labels at the start of lines" + (" (lines hard-wrapped; joined into turns)" if self.wrapped else "")
        if any(not line.strip() for _, line in lines[1:-1]) and not self.wrapped and \
                all(not lines[i][1].strip() or not lines[i + 1][1].strip() for i in range(1, len(lines) - 1)):
            return "paragraphs separated by blank lines"
        return "hard-wrapped lines, joined into paragraphs" if self.wrapped else "paragraphs separated by line breaks"

    def _warnings(self) -> list[str]:
        text = self.text
        if len(text) < 2000 or (len(self.units) >= 4 and max(e - s for s, e, _ in self.units) < 0.6 * len(text)):
            return []
        s, e, _ = max(self.units, key=lambda u: u[1] - u[0])
        body = text[s:e]
        what = (f"Only {len(self.units)} turn(s) were found in {len(text):,} characters; the longest runs from "
                f"{_where(text, s)} to {_where(text, e)}. ")
        inline = [m.group(1) for m in re.finditer(r"[.?!”\"]\s+((?:Q|A|P|R|Pregunta|Respuesta|Pergunta|Resposta|Interviewer"
                                                   r"|[A-Z]{2,4}|[A-Z][a-zà-ÿ]+(?: [A-Z][a-zà-ÿ]+){0,2})\s?:)\s", body)]
        repeated = [lab for lab in dict.fromkeys(inline) if inline.count(lab) >= 2]
        if repeated:
            cause = f"Speaker labels such as {repeated[0]!r} stand inside lines, not at their start."
        elif "\n" not in body.strip():
            cause = "The text has no line breaks there: the copy lost them."
        elif re.search(r"\?\s+\S", body):
            cause = "A question and its answer seem to share one paragraph."
        else:
            cause = "Its lines were read as one hard-wrapped paragraph."
        return [what + cause + " The commands never add a line break (the text stays verbatim): save the web page "
                "itself (File › Save Page As, 'Web page, HTML only') and give it as --original, or copy the page again "
                "from another browser; see 'If something goes wrong' in instructor/ADDING_AN_INTERVIEW.md."]

    # -- the guess
    def turns(self) -> list[tuple[str, str, tuple[int, int]]]:
        """(kind, "interviewee" or "outlet", (start, end)) for every unit."""
        out, seen_question, role = [], False, None
        for n, (start, end, label) in enumerate(self.units):
            body = self.text[start:end].strip()
            if label:
                role = self.mapping[label][0]
                body = body[_label(body)[1]:].strip() if _label(body) else body
            elif not (self.throughout and role):
                role = None
            kind, who = _guess_kind(n == 0, n == len(self.units) - 1, role, body, seen_question)
            seen_question = seen_question or kind == "question"
            out.append((kind, who, (start, end)))
        return out

    def title(self) -> str:
        """The first line of the text, as a guess of the title ("" if it is not a plausible title)."""
        first = next((line.strip() for _, line in _lines(self.text) if line.strip()), "")
        return first if len(first) <= 200 else ""

    def report(self) -> list[str]:
        """What was guessed, one line each, for the person to check."""
        out = [f"Layout: {self.layout}."]
        for lab, (role, why) in self.mapping.items():
            n = sum(1 for v in self.labels.values() if v == lab)
            out.append(f"Speaker label {lab!r} ({n} line(s)) -> {role} ({why}).")
        return out + [f"WARNING: {w}" for w in self.warnings]


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph; the blank lines or the line break after a paragraph belong to it.

    >>> paragraphs("One.\\n\\nTwo.\\n")
    [(0, 6), (6, 11)]
    >>> paragraphs("Title\\nQ: Why?\\nA: Because it\\nwas so.\\nQ: And?\\nA: Yes.")
    [(0, 6), (6, 14), (14, 36), (36, 44), (44, 51)]
    """
    return [(s, e) for s, e, _ in Layout(text).units]


def guess_turns(text: str, interviewee: str | None = None, outlet: str | None = None) -> list[tuple[str, tuple[int, int]]]:
    """A first guess of each paragraph's kind: (kind, (start, end)), for a person to check.

    The first paragraph is the title. A paragraph that starts with a speaker label takes its
    speaker's kind (the outlet's question, the interviewee's answer). Otherwise paragraphs before
    the first question are the introduction; a paragraph ending with "?" is a question; a short
    last paragraph that thanks is the closing; every other one is an answer.
    """
    return [(kind, span) for kind, _, span in Layout(text, interviewee, outlet).turns()]


def describe_turns(rows: list[dict], labelled: bool = False) -> list[str]:
    """The proposed turns, one short line each (number, kind, speaker, opening), to check against the text,
    then a line on what to look at first.

    >>> rows = [dict(turn_id="x_t01", kind="title", speaker_id="el_tiempo", opening="LA UNASUR ESTÁ BLINDADA"),
    ...         dict(turn_id="x_t02", kind="introduction", speaker_id="el_tiempo", opening="Es un milagro de la"),
    ...         dict(turn_id="x_t03", kind="question", speaker_id="el_tiempo", opening="¿El esquema de Colombia")]
    >>> print("\\n".join(describe_turns(rows)))  # doctest: +NORMALIZE_WHITESPACE
      t01  title         el_tiempo  LA UNASUR ESTÁ BLINDADA
      t02  introduction  el_tiempo  Es un milagro de la
      t03  question      el_tiempo  ¿El esquema de Colombia
    Check the introduction (t02): it is every paragraph before the first one that ends with '?'. A question put as a statement (no '?') and its answer land there: change their kind to question and answer, and the answer's speaker_id to the interviewee.
    """
    width = max((len(r["kind"]) for r in rows), default=0)
    who = max((len(r["speaker_id"]) for r in rows), default=0)
    out = [f"  {r['turn_id'].rsplit('_', 1)[-1]}  {r['kind']:<{width}}  {r['speaker_id']:<{who}}  {r['opening']}"
           for r in rows]
    intro = [r["turn_id"].rsplit("_", 1)[-1] for r in rows if r["kind"] == "introduction"]
    if intro and not labelled:
        out.append(f"Check the introduction ({intro[0]}{'–' + intro[-1] if len(intro) > 1 else ''}): it is every "
                   "paragraph before the first one that ends with '?'. A question put as a statement (no '?') and its "
                   "answer land there: change their kind to question and answer, and the answer's speaker_id to the "
                   "interviewee.")
    return out


def _opening(text: str, start: int, end: int) -> str:
    return text[start:min(end, start + OPENING_LENGTH)].split("\n")[0].rstrip("\r")


# ---- mentions ---------------------------------------------------------------------------------

def _alias_finder(institutions: list[dict]):
    owner = {}
    for row in institutions:
        for alias in _split(row.get("aliases")):
            owner.setdefault(alias, row["institution_id"])
    if not owner:
        return None, owner
    # a space in an alias matches any run of spaces and line breaks (hard-wrapped text)
    alternation = "|".join(r"\s+".join(map(re.escape, a.split())) for a in sorted(owner, key=len, reverse=True))
    owner.update({" ".join(a.split()): i for a, i in list(owner.items())})
    return re.compile(r"(?<![\w-])(?:" + alternation + r")(?![\w-])"), owner


def _next_number(ids, prefix: str) -> int:
    numbers = [int(m.group(1)) for i in ids if (m := re.fullmatch(re.escape(prefix) + r"(\d+)", i or ""))]
    return max(numbers, default=0) + 1


def _offset(row: dict, field: str, path: Path, line: int) -> int:
    try:
        return int(str(row.get(field) or "").strip())
    except ValueError:
        raise NewInterviewError(f"{path}:{line}: {field}: {row.get(field)!r} is not a whole number. Never change start or "
                                "end; take the file again from the last copy that worked.") from None


def _new_mentions(text: str, doc_id: str, institutions: list[dict], rows: list[dict], path: Path) -> list[dict]:
    """The proposed mention rows for alias occurrences that no row of ``doc_id`` covers yet."""
    finder, owner = _alias_finder(institutions)
    covered = sorted((_offset(r, "start", path, i + 2), _offset(r, "end", path, i + 2))
                     for i, r in enumerate(rows) if r.get("doc_id") == doc_id)
    prefix = f"{doc_id}_m"
    number = _next_number((r.get("mention_id") for r in rows), prefix)
    added = []
    for m in finder.finditer(text) if finder else ():
        if any(s <= m.start() and m.end() <= e for s, e in covered):
            continue
        added.append({"mention_id": f"{prefix}{number:03d}", "doc_id": doc_id, "institution_id": owner[" ".join(m.group().split())],
                      "start": str(m.start()), "end": str(m.end()), "surface": m.group(), "status": "proposed"})
        number += 1
    return added


def other_spellings(corpus, doc_id: str) -> list[str]:
    """Words of the text that spell a known alias differently (upper or lower case), one line each.

    "Unasur" is not the alias "UNASUR", so no mention is proposed for it; the person decides whether
    to add the spelling to the institution's aliases (then ``propose-mentions`` finds it).
    """
    shown = vocab.shown_path(corpus)  # as the person types it, in the commands it suggests
    corpus = Path(corpus).expanduser().resolve()
    document = _document(corpus, doc_id)
    text = _read_text(corpus / document["text"], f"the text of {doc_id}")
    _, institutions = read_table(corpus / "institutions.csv")
    finder, owner = _alias_finder(institutions)
    if not finder:
        return []
    folded = {a.casefold(): (a, i) for a, i in owner.items() if len(a) >= 4}  # not "UN" for the word "un"
    loose = re.compile(finder.pattern, re.IGNORECASE)
    found: dict[str, list] = {}
    for m in loose.finditer(text):
        surface = " ".join(m.group().split())
        if surface not in owner and surface.casefold() in folded and surface[0].isupper():
            found.setdefault(surface, []).append(m.start())
    return [f"The text says {surface!r} ({len(at)} time(s), first at {_where(text, at[0])}), a spelling of "
            f"{folded[surface.casefold()][0]!r} (institution {folded[surface.casefold()][1]}) that its aliases lack. If it names that institution, add {surface} to its "
            f"aliases in institutions.csv (after a |), then run: python -m helpers propose-mentions {doc_id} --corpus {shown}"
            for surface, at in found.items()]


MENTION_COLUMNS = ["mention_id", "doc_id", "institution_id", "start", "end", "surface"]
TURN_COLUMNS = ["turn_id", "doc_id", "speaker_id", "kind", "start", "end", "opening"]


def propose_mentions(corpus, doc_id: str) -> int:
    """Add a ``proposed`` row to mentions.csv for each alias occurrence no mention covers yet.

    Run it again after adding institutions, or a new spelling to an institution's ``aliases``: it
    only adds what is missing. Returns the number of rows added.
    """
    corpus = _check_folder(corpus)
    document = _document(corpus, doc_id)
    text = _read_text(corpus / document["text"], f"the text of {doc_id}")
    _, institutions = read_table(corpus / "institutions.csv")
    path = corpus / "mentions.csv"
    header, rows = read_table(path)
    added = _new_mentions(text, doc_id, institutions, rows, path)
    if added:
        _commit({path: _table_bytes(_with_status(header, MENTION_COLUMNS), rows + added)})
    return len(added)


# ---- the document entry -------------------------------------------------------------------------

def _documents(corpus: Path) -> list:
    path = corpus / "documents.yaml"
    if corpus.is_file():
        raise NewInterviewError(f"{corpus}: is a file, not a folder. --corpus must name a corpus folder (one that holds documents.yaml).")
    if not path.is_file():
        raise NewInterviewError(f"{path}: not found. --corpus must name a corpus folder (one that holds documents.yaml).")
    try:
        return yaml.safe_load(_read_text(path, "the corpus's list of documents")) or []
    except yaml.YAMLError as err:
        raise NewInterviewError(f"{path}: cannot be read as YAML ({err}); run python -m helpers validate {corpus}") from None


def _document(corpus: Path, doc_id: str) -> dict:
    docs = [d for d in _documents(corpus) if isinstance(d, dict)]
    for doc in docs:
        if doc.get("doc_id") == doc_id:
            if not isinstance(doc.get("text"), str):
                raise NewInterviewError(f"{corpus / 'documents.yaml'}: {doc_id}: text: must name the text file, e.g. texts/{doc_id}.txt.")
            return doc
    known = ", ".join(str(d.get("doc_id")) for d in docs)
    raise NewInterviewError(f"{corpus / 'documents.yaml'}: no document {doc_id!r} (the documents are: {known}). "
                            "Check the spelling, or start it with python -m helpers new-interview.")


FILL_IN = ("title", "outlet", "date", "url", "rights")


def _entry(doc_id, title, interviewee, outlet, language, spans, how=None) -> str:
    lines = [
        f"- doc_id: {doc_id}",
        f"  # Started with `python -m helpers new-interview` on {date.today().isoformat()}. Fill in every",
        "  # field marked FILL IN, keeping the quotes, and give a source (title, publisher, date, URL) for each fact.",
        (f"  title: {_yaml_string(title)}   # CHECK: copied from the first line of the text" if title else
         '  title: ""   # FILL IN: the headline as published (the first line of the text was too long to be one)'),
        '  outlet: ""   # FILL IN: who published the interview, e.g. "Brasil de Fato"',
        "  interviewer: null   # FILL IN the interviewer's name in quotes if the page credits one; else leave null",
        f"  interviewee: {interviewee}",
        f"  outlet_speaker: {outlet}",
        '  date: ""   # FILL IN: the publication date as published, e.g. "14 Mar 2022"',
        "  date_sources:",
        '    - ""   # FILL IN: where the date comes from (title, publisher, date, URL)',
        '  url: ""   # FILL IN: the web address of the published interview',
        f"  language: {language}",
        '  rights: ""   # FILL IN: who holds the copyright, and on what basis the text is reproduced',
        f"  text: texts/{doc_id}.txt",
    ]
    if spans is not None:
        lines += [f"  seed: seeds/{doc_id}.txt"] + ([f"  # The seed is {how}."] if how else []) + [
                  "  boilerplate:",
                  "    # Written by the command: every span deleted from the original download (the seed), in",
                  "    # order; start = its offset in the seed. Do not edit; say in boilerplate_note what they are.",
                  "    removed:" + ("" if spans else " []")]
        for span in spans:
            lines += [f"      - start: {span['start']}", f"        text: {_yaml_string(span['text'])}"]
        lines.append('  boilerplate_note: ""   # FILL IN: what was removed (title bar, photo captions, adverts, footer)')
    return "\n".join(lines) + "\n"


def _check_speaker(corpus: Path, speaker_id: str, kind: str) -> bool:
    """True if the speaker is new; raises if the id exists with another kind."""
    for row in read_table(corpus / "speakers.csv")[1]:
        if row["speaker_id"] == speaker_id:
            if row["kind"] != kind:
                raise NewInterviewError(f"{corpus / 'speakers.csv'}: {speaker_id!r} is a speaker of kind {row['kind']!r}, "
                                        f"not {kind!r}; choose another id.")
            return False
    return True


# ---- a saved web page as the original ------------------------------------------------------------

def is_web_page(path, what: str = "the interview text") -> bool:
    """True if the file is a saved web page (HTML) rather than plain text."""
    path = Path(path)
    head = _read_bytes(path, what)[:4096].lstrip().lower()
    if path.suffix.lower() in (".html", ".htm", ".xhtml"):
        return True
    return head.startswith(b"<!doctype html") or head.startswith(b"<html")


def extract_text(page) -> str:
    """The article text of a saved web page, paragraphs on their own lines, speaker labels kept.

    Made with trafilatura (an instructor tool in requirements-dev.txt, not in the students'
    environment); the same page and version always give the same text.
    """
    page = Path(page)
    data = _read_bytes(page, "the saved web page")
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
    try:
        from importlib.metadata import version
        return version("trafilatura")
    except Exception:
        return "unknown"


def _original_text(original: Path) -> tuple[str, str | None]:
    """(the record of the original, how it was made) for a text file or a saved web page."""
    if is_web_page(original, "the original download"):
        return extract_text(original), f"the article text that trafilatura {trafilatura_version()} extracted from {Path(original).name}"
    return _read_text(original, "the original download"), None


# ---- starting the interview ---------------------------------------------------------------------

def _check_ids(doc_id: str, interviewee: str, outlet: str) -> None:
    for what, value in (("--doc-id", doc_id), ("--interviewee", interviewee), ("--outlet", outlet)):
        if not isinstance(value, str) or not ID.fullmatch(value):
            raise NewInterviewError(f"{what} {value!r}: use lower-case letters, digits and _ only, starting with a letter, e.g. choquehuanca_2022.")
    if interviewee == outlet:
        raise NewInterviewError("--interviewee and --outlet must be different speakers.")


def _interview_text(text_file: Path, original) -> tuple[str, str | None, list[dict] | None, str | None]:
    """(the text, the seed or None, the spans removed from the seed or None, how the seed was made or None)."""
    how = None
    if is_web_page(text_file):
        text = extract_text(text_file)
        how = f"the article text that trafilatura {trafilatura_version()} extracted from {text_file.name}"
        if original is not None and Path(original).resolve() == text_file.resolve():
            original = None
    else:
        text = _read_text(text_file, "the interview text")
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


def _check_new_document(source: Path, corpus: Path, doc_id: str) -> None:
    """Raise if ``doc_id`` or its files exist already in ``source`` (the folder as it is now)."""
    if any(isinstance(d, dict) and d.get("doc_id") == doc_id for d in _documents(source)):
        raise NewInterviewError(f"{corpus / 'documents.yaml'}: there is already a document {doc_id!r}. Choose another --doc-id.")
    for rel in (f"texts/{doc_id}.txt", f"seeds/{doc_id}.txt"):
        if (source / rel).exists():
            raise NewInterviewError(f"{corpus / rel} already exists. Choose another --doc-id, or delete that file.")


def _with_entry(source: Path, entry: str) -> bytes:
    """documents.yaml with ``entry`` added at its end, after a blank line."""
    before = _read_text(source / "documents.yaml", "the corpus's list of documents")
    return (before + ("" if before.endswith("\n") or not before else "\n") + "\n" + entry).encode("utf-8")


def _proposed_turns(source: Path, doc_id: str, text: str, layout: Layout, speakers: dict) -> tuple[bytes, list[str]]:
    """(turns.csv with a proposed row for each guessed turn, the lines that describe them).

    ``speakers`` maps "interviewee" and "outlet" to their speaker ids.
    """
    header, rows = read_table(source / "turns.csv")
    first_new = len(rows)
    for n, (kind, who, (start, end)) in enumerate(layout.turns(), 1):
        rows.append({"turn_id": f"{doc_id}_t{n:02d}", "doc_id": doc_id, "speaker_id": speakers[who],
                     "kind": kind, "start": str(start), "end": str(end), "opening": _opening(text, start, end),
                     "status": "proposed"})
    return _table_bytes(_with_status(header, TURN_COLUMNS), rows), describe_turns(rows[first_new:], labelled=bool(layout.labels))


def _create_corpus(corpus: Path, files: dict) -> None:
    """Make ``corpus`` as a copy of the bundled corpus with ``files`` (relative path: bytes) written in: all or nothing."""
    staging = None
    try:
        corpus.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{corpus.name}.", dir=corpus.parent))
        shutil.copytree(BUNDLED_CORPUS, staging / "corpus")
        for rel, data in files.items():
            (staging / "corpus" / rel).parent.mkdir(parents=True, exist_ok=True)
            (staging / "corpus" / rel).write_bytes(data)
        os.replace(staging / "corpus", corpus)
    except OSError as err:
        raise _cannot_write(corpus, err) from None
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)


def start_interview(text_file, doc_id: str, corpus, interviewee: str, outlet: str, original=None,
                    language: str = "en") -> dict:
    """Add a new interview to ``corpus`` (a folder; created as a copy of the bundled corpus if missing).

    Every check runs before anything is written, and then every file is written or none.

    Args:
        text_file: the interview as plain UTF-8 text (paragraphs on their own lines, with or without
            blank lines between them, or speaker labels at line starts), or a saved web page.
        doc_id (str): a short lower-case id, e.g. "choquehuanca_2022".
        corpus: the corpus folder to add it to (never the bundled corpus/).
        interviewee, outlet (str): speaker ids; unknown ones are added to speakers.csv.
        original: the untouched download that ``text_file`` was cleaned from, if any: a text file
            or a saved web page (then its extracted article text is the record).
        language (str): the language code of the text.

    Returns:
        dict with what was done: created (bool), turns, mentions, speakers_added, removed, layout
        (the lines that say how the text was read), extracted_from.
    """
    _check_ids(doc_id, interviewee, outlet)
    corpus = _check_folder(corpus)
    if corpus.is_file():
        raise NewInterviewError(f"{corpus}: is a file, not a folder. --corpus must name a corpus folder (or a new name).")
    text, seed, spans, how = _interview_text(Path(text_file), original)
    created = not corpus.exists()
    source = BUNDLED_CORPUS if created else corpus  # check everything before writing anything
    _check_new_document(source, corpus, doc_id)
    new_speakers = [(s, k) for s, k in ((interviewee, "interviewee"), (outlet, "outlet")) if _check_speaker(source, s, k)]
    _, institutions = read_table(source / "institutions.csv")
    layout = Layout(text, interviewee, outlet)

    files: dict[Path, bytes] = {}
    if new_speakers:
        header, rows = read_table(source / "speakers.csv")
        files[Path("speakers.csv")] = _table_bytes(header, rows + [{"speaker_id": s, "kind": k} for s, k in new_speakers])
    files[Path("texts") / f"{doc_id}.txt"] = text.encode("utf-8")
    if seed is not None:
        files[Path("seeds") / f"{doc_id}.txt"] = seed.encode("utf-8")
    files[Path("documents.yaml")] = _with_entry(source, _entry(doc_id, layout.title(), interviewee, outlet, language, spans, how))
    files[Path("turns.csv")], proposed = _proposed_turns(source, doc_id, text, layout, {"interviewee": interviewee, "outlet": outlet})
    header, rows = read_table(source / "mentions.csv")
    mentions = _new_mentions(text, doc_id, institutions, rows, source / "mentions.csv")
    files[Path("mentions.csv")] = _table_bytes(_with_status(header, MENTION_COLUMNS), rows + mentions)

    if created:
        _create_corpus(corpus, files)
    else:
        _commit({corpus / rel: data for rel, data in files.items()})
    return {"corpus": corpus, "created": created, "turns": len(layout.units), "mentions": len(mentions),
            "speakers_added": [s for s, _ in new_speakers], "removed": len(spans or []), "layout": layout.report(),
            "extracted_from": how, "proposed": proposed}


# ---- confirming the reviewed rows ---------------------------------------------------------------

def _turn_kinds(corpus: Path) -> list[str]:
    """The turn kinds that the corpus's codebook.yaml allows."""
    try:
        codebook = yaml.safe_load(_read_text(corpus / "codebook.yaml", "the codebook's category lists")) or {}
    except yaml.YAMLError as err:
        raise NewInterviewError(f"{corpus / 'codebook.yaml'}: cannot be read as YAML ({err}).") from None
    return list(codebook.get("turn_kinds") or []) if isinstance(codebook, dict) else []


def _ids(path: Path, field: str) -> set:
    """The values of column ``field`` in the table ``path``."""
    return {r.get(field) for r in read_table(path)[1]}


def _offset_problems(row: dict, fields, path: Path, line: int) -> list[str]:
    problems = []
    for field in fields:
        try:
            _offset(row, field, path, line)
        except NewInterviewError as err:
            problems.append(str(err))
    return problems


def _turn_problems(mine: list, path: Path, doc_id: str, kinds: list[str], speakers: set) -> list[str]:
    """What stops ``confirm`` in the turn rows ``mine`` ((index, row) pairs) of ``doc_id``."""
    problems = [] if mine else [f"{path}: no rows for {doc_id}; run python -m helpers new-interview first"]
    for i, r in mine:
        line = i + 2
        if r.get("kind") not in kinds:
            problems.append(f"{path}:{line}: kind: {r.get('kind')!r} is not a turn kind; use one of {', '.join(kinds)}")
        if r.get("speaker_id") not in speakers:
            problems.append(f"{path}:{line}: speaker_id: {r.get('speaker_id')!r} is not in speakers.csv")
        problems += _offset_problems(r, ("start", "end"), path, line)
    return problems


def _mention_problems(mentions: list[dict], path: Path, doc_id: str, institutions: set) -> list[str]:
    return [f"{path}:{i + 2}: institution_id: {r.get('institution_id')!r} is not in institutions.csv; "
            "add the institution there, or correct the id (the first column of institutions.csv)"
            for i, r in enumerate(mentions) if r.get("doc_id") == doc_id and r.get("institution_id") not in institutions]


def _claim_problems(claims: list[dict], path: Path, doc_id: str) -> list[str]:
    return [p for i, c in enumerate(claims) if c.get("doc_id") == doc_id for p in _offset_problems(c, ("start",), path, i + 2)]


def _merged_turns(mine: list, text: str, doc_id: str) -> list[dict]:
    """Neighbouring rows of one speaker and kind joined into one turn, numbered ``<doc_id>_tNN``, confirmed."""
    merged: list[dict] = []
    for _, r in sorted(mine, key=lambda p: int(p[1]["start"])):
        if merged and (merged[-1]["speaker_id"], merged[-1]["kind"]) == (r["speaker_id"], r["kind"]) \
                and int(merged[-1]["end"]) == int(r["start"]):
            merged[-1]["end"] = r["end"]
        else:
            merged.append(dict(r))
    for n, r in enumerate(merged, 1):
        start, end = int(r["start"]), int(r["end"])
        r.update(turn_id=f"{doc_id}_t{n:02d}", opening=_opening(text, start, end), status="")
    return merged


def _follow_turns(claims: list[dict], merged: list[dict], doc_id: str) -> bool:
    """Point each claim of ``doc_id`` at the merged turn it starts in; False if the document has no claims."""
    mine = [c for c in claims if c.get("doc_id") == doc_id]
    for c in mine:
        c["turn_id"] = next((t["turn_id"] for t in merged if int(t["start"]) <= int(c["start"]) < int(t["end"])), c["turn_id"])
    return bool(mine)


def _confirm_mentions(mentions: list[dict], doc_id: str) -> int:
    """Mark the proposed mentions of ``doc_id`` confirmed; return how many."""
    proposed = [r for r in mentions if r.get("doc_id") == doc_id and r.get("status") == "proposed"]
    for r in proposed:
        r["status"] = ""
    return len(proposed)


def confirm(corpus, doc_id: str) -> dict:
    """Mark the proposed turns and mentions of ``doc_id`` as checked by a person.

    Neighbouring paragraphs with the same speaker and kind become one turn (a three-paragraph
    answer is one answer turn); turns are renumbered ``<doc_id>_tNN`` and claims already
    coded follow their turn. Everything is checked first; then turns.csv, mentions.csv and
    claims.csv are all written, or none of them. Returns dict(turns=..., paragraphs=..., mentions=...).
    """
    corpus = _check_folder(corpus)
    document = _document(corpus, doc_id)
    text = _read_text(corpus / document["text"], f"the text of {doc_id}")
    kinds = _turn_kinds(corpus)
    known_speakers = _ids(corpus / "speakers.csv", "speaker_id")
    known_institutions = _ids(corpus / "institutions.csv", "institution_id")

    turns_path, mentions_path, claims_path = corpus / "turns.csv", corpus / "mentions.csv", corpus / "claims.csv"
    t_header, turns = read_table(turns_path)
    m_header, mentions = read_table(mentions_path)
    c_header, claims = read_table(claims_path)
    mine = [(i, r) for i, r in enumerate(turns) if r.get("doc_id") == doc_id]
    problems = (_turn_problems(mine, turns_path, doc_id, kinds, known_speakers)
                + _mention_problems(mentions, mentions_path, doc_id, known_institutions)
                + _claim_problems(claims, claims_path, doc_id))
    if problems:
        raise NewInterviewError("Nothing was changed. Fix these rows, then run confirm again:\n" + "\n".join(problems))

    merged = _merged_turns(mine, text, doc_id)
    others = [r for r in turns if r.get("doc_id") != doc_id]
    files = {turns_path: _table_bytes(_with_status(t_header, TURN_COLUMNS), others + merged)}
    if _follow_turns(claims, merged, doc_id):
        files[claims_path] = _table_bytes(c_header, claims)
    n_mentions = _confirm_mentions(mentions, doc_id)
    files[mentions_path] = _table_bytes(_with_status(m_header, MENTION_COLUMNS), mentions)
    _commit(files)
    return {"turns": len(merged), "paragraphs": len(mine), "mentions": n_mentions}


# ---- what is left to do -------------------------------------------------------------------------

def _speaker_gaps(corpus: Path, document: dict) -> list[str]:
    """A line for each of the document's two speakers with blank fields in speakers.csv."""
    out = []
    for r in read_table(corpus / "speakers.csv")[1]:
        if r["speaker_id"] in (document.get("interviewee"), document.get("outlet_speaker")):
            empty = [f for f in ("name", "short_name", "position", "source") if not (r.get(f) or "").strip()]
            if empty:
                out.append(f"speakers.csv: {r['speaker_id']}: fill in {', '.join(empty)}")
    return out


def _proposed(rows: list[dict], doc_id: str) -> int:
    return sum(1 for r in rows if r["doc_id"] == doc_id and r.get("status") == "proposed")


def _answers_without_claims(corpus: Path, turns: list[dict], doc_id: str) -> list[str]:
    claimed = {c["turn_id"] for c in read_table(corpus / "claims.csv")[1]}
    bare = [t["turn_id"] for t in turns if t["doc_id"] == doc_id and t["kind"] == "answer" and t["turn_id"] not in claimed]
    return [f"claims.csv: code the claims of {vocab.plural(len(bare), 'answer turn')} with the coder: {', '.join(bare)}"] if bare else []


def todo(corpus, doc_id: str) -> list[str]:
    """What is still to do for ``doc_id``, one line each: blank fields, proposed rows, answers without claims."""
    shown = vocab.shown_path(corpus)  # as the person types it, in the commands it suggests
    corpus = Path(corpus).expanduser().resolve()
    document = _document(corpus, doc_id)
    out = [f"documents.yaml: {doc_id}: fill in {field}" for field in FILL_IN if not document.get(field)]
    out += _speaker_gaps(corpus, document)
    _, turns = read_table(corpus / "turns.csv")
    proposed_turns = _proposed(turns, doc_id)
    proposed_mentions = _proposed(read_table(corpus / "mentions.csv")[1], doc_id)
    if proposed_turns or proposed_mentions:
        out.append(f"turns.csv and mentions.csv: check the {vocab.plural(proposed_turns, 'proposed turn')} and "
                   f"{vocab.plural(proposed_mentions, 'proposed mention')} of {doc_id}, then run: python -m helpers confirm {doc_id} --corpus {shown}")
    else:
        out += _answers_without_claims(corpus, turns, doc_id)
    return out
