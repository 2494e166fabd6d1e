"""Claims rows: build one from a quote (ids included), save and load a coding, add an institution.

>>> from helpers import load_corpus
>>> corpus = load_corpus()
>>> row = new_claim(corpus, "llorenti_2021", "The Celac", {"celac": "supportive"}, "diagnostic",
...                 themes=["integration"], paraphrase="Llorenti regrets that CELAC is paralysed.", occurrence=1)
>>> row["claim_id"], row["turn_id"], row["speaker_id"], row["targets"]
('llorenti_2021_c01', 'llorenti_t06', 'llorenti', 'celac:supportive')
"""

from __future__ import annotations

import csv
import re
import weakref
from pathlib import Path

import pandas as pd

from .quotes import document_text, locate
from .vocab import format_targets, inside_bundled_corpus, next_claim_id, split_list

__all__ = ["new_claim", "save_claims", "load_coding", "add_institution", "resolve_institution", "reserve_claim_ids",
           "empty_coding", "CLAIM_COLUMNS"]

CLAIM_COLUMNS = ["claim_id", "doc_id", "turn_id", "speaker_id", "start", "end", "quote", "paraphrase",
                 "targets", "frame", "themes", "note"]

_ISSUED: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # corpus object -> claim ids handed out


def _issued(corpus) -> set:
    return _ISSUED.setdefault(corpus, set())


def reserve_claim_ids(corpus, claim_ids) -> None:
    """Mark claim ids as taken for this corpus object, so ``new_claim`` never hands them out (e.g. a saved file's)."""
    _issued(corpus).update(claim_ids)


def _next_claim_id(corpus, doc_id: str) -> str:
    return next_claim_id(doc_id, set(corpus.claims.claim_id) | _issued(corpus))


def _allowed(corpus, key: str) -> list[str]:
    return list(corpus.codebook.get(key) or [])


def _check(value, allowed, field):
    if value not in allowed:
        raise ValueError(f"{field}: {value!r} is not in the codebook. Allowed values: {', '.join(allowed)}")


def resolve_institution(corpus, name: str) -> str:
    """The institution id for an id, name, acronym or alias; a ValueError saying how to add a new one otherwise.

    >>> from helpers import load_corpus
    >>> resolve_institution(load_corpus(), "Organization of American States")
    'oas'
    """
    known = corpus.institutions.institution_id.tolist()
    if name in known:
        return name
    try:
        return corpus.resolve(name, "institution")[0]
    except ValueError:
        raise ValueError(
            f"targets: unknown institution {name!r}. Known ids: {', '.join(known)}. If it is a new "
            f"institution of your own corpus, add it with add_institution(corpus, institution_id, name, kind) "
            f"(institutions.csv of that corpus folder), then code the claim again.") from None


def _target_pairs(corpus, targets) -> list[tuple[str, str]]:
    pairs = []
    for inst, stance in dict(targets or {}).items():
        inst_id = resolve_institution(corpus, str(inst).strip())
        stance = str(stance).strip()
        if stance not in _allowed(corpus, "stances"):
            raise ValueError(f"targets: stance {stance!r} is not in the codebook. "
                             f"Allowed values: {', '.join(_allowed(corpus, 'stances'))}")
        pairs.append((inst_id, stance))
    return pairs


def new_claim(corpus, doc_id: str, quote: str, targets: dict, frame: str, themes=(), paraphrase: str = "",
              note: str = "", occurrence: int | None = None) -> dict:
    """One claims.csv row for a quote: offsets, turn and speaker are derived from the text.

    Args:
        targets: ``{institution_id: stance}`` (may be empty); acronyms and names are accepted too.
        frame: one frame of the codebook; themes: theme ids (a list, or one string "a|b").

    Raises:
        ValueError: naming the field and the allowed values, or the quote problem (see ``locate``).

    >>> from helpers import load_corpus
    >>> new_claim(load_corpus(), "mayta_2021", "the OAS has been useless", {"oas": "angry"}, "diagnostic")
    Traceback (most recent call last):
    ValueError: targets: stance 'angry' is not in the codebook. Allowed values: critical, supportive, neutral
    """
    start, end = locate(corpus, doc_id, quote, occurrence)
    text = document_text(corpus, doc_id)
    turns = corpus.turns[(corpus.turns.doc_id == doc_id) & (corpus.turns.start <= start) & (corpus.turns.end >= end)]
    if turns.empty:
        raise ValueError(f"The quote {text[start:end]!r} runs across two turns of {doc_id}; a claim lies inside one turn "
                         f"(CODEBOOK.md section 2). Select a shorter passage.")
    turn = turns.iloc[0]
    pairs = _target_pairs(corpus, targets)
    _check(str(frame).strip(), _allowed(corpus, "frames"), "frame")
    themes = split_list(themes) if isinstance(themes, str) else [str(t).strip() for t in themes]
    for theme in themes:
        _check(theme, _allowed(corpus, "themes"), "themes")
    claim_id = _next_claim_id(corpus, doc_id)
    _issued(corpus).add(claim_id)
    return {"claim_id": claim_id, "doc_id": doc_id, "turn_id": turn.turn_id, "speaker_id": turn.speaker_id,
            "start": int(start), "end": int(end), "quote": text[start:end], "paraphrase": str(paraphrase).strip(),
            "targets": format_targets(pairs), "frame": str(frame).strip(), "themes": "|".join(themes),
            "note": str(note).strip()}


# ---- saving and loading ---------------------------------------------------------

