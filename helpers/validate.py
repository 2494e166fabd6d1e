"""Read a corpus folder and check it, collecting every problem with its file and line.

The corpus is a folder of plain files (see corpus/README.md). `read_corpus` never
writes anything, never stops at the first problem and never raises on bad input: it
returns the tables it could read and a list of `Problem`s, each printed as
``file:line: field: message``.

The per-field rules of the CSV tables (types, required values, allowed values, unique and
foreign keys) come from the Frictionless Data Package descriptor ``datapackage.json``; the
checks across files (offsets, quotes, turn coverage, the seed) are written here. The files are
read, with their line numbers, by ``helpers.files``; ``helpers.corpus`` builds its tables on this.

>>> from helpers.validate import read_corpus
>>> raw, problems = read_corpus()
>>> [p for p in problems if p.severity == "error"]
[]
"""

from __future__ import annotations

import bisect
import json
import os
import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from .files import (CONTROL, UNSEEN, FolderReader, Problem, describe_control, field_lines, gc_paused, is_date,
                    mapping_lines)
from .files import visible  # noqa: F401  (kept importable from here: helpers.coding uses it)
from .vocab import BUNDLED_CORPUS, shown_path as _shown
from .vocab import split_list as _split

__all__ = ["Problem", "RawCorpus", "read_corpus", "default_corpus_path", "TABLES", "load_schema"]

DESCRIPTOR = "datapackage.json"
REQUIRED_TABLES = ["speakers", "institutions", "turns", "mentions", "claims"]
OPTIONAL_TABLES = ["events"]
# Table fields whose allowed values are a codebook list: datapackage.json must list the same values.
CODEBOOK_ENUMS = {("speakers", "kind"): "speaker_kinds", ("institutions", "kind"): "institution_kinds",
                  ("turns", "kind"): "turn_kinds", ("claims", "frame"): "frames"}
CODEBOOK_LISTS = ("stances", "frames", "themes", "turn_kinds", "speaker_kinds", "institution_kinds")
DOCUMENT_FIELDS = ["doc_id", "title", "outlet", "interviewee", "outlet_speaker", "date", "language", "rights", "text"]
ID_FIELDS = {"doc_id", "interviewee", "outlet_speaker", "text", "seed"}  # must be text, not a number or list
ID_FORM = re.compile(r"[a-z][a-z0-9_]*")  # every id: lower-case letters, digits and _, starting with a letter


@dataclass
class RawCorpus:
    """The rows as read, each row a dict with its source line number under ``_line``."""

    path: Path
    codebook: dict
    documents: list
    texts: dict
    tables: dict
    schema: dict | None = None


def default_corpus_path() -> Path:
    """The corpus folder used when none is given.

    The folder named by the ``CLAIMS_CORPUS`` environment variable if it is set (an instructor's
    own corpus, or a test's); else the bundled corpus/, found from the working directory upwards,
    else beside the package.
    """
    if os.environ.get("CLAIMS_CORPUS"):
        return Path(os.environ["CLAIMS_CORPUS"]).expanduser().resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "corpus" / "documents.yaml").is_file():
            return folder / "corpus"
    return BUNDLED_CORPUS


def load_schema(path: str | Path | None = None) -> dict:
    """The Table Schemas of datapackage.json, by resource name (default: the bundled descriptor).

    >>> [f["name"] for f in load_schema()["speakers"]["fields"]][:3]
    ['speaker_id', 'name', 'short_name']
    """
    descriptor = json.loads(Path(path or BUNDLED_CORPUS / DESCRIPTOR).read_text(encoding="utf-8"))
    return {r["name"]: r["schema"] for r in descriptor["resources"]}


def _tables_from(schemas: dict) -> dict:
    """{table: (file name, required columns, id column)}: the old summary, derived from the schema."""
    return {name: (f"{name}.csv", [f["name"] for f in s["fields"] if (f.get("constraints") or {}).get("required")],
                   s["primaryKey"][0]) for name, s in schemas.items() if name in REQUIRED_TABLES}


TABLES = _tables_from(load_schema())


def _kind(value) -> str:
    return {list: "a list", dict: "a mapping (field: value)", bool: "true/false", int: "a number",
            float: "a number", type(None): "nothing"}.get(type(value), type(value).__name__)


def _control_characters_in_text(reader, shown, text, limit=10):
    """Rule: each control character in an interview text is a warning with its line and column (the first
    ``limit``, then how many more)."""
    found = list(CONTROL.finditer(text))
    for m in found[:limit]:
        line = text.count("\n", 0, m.start()) + 1
        col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        reader.add(shown, line, "text", f"{describe_control(m.group())} at column {col} (offset {m.start()}); "
                                        "interview texts hold printable text, tabs and line breaks only: "
                                        "remove it, or replace it with what the original shows", "warning")
    if len(found) > limit:
        reader.add(shown, 1, "text", f"{len(found) - limit} more control character(s) after those listed", "warning")


def _int(row, field):
    """The integer in ``row[field]``, or None (the schema check has already reported it)."""
    try:
        return int(str(row.get(field, "")).strip())
    except ValueError:
        return None


def read_corpus(path: str | Path | None = None) -> tuple[RawCorpus | None, list[Problem]]:
    """Read and check the corpus folder at ``path`` (default: the bundled corpus/).

    Returns (raw, problems). ``raw`` is None only if the folder itself is missing.
    Problems with severity "error" make the corpus unusable; "todo"s are work left before it
    is complete; "warning"s are advice.
    """
    root = Path(path) if path is not None else default_corpus_path()
    with gc_paused():
        return _read(root)


