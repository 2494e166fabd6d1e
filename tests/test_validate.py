"""Bad input: every case gives file, line and field in plain words, and never a traceback.

The command runs in this process (conftest.cli); one test runs it as a student types it.

The cases break copies of the bundled corpus (corpus/), so they name its files, rows and lines."""

import csv
import json
import io
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import append_rows, CORPUS, cli, run_cli
from helpers import CorpusError, load_corpus
from helpers.validate import read_corpus

LINE = re.compile(r"^(?P<file>\S+):(?P<line>\d+): (?P<field>[^:]+): (?P<msg>.+)$")


def edit_csv(path, row_index, column, value):
    """Set one cell of a CSV file (row_index 0 = first data row)."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    col = rows[0].index(column)
    rows[row_index + 1][col] = value
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)


def first_value(path, row_index, column):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))[row_index][column]


def check_reported(folder, file_name, line, field, words):
    code, out = cli("validate", folder)
    assert code == 1, out
    assert "Traceback" not in out
    hits = [m for m in map(LINE.match, out.splitlines()) if m]
    wanted = [m for m in hits if m["file"].endswith(file_name) and m["field"] == field
              and (line is None or int(m["line"]) == line) and re.search(words, m["msg"], re.I)]
    assert wanted, f"expected {file_name}:{line}: {field}: /{words}/ in:\n{out}"
    return out


def test_bundled_corpus_validates_clean_in_one_line():
    code, out = run_cli("validate", CORPUS)  # python -m helpers validate, in a new process
    assert code == 0, out
    assert len(out.strip().splitlines()) == 1 and out.startswith("OK: ")


CASES = {
    "missing file": (lambda c: (c / "mentions.csv").unlink(), "mentions.csv", 1, "file", "missing"),
    "broken csv": (lambda c: (c / "turns.csv").write_text(
        (c / "turns.csv").read_text(encoding="utf-8").replace("mayta_t03,", 'mayta_t03,"oops', 1), encoding="utf-8"),
        "turns.csv", 4, "csv", "cannot be read as CSV.*record starts on this line"),
    "broken yaml": (lambda c: (c / "documents.yaml").write_text(
        (c / "documents.yaml").read_text(encoding="utf-8").replace("  outlet: Kawsachun News", "  outlet: [Kawsachun", 1),
        encoding="utf-8"), "documents.yaml", None, "yaml", "cannot be read as YAML"),
    "not utf-8": (lambda c: (c / "speakers.csv").write_bytes(
        (c / "speakers.csv").read_text(encoding="utf-8").replace("Trópico", "Tr\udce9pico", 1).encode("utf-8", "surrogateescape")),
        "speakers.csv", 4, "encoding", "not UTF-8"),
    "unknown speaker": (lambda c: edit_csv(c / "turns.csv", 3, "speaker_id", "evo"), "turns.csv", 5, "speaker_id", "unknown speaker id 'evo'"),
    "unknown institution": (lambda c: edit_csv(c / "mentions.csv", 0, "institution_id", "nato"), "mentions.csv", 2, "institution_id", "unknown institution id 'nato'"),
    "unknown target": (lambda c: edit_csv(c / "claims.csv", 0, "targets", "nato:critical"), "claims.csv", 2, "targets", "unknown institution id 'nato'"),
    "duplicate id": (lambda c: edit_csv(c / "mentions.csv", 1, "mention_id", first_value(c / "mentions.csv", 0, "mention_id")),
                     "mentions.csv", 3, "mention_id", "duplicate id .*first on line 2"),
    "offset out of range": (lambda c: edit_csv(c / "mentions.csv", 0, "end", "999999"), "mentions.csv", 2, "start/end", "out of range"),
    "offset not a number": (lambda c: edit_csv(c / "claims.csv", 2, "start", "ten"), "claims.csv", 4, "start", "whole number"),
    "quote differs": (lambda c: edit_csv(c / "claims.csv", 1, "quote", first_value(c / "claims.csv", 1, "quote") + "x"),
                      "claims.csv", 3, "quote", "does not match the text"),
    "overlapping turns": (lambda c: edit_csv(c / "turns.csv", 2, "start", str(int(first_value(c / "turns.csv", 2, "start")) - 5)),
                          "turns.csv", 4, "start", "overlap"),
    "gapped turns": (lambda c: edit_csv(c / "turns.csv", 0, "end", str(int(first_value(c / "turns.csv", 0, "end")) - 5)),
                     "turns.csv", None, "start", "gap"),
    "claim outside its turn": (lambda c: edit_csv(c / "claims.csv", 0, "turn_id", "llorenti_t04"), "claims.csv", 2, "start/end", "outside its turn"),
    "empty text": (lambda c: (c / "texts" / "llorenti_2021.txt").write_text("  \n", encoding="utf-8"), "llorenti_2021.txt", 1, "text", "empty"),
    "bad stance": (lambda c: edit_csv(c / "claims.csv", 0, "targets", "oas:hostile"), "claims.csv", 2, "targets", "unknown stance 'hostile'"),
    "bad frame": (lambda c: edit_csv(c / "claims.csv", 4, "frame", "normative"), "claims.csv", 6, "frame", "unknown frame 'normative'"),
    "bad theme": (lambda c: edit_csv(c / "claims.csv", 5, "themes", "sovereignty|weather"), "claims.csv", 7, "themes", "unknown theme 'weather'"),
    "edited text": (lambda c: (c / "texts" / "mayta_2021.txt").write_text(
        (c / "texts" / "mayta_2021.txt").read_text(encoding="utf-8").replace("favorable", "favourable"), encoding="utf-8"),
        "mayta_2021.txt", 29, "text", r"differs from its seed .* at column 15 \(seed line 29, column 15\).*the seed has .*favorable"),
    "missing document field": (lambda c: (c / "documents.yaml").write_text(
        (c / "documents.yaml").read_text(encoding="utf-8").replace("  interviewee: llorenti\n", "  interviewee:\n"), encoding="utf-8"),
        "documents.yaml", None, "interviewee", "required"),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_reported_with_file_line_and_field(case, corpus_copy):
    break_it, file_name, line, field, words = CASES[case]
    break_it(corpus_copy)
    check_reported(corpus_copy, file_name, line, field, words)
    with pytest.raises(CorpusError) as info:
        load_corpus(corpus_copy)
    assert info.value.problems and any(p.field == field for p in info.value.problems)
    assert re.search(re.escape(file_name) + r":\d+: " + re.escape(field), str(info.value))


def test_every_problem_is_listed_not_only_the_first(corpus_copy):
    edit_csv(corpus_copy / "claims.csv", 0, "frame", "normative")
    edit_csv(corpus_copy / "mentions.csv", 3, "institution_id", "nato")
    (corpus_copy / "speakers.csv").unlink()
    code, out = cli("validate", corpus_copy)
    assert code == 1
    for bit in ("claims.csv:2: frame", "mentions.csv:5: institution_id", "speakers.csv:1: file"):
        assert bit in out, out


def test_missing_folder_is_explained(tmp_path):
    code, out = cli("validate", tmp_path / "nowhere")
    assert code == 1 and "no corpus folder here" in out and "Traceback" not in out


def test_uncovered_alias_is_a_warning_that_names_the_text_line(corpus_copy):
    rows = (corpus_copy / "mentions.csv").read_text(encoding="utf-8").splitlines()
    dropped = next(r for r in rows if ",oas," in r and r.endswith(",OAS"))
    (corpus_copy / "mentions.csv").write_text("\n".join(r for r in rows if r != dropped) + "\n", encoding="utf-8")
    code, out = cli("validate", corpus_copy)
    assert code == 0, out
    doc_id, start = dropped.split(",")[1], int(dropped.split(",")[3])
    assert re.search(rf"{doc_id}\.txt:\d+: coverage: warning: 'OAS' at {start}–", out), out
    assert "1 warning(s)" in out


# ---- property test: random single-cell mutations of a valid corpus ----------------------------

def _read_tables():
    out = {}
    for name in ["turns.csv", "mentions.csv", "claims.csv", "institutions.csv", "speakers.csv"]:
        text = (CORPUS / name).read_text(encoding="utf-8")
        out[name] = list(csv.reader(io.StringIO(text, newline="")))
    return out


TABLES = _read_tables()
VALUES = st.one_of(
    st.sampled_from(["", "0", "-1", "99999", "oas", "mayta", "critical", "answer", "a|b", "x:y", "mayta_t04", "\"", ","]),
    st.text(max_size=12),
    st.integers(-10, 10000).map(str),
)


@pytest.mark.heavy  # 60 corrupted corpora
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_validator_never_crashes_and_is_consistent(tmp_path_factory, data):
    import shutil

    folder = tmp_path_factory.mktemp("mut") / "corpus"
    shutil.copytree(CORPUS, folder)
    name = data.draw(st.sampled_from(sorted(TABLES)))
    rows = [list(r) for r in TABLES[name]]
    r = data.draw(st.integers(1, len(rows) - 1))
    c = data.draw(st.integers(0, len(rows[0]) - 1))
    rows[r][c] = data.draw(VALUES)
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    (folder / name).write_text(buf.getvalue(), encoding="utf-8")

    first = read_corpus(folder)[1]
    again = read_corpus(folder)[1]
    assert first == again  # deterministic
    for p in first:
        assert LINE.match(str(p)), str(p)
        assert p.line >= 1
    errors = [p for p in first if p.severity == "error"]
    if errors:
        with pytest.raises(CorpusError):
            load_corpus(folder)
    else:
        loaded = load_corpus(folder)  # accepted: it must load, and its quotes still match
        for row in loaded.claims.itertuples():
            assert loaded.texts[row.doc_id][row.start:row.end] == row.quote


def test_messages_stay_on_one_line_even_for_ids_with_line_breaks(corpus_copy):
    edit_csv(corpus_copy / "institutions.csv", 0, "institution_id", "0\n")
    code, out = cli("validate", corpus_copy)
    assert code == 1
    *problems, summary = out.strip().splitlines()
    assert problems and summary.startswith(f"{len(problems)} problem(s)")
    for line in problems:
        assert LINE.match(line), line


# ---- issue 13: wrong types, impossible dates, where the fault is, one root cause -------------

def replace_in(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path, needle):
    """1-based line of the first line that contains needle."""
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def line_after(path, first, needle):
    """1-based line of the first line holding needle after the first line holding first."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if first in line)
    return next(i for i, line in enumerate(lines[start:], start + 1) if needle in line)


