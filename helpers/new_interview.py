"""Start a new interview in a corpus folder with commands, not code.

``python -m helpers new-interview TEXT --doc-id ID --corpus FOLDER --interviewee ID --outlet ID``
copies the text into the folder, adds the document entry (fields left to fill in are marked
``FILL IN``), splits the text into turns at blank lines and proposes a mention for every
occurrence of an institution's name or alias. Both tables get rows with status ``proposed``:
a person checks them in a spreadsheet, then ``python -m helpers confirm ID --corpus FOLDER``
merges neighbouring paragraphs of one speaker into turns and marks the rows confirmed.
Claims are left to the coder (``helpers.coder``). Nothing here ever writes into the bundled
``corpus/`` folder.

Cleaning without code: keep the downloaded page as it is (the *original*), make a copy and
delete from the copy, in a text editor, everything that is not the interview (title bar,
photo captions, adverts, footer). ``--original`` names the untouched download; the command
checks that the copy only *deletes* from it and records every removed span in
``documents.yaml``, so anyone can check the cleaning.

>>> removed_spans("Site | News\\n\\nQ?\\n\\nPhoto: a\\n\\nA.", "Q?\\n\\nA.")
[{'start': 0, 'text': 'Site | News\\n\\n'}, {'start': 17, 'text': 'Photo: a\\n\\n'}]
>>> [kind for kind, _ in guess_turns("Title\\n\\nWhy?\\n\\nBecause.\\n\\nAnd then.")]
['title', 'question', 'answer', 'answer']
"""

from __future__ import annotations

import csv
import difflib
import re
import shutil
from datetime import date
from pathlib import Path

import yaml

from .vocab import split_list as _split

__all__ = ["NewInterviewError", "removed_spans", "paragraphs", "guess_turns", "start_interview",
           "propose_mentions", "confirm", "todo", "BUNDLED_CORPUS"]

BUNDLED_CORPUS = Path(__file__).resolve().parent.parent / "corpus"
ID = re.compile(r"[a-z][a-z0-9_]*")
BLANK_LINES = re.compile(r"\n[^\S\n]*\n\s*")  # one or more blank lines (spaces and \r allowed)
OPENING_LENGTH = 40


class NewInterviewError(ValueError):
    """A problem with the input that the person can fix; the message says what to do."""


# ---- reading and writing the plain files ----------------------------------------------------

def _read_text(path: Path, what: str) -> str:
    if not path.is_file():
        raise NewInterviewError(f"{path}: no such file ({what}).")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise NewInterviewError(f"{path}:{line}: the file is not UTF-8 (byte {err.start}). "
                                "In your text editor, save it with the encoding 'UTF-8'.") from None
    if text.startswith("\ufeff"):
        raise NewInterviewError(f"{path}:1: the file starts with an invisible byte-order mark. "
                                "Save it as 'UTF-8' (not 'UTF-8 with BOM').")
    return text


