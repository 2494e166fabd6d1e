"""Adding an interview without code: the new-interview, propose-mentions and confirm commands,
and the whole route of instructor/ADDING_AN_INTERVIEW.md from a plain text file to a complete corpus.

The interviews added here are SOFTWARE TEST FIXTURES, NOT REAL INTERVIEWS: the bundled seeds re-used
under new doc_ids and made-up speakers, re-laid out as a person meets published interviews (blank-line
paragraphs, single line breaks, a hard-wrapped transcript with speaker labels and captions, a saved web
page; see tests/layouts.py), with made-up page furniture to clean away. They are built in a temporary
folder at test time and never written into corpus/. The notebooks run once, on the corpus that holds
all of them.
"""

import csv
import re
import shutil

import nbformat
import pytest
import yaml

from conftest import CORPUS, ROOT, run_cli, tree_digest
from layouts import CAPTION, LAYOUTS, TITLE_BAR
from layouts import blank_lines as _blank_lines
from helpers.source_text import removed_spans
from helpers.turns import guess_turns, paragraphs

DOC = "fixture_2021"
INTERVIEWEE, OUTLET = "fixture_interviewee", "fixture_outlet"
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
    return _blank_lines(folder)


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


# A press interview whose first question is a statement (no "?"), as Spanish-language papers often print them.
# SOFTWARE TEST FIXTURE, made up; not a real interview.
STATEMENT_QUESTION = ("A made-up interview for a software test\n\nBogotá, 9 May. The new secretary takes office today.\n\n"
                      "{label}It is a miracle that a Colombian takes office after years of storms.\n\n"
                      "You describe it well. UNASUR is shielded from disputes.\n\n"
                      "Does the plan mean one agenda a year?\n\nI am touring the member countries.\n")


def test_new_interview_prints_its_guesses_and_the_folder_as_typed(tmp_path):
    text = tmp_path / "interview.txt"
    text.write_text(STATEMENT_QUESTION.format(label=""), encoding="utf-8")
    code, out = run_cli("new-interview", "interview.txt", "--doc-id", DOC, "--corpus", "my_corpus",
                        "--interviewee", INTERVIEWEE, "--outlet", OUTLET, cwd=tmp_path)
    assert code == 0, out
    proposed = [r for r in rows(tmp_path / "my_corpus" / "turns.csv") if r["doc_id"] == DOC]
    for r in proposed:  # each row's guess printed as it is in turns.csv, kind per turn, short
        number = r["turn_id"].rsplit("_", 1)[-1]
        assert re.search(rf"^  {number}  {r['kind']} +{r['speaker_id']} +{re.escape(r['opening'])}$", out, re.M), (r, out)
    kinds = [r["kind"] for r in proposed]
    assert kinds == ["title", "introduction", "introduction", "introduction", "question", "answer"]
    assert "Check the introduction (t02–t04): it is every paragraph before the first one that ends with '?'. " \
           "A question put as a statement (no '?')" in out
    # commands to type next name the folder as it was typed, never an absolute path or a placeholder
    assert f"python -m helpers confirm {DOC} --corpus my_corpus" in out
    assert "python -m helpers validate my_corpus" in out and str(tmp_path) not in out, out


@pytest.mark.parametrize("label", ["P: ", "Pregunta: ", "**Q:** "])
def test_a_statement_after_a_question_label_is_guessed_a_question(tmp_path, label):
    kinds = [k for k, _ in guess_turns(STATEMENT_QUESTION.format(label=label), INTERVIEWEE, OUTLET)]
    assert kinds == ["title", "introduction", "question", "answer", "question", "answer"]
    text = tmp_path / "interview.txt"
    text.write_text(STATEMENT_QUESTION.format(label=label), encoding="utf-8")
    code, out = run_cli("new-interview", text, "--doc-id", DOC, "--corpus", tmp_path / "c", "--interviewee",
                        INTERVIEWEE, "--outlet", OUTLET)
    assert code == 0 and f"Speaker label {label.strip(' *:')!r} (1 line(s)) -> outlet (a question label)." in out, out
    assert "Check the introduction" not in out  # a label decided it


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


# ---- the whole route of the guide, once per layout ----------------------------------------

SOURCES = {"blank_lines": "mayta_2021", "single_breaks": "llorenti_2021", "labelled_wrapped": "mayta_2021",
           "html_page": "llorenti_2021"}