TYPE_CASES = {
    "interviewee is a list": (lambda c: replace_in(c / "documents.yaml", "  interviewee: mayta\n", "  interviewee: [mayta]\n"),
                              "documents.yaml", lambda c: line_of(c / "documents.yaml", "interviewee: [mayta]"), "interviewee", "single value"),
    "boilerplate is a string": (lambda c: replace_in(c / "documents.yaml", '  boilerplate:\n    prefix: ""\n', '  boilerplate: "a string"\n  boilerplate_was:\n    prefix: ""\n'),
                                "documents.yaml", lambda c: line_of(c / "documents.yaml", 'boilerplate: "a string"'), "boilerplate", "must be a mapping"),
    "documents is one mapping": (lambda c: (c / "documents.yaml").write_text("doc_id: mayta_2021\ntitle: x\n", encoding="utf-8"),
                                 "documents.yaml", lambda c: 1, "documents", "must be a list of documents"),
    "stances is a number": (lambda c: replace_in(c / "codebook.yaml", "stances:\n", "stances: 5\nstances_were:\n"),
                            "codebook.yaml", lambda c: line_of(c / "codebook.yaml", "stances: 5"), "stances", "must be a list of names"),
    "impossible unquoted YAML date": (lambda c: replace_in(c / "documents.yaml", "date_earliest: 2021-04-28", "date_earliest: 2021-02-30"),
                                      "documents.yaml", lambda c: line_of(c / "documents.yaml", "2021-02-30"), "date_earliest", "real calendar date"),
    "impossible event date": (lambda c: edit_csv(c / "events.csv", 2, "date", "2021-02-30"), "events.csv", lambda c: 4, "date", "real calendar date.*2021-02-30"),
    "month 13": (lambda c: edit_csv(c / "events.csv", 0, "date", "2021-13-01"), "events.csv", lambda c: 2, "date", "real calendar date"),
    "founded is not a year": (lambda c: edit_csv(c / "institutions.csv", 0, "founded", "19th century"), "institutions.csv", lambda c: 2, "founded", "year like 1948"),
    "targets without a stance": (lambda c: edit_csv(c / "claims.csv", 0, "targets", "oas-critical"), "claims.csv", lambda c: 2, "targets", "expected form"),
    "unknown status": (lambda c: (c / "turns.csv").write_text(
        "".join(l.rstrip("\n") + (",status\n" if i == 0 else ",maybe\n" if i == 3 else ",\n")
                for i, l in enumerate((c / "turns.csv").read_text(encoding="utf-8").splitlines(True))), encoding="utf-8"),
        "turns.csv", lambda c: 4, "status", "unknown status 'maybe'"),
    "run-on quote is reported where the record starts": (
        lambda c: replace_in(c / "turns.csv", "mayta_t04,mayta_2021", 'mayta_t04,"mayta_2021'),
        "turns.csv", lambda c: 5, "csv", "record starts on this line"),
    "overlapping claims": (lambda c: (edit_csv(c / "claims.csv", 1, "start", "290"),
                                      edit_csv(c / "claims.csv", 1, "quote", (c / "texts" / "mayta_2021.txt").read_text(encoding="utf-8")[290:331])),
                           "claims.csv", lambda c: 3, "start/end", r"overlaps claim mayta_c01 .*CODEBOOK §1.2"),
    "codebook and datapackage disagree": (lambda c: replace_in(c / "codebook.yaml", "greeting, closing]", "greeting, closing, aside]"),
                                          "datapackage.json", lambda c: line_after(c / "datapackage.json", '"name": "turns"', '"name": "kind"'), "turns.kind",
                                          "differ from codebook.yaml turn_kinds: add 'aside'"),
    "datapackage.json is not JSON": (lambda c: replace_in(c / "datapackage.json", '"resources": [', '"resources": [,'),
                                     "datapackage.json", lambda c: line_of(c / "datapackage.json", '"resources": [,'), "json", "cannot be read as JSON"),
    "a removed span that is not in the seed": (
        lambda c: replace_in(c / "documents.yaml", '  boilerplate:\n    prefix: ""\n', '  boilerplate:\n    removed:\n      - start: 10\n        text: "caption"\n    prefix: ""\n'),
        "documents.yaml", lambda c: line_of(c / "documents.yaml", "- start: 10"), "boilerplate.removed", r"differs from the seed .* at seed line 1, column 11"),
    "removed spans out of order": (
        lambda c: replace_in(c / "documents.yaml", '  boilerplate:\n    prefix: ""\n',
                             '  boilerplate:\n    removed:\n      - start: 100\n        text: "x"\n      - start: 50\n        text: "y"\n    prefix: ""\n'),
        "documents.yaml", lambda c: line_of(c / "documents.yaml", "- start: 50"), "boilerplate.removed", "seed order"),
}