def read_table(path: Path) -> tuple[list[str], list[dict]]:
    """The header and rows of a CSV file (an empty table if the file does not exist).

    A byte-order mark, as Excel's "CSV UTF-8" writes, is accepted; ``write_table`` writes none.
    """
    if not path.is_file():
        return [], []
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def write_table(path: Path, header: list[str], rows: list[dict]) -> None:
    """Write a CSV file: UTF-8, LF line endings, minimal quoting (the project's contract)."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows({k: row.get(k) or "" for k in header} for row in rows)


def _with_status(header: list[str], default: list[str]) -> list[str]:
    header = list(header or default)
    return header if "status" in header else header + ["status"]


def _yaml_string(value: str) -> str:
    """A double-quoted YAML scalar on one line, exactly equal to ``value`` when read back."""
    out = yaml.safe_dump(value, default_style='"', allow_unicode=True, width=float("inf")).strip()
    out = out.removesuffix("...").strip()
    assert yaml.safe_load(out) == value
    return out


def _check_folder(corpus: Path) -> Path:
    corpus = Path(corpus).expanduser().resolve()
    if corpus == BUNDLED_CORPUS or corpus.is_relative_to(BUNDLED_CORPUS):
        raise NewInterviewError(
            f"{corpus} is the bundled corpus, which no command changes. Name a folder of your own, "
            "e.g. --corpus my_corpus: the command creates it as a copy of the bundled corpus.")
    return corpus


# ---- cleaning: what was deleted from the original ------------------------------------------

def _where(text: str, pos: int) -> str:
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return f"line {line}, column {column}"


def removed_spans(original: str, cleaned: str) -> list[dict]:
    """The spans deleted from ``original`` to make ``cleaned``, in order, each {start, text}.

    ``start`` is the offset in the original. Putting every span back at its offset rebuilds the
    original exactly. Raises NewInterviewError, with line and column, if the cleaned copy
    changed or added anything, or cut part of a line, instead of deleting whole lines.
    """
    a, b = original.splitlines(keepends=True), cleaned.splitlines(keepends=True)
    a_at = [0]
    for line in a:
        a_at.append(a_at[-1] + len(line))
    b_at = [0]
    for line in b:
        b_at.append(b_at[-1] + len(line))
    spans: list[dict] = []

    def add(start, text):
        if spans and spans[-1]["start"] + len(spans[-1]["text"]) == start:
            spans[-1]["text"] += text
        elif text:
            spans.append({"start": start, "text": text})

    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        if op == "delete":
            add(a_at[i1], original[a_at[i1]:a_at[i2]])
            continue
        # lines changed: only deletions inside them are allowed
        old, new = original[a_at[i1]:a_at[i2]], cleaned[b_at[j1]:b_at[j2]]
        for cop, c1, c2, d1, d2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
            if cop == "delete":
                add(a_at[i1] + c1, old[c1:c2])
            elif cop != "equal":
                where = b_at[j1] + d1
                at = a_at[i1] + c1
                raise NewInterviewError(
                    f"the cleaned text, {_where(cleaned, where)}, reads {cleaned[max(0, where - 12):where + 28]!r} where the "
                    f"original, {_where(original, at)}, reads {original[max(0, at - 12):at + 28]!r}. Only delete from "
                    "the copy; never change or add a character (the text must stay verbatim).")
    for k, span in enumerate(spans):  # move a cut's leading line breaks to its end, so that a cut
        limit = spans[k + 1]["start"] if k + 1 < len(spans) else len(original)  # caption ends with its blank line
        while span["start"] + len(span["text"]) < limit and span["text"][0] == "\n" \
                and original[span["start"] + len(span["text"])] == "\n":
            span["text"] = span["text"][1:] + original[span["start"] + len(span["text"])]
            span["start"] += 1
    for span in spans:  # whole lines only: a cut inside a line would change the wording
        start, end, cut = span["start"], span["start"] + len(span["text"]), span["text"]
        whole_start = start == 0 or original[start - 1] == "\n" or cut[0] == "\n"
        whole_end = end == len(original) or original[end] == "\n" or cut[-1] == "\n"
        if not (whole_start and whole_end):
            raise NewInterviewError(
                f"the cleaned text cuts {cut[:40]!r} from inside a line of the original ({_where(original, start)}). "
                "Delete only whole lines (title bars, captions, adverts, footers); the interview's own words stay as they are.")
    rebuilt = cleaned
    for span in spans:
        rebuilt = rebuilt[: span["start"]] + span["text"] + rebuilt[span["start"]:]
    assert rebuilt == original
    return spans


# ---- turns: paragraphs and a first guess of who speaks ---------------------------------------

def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph; the blank lines after a paragraph belong to it.

    >>> paragraphs("One.\\n\\nTwo.\\n")
    [(0, 6), (6, 11)]
    """
    starts = [0] + [m.end() for m in BLANK_LINES.finditer(text) if 0 < m.end() < len(text)]
    return list(zip(starts, starts[1:] + [len(text)]))


