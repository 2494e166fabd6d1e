"""The route of instructor/ADDING_AN_INTERVIEW.md, followed by code: a corpus with a third interview.

The third interview built here is a SOFTWARE TEST FIXTURE, NOT A REAL INTERVIEW: it is the bundled
Mayta seed re-used under a new doc_id and made-up speakers, with a made-up page title line and a
made-up photo caption inserted so that the cleaning of web-page furniture is exercised. It is built
in a temporary folder at test time and never written into corpus/. tests/test_new_interview.py checks
the route; conftest's ``third_interview`` fixture builds it once per session for the other tests.
"""

import csv
import re
from pathlib import Path

from conftest import CORPUS, cli, tree_digest

DOC = "fixture_2021"
INTERVIEWEE, OUTLET = "fixture_interviewee", "fixture_outlet"
TITLE_BAR = "The New International Relations Of Latin America | Fixture Site – News\n"
CAPTION = "Photo: a made-up caption for a software test, not part of any interview.\n"


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write_rows(path, table, encoding="utf-8"):
    """Save a table as a spreadsheet program would (the person's edits, not the tool's)."""
    with open(path, "w", newline="", encoding=encoding) as f:
        writer = csv.DictWriter(f, fieldnames=list(table[0]), lineterminator="\r\n" if encoding == "utf-8-sig" else "\n")
        writer.writeheader()
        writer.writerows(table)


def make_fixture_files(folder):
    """The untouched "download" and the copy an instructor cleaned in a text editor by deleting lines."""
    seed = (CORPUS / "seeds" / "000_4cf18b92642a92bd.txt").read_text(encoding="utf-8")
    paragraph = "However, there are those who are making deeper criticism"
    download = TITLE_BAR + "\n" + seed.replace(paragraph, CAPTION + "\n" + paragraph, 1)
    lines = download.splitlines(keepends=True)
    cut = set()
    for i, line in enumerate(lines):
        if line in (TITLE_BAR, CAPTION):
            cut |= {i, i + 1}  # the line and the blank line after it
        if line.startswith("Website"):
            cut |= {i - 1, i}  # the footer's lines and the blank lines before them
    cleaned = "".join(line for i, line in enumerate(lines) if i not in cut)
    (folder / "download.txt").write_text(download, encoding="utf-8")
    (folder / "interview.txt").write_text(cleaned, encoding="utf-8")
    return folder / "download.txt", folder / "interview.txt"


def add_third_interview(folder: Path) -> Path:
    """Follow the guide's route in ``folder``: return a corpus folder with a third interview; no offset is written here."""
    from helpers import load_corpus
    from helpers.coder import new_claim, occurrence_of, save_claims

    download, cleaned = make_fixture_files(folder)
    corpus = folder / "my_corpus"
    bundled_before = tree_digest(CORPUS)

    # Step: one command starts the interview.
    code, out = cli("new-interview", cleaned, "--doc-id", DOC, "--corpus", corpus, "--interviewee", INTERVIEWEE,
                        "--outlet", OUTLET, "--original", download)
    assert code == 0, out
    assert "Still to do" in out and "fill in outlet" in out

    # Step: fill in the marked fields in a text editor, and the speakers in a spreadsheet.
    docs = (corpus / "documents.yaml").read_text(encoding="utf-8")
    for field, value in (("outlet", "Fixture outlet (software test, not a real outlet)"), ("date", "2021"),
                         ("url", "https://example.org/software-test-fixture"), ("rights", "Software test fixture only."),
                         ("boilerplate_note", "A made-up title bar, a made-up photo caption and the site footer.")):
        docs = re.sub(rf'(\n  {field}: )""', rf'\g<1>"{value}"', docs, count=1)
    docs = docs.replace('    - ""   # FILL IN: where the date', '    - "Software test fixture"   # where the date', 1)
    (corpus / "documents.yaml").write_text(docs, encoding="utf-8")
    speakers = rows(corpus / "speakers.csv")
    for row in speakers:
        if row["speaker_id"] in (INTERVIEWEE, OUTLET):
            row.update(name=f"Fixture {row['kind']}", short_name=f"Fixture {row['kind']}",
                       position="software test fixture", source="software test fixture")
    write_rows(corpus / "speakers.csv", speakers)

    # Step: check each proposed paragraph's kind and speaker (here: against the bundled Mayta turns,
    # by the paragraph's words), then confirm.
    bundled = load_corpus(CORPUS)
    mayta_turns = bundled.turns[bundled.turns.doc_id == "mayta_2021"]
    text = (corpus / "texts" / f"{DOC}.txt").read_text(encoding="utf-8")
    turns = rows(corpus / "turns.csv")
    for row in turns:
        if row["doc_id"] == DOC:
            words = text[int(row["start"]):int(row["end"])].strip()
            truth = next(t for t in mayta_turns.itertuples() if words in bundled.turn_text(t.turn_id))
            row["kind"] = truth.kind
            row["speaker_id"] = INTERVIEWEE if truth.speaker_id == "mayta" else OUTLET
    write_rows(corpus / "turns.csv", turns, encoding="utf-8-sig")  # as Excel's "CSV UTF-8": a BOM and CRLF
    code, out = cli("confirm", DOC, "--corpus", corpus)
    assert code == 0 and "17 paragraphs became 11 turns" in out, out

    # Step: code the claims with the coder's Python API (the quotes of the reference coding).
    mine = load_corpus(corpus)
    claims = []
    for claim in bundled.claims.drop_duplicates("claim_id").itertuples():
        if claim.doc_id != "mayta_2021":
            continue
        quote, occurrence = occurrence_of(bundled, "mayta_2021", claim.start, claim.end)
        targets = dict(t.split(":") for t in bundled.claims[bundled.claims.claim_id == claim.claim_id]
                       .dropna(subset=["institution_id"]).apply(lambda r: f"{r.institution_id}:{r.stance}", axis=1))
        claims.append(new_claim(mine, DOC, quote, targets, claim.frame, list(claim.themes),
                                paraphrase=claim.paraphrase.replace("Mayta", "The fixture interviewee"), note=claim.note or "",
                                occurrence=occurrence if quote != claim.quote or bundled.texts["mayta_2021"].count(quote) > 1 else None))
    save_claims(claims, corpus / "claims.csv")
    assert tree_digest(CORPUS) == bundled_before, "nothing was written into the bundled corpus"
    return corpus