# ---- datapackage.json and codebook.yaml ------------------------------------------------------

def _read_descriptor(reader: FolderReader) -> tuple[dict, str]:
    """The Table Schemas by resource name, and the descriptor text (for line numbers).

    A corpus without datapackage.json uses the bundled one; a broken one is reported, and the
    bundled one is used so that the tables can still be checked.
    """
    bundled = BUNDLED_CORPUS / DESCRIPTOR
    own = reader.root / DESCRIPTOR
    if not own.is_file() or own.resolve() == bundled.resolve():
        return load_schema(bundled), bundled.read_text(encoding="utf-8")
    text = reader.read_text(DESCRIPTOR, "the data package descriptor")
    shown = reader.name(DESCRIPTOR)
    if text is not None:
        try:
            descriptor = json.loads(text)
        except json.JSONDecodeError as err:
            reader.add(shown, err.lineno, "json", f"cannot be read as JSON: {err.msg} (column {err.colno}); "
                                                  "the bundled corpus/datapackage.json is used meanwhile")
        else:
            schemas = _schemas_or_none(descriptor)
            if schemas is not None:
                return schemas, text
            reader.add(shown, 1, "resources", "must list one resource per table (speakers, institutions, turns, mentions, "
                                             "claims), each with a schema of fields; copy corpus/datapackage.json")
    return load_schema(bundled), bundled.read_text(encoding="utf-8")


def _schemas_or_none(descriptor) -> dict | None:
    """The Table Schemas by resource name, if the descriptor has every table's in a usable form; else None."""
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        return None
    schemas = {}
    for res in descriptor["resources"]:
        schema = _usable_schema(res)
        if schema is None:
            return None
        schemas[res["name"]] = schema
    return schemas if all(t in schemas for t in REQUIRED_TABLES) else None


def _usable_schema(res) -> dict | None:
    """A resource's schema if it is one this module can read: named fields, a one-field primary key,
    well-formed foreign keys, and a resource name; else None."""
    schema = res.get("schema") if isinstance(res, dict) else None
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        return None
    if not all(isinstance(f, dict) and isinstance(f.get("name"), str) for f in schema["fields"]):
        return None
    pk = schema.get("primaryKey")
    if not (isinstance(pk, list) and len(pk) == 1 and isinstance(pk[0], str)):
        return None
    if not all(_foreign_key_is_usable(fk) for fk in schema.get("foreignKeys") or []):
        return None
    return schema if isinstance(res.get("name"), str) else None


def _foreign_key_is_usable(fk) -> bool:
    """A foreign key names a field, a resource and the field it refers to."""
    try:
        return isinstance(fk["fields"][0], str) and isinstance(fk["reference"]["resource"], str) \
            and isinstance(fk["reference"]["fields"][0], str)
    except (KeyError, IndexError, TypeError):
        return False


def _read_codebook(reader: FolderReader) -> dict:
    codebook, node = reader.read_yaml("codebook.yaml")
    shown = reader.name("codebook.yaml")
    if codebook is None:
        if reader.problems and reader.problems[-1].file == shown:
            reader.roots[("codebook",)] = reader.problems[-1]
        return {}
    if not isinstance(codebook, dict):
        reader.add(shown, 1, "codebook", f"must be a mapping of list name: values, got {_kind(codebook)}")
        reader.roots[("codebook",)] = reader.problems[-1]
        return {}
    lines = mapping_lines(node)
    for key, first, again in lines["_repeated"]:
        reader.add(shown, again, key, f"is written twice (first on line {first}); keep one list")
    clean = {}
    for key in CODEBOOK_LISTS:
        value = codebook.get(key)
        line = lines.get(key, 1)
        if key not in codebook:
            reader.add(shown, 1, key, "missing list in the codebook")
        elif isinstance(value, dict) and all(isinstance(k, str) for k in value) and value:
            clean[key] = value
            continue
        elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            clean[key] = value
            continue
        else:
            reader.add(shown, line, key, f"must be a list of names, or a mapping of name: definition; got {_kind(value)}")
        reader.roots[("codebook", key)] = reader.problems[-1]
    return {**codebook, **clean, **{k: [] for k in CODEBOOK_LISTS if k not in clean}}


def _line_of(text: str, *needles: str) -> int:
    """The line of the last needle, each searched after the one before (1 if not found)."""
    pos = 0
    for needle in needles:
        found = text.find(needle, pos)
        if found < 0:
            return 1
        pos = found
    return text.count("\n", 0, pos) + 1


def _check_enums_match_codebook(reader, schemas, descriptor_text, codebook):
    """Rule: each field whose values are a codebook list (CODEBOOK_ENUMS) allows exactly that list's values."""
    own = (reader.root / DESCRIPTOR).is_file()
    shown = reader.name(DESCRIPTOR) if own else _shown(BUNDLED_CORPUS / DESCRIPTOR)
    where = "" if own else f"; copy {shown} into {reader.name('.')} and change it there"
    for (table, field), key in CODEBOOK_ENUMS.items():
        if ("codebook", key) in reader.roots or ("codebook",) in reader.roots or not codebook.get(key):
            continue
        how = _enum_difference(_enum_of(schemas[table], field), list(codebook[key]))
        if how:
            reader.add(shown, _line_of(descriptor_text, f'"name": "{table}"', f'"name": "{field}"'), f"{table}.{field}",
                       f"the allowed values differ from codebook.yaml {key}: {how}; the two lists must match{where}")


