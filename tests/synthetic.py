"""Build large synthetic corpora from the real annotations, for benchmarks.

``make_corpus(n, dest)`` writes a corpus folder with ``n`` interviews to ``dest``. Interview k
is a copy of real interview k mod 2 (its text, turns, mentions and claims) under new ids,
so every synthetic corpus is valid and has the same shape as the real one. The generated
data is never committed: the benchmarks write it to a temporary folder.

Usage:  python tests/synthetic.py 1000 /tmp/corpus_1000
"""

from __future__ import annotations

import csv
import shutil
import sys
from pathlib import Path

import yaml

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
ID_COLUMNS = {"turns.csv": ("turn_id", None), "mentions.csv": ("mention_id", None), "claims.csv": ("claim_id", "turn_id")}


def _rows(name):
    with open(CORPUS / name, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        return reader.fieldnames, list(reader)


def make_corpus(n: int, dest: str | Path) -> Path:
    """Write a valid corpus of ``n`` interviews to ``dest`` (which must not exist) and return it."""
    dest = Path(dest)
    (dest / "texts").mkdir(parents=True)
    for name in ("codebook.yaml", "speakers.csv", "institutions.csv", "events.csv"):
        shutil.copy(CORPUS / name, dest / name)
    documents = yaml.safe_load((CORPUS / "documents.yaml").read_text(encoding="utf-8"))
    tables = {name: _rows(name) for name in ID_COLUMNS}
    out_docs, out_rows = [], {name: [] for name in ID_COLUMNS}
    for k in range(n):
        source = documents[k % len(documents)]
        old, new = source["doc_id"], f"{source['doc_id']}_{k:05d}"
        doc = {key: value for key, value in source.items() if key not in ("seed", "boilerplate")}
        doc.update(doc_id=new, text=f"texts/{new}.txt")
        out_docs.append(doc)
        shutil.copy(CORPUS / source["text"], dest / "texts" / f"{new}.txt")
        for name, (id_col, ref_col) in ID_COLUMNS.items():
            for row in tables[name][1]:
                if row["doc_id"] == old:
                    row = dict(row, doc_id=new, **{id_col: f"{row[id_col]}_{k:05d}"})
                    if ref_col:
                        row[ref_col] = f"{row[ref_col]}_{k:05d}"
                    out_rows[name].append(row)
    (dest / "documents.yaml").write_text(yaml.safe_dump(out_docs, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for name, rows in out_rows.items():
        with open(dest / name, "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=tables[name][0])
            writer.writeheader()
            writer.writerows(rows)
    return dest


def with_extra_document(dest: str | Path, source: str | Path = CORPUS) -> Path:
    """Write the corpus ``source`` (default: the bundled one) plus one more interview (a copy of the
    bundled Mayta interview under new ids) to ``dest``: a bigger corpus on which answers computed
    from the data must change."""
    dest = Path(dest)
    shutil.copytree(source, dest)
    extra = make_corpus(1, dest.parent / f"{dest.name}_extra")
    (doc,) = yaml.safe_load((extra / "documents.yaml").read_text(encoding="utf-8"))
    shutil.copy(extra / doc["text"], dest / doc["text"])
    documents = yaml.safe_load((dest / "documents.yaml").read_text(encoding="utf-8")) + [doc]
    (dest / "documents.yaml").write_text(yaml.safe_dump(documents, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for name in ID_COLUMNS:
        with open(extra / name, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        with open(dest / name, newline="", encoding="utf-8") as f:
            fields = csv.DictReader(f).fieldnames
            f.seek(0)
            ends_with_newline = f.read().endswith("\n")
        with open(dest / name, "a", newline="", encoding="utf-8") as f:
            if not ends_with_newline:
                f.write("\n")
            csv.DictWriter(f, fieldnames=fields, lineterminator="\n").writerows(rows)
    shutil.rmtree(extra)
    return dest


if __name__ == "__main__":
    print(make_corpus(int(sys.argv[1]), sys.argv[2]))