@pytest.mark.parametrize("case", TYPE_CASES)
def test_wrong_types_dates_and_shapes_are_problems_not_tracebacks(case, corpus_copy):
    break_it, file_name, line, field, words = TYPE_CASES[case]
    break_it(corpus_copy)
    check_reported(corpus_copy, file_name, line(corpus_copy), field, words)
    with pytest.raises(CorpusError) as info:
        load_corpus(corpus_copy)
    assert any(p.field == field and p.file.endswith(file_name) for p in info.value.problems)


def error_lines(out):
    return [l for l in out.splitlines() if LINE.match(l) and ": warning: " not in l]


def test_an_unreadable_text_is_one_problem_with_a_count_not_forty(corpus_copy):
    (corpus_copy / "texts" / "mayta_2021.txt").unlink()
    code, out = cli("validate", corpus_copy)
    assert code == 1 and "Traceback" not in out
    lines = error_lines(out)
    assert len(lines) == 4, out  # the root, then one count per dependent file
    assert re.search(r"texts/mayta_2021\.txt:1: file: the text of mayta_2021 is missing", lines[0])
    assert re.search(r"texts/mayta_2021\.txt:1: file: 40 rows of \S*claims\.csv could not be checked because of this; fix it first", out)
    assert "unknown turn id" not in out