def _enum_of(schema: dict, field: str) -> list | None:
    """The allowed values of ``field`` in a Table Schema (None when it has no enum constraint)."""
    spec = next((f for f in schema["fields"] if f["name"] == field), None)
    return ((spec or {}).get("constraints") or {}).get("enum")


def _enum_difference(enum: list | None, want: list) -> str:
    """What to add to and remove from ``enum`` to allow exactly ``want`` ("" when they match, or no enum)."""
    if enum is None or set(enum) == set(want):
        return ""
    add, drop = [v for v in want if v not in enum], [v for v in enum if v not in want]
    return "; ".join(x for x in (add and f"add {', '.join(map(repr, add))}", drop and f"remove {', '.join(map(repr, drop))}") if x)


# ---- per-field checks driven by the Table Schema ---------------------------------------------

def _field_rules(schema: dict, header: list[str]) -> list[tuple]:
    """Per column that has something to check: (name, title, description, required, type,
    minimum, allowed values, allowed values as a set, compiled pattern)."""
    rules = []
    for spec in schema["fields"]:
        name = spec["name"]
        if name not in header:
            continue
        cons = spec.get("constraints") or {}
        kind = spec.get("type", "string")
        if kind == "string" and not cons.get("required") and "enum" not in cons and "pattern" not in cons:
            continue
        pattern = re.compile(cons["pattern"]) if "pattern" in cons else None
        enum = list(cons["enum"]) if "enum" in cons else None
        rules.append((name, spec.get("title") or name.replace("_", " "), spec.get("description"), bool(cons.get("required")),
                      kind, cons.get("minimum"), enum, set(enum) if enum else None, pattern))
    return rules


def _check_fields(reader: FolderReader, shown: str, schema: dict, rows: list[dict], header: list[str]) -> list[dict]:
    """Types, required values, allowed values, patterns and the unique id; returns the rows kept."""
    rules = _field_rules(schema, header)
    pk = schema["primaryKey"][0]
    seen: dict[str, int] = {}
    kept = []
    for row in rows:
        for rule in rules:
            _check_value(reader, shown, row["_line"], rule, row[rule[0]], pk)
        if _row_id_is_new(reader, shown, row, pk, seen):
            kept.append(row)
    return kept


def _check_value(reader: FolderReader, shown: str, line: int, rule: tuple, raw: str, pk: str):
    """One cell against its column's rule (from ``_field_rules``): present if required, its type, allowed value, pattern."""
    name, title, description, required, kind, minimum, enum, allowed, pattern = rule
    value = raw.strip()
    if not value:
        if required:
            reader.add(shown, line, name, "is empty; every row needs an id" if name == pk
                       else f"is required and is empty ({description or title})")
        return
    if kind != "string" and not _check_type(reader, shown, line, rule, raw, value):
        return
    if allowed is not None and value not in allowed:
        listed = ", ".join(enum[:12]) + (" …" if len(enum) > 12 else "")
        reader.add(shown, line, name, f"unknown {title} {value!r}; known: {listed}")
    if pattern is not None and not pattern.fullmatch(raw):
        reader.add(shown, line, name, f"{raw!r} does not have the expected form: {description or pattern.pattern}")


def _check_type(reader: FolderReader, shown: str, line: int, rule: tuple, raw: str, value: str) -> bool:
    """Rule: integers (at least the minimum), dates and years have their form. False if not a number at all."""
    name, title, _, _, kind, minimum = rule[:6]
    if kind == "integer":
        try:
            number = int(value)
        except ValueError:
            reader.add(shown, line, name, f"must be a whole number ({title}), got {raw!r}")
            return False
        if minimum is not None and number < minimum:
            reader.add(shown, line, name, f"must be at least {minimum} ({title}), got {number}")
    elif kind == "date" and not is_date(value):
        reader.add(shown, line, name, f"must be a real calendar date written YYYY-MM-DD, got {raw!r}")
    elif kind == "year" and not (len(value) == 4 and value.isdigit() and value.isascii()):
        reader.add(shown, line, name, f"must be a year like 1948, got {raw!r}")
    return True


def _row_id_is_new(reader: FolderReader, shown: str, row: dict, pk: str, seen: dict) -> bool:
    """Rule: a row has an id of the right form, given once in its table; records it in ``seen``."""
    rid = row[pk].strip() if pk in row else ""
    if not rid:
        return False
    _check_id_form(reader, shown, row["_line"], pk, row[pk])
    if rid in seen:
        reader.add(shown, row["_line"], pk, f"duplicate id {rid!r} (first on line {seen[rid]})")
        return False
    seen[rid] = row["_line"]
    return True


def _check_id_form(reader, shown, line, field, value):
    """Rule: an id is lower-case letters, digits and _, starting with a letter (each malformed id on its own line)."""
    if not ID_FORM.fullmatch(value):
        reader.add(shown, line, field, f"malformed id {value!r}: an id is lower-case letters, digits and _, "
                                       "starting with a letter (e.g. mayta_c01); rename it here and wherever it is used")


def _check_document_url(reader, doc_file, lines, doc):
    """Rule: a document's url, if given, is a web address (http or https) with a host."""
    url = doc.get("url")
    if url is None:
        return
    parts = urllib.parse.urlsplit(url) if isinstance(url, str) else None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.netloc or UNSEEN.search(url) or " " in url.strip():
        reader.add(doc_file, lines.get("url", lines["_line"]), "url",
                   f"must be a web address starting with https:// or http://, got {url!r}; "
                   "give the address where the interview was published")


