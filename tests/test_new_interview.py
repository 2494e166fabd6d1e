"""Adding an interview without code: the new-interview, propose-mentions and confirm commands,
and the whole route of instructor/ADDING_AN_INTERVIEW.md from a plain text file to a complete corpus.

The third interview used here is a SOFTWARE TEST FIXTURE, NOT A REAL INTERVIEW: it is the bundled
Mayta seed re-used under a new doc_id and made-up speakers, with a made-up page title line and a
made-up photo caption inserted so that the cleaning of web-page furniture is exercised. It is built
in a temporary folder at test time and never written into corpus/.
"""

import csv
import re
import shutil

import nbformat
import pytest
import yaml

from conftest import CORPUS, ROOT, run_cli, tree_digest
from helpers.new_interview import guess_turns, paragraphs, removed_spans

DOC = "fixture_2021"
INTERVIEWEE, OUTLET = "fixture_interviewee", "fixture_outlet"
TITLE_BAR = "The New International Relations Of Latin America | Fixture Site – News\n"
CAPTION = "Photo: a made-up caption for a software test, not part of any interview.\n"
INSTRUCTOR_NOTEBOOKS = sorted((ROOT / "instructor" / "source").glob("*/*.ipynb"))
CHECK_CALL = re.compile(r"""\bcheck\(\s*["'][\w]+["']\s*,""")


def stream(cell) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


# The commands run in this process (conftest.cli): a new process would prove nothing more here.
from conftest import cli as run_cli  # noqa: E402,F811


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


# ---- the pieces -------------------------------------------------------------------------

def test_cleaning_records_every_deleted_span_and_rebuilds_the_original(tmp_path):
    download, cleaned = make_fixture_files(tmp_path)
    original, text = download.read_text(encoding="utf-8"), cleaned.read_text(encoding="utf-8")
    spans = removed_spans(original, text)
    assert [s["text"] for s in spans][:2] == [TITLE_BAR + "\n", CAPTION + "\n"]
    assert spans[2]["text"].startswith("\nWebsite hosting") and spans[2]["start"] + len(spans[2]["text"]) == len(original)
    rebuilt = text
    for span in spans:
        rebuilt = rebuilt[:span["start"]] + span["text"] + rebuilt[span["start"]:]
    assert rebuilt == original


@pytest.mark.parametrize("cleaned, words", [
    ("Intro.\nThe color is red.\n\nEnd.", r"inside a line.*line 2, column 9"),
    ("Intro.\nThe colour is blue.\n\nEnd.", "line 2, column 15.*Only delete"),
    ("Intro.\nThe colour is red.\n\nAn added line.\n\nEnd.", "line 4, column 1.*Only delete"),
])
def test_cleaning_refuses_anything_but_deleting_whole_lines(cleaned, words):
    with pytest.raises(ValueError, match=words):
        removed_spans("Intro.\nThe colour is red.\n\nEnd.", cleaned)


def test_paragraph_guess_on_the_bundled_interviews():
    """Measured on the bundled corpus (pinned): the first guess gets every paragraph's kind right."""
    turns = rows(CORPUS / "turns.csv")
    for doc_id in ("mayta_2021", "llorenti_2021"):
        text = (CORPUS / "texts" / f"{doc_id}.txt").read_text(encoding="utf-8")
        truth = [t for t in turns if t["doc_id"] == doc_id]
        starts = {int(t["start"]) for t in truth}
        assert starts <= {s for s, _ in paragraphs(text)}, "every turn starts at a paragraph"
        for kind, (start, _) in guess_turns(text):
            assert kind == next(t["kind"] for t in truth if int(t["start"]) <= start < int(t["end"])), (doc_id, start)


def test_commands_refuse_the_bundled_corpus_and_leave_it_untouched(tmp_path):
    _, cleaned = make_fixture_files(tmp_path)
    before = tree_digest(CORPUS)
    for args in (["new-interview", cleaned, "--doc-id", DOC, "--corpus", CORPUS, "--interviewee", INTERVIEWEE, "--outlet", OUTLET],
                 ["confirm", "mayta_2021", "--corpus", CORPUS], ["propose-mentions", "mayta_2021", "--corpus", CORPUS / "texts"]):
        code, out = run_cli(*args)
        assert code == 1 and "bundled corpus" in out and "Traceback" not in out, out
    assert tree_digest(CORPUS) == before


def test_bad_input_gets_a_message_naming_the_file(tmp_path):
    download, cleaned = make_fixture_files(tmp_path)
    corpus = tmp_path / "my_corpus"
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Título\n\n¿Qué?".encode("latin-1"))
    edited = tmp_path / "edited.txt"
    edited.write_text(cleaned.read_text(encoding="utf-8").replace("favorable", "favourable"), encoding="utf-8")
    cases = [([latin1], "latin1.txt:1: the file is not UTF-8"),
             ([tmp_path / "nowhere.txt"], "no such file"),
             ([edited, "--original", download], "edited.txt: the cleaned text, line 29, column 15, reads 'ese are favourable times."),
             ([cleaned, "--doc-id", "Fixture 2021"], "--doc-id 'Fixture 2021'"),
             ([cleaned, "--interviewee", "kawsachun_news"], "'kawsachun_news' is a speaker of kind 'outlet'")]
    for extra, words in cases:
        args = ["new-interview", extra[0], "--corpus", corpus, "--interviewee", INTERVIEWEE, "--outlet", OUTLET, *extra[1:]]
        if "--doc-id" not in extra:
            args += ["--doc-id", DOC]
        code, out = run_cli(*args)
        assert code == 1 and words in out and "Traceback" not in out, out
    assert not corpus.exists(), "nothing is created when the input is refused"
    code, out = run_cli("new-interview", cleaned, "--doc-id", DOC, "--corpus", corpus, "--interviewee", INTERVIEWEE, "--outlet", OUTLET)
    assert code == 0, out
    code, out = run_cli("new-interview", cleaned, "--doc-id", DOC, "--corpus", corpus, "--interviewee", INTERVIEWEE, "--outlet", OUTLET)
    assert code == 1 and f"already a document '{DOC}'" in out