FIXTURE_LABELS = re.compile(r"^(Kawsachun News|KN|Rogelio Mayta|RM): ")
# Measured: how many proposed rows a person must correct (kind or speaker), and the turns after confirm.
EXPECTED = {"blank_lines": (17, 0, 11), "single_breaks": (41, 0, 16), "labelled_wrapped": (11, 0, 11),
            "html_page": (41, 0, 16)}


def words(s: str) -> str:
    return " ".join(s.split())


def fill_in(corpus, doc, interviewee, outlet, name):
    """The person fills in the marked fields in a text editor, and the speakers in a spreadsheet."""
    docs = (corpus / "documents.yaml").read_text(encoding="utf-8")
    head, entry = docs.rsplit(f"\n- doc_id: {doc}\n", 1)
    for field, value in (("outlet", "Fixture outlet (software test, not a real outlet)"), ("date", "2021"),
                         ("url", "https://example.org/software-test-fixture"), ("rights", "Software test fixture only."),
                         ("boilerplate_note", "Made-up page furniture around a software test fixture.")):
        entry = re.sub(rf'(\n  {field}: )""', rf'\g<1>"{value}"', "\n" + entry, count=1)[1:]
    entry = entry.replace('    - ""   # FILL IN: where the date', '    - "Software test fixture"   # where the date', 1)
    (corpus / "documents.yaml").write_text(f"{head}\n- doc_id: {doc}\n{entry}", encoding="utf-8")
    speakers = rows(corpus / "speakers.csv")
    for row in speakers:
        if row["speaker_id"] in (interviewee, outlet):
            row.update(name=f"Fixture {name} {row['kind']}", short_name=f"Fixture {name} {row['kind']}",
                       position="software test fixture", source="software test fixture")
    write_rows(corpus / "speakers.csv", speakers)


def add_interview(folder, corpus, layout, bundled):
    """One interview through the guide's route: the commands, the person's edits, the coder's API by quote."""
    from helpers import load_corpus
    from helpers.coder import new_claim, occurrence_of, save_claims

    doc, source = f"fixture_{layout}", SOURCES[layout]
    interviewee, outlet = f"fixture_{layout}_interviewee", f"fixture_{layout}_outlet"
    download, cleaned = LAYOUTS[layout](folder)
    code, out = run_cli("new-interview", cleaned, "--doc-id", doc, "--corpus", corpus, "--interviewee", interviewee,
                        "--outlet", outlet, "--original", download, cwd=folder)
    assert code == 0 and "Still to do" in out and "fill in outlet" in out and "Traceback" not in out, out
    proposed_title = yaml.safe_load((corpus / "documents.yaml").read_text(encoding="utf-8"))[-1]["title"]
    assert proposed_title == bundled.turn_text(bundled.turns[bundled.turns.doc_id == source].turn_id.iloc[0]).strip()

    fill_in(corpus, doc, interviewee, outlet, layout)

    # The person checks each proposed row's kind and speaker (here: against the bundled turns, by their words).
    truth_turns = bundled.turns[bundled.turns.doc_id == source]
    text = (corpus / "texts" / f"{doc}.txt").read_text(encoding="utf-8")
    turns = rows(corpus / "turns.csv")
    corrected = proposed = 0
    for row in turns:
        if row["doc_id"] == doc:
            proposed += 1
            said = FIXTURE_LABELS.sub("", words(text[int(row["start"]):int(row["end"])]))
            truth = next(t for t in truth_turns.itertuples() if said in words(bundled.turn_text(t.turn_id)))
            right = (truth.kind, interviewee if truth.speaker_id in ("mayta", "llorenti") else outlet)
            if (row["kind"], row["speaker_id"]) != right:
                corrected += 1
                row["kind"], row["speaker_id"] = right
    write_rows(corpus / "turns.csv", turns, encoding="utf-8-sig")  # as Excel's "CSV UTF-8": a BOM and CRLF
    code, out = run_cli("confirm", doc, "--corpus", corpus)
    assert code == 0, out
    n_turns = len([t for t in rows(corpus / "turns.csv") if t["doc_id"] == doc])
    assert (proposed, corrected, n_turns) == EXPECTED[layout], (layout, proposed, corrected, n_turns)
    assert f"{proposed} paragraphs became {n_turns} turns" in out

    # The claims, with the coder's Python API: the quotes of the reference coding, no offsets.
    mine = load_corpus(corpus)
    claims = []
    for claim in bundled.claims.drop_duplicates("claim_id").itertuples():
        if claim.doc_id != source:
            continue
        quote, occurrence = occurrence_of(bundled, source, claim.start, claim.end)
        targets = dict(t.split(":") for t in bundled.claims[bundled.claims.claim_id == claim.claim_id]
                       .dropna(subset=["institution_id"]).apply(lambda r: f"{r.institution_id}:{r.stance}", axis=1))
        row = new_claim(mine, doc, quote, targets, claim.frame, list(claim.themes),
                        paraphrase=re.sub("Mayta|Llorenti", "The fixture interviewee", claim.paraphrase), note=claim.note or "",
                        occurrence=occurrence if bundled.texts[source].count(quote) > 1 else None)
        assert words(row["quote"]) == words(claim.quote)
        claims.append(row)
    save_claims(claims, corpus / "claims.csv")
    return doc


