r"""Read the files of a corpus folder with line numbers, collecting problems instead of raising.

The bottom of the loading chain: the rule modules (``schema_rules``, ``table_rules``,
``document_rules``, ``corpus_rules``) check what this module reads, ``validate`` runs them, and
``corpus`` builds tables from what ``validate`` returns. Every problem is a ``Problem`` printed as
``file:line: field: message``, always on one line.

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "speakers.csv").write_text("speaker_id,name\nmayta,Rogelio Mayta\nllorenti\n", encoding="utf-8")
>>> files = FolderReader(folder)
>>> rows, header = files.read_csv("speakers.csv", ["speaker_id", "name"])
>>> [(r["_line"], r["speaker_id"]) for r in rows]
[(2, 'mayta')]
>>> print(files.problems[0].line, files.problems[0].field, files.problems[0].message)
3 row has 1 fields, the header has 2; check for a stray comma or quote
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import gc
import io
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .vocab import shown_path

__all__ = ["Problem", "visible", "UNSEEN", "CONTROL", "FolderReader", "is_date", "describe_control", "describe_kind",
           "mapping_lines", "field_lines", "gc_paused"]


# Control characters that have no place in a text or a table cell (tab, line feed and carriage return do).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Problem:
    """One finding: where it is (file, line, field) and what is wrong, in plain words.

    ``severity`` is "error" (the corpus cannot be used), "todo" (work left before the corpus
    is complete, e.g. an answer turn without claims) or "warning" (advice).
    """

    file: str
    line: int
    field: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        tag = {"warning": "warning: ", "todo": "to do: "}.get(self.severity, "")
        return visible(f"{self.file}:{self.line}: {self.field}: {tag}{self.message}")  # always one line


# Characters that end a line or are invisible in a terminal: C0 and C1 controls (NUL, CR, LF, U+0085 ...),
# the Unicode line and paragraph separators, and the bidirectional controls that reorder what is shown.
UNSEEN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def visible(text: str) -> str:
    r"""``text`` with every character of ``UNSEEN`` written as an escape, so a message stays one line.

    >>> visible("speaker\x85id\u2028, line\nbreak")
    'speaker\\x85id\\u2028, line\\nbreak'
    """
    def escape(m):
        c = m.group()
        return _ESCAPES.get(c) or (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")
    return UNSEEN.sub(escape, text)


# YAML without implicit dates: an unquoted 2021-02-30 stays text and is checked by validate, not by the parser.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: much faster


class _Loader(_BaseLoader):
    pass


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


def is_date(value) -> bool:
    """True for a real calendar date written YYYY-MM-DD (2021-02-30 is not one).

    >>> is_date("2021-02-28"), is_date("2021-02-30"), is_date("28/02/2021")
    (True, False, False)
    """
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        return False
    try:
        datetime.date.fromisoformat(value.strip())
    except ValueError:
        return False
    return True


class FolderReader:
    """Collects problems while reading the files of one corpus folder.

    A problem that makes others follow (a file that cannot be read, a broken text) is a *root*:
    the problems that depend on it are counted, not listed, and the root says how many there are.
    """

    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []
        self.roots: dict[tuple, Problem] = {}
        self.dependent: dict[tuple, dict] = {}  # root key -> {file: count}
        self.unchecked: dict[tuple, dict] = {}
        self.text_break: dict[str, int] = {}  # doc_id -> first offset where the text differs from its seed

    def add_unknown(self, file, line, field, value, message, after=None):
        """An unknown id: reported once per file and value; later rows with the same id depend on it."""
        if after is not None and after in self.roots:
            self.add(file, line, field, message, after=after)
            return
        key = ("unknown", file, field, value)
        if key in self.roots:
            self.add(file, line, field, message, after=key)
            return
        self.add(file, line, field, message)
        self.roots[key] = self.problems[-1]

    def add(self, file, line, field, message, severity="error", after=None):
        if after is not None and after in self.roots:
            counts = self.dependent.setdefault(after, {})
            counts[file] = counts.get(file, 0) + 1
            return
        self.problems.append(Problem(file, line, field, message, severity))

    def skip(self, after, file):
        """A row that could not be checked because of the root problem ``after``."""
        counts = self.unchecked.setdefault(after, {})
        counts[file] = counts.get(file, 0) + 1

    def mark_root(self, key, since: int):
        """The first error added since index ``since`` becomes the root ``key`` (a warning never hides errors)."""
        first = next((p for p in self.problems[since:] if p.severity == "error"), None)
        if first is not None:
            self.roots.setdefault(key, first)

    def summarise(self):
        """Put after each root one line per file saying how much depends on it."""
        extra: dict[int, list[Problem]] = {}
        for key, root in self.roots.items():
            notes = []
            for file, n in self.dependent.get(key, {}).items():
                notes.append(f"{n} further problem{'s' if n != 1 else ''} in {file} depend{'s' if n == 1 else ''} on this; fix it first")
            for file, n in self.unchecked.get(key, {}).items():
                notes.append(f"{n} row{'s' if n != 1 else ''} of {file} could not be checked because of this; fix it first")
            if notes:
                extra[id(root)] = [Problem(root.file, root.line, root.field, note, root.severity) for note in notes]
        out = []
        for p in self.problems:
            out.append(p)
            out.extend(extra.pop(id(p), []))
        self.problems = out

    def name(self, rel: str) -> str:
        return shown_path(self.root / rel)

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

    def read_csv(self, rel: str, required: list[str], optional: bool = False) -> tuple[list[dict] | None, list[str]]:
        """(rows, header). Each row's ``_line`` is the line where its record starts."""
        if optional and not (self.root / rel).is_file():
            return None, []
        text = self.read_text(rel, f"table {rel}")
        if text is None:
            return None, []
        shown = self.name(rel)
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        rows: list[dict] = []
        line = 1
        try:
            header = next(reader, None)
            if header is None:
                self.add(shown, 1, "header", "the file is empty; it needs a header row: " + ",".join(required))
                return None, []
            header = [h.strip().lstrip("\ufeff") for h in header]
            missing = [c for c in required if c not in header]
            if missing:
                self.add(shown, 1, "header", f"missing column(s): {', '.join(missing)}")
                return None, header
            line = reader.line_num + 1
            last_line = _last_line_if_cut(text)  # the last record's line, if the file ends inside it
            controls = CONTROL.search(text) is not None
            for values in reader:
                if any(v.strip() for v in values):
                    if len(values) != len(header):
                        if reader.line_num == last_line and len(values) < len(header):
                            _cut_off_row(self, shown, line, len(values), len(header))
                        else:
                            self.add(shown, line, "row", f"has {len(values)} fields, the header has {len(header)}; "
                                                         "check for a stray comma or quote")
                    else:
                        row = dict(zip(header, values))
                        row["_line"] = line
                        rows.append(row)
                        if controls:
                            _control_characters_in_row(self, shown, line, row, header)
                line = reader.line_num + 1
        except csv.Error as err:
            hint = " (a quoted value that starts on this line is never closed)" if "unexpected end" in str(err) else ""
            self.add(shown, line, "csv", f"cannot be read as CSV: {err}{hint}; the record starts on this line")
            return None, []
        return rows, header

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
        except (ValueError, TypeError, OverflowError) as err:  # e.g. !!int on a word
            self.add(shown, 1, "yaml", f"cannot be read as YAML: a value has the wrong form ({err})")
            return None, None
        finally:
            loader.dispose()
        return data, node