def test_propose_mentions_adds_only_what_is_missing(tmp_path):
    """After a new institution is added to institutions.csv, propose-mentions proposes just its mentions."""
    _, cleaned = make_fixture_files(tmp_path)
    corpus = tmp_path / "my_corpus"
    assert run_cli("new-interview", cleaned, "--doc-id", DOC, "--corpus", corpus, "--interviewee", INTERVIEWEE, "--outlet", OUTLET)[0] == 0
    first = [m for m in rows(corpus / "mentions.csv") if m["doc_id"] == DOC]
    assert first and {m["status"] for m in first} == {"proposed"}
    text = (corpus / "texts" / f"{DOC}.txt").read_text(encoding="utf-8")
    assert all(text[int(m["start"]):int(m["end"])] == m["surface"] for m in first)
    institutions = rows(corpus / "institutions.csv")
    institutions.append({**{k: "" for k in institutions[0]}, "institution_id": "fixture_body", "name": "Fixture body",
                         "aliases": "Foreign Minister", "kind": "national body"})
    write_rows(corpus / "institutions.csv", institutions)
    code, out = run_cli("propose-mentions", DOC, "--corpus", corpus)
    assert code == 0 and "Proposed 1 more mention" in out, out
    again = [m for m in rows(corpus / "mentions.csv") if m["doc_id"] == DOC]
    assert again[:len(first)] == first and again[-1]["surface"] == "Foreign Minister"
    assert run_cli("propose-mentions", DOC, "--corpus", corpus)[1].startswith("Proposed 0 more")


# ---- the whole route of the guide ---------------------------------------------------------

@pytest.fixture(scope="module")
def third_interview(tmp_path_factory):
    """A corpus folder with a third interview added by the guide's route; no offset is written here."""
    from helpers import load_corpus
    from helpers.coder import new_claim, occurrence_of, save_claims

    folder = tmp_path_factory.mktemp("instructor")
    download, cleaned = make_fixture_files(folder)
    corpus = folder / "my_corpus"
    bundled_before = tree_digest(CORPUS)

    # Step: one command starts the interview.
    code, out = run_cli("new-interview", cleaned, "--doc-id", DOC, "--corpus", corpus, "--interviewee", INTERVIEWEE,
                        "--outlet", OUTLET, "--original", download, cwd=folder)
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
    code, out = run_cli("confirm", DOC, "--corpus", corpus)
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


def test_a_third_interview_becomes_a_valid_complete_corpus(third_interview):
    from helpers import load_corpus

    code, out = run_cli("validate", third_interview)
    assert code == 0, out
    code, out = run_cli("validate", third_interview, "--strict")
    assert code == 0, out
    corpus = load_corpus(third_interview)
    assert sorted(corpus.documents.doc_id) == ["fixture_2021", "llorenti_2021", "mayta_2021"]
    mine = corpus.claims[corpus.claims.doc_id == DOC]
    assert mine.claim_id.str.fullmatch(rf"{DOC}_c\d\d+").all()
    answers = corpus.turns[(corpus.turns.doc_id == DOC) & (corpus.turns.kind == "answer")]
    assert set(answers.turn_id) <= set(mine.turn_id)
    assert set(mine.speaker_id) == {INTERVIEWEE, OUTLET}
    for row in mine.itertuples():
        assert corpus.texts[DOC][row.start:row.end] == row.quote
    doc = corpus.documents.set_index("doc_id").loc[DOC]
    seed = (third_interview / doc.seed).read_text(encoding="utf-8")
    rebuilt = corpus.texts[DOC]
    for span in doc.boilerplate["removed"]:
        rebuilt = rebuilt[:span["start"]] + span["text"] + rebuilt[span["start"]:]
    assert rebuilt == seed and CAPTION in seed and CAPTION not in corpus.texts[DOC]
    for name in ("turns.csv", "mentions.csv", "claims.csv", "speakers.csv"):
        assert b"\r\n" not in (third_interview / name).read_bytes(), name
    assert not {r.get("status") for r in rows(third_interview / "turns.csv")} - {"", None}
    assert yaml.safe_load((third_interview / "documents.yaml").read_text(encoding="utf-8"))[-1]["doc_id"] == DOC


# The instructor notebooks run on a corpus holding this third interview in tests/test_answer_key.py,
# which imports the fixture third_interview: one run per notebook checks that they run, read that
# corpus, accept their own solutions, and that the self-check and the grader agree.
