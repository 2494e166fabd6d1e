"""Command line: ``python -m helpers validate [PATH]`` and ``python -m helpers export [PATH] -o FILE``."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from .validate import _shown, read_corpus


def _validate(args) -> int:
    """Print every problem, then whether the corpus is complete; exit 1 on errors, 2 when --strict and incomplete."""
    began = time.perf_counter()
    raw, problems = read_corpus(args.path)
    errors = [p for p in problems if p.severity == "error"]
    todo = [p for p in problems if p.severity == "todo"]
    warnings = [p for p in problems if p.severity == "warning"]
    for p in errors + todo + warnings:
        print(p)
    took = time.perf_counter() - began
    if errors:
        print(f"{len(errors)} problem(s), {len(warnings)} warning(s) in {_shown(raw.path) if raw else args.path}. Fix the lines above and run again.")
        return 1
    t = raw.tables
    size = (f"{len(raw.documents)} documents, {len(t['turns'])} turns, {len(t['mentions'])} mentions, "
            f"{len({r['claim_id'] for r in t['claims']})} claims")
    if todo:
        left = {}
        for p in todo:
            what = {"status": f"proposed {Path(p.file).stem} not yet confirmed", "turn_id": "answer turns without claims",
                    "institution_id": "institutions that no claim or mention uses"}.get(p.field, p.field)
            left[what] = left.get(what, 0) + 1
        print(f"INCOMPLETE: {_shown(raw.path)} has {size}, and no errors. Left to do: "
              + ", ".join(f"{n} {what}" for what, n in left.items())
              + f"; {len(warnings)} warning(s); checked in {took:.2f} s."
              + ("" if args.strict else " (Use --strict to make this an error.)"))
        return 2 if args.strict else 0
    print(f"OK: {_shown(raw.path)} is complete: {size}; {len(warnings)} warning(s); checked in {took:.2f} s")
    return 0


def _export(args) -> int:
    from .corpus import CorpusError, load_corpus
    from .export import to_web_annotation

    try:
        corpus = load_corpus(args.path)
    except CorpusError as err:
        print(err)
        return 1
    data = to_web_annotation(corpus)
    out = Path(args.output)
    if out.resolve().is_relative_to(corpus.path.resolve()):
        print(f"Refusing to write into the corpus folder ({corpus.path}); choose another --output.")
        return 1
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"Wrote {len(data['first']['items'])} annotations to {out}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check a corpus folder; print every problem as file:line: field: message")
    v.add_argument("path", nargs="?", default=None, help="corpus folder (default: the bundled corpus/)")
    v.add_argument("--strict", action="store_true",
                   help="also fail (exit code 2) while the corpus is incomplete: proposed rows, answer turns without claims, unused institutions")
    v.set_defaults(run=_validate)
    e = sub.add_parser("export", help="export claims and mentions as W3C Web Annotation JSON-LD")
    e.add_argument("path", nargs="?", default=None, help="corpus folder (default: the bundled corpus/)")
    e.add_argument("-o", "--output", default="annotations.jsonld", help="output file (default: annotations.jsonld)")
    e.set_defaults(run=_export)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
