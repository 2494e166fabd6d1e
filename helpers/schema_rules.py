"""The corpus's own definitions: the Table Schemas of ``datapackage.json`` and the lists of ``codebook.yaml``.

Reads both through a ``FolderReader`` and checks that they are usable and agree with each other
(a field whose values are a codebook list allows exactly that list). A corpus without its own
descriptor uses the bundled one. ``helpers.validate`` runs these first: the other rules need them.

>>> import pathlib, tempfile
>>> from helpers.files import FolderReader
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "codebook.yaml").write_text("stances: [critical, supportive]\\nthemes: sovereignty\\n", encoding="utf-8")
>>> files = FolderReader(folder)
>>> schemas, _ = read_descriptor(files)
>>> sorted(schemas)
['claims', 'events', 'institutions', 'mentions', 'speakers', 'turns']
>>> read_codebook(files)["stances"]
['critical', 'supportive']
>>> for p in files.problems[:2]:
...     print(p.line, p.field, p.message)
1 frames missing list in the codebook
2 themes must be a list of names, or a mapping of name: definition; got str
"""

from __future__ import annotations

import json
from pathlib import Path

from .files import FolderReader, describe_kind, mapping_lines
from .vocab import BUNDLED_CORPUS, shown_path

__all__ = ["DESCRIPTOR", "REQUIRED_TABLES", "OPTIONAL_TABLES", "CODEBOOK_ENUMS", "CODEBOOK_LISTS", "load_schema",
           "read_descriptor", "read_codebook", "check_enums_match_codebook"]

DESCRIPTOR = "datapackage.json"
REQUIRED_TABLES = ["speakers", "institutions", "turns", "mentions", "claims"]
OPTIONAL_TABLES = ["events"]
# Table fields whose allowed values are a codebook list: datapackage.json must list the same values.
CODEBOOK_ENUMS = {("speakers", "kind"): "speaker_kinds", ("institutions", "kind"): "institution_kinds",
                  ("turns", "kind"): "turn_kinds", ("claims", "frame"): "frames"}
CODEBOOK_LISTS = ("stances", "frames", "themes", "turn_kinds", "speaker_kinds", "institution_kinds")


def load_schema(path: str | Path | None = None) -> dict:
    """The Table Schemas of datapackage.json, by resource name (default: the bundled descriptor).

    >>> [f["name"] for f in load_schema()["speakers"]["fields"]][:3]
    ['speaker_id', 'name', 'short_name']
    """
    descriptor = json.loads(Path(path or BUNDLED_CORPUS / DESCRIPTOR).read_text(encoding="utf-8"))
    return {r["name"]: r["schema"] for r in descriptor["resources"]}


def read_descriptor(reader: FolderReader) -> tuple[dict, str]:
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


def read_codebook(reader: FolderReader) -> dict:
    codebook, node = reader.read_yaml("codebook.yaml")
    shown = reader.name("codebook.yaml")
    if codebook is None:
        if reader.problems and reader.problems[-1].file == shown:
            reader.roots[("codebook",)] = reader.problems[-1]
        return {}
    if not isinstance(codebook, dict):
        reader.add(shown, 1, "codebook", f"must be a mapping of list name: values, got {describe_kind(codebook)}")
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
            reader.add(shown, line, key, f"must be a list of names, or a mapping of name: definition; got {describe_kind(value)}")
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


def check_enums_match_codebook(reader, schemas, descriptor_text, codebook):
    """Rule: each field whose values are a codebook list (CODEBOOK_ENUMS) allows exactly that list's values."""
    own = (reader.root / DESCRIPTOR).is_file()
    shown = reader.name(DESCRIPTOR) if own else shown_path(BUNDLED_CORPUS / DESCRIPTOR)
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