def guess_turns(text: str) -> list[tuple[str, tuple[int, int]]]:
    """A first guess of each paragraph's kind: (kind, (start, end)), for a person to check.

    The first paragraph is the title; paragraphs before the first question are the
    introduction; a paragraph ending with "?" is a question; a short last paragraph that
    thanks is the closing; every other one is an answer.
    """
    out = []
    seen_question = False
    spans = paragraphs(text)
    for i, (start, end) in enumerate(spans):
        body = text[start:end].strip()
        if i == 0:
            kind = "title"
        elif i == len(spans) - 1 and seen_question and body.lower().startswith("thank") and len(body) < 200:
            kind = "closing"
        elif body.endswith("?"):
            kind, seen_question = "question", True
        else:
            kind = "answer" if seen_question else "introduction"
        out.append((kind, (start, end)))
    return out


def _opening(text: str, start: int, end: int) -> str:
    return text[start:min(end, start + OPENING_LENGTH)].split("\n")[0].rstrip("\r")


# ---- mentions ---------------------------------------------------------------------------------

def _alias_finder(institutions: list[dict]):
    owner = {}
    for row in institutions:
        for alias in _split(row.get("aliases")):
            owner.setdefault(alias, row["institution_id"])
    if not owner:
        return None, owner
    alternation = "|".join(re.escape(a) for a in sorted(owner, key=len, reverse=True))
    return re.compile(r"(?<![\w-])(?:" + alternation + r")(?![\w-])"), owner


def _next_number(ids, prefix: str) -> int:
    numbers = [int(m.group(1)) for i in ids if (m := re.fullmatch(re.escape(prefix) + r"(\d+)", i or ""))]
    return max(numbers, default=0) + 1


def propose_mentions(corpus, doc_id: str) -> int:
    """Add a ``proposed`` row to mentions.csv for each alias occurrence no mention covers yet.

    Run it again after adding institutions: it only adds what is missing. Returns the number of
    rows added.
    """
    corpus = _check_folder(corpus)
    document = _document(corpus, doc_id)
    text = _read_text(corpus / document["text"], f"the text of {doc_id}")
    _, institutions = read_table(corpus / "institutions.csv")
    finder, owner = _alias_finder(institutions)
    path = corpus / "mentions.csv"
    header, rows = read_table(path)
    header = _with_status(header, ["mention_id", "doc_id", "institution_id", "start", "end", "surface"])
    covered = sorted((int(r["start"]), int(r["end"])) for r in rows if r["doc_id"] == doc_id)
    prefix = f"{doc_id}_m"
    number = _next_number((r["mention_id"] for r in rows), prefix)
    added = []
    for m in finder.finditer(text) if finder else ():
        if any(s <= m.start() and m.end() <= e for s, e in covered):
            continue
        added.append({"mention_id": f"{prefix}{number:03d}", "doc_id": doc_id, "institution_id": owner[m.group()],
                      "start": str(m.start()), "end": str(m.end()), "surface": m.group(), "status": "proposed"})
        number += 1
    write_table(path, header, rows + added)
    return len(added)


# ---- the document entry -------------------------------------------------------------------------

def _documents(corpus: Path) -> list:
    path = corpus / "documents.yaml"
    if not path.is_file():
        raise NewInterviewError(f"{path}: not found. --corpus must name a corpus folder (one that holds documents.yaml).")
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except yaml.YAMLError as err:
        raise NewInterviewError(f"{path}: cannot be read as YAML ({err}); run python -m helpers validate {corpus}") from None


def _document(corpus: Path, doc_id: str) -> dict:
    for doc in _documents(corpus):
        if isinstance(doc, dict) and doc.get("doc_id") == doc_id:
            return doc
    raise NewInterviewError(f"{corpus / 'documents.yaml'}: no document {doc_id!r}. Start it with python -m helpers new-interview.")


FILL_IN = ("title", "outlet", "date", "url", "rights")


