"""Claims rows: build one from a quote (ids included), save and load a coding, add an institution.

>>> from helpers import load_corpus
>>> corpus = load_corpus()
>>> row = new_claim(corpus, "llorenti_2021", "The Celac", {"celac": "supportive"}, "diagnostic",
...                 themes=["integration"], paraphrase="Llorenti regrets that CELAC is paralysed.", occurrence=1)
>>> row["claim_id"], row["turn_id"], row["speaker_id"], row["targets"]
('llorenti_2021_c01', 'llorenti_t06', 'llorenti', 'celac:supportive')
"""

from __future__ import annotations

import contextlib
import csv
import difflib
import io
import os
import re
import tempfile
import time
import weakref
from pathlib import Path


import pandas as pd

from .quotes import document_text, locate
from .files import visible
from .vocab import format_targets, inside_bundled_corpus, next_claim_id, split_list

__all__ = ["new_claim", "save_claims", "load_coding", "add_institution", "add_alias", "resolve_institution",
           "suggest_institutions", "reserve_claim_ids", "withdraw_claim_id", "empty_coding", "CLAIM_COLUMNS"]

CLAIM_COLUMNS = ["claim_id", "doc_id", "turn_id", "speaker_id", "start", "end", "quote", "paraphrase",
                 "targets", "frame", "themes", "note"]

_ISSUED: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # corpus object -> claim ids handed out


def _issued(corpus) -> set:
    return _ISSUED.setdefault(corpus, set())


def reserve_claim_ids(corpus, claim_ids) -> None:
    """Mark claim ids as taken for this corpus object, so ``new_claim`` never hands them out (e.g. a saved file's)."""
    _issued(corpus).update(claim_ids)


def withdraw_claim_id(corpus, claim_id: str) -> None:
    """Give back an id ``new_claim`` handed out for a claim that was then refused, so the next claim uses it."""
    _issued(corpus).discard(claim_id)


def _next_claim_id(corpus, doc_id: str) -> str:
    return next_claim_id(doc_id, set(corpus.claims.claim_id) | _issued(corpus))


def _allowed(corpus, key: str) -> list[str]:
    return list(corpus.codebook.get(key) or [])


def _check(value, allowed, field):
    if value not in allowed:
        raise ValueError(f"{field}: {value!r} is not in the codebook. Allowed values: {', '.join(allowed)}")


_SMALL_WORDS = {"the", "of", "and", "for", "in", "on", "de", "del", "la", "el", "los", "las", "y", "e", "do", "da"}


def _spellings(corpus) -> list[tuple[str, str]]:
    """(spelling, institution_id) for every id, name, acronym, label and alias of the corpus's institutions."""
    out = []
    for row in corpus.institutions.to_dict("records"):
        names = [row["institution_id"]] + [row.get(c) for c in ("name", "acronym", "label")]
        names += split_list(row.get("aliases"))
        out += [(str(n), row["institution_id"]) for n in names if isinstance(n, str) and n.strip()]
    return out


def _content_words(text: str) -> set:
    return {w for w in re.findall(r"\w+", text.lower()) if w not in _SMALL_WORDS}


def suggest_institutions(corpus, typed: str, n: int = 5) -> list[str]:
    """The institution ids that ``typed`` may mean, best first: the same spelling (any case) of an id,
    name, acronym or alias, then names that hold all its words, then close spellings (difflib).

    >>> from helpers import load_corpus
    >>> corpus = load_corpus()
    >>> suggest_institutions(corpus, "Celac"), suggest_institutions(corpus, "Coal and Steel Community")
    (['celac'], ['ecsc'])
    >>> suggest_institutions(corpus, "Mercosurr")[0]
    'mercosur'
    """
    typed = str(typed or "").strip()
    if not typed:
        return []
    key, words = typed.lower(), _content_words(typed)
    best: dict[str, float] = {}
    for spelling, inst in _spellings(corpus):
        low, theirs = spelling.lower(), _content_words(spelling)
        if low == key or low.replace("_", " ") == key:
            score = 3.0
        elif words and words <= theirs:
            score = 2.0 + len(words) / len(theirs)        # "Security Council" in "UN Security Council"
        elif theirs and theirs <= words and len(spelling) > 3:
            score = 1.0 + len(theirs) / len(words)         # "the OAS Permanent Council" holds "OAS"
        else:
            score = difflib.SequenceMatcher(None, key, low).ratio()
            if score < 0.75:
                continue
        best[inst] = max(best.get(inst, 0.0), score)
    ranked = sorted(best, key=lambda i: (-best[i], i))
    return ranked[:1] if ranked and best[ranked[0]] == 3.0 else ranked[:n]


