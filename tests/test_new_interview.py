"""Adding an interview without code: the new-interview, propose-mentions and confirm commands,
and the whole route of instructor/ADDING_AN_INTERVIEW.md from a plain text file to a complete corpus.

The third interview used here is a SOFTWARE TEST FIXTURE, NOT A REAL INTERVIEW (tests/interview_route.py
builds it, conftest's ``third_interview`` once per session). The instructor notebooks run on a corpus
holding it in tests/test_answer_key.py.
"""

import pytest
import yaml

from conftest import CORPUS, cli, tree_digest
from interview_route import CAPTION, DOC, INTERVIEWEE, OUTLET, TITLE_BAR, make_fixture_files, rows, write_rows
from helpers.new_interview import guess_turns, paragraphs, removed_spans

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
        code, out = cli(*args)
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
        code, out = cli(*args)
        assert code == 1 and words in out and "Traceback" not in out, out
    assert not corpus.exists(), "nothing is created when the input is refused"
    code, out = cli("new-interview", cleaned, "--doc-id", DOC, "--corpus", corpus, "--interviewee", INTERVIEWEE, "--outlet", OUTLET)
    assert code == 0, out
    code, out = cli("new-interview", cleaned, "--doc-id", DOC, "--corpus", corpus, "--interviewee", INTERVIEWEE, "--outlet", OUTLET)
    assert code == 1 and f"already a document '{DOC}'" in out


def test_propose_mentions_adds_only_what_is_missing(tmp_path):
    """After a new institution is added to institutions.csv, propose-mentions proposes just its mentions."""
    _, cleaned = make_fixture_files(tmp_path)
    corpus = tmp_path / "my_corpus"
    assert cli("new-interview", cleaned, "--doc-id", DOC, "--corpus", corpus, "--interviewee", INTERVIEWEE, "--outlet", OUTLET)[0] == 0
    first = [m for m in rows(corpus / "mentions.csv") if m["doc_id"] == DOC]
    assert first and {m["status"] for m in first} == {"proposed"}
    text = (corpus / "texts" / f"{DOC}.txt").read_text(encoding="utf-8")
    assert all(text[int(m["start"]):int(m["end"])] == m["surface"] for m in first)
    institutions = rows(corpus / "institutions.csv")
    institutions.append({**{k: "" for k in institutions[0]}, "institution_id": "fixture_body", "name": "Fixture body",
                         "aliases": "Foreign Minister", "kind": "national body"})
    write_rows(corpus / "institutions.csv", institutions)
    code, out = cli("propose-mentions", DOC, "--corpus", corpus)
    assert code == 0 and "Proposed 1 more mention" in out, out
    again = [m for m in rows(corpus / "mentions.csv") if m["doc_id"] == DOC]
    assert again[:len(first)] == first and again[-1]["surface"] == "Foreign Minister"
    assert cli("propose-mentions", DOC, "--corpus", corpus)[1].startswith("Proposed 0 more")


# ---- the whole route of the guide ---------------------------------------------------------

def test_a_third_interview_becomes_a_valid_complete_corpus(third_interview):
    from helpers import load_corpus

    code, out = cli("validate", third_interview)
    assert code == 0, out
    code, out = cli("validate", third_interview, "--strict")
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