@pytest.fixture(scope="module")
def bigger_corpus(tmp_path_factory):
    """A corpus folder with one interview added per layout by the guide's route; no offset is written here."""
    from helpers import load_corpus

    folder = tmp_path_factory.mktemp("instructor")
    corpus = folder / "my_corpus"
    bundled_before = tree_digest(CORPUS)
    bundled = load_corpus(CORPUS)
    added = {}
    for layout in LAYOUTS:
        added[layout] = add_interview(folder, corpus, layout, bundled)
        code, out = run_cli("validate", corpus)
        assert code == 0 and "problem" not in out, (layout, out)
    assert tree_digest(CORPUS) == bundled_before, "nothing was written into the bundled corpus"
    return corpus, added


def test_every_layout_becomes_a_valid_complete_corpus(bigger_corpus):
    from helpers import load_corpus

    folder, added = bigger_corpus
    code, out = run_cli("validate", folder, "--strict")
    assert code == 0 and "is complete: 6 documents" in out, out
    corpus = load_corpus(folder)
    assert sorted(corpus.documents.doc_id) == sorted(["llorenti_2021", "mayta_2021", *added.values()])
    for layout, doc in added.items():
        mine = corpus.claims[corpus.claims.doc_id == doc]
        assert mine.claim_id.str.fullmatch(rf"{doc}_c\d\d+").all()
        answers = corpus.turns[(corpus.turns.doc_id == doc) & (corpus.turns.kind == "answer")]
        assert set(answers.turn_id) <= set(mine.turn_id)
        assert set(mine.speaker_id) == {f"fixture_{layout}_interviewee", f"fixture_{layout}_outlet"}
        for row in mine.itertuples():
            assert corpus.texts[doc][row.start:row.end] == row.quote
        entry = corpus.documents.set_index("doc_id").loc[doc]
        seed = (folder / entry.seed).read_text(encoding="utf-8")
        rebuilt = corpus.texts[doc]
        for span in entry.boilerplate["removed"]:
            rebuilt = rebuilt[:span["start"]] + span["text"] + rebuilt[span["start"]:]
        assert rebuilt == seed, layout
    for name in ("turns.csv", "mentions.csv", "claims.csv", "speakers.csv"):
        assert b"\r\n" not in (folder / name).read_bytes(), name
    assert not {r.get("status") for r in rows(folder / "turns.csv")} - {"", None}


def test_the_saved_web_page_keeps_the_article_and_drops_the_page(bigger_corpus):
    """The extracted text is the record: article paragraphs and labels in, menu, caption, share bar and footer out."""
    folder, added = bigger_corpus
    seed = (folder / "seeds" / f"{added['html_page']}.txt").read_text(encoding="utf-8")
    assert "\nBrasil de Fato: ALBA-TCP issued a statement" in seed and "\nSacha Llorenti : We called" in seed
    for furniture in ("About us", "made-up caption", "Share this", "Privacy policy", "All rights reserved"):
        assert furniture not in seed
    entry = yaml.safe_load((folder / "documents.yaml").read_text(encoding="utf-8"))[-1]
    assert entry["boilerplate"]["removed"] == [] and "extracted from page.html" in (folder / "documents.yaml").read_text(encoding="utf-8")


