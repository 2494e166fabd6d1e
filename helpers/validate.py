"""Read a corpus folder and check it, collecting every problem with its file and line.

The corpus is a folder of plain files (see corpus/README.md). `read_corpus` never
writes anything and never stops at the first problem: it returns the tables it could
read and a list of `Problem`s, each printed as ``file:line: field: message``.

>>> from helpers.validate import read_corpus
>>> raw, problems = read_corpus()
>>> [p for p in problems if p.severity == "error"]
[]
"""

from __future__ import annotations

import bisect
import contextlib
import csv
import gc
import os
import io
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

__all__ = ["Problem", "RawCorpus", "read_corpus", "default_corpus_path", "TABLES"]

# Each table: file name, required columns, id column.
TABLES = {
    "speakers": ("speakers.csv", ["speaker_id", "name", "short_name", "kind"], "speaker_id"),
    "institutions": ("institutions.csv", ["institution_id", "name", "acronym", "aliases", "kind"], "institution_id"),
    "turns": ("turns.csv", ["turn_id", "doc_id", "speaker_id", "kind", "start", "end"], "turn_id"),
    "mentions": ("mentions.csv", ["mention_id", "doc_id", "institution_id", "start", "end", "surface"], "mention_id"),
    "claims": (
        "claims.csv",
        ["claim_id", "doc_id", "turn_id", "speaker_id", "start", "end", "quote", "paraphrase", "targets", "frame", "themes"],
        "claim_id",
    ),
}
DOCUMENT_FIELDS = ["doc_id", "title", "outlet", "interviewee", "outlet_speaker", "date", "language", "rights", "text"]
OPTIONAL_TABLES = {"events": ("events.csv", ["event_id", "date", "event", "source"], "event_id")}


@dataclass(frozen=True)
class Problem:
    """One finding: where it is (file, line, field) and what is wrong, in plain words."""

    file: str
    line: int
    field: str
    message: str
    severity: str = "error"  # or "warning"

    def __str__(self) -> str:
        tag = "warning: " if self.severity == "warning" else ""
        message = self.message.replace("\r", "\\r").replace("\n", "\\n")  # always one line
        return f"{self.file}:{self.line}: {self.field}: {tag}{message}"


@dataclass
class RawCorpus:
    """The rows as read, each row a dict with its source line number under ``_line``."""

    path: Path
    codebook: dict
    documents: list
    texts: dict
    tables: dict


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
    return Path(__file__).resolve().parent.parent / "corpus"


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: much faster


class _Reader:
    """Collects problems while reading the files of one corpus folder."""

    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []

    def add(self, file, line, field, message, severity="error"):
        self.problems.append(Problem(file, line, field, message, severity))

    def name(self, rel: str) -> str:
        return _shown(self.root / rel)

    def read_text(self, rel: str, what: str) -> str | None:
        path = self.root / rel
        shown = self.name(rel)
        if not path.is_file():
            self.add(shown, 1, "file", f"{what} is missing: expected a file at {shown}")
            return None
        data = path.read_bytes()
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as err:
            line = data[: err.start].count(b"\n") + 1
            self.add(shown, line, "encoding", f"the file is not UTF-8 (byte {err.start}); save it as UTF-8 in your editor")
            return None

    def read_csv(self, rel: str, required: list[str], optional: bool = False) -> list[dict] | None:
        if optional and not (self.root / rel).is_file():
            return None
        text = self.read_text(rel, f"table {rel}")
        if text is None:
            return None
        shown = self.name(rel)
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        rows: list[dict] = []
        try:
            header = next(reader, None)
            if header is None:
                self.add(shown, 1, "header", "the file is empty; it needs a header row: " + ",".join(required))
                return None
            header = [h.strip().lstrip("\ufeff") for h in header]
            missing = [c for c in required if c not in header]
            if missing:
                self.add(shown, 1, "header", f"missing column(s): {', '.join(missing)}")
                return None
            line = reader.line_num + 1
            for values in reader:
                if any(v.strip() for v in values):
                    if len(values) != len(header):
                        self.add(shown, line, "row", f"has {len(values)} fields, the header has {len(header)}; check for a stray comma or quote")
                    else:
                        row = dict(zip(header, values))
                        row["_line"] = line
                        rows.append(row)
                line = reader.line_num + 1
        except csv.Error as err:
            self.add(shown, reader.line_num or 1, "csv", f"cannot be read as CSV: {err}")
            return None
        return rows

    def read_yaml(self, rel: str):
        text = self.read_text(rel, f"file {rel}")
        if text is None:
            return None, None
        shown = self.name(rel)
        loader = _Loader(text)
        try:  # one pass: the node tree (for line numbers), then the data built from it
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            line = mark.line + 1 if mark else 1
            self.add(shown, line, "yaml", f"cannot be read as YAML: {getattr(err, 'problem', None) or err}")
            return None, None
        return data, node


