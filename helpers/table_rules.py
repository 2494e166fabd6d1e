"""The checks of each CSV table, field by field, driven by its Table Schema in ``datapackage.json``.

Types, required values, allowed values, patterns, unique ids of the right form, and foreign keys
between tables. The rules come from the schema; only their wording is written here.

>>> import pathlib, tempfile
>>> from helpers.files import FolderReader
>>> from helpers.schema_rules import load_schema
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "speakers.csv").write_text("speaker_id,name,short_name,kind\\n"
...     "mayta,Rogelio Mayta,Mayta,interviewee\\nMayta 2,Rogelio Mayta,Mayta,robot\\nmayta,R. Mayta,Mayta,interviewee\\n", encoding="utf-8")
>>> files = FolderReader(folder)
>>> tables = read_tables(files, {"speakers": load_schema()["speakers"]})
>>> [r["speaker_id"] for r in tables["speakers"]]
['mayta', 'Mayta 2']
>>> for p in files.problems:
...     print(p.line, p.field, p.message.split(":")[0])
3 kind unknown speaker kind 'robot'; known
3 speaker_id malformed id 'Mayta 2'
4 speaker_id duplicate id 'mayta' (first on line 2)
"""

from __future__ import annotations

import re

from .files import FolderReader, is_date
from .schema_rules import OPTIONAL_TABLES, REQUIRED_TABLES

__all__ = ["ID_FORM", "read_tables", "check_id_form", "check_foreign_keys"]

ID_FORM = re.compile(r"[a-z][a-z0-9_]*")  # every id: lower-case letters, digits and _, starting with a letter


def read_tables(reader: FolderReader, schemas: dict) -> dict:
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
    check_id_form(reader, shown, row["_line"], pk, row[pk])
    if rid in seen:
        reader.add(shown, row["_line"], pk, f"duplicate id {rid!r} (first on line {seen[rid]})")
        return False
    seen[rid] = row["_line"]
    return True


def check_id_form(reader, shown, line, field, value):
    """Rule: an id is lower-case letters, digits and _, starting with a letter (each malformed id on its own line)."""
    if not ID_FORM.fullmatch(value):
        reader.add(shown, line, field, f"malformed id {value!r}: an id is lower-case letters, digits and _, "
                                       "starting with a letter (e.g. mayta_c01); rename it here and wherever it is used")


def check_foreign_keys(reader: FolderReader, schemas: dict, tables: dict):
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
