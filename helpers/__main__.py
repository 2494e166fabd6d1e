"""Command line: ``python -m helpers validate [PATH]``, ``python -m helpers export [PATH] -o FILE``,
``new-interview``, ``propose-mentions``, ``confirm`` to add an interview (instructor/ADDING_AN_INTERVIEW.md),
and ``python -m helpers site OUT`` (the reading edition)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from .validate import read_corpus
from .vocab import shown_path as _shown
from .vocab import plural


def _validate(args) -> int:
    """Print every problem, then whether the corpus is complete; exit 1 on errors, 2 when --strict and incomplete."""
    began = time.perf_counter()
    raw, problems = read_corpus(args.path)
    errors = [p for p in problems if p.severity == "error"]
    todo = [p for p in problems if p.severity == "todo"]
    warnings = [p for p in problems if p.severity == "warning"]
    for p in errors + (todo if not errors else []) + warnings:  # what is left to do matters once nothing is broken
        print(p)
    took = time.perf_counter() - began
    if errors:
        print(f"{len(errors)} problem(s), {len(warnings)} warning(s) in {_shown(raw.path) if raw else args.path}. Fix the lines above and run again.")
        return 1
    t = raw.tables
    size = (f"{len(raw.documents)} documents, {len(t['turns'])} turns, {len(t['mentions'])} mentions, "
            f"{len({r['claim_id'] for r in t['claims']})} claims")
    if todo:
        left = {}  # (singular, plural) -> how many
        for p in todo:
            table = Path(p.file).stem  # "turns", "mentions"
            what = {"status": (f"proposed {table[:-1]} not yet confirmed", f"proposed {table} not yet confirmed"),
                    "turn_id": ("answer turn without claims", "answer turns without claims"),
                    "institution_id": ("institution that no claim or mention uses",
                                       "institutions that no claim or mention uses")}.get(p.field, (p.field, p.field))
            left[what] = left.get(what, 0) + 1
        print(f"INCOMPLETE: {_shown(raw.path)} has {size}, and no errors. Left to do: "
              + ", ".join(plural(n, one, many) for (one, many), n in left.items())
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
    try:
        data = to_web_annotation(corpus, base=args.base)
    except ValueError as err:
        print(err)
        return 1
    out = Path(args.output)
    if out.resolve().is_relative_to(corpus.path.resolve()):
        print(f"Refusing to write into the corpus folder ({corpus.path}); choose another --output.")
        return 1
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"Wrote {len(data['first']['items'])} annotations to {out}")
    return 0


def _print_todo(corpus, doc_id) -> None:
    from .new_interview import other_spellings, todo

    for line in other_spellings(corpus, doc_id):
        print(line)
    left = todo(corpus, doc_id)
    if left:
        print("Still to do:")
        for line in left:
            print(f"  - {line}")
    print(f"Then check the whole folder: python -m helpers validate {_shown(corpus)}")


def _plainly(run):
    """Run a command; a problem with the input (NewInterviewError) or a file the system refuses (permissions, a
    folder for a file) gets one line and exit code 1, not a traceback."""
    def wrapped(args) -> int:
        from .new_interview import NewInterviewError

        try:
            return run(args)
        except NewInterviewError as err:
            print(err)
            return 1
        except BrokenPipeError:  # the output was cut short by the reader (e.g. | head): nothing to say
            raise
        except OSError as err:
            print(f"{err.filename or ''}: {err.strerror or err}. Check that the file or folder exists and that you may "
                  "read and write it, then run the command again.".lstrip(": "))
            return 1
    return wrapped


def _extract(args) -> int:
    from .source_text import extract_text, trafilatura_version

    text = extract_text(args.page)
    out = Path(args.output)
    if out.exists():
        print(f"{out} already exists; choose a new file name (the download is never overwritten).")
        return 1
    out.write_text(text, encoding="utf-8")
    print(f"Wrote the article text of {args.page} ({len(text):,} characters, extracted with trafilatura "
          f"{trafilatura_version()}) to {out}. Do not change it: copy it, and delete from the copy.")
    return 0


def _new_interview(args) -> int:
    from .new_interview import start_interview

    done = start_interview(args.text, args.doc_id, args.corpus, args.interviewee, args.outlet,
                           original=args.original, language=args.language)
    corpus = args.corpus
    if done["created"]:
        print(f"Created {corpus} as a copy of the bundled corpus.")
    print(f"Added {args.doc_id} to {corpus}: texts/{args.doc_id}.txt and an entry in documents.yaml"
          + (f" (seed kept in seeds/{args.doc_id}.txt; {done['removed']} removed span(s) recorded)" if args.original else "") + ".")
    for speaker in done["speakers_added"]:
        print(f"Added speaker {speaker!r} to speakers.csv.")
    if done["extracted_from"]:
        print(f"The seed (seeds/{args.doc_id}.txt) is {done['extracted_from']}.")
    for line in done["layout"]:
        print(line)
    print(f"Proposed {plural(done['turns'], 'turn')} (one per paragraph or speaker label) in turns.csv and "
          f"{plural(done['mentions'], 'mention')} in mentions.csv (status 'proposed'). The guesses, to check against "
          "the text (kind, speaker_id, opening; change them in turns.csv, step 4 of the guide):")
    for line in done["proposed"]:
        print(line)
    _print_todo(corpus, args.doc_id)
    return 0


def _propose_mentions(args) -> int:
    from .new_interview import propose_mentions

    n = propose_mentions(args.corpus, args.doc_id)
    print(f"Proposed {n} more mention(s) of {args.doc_id} in mentions.csv (status 'proposed').")
    _print_todo(args.corpus, args.doc_id)
    return 0


def _confirm(args) -> int:
    from .new_interview import confirm

    done = confirm(args.corpus, args.doc_id)
    print(f"Confirmed {args.doc_id}: {done['paragraphs']} paragraphs became {done['turns']} turns in turns.csv; "
          f"{done['mentions']} mention(s) confirmed in mentions.csv.")
    _print_todo(args.corpus, args.doc_id)
    return 0


def _site(args) -> int:
    import os

    from .corpus import CorpusError
    from .site import SiteError, build

    corpus = args.corpus or os.environ.get("CLAIMS_CORPUS") or None
    try:
        build(args.output, corpus_path=corpus)
    except (SiteError, CorpusError) as err:
        print(err)
        return 1
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
    e.add_argument("--base", default=None, help="web address the annotations are published under, ending with / "
                                                "(ids become BASE + claim id); default: stable urn:uuid: ids")
    e.set_defaults(run=_export)
    n = sub.add_parser("new-interview", help="add an interview to a corpus folder: document entry, proposed turns and mentions")
    n.add_argument("text", help="the interview: a plain UTF-8 text file (paragraphs on their own lines, speaker labels allowed) or a saved web page")
    n.add_argument("--doc-id", required=True, help="a short lower-case id for the interview, e.g. choquehuanca_2022")
    n.add_argument("--corpus", required=True, help="your corpus folder (created as a copy of the bundled corpus if missing)")
    n.add_argument("--interviewee", required=True, help="speaker id of the person interviewed, e.g. choquehuanca")
    n.add_argument("--outlet", required=True, help="speaker id of the outlet that asks the questions, e.g. telesur")
    n.add_argument("--original", help="the untouched download that the text was cleaned from (kept as the seed): a text file or a saved web page")
    n.add_argument("--language", default="en", help="language code of the text (default: en)")
    n.set_defaults(run=_plainly(_new_interview))
    pm = sub.add_parser("propose-mentions", help="propose mentions for institution aliases no mention covers yet")
    pm.add_argument("doc_id", help="the interview's id")
    pm.add_argument("--corpus", required=True, help="your corpus folder")
    pm.set_defaults(run=_plainly(_propose_mentions))
    c = sub.add_parser("confirm", help="after checking them: merge proposed paragraphs into turns, confirm proposed mentions")
    c.add_argument("doc_id", help="the interview's id")
    c.add_argument("--corpus", required=True, help="your corpus folder")
    c.set_defaults(run=_plainly(_confirm))
    x = sub.add_parser("extract", help="write the article text of a saved web page to a text file (needs trafilatura)")
    x.add_argument("page", help="the saved web page (.html)")
    x.add_argument("output", help="the text file to write, e.g. download.txt")
    x.set_defaults(run=_plainly(_extract))
    s = sub.add_parser("site", help="build the reading edition: a folder of web pages that needs no installation")
    s.add_argument("output", help="folder to write (created; a folder made by an earlier build is replaced)")
    s.add_argument("--corpus", help="the corpus folder to show (default: CLAIMS_CORPUS if set, else the bundled corpus/)")
    s.set_defaults(run=_site)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except BrokenPipeError:  # the reader stopped early (e.g. | head): stop quietly
        sys.stdout = open(os.devnull, "w")
        return 1


def run(argv=None) -> int:
    """``main``, quiet when the reader of its output goes away (``python -m helpers validate | head``)."""
    try:
        code = main(argv)
        sys.stdout.flush()  # a closed pipe shows here, inside the try, not at exit
    except BrokenPipeError:
        # Python's documented recipe: point stdout at devnull so that the flush at exit does not fail again
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return code


if __name__ == "__main__":
    sys.exit(run())
