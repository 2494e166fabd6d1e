"""The rules across the files of a corpus: offsets and quotes against the texts, turn coverage, claims, work left.

Each rule is a function of one ``Refs`` (the tables by id, and what the earlier rules found) that
reports to ``refs.reader``. They run in the order of ``CROSS_FILE_RULES``: the span rules record
what later rules need (turn spans, mention spans, the turns that have claims), and the order is
the order of the printed problems.

>>> from pathlib import Path
>>> from helpers.files import FolderReader
>>> files = FolderReader(Path("."))
>>> doc = {"doc_id": "d1", "text": "d1.txt", "interviewee": "ana", "outlet_speaker": "ana", "_bad": set(), "_line": 1, "_lines": {}}
>>> tables = {"speakers": [{"speaker_id": "ana", "_line": 2}],
...           "institutions": [{"institution_id": "oas", "aliases": "OAS", "_line": 2}],
...           "turns": [{"turn_id": "t1", "doc_id": "d1", "speaker_id": "ana", "kind": "answer",
...                      "start": "0", "end": "4", "opening": "The", "_line": 2}],
...           "mentions": [], "claims": []}
>>> check_references(files, [doc], {"d1": "The OAS met."}, tables, {"stances": ["critical"], "themes": []})
>>> for p in files.problems:
...     print(p.file, p.line, p.field, p.severity, p.message)
turns.csv 2 end error gap: characters 4–12 at the end of d1 belong to no turn
turns.csv 2 turn_id todo answer turn t1 has no claim coded yet (a turn that only greets or thanks has kind 'greeting')
institutions.csv 2 institution_id todo no claim, mention or event uses 'oas' yet
d1.txt 1 coverage warning 'OAS' at 4–7 is an alias of oas but no row of mentions.csv covers it
"""

from __future__ import annotations

import bisect
import re

from .files import FolderReader
from .vocab import shown_path, split_list

__all__ = ["Refs", "CROSS_FILE_RULES", "check_references"]


class Refs:
    """What the cross-file rules share: the tables by id, and what the earlier rules found."""

    def __init__(self, reader: FolderReader, documents: list, texts: dict, tables: dict, codebook: dict):
        self.reader, self.documents, self.texts, self.tables, self.codebook = reader, documents, texts, tables, codebook
        self.docs = {d["doc_id"]: d for d in documents}
        self.speakers = {r["speaker_id"].strip(): r for r in tables["speakers"]}
        self.institutions = {r["institution_id"].strip(): r for r in tables["institutions"]}
        self.turn_spans: dict[str, tuple] = {}  # turn_id -> (doc_id, start, end, speaker_id), by rule_turns
        self.mention_spans: dict[str, list] = {}  # doc_id -> [(start, end)], by rule_mentions
        self.claim_spans: dict[str, list] = {}  # doc_id -> [(start, end, row)], by rule_claims
        self.claimed_turns: set[str] = set()  # by rule_claims


def rule_document_speakers(refs: Refs):
    """documents.yaml: the interviewee and the outlet are speakers of speakers.csv."""
    doc_file = refs.reader.name("documents.yaml")
    for d in refs.documents:
        for field_name in ("interviewee", "outlet_speaker"):
            if field_name not in d["_bad"] and str(d[field_name]) not in refs.speakers:
                refs.reader.add(doc_file, d["_lines"].get(field_name, d["_line"]), field_name,
                                f"unknown speaker id {d[field_name]!r}; add it to speakers.csv", after=("table", "speakers"))


def rule_institution_rows(refs: Refs):
    """institutions.csv: a non-empty aliases cell names an alias; a founding year has its source."""
    f = refs.reader.name("institutions.csv")
    for r in refs.tables["institutions"]:
        if r["aliases"].strip() and not split_list(r["aliases"]):
            refs.reader.add(f, r["_line"], "aliases", "needs at least one alias, as it appears in the texts")
        if (r.get("founded") or "").strip() and not (r.get("founded_source") or "").strip():
            refs.reader.add(f, r["_line"], "founded_source", "a founding year needs its source (title, publisher, date, URL)")