def _entry(doc_id, title, interviewee, outlet, language, spans) -> str:
    lines = [
        f"- doc_id: {doc_id}",
        f"  # Started with `python -m helpers new-interview` on {date.today().isoformat()}. Fill in every",
        "  # field marked FILL IN, keeping the quotes, and give a source (title, publisher, date, URL) for each fact.",
        f"  title: {_yaml_string(title)}   # CHECK: copied from the first paragraph of the text",
        '  outlet: ""   # FILL IN: who published the interview, e.g. "Brasil de Fato"',
        "  interviewer: null   # FILL IN the interviewer's name in quotes if the page credits one; else leave null",
        f"  interviewee: {interviewee}",
        f"  outlet_speaker: {outlet}",
        '  date: ""   # FILL IN: the publication date as published, e.g. "14 Mar 2022"',
        "  date_sources:",
        '    - ""   # FILL IN: where the date comes from (title, publisher, date, URL)',
        '  url: ""   # FILL IN: the web address of the published interview',
        f"  language: {language}",
        '  rights: ""   # FILL IN: who holds the copyright, and on what basis the text is reproduced',
        f"  text: texts/{doc_id}.txt",
    ]
    if spans is not None:
        lines += [f"  seed: seeds/{doc_id}.txt",
                  "  boilerplate:",
                  "    # Written by the command: every span deleted from the original download (the seed), in",
                  "    # order; start = its offset in the seed. Do not edit; say in boilerplate_note what they are.",
                  "    removed:" + ("" if spans else " []")]
        for span in spans:
            lines += [f"      - start: {span['start']}", f"        text: {_yaml_string(span['text'])}"]
        lines.append('  boilerplate_note: ""   # FILL IN: what was removed (title bar, photo captions, adverts, footer)')
    return "\n".join(lines) + "\n"


def _check_speaker(corpus: Path, speaker_id: str, kind: str) -> bool:
    """True if the speaker is new; raises if the id exists with another kind."""
    for row in read_table(corpus / "speakers.csv")[1]:
        if row["speaker_id"] == speaker_id:
            if row["kind"] != kind:
                raise NewInterviewError(f"{corpus / 'speakers.csv'}: {speaker_id!r} is a speaker of kind {row['kind']!r}, "
                                        f"not {kind!r}; choose another id.")
            return False
    return True


def _add_speaker(corpus: Path, speaker_id: str, kind: str) -> str | None:
    if not _check_speaker(corpus, speaker_id, kind):
        return None
    path = corpus / "speakers.csv"
    header, rows = read_table(path)
    rows.append({"speaker_id": speaker_id, "kind": kind})
    write_table(path, header, rows)
    return speaker_id