@pytest.mark.notebooks
def test_the_reading_edition_of_a_bigger_corpus_counts_its_interviews(bigger_corpus, tmp_path):
    """`site --corpus`: the pages say how many interviews this corpus holds, never "both"; no Binder notice."""
    from helpers import load_corpus
    from helpers.site import build

    folder, added = bigger_corpus
    n = len(load_corpus(folder).documents)
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    first = sorted((ROOT / "notebooks").glob("00_*.ipynb"))[0]
    shutil.copy(first, notebooks / first.name)
    said = []
    build(tmp_path / "site", notebooks=notebooks, corpus_path=folder, log=said.append)
    pages = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "site").glob("*.html")}
    note = f"This edition shows the corpus {folder.name}: {n} interviews"
    assert note in pages["index.html"] and note in pages[f"{first.stem}.html"]
    assert f"include all {n} interviews" in pages["index.html"]
    assert "; added: Fixture blank_lines interviewee in Fixture blank_lines outlet, " in pages["index.html"]
    assert f"The coded claims of all {n} interviews in this corpus, with the same filters" in pages["explorer.html"]
    assert not [name for name, text in pages.items() if "both interviews" in text]
    assert not [line for line in said if "OWNER/REPOSITORY" in line], said  # the module publisher's note, not here


# The instructor notebooks run on this corpus (plus a copy of the Mayta interview) in
# tests/test_answer_key.py, which imports the fixture bigger_corpus: one run per notebook checks that
# they run, read that corpus, accept their own solutions, and that the self-check and the grader agree.


# ---- never a half-write, never a traceback ---------------------------------------------------

SMALL = ("A made-up interview for a software test\n\nWhat do you expect of Mercosur, UNASUR and the OAS?\n\n"
         "Mercosur matters to us; UNASUR and the OAS do not.\n")  # SOFTWARE TEST FIXTURE, not a real interview


@pytest.fixture
def small_corpus(tmp_path):
    """A corpus folder with a small made-up interview just started (proposed rows, nothing confirmed)."""
    text = tmp_path / "small.txt"
    text.write_text(SMALL, encoding="utf-8")
    corpus = tmp_path / "my_corpus"
    code, out = run_cli("new-interview", text, "--doc-id", DOC, "--corpus", corpus, "--interviewee", INTERVIEWEE,
                        "--outlet", OUTLET)
    assert code == 0, out
    return corpus


def one_line_refusal(out: str, *words: str) -> None:
    assert "Traceback" not in out and "Error:" not in out, out
    for w in words:
        assert w in out, (w, out)


@pytest.fixture
def make_read_only():
    """Make folders read-only for real: write bits off, and, for root (who ignores them), the immutable attribute."""
    import os
    import subprocess

    done = []

    def lock(folder):
        paths = [folder, *folder.rglob("*")]
        for p in paths:
            p.chmod(p.stat().st_mode & ~0o222)
        probe = folder / ".probe"
        try:
            probe.write_text("x")
            probe.unlink()
            writable = True
        except OSError:
            writable = False
        if writable:  # root
            subprocess.run(["chattr", "+i", *map(str, paths)], check=True, capture_output=True)
            done.extend(paths)
        with pytest.raises(OSError):
            (folder / ".probe").write_text("x")

    yield lock
    if done:
        subprocess.run(["chattr", "-i", *map(str, done)], capture_output=True)
    for p in done:
        if p.exists():
            os.chmod(p, 0o755 if p.is_dir() else 0o644)


def test_a_new_spelling_added_as_an_alias_is_then_proposed(small_corpus):
    """'Mercosur' is not among MERCOSUR's aliases: no mention until the person adds the spelling, then one each."""
    surfaces = [m["surface"] for m in rows(small_corpus / "mentions.csv") if m["doc_id"] == DOC]
    assert "Mercosur" not in surfaces and surfaces.count("OAS") == 2 and surfaces.count("UNASUR") == 2
    code, out = run_cli("propose-mentions", DOC, "--corpus", small_corpus)
    assert code == 0 and "Proposed 0 more" in out, out
    assert "The text says 'Mercosur' (2 time(s), first at line 3, column 23), a spelling of 'MERCOSUR' (institution " \
           "mercosur) that its aliases lack" in out and "'un'" not in out.lower(), out
    institutions = rows(small_corpus / "institutions.csv")
    row = next(r for r in institutions if r["institution_id"] == "mercosur")
    row["aliases"] += "|Mercosur"
    write_rows(small_corpus / "institutions.csv", institutions, encoding="utf-8-sig")  # saved by Excel
    code, out = run_cli("propose-mentions", DOC, "--corpus", small_corpus)
    assert code == 0 and "Proposed 2 more mention" in out and "The text says 'Mercosur'" not in out, out
    new = [m for m in rows(small_corpus / "mentions.csv") if m["doc_id"] == DOC and m["surface"] == "Mercosur"]
    assert [m["institution_id"] for m in new] == ["mercosur", "mercosur"] and {m["status"] for m in new} == {"proposed"}


