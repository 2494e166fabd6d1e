"""Read a corpus folder and check it, collecting every problem with its file and line.

The corpus is a folder of plain files (see corpus/README.md). `read_corpus` never
writes anything, never stops at the first problem and never raises on bad input: it
returns the tables it could read and a list of `Problem`s, each printed as
``file:line: field: message``.

This module runs the checks in order; each kind of check has its own module: the descriptor
and codebook (``helpers.schema_rules``), documents.yaml and the texts (``helpers.document_rules``),
the per-field rules of the CSV tables, which come from the Frictionless Data Package descriptor
``datapackage.json`` (``helpers.table_rules``), and the checks across files: offsets, quotes,
turn coverage, work left (``helpers.corpus_rules``). The files are read, with their line numbers,
by ``helpers.files``; ``helpers.corpus`` builds its tables on this.

>>> from helpers.validate import read_corpus
>>> raw, problems = read_corpus()
>>> [p for p in problems if p.severity == "error"]
[]
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .corpus_rules import check_references
from .document_rules import read_documents
from .files import FolderReader, Problem, gc_paused
from .schema_rules import REQUIRED_TABLES, check_enums_match_codebook, load_schema, read_codebook, read_descriptor
from .table_rules import check_foreign_keys, read_tables
from .vocab import BUNDLED_CORPUS, shown_path

__all__ = ["Problem", "RawCorpus", "read_corpus", "default_corpus_path", "load_schema"]


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


def read_corpus(path: str | Path | None = None) -> tuple[RawCorpus | None, list[Problem]]:
    """Read and check the corpus folder at ``path`` (default: the bundled corpus/).

    Returns (raw, problems). ``raw`` is None only if the folder itself is missing.
    Problems with severity "error" make the corpus unusable; "todo"s are work left before it
    is complete; "warning"s are advice.
    """
    root = Path(path) if path is not None else default_corpus_path()
    with gc_paused():
        return _read(root)


def _read(root: Path) -> tuple[RawCorpus | None, list[Problem]]:
    """One folder, in order: the descriptor, the codebook, the documents and their texts, the tables, then
    the rules across files."""
    reader = FolderReader(root)
    if not root.is_dir():
        reader.add(shown_path(root), 1, "folder", "no corpus folder here; pass the folder that holds documents.yaml")
        return None, reader.problems

    schemas, descriptor_text = read_descriptor(reader)
    codebook = read_codebook(reader)
    good_docs, texts = read_documents(reader)
    tables = read_tables(reader, schemas)
    check_enums_match_codebook(reader, schemas, descriptor_text, codebook)
    check_foreign_keys(reader, schemas, tables)
    for key in REQUIRED_TABLES:
        tables.setdefault(key, [])
    check_references(reader, good_docs, texts, tables, codebook)
    reader.summarise()
    raw = RawCorpus(root, codebook, good_docs, texts, tables, schemas)
    return raw, reader.problems