def _check_foreign_keys(reader: FolderReader, schemas: dict, tables: dict):
    for table, schema in schemas.items():
        if table not in tables:
            continue
        shown = reader.name(f"{table}.csv")
        for fk in schema.get("foreignKeys") or []:
            field = fk["fields"][0]
            target = fk["reference"]["resource"] or table
            target_field = fk["reference"]["fields"][0]
            spec = next((f for f in schema["fields"] if f["name"] == field), {})
            title = spec.get("title") or field.replace("_", " ")
            known = {r.get(target_field, "").strip() for r in tables.get(target) or []}
            listed = ", ".join(sorted(known)[:12]) + (" …" if len(known) > 12 else "")
            for row in tables[table]:
                value = row.get(field, "").strip()
                if value and value not in known:
                    reader.add_unknown(shown, row["_line"], field, value, f"unknown {title} {value!r}; known: {listed or '(none)'}",
                                       after=("table", target))


# ---- documents.yaml --------------------------------------------------------------------------

def _removed_spans(reader, doc, lines, seed_len):
    """The boilerplate cut from the seed as [(start, text, line)], or None if it is malformed."""
    bp = doc.get("boilerplate")
    doc_file = reader.name("documents.yaml")
    line = lines.get("boilerplate", lines["_line"])
    if bp is None:
        return []
    if not isinstance(bp, dict):
        reader.add(doc_file, line, "boilerplate", f"must be a mapping with 'removed:' (or 'prefix:'/'suffix:'), got {_kind(bp)}")
        return None
    bp_lines = mapping_lines(lines.get("_node:boilerplate"))
    spans = []
    for key in ("prefix", "suffix"):
        value = bp.get(key)
        if value is not None and not isinstance(value, str):
            reader.add(doc_file, bp_lines.get(key, line), f"boilerplate.{key}", f"must be text (in quotes), got {_kind(value)}")
            return None
    removed = bp.get("removed")
    if removed is None:
        removed = []
    if not isinstance(removed, list):
        reader.add(doc_file, bp_lines.get("removed", line), "boilerplate.removed",
                   f"must be a list of '- start: N' / 'text: \"...\"' entries, got {_kind(removed)}")
        return None
    item_lines = field_lines(bp_lines.get("_node:removed"))
    if bp.get("prefix"):
        spans.append((0, bp["prefix"], bp_lines.get("prefix", line)))
    last_end = len(bp.get("prefix") or "")
    for i, item in enumerate(removed):
        at = item_lines[i]["_line"] if i < len(item_lines) else line
        if not isinstance(item, dict) or not isinstance(item.get("start"), int) or isinstance(item.get("start"), bool) \
                or not isinstance(item.get("text"), str) or not item["text"]:
            reader.add(doc_file, at, "boilerplate.removed",
                       "each entry needs 'start:' (a whole number, the offset in the seed) and 'text:' (the removed text, in quotes)")
            return None
        if item["start"] < last_end:
            reader.add(doc_file, at, "boilerplate.removed",
                       f"start {item['start']} is before the end of the previous removed span ({last_end}); list the spans in seed order")
            return None
        spans.append((item["start"], item["text"], at))
        last_end = item["start"] + len(item["text"])
    if bp.get("suffix"):
        spans.append((seed_len - len(bp["suffix"]), bp["suffix"], bp_lines.get("suffix", line)))
    return spans


def _check_seed(reader, doc, lines, text):
    """Inserting each removed span back at its seed offset must rebuild the seed exactly."""
    doc_file = reader.name("documents.yaml")
    if not isinstance(doc.get("seed"), str):
        reader.add(doc_file, lines.get("seed", lines["_line"]), "seed", f"must be a file name, got {_kind(doc.get('seed'))}")
        return
    seed_path = reader.root / doc["seed"]
    if not seed_path.is_file():
        reader.add(doc_file, lines.get("seed", lines["_line"]), "seed", f"file not found: {doc['seed']}")
        return
    seed = seed_path.read_bytes().decode("utf-8", errors="replace")
    spans = _removed_spans(reader, doc, lines, len(seed))
    if spans is None:
        return
    pieces, where = [], []  # where: (start in rebuilt, end, "text", text offset) or (.., "removed", yaml line)
    pos_seed = pos_text = built = 0
    for start, removed, line in spans:
        keep = max(0, start - pos_seed)
        pieces.append(text[pos_text:pos_text + keep])
        where.append((built, built + len(pieces[-1]), "text", pos_text))
        built += len(pieces[-1])
        pos_text += keep
        pieces.append(removed)
        where.append((built, built + len(removed), "removed", line))
        built += len(removed)
        pos_seed = start + len(removed)
    pieces.append(text[pos_text:])
    where.append((built, built + len(pieces[-1]), "text", pos_text))
    rebuilt = "".join(pieces)
    if rebuilt == seed:
        return
    i = next((k for k, (a, b) in enumerate(zip(seed, rebuilt)) if a != b), min(len(seed), len(rebuilt)))
    seed_line = seed.count("\n", 0, i) + 1
    seed_col = i - (seed.rfind("\n", 0, i) + 1) + 1
    lo = max(0, i - 15, seed.rfind("\n", 0, i) + 1)
    snippet = f"the seed has {seed[lo:i + 25]!r}, the text has {rebuilt[lo:i + 25]!r}"
    for a, b, what, ref in where:
        if a <= i < b or (i == len(rebuilt) and b == i):
            if what == "removed":
                reader.add(doc_file, ref, "boilerplate.removed",
                           f"this removed text differs from the seed {doc['seed']} at seed line {seed_line}, column {seed_col}: {snippet}")
                return
            t = ref + (i - a)
            reader.text_break[doc["doc_id"]] = t
            line = text.count("\n", 0, t) + 1
            col = t - (text.rfind("\n", 0, t) + 1) + 1
            reader.add(reader.name(str(doc["text"])), line, "text",
                       f"differs from its seed {doc['seed']} at column {col} (seed line {seed_line}, column {seed_col}) once the "
                       f"recorded boilerplate is put back: {snippet}; texts must stay verbatim, and every cut must be recorded "
                       "under boilerplate: removed:")
            reader.roots[("edited", doc["doc_id"])] = reader.problems[-1]
            return