def test_confirm_checks_everything_first_and_writes_nothing_when_it_refuses(small_corpus):
    mentions = rows(small_corpus / "mentions.csv")
    line = next(i for i, m in enumerate(mentions) if m["doc_id"] == DOC) + 2
    mentions[line - 2]["institution_id"] = "organisation_of_american_states"
    write_rows(small_corpus / "mentions.csv", mentions)
    before = tree_digest(small_corpus)
    code, out = run_cli("confirm", DOC, "--corpus", small_corpus)
    assert code == 1, out
    one_line_refusal(out, "Nothing was changed", f"mentions.csv:{line}: institution_id: 'organisation_of_american_states'")
    assert tree_digest(small_corpus) == before, "a refused confirm wrote nothing: turns, mentions and claims as they were"
    mentions[line - 2]["institution_id"] = "oas"
    write_rows(small_corpus / "mentions.csv", mentions)
    code, out = run_cli("confirm", DOC, "--corpus", small_corpus)
    assert code == 0 and "3 paragraphs became 3 turns" in out, out
    assert not [f for f in small_corpus.iterdir() if f.name.endswith(".tmp")], "no temporary file is left behind"


def test_read_only_folders_get_one_line_and_no_change(small_corpus, tmp_path, make_read_only):
    text = tmp_path / "small.txt"
    locked_parent = tmp_path / "locked"
    locked_parent.mkdir()
    make_read_only(small_corpus)
    make_read_only(locked_parent)
    before = tree_digest(small_corpus)
    for args in (["propose-mentions", DOC, "--corpus", small_corpus],
                 ["confirm", DOC, "--corpus", small_corpus],
                 ["new-interview", text, "--doc-id", "another_2021", "--corpus", small_corpus, "--interviewee", "x_person",
                  "--outlet", "x_outlet"],
                 ["new-interview", text, "--doc-id", DOC, "--corpus", locked_parent / "my_corpus", "--interviewee",
                  INTERVIEWEE, "--outlet", OUTLET]):
        if args[0] == "propose-mentions":  # give it something to write
            pass
        code, out = run_cli(*args)
        if args[0] == "propose-mentions" and code == 0:
            assert "Proposed 0 more" in out  # nothing to add: nothing written, no error
            continue
        assert code == 1, (args, out)
        one_line_refusal(out, "cannot write there", "Nothing was changed")
        assert str(small_corpus) in out or str(locked_parent) in out, out
    assert tree_digest(small_corpus) == before
    assert list(locked_parent.iterdir()) == []