def _int(row, field):
    """The integer in ``row[field]``, or None (the schema check has already reported it)."""
    try:
        return int(str(row.get(field, "")).strip())
    except ValueError:
        return None


def _span(refs: Refs, file: str, row: dict, text_field: str):
    """Check a row's document, its offsets' range and its quoted text. Returns (start, end) or None."""
    reader, doc_id = refs.reader, row["doc_id"].strip()
    if doc_id not in refs.docs:
        known = ", ".join(sorted(refs.docs)[:12]) or "(none)"
        reader.add_unknown(file, row["_line"], "doc_id", doc_id, f"unknown document id {doc_id!r}; known: {known}",
                           after=("documents",))
        return None
    start, end = _int(row, "start"), _int(row, "end")
    if start is None or end is None:
        return None
    text = refs.texts.get(doc_id)
    if text is None:
        reader.skip(("doc", doc_id), file)
        return None
    after = ("edited", doc_id) if end > reader.text_break.get(doc_id, len(text) + 1) else None
    if not 0 <= start < end <= len(text):
        reader.add(file, row["_line"], "start/end", f"offsets {start}–{end} are out of range for {doc_id} (0–{len(text)}, end after start)",
                   after=after)
        return None
    if text_field and row.get(text_field):
        want, got = row[text_field], text[start:end]
        if not (got.startswith(want) if text_field == "opening" else got == want):
            reader.add(file, row["_line"], text_field, f"{want!r} does not match the text at {start}–{end}, which reads {got[:60]!r}",
                       after=after)
    return start, end


def rule_turns(refs: Refs):
    """turns.csv: each turn's span and opening words; each text is covered by turns exactly once."""
    reader, f = refs.reader, refs.reader.name("turns.csv")
    spans: dict[str, list] = {}
    broken_doc_turn = {}
    for r in refs.tables["turns"]:
        since = len(reader.problems)
        span = _span(refs, f, r, "opening")
        if span:
            spans.setdefault(r["doc_id"].strip(), []).append((span[0], span[1], r))
            refs.turn_spans[r["turn_id"].strip()] = (r["doc_id"].strip(), span[0], span[1], r["speaker_id"].strip())
        elif len(reader.problems) > since:
            key = ("turn", r["turn_id"])
            reader.mark_root(key, since)
            broken_doc_turn.setdefault(r["doc_id"].strip(), key)
    for doc_id, text in refs.texts.items():
        after = broken_doc_turn.get(doc_id) or (("edited", doc_id) if doc_id in reader.text_break else None)
        if ("table", "turns") in reader.roots:
            after = ("table", "turns")
        _turn_coverage(reader, f, doc_id, len(text), sorted(spans.get(doc_id, []), key=lambda s: (s[0], s[1])), after)


def _turn_coverage(reader: FolderReader, f: str, doc_id: str, length: int, spans: list, after):
    """Report gaps and overlaps between one text's turns (spans sorted by start)."""
    pos, last = 0, None
    for start, end, r in spans:
        if start > pos:
            reader.add(f, r["_line"], "start", f"gap: characters {pos}–{start} of {doc_id} belong to no turn", after=after)
        elif start < pos:
            reader.add(f, r["_line"], "start", f"overlap: turn starts at {start}, inside {last['turn_id']} (ends {pos})", after=after)
        pos, last = max(pos, end), r
    if pos < length:
        line = last["_line"] if last else 1
        reader.add(f, line, "end", f"gap: characters {pos}–{length} at the end of {doc_id} belong to no turn", after=after)


def rule_mentions(refs: Refs):
    """mentions.csv: each mention's span and surface text."""
    f = refs.reader.name("mentions.csv")
    for r in refs.tables["mentions"]:
        span = _span(refs, f, r, "surface")
        if span:
            refs.mention_spans.setdefault(r["doc_id"].strip(), []).append(span)


