"""The claim coder's Python API and its widget (the kernel side), on the bundled corpus and on copies of it.

The browser side (mouse selection, restart, reload) is tested in test_coder_browser.py.
"""

import doctest
import random
import re

import krippendorff
import numpy as np
import pandas as pd
import pytest

import helpers.coder as coder_module
import helpers.coding as coding_module
import helpers.compare as compare_module
import helpers.quotes as quotes_module
import helpers.reader as reader_module
import helpers.vocab as vocab_module
from conftest import CORPUS, tree_digest
from helpers import load_corpus
from helpers.coder import (add_institution, coder, codebook_rules, compare_coding, krippendorff_alpha, load_coding,
                           locate, new_claim, save_claims)
from helpers.reader import reader, reader_html


@pytest.fixture
def fresh():
    """A corpus object of its own (the coder remembers the ids it handed out per corpus object)."""
    return load_corpus(CORPUS)


@pytest.mark.parametrize("module", [coder_module, quotes_module, coding_module, compare_module, vocab_module,
                                    reader_module])
def test_docstring_examples_run(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


# ---- locate ------------------------------------------------------------------------

def test_locate_returns_code_point_offsets_of_the_exact_text(fresh):
    for claim in fresh.claims.drop_duplicates("claim_id").itertuples():
        start, end = locate(fresh, claim.doc_id, claim.quote, occurrence=None
                            if fresh.texts[claim.doc_id].count(claim.quote) == 1 else
                            [m.start() for m in re.finditer(re.escape(claim.quote), fresh.texts[claim.doc_id])]
                            .index(claim.start) + 1)
        assert (start, end) == (claim.start, claim.end), claim.claim_id


def test_locate_accepts_straight_quotes_and_spaces_for_curly_ones(fresh):
    text = fresh.texts["mayta_2021"]
    curly = "we’re building the Latin American"
    assert curly in text
    start, end = locate(fresh, "mayta_2021", "we're  building the Latin American")
    assert text[start:end] == curly


def test_locate_says_not_found_and_shows_the_closest_passage(fresh):
    with pytest.raises(ValueError) as info:
        locate(fresh, "mayta_2021", "the OAS has been usless")
    message = str(info.value)
    assert "was not found in mayta_2021" in message
    assert "the OAS has been useless" in message  # the closest passage is offered


def test_locate_lists_every_occurrence_and_picks_one(fresh):
    text = fresh.texts["mayta_2021"]
    n = len(re.findall("CELAC", text))
    assert n > 1
    with pytest.raises(ValueError) as info:
        locate(fresh, "mayta_2021", "CELAC")
    message = str(info.value)
    assert f"occurs {n} times" in message
    assert all(f"occurrence={i}:" in message for i in range(1, n + 1))
    second = [m.start() for m in re.finditer("CELAC", text)][1]
    assert locate(fresh, "mayta_2021", "CELAC", occurrence=2) == (second, second + 5)
    with pytest.raises(ValueError, match="does not exist"):
        locate(fresh, "mayta_2021", "CELAC", occurrence=n + 1)


def test_locate_rejects_an_empty_quote_and_an_unknown_document(fresh):
    with pytest.raises(ValueError, match="empty"):
        locate(fresh, "mayta_2021", "   ")
    with pytest.raises(ValueError, match="doc_id: unknown document 'nope'.*mayta_2021"):
        locate(fresh, "nope", "OAS")


# ---- new_claim ----------------------------------------------------------------------

def test_new_claim_derives_turn_speaker_and_offsets(fresh):
    row = new_claim(fresh, "llorenti_2021", "ALBA remained to be a hope", {"ALBA": "supportive", "oas": "neutral"},
                    "diagnostic", "integration|multilateralism", "Llorenti says ALBA stayed a hope.")
    reference = fresh.claims[fresh.claims.claim_id == "llorenti_c20"].iloc[0]
    assert (row["turn_id"], row["speaker_id"], row["start"], row["end"]) == \
        (reference.turn_id, reference.speaker_id, reference.start, reference.end)
    assert row["targets"] == "alba:supportive|oas:neutral"  # the acronym resolved to its id
    assert row["themes"] == "integration|multilateralism"
    assert list(row) == coder_module.CLAIM_COLUMNS
    assert row["claim_id"] == "llorenti_2021_c01"
    assert new_claim(fresh, "llorenti_2021", "ALBA remained to be a hope", {}, "diagnostic")["claim_id"] == \
        "llorenti_2021_c02"


@pytest.mark.parametrize("kwargs, field, allowed", [
    ({"frame": "hopeful"}, "frame", "diagnostic, prognostic, motivational"),
    ({"themes": ["sovereignty", "weather"]}, "themes", "sovereignty, non_interference"),
    ({"targets": {"oas": "angry"}}, "targets", "critical, supportive, neutral"),
])
def test_new_claim_names_the_field_and_the_allowed_values(fresh, kwargs, field, allowed):
    args = {"targets": {"oas": "critical"}, "frame": "diagnostic", "themes": ["integration"], **kwargs}
    with pytest.raises(ValueError) as info:
        new_claim(fresh, "mayta_2021", "the OAS has been useless", **args)
    assert str(info.value).startswith(field + ":")
    assert allowed in str(info.value)


def test_new_claim_offers_to_add_an_unknown_institution(fresh):
    with pytest.raises(ValueError) as info:
        new_claim(fresh, "mayta_2021", "the OAS has been useless", {"Mercosurland": "critical"}, "diagnostic")
    message = str(info.value)
    assert message.startswith("targets: 'Mercosurland' is not an id, name, acronym or alias in institutions.csv.")
    assert "Did you mean mercosur (Southern Common Market)?" in message  # a close spelling is offered first
    assert "add_institution(" not in message  # the coder's form, not a Python call to copy


def test_new_claim_refuses_a_quote_across_two_turns(fresh):
    turns = fresh.turns[fresh.turns.doc_id == "mayta_2021"].sort_values("start")
    boundary = int(turns.iloc[3].start)
    text = fresh.texts["mayta_2021"]
    quote = text[boundary - 20:boundary + 20].strip()
    with pytest.raises(ValueError, match="runs across two turns"):
        new_claim(fresh, "mayta_2021", quote, {}, "diagnostic")


# ---- saving, loading ----------------------------------------------------------------------

def test_save_claims_writes_lf_utf8_with_one_header_and_appends(fresh, tmp_path):
    path = tmp_path / "sub" / "my_coding.csv"
    first = new_claim(fresh, "mayta_2021", "the OAS has been useless", {"oas": "critical"}, "diagnostic",
                      ["pandemic_health"], "Mayta says, in his words, that “the OAS has been useless”.")
    save_claims(first, path)
    second = new_claim(fresh, "llorenti_2021", "ALBA remained to be a hope", {"alba": "supportive"}, "diagnostic",
                       ["integration"], "Llorenti, with a comma, says ALBA stayed a hope.")
    save_claims([second], path)
    data = path.read_bytes()
    assert b"\r" not in data and not data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"claim_id,doc_id") == 1
    coding = load_coding(path)
    assert coding.claim_id.tolist() == [first["claim_id"], second["claim_id"]]
    assert coding.start.tolist() == [first["start"], second["start"]]
    assert coding.paraphrase.iloc[0] == first["paraphrase"]