def test_files_that_are_not_utf8_or_are_folders_or_unknown_ids_get_one_line(small_corpus, tmp_path):
    text = tmp_path / "small.txt"
    cases = []
    latin1 = tmp_path / "latin1_turns.csv"
    latin1.write_bytes((small_corpus / "turns.csv").read_text(encoding="utf-8").replace("Bolivia’s", "Bolivia's")
                       .encode("utf-8").replace(b"A made-up", "Título made-up".encode("latin-1")))
    for name, args, words in [
        ("turns.csv", ["confirm", DOC, "--corpus", small_corpus], ["turns.csv:", "is not UTF-8", "save it with the encoding 'UTF-8'"]),
        ("institutions.csv", ["propose-mentions", DOC, "--corpus", small_corpus], ["institutions.csv:", "is not UTF-8"]),
        ("documents.yaml", ["confirm", DOC, "--corpus", small_corpus], ["documents.yaml:", "is not UTF-8"]),
    ]:
        original = (small_corpus / name).read_bytes()
        (small_corpus / name).write_bytes(original + "\nÉ,ñ\n".encode("latin-1"))
        cases.append((name, args, words, original))
    for name, args, words, original in cases:
        for other, _, _, good in cases:  # one broken file at a time
            (small_corpus / other).write_bytes(good if other != name else good + "\nÉ,ñ\n".encode("latin-1"))
        before = tree_digest(small_corpus)
        code, out = run_cli(*args)
        assert code == 1, out
        one_line_refusal(out, *words)
        assert tree_digest(small_corpus) == before
    for name, _, _, good in cases:
        (small_corpus / name).write_bytes(good)
    before = tree_digest(small_corpus)
    a_file = tmp_path / "a_file.txt"
    a_file.write_text("x", encoding="utf-8")
    for args, words in [
        (["new-interview", tmp_path, "--doc-id", "another_2021", "--corpus", small_corpus, "--interviewee", "x_person",
          "--outlet", "x_outlet"], [f"{tmp_path}: is a folder, not a file"]),
        (["new-interview", text, "--original", tmp_path, "--doc-id", "another_2021", "--corpus", small_corpus,
          "--interviewee", "x_person", "--outlet", "x_outlet"], [f"{tmp_path}: is a folder, not a file (the original download)"]),
        (["new-interview", text, "--doc-id", "another_2021", "--corpus", a_file, "--interviewee", "x_person",
          "--outlet", "x_outlet"], [f"{a_file}: is a file, not a folder"]),
        (["confirm", DOC, "--corpus", a_file], [f"{a_file}: is a file, not a folder"]),
        (["confirm", "no_such_2021", "--corpus", small_corpus], ["no document 'no_such_2021'", f"{DOC}", "mayta_2021"]),
        (["propose-mentions", "no_such_2021", "--corpus", small_corpus], ["no document 'no_such_2021'", "Check the spelling"]),
    ]:
        code, out = run_cli(*args)
        assert code == 1, (args, out)
        one_line_refusal(out, *words)
    assert tree_digest(small_corpus) == before


def test_long_text_with_few_turns_gets_a_warning_naming_the_cause(tmp_path):
    """A copy that lost its line breaks: one paragraph for the whole interview, and the command says why."""
    seed = (CORPUS / "texts" / "mayta_2021.txt").read_text(encoding="utf-8")
    flat = seed.split("\n", 1)[0] + "\n" + " ".join(seed.split("\n", 1)[1].split("\n\n"))
    text = tmp_path / "flat.txt"
    text.write_text(flat, encoding="utf-8")
    code, out = run_cli("new-interview", text, "--doc-id", DOC, "--corpus", tmp_path / "c", "--interviewee", INTERVIEWEE,
                        "--outlet", OUTLET)
    assert code == 0 and "WARNING: Only 2 turn(s)" in out and "no line breaks" in out, out
    title = yaml.safe_load((tmp_path / "c" / "documents.yaml").read_text(encoding="utf-8"))[-1]["title"]
    assert title == "The New International Relations Of Latin America: Interview"
    inline = tmp_path / "inline.txt"
    inline.write_text("Title\n" + " ".join(f"RT: Question {i} about the region? RP: Answer {i} is long enough to "
                                            "matter here." for i in range(40)), encoding="utf-8")
    code, out = run_cli("new-interview", inline, "--doc-id", "inline_2021", "--corpus", tmp_path / "c",
                        "--interviewee", INTERVIEWEE, "--outlet", OUTLET)
    assert code == 0 and "WARNING" in out and "Speaker labels such as 'RP:' stand inside lines" in out, out