def _read_documents(reader: FolderReader):
    """documents.yaml, then each document's text: (the documents whose id is usable, {doc_id: text})."""
    documents, doc_node = reader.read_yaml("documents.yaml")
    doc_file = reader.name("documents.yaml")
    if documents is None:
        reader.mark_root(("documents",), len(reader.problems) - 1)
        return [], {}
    if not isinstance(documents, list):
        reader.add(doc_file, 1, "documents", f"must be a list of documents, each starting with '- doc_id: ...'; got {_kind(documents)}")
        reader.mark_root(("documents",), len(reader.problems) - 1)
        return [], {}
    lines = field_lines(doc_node)
    texts: dict[str, str] = {}
    good_docs = []
    seen_docs: dict[str, int] = {}
    for i, doc in enumerate(documents):
        ln = lines[i] if i < len(lines) else {"_line": 1, "_repeated": []}
        if not isinstance(doc, dict):
            reader.add(doc_file, ln["_line"], "document", f"each document must be a mapping of field: value, got {_kind(doc)}")
            continue
        bad = _check_document_fields(reader, doc_file, ln, doc)
        if "doc_id" in bad or not _document_id_is_new(reader, doc_file, ln, doc["doc_id"], seen_docs):
            continue
        doc = {**doc, "_line": ln["_line"], "_lines": {k: v for k, v in ln.items() if not k.startswith("_node:")}, "_bad": bad}
        good_docs.append(doc)
        text = _read_document_text(reader, doc, ln)
        if text is not None:
            texts[doc["doc_id"]] = text
    return good_docs, texts


def _check_document_fields(reader: FolderReader, doc_file: str, ln: dict, doc: dict) -> set:
    """One document's fields: none written twice, the required ones present, each of the right form.
    Returns the fields that cannot be used ("text" too when a field is written twice)."""
    bad = set()
    if ln["_repeated"]:
        _repeated_document_fields(reader, doc_file, ln["_repeated"])
        bad.add("text")
    for field in DOCUMENT_FIELDS:
        if doc.get(field) in (None, ""):
            reader.add(doc_file, ln.get(field, ln["_line"]), field, "is required and is missing or empty")
            bad.add(field)
    for field, value in doc.items():
        if field not in bad and value is not None:
            _check_document_value(reader, doc_file, ln, field, value, bad)
    if "date_earliest" in doc and "date_latest" in doc and is_date(doc["date_earliest"]) and is_date(doc["date_latest"]) \
            and doc["date_earliest"] > doc["date_latest"]:
        reader.add(doc_file, ln.get("date_latest", ln["_line"]), "date_latest", "is before date_earliest")
    _check_document_url(reader, doc_file, ln, doc)
    return bad


def _repeated_document_fields(reader: FolderReader, doc_file: str, repeated: list):
    """Rule: a field written twice in one document (often a missing '- ' before the next document)."""
    key, first, again = repeated[0]
    more = [k for k, _, _ in repeated[1:]]
    reader.add(doc_file, again, key, f"is written twice in one document (first on line {first})"
               + (f", and so are {len(more)} more fields ({', '.join(more[:5])}{' …' if len(more) > 5 else ''})" if more else "")
               + "; is the '- ' missing before the next document's doc_id?")


def _check_document_value(reader: FolderReader, doc_file: str, ln: dict, field, value, bad: set):
    """Rule: ids and the required fields are single values (ids text); date_earliest/date_latest real dates."""
    if field in ID_FIELDS or field in DOCUMENT_FIELDS:
        ok = isinstance(value, str) if field in ID_FIELDS else isinstance(value, (str, int, float)) and not isinstance(value, bool)
        if not ok:
            reader.add(doc_file, ln.get(field, ln["_line"]), field, f"must be a single value (text), got {_kind(value)}")
            bad.add(field)
    elif field in ("date_earliest", "date_latest") and not is_date(value):
        reader.add(doc_file, ln.get(field, ln["_line"]), field, f"must be a real calendar date written YYYY-MM-DD, got {value!r}")


def _document_id_is_new(reader: FolderReader, doc_file: str, ln: dict, doc_id, seen_docs: dict) -> bool:
    """Rule: a document id has the form of an id and is given once; records it in ``seen_docs``."""
    _check_id_form(reader, doc_file, ln.get("doc_id", ln["_line"]), "doc_id", doc_id)
    if doc_id in seen_docs:
        reader.add(doc_file, ln.get("doc_id", ln["_line"]), "doc_id", f"duplicate id {doc_id!r} (first on line {seen_docs[doc_id]})")
        return False
    seen_docs[doc_id] = ln.get("doc_id", ln["_line"])
    return True