def resolve_institution(corpus, name: str) -> str:
    """The institution id for an id, name, acronym or alias (any case); a ValueError naming the close ones otherwise.

    >>> from helpers import load_corpus
    >>> resolve_institution(load_corpus(), "Organization of American States")
    'oas'
    >>> resolve_institution(load_corpus(), "Coal and Steel Community")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ValueError: targets: 'Coal and Steel Community' is not an id, name, acronym or alias in institutions.csv. Did you mean ecsc (European Coal and Steel Community)? ...
    """
    if not isinstance(name, str):
        raise TypeError(f"targets: an institution is given as text (its id, name or acronym, e.g. 'oas'); "
                        f"got {name!r} ({type(name).__name__})")
    for spelling, inst in _spellings(corpus):
        if spelling.lower() == name.strip().lower():
            return inst
    found = suggest_institutions(corpus, name)
    names = dict(zip(corpus.institutions.institution_id, corpus.institutions.name))
    near = ", ".join(f"{i} ({names[i]})" for i in found)
    hint = f" Did you mean {near}? Pick it from the list." if found else ""
    if inside_bundled_corpus(corpus.path):
        todo = "The bundled list cannot be changed: leave this target out and name the institution in the note."
    else:
        todo = ("If it is a new institution, add it first with the claim coder's New institution form, which "
                "writes it to your corpus's institutions.csv.")
    raise ValueError(f"targets: {name.strip()!r} is not an id, name, acronym or alias in institutions.csv.{hint} {todo}")


def _target_pairs(corpus, targets) -> list[tuple[str, str]]:
    if targets is None:
        targets = {}
    if not isinstance(targets, dict):
        raise TypeError(f"targets=... takes a dict of institution and stance, e.g. targets={{'oas': 'critical'}} "
                        f"(or {{}} for none); got {type(targets).__name__} {targets!r}")
    pairs = []
    for inst, stance in targets.items():
        inst_id = resolve_institution(corpus, inst.strip() if isinstance(inst, str) else inst)
        stance = str(stance).strip()
        if stance not in _allowed(corpus, "stances"):
            raise ValueError(f"targets: stance {stance!r} is not in the codebook. "
                             f"Allowed values: {', '.join(_allowed(corpus, 'stances'))}")
        pairs.append((inst_id, stance))
    return pairs


def _themes(themes) -> list[str]:
    """Theme ids in the order given: the most central first (CODEBOOK.md section 5); none listed twice."""
    if themes is None:
        return []
    if isinstance(themes, str):
        themes = split_list(themes)
    elif not isinstance(themes, (list, tuple)) or not all(isinstance(t, str) for t in themes):
        raise TypeError(f"themes=... takes theme ids as a list in order, the most central first, e.g. "
                        f"themes=['sovereignty', 'integration']; got {themes!r}")
    themes = [t.strip() for t in themes]
    twice = sorted({t for t in themes if themes.count(t) > 1})
    if twice:
        raise ValueError(f"themes: {', '.join(twice)} is listed twice; give each theme once, the most central first.")
    return themes