def test_an_exercise_about_the_two_speakers_ignores_an_added_interview(small_corpus):
    """Exercise 5.3 asks about Mayta's and Llorenti's UNASUR claims: a new speaker critical of UNASUR changes
    neither the answer nor the instructor solution's acceptance."""
    import json

    from helpers import load_corpus
    from helpers.checks import is_correct
    from helpers.coder import new_claim, save_claims

    fill_in(small_corpus, DOC, INTERVIEWEE, OUTLET, "small")
    assert run_cli("confirm", DOC, "--corpus", small_corpus)[0] == 0
    claim = new_claim(load_corpus(small_corpus), DOC, "UNASUR and the OAS do not", {"unasur": "critical", "oas": "critical"},
                      "diagnostic", ["integration"],
                      paraphrase="The fixture interviewee says that UNASUR and the OAS do not matter to them.")
    save_claims([claim], small_corpus / "claims.csv")
    corpus = load_corpus(small_corpus)
    assert "critical" in set(corpus.select_claims(institution="unasur").stance)
    nb = json.loads((ROOT / "instructor/source/05_the_alternatives/05_the_alternatives.ipynb").read_text(encoding="utf-8"))
    solution = next("".join(c["source"]) for c in nb["cells"] if "answer_5_3 = corpus" in "".join(c["source"]))
    scope = {"corpus": corpus}
    exec(solution.split("### BEGIN SOLUTION")[1].split("### END SOLUTION")[0], scope)
    assert scope["answer_5_3"] == "supportive" and is_correct("05_unasur_stance", scope["answer_5_3"], corpus)


@pytest.mark.notebooks
def test_the_reading_edition_shows_the_corpus_it_is_given(small_corpus, tmp_path):
    """site --corpus: the notebooks run on that corpus (their kernels read it) and the explorer page holds it."""
    from helpers.site import build

    from helpers import load_corpus
    from helpers.coder import new_claim, save_claims

    fill_in(small_corpus, DOC, INTERVIEWEE, OUTLET, "small")
    assert run_cli("confirm", DOC, "--corpus", small_corpus)[0] == 0
    save_claims([new_claim(load_corpus(small_corpus), DOC, "Mercosur matters to us", {"mercosur": "supportive"},
                           "diagnostic", ["integration"], paraphrase="The fixture interviewee values MERCOSUR.")],
                small_corpus / "claims.csv")
    folder = tmp_path / "notebooks"
    folder.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 0 · Probe\n\nA one-cell notebook for a test."),
                nbformat.v4.new_code_cell("from helpers import load_corpus\nprint('DOCUMENTS', sorted(load_corpus().texts))")]
    nbformat.write(nb, folder / "00_probe.ipynb")
    out = tmp_path / "site"
    build(out, notebooks=folder, corpus_path=small_corpus, log=lambda *_: None)
    page = (out / "00_probe.html").read_text(encoding="utf-8")
    assert DOC in page and "mayta_2021" in page, "the notebook's kernel read the corpus given"
    assert "Mercosur matters to us" in (out / "explorer.html").read_text(encoding="utf-8"), "the explorer holds the new claim"
    code, output = run_cli("site", tmp_path / "other", "--corpus", tmp_path / "nowhere")
    assert code == 1 and "Traceback" not in output and "nowhere" in output, output


# ---- speaker labels of every common kind (made-up two-exchange transcripts) -----------------

LABELLED = {
    "q_a": ("Q: What is UNASUR for, in your\nview, today?\nA: It is the union of our\npeoples.\n"
            "Q: And the OAS?\nA: It must change.\n", None),
    "q_dot": ("Q. What is UNASUR for?\nA. It is the union of our peoples.\nQ. And the OAS?\nA. It must change.\n", None),
    "spanish": ("P: ¿Para qué sirve la Unasur?\nR: Es la unión de nuestros\npueblos.\nP: ¿Y la OEA?\nR: Debe cambiar.\n", None),
    "spanish_words": ("Pregunta: ¿Para qué sirve la Unasur?\nRespuesta: Es la unión de nuestros pueblos.\n"
                      "Pregunta: ¿Y la OEA?\nRespuesta: Debe cambiar.\n", None),
    "portuguese": ("Pergunta: Para que serve a Unasul?\nResposta: É a união dos nossos povos.\n"
                   "Pergunta: E a OEA?\nResposta: Deve mudar.\n", None),
    "interviewer_name": ("Interviewer: What is UNASUR for?\nMaría José Pérez: It is the union of our peoples,\n"
                         "and it will last.\nInterviewer: And the OAS?\nMaría José Pérez: It must change.\n", "perez"),
    "markdown_bold": ("**Teresa Lima:** What is UNASUR for?\n**Jorge Ruiz:** It is the union of our peoples, as we\n"
                      "have always said in every forum.\n**Teresa Lima:** And the OAS?\n**Jorge Ruiz:** It must change, "
                      "and it will have to change soon.\n", None),
    "outlet_and_initials": ("RT: What is UNASUR for?\nRicardo Patiño: It is the union of\nour peoples.\n"
                            "RT: And the OAS?\nRP: It must change.\n", "patino"),
}