def _read_document_text(reader: FolderReader, doc: dict, ln: dict) -> str | None:
    """A document's text (None if it cannot be used, which makes it a root), checked against its seed."""
    doc_id = doc["doc_id"]
    if "text" in doc["_bad"]:
        reader.roots.setdefault(("doc", doc_id), reader.problems[-1])
        return None
    since = len(reader.problems)
    text = reader.read_text(doc["text"], f"the text of {doc_id}")
    if text is not None and not text.strip():
        reader.add(reader.name(doc["text"]), 1, "text", f"the text of {doc_id} is empty")
        text = None
    if text is None:
        reader.mark_root(("doc", doc_id), since)
        return None
    _control_characters_in_text(reader, reader.name(doc["text"]), text)
    if doc.get("seed") is not None:
        _check_seed(reader, doc, ln, text)
    else:  # no seed: nothing to rebuild, but the record of what was removed must still be well formed
        _removed_spans(reader, doc, ln, len(text))
    return text


def _read(root: Path) -> tuple[RawCorpus | None, list[Problem]]:
    """One folder, in order: the descriptor, the codebook, the documents and their texts, the tables, then
    the rules across files."""
    reader = FolderReader(root)
    if not root.is_dir():
        reader.add(_shown(root), 1, "folder", "no corpus folder here; pass the folder that holds documents.yaml")
        return None, reader.problems

    schemas, descriptor_text = _read_descriptor(reader)
    codebook = _read_codebook(reader)
    good_docs, texts = _read_documents(reader)
    tables = _read_tables(reader, schemas)
    _check_enums_match_codebook(reader, schemas, descriptor_text, codebook)
    _check_foreign_keys(reader, schemas, tables)
    for key in REQUIRED_TABLES:
        tables.setdefault(key, [])
    _check_references(reader, good_docs, texts, tables, codebook)
    reader.summarise()
    raw = RawCorpus(root, codebook, good_docs, texts, tables, schemas)
    return raw, reader.problems


def _read_tables(reader: FolderReader, schemas: dict) -> dict:
    """Each CSV table of the schemas, its rows checked field by field: {table: the rows kept}.
    An optional table that is absent is left out; a table that cannot be read is a root with no rows."""
    tables = {}
    for key in REQUIRED_TABLES + OPTIONAL_TABLES:
        if key not in schemas:
            continue
        schema = schemas[key]
        fname = f"{key}.csv"
        required = [f["name"] for f in schema["fields"] if (f.get("constraints") or {}).get("required")]
        since = len(reader.problems)
        rows, header = reader.read_csv(fname, required, optional=key in OPTIONAL_TABLES)
        if rows is None and key in OPTIONAL_TABLES and not (reader.root / fname).is_file():
            continue
        reader.mark_root(("table", key), since)
        tables[key] = _check_fields(reader, reader.name(fname), schema, rows or [], header)
    return tables


# ---- cross-file rules ------------------------------------------------------------------------
# Each rule reads the tables through ``refs`` and reports to ``refs.reader``. They run in the order
# of CROSS_FILE_RULES: the span rules record what later rules need (turn spans, mention spans, the
# turns that have claims), and the order is the order of the printed problems.

class _Refs:
    """What the cross-file rules share: the tables by id, and what the earlier rules found."""

    def __init__(self, reader: FolderReader, documents: list, texts: dict, tables: dict, codebook: dict):
        self.reader, self.documents, self.texts, self.tables, self.codebook = reader, documents, texts, tables, codebook
        self.docs = {d["doc_id"]: d for d in documents}
        self.speakers = {r["speaker_id"].strip(): r for r in tables["speakers"]}
        self.institutions = {r["institution_id"].strip(): r for r in tables["institutions"]}
        self.turn_spans: dict[str, tuple] = {}  # turn_id -> (doc_id, start, end, speaker_id), by _rule_turns
        self.mention_spans: dict[str, list] = {}  # doc_id -> [(start, end)], by _rule_mentions
        self.claim_spans: dict[str, list] = {}  # doc_id -> [(start, end, row)], by _rule_claims
        self.claimed_turns: set[str] = set()  # by _rule_claims


def _rule_document_speakers(refs: _Refs):
    """documents.yaml: the interviewee and the outlet are speakers of speakers.csv."""
    doc_file = refs.reader.name("documents.yaml")
    for d in refs.documents:
        for field_name in ("interviewee", "outlet_speaker"):
            if field_name not in d["_bad"] and str(d[field_name]) not in refs.speakers:
                refs.reader.add(doc_file, d["_lines"].get(field_name, d["_line"]), field_name,
                                f"unknown speaker id {d[field_name]!r}; add it to speakers.csv", after=("table", "speakers"))


def _rule_institution_rows(refs: _Refs):
    """institutions.csv: a non-empty aliases cell names an alias; a founding year has its source."""
    f = refs.reader.name("institutions.csv")
    for r in refs.tables["institutions"]:
        if r["aliases"].strip() and not _split(r["aliases"]):
            refs.reader.add(f, r["_line"], "aliases", "needs at least one alias, as it appears in the texts")
        if (r.get("founded") or "").strip() and not (r.get("founded_source") or "").strip():
            refs.reader.add(f, r["_line"], "founded_source", "a founding year needs its source (title, publisher, date, URL)")


