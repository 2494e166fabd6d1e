"""Bad input: every case gives file, line and field in plain words, and never a traceback."""

import csv
import io
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CORPUS, run_cli
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
    code, out = run_cli("validate", folder)
    assert code == 1, out
    assert "Traceback" not in out
    hits = [m for m in map(LINE.match, out.splitlines()) if m]
    wanted = [m for m in hits if m["file"].endswith(file_name) and m["field"] == field
              and (line is None or int(m["line"]) == line) and re.search(words, m["msg"], re.I)]
    assert wanted, f"expected {file_name}:{line}: {field}: /{words}/ in:\n{out}"
    return out


def test_clean_corpus_prints_one_line_and_exits_0():
    code, out = run_cli("validate")
    assert code == 0, out
    assert len(out.strip().splitlines()) == 1 and out.startswith("OK: ")


CASES = {
    "missing file": (lambda c: (c / "mentions.csv").unlink(), "mentions.csv", 1, "file", "missing"),
    "broken csv": (lambda c: (c / "turns.csv").write_text(
        (c / "turns.csv").read_text(encoding="utf-8").replace("mayta_t03,", 'mayta_t03,"oops', 1), encoding="utf-8"),
        "turns.csv", None, "csv", "cannot be read as CSV"),
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
    code, out = run_cli("validate", corpus_copy)
    assert code == 1
    for bit in ("claims.csv:2: frame", "mentions.csv:5: institution_id", "speakers.csv:1: file"):
        assert bit in out, out


def test_missing_folder_is_explained(tmp_path):
    code, out = run_cli("validate", tmp_path / "nowhere")
    assert code == 1 and "no corpus folder here" in out and "Traceback" not in out


def test_uncovered_alias_is_a_warning_that_names_the_text_line(corpus_copy):
    rows = (corpus_copy / "mentions.csv").read_text(encoding="utf-8").splitlines()
    dropped = next(r for r in rows if ",oas," in r and r.endswith(",OAS"))
    (corpus_copy / "mentions.csv").write_text("\n".join(r for r in rows if r != dropped) + "\n", encoding="utf-8")
    code, out = run_cli("validate", corpus_copy)
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
    code, out = run_cli("validate", corpus_copy)
    assert code == 1
    *problems, summary = out.strip().splitlines()
    assert problems and summary.startswith(f"{len(problems)} problem(s)")
    for line in problems:
        assert LINE.match(line), line
