"""Start a new interview in a corpus folder with commands, not code.

``python -m helpers new-interview TEXT --doc-id ID --corpus FOLDER --interviewee ID --outlet ID``
copies the text into the folder, adds the document entry (fields left to fill in are marked
``FILL IN``), splits the text into turns (at blank lines, at single line breaks, or at speaker
labels such as ``Q:``, ``RT:`` or ``Ricardo Patiño:``, joining hard-wrapped lines; see
``helpers.turns``) and proposes a mention for every occurrence of an institution's name or alias.
TEXT may also be a saved web page, whose article text trafilatura extracts (an instructor tool;
see ``helpers.source_text``). Both tables get rows with status ``proposed``: a person checks them
in a spreadsheet, then ``python -m helpers confirm ID --corpus FOLDER`` merges neighbouring
paragraphs of one speaker into turns and marks the rows confirmed. Claims are left to the coder
(``helpers.coder``). Nothing here ever writes into the bundled ``corpus/`` folder.

Cleaning without code: keep the downloaded page as it is (the *original*), make a copy and
delete from the copy, in a text editor, everything that is not the interview (title bar,
photo captions, adverts, footer). ``--original`` names the untouched download; the command
checks that the copy only *deletes* from it and records every removed span in
``documents.yaml``, so anyone can check the cleaning.

>>> import pathlib, shutil, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "q.txt").write_text("A made-up title\\n\\nWhy UNASUR?\\n\\nIt unites us.\\n\\nIt lasts.\\n", encoding="utf-8")
>>> done = start_interview(folder / "q.txt", "x_2022", folder / "my_corpus", "x_person", "x_outlet")
>>> done["created"], done["turns"], done["mentions"], done["speakers_added"]
(True, 4, 1, ['x_person', 'x_outlet'])
>>> confirm(folder / "my_corpus", "x_2022")
{'turns': 3, 'paragraphs': 4, 'mentions': 1}
>>> todo(folder / "my_corpus", "x_2022")[:2]
['documents.yaml: x_2022: fill in outlet', 'documents.yaml: x_2022: fill in date']
>>> shutil.rmtree(folder)
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import tempfile
from datetime import date
from pathlib import Path

import yaml

from . import vocab
from .source_text import NewInterviewError, decode, interview_text, read_bytes, read_text, where
from .turns import Layout, describe_turns
from .vocab import BUNDLED_CORPUS, inside_bundled_corpus, split_list as _split

__all__ = ["NewInterviewError", "start_interview", "propose_mentions", "other_spellings", "confirm", "todo",
           "read_table", "write_table", "BUNDLED_CORPUS"]

from .table_rules import ID_FORM as ID  # noqa: E402  (the one definition of an id's form)
OPENING_LENGTH = 40


# ---- reading and writing the plain files ----------------------------------------------------


def read_table(path: Path) -> tuple[list[str], list[dict]]:
    """The header and rows of a CSV file (an empty table if the file does not exist).

    A byte-order mark, as Excel's "CSV UTF-8" writes, is accepted; ``write_table`` writes none.
    """
    path = Path(path)
    if not path.exists():
        return [], []
    text = decode(path, read_bytes(path, "a table of the corpus"), bom_ok=True)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return list(reader.fieldnames or []), list(reader)


def _table_bytes(header: list[str], rows: list[dict]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows({k: row.get(k) or "" for k in header} for row in rows)
    return out.getvalue().encode("utf-8")


def write_table(path: Path, header: list[str], rows: list[dict]) -> None:
    """Write a CSV file: UTF-8, LF line endings, minimal quoting (the project's contract)."""
    _commit({Path(path): _table_bytes(header, rows)})


def _cannot_write(path: Path, err: OSError) -> NewInterviewError:
    return NewInterviewError(
        f"{path}: cannot write there ({err.strerror or err}). Nothing was changed. Use a folder you may write to "
        "(e.g. copy the corpus folder into your home folder and give that as --corpus), then run the command again.")


def _commit(files: dict) -> None:
    """Write every file or none: each goes to a temporary file beside it first, then all replace their targets."""
    temps, path = [], None
    try:
        for path, data in files.items():
            path = Path(path)
            if path.is_dir():
                raise NewInterviewError(f"{path}: is a folder where the corpus needs a file; move it away and run the command again.")
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            temps.append((Path(tmp), path))
            with os.fdopen(fd, "wb") as f:
                f.write(data)
        for tmp, path in temps:
            os.replace(tmp, path)
    except OSError as err:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
        raise _cannot_write(path, err) from None


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
    if inside_bundled_corpus(corpus):
        raise NewInterviewError(
            f"{corpus} is the bundled corpus, which no command changes. Name a folder of your own, "
            "e.g. --corpus my_corpus: the command creates it as a copy of the bundled corpus.")
    return corpus


def _opening(text: str, start: int, end: int) -> str:
    """The start of a turn's first line, for the ``opening`` column of turns.csv.

    >>> _opening("Why UNASUR?\\nIt unites us.", 0, 24)
    'Why UNASUR?'
    """
    return text[start:min(end, start + OPENING_LENGTH)].split("\n")[0].rstrip("\r")


# ---- mentions ---------------------------------------------------------------------------------

def _alias_finder(institutions: list[dict]):
    owner = {}
    for row in institutions:
        for alias in _split(row.get("aliases")):
            owner.setdefault(alias, row["institution_id"])
    if not owner:
        return None, owner
    # a space in an alias matches any run of spaces and line breaks (hard-wrapped text)
    alternation = "|".join(r"\s+".join(map(re.escape, a.split())) for a in sorted(owner, key=len, reverse=True))
    owner.update({" ".join(a.split()): i for a, i in list(owner.items())})
    return re.compile(r"(?<![\w-])(?:" + alternation + r")(?![\w-])"), owner


def _next_number(ids, prefix: str) -> int:
    numbers = [int(m.group(1)) for i in ids if (m := re.fullmatch(re.escape(prefix) + r"(\d+)", i or ""))]
    return max(numbers, default=0) + 1


def _offset(row: dict, field: str, path: Path, line: int) -> int:
    try:
        return int(str(row.get(field) or "").strip())
    except ValueError:
        raise NewInterviewError(f"{path}:{line}: {field}: {row.get(field)!r} is not a whole number. Never change start or "
                                "end; take the file again from the last copy that worked.") from None


def _new_mentions(text: str, doc_id: str, institutions: list[dict], rows: list[dict], path: Path) -> list[dict]:
    """The proposed mention rows for alias occurrences that no row of ``doc_id`` covers yet."""
    finder, owner = _alias_finder(institutions)
    covered = sorted((_offset(r, "start", path, i + 2), _offset(r, "end", path, i + 2))
                     for i, r in enumerate(rows) if r.get("doc_id") == doc_id)
    prefix = f"{doc_id}_m"
    number = _next_number((r.get("mention_id") for r in rows), prefix)
    added = []
    for m in finder.finditer(text) if finder else ():
        if any(s <= m.start() and m.end() <= e for s, e in covered):
            continue
        added.append({"mention_id": f"{prefix}{number:03d}", "doc_id": doc_id, "institution_id": owner[" ".join(m.group().split())],
                      "start": str(m.start()), "end": str(m.end()), "surface": m.group(), "status": "proposed"})
        number += 1
    return added


def other_spellings(corpus, doc_id: str) -> list[str]:
    """Words of the text that spell a known alias differently (upper or lower case), one line each.

    "Unasur" is not the alias "UNASUR", so no mention is proposed for it; the person decides whether
    to add the spelling to the institution's aliases (then ``propose-mentions`` finds it).
    """
    shown = vocab.shown_path(corpus)  # as the person types it, in the commands it suggests
    corpus = Path(corpus).expanduser().resolve()
    document = _document(corpus, doc_id)
    text = read_text(corpus / document["text"], f"the text of {doc_id}")
    _, institutions = read_table(corpus / "institutions.csv")
    finder, owner = _alias_finder(institutions)
    if not finder:
        return []
    folded = {a.casefold(): (a, i) for a, i in owner.items() if len(a) >= 4}  # not "UN" for the word "un"
    loose = re.compile(finder.pattern, re.IGNORECASE)
    found: dict[str, list] = {}
    for m in loose.finditer(text):
        surface = " ".join(m.group().split())
        if surface not in owner and surface.casefold() in folded and surface[0].isupper():
            found.setdefault(surface, []).append(m.start())
    return [f"The text says {surface!r} ({len(at)} time(s), first at {where(text, at[0])}), a spelling of "
            f"{folded[surface.casefold()][0]!r} (institution {folded[surface.casefold()][1]}) that its aliases lack. If it names that institution, add {surface} to its "
            f"aliases in institutions.csv (after a |), then run: python -m helpers propose-mentions {doc_id} --corpus {shown}"
            for surface, at in found.items()]


MENTION_COLUMNS = ["mention_id", "doc_id", "institution_id", "start", "end", "surface"]
TURN_COLUMNS = ["turn_id", "doc_id", "speaker_id", "kind", "start", "end", "opening"]


def propose_mentions(corpus, doc_id: str) -> int:
    """Add a ``proposed`` row to mentions.csv for each alias occurrence no mention covers yet.

    Run it again after adding institutions, or a new spelling to an institution's ``aliases``: it
    only adds what is missing. Returns the number of rows added.
    """
    corpus = _check_folder(corpus)
    document = _document(corpus, doc_id)
    text = read_text(corpus / document["text"], f"the text of {doc_id}")
    _, institutions = read_table(corpus / "institutions.csv")
    path = corpus / "mentions.csv"
    header, rows = read_table(path)
    added = _new_mentions(text, doc_id, institutions, rows, path)
    if added:
        _commit({path: _table_bytes(_with_status(header, MENTION_COLUMNS), rows + added)})
    return len(added)


# ---- the document entry -------------------------------------------------------------------------

def _documents(corpus: Path) -> list:
    path = corpus / "documents.yaml"
    if corpus.is_file():
        raise NewInterviewError(f"{corpus}: is a file, not a folder. --corpus must name a corpus folder (one that holds documents.yaml).")
    if not path.is_file():
        raise NewInterviewError(f"{path}: not found. --corpus must name a corpus folder (one that holds documents.yaml).")
    try:
        return yaml.safe_load(read_text(path, "the corpus's list of documents")) or []
    except yaml.YAMLError as err:
        raise NewInterviewError(f"{path}: cannot be read as YAML ({err}); run python -m helpers validate {corpus}") from None


def _document(corpus: Path, doc_id: str) -> dict:
    docs = [d for d in _documents(corpus) if isinstance(d, dict)]
    for doc in docs:
        if doc.get("doc_id") == doc_id:
            if not isinstance(doc.get("text"), str):
                raise NewInterviewError(f"{corpus / 'documents.yaml'}: {doc_id}: text: must name the text file, e.g. texts/{doc_id}.txt.")
            return doc
    known = ", ".join(str(d.get("doc_id")) for d in docs)
    raise NewInterviewError(f"{corpus / 'documents.yaml'}: no document {doc_id!r} (the documents are: {known}). "
                            "Check the spelling, or start it with python -m helpers new-interview.")


FILL_IN = ("title", "outlet", "date", "url", "rights")


def _entry(doc_id, title, interviewee, outlet, language, spans, how=None) -> str:
    lines = [
        f"- doc_id: {doc_id}",
        f"  # Started with `python -m helpers new-interview` on {date.today().isoformat()}. Fill in every",
        "  # field marked FILL IN, keeping the quotes, and give a source (title, publisher, date, URL) for each fact.",
        (f"  title: {_yaml_string(title)}   # CHECK: copied from the first line of the text" if title else
         '  title: ""   # FILL IN: the headline as published (the first line of the text was too long to be one)'),
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
        lines += [f"  seed: seeds/{doc_id}.txt"] + ([f"  # The seed is {how}."] if how else []) + [
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


# ---- starting the interview ---------------------------------------------------------------------

def _check_ids(doc_id: str, interviewee: str, outlet: str) -> None:
    for what, value in (("--doc-id", doc_id), ("--interviewee", interviewee), ("--outlet", outlet)):
        if not isinstance(value, str) or not ID.fullmatch(value):
            raise NewInterviewError(f"{what} {value!r}: use lower-case letters, digits and _ only, starting with a letter, e.g. choquehuanca_2022.")
    if interviewee == outlet:
        raise NewInterviewError("--interviewee and --outlet must be different speakers.")


def _check_new_document(source: Path, corpus: Path, doc_id: str) -> None:
    """Raise if ``doc_id`` or its files exist already in ``source`` (the folder as it is now)."""
    if any(isinstance(d, dict) and d.get("doc_id") == doc_id for d in _documents(source)):
        raise NewInterviewError(f"{corpus / 'documents.yaml'}: there is already a document {doc_id!r}. Choose another --doc-id.")
    for rel in (f"texts/{doc_id}.txt", f"seeds/{doc_id}.txt"):
        if (source / rel).exists():
            raise NewInterviewError(f"{corpus / rel} already exists. Choose another --doc-id, or delete that file.")


def _with_entry(source: Path, entry: str) -> bytes:
    """documents.yaml with ``entry`` added at its end, after a blank line."""
    before = read_text(source / "documents.yaml", "the corpus's list of documents")
    return (before + ("" if before.endswith("\n") or not before else "\n") + "\n" + entry).encode("utf-8")


def _proposed_turns(source: Path, doc_id: str, text: str, layout: Layout, speakers: dict) -> tuple[bytes, list[str]]:
    """(turns.csv with a proposed row for each guessed turn, the lines that describe them).

    ``speakers`` maps "interviewee" and "outlet" to their speaker ids.
    """
    header, rows = read_table(source / "turns.csv")
    first_new = len(rows)
    for n, (kind, who, (start, end)) in enumerate(layout.turns(), 1):
        rows.append({"turn_id": f"{doc_id}_t{n:02d}", "doc_id": doc_id, "speaker_id": speakers[who],
                     "kind": kind, "start": str(start), "end": str(end), "opening": _opening(text, start, end),
                     "status": "proposed"})
    return _table_bytes(_with_status(header, TURN_COLUMNS), rows), describe_turns(rows[first_new:], labelled=bool(layout.labels))


def _create_corpus(corpus: Path, files: dict) -> None:
    """Make ``corpus`` as a copy of the bundled corpus with ``files`` (relative path: bytes) written in: all or nothing."""
    staging = None
    try:
        corpus.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{corpus.name}.", dir=corpus.parent))
        shutil.copytree(BUNDLED_CORPUS, staging / "corpus")
        for rel, data in files.items():
            (staging / "corpus" / rel).parent.mkdir(parents=True, exist_ok=True)
            (staging / "corpus" / rel).write_bytes(data)
        os.replace(staging / "corpus", corpus)
    except OSError as err:
        raise _cannot_write(corpus, err) from None
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)


def start_interview(text_file, doc_id: str, corpus, interviewee: str, outlet: str, original=None,
                    language: str = "en") -> dict:
    """Add a new interview to ``corpus`` (a folder; created as a copy of the bundled corpus if missing).

    Every check runs before anything is written, and then every file is written or none.

    Args:
        text_file: the interview as plain UTF-8 text (paragraphs on their own lines, with or without
            blank lines between them, or speaker labels at line starts), or a saved web page.
        doc_id (str): a short lower-case id, e.g. "choquehuanca_2022".
        corpus: the corpus folder to add it to (never the bundled corpus/).
        interviewee, outlet (str): speaker ids; unknown ones are added to speakers.csv.
        original: the untouched download that ``text_file`` was cleaned from, if any: a text file
            or a saved web page (then its extracted article text is the record).
        language (str): the language code of the text.

    Returns:
        dict with what was done: created (bool), turns, mentions, speakers_added, removed, layout
        (the lines that say how the text was read), extracted_from.
    """
    _check_ids(doc_id, interviewee, outlet)
    corpus = _check_folder(corpus)
    if corpus.is_file():
        raise NewInterviewError(f"{corpus}: is a file, not a folder. --corpus must name a corpus folder (or a new name).")
    text, seed, spans, how = interview_text(Path(text_file), original)
    created = not corpus.exists()
    source = BUNDLED_CORPUS if created else corpus  # check everything before writing anything
    _check_new_document(source, corpus, doc_id)
    new_speakers = [(s, k) for s, k in ((interviewee, "interviewee"), (outlet, "outlet")) if _check_speaker(source, s, k)]
    _, institutions = read_table(source / "institutions.csv")
    layout = Layout(text, interviewee, outlet)

    files: dict[Path, bytes] = {}
    if new_speakers:
        header, rows = read_table(source / "speakers.csv")
        files[Path("speakers.csv")] = _table_bytes(header, rows + [{"speaker_id": s, "kind": k} for s, k in new_speakers])
    files[Path("texts") / f"{doc_id}.txt"] = text.encode("utf-8")
    if seed is not None:
        files[Path("seeds") / f"{doc_id}.txt"] = seed.encode("utf-8")
    files[Path("documents.yaml")] = _with_entry(source, _entry(doc_id, layout.title(), interviewee, outlet, language, spans, how))
    files[Path("turns.csv")], proposed = _proposed_turns(source, doc_id, text, layout, {"interviewee": interviewee, "outlet": outlet})
    header, rows = read_table(source / "mentions.csv")
    mentions = _new_mentions(text, doc_id, institutions, rows, source / "mentions.csv")
    files[Path("mentions.csv")] = _table_bytes(_with_status(header, MENTION_COLUMNS), rows + mentions)

    if created:
        _create_corpus(corpus, files)
    else:
        _commit({corpus / rel: data for rel, data in files.items()})
    return {"corpus": corpus, "created": created, "turns": len(layout.units), "mentions": len(mentions),
            "speakers_added": [s for s, _ in new_speakers], "removed": len(spans or []), "layout": layout.report(),
            "extracted_from": how, "proposed": proposed}


# ---- confirming the reviewed rows ---------------------------------------------------------------

def _turn_kinds(corpus: Path) -> list[str]:
    """The turn kinds that the corpus's codebook.yaml allows."""
    try:
        codebook = yaml.safe_load(read_text(corpus / "codebook.yaml", "the codebook's category lists")) or {}
    except yaml.YAMLError as err:
        raise NewInterviewError(f"{corpus / 'codebook.yaml'}: cannot be read as YAML ({err}).") from None
    return list(codebook.get("turn_kinds") or []) if isinstance(codebook, dict) else []


def _ids(path: Path, field: str) -> set:
    """The values of column ``field`` in the table ``path``."""
    return {r.get(field) for r in read_table(path)[1]}


def _offset_problems(row: dict, fields, path: Path, line: int) -> list[str]:
    problems = []
    for field in fields:
        try:
            _offset(row, field, path, line)
        except NewInterviewError as err:
            problems.append(str(err))
    return problems


def _turn_problems(mine: list, path: Path, doc_id: str, kinds: list[str], speakers: set) -> list[str]:
    """What stops ``confirm`` in the turn rows ``mine`` ((index, row) pairs) of ``doc_id``."""
    problems = [] if mine else [f"{path}: no rows for {doc_id}; run python -m helpers new-interview first"]
    for i, r in mine:
        line = i + 2
        if r.get("kind") not in kinds:
            problems.append(f"{path}:{line}: kind: {r.get('kind')!r} is not a turn kind; use one of {', '.join(kinds)}")
        if r.get("speaker_id") not in speakers:
            problems.append(f"{path}:{line}: speaker_id: {r.get('speaker_id')!r} is not in speakers.csv")
        problems += _offset_problems(r, ("start", "end"), path, line)
    return problems


def _mention_problems(mentions: list[dict], path: Path, doc_id: str, institutions: set) -> list[str]:
    return [f"{path}:{i + 2}: institution_id: {r.get('institution_id')!r} is not in institutions.csv; "
            "add the institution there, or correct the id (the first column of institutions.csv)"
            for i, r in enumerate(mentions) if r.get("doc_id") == doc_id and r.get("institution_id") not in institutions]


def _claim_problems(claims: list[dict], path: Path, doc_id: str) -> list[str]:
    return [p for i, c in enumerate(claims) if c.get("doc_id") == doc_id for p in _offset_problems(c, ("start",), path, i + 2)]


def _merged_turns(mine: list, text: str, doc_id: str) -> list[dict]:
    """Neighbouring rows of one speaker and kind joined into one turn, numbered ``<doc_id>_tNN``, confirmed."""
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
    return merged


def _follow_turns(claims: list[dict], merged: list[dict], doc_id: str) -> bool:
    """Point each claim of ``doc_id`` at the merged turn it starts in; False if the document has no claims."""
    mine = [c for c in claims if c.get("doc_id") == doc_id]
    for c in mine:
        c["turn_id"] = next((t["turn_id"] for t in merged if int(t["start"]) <= int(c["start"]) < int(t["end"])), c["turn_id"])
    return bool(mine)


def _confirm_mentions(mentions: list[dict], doc_id: str) -> int:
    """Mark the proposed mentions of ``doc_id`` confirmed; return how many."""
    proposed = [r for r in mentions if r.get("doc_id") == doc_id and r.get("status") == "proposed"]
    for r in proposed:
        r["status"] = ""
    return len(proposed)


def confirm(corpus, doc_id: str) -> dict:
    """Mark the proposed turns and mentions of ``doc_id`` as checked by a person.

    Neighbouring paragraphs with the same speaker and kind become one turn (a three-paragraph
    answer is one answer turn); turns are renumbered ``<doc_id>_tNN`` and claims already
    coded follow their turn. Everything is checked first; then turns.csv, mentions.csv and
    claims.csv are all written, or none of them. Returns dict(turns=..., paragraphs=..., mentions=...).
    """
    corpus = _check_folder(corpus)
    document = _document(corpus, doc_id)
    text = read_text(corpus / document["text"], f"the text of {doc_id}")
    kinds = _turn_kinds(corpus)
    known_speakers = _ids(corpus / "speakers.csv", "speaker_id")
    known_institutions = _ids(corpus / "institutions.csv", "institution_id")

    turns_path, mentions_path, claims_path = corpus / "turns.csv", corpus / "mentions.csv", corpus / "claims.csv"
    t_header, turns = read_table(turns_path)
    m_header, mentions = read_table(mentions_path)
    c_header, claims = read_table(claims_path)
    mine = [(i, r) for i, r in enumerate(turns) if r.get("doc_id") == doc_id]
    problems = (_turn_problems(mine, turns_path, doc_id, kinds, known_speakers)
                + _mention_problems(mentions, mentions_path, doc_id, known_institutions)
                + _claim_problems(claims, claims_path, doc_id))
    if problems:
        raise NewInterviewError("Nothing was changed. Fix these rows, then run confirm again:\n" + "\n".join(problems))

    merged = _merged_turns(mine, text, doc_id)
    others = [r for r in turns if r.get("doc_id") != doc_id]
    files = {turns_path: _table_bytes(_with_status(t_header, TURN_COLUMNS), others + merged)}
    if _follow_turns(claims, merged, doc_id):
        files[claims_path] = _table_bytes(c_header, claims)
    n_mentions = _confirm_mentions(mentions, doc_id)
    files[mentions_path] = _table_bytes(_with_status(m_header, MENTION_COLUMNS), mentions)
    _commit(files)
    return {"turns": len(merged), "paragraphs": len(mine), "mentions": n_mentions}


# ---- what is left to do -------------------------------------------------------------------------

def _speaker_gaps(corpus: Path, document: dict) -> list[str]:
    """A line for each of the document's two speakers with blank fields in speakers.csv."""
    out = []
    for r in read_table(corpus / "speakers.csv")[1]:
        if r["speaker_id"] in (document.get("interviewee"), document.get("outlet_speaker")):
            empty = [f for f in ("name", "short_name", "position", "source") if not (r.get(f) or "").strip()]
            if empty:
                out.append(f"speakers.csv: {r['speaker_id']}: fill in {', '.join(empty)}")
    return out


def _proposed(rows: list[dict], doc_id: str) -> int:
    return sum(1 for r in rows if r["doc_id"] == doc_id and r.get("status") == "proposed")


def _answers_without_claims(corpus: Path, turns: list[dict], doc_id: str) -> list[str]:
    claimed = {c["turn_id"] for c in read_table(corpus / "claims.csv")[1]}
    bare = [t["turn_id"] for t in turns if t["doc_id"] == doc_id and t["kind"] == "answer" and t["turn_id"] not in claimed]
    return [f"claims.csv: code the claims of {vocab.plural(len(bare), 'answer turn')} with the coder: {', '.join(bare)}"] if bare else []


def todo(corpus, doc_id: str) -> list[str]:
    """What is still to do for ``doc_id``, one line each: blank fields, proposed rows, answers without claims."""
    shown = vocab.shown_path(corpus)  # as the person types it, in the commands it suggests
    corpus = Path(corpus).expanduser().resolve()
    document = _document(corpus, doc_id)
    out = [f"documents.yaml: {doc_id}: fill in {field}" for field in FILL_IN if not document.get(field)]
    out += _speaker_gaps(corpus, document)
    _, turns = read_table(corpus / "turns.csv")
    proposed_turns = _proposed(turns, doc_id)
    proposed_mentions = _proposed(read_table(corpus / "mentions.csv")[1], doc_id)
    if proposed_turns or proposed_mentions:
        out.append(f"turns.csv and mentions.csv: check the {vocab.plural(proposed_turns, 'proposed turn')} and "
                   f"{vocab.plural(proposed_mentions, 'proposed mention')} of {doc_id}, then run: python -m helpers confirm {doc_id} --corpus {shown}")
    else:
        out += _answers_without_claims(corpus, turns, doc_id)
    return out