def _last_line_if_cut(text: str) -> int | None:
    """The line number of the last record if the text does not end with a line end (else None)."""
    if not text or text.endswith(("\n", "\r")):
        return None
    return len(io.StringIO(text, newline="").readlines())


def _cut_off_row(reader, shown, line, fields, header_fields):
    """Rule: a last row with too few fields and no line end was cut off (a file not saved completely)."""
    reader.add(shown, line, "row", f"the last row is cut off: it has {fields} of the {header_fields} fields and the file "
                                   "ends inside it (no line end); the file was probably not saved completely: "
                                   "complete the row, or delete it")


def describe_control(char: str) -> str:
    return "a NUL character (U+0000)" if char == "\x00" else f"a control character (U+{ord(char):04X})"


def describe_kind(value) -> str:
    """What kind of value a YAML file gave, in a message's words.

    >>> describe_kind(["mayta"]), describe_kind({"a": 1}), describe_kind(5), describe_kind("text")
    ('a list', 'a mapping (field: value)', 'a number', 'str')
    """
    return {list: "a list", dict: "a mapping (field: value)", bool: "true/false", int: "a number",
            float: "a number", type(None): "nothing"}.get(type(value), type(value).__name__)


def _control_characters_in_row(reader, shown, line, row, header):
    """Rule: a control character in a cell is a warning naming the field and the position in the value."""
    for field in header:
        m = CONTROL.search(row[field])
        if m:
            reader.add(shown, line, field, f"holds {describe_control(m.group())} at character {m.start() + 1} of the value; "
                                           "it is invisible and often comes from a bad copy or conversion: remove it",
                       "warning")


def mapping_lines(node) -> dict:
    """For a YAML mapping node: {key: line} plus '_line' for the mapping itself, and under
    '_repeated' the keys written twice as (key, first line, second line)."""
    lines = {"_line": node.start_mark.line + 1} if node is not None else {"_line": 1}
    lines["_repeated"] = []
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if str(key.value) in lines:
                lines["_repeated"].append((str(key.value), lines[str(key.value)], key.start_mark.line + 1))
                continue
            lines[str(key.value)] = key.start_mark.line + 1
            lines["_node:" + str(key.value)] = value
    return lines


def field_lines(seq_node) -> list[dict]:
    """For a YAML sequence of mappings: per item, {field: line} plus '_line' for the item."""
    if not isinstance(seq_node, yaml.SequenceNode):
        return []
    return [mapping_lines(item) for item in seq_node.value]


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