def new_claim(corpus, doc_id: str, quote: str, targets: dict, frame: str, themes=(), paraphrase: str = "",
              note: str = "", occurrence: int | None = None) -> dict:
    """One claims.csv row for a quote: offsets, turn and speaker are derived from the text.

    Args:
        targets: ``{institution_id: stance}`` (may be empty); acronyms and names are accepted too.
        frame: one frame of the codebook; themes: theme ids (a list, or one string "a|b"), kept in
            the order given: the most central first.

    Raises:
        ValueError: naming the field and the allowed values, or the quote problem (see ``locate``).

    >>> from helpers import load_corpus
    >>> new_claim(load_corpus(), "mayta_2021", "the OAS has been useless", {"oas": "angry"}, "diagnostic")
    Traceback (most recent call last):
    ValueError: targets: stance 'angry' is not in the codebook. Allowed values: critical, supportive, neutral
    """
    if not isinstance(quote, str):
        raise TypeError(f"quote=... takes the passage as text; got {type(quote).__name__} {quote!r}")
    start, end = locate(corpus, doc_id, quote, occurrence)
    text = document_text(corpus, doc_id)
    turns = corpus.turns[(corpus.turns.doc_id == doc_id) & (corpus.turns.start <= start) & (corpus.turns.end >= end)]
    if turns.empty:
        raise ValueError(f"The quote {text[start:end]!r} runs across two turns of {doc_id}; a claim lies inside one turn "
                         f"(CODEBOOK.md section 2). Select a shorter passage.")
    turn = turns.iloc[0]
    pairs = _target_pairs(corpus, targets)
    _check(str(frame).strip(), _allowed(corpus, "frames"), "frame")
    themes = _themes(themes)
    for theme in themes:
        _check(theme, _allowed(corpus, "themes"), "themes")
    claim_id = _next_claim_id(corpus, doc_id)
    _issued(corpus).add(claim_id)
    return {"claim_id": claim_id, "doc_id": doc_id, "turn_id": turn.turn_id, "speaker_id": turn.speaker_id,
            "start": int(start), "end": int(end), "quote": text[start:end], "paraphrase": str(paraphrase).strip(),
            "targets": format_targets(pairs), "frame": str(frame).strip(), "themes": "|".join(themes),
            "note": str(note).strip()}


# ---- saving and loading ---------------------------------------------------------

LOCK_WAIT = 10.0   # seconds to wait for another writer before giving up with a message
LOCK_STALE = 30.0  # a lock file older than this was left by a program that stopped; it is removed


class CodingFileError(ValueError):
    """A coding or corpus file that cannot be read or written; the message names the file and what to do."""


def _as_path(value, parameter: str) -> Path:
    if not isinstance(value, (str, os.PathLike)) or not str(os.fspath(value)).strip():
        raise TypeError(f"{parameter}=... takes a file name as text, e.g. {parameter}='my_coding.csv'; "
                        f"got {type(value).__name__} {value!r}")
    path = Path(value).expanduser()
    if path.is_dir():
        raise CodingFileError(f"{path}: is a folder, not a file. Give a file name, e.g. "
                              f"{parameter}='{(path / 'my_coding.csv').as_posix()}'.")
    return path


def _cannot_write(path: Path, error: OSError) -> CodingFileError:
    reason = error.strerror or type(error).__name__
    return CodingFileError(f"{path}: cannot be written ({reason}). Save to a file in a folder you can write to, "
                           f"e.g. save_to='my_coding.csv' beside your notebook.")


@contextlib.contextmanager
def _locked(path: Path):
    """Hold ``path`` for this process alone: a lock file ``.NAME.lock`` beside it, made with O_EXCL
    (which works on every system and file system), removed afterwards. Another writer waits for it."""
    lock = path.with_name(f".{path.name}.lock")
    deadline = time.monotonic() + LOCK_WAIT
    while True:
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            break
        except FileExistsError:
            try:
                if time.time() - lock.stat().st_mtime > LOCK_STALE:
                    lock.unlink()
                    continue
            except FileNotFoundError:
                continue
            if time.monotonic() > deadline:
                raise CodingFileError(f"{path}: another program has been saving to it for {LOCK_WAIT:.0f} s "
                                      f"(lock file {lock.name}). Try again; if no other program is running, "
                                      f"delete {lock}.") from None
            time.sleep(0.005)
        except OSError as error:
            raise _cannot_write(path, error) from None
    try:
        os.close(fd)
        yield
    finally:
        with contextlib.suppress(OSError):
            lock.unlink()