def test_a_broken_turns_file_is_one_problem_and_says_what_depends_on_it(corpus_copy):
    replace_in(corpus_copy / "turns.csv", "mayta_t04,mayta_2021", 'mayta_t04,"mayta_2021')
    code, out = cli("validate", corpus_copy)
    lines = error_lines(out)
    assert code == 1 and len(lines) <= 3, out
    assert re.search(r"turns\.csv:5: csv: \d+ further problems in \S*claims\.csv depend on this; fix it first", out), out


def test_a_broken_documents_file_is_one_problem_and_says_what_depends_on_it(corpus_copy):
    replace_in(corpus_copy / "documents.yaml", "  outlet: Kawsachun News", "  outlet: [Kawsachun")
    code, out = cli("validate", corpus_copy)
    lines = error_lines(out)
    assert code == 1 and len(lines) <= 5, out
    assert re.search(r"documents\.yaml:\d+: yaml: cannot be read as YAML", lines[0])
    assert re.search(r"documents\.yaml:\d+: yaml: \d+ further problems in \S*claims\.csv depend on this; fix it first", out), out


def test_a_renamed_id_is_reported_once_per_file(corpus_copy):
    for name in ("turns.csv", "claims.csv"):
        path = corpus_copy / name
        path.write_text(path.read_text(encoding="utf-8").replace(",mayta,", ",maita,"), encoding="utf-8")
    code, out = cli("validate", corpus_copy)
    assert code == 1
    assert len(re.findall(r"unknown speaker id 'maita'", out)) == 2, out
    assert re.search(r"claims\.csv:\d+: speaker_id: \d+ further problems in \S*claims\.csv depend on this", out)