def start_interview(text_file, doc_id: str, corpus, interviewee: str, outlet: str, original=None,
                    language: str = "en") -> dict:
    """Add a new interview to ``corpus`` (a folder; created as a copy of the bundled corpus if missing).

    Args:
        text_file: the interview as plain UTF-8 text, paragraphs separated by blank lines.
        doc_id (str): a short lower-case id, e.g. "choquehuanca_2022".
        corpus: the corpus folder to add it to (never the bundled corpus/).
        interviewee, outlet (str): speaker ids; unknown ones are added to speakers.csv.
        original: the untouched download that ``text_file`` was cleaned from, if any.
        language (str): the language code of the text.

    Returns:
        dict with what was done: created (bool), turns, mentions, speakers_added, removed.
    """
    for what, value in (("--doc-id", doc_id), ("--interviewee", interviewee), ("--outlet", outlet)):
        if not ID.fullmatch(value or ""):
            raise NewInterviewError(f"{what} {value!r}: use lower-case letters, digits and _ only, starting with a letter, e.g. choquehuanca_2022.")
    if interviewee == outlet:
        raise NewInterviewError("--interviewee and --outlet must be different speakers.")
    corpus = _check_folder(corpus)
    text_file = Path(text_file)
    text = _read_text(text_file, "the interview text")
    if not text.strip():
        raise NewInterviewError(f"{text_file}: the file is empty.")
    spans = None
    if original is not None:
        try:
            spans = removed_spans(_read_text(Path(original), "the original download"), text)
        except NewInterviewError as err:
            raise NewInterviewError(f"{text_file}: {err}") from None
    created = not corpus.exists()
    source = BUNDLED_CORPUS if created else corpus  # check everything before writing anything
    docs = _documents(source)
    if any(isinstance(d, dict) and d.get("doc_id") == doc_id for d in docs):
        raise NewInterviewError(f"{corpus / 'documents.yaml'}: there is already a document {doc_id!r}. Choose another --doc-id.")
    for rel in (f"texts/{doc_id}.txt", f"seeds/{doc_id}.txt"):
        if (source / rel).exists():
            raise NewInterviewError(f"{corpus / rel} already exists. Choose another --doc-id, or delete that file.")
    _check_speaker(source, interviewee, "interviewee")
    _check_speaker(source, outlet, "outlet")
    if created:
        shutil.copytree(BUNDLED_CORPUS, corpus)
    speakers_added = [s for s in (_add_speaker(corpus, interviewee, "interviewee"), _add_speaker(corpus, outlet, "outlet")) if s]

    (corpus / "texts").mkdir(exist_ok=True)
    (corpus / "texts" / f"{doc_id}.txt").write_bytes(text.encode("utf-8"))
    if spans is not None:
        (corpus / "seeds").mkdir(exist_ok=True)
        shutil.copyfile(original, corpus / "seeds" / f"{doc_id}.txt")
    guesses = guess_turns(text)
    title = text[guesses[0][1][0]:guesses[0][1][1]].strip()
    doc_path = corpus / "documents.yaml"
    before = doc_path.read_text(encoding="utf-8")
    doc_path.write_text(before + ("" if before.endswith("\n") or not before else "\n") + "\n"
                        + _entry(doc_id, title, interviewee, outlet, language, spans), encoding="utf-8")

    path = corpus / "turns.csv"
    header, rows = read_table(path)
    header = _with_status(header, ["turn_id", "doc_id", "speaker_id", "kind", "start", "end", "opening"])
    for n, (kind, (start, end)) in enumerate(guesses, 1):
        rows.append({"turn_id": f"{doc_id}_t{n:02d}", "doc_id": doc_id, "speaker_id": interviewee if kind == "answer" else outlet,
                     "kind": kind, "start": str(start), "end": str(end), "opening": _opening(text, start, end),
                     "status": "proposed"})
    write_table(path, header, rows)
    mentions = propose_mentions(corpus, doc_id)
    return {"corpus": corpus, "created": created, "turns": len(guesses), "mentions": mentions,
            "speakers_added": speakers_added, "removed": len(spans or [])}


# ---- confirming the reviewed rows ---------------------------------------------------------------