def test_save_claims_renumbers_an_id_already_in_the_file(tmp_path):
    path = tmp_path / "mine.csv"
    for _ in range(2):  # two sessions, each with a freshly loaded corpus, both start at c01
        corpus = load_corpus(CORPUS)
        row = new_claim(corpus, "mayta_2021", "the OAS has been useless", {}, "diagnostic", ["integration"], "x")
        save_claims([row], path)
    assert load_coding(path).claim_id.tolist() == ["mayta_2021_c01", "mayta_2021_c02"]


def test_save_claims_never_writes_into_the_bundled_corpus(fresh):
    before = tree_digest(CORPUS)
    row = new_claim(fresh, "mayta_2021", "the OAS has been useless", {}, "diagnostic", ["integration"], "x")
    with pytest.raises(ValueError, match="read-only"):
        save_claims([row], CORPUS / "claims.csv")
    with pytest.raises(ValueError, match="read-only"):
        save_claims([row], CORPUS / "coding" / "mine.csv")
    with pytest.raises(ValueError, match="never changes"):
        coder(fresh, save_to=CORPUS / "mine.csv")
    assert tree_digest(CORPUS) == before


def test_save_claims_refuses_a_file_that_is_not_a_claims_file(fresh, tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    row = new_claim(fresh, "mayta_2021", "the OAS has been useless", {}, "diagnostic", ["integration"], "x")
    with pytest.raises(ValueError, match=r"notes.csv:1: header: is not a claims file"):
        save_claims([row], path)
    assert path.read_text(encoding="utf-8") == "a,b\n1,2\n"


def test_load_coding_names_file_line_and_field(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text(",".join(coder_module.CLAIM_COLUMNS) + "\n"
                    "x_c01,mayta_2021,mayta_t04,mayta,10,20,q,p,,diagnostic,integration,\n"
                    "x_c02,mayta_2021,mayta_t04,mayta,ten,20,q,p,,diagnostic,integration,\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"mine.csv:3: start: must be a whole number, got 'ten'"):
        load_coding(path)
    with pytest.raises(FileNotFoundError, match="no such file"):
        load_coding(tmp_path / "missing.csv")


def test_an_instructor_codes_into_their_own_corpus_and_it_validates(corpus_copy):
    corpus = load_corpus(corpus_copy)
    row = new_claim(corpus, "llorenti_2021", "This is a good time to resume them.", {"alba": "supportive"},
                    "motivational", ["integration"], "Llorenti says now is the time to resume ALBA's efforts.")
    save_claims([row], corpus_copy / "claims.csv")
    again = load_corpus(corpus_copy)  # validates: offsets, turn, speaker, codebook values, no overlap
    assert row["claim_id"] in set(again.claims.claim_id)
    assert (corpus_copy / "claims.csv").read_bytes().endswith(b",motivational,integration,\n")  # LF, never CRLF


def test_the_coder_refuses_an_overlapping_claim_in_the_instructors_own_claims_file(corpus_copy):
    instructor = coder(load_corpus(corpus_copy), "mayta_2021", save_to=corpus_copy / "claims.csv")
    before = (corpus_copy / "claims.csv").read_bytes()
    instructor.quote.value = "Now we are pushing forward"
    instructor.find.click()
    instructor.frame.value = "prognostic"
    instructor.themes["integration"].value = True
    instructor.paraphrase.value = "Mayta says Bolivia pushes CELAC forward."
    instructor.add.click()
    assert "overlaps claim mayta_c17" in instructor.status.value
    assert (corpus_copy / "claims.csv").read_bytes() == before


def test_add_institution_writes_only_to_the_instructors_corpus(corpus_copy, fresh):
    with pytest.raises(ValueError, match="bundled corpus/ is read-only"):
        add_institution(fresh, "mercosur_parliament", "Mercosur Parliament", "organ")
    corpus = load_corpus(corpus_copy)
    with pytest.raises(ValueError, match="kind: 'club' is not in the codebook"):
        add_institution(corpus, "mercosur_parliament", "Mercosur Parliament", "club")
    add_institution(corpus, "mercosur_parliament", "Mercosur Parliament", "organ", acronym="Parlasur")
    row = new_claim(corpus, "mayta_2021", "the OAS has been useless", {"mercosur_parliament": "neutral"},
                    "diagnostic", ["integration"], "test")
    assert row["targets"] == "mercosur_parliament:neutral"
    again = load_corpus(corpus_copy)
    assert again.institution_label("mercosur_parliament") == "Parlasur"
    assert (corpus_copy / "institutions.csv").read_bytes().endswith(b"Parlasur|organ,,,,\n") or \
        b"mercosur_parliament,Mercosur Parliament,Parlasur" in (corpus_copy / "institutions.csv").read_bytes()


# ---- agreement ---------------------------------------------------------------------------

def test_our_alpha_equals_the_krippendorff_package():
    rng = random.Random(7)
    for trial in range(200):
        n = rng.randint(2, 40)
        categories = ["critical", "supportive", "neutral"][:rng.randint(2, 3)]
        first = [rng.choice(categories) for _ in range(n)]
        second = [x if rng.random() < 0.7 else rng.choice(categories) for x in first]
        ours = krippendorff_alpha(first, second)
        codes = {c: i for i, c in enumerate(sorted(set(first) | set(second)))}
        if len(codes) < 2:
            assert np.isnan(ours)
            continue
        theirs = krippendorff.alpha(reliability_data=np.array([[codes[x] for x in first], [codes[x] for x in second]],
                                                              dtype=float), level_of_measurement="nominal")
        assert ours == pytest.approx(theirs, abs=1e-12), (first, second)


def _reference_coding(corpus, turn_id):
    """The reference claims of one turn, re-coded through new_claim (so they carry new ids)."""
    rows = []
    for claim_id, group in corpus.claims[corpus.claims.turn_id == turn_id].groupby("claim_id", sort=False):
        first = group.iloc[0]
        targets = {i: s for i, s in zip(group.institution_id, group.stance) if isinstance(i, str)}
        occurrence = [m.start() for m in re.finditer(re.escape(first.quote), corpus.texts[first.doc_id])]
        rows.append(new_claim(corpus, first.doc_id, first.quote, targets, first.frame, list(first.themes),
                              first.paraphrase, occurrence=occurrence.index(first.start) + 1))
    return pd.DataFrame(rows)


def test_the_reference_coding_agrees_with_itself(fresh):
    mine = _reference_coding(fresh, "llorenti_t06")
    result = compare_coding(mine, fresh)
    assert result.disagreements.empty
    assert result.agreement.agreement.tolist() == [1.0, 1.0, 1.0]
    assert len(result.matches) == len(mine) >= 5


def test_each_disagreement_shows_both_codings_and_the_deciding_rule(fresh):
    mine = _reference_coding(fresh, "llorenti_t06")
    celac = mine.quote.str.startswith("The Celac")
    mine.loc[celac, "targets"] = "celac:critical"          # rule 3.2.5 (regret) decides
    hope = mine.quote == "we hope that we can recover this space"
    mine.loc[hope, "frame"] = "diagnostic"                 # frames: prognostic (a hope)
    dropped = mine.quote.str.startswith("ALBA remained")
    mine = mine[~dropped]                                   # a missed claim
    result = compare_coding(mine, fresh)
    rows = result.disagreements.set_index("field")
    stance = rows.loc["stance"]
    assert (stance.yours, stance.reference, stance.reference_claim) == ("celac:critical", "celac:supportive",
                                                                         "llorenti_c18")
    assert "§3.2.5" in stance.rule and "regret" in stance.rule
    frame = rows.loc["frame"]
    assert (frame.yours, frame.reference) == ("diagnostic", "prognostic") and "§4.2" in frame.rule
    assert rows.loc["missed"].reference_claim == "llorenti_c20"
    assert rows.loc["missed"].rule.startswith("CODEBOOK.md S1")
    table = result.agreement.set_index("field")
    assert table.loc["stance", "agreement"] < 1 and table.loc["frame", "agreement"] < 1
    units = table.loc["frame", "units"]
    assert units >= coder_module.MIN_UNITS_FOR_ALPHA and not np.isnan(table.loc["frame", "alpha"])
    shown = str(result)
    assert "celac:critical" in shown and "celac:supportive" in shown and "§3.2.5" in shown
    assert "<script" not in result._repr_html_()


def test_alpha_is_left_empty_on_too_few_units(fresh):
    mine = _reference_coding(fresh, "mayta_t02")
    assert len(mine) < coder_module.MIN_UNITS_FOR_ALPHA
    assert compare_coding(mine, fresh).agreement.alpha.isna().all()


def test_a_claim_the_reference_does_not_code_cites_the_selection_rules(fresh):
    text = fresh.texts["mayta_2021"]
    quote = "Thank you Minister for your time"
    assert quote in text
    mine = pd.DataFrame([new_claim(fresh, "mayta_2021", quote, {}, "diagnostic", ["integration"], "x", occurrence=2)])
    result = compare_coding(mine, fresh)
    extra = result.disagreements[result.disagreements.field == "not in the reference"].iloc[0]
    assert "N4" in extra.rule


def test_compare_refuses_a_coding_made_on_another_text(fresh, tmp_path):
    mine = pd.DataFrame([new_claim(fresh, "mayta_2021", "the OAS has been useless", {}, "diagnostic")])
    mine.loc[0, "start"] += 1
    with pytest.raises(ValueError, match="does not match mayta_2021"):
        compare_coding(mine, fresh)


def test_codebook_rules_know_the_rule_ids():
    rules = codebook_rules()
    assert {"S1", "S4", "N1", "N4", "1.2", "3.2.1", "3.2.8", "4.1", "4.3", "3.1 neutral"} <= set(rules)
    assert "mayta_c13" in rules["4.1"]["claims"]


# ---- the reader and the coder widget (kernel side) ---------------------------------------------

def test_reader_segments_are_exact_slices_and_are_escaped():
    corpus = load_corpus(CORPUS)
    text = corpus.texts["mayta_2021"]
    corpus.texts["mayta_2021"] = "<script>alert(1)</script>😀" + text[26:]  # same length in code points
    page = reader_html(corpus, "mayta_2021")
    assert "<script>" not in page and "&lt;script&gt;" in page
    import html as html_module
    pieces = re.findall(r'<span data-s="(\d+)"[^>]*>(.*?)</span>', page, re.S)
    for start, body in pieces:
        body = html_module.unescape(body)
        assert corpus.texts["mayta_2021"][int(start):int(start) + len(body)] == body
    covered = sum(len(html_module.unescape(b)) for _, b in pieces)
    assert covered == len("".join(corpus.texts["mayta_2021"].split())) + \
        sum(c.isspace() for c in corpus.texts["mayta_2021"]) - _edge_whitespace(corpus, "mayta_2021")


def _edge_whitespace(corpus, doc_id):
    text, n = corpus.texts[doc_id], 0
    for t in corpus.turns[corpus.turns.doc_id == doc_id].itertuples():
        chunk = text[t.start:t.end]
        n += len(chunk) - len(chunk.strip())
    return n


def test_reader_toggles_reach_the_view(fresh):
    view = reader(fresh, "llorenti_2021")
    view.show_mentions.value = True
    view.show_claims.value = True
    assert view.view.show_mentions and view.view.show_claims
    assert view.view.html.count('class="m') >= (fresh.mentions.doc_id == "llorenti_2021").sum()
    view.document.value = "mayta_2021"
    assert 'data-turn="mayta_t01"' in view.view.html


def test_coder_selection_find_save_and_reload(fresh, tmp_path):
    path = tmp_path / "my_coding.csv"
    c = coder(fresh, "llorenti_2021", save_to=path)
    text = fresh.texts["llorenti_2021"]
    start = text.index("ALBA remained to be a hope")
    assert text[start - 1].isspace()
    c.reader.view.selection = [start - 1, start + len("ALBA remained to be a hope")]  # with the space before
    assert c.quote.value == "ALBA remained to be a hope" and c.span == (start, start + 26)
    c.rows[0].institution.value = "alba — " + fresh.institutions.set_index("institution_id").name["alba"]
    c.rows[0].stance.value = "supportive"
    assert "supportive</b>: the speaker evaluates the institution positively" in c.rows[0].about.value
    c.frame.value = "diagnostic"
    assert "names a problem" in c.frame_about.value
    c.themes["integration"].value = True
    c.add.click()
    assert "paraphrase" in c.status.value and not path.exists()  # nothing saved while the form is incomplete
    assert c.compare() is None  # notebook 2's comparison cell runs before anything is saved
    c.paraphrase.value = "Llorenti says ALBA remained a hope."
    c.add.click()
    assert "Saved llorenti_2021_c01" in c.status.value
    # the same comparison as compare_coding on the saved file: ALBA "remained to be a hope" is llorenti_c20
    compared = c.compare()
    assert compared.matches.equals(compare_coding(load_coding(path), fresh).matches)
    assert compared.agreement.set_index("field").loc["stance", "units"] == 1
    saved = load_coding(path)
    assert saved.iloc[0][["start", "end", "targets", "frame"]].tolist() == [start, start + 26, "alba:supportive",
                                                                            "diagnostic"]
    # a second session (new kernel): the coding is reloaded and shown, new ids continue
    again = coder(load_corpus(CORPUS), "llorenti_2021", save_to=path)
    assert len(again.saved) == 1
    assert re.search(r'<span data-s="%d" class="[^"]*\by\b' % start, again.reader.view.html)
    assert "llorenti_2021_c01" in again.table.value


def test_coder_says_which_when_a_quote_is_missing_or_repeated(fresh, tmp_path):
    c = coder(fresh, "mayta_2021", save_to=tmp_path / "x.csv")
    c.quote.value = "the OAS has been usless"
    c.find.click()
    assert "Not found" in c.where.value and "the OAS has been useless" in c.where.value
    c.quote.value = "CELAC"
    c.find.click()
    n = fresh.texts["mayta_2021"].count("CELAC")
    assert f"occurs {n} times" in c.where.value and len(c.occurrence.options) == n
    c.occurrence.value = c.occurrence.options[1][1]
    assert c.span == c.occurrence.options[1][1]


def test_coder_offers_to_add_an_unknown_institution_in_an_instructors_corpus(corpus_copy, fresh, tmp_path):
    student = coder(fresh, "mayta_2021", save_to=tmp_path / "x.csv")
    student.rows[0].institution.value = "Parlasur"
    assert "is not an id, name, acronym or alias in institutions.csv" in student.rows[0].about.value
    assert "cannot be changed" in student.rows[0].about.value
    instructor = coder(load_corpus(corpus_copy), "mayta_2021", save_to=corpus_copy / "claims.csv")
    instructor.rows[0].institution.value = "Parlasur"
    assert instructor.new_institution.layout.display == "none"  # closed until asked for
    instructor.rows[0].choices.children[-1].click()  # "Add a new institution"
    assert instructor.new_institution.layout.display == "flex"
    instructor.inst_id.value, instructor.inst_name.value = "parlasur", "Mercosur Parliament"
    instructor.inst_kind.value = "organ"
    instructor.inst_add.click()
    assert "Added parlasur" in instructor.status.value
    assert "parlasur" in load_corpus(corpus_copy).institutions.institution_id.tolist()


def test_the_coders_table_shows_the_claims_of_the_interview_being_coded(corpus_copy):
    # An instructor codes into the corpus's own claims.csv, which holds every interview's claims.
    claims = pd.read_csv(corpus_copy / "claims.csv")
    mine = claims[claims.doc_id == "llorenti_2021"].claim_id.unique()
    others = claims[claims.doc_id != "llorenti_2021"].claim_id.unique()
    c = coder(load_corpus(corpus_copy), "llorenti_2021", save_to=corpus_copy / "claims.csv")
    shown = re.findall(r"<td>([a-z0-9_]+_c\d+)</td>", c.table.value)
    assert shown == list(mine)  # this interview's claims only, in the file's order (newest last)
    assert f"Claims of llorenti_2021 in {corpus_copy / 'claims.csv'}</b>: {len(mine)}, newest last." in c.table.value
    assert f"The file also holds {len(others)} claims of other interviews, not shown here." in c.table.value
    assert "<th>quote</th>" in c.table.value and "min-width:24em" in c.table.value  # the quote column gets the room
    assert "alba:supportive, alba_summit:neutral" in c.table.value  # targets wrap at their commas
    c.reader.document.value = "mayta_2021"  # another interview opened in the coder: its claims
    assert re.findall(r"<td>([a-z0-9_]+_c\d+)</td>", c.table.value)[0].startswith("mayta")
    assert "Claims of mayta_2021" in c.table.value