def rule_claims(refs: Refs):
    """claims.csv: each claim's span and quote, its turn and speaker, its themes and its targets."""
    f = refs.reader.name("claims.csv")
    for r in refs.tables["claims"]:
        span = _span(refs, f, r, "quote")
        refs.claimed_turns.add(r["turn_id"].strip())
        if span:
            refs.claim_spans.setdefault(r["doc_id"].strip(), []).append((span[0], span[1], r))
            _claim_in_its_turn(refs, f, r, span)
        _claim_themes(refs, f, r)
        _claim_targets(refs, f, r)


def _claim_in_its_turn(refs: Refs, f: str, r: dict, span: tuple):
    """The claim lies inside its turn, and its speaker is the turn's speaker."""
    turn_id = r["turn_id"].strip()
    if turn_id not in refs.turn_spans:
        if ("turn", turn_id) in refs.reader.roots:
            refs.reader.skip(("turn", turn_id), f)
        return
    t_doc, t_start, t_end, t_speaker = refs.turn_spans[turn_id]
    if t_doc != r["doc_id"].strip() or not (t_start <= span[0] and span[1] <= t_end):
        refs.reader.add(f, r["_line"], "start/end", f"the claim {span[0]}–{span[1]} lies outside its turn {turn_id} ({t_doc} {t_start}–{t_end})")
    elif t_speaker != r["speaker_id"].strip():
        refs.reader.add(f, r["_line"], "speaker_id", f"is {r['speaker_id']!r} but turn {turn_id} is spoken by {t_speaker!r}")


def _codebook_root(reader: FolderReader, key: str) -> tuple:
    """The codebook problem that explains an unknown value of ``key``, for ``after=``."""
    return ("codebook", key) if ("codebook", key) in reader.roots else ("codebook",)


def _claim_themes(refs: Refs, f: str, r: dict):
    """At least one theme, each once, each from the codebook."""
    themes, listed = refs.codebook.get("themes") or [], split_list(r["themes"])
    if r["themes"].strip() and not listed:
        refs.reader.add(f, r["_line"], "themes", "needs at least one theme from the codebook")
    twice = sorted({t for t in listed if listed.count(t) > 1})
    if twice:
        refs.reader.add(f, r["_line"], "themes", f"{', '.join(twice)} is listed twice; give each theme once, "
                                                 "the most central first (CODEBOOK §5)")
    for theme in listed:
        if theme not in themes:
            refs.reader.add(f, r["_line"], "themes", f"unknown theme {theme!r}; known: {', '.join(list(themes)[:12])} …",
                            after=_codebook_root(refs.reader, "themes"))


def _claim_targets(refs: Refs, f: str, r: dict):
    """Each target names an institution of institutions.csv and a stance of the codebook."""
    stances, institutions = refs.codebook.get("stances") or [], refs.institutions
    for target in split_list(r["targets"]):
        inst, sep, stance = (p.strip() for p in target.partition(":"))
        if not sep:
            continue  # the schema's pattern has reported it
        if inst not in institutions:
            listed = ", ".join(sorted(institutions)[:12]) + (" …" if len(institutions) > 12 else "")
            refs.reader.add_unknown(f, r["_line"], "targets", inst, f"unknown institution id {inst!r}; known: {listed or '(none)'}",
                                    after=("table", "institutions"))
        if stance not in stances:
            refs.reader.add(f, r["_line"], "targets", f"unknown stance {stance!r}; known: {', '.join(stances)}",
                            after=_codebook_root(refs.reader, "stances"))


def rule_claims_do_not_overlap(refs: Refs):
    """CODEBOOK §1.2: claims do not overlap."""
    f = refs.reader.name("claims.csv")
    for found in refs.claim_spans.values():
        end_so_far, holder = -1, None
        for start, end, r in sorted(found, key=lambda s: (s[0], s[1])):
            if holder is not None and start < end_so_far:
                refs.reader.add(f, r["_line"], "start/end",
                                f"claim {r['claim_id']} ({start}–{end}) overlaps claim {holder['claim_id']} (ends {end_so_far}); "
                                "claims do not overlap (CODEBOOK §1.2): shorten one of them, or merge them into one claim")
            if end > end_so_far:
                end_so_far, holder = end, r