def _decode(path: Path, data: bytes) -> str:
    """The text of a CSV file (a byte-order mark, as Excel's "CSV UTF-8" writes, is accepted)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise CodingFileError(f"{path}:{line}: is not UTF-8 text (byte {data[error.start]:#04x}). Save it again as "
                              f"UTF-8 (Excel: Save As > \"CSV UTF-8\"), or choose another file name.") from None


def _header_of(path: Path, text: str) -> list[str]:
    header = next(csv.reader(io.StringIO(text)), [])
    missing = [c for c in CLAIM_COLUMNS if c != "note" and c not in header]
    if missing:
        semicolons = len(header) == 1 and ";" in header[0]
        why = ("its columns are separated by ';' (Excel in some languages): save it as \"CSV UTF-8 (comma "
               "delimited)\"" if semicolons else f"it lacks the column(s) {', '.join(missing)}")
        raise CodingFileError(f"{path}:1: header: is not a claims file ({why}). Choose another file name.")
    return header


def save_claims(rows, path) -> Path:
    """Append claims rows to a claims CSV (created with its header if missing); UTF-8, LF line endings.

    Safe with several writers (two notebooks, two kernels): the file is read, ids are assigned and the
    rows appended while a lock file is held, so a claim_id already in the file gets the next free id
    (the row dict is updated) and no row is lost. All rows are written, or none. Refuses the bundled
    corpus/ folder: save a student's coding beside the notebook, e.g. ``my_coding.csv``.

    >>> import tempfile, pathlib
    >>> from helpers import load_corpus
    >>> row = new_claim(load_corpus(), "mayta_2021", "the OAS has been useless", {"oas": "critical"},
    ...                 "diagnostic", ["pandemic_health"], "Mayta says the OAS was useless in the pandemic.")
    >>> path = save_claims([row], pathlib.Path(tempfile.mkdtemp()) / "my_coding.csv")
    >>> len(load_coding(path))
    1
    """
    rows = [rows] if isinstance(rows, dict) else list(rows)
    path = _as_path(path, "save_to")
    if inside_bundled_corpus(path):
        raise CodingFileError(f"{path}: the bundled corpus/ folder is read-only for the coder. Save your coding "
                              f"in your own folder, e.g. save_to='my_coding.csv' beside the notebook.")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _cannot_write(path, error) from None
    with _locked(path):
        data = path.read_bytes() if path.exists() else b""
        text = _decode(path, data)
        fieldnames = _header_of(path, text) if text.strip() else CLAIM_COLUMNS
        taken = {r.get("claim_id") for r in csv.DictReader(io.StringIO(text))} if text.strip() else set()
        for row in rows:
            if row["claim_id"] in taken:
                row["claim_id"] = next_claim_id(row["doc_id"], taken)
            taken.add(row["claim_id"])
        out = io.StringIO()
        if data and not data.endswith(b"\n"):
            out.write("\n")
        writer = csv.DictWriter(out, fieldnames=fieldnames, lineterminator="\n", extrasaction="ignore")
        if not text.strip():
            writer.writeheader()
        writer.writerows({k: row.get(k, "") for k in fieldnames} for row in rows)
        _append(path, out.getvalue().encode("utf-8"), len(data))
    return path


def _append(path: Path, chunk: bytes, size_before: int) -> None:
    """Append ``chunk`` in one write; on failure cut the file back to its old size (all or nothing)."""
    try:
        with open(path, "ab") as f:
            try:
                f.write(chunk)
                f.flush()
            except OSError:
                f.truncate(size_before)
                raise
    except OSError as error:
        raise _cannot_write(path, error) from None


def load_coding(path) -> pd.DataFrame:
    """A saved coding as a table, one row per claim (the columns of claims.csv; start and end as numbers).

    Raises ``FileNotFoundError`` or ``ValueError`` naming the file, line and field.

    >>> load_coding("no_such_file.csv")
    Traceback (most recent call last):
    FileNotFoundError: no_such_file.csv: no such file. Code some claims with coder(...) first, or check the file name.
    """
    path = _as_path(path, "path")
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file. Code some claims with coder(...) first, or check the file name.")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CodingFileError(f"{path}: cannot be read ({error.strerror}). Check the file's permissions.") from None
    text = _decode(path, data)
    if not text.strip():
        return empty_coding()
    header = _header_of(path, text)
    buffer = io.StringIO(text, newline="")
    reader = csv.DictReader(buffer)
    rows, line = [], 2
    for row in reader:
        if None in row or None in row.values():  # more, or fewer, fields than the header
            raise ValueError(_row_length_problem(path, line, row, len(reader.fieldnames),
                                                 last=not text.endswith(("\n", "\r")) and not buffer.read(1)))
        for field in ("start", "end"):
            value = (row.get(field) or "").strip()
            if not value.isdigit():
                raise ValueError(f"{path}:{line}: {field}: must be a whole number, got {value!r}")
            row[field] = int(value)
        rows.append({k: (v if v is not None else "") for k, v in row.items()})
        line = reader.line_num + 1
    return pd.DataFrame(rows, columns=list(dict.fromkeys(CLAIM_COLUMNS + header)))


def _row_length_problem(path, line, row, header, last) -> str:
    """The one-line message for a row with more or fewer fields than the header (a cut-off last row says so)."""
    fields = header + len(row.get(None) or []) - sum(v is None for k, v in row.items() if k is not None)
    if last and fields < header:
        return visible(f"{path}:{line}: row: the last row is cut off: it has {fields} of the {header} fields and the file "
                       "ends inside it (no line end); the file was probably not saved completely: complete the row, "
                       "or delete it")
    return visible(f"{path}:{line}: row: has {fields} fields, the header has {header}; check for a stray comma or quote")


def empty_coding() -> pd.DataFrame:
    """A coding with no claims yet (the columns of claims.csv)."""
    return pd.DataFrame(columns=CLAIM_COLUMNS)


# ---- institutions of an instructor's own corpus ---------------------------------------------

def _institutions_file(corpus) -> Path:
    if inside_bundled_corpus(corpus.path):
        raise CodingFileError("The bundled corpus/ is read-only: code the claim without this target and name the "
                              "institution in the note, or build your own corpus folder "
                              "(instructor/ADDING_AN_INTERVIEW.md).")
    return Path(corpus.path) / "institutions.csv"


def _read_institutions(path: Path) -> tuple[bytes, list[str], list[dict]]:
    data = path.read_bytes()
    reader = csv.DictReader(io.StringIO(_decode(path, data), newline=""))
    return data, list(reader.fieldnames or []), list(reader)


def _text(value, parameter: str, example: str, empty_ok: bool = True) -> str:
    if value is None and empty_ok:
        return ""
    if not isinstance(value, str):
        raise TypeError(f"{parameter}=... takes text, e.g. {parameter}={example!r}; got {type(value).__name__} {value!r}")
    return value.strip()


def add_institution(corpus, institution_id: str, name: str, kind: str, acronym: str = "", aliases=(),
                    parent_id: str = "") -> dict:
    """Append a new institution to the institutions.csv of YOUR corpus folder (never the bundled corpus/).

    An organ or body of a listed institution (its secretariat, a council, a summit) is an institution
    of its own, with that institution as ``parent_id`` and kind "organ" (CODEBOOK.md §6, "Organ vs
    parent body"), never an alias of it. Updates ``corpus.institutions`` in memory too, so
    ``new_claim`` accepts the id at once.

    >>> from helpers import load_corpus
    >>> add_institution(load_corpus(), 7, "Southern Common Market", "regional organization")
    Traceback (most recent call last):
    TypeError: institution_id=... takes text, e.g. institution_id='mercosur'; got int 7
    """
    institution_id = _text(institution_id, "institution_id", "mercosur", empty_ok=False)
    name = _text(name, "name", "Southern Common Market", empty_ok=False)
    kind = _text(kind, "kind", "regional organization")
    acronym = _text(acronym, "acronym", "MERCOSUR")
    aliases = split_list(aliases) if isinstance(aliases, str) else [_text(a, "aliases", "Mercosur") for a in aliases or ()]
    parent_id = _text(parent_id, "parent_id", "unasur")
    path = _institutions_file(corpus)
    if not re.fullmatch(r"[a-z][a-z0-9_]*", institution_id):
        raise ValueError(f"institution_id: {institution_id!r} must be lower-case letters, digits and _ (e.g. 'mercosur').")
    if institution_id in set(corpus.institutions.institution_id):
        raise ValueError(f"institution_id: {institution_id!r} is already in institutions.csv.")
    _check(kind, _allowed(corpus, "institution_kinds"), "kind")
    if not name:
        raise ValueError("name: give the institution's full name.")
    if parent_id and parent_id not in set(corpus.institutions.institution_id):
        raise ValueError(f"parent_id: {parent_id!r} is not in institutions.csv; give the id of the institution "
                         "this one is part of (e.g. 'alba' for the ALBA-TCP Executive Secretariat), or none.")
    row = {"institution_id": institution_id, "name": name, "acronym": acronym,
           "aliases": "|".join(aliases or [a for a in (name, acronym) if a]), "kind": kind, "parent_id": parent_id}
    with _locked(path):
        data, fieldnames, rows = _read_institutions(path)
        if any(r.get("institution_id") == institution_id for r in rows):
            raise ValueError(f"institution_id: {institution_id!r} is already in {path}.")
        out = io.StringIO()
        if data and not data.endswith(b"\n"):
            out.write("\n")
        csv.DictWriter(out, fieldnames=fieldnames, lineterminator="\n", extrasaction="ignore").writerow(
            {k: row.get(k, "") for k in fieldnames})
        _append(path, out.getvalue().encode("utf-8"), len(data))
    corpus.add_institution_row(row)
    return row


def add_alias(corpus, institution_id: str, alias: str) -> str:
    """Add a spelling to an institution's ``aliases`` in YOUR corpus's institutions.csv (never the bundled one).

    ``propose-mentions`` finds aliases as they are written (case included), so add the spelling the
    text uses, e.g. "Mercosur" for ``mercosur`` (aliases "MERCOSUR"). Returns the new aliases cell;
    updates ``corpus.institutions`` too. The file is rewritten whole (the old or the new, never half).
    """
    institution_id = _text(institution_id, "institution_id", "mercosur", empty_ok=False)
    alias = _text(alias, "alias", "Mercosur", empty_ok=False)
    if not alias or "|" in alias:
        raise ValueError(f"alias: {alias!r} must be a spelling without '|', e.g. 'Mercosur'.")
    path = _institutions_file(corpus)
    with _locked(path):
        _, fieldnames, rows = _read_institutions(path)
        for row in rows:
            if row.get("institution_id") == institution_id:
                break
        else:
            raise ValueError(f"institution_id: {institution_id!r} is not in {path}.")
        if "aliases" not in fieldnames:
            raise CodingFileError(f"{path}:1: header: has no aliases column; add one, then try again.")
        aliases = split_list(row.get("aliases"))
        if alias in aliases:
            return "|".join(aliases)
        row["aliases"] = "|".join(aliases + [alias])
        out = io.StringIO()  # the project's CSV writing (minimal quoting, LF) gives back the same bytes
        writer = csv.DictWriter(out, fieldnames=fieldnames, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        new = out.getvalue()
        _replace(path, new.encode("utf-8"))
    corpus.institutions.loc[corpus.institutions.institution_id == institution_id, "aliases"] = row["aliases"]
    return row["aliases"]


def _replace(path: Path, data: bytes) -> None:
    """Write a whole file through a temporary file beside it and a rename: the old or the new, never half."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise _cannot_write(path, error) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise _cannot_write(path, error) from None