def confirm(corpus, doc_id: str) -> dict:
    """Mark the proposed turns and mentions of ``doc_id`` as checked by a person.

    Neighbouring paragraphs with the same speaker and kind become one turn (a three-paragraph
    answer is one answer turn); turns are renumbered ``<doc_id>_tNN`` and claims already
    coded follow their turn. Returns dict(turns=..., paragraphs=..., mentions=...).
    """
    corpus = _check_folder(corpus)
    document = _document(corpus, doc_id)
    text = _read_text(corpus / document["text"], f"the text of {doc_id}")
    codebook = yaml.safe_load((corpus / "codebook.yaml").read_text(encoding="utf-8")) or {}
    kinds = list(codebook.get("turn_kinds") or [])
    _, speakers = read_table(corpus / "speakers.csv")
    known_speakers = {r["speaker_id"] for r in speakers}
    _, institutions = read_table(corpus / "institutions.csv")
    known_institutions = {r["institution_id"] for r in institutions}

    path = corpus / "turns.csv"
    header, rows = read_table(path)
    header = _with_status(header, ["turn_id", "doc_id", "speaker_id", "kind", "start", "end", "opening"])
    mine = [(i, r) for i, r in enumerate(rows) if r["doc_id"] == doc_id]
    problems = []
    for i, r in mine:
        line = i + 2
        if r["kind"] not in kinds:
            problems.append(f"{path}:{line}: kind: {r['kind']!r} is not a turn kind; use one of {', '.join(kinds)}")
        if r["speaker_id"] not in known_speakers:
            problems.append(f"{path}:{line}: speaker_id: {r['speaker_id']!r} is not in speakers.csv")
    if problems:
        raise NewInterviewError("Fix these rows, then run confirm again:\n" + "\n".join(problems))
    merged: list[dict] = []
    for _, r in sorted(mine, key=lambda p: int(p[1]["start"])):
        if merged and (merged[-1]["speaker_id"], merged[-1]["kind"]) == (r["speaker_id"], r["kind"]) \
                and int(merged[-1]["end"]) == int(r["start"]):
            merged[-1]["end"] = r["end"]
        else:
            merged.append(dict(r))
    for n, r in enumerate(merged, 1):
        start, end = int(r["start"]), int(r["end"])
        r.update(turn_id=f"{doc_id}_t{n:02d}", opening=_opening(text, start, end), status="")
    others = [r for r in rows if r["doc_id"] != doc_id]
    write_table(path, header, others + merged)

    claims_path = corpus / "claims.csv"
    c_header, claims = read_table(claims_path)
    if any(c["doc_id"] == doc_id for c in claims):
        for c in claims:
            if c["doc_id"] == doc_id:
                c["turn_id"] = next((t["turn_id"] for t in merged if int(t["start"]) <= int(c["start"]) < int(t["end"])), c["turn_id"])
        write_table(claims_path, c_header, claims)

    path = corpus / "mentions.csv"
    header, rows = read_table(path)
    header = _with_status(header, ["mention_id", "doc_id", "institution_id", "start", "end", "surface"])
    unknown = [f"{path}:{i + 2}: institution_id: {r['institution_id']!r} is not in institutions.csv"
               for i, r in enumerate(rows) if r["doc_id"] == doc_id and r["institution_id"] not in known_institutions]
    if unknown:
        raise NewInterviewError("Fix these rows, then run confirm again:\n" + "\n".join(unknown))
    n_mentions = 0
    for r in rows:
        if r["doc_id"] == doc_id and r.get("status") == "proposed":
            r["status"] = ""
            n_mentions += 1
    write_table(path, header, rows)
    return {"turns": len(merged), "paragraphs": len(mine), "mentions": n_mentions}


# ---- what is left to do -------------------------------------------------------------------------

def todo(corpus, doc_id: str) -> list[str]:
    """What is still to do for ``doc_id``, one line each: blank fields, proposed rows, answers without claims."""
    corpus = Path(corpus).expanduser().resolve()
    document = _document(corpus, doc_id)
    out = [f"documents.yaml: {doc_id}: fill in {field}" for field in FILL_IN if not document.get(field)]
    _, speakers = read_table(corpus / "speakers.csv")
    for r in speakers:
        if r["speaker_id"] in (document.get("interviewee"), document.get("outlet_speaker")):
            empty = [f for f in ("name", "short_name", "position", "source") if not (r.get(f) or "").strip()]
            if empty:
                out.append(f"speakers.csv: {r['speaker_id']}: fill in {', '.join(empty)}")
    _, turns = read_table(corpus / "turns.csv")
    _, mentions = read_table(corpus / "mentions.csv")
    proposed_turns = sum(1 for r in turns if r["doc_id"] == doc_id and r.get("status") == "proposed")
    proposed_mentions = sum(1 for r in mentions if r["doc_id"] == doc_id and r.get("status") == "proposed")
    if proposed_turns or proposed_mentions:
        out.append(f"turns.csv and mentions.csv: check the {proposed_turns} proposed turns and {proposed_mentions} "
                   f"proposed mentions of {doc_id}, then run: python -m helpers confirm {doc_id} --corpus {corpus}")
    else:
        _, claims = read_table(corpus / "claims.csv")
        claimed = {c["turn_id"] for c in claims}
        bare = [t["turn_id"] for t in turns if t["doc_id"] == doc_id and t["kind"] == "answer" and t["turn_id"] not in claimed]
        if bare:
            out.append(f"claims.csv: code the claims of {len(bare)} answer turn(s) with the coder: {', '.join(bare)}")
    return out
