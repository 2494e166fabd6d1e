"""The claim coder with the input the world gives: institutions as the text names them, themes in the
person's order, two writers at once, files and folders it cannot use, and arguments of the wrong type.

Each refused write is checked to leave every file as it was.
"""

import csv
import multiprocessing
import os
import re
import time

import pytest

import helpers.coding as coding_module
from conftest import CORPUS, cli, tree_digest
from helpers import load_corpus
from helpers.coder import coder, codebook_rules, load_coding, locate, new_claim, save_claims
from helpers.coding import add_alias, add_institution, suggest_institutions
from helpers.quotes import occurrences
from helpers.reader import reader

QUOTE = "the OAS has been useless"


@pytest.fixture
def fresh():
    return load_corpus(CORPUS)


def _rows(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def _edit(path, institution_id, **values):
    """Change cells of one row of a corpus CSV (as an instructor would in a spreadsheet)."""
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        header, rows = reader.fieldnames, list(reader)
    for row in rows:
        if row[header[0]] == institution_id:
            row.update(values)
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return rows


# ---- a coder that knows the corpus's institutions -----------------------------------------------------

def test_institutions_are_found_by_the_words_the_text_uses(corpus_copy):
    corpus = load_corpus(corpus_copy)
    add_institution(corpus, "un_security_council", "United Nations Security Council", "organ", acronym="UNSC")
    assert suggest_institutions(corpus, "Security Council") == ["un_security_council"]
    assert suggest_institutions(corpus, "security council")[0] == "un_security_council"
    assert suggest_institutions(corpus, "UNSC") == ["un_security_council"]
    assert suggest_institutions(corpus, "Organisation of American States")[0] == "oas"  # British spelling
    assert suggest_institutions(corpus, "the Celac") == ["celac"]
    assert suggest_institutions(corpus, "Bank of the South") == []  # nothing close: the form is next
    with pytest.raises(ValueError, match=r"Did you mean un_security_council \(United Nations Security Council\)\?"):
        new_claim(corpus, "mayta_2021", QUOTE, {"Security Council": "critical"}, "diagnostic", ["integration"])


def test_the_coder_offers_close_institutions_before_a_new_one_and_adds_the_spelling_as_an_alias(corpus_copy, tmp_path):
    # An instructor's corpus whose aliases lack the spelling the text uses, with the mention not yet made.
    _edit(corpus_copy / "institutions.csv", "un_hrc", aliases="United Nations Human Rights Council")
    mentions = _rows(corpus_copy / "mentions.csv")
    with open(corpus_copy / "mentions.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(mentions[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(m for m in mentions if m["surface"] != "Human Rights Council")
    corpus = load_corpus(corpus_copy)
    c = coder(corpus, "llorenti_2021", save_to=corpus_copy / "claims.csv")
    row = c.rows[0]
    row.institution.value = "Human Rights Council"
    labels = [b.description for b in row.choices.children]
    assert labels[0] == "un_hrc — United Nations Human Rights Council"
    assert labels[-1] == "None of these: a new institution"  # the suggestion comes before "add new"
    assert "add_institution(" not in row.about.value and c.new_institution.layout.display == "none"
    row.choices.children[0].click()
    assert row.institution_id() == "un_hrc"
    offer = [b for b in row.choices.children if b.description.startswith("Add “Human Rights Council”")]
    assert len(offer) == 1
    offer[0].click()
    assert "Added “Human Rights Council” to the aliases of un_hrc" in c.status.value
    assert "Human Rights Council" in load_corpus(corpus_copy).institutions.set_index("institution_id").aliases["un_hrc"].split("|")
    assert row.choices.children == ()  # offered once
    code, out = cli("propose-mentions", "llorenti_2021", "--corpus", corpus_copy)
    assert code == 0, out
    proposed = [m for m in _rows(corpus_copy / "mentions.csv") if m.get("status") == "proposed"]
    assert [(m["institution_id"], m["surface"]) for m in proposed] == [("un_hrc", "Human Rights Council")]


def test_an_unknown_institution_opens_the_new_institution_form_with_its_name(corpus_copy):
    c = coder(load_corpus(corpus_copy), "mayta_2021", save_to=corpus_copy / "claims.csv")
    for typed in ("B", "Ba", "Bank of the South"):  # letter by letter, as the box reports them: the form stays closed
        c.rows[0].institution.value = typed
        assert c.new_institution.layout.display == "none", typed
    assert [b.description for b in c.rows[0].choices.children] == ["Add a new institution"]
    assert "press “Add a new institution” to open the New institution form" in c.rows[0].about.value
    c.rows[0].choices.children[0].click()
    assert c.new_institution.layout.display == "flex" and c.inst_name.value == "Bank of the South"
    close = c.new_institution.children[-1].children[-1]
    assert close.description == "Close"
    close.click()
    assert c.new_institution.layout.display == "none"


def test_an_organ_is_offered_as_a_new_institution_with_its_parent_not_as_an_alias(corpus_copy):
    # The text names an organ with its parent's acronym in it ("ALBA Social Council"). Here the list knows the
    # organ by other words only, as an instructor's list may: the coder suggests the parent among others; picking
    # the parent offers the alias, with the note that an organ is not its parent, and the organ route.
    spelling = "ALBA Social Council"
    assert spelling in (corpus_copy / "texts" / "llorenti_2021.txt").read_text(encoding="utf-8")
    _edit(corpus_copy / "institutions.csv", "alba_social_council", label="", aliases="Social Council of the Alliance")
    corpus = load_corpus(corpus_copy)
    c = coder(corpus, "llorenti_2021", save_to=corpus_copy / "claims.csv")
    row = c.rows[0]
    row.institution.value = spelling
    assert "Organ vs parent body" in row.about.value and "None of these: a new institution" in row.about.value
    row._pick("alba")
    labels = [b.description for b in row.choices.children]
    assert labels[:2] == [f"Add “{spelling}” to the aliases of alba", f"“{spelling}” is a part of alba: a new institution"]
    note = row.choices.children[2].value
    assert "only if “ALBA Social Council” is another spelling, acronym or translation of alba itself" in note
    assert "An organ or body of it" in note and "CODEBOOK.md §6, Organ vs parent body" in note
    before = (corpus_copy / "institutions.csv").read_bytes()
    row.choices.children[1].click()  # a part of alba: the form, filled in
    assert (corpus_copy / "institutions.csv").read_bytes() == before  # nothing written until Add institution
    assert c.new_institution.layout.display == "flex"
    assert (c.inst_name.value, c.inst_kind.value, c.inst_parent.value) == (spelling, "organ", "alba")
    c.inst_id.value = "alba_social_council_2"  # a second id for the same organ: only what the form writes is tested
    c.inst_add.click()
    assert "Added alba_social_council_2" in c.status.value, c.status.value
    added = _rows(corpus_copy / "institutions.csv")[-1]
    assert (added["institution_id"], added["kind"], added["parent_id"]) == ("alba_social_council_2", "organ", "alba")
    assert spelling not in load_corpus(corpus_copy).institutions.set_index("institution_id").aliases["alba"]
    with pytest.raises(ValueError, match=r"parent_id: 'nato' is not in institutions.csv"):
        add_institution(load_corpus(corpus_copy), "x_body", "X body", "organ", parent_id="nato")


def test_a_spelling_is_never_written_into_the_bundled_corpus(fresh, tmp_path):
    before = tree_digest(CORPUS)
    c = coder(fresh, "llorenti_2021", save_to=tmp_path / "mine.csv")
    c.rows[0].institution.value = "Celac"  # an alias already; and the bundled list is read-only anyway
    assert c.rows[0].choices.children == ()
    with pytest.raises(ValueError, match="bundled corpus/ is read-only"):
        add_alias(fresh, "mercosur", "Mercosur")
    assert tree_digest(CORPUS) == before


# ---- themes in the person's order, the speaker's name, the codebook's rules ------------------------------

def test_themes_keep_the_order_given_everywhere(corpus_copy):
    corpus = load_corpus(corpus_copy)
    row = new_claim(corpus, "llorenti_2021", "This is a good time to resume them.", {"alba": "supportive"},
                    "motivational", ["multilateralism", "integration"], "Llorenti says now is the time.")
    assert row["themes"] == "multilateralism|integration"
    save_claims([row], corpus_copy / "claims.csv")
    again = load_corpus(corpus_copy)  # validate keeps the order too
    assert again.claims.set_index("claim_id").themes[row["claim_id"]] == ("multilateralism", "integration")
    with pytest.raises(ValueError, match="themes: integration is listed twice"):
        new_claim(corpus, "llorenti_2021", "This is a good time to resume them.", {}, "motivational",
                  ["integration", "integration"])
    with open(corpus_copy / "claims.csv", "a", encoding="utf-8", newline="") as f:  # by hand, in a spreadsheet
        f.write(f"x_c99,llorenti_2021,{row['turn_id']},llorenti,0,0,,p,,diagnostic,integration|integration,\n")
    code, out = cli("validate", corpus_copy)
    assert code == 1 and re.search(r"claims.csv:\d+: themes: integration is listed twice; give each theme once, "
                                   r"the most central first", out)


def test_the_coder_saves_themes_in_the_order_ticked_and_names_the_speaker(fresh, tmp_path):
    path = tmp_path / "mine.csv"
    c = coder(fresh, "llorenti_2021", save_to=path)
    assert c.paraphrase.placeholder == "Llorenti argues that …"
    c.reader.document.value = "mayta_2021"
    assert c.paraphrase.placeholder == "Mayta argues that …"
    c.quote.value = QUOTE
    c.find.click()
    for theme in ("pandemic_health", "multilateralism", "integration"):
        c.themes[theme].value = True
    c.themes["multilateralism"].value = False
    c.themes["multilateralism"].value = True
    assert "1. pandemic_health, 2. integration, 3. multilateralism" in c.theme_order_note.value
    c.frame.value = "diagnostic"
    c.add.click()
    assert "paraphrase: write one neutral line (&quot;Mayta argues that …&quot;)" in c.status.value
    c.paraphrase.value = "Mayta says the OAS was useless in the pandemic."
    c.add.click()
    assert load_coding(path).themes.tolist() == ["pandemic_health|integration|multilateralism"]


def test_each_choice_shows_the_codebook_rule_that_decides_it(fresh, tmp_path):
    c = coder(fresh, "llorenti_2021", save_to=tmp_path / "mine.csv")
    rules = codebook_rules()
    c.rows[0].institution.value = "celac"
    c.rows[0].stance.value = "supportive"
    about = c.rows[0].about.value
    assert "CODEBOOK.md §3.2.5" in about and "said with regret" in about  # the hard case, not only the definition
    c.frame.value = "prognostic"
    assert "CODEBOOK.md §4.2" in c.frame_about.value
    c.themes["sovereignty"].value = True
    assert "CODEBOOK.md §5 sovereignty" in c.theme_order_note.value  # what the theme includes and excludes
    assert rules["5 sovereignty"]["title"][:30] in c.theme_order_note.value
    c.rows[0].institution.value = "alba_secretariat"
    assert "§6 Organ vs parent body" in c.rows[0].about.value


def test_codebook_rules_say_when_a_corpus_has_no_codebook(corpus_copy):
    (corpus_copy / "CODEBOOK.md").unlink()
    with pytest.warns(UserWarning, match=r"has no CODEBOOK.md: the rules shown are those of the bundled"):
        rules = codebook_rules(corpus_copy)
    assert "3.2.5" in rules
    with pytest.raises(ValueError, match=r"nowhere.md: cannot be read as the codebook"):
        codebook_rules(corpus_copy / "nowhere.md")
    (corpus_copy / "CODEBOOK.md").write_text("# Mine\n\n### 4. Frames\n\n1. **`diagnostic`: only <!-- this "
                                             "<script>alert(1)</script>.**\n", encoding="utf-8")
    assert codebook_rules(corpus_copy)["4.1"]["title"].startswith("`diagnostic`: only <!--")  # the corpus's own
    c = coder(load_corpus(corpus_copy), "mayta_2021", save_to=corpus_copy / "mine.csv")
    c.frame.value = "diagnostic"
    assert "CODEBOOK.md §4.1</i>: <code>diagnostic</code>: only &lt;!-- this &lt;script&gt;" in c.frame_about.value
    assert "<script" not in c.frame_about.value and "<!--" not in c.frame_about.value


# ---- a refused claim uses no id -------------------------------------------------------------------------

def test_a_refused_claim_uses_no_id(corpus_copy):
    instructor = coder(load_corpus(corpus_copy), "mayta_2021", save_to=corpus_copy / "claims.csv")
    before = (corpus_copy / "claims.csv").read_bytes()

    def code(quote, frame="prognostic"):
        instructor.quote.value = quote
        instructor.find.click()
        instructor.frame.value = frame
        instructor.themes["integration"].value = True
        instructor.paraphrase.value = "Mayta says Bolivia pushes CELAC forward."
        instructor.add.click()

    code("Now we are pushing forward")  # overlaps mayta_c17
    assert "overlaps claim mayta_c17" in instructor.status.value
    assert (corpus_copy / "claims.csv").read_bytes() == before
    code("Thank you Minister for your time.", "diagnostic")  # the closing thanks, coded by no claim
    assert "Saved mayta_2021_c01" in instructor.status.value


# ---- finding a quote: linear --------------------------------------------------------------------------

def test_a_long_quote_that_does_not_match_is_refused_at_once(fresh):
    text = fresh.texts["mayta_2021"]
    quote = (text * 2)[:10_000]
    quote = quote[:5_000] + "#" + quote[5_001:]
    began = time.perf_counter()
    with pytest.raises(ValueError, match="was not found in mayta_2021") as info:
        locate(fresh, "mayta_2021", quote)
    assert time.perf_counter() - began < 5  # was minutes; the benchmark reports the real figure
    assert "The closest passages are" in str(info.value) and len(str(info.value)) < 12_000


def test_lenient_matching_maps_back_to_the_exact_characters(fresh):
    text = "He said “no”  —\nand\u00a0left."
    assert occurrences(text, 'said "no" - and left') == [(3, len(text) - 1)]
    assert occurrences(text, "said no") == []


# ---- saves with two writers ------------------------------------------------------------------------

def _writer(path, n, barrier):
    corpus = load_corpus(CORPUS)
    barrier.wait()
    for _ in range(n):
        row = new_claim(corpus, "mayta_2021", QUOTE, {"oas": "critical"}, "diagnostic", ["integration"], "x")
        save_claims([row], path)


def test_two_processes_saving_at_once_make_no_duplicate_id_and_lose_no_row(tmp_path):
    path, n = tmp_path / "shared.csv", 40
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    workers = [context.Process(target=_writer, args=(path, n, barrier)) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
        assert w.exitcode == 0
    ids = [r["claim_id"] for r in _rows(path)]
    assert len(ids) == 2 * n and len(set(ids)) == 2 * n
    assert path.read_bytes().count(b"claim_id,doc_id") == 1
    assert not list(tmp_path.glob(".*.lock"))


def test_a_lock_left_by_a_stopped_program_is_cleared_and_a_live_one_waited_for(fresh, tmp_path, monkeypatch):
    path = tmp_path / "mine.csv"
    lock = tmp_path / ".mine.csv.lock"
    lock.write_text("")
    os.utime(lock, (time.time() - 3600, time.time() - 3600))
    save_claims([new_claim(fresh, "mayta_2021", QUOTE, {}, "diagnostic", ["integration"], "x")], path)
    assert len(load_coding(path)) == 1 and not lock.exists()
    lock.write_text("")
    monkeypatch.setattr(coding_module, "LOCK_WAIT", 0.2)
    before = path.read_bytes()
    with pytest.raises(ValueError, match=r"mine.csv: another program has been saving to it .* Try again"):
        save_claims([new_claim(fresh, "mayta_2021", QUOTE, {}, "diagnostic", ["integration"], "x")], path)
    assert path.read_bytes() == before


# ---- files and folders it cannot use: one line naming the file and what to do ---------------------------------

def test_a_file_that_cannot_be_written_is_refused_in_one_line_and_left_as_it_was(fresh, tmp_path, monkeypatch):
    """A read-only folder or file system (errno 30), as on a shared drive or a read-only mount: simulated at
    os.open, where every write of the coder starts (the tests run as root, whom file permissions do not stop)."""
    path = tmp_path / "mine.csv"
    save_claims([new_claim(fresh, "mayta_2021", QUOTE, {}, "diagnostic", ["integration"], "x")], path)
    before = path.read_bytes()
    real_open = os.open

    def read_only(file, flags, *args, **kwargs):
        if flags & (os.O_WRONLY | os.O_RDWR):
            raise OSError(30, "Read-only file system", str(file))
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    c = coder(fresh, "mayta_2021", save_to=path)
    c.quote.value = "Thank you Minister for your time"
    c.find.click()
    c.occurrence.value = c.occurrence.options[-1][1]
    c.frame.value, c.paraphrase.value = "diagnostic", "Mayta thanks the host."
    c.themes["integration"].value = True
    c.add.click()
    assert "mine.csv: cannot be written (Read-only file system). Save to a file in a folder you can write to" \
        in c.status.value
    assert "Errno" not in c.status.value and path.read_bytes() == before
    monkeypatch.undo()
    c.add.click()  # the id was not used up by the refusal
    assert "Saved mayta_2021_c02" in c.status.value


@pytest.mark.parametrize("content, words", [
    ("claim_id,doc_id\nx,caf\xe9\n".encode("latin-1"), r"mine.csv:2: is not UTF-8 text \(byte 0xe9\)\. Save it again as UTF-8"),
    (b"claim_id;doc_id;turn_id;speaker_id;start;end;quote;paraphrase;targets;frame;themes;note\n",
     r"mine.csv:1: header: is not a claims file \(its columns are separated by ';'"),
    (b"a,b\n1,2\n", r"mine.csv:1: header: is not a claims file \(it lacks the column\(s\) claim_id"),
])
def test_files_the_coder_cannot_read_are_named_with_what_to_do(fresh, tmp_path, content, words):
    path = tmp_path / "mine.csv"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=words):
        load_coding(path)
    with pytest.raises(ValueError, match=words):
        coder(fresh, "mayta_2021", save_to=path)
    with pytest.raises(ValueError, match=words):
        save_claims([new_claim(fresh, "mayta_2021", QUOTE, {}, "diagnostic", ["integration"], "x")], path)
    assert path.read_bytes() == content


def test_an_excel_csv_utf8_file_with_a_byte_order_mark_loads_and_saves(fresh, tmp_path):
    path = tmp_path / "mine.csv"
    save_claims([new_claim(fresh, "mayta_2021", QUOTE, {}, "diagnostic", ["integration"], "x")], path)
    excel = b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n")  # Excel: Save As "CSV UTF-8"
    path.write_bytes(excel)
    assert load_coding(path).claim_id.tolist() == ["mayta_2021_c01"]
    row = new_claim(load_corpus(CORPUS), "mayta_2021", QUOTE, {}, "diagnostic", ["integration"], "x")
    save_claims([row], path)
    assert load_coding(path).claim_id.tolist() == ["mayta_2021_c01", "mayta_2021_c02"]
    assert path.read_bytes().startswith(excel)  # the file's bytes kept; one row added


def test_a_folder_given_as_the_file(fresh, tmp_path):
    with pytest.raises(ValueError, match=r"is a folder, not a file\. Give a file name, e.g\. save_to='.*/my_coding.csv'"):
        coder(fresh, "mayta_2021", save_to=tmp_path)
    with pytest.raises(ValueError, match=r"is a folder, not a file"):
        load_coding(tmp_path)
    with pytest.raises(ValueError, match=r"is a folder, not a file"):
        save_claims([new_claim(fresh, "mayta_2021", QUOTE, {}, "diagnostic", ["integration"], "x")], tmp_path)
    assert list(tmp_path.iterdir()) == []


# ---- wrong argument types and unknown ids ---------------------------------------------------------------

@pytest.mark.parametrize("call, error, words", [
    (lambda c, t: coder(c, "../x"), ValueError,
     r"doc_id: unknown document '\.\./x'\. Give one of: llorenti_2021, mayta_2021 .*give the file as save_to='\.\./x'"),
    (lambda c, t: coder(c, "mayta"), ValueError, r"doc_id: unknown document 'mayta'\. Give one of"),
    (lambda c, t: reader(c, "mayta"), ValueError, r"doc_id: unknown document 'mayta'\. Give one of"),
    (lambda c, t: coder(str(t), "mayta_2021"), TypeError, r"coder\(corpus=\.\.\.\) takes a corpus loaded with load_corpus"),
    (lambda c, t: coder(c, 2021), TypeError, r"doc_id=\.\.\. takes a document id as text.*got int 2021"),
    (lambda c, t: coder(c, "mayta_2021", save_to=5), TypeError, r"save_to=\.\.\. takes a file name as text.*got int 5"),
    (lambda c, t: locate(c, "mayta_2021", "CELAC", occurrence="x"), TypeError,
     r"occurrence=\.\.\. takes a whole number from 1.*got str 'x'"),
    (lambda c, t: locate(c, "mayta_2021", "CELAC", occurrence=True), TypeError, r"occurrence=\.\.\."),
    (lambda c, t: locate(c, "mayta_2021", ["CELAC"]), TypeError, r"quote=\.\.\. takes the passage as text.*list"),
    (lambda c, t: new_claim(c, "mayta_2021", QUOTE, ["oas", "critical"], "diagnostic"), TypeError,
     r"targets=\.\.\. takes a dict of institution and stance, e\.g\. targets=\{'oas': 'critical'\}.*got list"),
    (lambda c, t: new_claim(c, "mayta_2021", QUOTE, {3: "critical"}, "diagnostic"), TypeError,
     r"targets: an institution is given as text"),
    (lambda c, t: new_claim(c, "mayta_2021", QUOTE, {}, "diagnostic", themes=7), TypeError, r"themes=\.\.\. takes theme ids"),
    (lambda c, t: new_claim(c, "nope", QUOTE, {}, "diagnostic"), ValueError, r"doc_id: unknown document 'nope'"),
    (lambda c, t: add_institution(load_corpus(t), 7, "Southern Common Market", "regional organization"), TypeError,
     r"institution_id=\.\.\. takes text"),
    (lambda c, t: add_institution(load_corpus(t), "bancosur", None, "regional organization"), TypeError,
     r"name=\.\.\. takes text.*got NoneType"),
    (lambda c, t: add_institution(load_corpus(t), "bancosur", "Bank of the South", "regional organization",
                                  acronym=5), TypeError, r"acronym=\.\.\. takes text.*got int 5"),
    (lambda c, t: add_alias(load_corpus(t), "mercosur", "Mercosur|Mercosul"), ValueError, r"alias: .* without '\|'"),
    (lambda c, t: add_alias(load_corpus(t), "nato", "NATO"), ValueError, r"institution_id: 'nato' is not in .*institutions.csv"),
])
def test_wrong_arguments_get_one_line_naming_the_parameter(fresh, corpus_copy, call, error, words):
    before = tree_digest(corpus_copy)
    with pytest.raises(error, match=words) as info:
        call(fresh, corpus_copy)
    assert "\n" not in str(info.value)
    assert tree_digest(corpus_copy) == before


def test_add_alias_keeps_every_other_byte_of_institutions_csv(corpus_copy):
    path = corpus_copy / "institutions.csv"
    before = path.read_text(encoding="utf-8")
    add_alias(load_corpus(corpus_copy), "mercosur", "Mercosur")
    after = path.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert len(changed) == 1 and changed[0][1].startswith("mercosur,") and ",MERCOSUR|Mercosur," in changed[0][1]
    assert len(before.splitlines()) == len(after.splitlines())
    assert re.search(r"\S", after) and not list(corpus_copy.glob(".institutions.csv*"))


def test_the_guide_names_the_coders_buttons_as_they_are_on_screen(corpus_copy):
    """instructor/ADDING_AN_INTERVIEW.md step 6 quotes the buttons; they must read the same in the coder."""
    from conftest import ROOT

    guide = " ".join((ROOT / "instructor" / "ADDING_AN_INTERVIEW.md").read_text(encoding="utf-8").split())
    c = coder(load_corpus(corpus_copy), "llorenti_2021", save_to=corpus_copy / "claims.csv")
    row = c.rows[0]
    labels = [c.find.description, c.add.description, c.inst_add.description, c.inst_parent.description,
              c.new_institution.children[-1].children[-1].description]
    row.institution.value = "Bank of the South"  # nothing close
    labels += [b.description for b in row.choices.children]
    row.institution.value = "executive secretariat of ALBA"  # something close
    labels += [row.choices.children[-1].description]
    assert labels[-2:] == ["Add a new institution", "None of these: a new institution"]
    missing = [label for label in labels if f"*{label}*" not in guide]
    assert not missing, f"the guide does not name these buttons as the coder does: {missing}"
    # and it gives the alias rule the note beside the offer gives
    assert "only if the words are another spelling, acronym or translation of that same institution" in guide
    assert "Organ vs parent body" in guide and "parent_id" in guide