def _span(refs: _Refs, file: str, row: dict, text_field: str):
    """Check a row's document, its offsets' range and its quoted text. Returns (start, end) or None."""
    reader, doc_id = refs.reader, row["doc_id"].strip()
    if doc_id not in refs.docs:
        known = ", ".join(sorted(refs.docs)[:12]) or "(none)"
        reader.add_unknown(file, row["_line"], "doc_id", doc_id, f"unknown document id {doc_id!r}; known: {known}",
                           after=("documents",))
        return None
    start, end = _int(row, "start"), _int(row, "end")
    if start is None or end is None:
        return None
    text = refs.texts.get(doc_id)
    if text is None:
        reader.skip(("doc", doc_id), file)
        return None
    after = ("edited", doc_id) if end > reader.text_break.get(doc_id, len(text) + 1) else None
    if not 0 <= start < end <= len(text):
        reader.add(file, row["_line"], "start/end", f"offsets {start}–{end} are out of range for {doc_id} (0–{len(text)}, end after start)",
                   after=after)
        return None
    if text_field and row.get(text_field):
        want, got = row[text_field], text[start:end]
        if not (got.startswith(want) if text_field == "opening" else got == want):
            reader.add(file, row["_line"], text_field, f"{want!r} does not match the text at {start}–{end}, which reads {got[:60]!r}",
                       after=after)
    return start, end


def _rule_turns(refs: _Refs):
    """turns.csv: each turn's span and opening words; each text is covered by turns exactly once."""
    reader, f = refs.reader, refs.reader.name("turns.csv")
    spans: dict[str, list] = {}
    broken_doc_turn = {}
    for r in refs.tables["turns"]:
        since = len(reader.problems)
        span = _span(refs, f, r, "opening")
        if span:
            spans.setdefault(r["doc_id"].strip(), []).append((span[0], span[1], r))
            refs.turn_spans[r["turn_id"].strip()] = (r["doc_id"].strip(), span[0], span[1], r["speaker_id"].strip())
        elif len(reader.problems) > since:
            key = ("turn", r["turn_id"])
            reader.mark_root(key, since)
            broken_doc_turn.setdefault(r["doc_id"].strip(), key)
    for doc_id, text in refs.texts.items():
        after = broken_doc_turn.get(doc_id) or (("edited", doc_id) if doc_id in reader.text_break else None)
        if ("table", "turns") in reader.roots:
            after = ("table", "turns")
        _turn_coverage(reader, f, doc_id, len(text), sorted(spans.get(doc_id, []), key=lambda s: (s[0], s[1])), after)


def _turn_coverage(reader: FolderReader, f: str, doc_id: str, length: int, spans: list, after):
    """Report gaps and overlaps between one text's turns (spans sorted by start)."""
    pos, last = 0, None
    for start, end, r in spans:
        if start > pos:
            reader.add(f, r["_line"], "start", f"gap: characters {pos}–{start} of {doc_id} belong to no turn", after=after)
        elif start < pos:
            reader.add(f, r["_line"], "start", f"overlap: turn starts at {start}, inside {last['turn_id']} (ends {pos})", after=after)
        pos, last = max(pos, end), r
    if pos < length:
        line = last["_line"] if last else 1
        reader.add(f, line, "end", f"gap: characters {pos}–{length} at the end of {doc_id} belong to no turn", after=after)


def _rule_mentions(refs: _Refs):
    """mentions.csv: each mention's span and surface text."""
    f = refs.reader.name("mentions.csv")
    for r in refs.tables["mentions"]:
        span = _span(refs, f, r, "surface")
        if span:
            refs.mention_spans.setdefault(r["doc_id"].strip(), []).append(span)


def _rule_claims(refs: _Refs):
    """claims.csv: each claim's span and quote, its turn and speaker, its themes and its targets."""
    f = refs.reader.name("claims.csv")
    for r in refs.tables["claims"]:
        span = _span(refs, f, r, "quote")
        refs.claimed_turns.add(r["turn_id"].strip())
        if span:
            refs.claim_spans.setdefault(r["doc_id"].strip(), []).append((span[0], span[1], r))
            _claim_in_its_turn(refs, f, r, span)
        _claim_themes(refs, f, r)
        _claim_targets(refs, f, r)


def _claim_in_its_turn(refs: _Refs, f: str, r: dict, span: tuple):
    """The claim lies inside its turn, and its speaker is the turn's speaker."""
    turn_id = r["turn_id"].strip()
    if turn_id not in refs.turn_spans:
        if ("turn", turn_id) in refs.reader.roots:
            refs.reader.skip(("turn", turn_id), f)
        return
    t_doc, t_start, t_end, t_speaker = refs.turn_spans[turn_id]
    if t_doc != r["doc_id"].strip() or not (t_start <= span[0] and span[1] <= t_end):
        refs.reader.add(f, r["_line"], "start/end", f"the claim {span[0]}–{span[1]} lies outside its turn {turn_id} ({t_doc} {t_start}–{t_end})")
    elif t_speaker != r["speaker_id"].strip():
        refs.reader.add(f, r["_line"], "speaker_id", f"is {r['speaker_id']!r} but turn {turn_id} is spoken by {t_speaker!r}")


def _codebook_root(reader: FolderReader, key: str) -> tuple:
    """The codebook problem that explains an unknown value of ``key``, for ``after=``."""
    return ("codebook", key) if ("codebook", key) in reader.roots else ("codebook",)


def _claim_themes(refs: _Refs, f: str, r: dict):
    """At least one theme, each once, each from the codebook."""
    themes, listed = refs.codebook.get("themes") or [], _split(r["themes"])
    if r["themes"].strip() and not listed:
        refs.reader.add(f, r["_line"], "themes", "needs at least one theme from the codebook")
    twice = sorted({t for t in listed if listed.count(t) > 1})
    if twice:
        refs.reader.add(f, r["_line"], "themes", f"{', '.join(twice)} is listed twice; give each theme once, "
                                                 "the most central first (CODEBOOK §5)")
    for theme in listed:
        if theme not in themes:
            refs.reader.add(f, r["_line"], "themes", f"unknown theme {theme!r}; known: {', '.join(list(themes)[:12])} …",
                            after=_codebook_root(refs.reader, "themes"))