def test_an_edited_text_is_one_problem_at_the_edit_not_one_per_later_claim(corpus_copy):
    replace_in(corpus_copy / "texts" / "mayta_2021.txt", "favorable", "favourable")
    code, out = cli("validate", corpus_copy)
    lines = error_lines(out)
    assert code == 1 and "mayta_2021.txt:29: text: differs from its seed" in lines[0], out
    assert len(lines) <= 4, out


# ---- seed cleaning: every removed span recorded ----------------------------------------------

def put_caption_in_the_seed(corpus_copy, caption="Photo: a caption inside the text\n\n"):
    """Insert a caption into llorenti's seed mid-text, as a web page would have it; return its seed offset."""
    import yaml

    docs = yaml.safe_load((corpus_copy / "documents.yaml").read_text(encoding="utf-8"))
    doc = next(d for d in docs if d["doc_id"] == "llorenti_2021")
    seed_path = corpus_copy / doc["seed"]
    seed = seed_path.read_text(encoding="utf-8")
    at = seed.index("\n\n", 2000) + 2
    seed_path.write_text(seed[:at] + caption + seed[at:], encoding="utf-8")
    return at


def test_a_caption_cut_from_the_middle_is_recorded_as_a_removed_span(corpus_copy):
    caption = "Photo: a caption inside the text\n\n"
    at = put_caption_in_the_seed(corpus_copy, caption)
    code, out = cli("validate", corpus_copy)
    assert code == 1 and "llorenti_2021.txt:" in out and ": text: differs from its seed" in out
    replace_in(corpus_copy / "documents.yaml", "  boilerplate:\n    prefix: \"ALBA",
               f"  boilerplate:\n    removed:\n      - start: {at}\n        text: {json.dumps(caption)}\n    prefix: \"ALBA")
    code, out = cli("validate", corpus_copy)
    assert code == 0, out


def test_the_seed_check_names_the_first_differing_line_and_column_with_both_sides(corpus_copy):
    text = corpus_copy / "texts" / "llorenti_2021.txt"
    lines = text.read_text(encoding="utf-8").split("\n")
    n = next(i for i, l in enumerate(lines) if "capitalism" in l and i > 3)
    col = lines[n].index("capitalism")
    lines[n] = lines[n].replace("capitalism", "kapitalism", 1)
    text.write_text("\n".join(lines), encoding="utf-8")
    raw, problems = read_corpus(corpus_copy)
    seed = next(p for p in problems if p.field == "text")
    assert seed.file.endswith("llorenti_2021.txt") and seed.line == n + 1
    assert f"at column {col + 1} " in seed.message
    assert "the seed has '" in seed.message and "capitalism" in seed.message and "kapitalism" in seed.message