@pytest.mark.parametrize("name", LABELLED)
def test_speaker_labels_of_every_common_kind(name):
    """Each labelled line starts a turn; wrapped lines join it; the outlet asks, the interviewee answers."""
    from helpers.turns import Layout

    body, interviewee = LABELLED[name]
    text = "A made-up transcript for a software test\n" + body
    layout = Layout(text, interviewee, "rt" if name == "outlet_and_initials" else "fixture_outlet")
    turns = layout.turns()
    assert [(kind, who) for kind, who, _ in turns] == [("title", "outlet")] + [
        ("question", "outlet"), ("answer", "interviewee")] * 2, (name, turns, layout.report())
    assert "".join(text[s:e] for _, _, (s, e) in turns) == text, "the turns cover the text exactly, unchanged"
    assert layout.layout.startswith("speaker labels") and any("-> interviewee" in line for line in layout.report())
    assert layout.title() == "A made-up transcript for a software test"


@pytest.mark.parametrize("separator", ["\n\n", "\n"], ids=["blank_lines", "no_blank_lines"])
@pytest.mark.parametrize("doc_id", ["mayta_2021", "llorenti_2021"])
def test_hard_wrapped_text_without_labels_never_joins_two_turns(doc_id, separator):
    """The bundled texts hard-wrapped at 72 characters, with and without blank lines between paragraphs:
    every turn of the reference coding starts a proposed row (the person cannot split a row; extra rows
    of one turn are joined by confirm)."""
    from helpers.turns import Layout
    from layouts import wrap

    text = (CORPUS / "texts" / f"{doc_id}.txt").read_text(encoding="utf-8")
    paragraphs_ = text.split("\n\n")
    wrapped = separator.join(wrap(p) for p in paragraphs_)
    at, old_at, moved = 0, 0, {}
    for p in paragraphs_:
        moved[old_at] = at
        at, old_at = at + len(wrap(p)) + len(separator), old_at + len(p) + 2
    starts = {s for s, _, _ in Layout(wrapped).units}
    truth = [int(t["start"]) for t in rows(CORPUS / "turns.csv") if t["doc_id"] == doc_id]
    assert all(moved[s] in starts for s in truth)
    assert len(starts) <= 3 * len(truth), "and not every line: wrapped lines are joined"


def test_a_saved_web_page_extracted_then_cleaned_is_checked_against_its_article_text(tmp_path):
    """Guide step 1b with cleaning: extract the article, delete a line from a copy, give the page as --original."""
    page, _ = LAYOUTS["html_page"](tmp_path)
    download = tmp_path / "download.txt"
    code, out = run_cli("extract", page, download)
    assert code == 0 and "Do not change it" in out, out
    assert run_cli("extract", page, download)[0] == 1, "the download is never overwritten"
    article = download.read_text(encoding="utf-8")
    intro = next(line for line in article.splitlines(keepends=True) if line.startswith("Llorenti was one of the officials"))
    cleaned = tmp_path / "interview.txt"
    cleaned.write_text(article.replace(intro, ""), encoding="utf-8")
    corpus = tmp_path / "my_corpus"
    code, out = run_cli("new-interview", cleaned, "--original", page, "--doc-id", DOC, "--corpus", corpus,
                        "--interviewee", INTERVIEWEE, "--outlet", OUTLET)
    assert code == 0 and "1 removed span(s) recorded" in out and "extracted from page.html" in out, out
    assert (corpus / "seeds" / f"{DOC}.txt").read_text(encoding="utf-8") == article
    entry = yaml.safe_load((corpus / "documents.yaml").read_text(encoding="utf-8"))[-1]
    assert entry["boilerplate"]["removed"] == [{"start": article.index(intro), "text": intro}]


def test_a_web_page_without_trafilatura_gets_a_message_saying_what_to_install(tmp_path, monkeypatch):
    import sys

    from helpers.new_interview import NewInterviewError
    from helpers.source_text import extract_text

    page, _ = LAYOUTS["html_page"](tmp_path)
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # as if it were not installed
    with pytest.raises(NewInterviewError, match=r"page.html: reading a saved web page needs trafilatura.*"
                                                r"pip install -r requirements-dev.txt"):
        extract_text(page)