def _claim_targets(refs: _Refs, f: str, r: dict):
    """Each target names an institution of institutions.csv and a stance of the codebook."""
    stances, institutions = refs.codebook.get("stances") or [], refs.institutions
    for target in _split(r["targets"]):
        inst, sep, stance = (p.strip() for p in target.partition(":"))
        if not sep:
            continue  # the schema's pattern has reported it
        if inst not in institutions:
            listed = ", ".join(sorted(institutions)[:12]) + (" …" if len(institutions) > 12 else "")
            refs.reader.add_unknown(f, r["_line"], "targets", inst, f"unknown institution id {inst!r}; known: {listed or '(none)'}",
                                    after=("table", "institutions"))
        if stance not in stances:
            refs.reader.add(f, r["_line"], "targets", f"unknown stance {stance!r}; known: {', '.join(stances)}",
                            after=_codebook_root(refs.reader, "stances"))


def _rule_claims_do_not_overlap(refs: _Refs):
    """CODEBOOK §1.2: claims do not overlap."""
    f = refs.reader.name("claims.csv")
    for found in refs.claim_spans.values():
        end_so_far, holder = -1, None
        for start, end, r in sorted(found, key=lambda s: (s[0], s[1])):
            if holder is not None and start < end_so_far:
                refs.reader.add(f, r["_line"], "start/end",
                                f"claim {r['claim_id']} ({start}–{end}) overlaps claim {holder['claim_id']} (ends {end_so_far}); "
                                "claims do not overlap (CODEBOOK §1.2): shorten one of them, or merge them into one claim")
            if end > end_so_far:
                end_so_far, holder = end, r


def _todo_proposed_rows(refs: _Refs):
    """Left to do: turns and mentions a tool proposed and nobody confirmed yet."""
    for table in ("turns", "mentions"):
        f = refs.reader.name(f"{table}.csv")
        for r in refs.tables[table]:
            if (r.get("status") or "").strip() == "proposed":
                rid = r["turn_id" if table == "turns" else "mention_id"]
                refs.reader.add(f, r["_line"], "status", f"{table[:-1]} {rid} was proposed by a tool; check it, then run "
                                                         f"`python -m helpers confirm {r.get('doc_id', 'DOC_ID')} --corpus {_shown(refs.reader.root)}`",
                                "todo")


def _todo_answer_turns(refs: _Refs):
    """Left to do: answer turns with no claim coded."""
    f = refs.reader.name("turns.csv")
    for r in refs.tables["turns"]:
        turn_id = r["turn_id"].strip()
        if r["kind"].strip() == "answer" and turn_id not in refs.claimed_turns and turn_id in refs.turn_spans:
            refs.reader.add(f, r["_line"], "turn_id", f"answer turn {r['turn_id']} has no claim coded yet "
                                                      "(a turn that only greets or thanks has kind 'greeting')", "todo")


def _todo_unused_institutions(refs: _Refs):
    """Left to do: institutions that no claim, mention, event or other institution uses."""
    tables = refs.tables
    used = {r["institution_id"].strip() for r in tables["mentions"]}
    used |= {t.partition(":")[0].strip() for r in tables["claims"] for t in _split(r["targets"])}
    used |= {(r.get("institution_id") or "").strip() for r in tables.get("events") or []}
    used |= {(r.get("parent_id") or "").strip() for r in tables["institutions"]}
    f = refs.reader.name("institutions.csv")
    for inst_id, r in refs.institutions.items():
        if inst_id not in used:
            refs.reader.add(f, r["_line"], "institution_id", f"no claim, mention or event uses {inst_id!r} yet", "todo")


def _advise_uncovered_aliases(refs: _Refs):
    """Advice: occurrences of an institution's alias in a text that no mention covers."""
    patterns = [(alias, r["institution_id"].strip()) for r in refs.tables["institutions"] for alias in _split(r["aliases"])]
    if not patterns:
        return
    alternation = "|".join(re.escape(a) for a, _ in sorted(patterns, key=lambda p: -len(p[0])))
    alias_re = re.compile(r"(?<![\w-])(?:" + alternation + r")(?![\w-])")
    owner = dict(patterns)
    for doc_id, text in refs.texts.items():
        spans_here = sorted(refs.mention_spans.get(doc_id, []))
        starts = [s for s, _ in spans_here]
        text_file = refs.reader.name(str(refs.docs[doc_id]["text"]))
        for m in alias_re.finditer(text):
            i = bisect.bisect_right(starts, m.start()) - 1  # the last mention starting at or before the match
            if i < 0 or spans_here[i][1] < m.end():
                refs.reader.add(text_file, text.count("\n", 0, m.start()) + 1, "coverage",
                                f"{m.group()!r} at {m.start()}–{m.end()} is an alias of {owner[m.group()]} "
                                "but no row of mentions.csv covers it", "warning")


CROSS_FILE_RULES = (_rule_document_speakers, _rule_institution_rows, _rule_turns, _rule_mentions, _rule_claims,
                    _rule_claims_do_not_overlap, _todo_proposed_rows, _todo_answer_turns, _todo_unused_institutions,
                    _advise_uncovered_aliases)


def _check_references(reader: FolderReader, documents, texts, tables, codebook):
    """Cross-file checks: document ids, offsets, quotes, turn coverage, claims; then work left to do."""
    refs = _Refs(reader, documents, texts, tables, codebook)
    for rule in CROSS_FILE_RULES:
        rule(refs)