def _existing_ids(path: Path) -> tuple[list[str], list, bool]:
    """(fieldnames, claim ids, ends with a newline) of an existing claims file; refuses other files."""
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        fieldnames = reader.fieldnames or CLAIM_COLUMNS
        existing = [r.get("claim_id") for r in reader]
    missing = [c for c in CLAIM_COLUMNS if c != "note" and c not in fieldnames]
    if missing:
        raise ValueError(f"{path}:1: header: is not a claims file (missing column(s) {', '.join(missing)}). "
                         f"Choose another file name.")
    return fieldnames, existing, path.read_bytes().endswith(b"\n")


def save_claims(rows, path) -> Path:
    """Append claims rows to a claims CSV (created with its header if missing); UTF-8, LF line endings.

    A claim_id already in the file gets the next free id (the row dict is updated). Refuses the
    bundled corpus/ folder: save a student's coding beside the notebook, e.g. ``my_coding.csv``.

    >>> import tempfile, pathlib
    >>> from helpers import load_corpus
    >>> row = new_claim(load_corpus(), "mayta_2021", "the OAS has been useless", {"oas": "critical"},
    ...                 "diagnostic", ["pandemic_health"], "Mayta says the OAS was useless in the pandemic.")
    >>> path = save_claims([row], pathlib.Path(tempfile.mkdtemp()) / "my_coding.csv")
    >>> len(load_coding(path))
    1
    """
    rows = [rows] if isinstance(rows, dict) else list(rows)
    path = Path(path).expanduser()
    if inside_bundled_corpus(path):
        raise ValueError(f"{path}: the bundled corpus/ folder is read-only for the coder. Save your coding "
                         f"in your own folder, e.g. save_to='my_coding.csv' beside the notebook.")
    fieldnames, existing, ends_with_newline = CLAIM_COLUMNS, [], True
    if path.exists() and path.stat().st_size:
        fieldnames, existing, ends_with_newline = _existing_ids(path)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    taken = set(existing)
    for row in rows:
        if row["claim_id"] in taken:
            row["claim_id"] = next_claim_id(row["doc_id"], taken)
        taken.add(row["claim_id"])
    with open(path, "a", newline="", encoding="utf-8") as f:
        if not ends_with_newline:
            f.write("\n")
        writer = csv.DictWriter(f, fieldnames=fieldnames, lineterminator="\n", extrasaction="ignore")
        if not existing and f.tell() == 0:
            writer.writeheader()
        writer.writerows({k: row.get(k, "") for k in fieldnames} for row in rows)
    return path


def load_coding(path) -> pd.DataFrame:
    """A saved coding as a table, one row per claim (the columns of claims.csv; start and end as numbers).

    Raises ``FileNotFoundError`` or ``ValueError`` naming the file, line and field.

    >>> load_coding("no_such_file.csv")
    Traceback (most recent call last):
    FileNotFoundError: no_such_file.csv: no such file. Code some claims with coder(...) first, or check the file name.
    """
    path = Path(path).expanduser()
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file. Code some claims with coder(...) first, or check the file name.")
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        missing = [c for c in CLAIM_COLUMNS if c != "note" and c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path}:1: header: missing column(s) {', '.join(missing)}; is this a claims file?")
        rows = []
        for line, row in enumerate(reader, start=2):
            for field in ("start", "end"):
                value = (row.get(field) or "").strip()
                if not value.isdigit():
                    raise ValueError(f"{path}:{line}: {field}: must be a whole number, got {value!r}")
                row[field] = int(value)
            rows.append({k: (v if v is not None else "") for k, v in row.items()})
    return pd.DataFrame(rows, columns=list(dict.fromkeys(CLAIM_COLUMNS + list(reader.fieldnames or []))))


def empty_coding() -> pd.DataFrame:
    """A coding with no claims yet (the columns of claims.csv)."""
    return pd.DataFrame(columns=CLAIM_COLUMNS)


def _append_row(path: Path, row: dict) -> None:
    """Append one row to an existing CSV under its own header (a missing final newline is added first)."""
    with open(path, newline="", encoding="utf-8") as f:
        fieldnames = csv.DictReader(f).fieldnames
    data = path.read_bytes()
    with open(path, "a", newline="", encoding="utf-8") as f:
        if data and not data.endswith(b"\n"):
            f.write("\n")
        csv.DictWriter(f, fieldnames=fieldnames, lineterminator="\n", extrasaction="ignore").writerow(
            {k: row.get(k, "") for k in fieldnames})


def add_institution(corpus, institution_id: str, name: str, kind: str, acronym: str = "", aliases=()) -> dict:
    """Append a new institution to the institutions.csv of YOUR corpus folder (never the bundled corpus/).

    Updates ``corpus.institutions`` in memory too, so ``new_claim`` accepts the id at once.
    """
    if inside_bundled_corpus(corpus.path):
        raise ValueError("The bundled corpus/ is read-only: code the claim without this target and name the "
                         "institution in the note, or build your own corpus folder (instructor/ADDING_AN_INTERVIEW.md).")
    if not re.fullmatch(r"[a-z][a-z0-9_]*", institution_id):
        raise ValueError(f"institution_id: {institution_id!r} must be lower-case letters, digits and _ (e.g. 'mercosur').")
    if institution_id in set(corpus.institutions.institution_id):
        raise ValueError(f"institution_id: {institution_id!r} is already in institutions.csv.")
    _check(kind, _allowed(corpus, "institution_kinds"), "kind")
    if not str(name).strip():
        raise ValueError("name: give the institution's full name.")
    aliases = split_list(aliases) if isinstance(aliases, str) else list(aliases)
    row = {"institution_id": institution_id, "name": str(name).strip(), "acronym": acronym.strip(),
           "aliases": "|".join(aliases or [a for a in (name, acronym) if a]), "kind": kind}
    _append_row(Path(corpus.path) / "institutions.csv", row)
    corpus.add_institution_row(row)
    return row