def _field_lines(seq_node) -> list[dict]:
    """For a YAML sequence of mappings: per item, {field: line} plus '_line' for the item."""
    out = []
    for item in getattr(seq_node, "value", []) or []:
        lines = {"_line": item.start_mark.line + 1}
        if isinstance(item, yaml.MappingNode):
            for key, _ in item.value:
                lines[str(key.value)] = key.start_mark.line + 1
        out.append(lines)
    return out


def _int(reader, file, row, field):
    value = str(row.get(field, "")).strip()
    try:
        return int(value)
    except ValueError:
        reader.add(file, row["_line"], field, f"must be a whole number (a character offset), got {value!r}")
        return None


def _split(value: str) -> list[str]:
    return [v.strip() for v in str(value or "").split("|") if v.strip()]


def read_corpus(path: str | Path | None = None) -> tuple[RawCorpus | None, list[Problem]]:
    """Read and check the corpus folder at ``path`` (default: the bundled corpus/).

    Returns (raw, problems). ``raw`` is None only if the folder itself is missing.
    Problems with severity "error" make the corpus unusable; "warning"s are advice.
    """
    root = Path(path) if path is not None else default_corpus_path()
    with gc_paused():
        return _read(root)


@contextlib.contextmanager
def gc_paused():
    """Pause the cyclic garbage collector: bulk loading makes many small objects, and the
    collector's repeated passes over them would make loading time grow faster than the data."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _read(root: Path) -> tuple[RawCorpus | None, list[Problem]]:
    reader = _Reader(root)
    if not root.is_dir():
        reader.add(_shown(root), 1, "folder", "no corpus folder here; pass the folder that holds documents.yaml")
        return None, reader.problems

    codebook, _ = reader.read_yaml("codebook.yaml")
    codebook = codebook if isinstance(codebook, dict) else {}
    cb_file = reader.name("codebook.yaml")
    for key in ("stances", "frames", "themes", "turn_kinds", "speaker_kinds", "institution_kinds"):
        if key not in codebook and (root / "codebook.yaml").is_file():
            reader.add(cb_file, 1, key, "missing list in the codebook")
    allowed = {k: set(codebook.get(k) or []) for k in ("stances", "frames", "themes", "turn_kinds", "speaker_kinds", "institution_kinds")}

    documents, doc_node = reader.read_yaml("documents.yaml")
    doc_file = reader.name("documents.yaml")
    if documents is not None and not isinstance(documents, list):
        reader.add(doc_file, 1, "documents", "must be a list of documents, each starting with '- doc_id: ...'")
        documents = []
    documents = documents or []
    lines = _field_lines(doc_node) if doc_node is not None else []
    texts: dict[str, str] = {}
    good_docs = []
    seen_docs: dict[str, int] = {}
    for i, doc in enumerate(documents):
        ln = lines[i] if i < len(lines) else {"_line": 1}
        if not isinstance(doc, dict):
            reader.add(doc_file, ln["_line"], "document", "each document must be a mapping of field: value")
            continue
        for field in DOCUMENT_FIELDS:
            if doc.get(field) in (None, ""):
                reader.add(doc_file, ln.get(field, ln["_line"]), field, "is required and is missing or empty")
        doc_id = str(doc.get("doc_id") or "")
        if not doc_id:
            continue
        if doc_id in seen_docs:
            reader.add(doc_file, ln.get("doc_id", ln["_line"]), "doc_id", f"duplicate id {doc_id!r} (first on line {seen_docs[doc_id]})")
            continue
        seen_docs[doc_id] = ln.get("doc_id", ln["_line"])
        doc = dict(doc, _line=ln["_line"], _lines=ln)
        good_docs.append(doc)
        if not doc.get("text"):
            continue
        text = reader.read_text(str(doc["text"]), f"the text of {doc_id}")
        if text is None:
            continue
        if not text.strip():
            reader.add(reader.name(str(doc["text"])), 1, "text", f"the text of {doc_id} is empty")
            continue
        texts[doc_id] = text
        if doc.get("seed"):
            seed_path = root / str(doc["seed"])
            if seed_path.is_file():
                seed = seed_path.read_bytes().decode("utf-8", errors="replace")
                bp = doc.get("boilerplate") or {}
                if seed != f"{bp.get('prefix') or ''}{text}{bp.get('suffix') or ''}":
                    reader.add(
                        reader.name(str(doc["text"])), 1, "text",
                        f"differs from its seed {doc['seed']} once the recorded boilerplate is removed; texts must stay verbatim",
                    )
            else:
                reader.add(doc_file, ln.get("seed", ln["_line"]), "seed", f"file not found: {doc['seed']}")

    tables = {}
    for key, (fname, required, id_col) in {**TABLES, **OPTIONAL_TABLES}.items():
        rows = reader.read_csv(fname, required, optional=key in OPTIONAL_TABLES)
        shown = reader.name(fname)
        good = []
        seen: dict[str, int] = {}
        for row in rows or []:
            rid = row[id_col].strip()
            if not rid:
                reader.add(shown, row["_line"], id_col, "is empty; every row needs an id")
            elif rid in seen:
                reader.add(shown, row["_line"], id_col, f"duplicate id {rid!r} (first on line {seen[rid]})")
            else:
                seen[rid] = row["_line"]
                good.append(row)
        tables[key] = good

    _check_references(reader, good_docs, texts, tables, allowed)
    raw = RawCorpus(root, codebook, good_docs, texts, tables)
    return raw, reader.problems


def _check_references(reader: _Reader, documents, texts, tables, allowed):
    """Cross-file checks: ids that must exist, offsets, quotes, turn coverage, coverage warnings."""
    speakers = {r["speaker_id"]: r for r in tables["speakers"]}
    institutions = {r["institution_id"]: r for r in tables["institutions"]}
    docs = {d["doc_id"]: d for d in documents}
    doc_file = reader.name("documents.yaml")

    def check_member(file, row, field, value, known, what):
        if value not in known:
            shown = ", ".join(sorted(known)[:12]) + (" …" if len(known) > 12 else "")
            reader.add(file, row["_line"], field, f"unknown {what} {value!r}; known: {shown or '(none)'}")
            return False
        return True

    f = reader.name("speakers.csv")
    for r in tables["speakers"]:
        check_member(f, r, "kind", r["kind"], allowed["speaker_kinds"], "speaker kind")
    for d in documents:
        for field in ("interviewee", "outlet_speaker"):
            if d.get(field) and d[field] not in speakers:
                reader.add(doc_file, d["_lines"].get(field, d["_line"]), field, f"unknown speaker id {d[field]!r}; add it to speakers.csv")

    f = reader.name("institutions.csv")
    for r in tables["institutions"]:
        check_member(f, r, "kind", r["kind"], allowed["institution_kinds"], "institution kind")
        if r.get("parent_id") and r["parent_id"] not in institutions:
            reader.add(f, r["_line"], "parent_id", f"unknown institution id {r['parent_id']!r}")
        if not _split(r["aliases"]):
            reader.add(f, r["_line"], "aliases", "needs at least one alias, as it appears in the texts")
        founded = (r.get("founded") or "").strip()
        if founded and not re.fullmatch(r"\d{4}", founded):
            reader.add(f, r["_line"], "founded", f"must be a year like 1948, got {founded!r}")
        if founded and not (r.get("founded_source") or "").strip():
            reader.add(f, r["_line"], "founded_source", "a founding year needs its source (title, publisher, date, URL)")

    def check_span(file, row, text_field):
        """Parse start/end; check range and the quoted text. Returns (start, end) or None."""
        if not check_member(file, row, "doc_id", row["doc_id"], docs.keys(), "document id"):
            return None
        start, end = _int(reader, file, row, "start"), _int(reader, file, row, "end")
        if start is None or end is None:
            return None
        text = texts.get(row["doc_id"])
        if text is None:
            return None
        if not 0 <= start < end <= len(text):
            reader.add(file, row["_line"], "start/end", f"offsets {start}–{end} are out of range for {row['doc_id']} (0–{len(text)}, end after start)")
            return None
        if text_field:
            want = row[text_field]
            got = text[start:end]
            if text_field == "opening":
                ok = got.startswith(want)
            else:
                ok = got == want
            if not ok:
                reader.add(file, row["_line"], text_field, f"{want!r} does not match the text at {start}–{end}, which reads {got[:60]!r}")
        return start, end

    # turns: coverage of each text, exactly once
    f = reader.name("turns.csv")
    spans: dict[str, list] = {}
    turn_spans = {}
    for r in tables["turns"]:
        ok_speaker = check_member(f, r, "speaker_id", r["speaker_id"], speakers.keys(), "speaker id")
        check_member(f, r, "kind", r["kind"], allowed["turn_kinds"], "turn kind")
        span = check_span(f, r, "opening" if r.get("opening") else None)
        if span:
            spans.setdefault(r["doc_id"], []).append((span[0], span[1], r))
            if ok_speaker:
                turn_spans[r["turn_id"]] = (r["doc_id"], span[0], span[1], r["speaker_id"], r["kind"])
    for doc_id, text in texts.items():
        pos, last = 0, None
        for start, end, r in sorted(spans.get(doc_id, []), key=lambda s: (s[0], s[1])):
            if start > pos:
                reader.add(f, r["_line"], "start", f"gap: characters {pos}–{start} of {doc_id} belong to no turn")
            elif start < pos:
                reader.add(f, r["_line"], "start", f"overlap: turn starts at {start}, inside {last['turn_id']} (ends {pos})")
            pos, last = max(pos, end), r
        if pos < len(text):
            line = last["_line"] if last else 1
            reader.add(f, line, "end", f"gap: characters {pos}–{len(text)} at the end of {doc_id} belong to no turn")

    # mentions
    f = reader.name("mentions.csv")
    covered: dict[str, list] = {}
    for r in tables["mentions"]:
        check_member(f, r, "institution_id", r["institution_id"], institutions.keys(), "institution id")
        span = check_span(f, r, "surface")
        if span:
            covered.setdefault(r["doc_id"], []).append(span)

    # claims
    f = reader.name("claims.csv")
    claimed_turns = set()
    for r in tables["claims"]:
        check_member(f, r, "speaker_id", r["speaker_id"], speakers.keys(), "speaker id")
        span = check_span(f, r, "quote")
        if check_member(f, r, "turn_id", r["turn_id"], turn_spans.keys(), "turn id") and span:
            t_doc, t_start, t_end, t_speaker, _ = turn_spans[r["turn_id"]]
            claimed_turns.add(r["turn_id"])
            if t_doc != r["doc_id"] or not (t_start <= span[0] and span[1] <= t_end):
                reader.add(f, r["_line"], "start/end", f"the claim {span[0]}–{span[1]} lies outside its turn {r['turn_id']} ({t_doc} {t_start}–{t_end})")
            elif t_speaker != r["speaker_id"]:
                reader.add(f, r["_line"], "speaker_id", f"is {r['speaker_id']!r} but turn {r['turn_id']} is spoken by {t_speaker!r}")
        if not r["paraphrase"].strip():
            reader.add(f, r["_line"], "paraphrase", "is empty; write one neutral line")
        check_member(f, r, "frame", r["frame"].strip(), allowed["frames"], "frame")
        themes = _split(r["themes"])
        if not themes:
            reader.add(f, r["_line"], "themes", "needs at least one theme from the codebook")
        for theme in themes:
            check_member(f, r, "themes", theme, allowed["themes"], "theme")
        for target in _split(r["targets"]):
            inst, sep, stance = target.partition(":")
            if not sep:
                reader.add(f, r["_line"], "targets", f"{target!r} must look like institution_id:stance, e.g. oas:critical")
                continue
            check_member(f, r, "targets", inst.strip(), institutions.keys(), "institution id")
            check_member(f, r, "targets", stance.strip(), allowed["stances"], "stance")

    # events (optional timeline table)
    f = reader.name("events.csv")
    for r in tables.get("events", []):
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["date"].strip()):
            reader.add(f, r["_line"], "date", f"must be an ISO date YYYY-MM-DD, got {r['date']!r}")
        if not r["source"].strip():
            reader.add(f, r["_line"], "source", "every event needs its source (title, publisher, date, URL)")

    # advice: answer turns without claims, alias occurrences no mention covers
    f_turns = reader.name("turns.csv")
    for r in tables["turns"]:
        if r["kind"] == "answer" and r["turn_id"] in turn_spans and r["turn_id"] not in claimed_turns:
            reader.add(f_turns, r["_line"], "turn_id", f"answer turn {r['turn_id']} has no claim coded yet", "warning")
    f_mentions = "mentions.csv"
    patterns = []
    for r in tables["institutions"]:
        for alias in _split(r["aliases"]):
            patterns.append((alias, r["institution_id"]))
    if patterns:
        alternation = "|".join(re.escape(a) for a, _ in sorted(patterns, key=lambda p: -len(p[0])))
        alias_re = re.compile(r"(?<![\w-])(?:" + alternation + r")(?![\w-])")
        owner = {a: i for a, i in patterns}
        for doc_id, text in texts.items():
            spans_here = sorted(covered.get(doc_id, []))
            starts = [s for s, _ in spans_here]
            text_file = reader.name(str(docs[doc_id]["text"]))
            for m in alias_re.finditer(text):
                i = bisect.bisect_right(starts, m.start()) - 1  # the last mention starting at or before the match
                if i < 0 or spans_here[i][1] < m.end():
                    reader.add(
                        text_file, text.count("\n", 0, m.start()) + 1, "coverage",
                        f"{m.group()!r} at {m.start()}–{m.end()} is an alias of {owner[m.group()]} "
                        f"but no row of {f_mentions} covers it",
                        "warning",
                    )