# ---- states: complete, incomplete, strict ----------------------------------------------------

def add_status_column(path, proposed_rows):
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    rows[0].append("status")
    for i, row in enumerate(rows[1:]):
        row.append("proposed" if i in proposed_rows else "")
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def test_the_bundled_corpus_is_complete_even_in_strict_mode():
    code, out = cli("validate", CORPUS, "--strict")
    assert code == 0 and out.startswith("OK: ") and " is complete: " in out, out


def test_proposed_rows_make_the_corpus_incomplete_and_strict_mode_fails(corpus_copy):
    add_status_column(corpus_copy / "turns.csv", {2})
    add_status_column(corpus_copy / "mentions.csv", {0, 5})
    code, out = cli("validate", corpus_copy)
    assert code == 0, out
    assert "turns.csv:4: status: to do: turn mayta_t03 was proposed by a tool" in out
    summary = out.strip().splitlines()[-1]
    assert summary.startswith("INCOMPLETE: ") and "Left to do: 1 proposed turn not yet confirmed, 2 proposed mentions not yet confirmed" in summary
    code, out = cli("validate", corpus_copy, "--strict")
    assert code == 2 and "INCOMPLETE" in out
    assert load_corpus(corpus_copy).todo  # an incomplete corpus still loads, and says what is left
    # the hint names the folder as the person types it from where they are, never a placeholder
    code, out = cli("validate", corpus_copy.name, cwd=corpus_copy.parent)
    assert f"`python -m helpers confirm mayta_2021 --corpus {corpus_copy.name}`" in out and "FOLDER" not in out, out
    assert load_corpus(corpus_copy).todo  # an incomplete corpus still loads, and says what is left


def test_answer_turns_without_claims_are_left_to_do_but_a_greeting_is_not(corpus_copy):
    rows = (corpus_copy / "claims.csv").read_text(encoding="utf-8").splitlines(True)
    (corpus_copy / "claims.csv").write_text("".join(r for r in rows if ",llorenti_t10," not in r), encoding="utf-8")
    code, out = cli("validate", corpus_copy, "--strict")
    assert code == 2 and re.search(r"turns\.csv:\d+: turn_id: to do: answer turn llorenti_t10 has no claim", out), out
    assert "Left to do: 1 answer turn without claims;" in out  # one turn, said in the singular
    edit_csv(corpus_copy / "turns.csv", next(i for i, r in enumerate(csv.DictReader(open(corpus_copy / "turns.csv", encoding="utf-8")))
                                             if r["turn_id"] == "llorenti_t10"), "kind", "greeting")
    code, out = cli("validate", corpus_copy, "--strict")
    assert code == 0 and out.startswith("OK: "), out


def test_an_institution_nothing_uses_is_left_to_do(corpus_copy):
    append_rows(corpus_copy / "institutions.csv", [{"institution_id": "nato", "name": "North Atlantic Treaty Organization",
                                                    "acronym": "NATO", "aliases": "NATO",
                                                    "kind": "international organization"}])
    code, out = cli("validate", corpus_copy, "--strict")
    n = len((corpus_copy / "institutions.csv").read_text(encoding="utf-8").splitlines())
    assert code == 2 and f"institutions.csv:{n}: institution_id: to do: no claim, mention or event uses 'nato' yet" in out, out
    assert "1 institution that no claim or mention uses" in out


# ---- line endings ----------------------------------------------------------------------------

def test_bundled_csvs_use_lf_utf8_without_bom():
    for path in sorted(CORPUS.rglob("*.csv")):
        data = path.read_bytes()
        assert b"\r" not in data, f"{path.name} has CR line endings"
        assert not data.startswith(b"\xef\xbb\xbf"), f"{path.name} starts with a BOM"


def test_crlf_files_are_accepted(corpus_copy):
    for path in corpus_copy.glob("*.csv"):
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    code, out = cli("validate", corpus_copy, "--strict")
    assert code == 0 and out.startswith("OK: "), out
    assert load_corpus(corpus_copy).claims.quote.tolist() == load_corpus(CORPUS).claims.quote.tolist()