def todo_proposed_rows(refs: Refs):
    """Left to do: turns and mentions a tool proposed and nobody confirmed yet."""
    for table in ("turns", "mentions"):
        f = refs.reader.name(f"{table}.csv")
        for r in refs.tables[table]:
            if (r.get("status") or "").strip() == "proposed":
                rid = r["turn_id" if table == "turns" else "mention_id"]
                refs.reader.add(f, r["_line"], "status", f"{table[:-1]} {rid} was proposed by a tool; check it, then run "
                                                         f"`python -m helpers confirm {r.get('doc_id', 'DOC_ID')} --corpus {shown_path(refs.reader.root)}`",
                                "todo")


def todo_answer_turns(refs: Refs):
    """Left to do: answer turns with no claim coded."""
    f = refs.reader.name("turns.csv")
    for r in refs.tables["turns"]:
        turn_id = r["turn_id"].strip()
        if r["kind"].strip() == "answer" and turn_id not in refs.claimed_turns and turn_id in refs.turn_spans:
            refs.reader.add(f, r["_line"], "turn_id", f"answer turn {r['turn_id']} has no claim coded yet "
                                                      "(a turn that only greets or thanks has kind 'greeting')", "todo")


def todo_unused_institutions(refs: Refs):
    """Left to do: institutions that no claim, mention, event or other institution uses."""
    tables = refs.tables
    used = {r["institution_id"].strip() for r in tables["mentions"]}
    used |= {t.partition(":")[0].strip() for r in tables["claims"] for t in split_list(r["targets"])}
    used |= {(r.get("institution_id") or "").strip() for r in tables.get("events") or []}
    used |= {(r.get("parent_id") or "").strip() for r in tables["institutions"]}
    f = refs.reader.name("institutions.csv")
    for inst_id, r in refs.institutions.items():
        if inst_id not in used:
            refs.reader.add(f, r["_line"], "institution_id", f"no claim, mention or event uses {inst_id!r} yet", "todo")


def advise_uncovered_aliases(refs: Refs):
    """Advice: occurrences of an institution's alias in a text that no mention covers."""
    patterns = [(alias, r["institution_id"].strip()) for r in refs.tables["institutions"] for alias in split_list(r["aliases"])]
    if not patterns:
        return
    alternation = "|".join(re.escape(a) for a, _ in sorted(patterns, key=lambda p: -len(p[0])))
    alias_re = re.compile(r"(?<![\w-])(?:" + alternation + r")(?![\w-])")
    owner = dict(patterns)
    for doc_id, text in refs.texts.items():
        spans_here = sorted(refs.mention_spans.get(doc_id, []))
        starts = [s for s, _ in spans_here]
        text_file = refs.reader.name(str(refs.docs[doc_id]["text"]))
        for m in alias_re.finditer(text):
            i = bisect.bisect_right(starts, m.start()) - 1  # the last mention starting at or before the match
            if i < 0 or spans_here[i][1] < m.end():
                refs.reader.add(text_file, text.count("\n", 0, m.start()) + 1, "coverage",
                                f"{m.group()!r} at {m.start()}–{m.end()} is an alias of {owner[m.group()]} "
                                "but no row of mentions.csv covers it", "warning")


CROSS_FILE_RULES = (rule_document_speakers, rule_institution_rows, rule_turns, rule_mentions, rule_claims,
                    rule_claims_do_not_overlap, todo_proposed_rows, todo_answer_turns, todo_unused_institutions,
                    advise_uncovered_aliases)


def check_references(reader: FolderReader, documents, texts, tables, codebook):
    """Cross-file checks: document ids, offsets, quotes, turn coverage, claims; then work left to do."""
    refs = Refs(reader, documents, texts, tables, codebook)
    for rule in CROSS_FILE_RULES:
        rule(refs)
