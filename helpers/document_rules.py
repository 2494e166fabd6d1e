"""The checks of ``documents.yaml`` and of each interview text it names.

Each document's fields (required, single values, dates, a web address), its id, its text (UTF-8,
not empty, no control characters) and, when it has a seed, that the text is the seed with only
the recorded boilerplate removed (the text stays verbatim).

>>> import pathlib, tempfile
>>> from helpers.files import FolderReader
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "documents.yaml").write_text("- doc_id: mayta_2021\\n  title: The new international relations\\n"
...     "  outlet: Kawsachun News\\n  interviewee: mayta\\n  outlet_speaker: kawsachun_news\\n  date: 2021-07-01\\n"
...     "  language: en\\n  rights: quoted for teaching\\n  text: texts/mayta_2021.txt\\n  url: kawsachunnews.com\\n",
...     encoding="utf-8")
>>> files = FolderReader(folder)
>>> documents, texts = read_documents(files)
>>> [d["doc_id"] for d in documents], texts
(['mayta_2021'], {})
>>> for p in files.problems:
...     print(p.line, p.field, p.message[:50])
10 url must be a web address starting with https:// or ht
1 file the text of mayta_2021 is missing: expected a file
"""

from __future__ import annotations

import urllib.parse

from .files import CONTROL, UNSEEN, FolderReader, describe_control, describe_kind, field_lines, is_date, mapping_lines
from .table_rules import check_id_form

__all__ = ["DOCUMENT_FIELDS", "ID_FIELDS", "read_documents"]

DOCUMENT_FIELDS = ["doc_id", "title", "outlet", "interviewee", "outlet_speaker", "date", "language", "rights", "text"]
ID_FIELDS = {"doc_id", "interviewee", "outlet_speaker", "text", "seed"}  # must be text, not a number or list


def read_documents(reader: FolderReader):
    """documents.yaml, then each document's text: (the documents whose id is usable, {doc_id: text})."""
    documents, doc_node = reader.read_yaml("documents.yaml")
    doc_file = reader.name("documents.yaml")
    if documents is None:
        reader.mark_root(("documents",), len(reader.problems) - 1)
        return [], {}
    if not isinstance(documents, list):
        reader.add(doc_file, 1, "documents", f"must be a list of documents, each starting with '- doc_id: ...'; got {describe_kind(documents)}")
        reader.mark_root(("documents",), len(reader.problems) - 1)
        return [], {}
    lines = field_lines(doc_node)
    texts: dict[str, str] = {}
    good_docs = []
    seen_docs: dict[str, int] = {}
    for i, doc in enumerate(documents):
        ln = lines[i] if i < len(lines) else {"_line": 1, "_repeated": []}
        if not isinstance(doc, dict):
            reader.add(doc_file, ln["_line"], "document", f"each document must be a mapping of field: value, got {describe_kind(doc)}")
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
            reader.add(doc_file, ln.get(field, ln["_line"]), field, f"must be a single value (text), got {describe_kind(value)}")
            bad.add(field)
    elif field in ("date_earliest", "date_latest") and not is_date(value):
        reader.add(doc_file, ln.get(field, ln["_line"]), field, f"must be a real calendar date written YYYY-MM-DD, got {value!r}")


def _document_id_is_new(reader: FolderReader, doc_file: str, ln: dict, doc_id, seen_docs: dict) -> bool:
    """Rule: a document id has the form of an id and is given once; records it in ``seen_docs``."""
    check_id_form(reader, doc_file, ln.get("doc_id", ln["_line"]), "doc_id", doc_id)
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


def _removed_spans(reader, doc, lines, seed_len):
    """The boilerplate cut from the seed as [(start, text, line)], or None if it is malformed."""
    bp = doc.get("boilerplate")
    doc_file = reader.name("documents.yaml")
    line = lines.get("boilerplate", lines["_line"])
    if bp is None:
        return []
    if not isinstance(bp, dict):
        reader.add(doc_file, line, "boilerplate", f"must be a mapping with 'removed:' (or 'prefix:'/'suffix:'), got {describe_kind(bp)}")
        return None
    bp_lines = mapping_lines(lines.get("_node:boilerplate"))
    spans = []
    for key in ("prefix", "suffix"):
        value = bp.get(key)
        if value is not None and not isinstance(value, str):
            reader.add(doc_file, bp_lines.get(key, line), f"boilerplate.{key}", f"must be text (in quotes), got {describe_kind(value)}")
            return None
    removed = bp.get("removed")
    if removed is None:
        removed = []
    if not isinstance(removed, list):
        reader.add(doc_file, bp_lines.get("removed", line), "boilerplate.removed",
                   f"must be a list of '- start: N' / 'text: \"...\"' entries, got {describe_kind(removed)}")
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
        reader.add(doc_file, lines.get("seed", lines["_line"]), "seed", f"must be a file name, got {describe_kind(doc.get('seed'))}")
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
