"""Every character and row accounted for: control characters, malformed ids, NULs in a text, a cut-off
last row, a link that is not a web address, and a reader that stops reading (``| head``).

Each case breaks a copy of the bundled corpus and asserts the one-line message ``file:line: field: message``.
"""

import csv
import io
import re
import subprocess
import sys

import yaml
from conftest import ROOT, run_cli

from helpers import CorpusError, load_corpus
from helpers.validate import read_corpus

LINE = re.compile(r"^(?P<file>\S+):(?P<line>\d+): (?P<field>[^:]+): (?P<msg>.+)$")


def _lines(folder):
    """validate's output as lines, split as str.splitlines does (at U+0085, U+2028 ... too), and the exit code."""
    code, out = run_cli("validate", folder)
    assert "Traceback" not in out
    lines = out.strip().splitlines()
    for line in lines[:-1]:
        assert LINE.match(line), f"not one problem on one line: {line!r}"
    return code, lines


def _set_cell(path, row_index, column, value):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    rows[row_index + 1][rows[0].index(column)] = value
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def test_control_characters_are_escaped_so_each_problem_stays_one_line(corpus_copy):
    # the fuzz test's find: U+0085 (NEXT LINE) in a speaker id was printed raw and split the line
    for k, char in enumerate(["\x85", "\u2028", "\x1c", "\x0b", "\u202e"]):
        _set_cell(corpus_copy / "institutions.csv", k, "institution_id", f"bad{char}id{k}")
    code, lines = _lines(corpus_copy)
    assert code == 1
    shown = "\n".join(lines)
    for k, escaped in enumerate([r"\x85", r"\u2028", r"\x1c", r"\x0b", r"\u202e"]):
        assert f"institutions.csv:{k + 2}: institution_id: malformed id 'bad{escaped}id{k}'" in shown, shown


def test_every_malformed_id_is_reported_on_its_own_line(corpus_copy):
    _set_cell(corpus_copy / "speakers.csv", 0, "speaker_id", "Bad Id!")
    _set_cell(corpus_copy / "institutions.csv", 1, "institution_id", "CELAC")
    _set_cell(corpus_copy / "claims.csv", 2, "claim_id", "mayta c03")
    _set_cell(corpus_copy / "events.csv", 0, "event_id", "1948-charter")
    docs = corpus_copy / "documents.yaml"
    docs.write_text(docs.read_text(encoding="utf-8").replace("- doc_id: llorenti_2021", "- doc_id: Llorenti-2021"),
                    encoding="utf-8")
    code, lines = _lines(corpus_copy)
    assert code == 1
    malformed = [line for line in lines if ": malformed id " in line]
    for expected in ("speakers.csv:2: speaker_id: malformed id 'Bad Id!': an id is lower-case letters, digits and _",
                     "institutions.csv:3: institution_id: malformed id 'CELAC'",
                     "claims.csv:4: claim_id: malformed id 'mayta c03'",
                     "events.csv:2: event_id: malformed id '1948-charter'",
                     "documents.yaml:57: doc_id: malformed id 'Llorenti-2021'"):
        assert sum(expected in line for line in malformed) == 1, (expected, malformed)
    assert len(malformed) == 5


def _quiet_spot(folder, doc_id):
    """An offset in the middle of a turn of doc_id that no claim, mention or turn opening covers."""
    taken = set()
    for name, text_field in (("claims.csv", None), ("mentions.csv", None), ("turns.csv", "opening")):
        with open(folder / name, newline="", encoding="utf-8") as f:
            for r in csv.DictReader(f):
                if r["doc_id"] == doc_id:
                    start = int(r["start"])
                    end = start + len(r[text_field]) + 1 if text_field else int(r["end"])
                    taken.update(range(start, end))
    text = (folder / "texts" / f"{doc_id}.txt").read_text(encoding="utf-8")
    return next(i for i in range(len(text) // 2, len(text)) if i not in taken and text[i] == " ")


def test_a_nul_or_control_character_in_a_text_is_a_warning_with_line_and_column(corpus_copy):
    text_path = corpus_copy / "texts" / "llorenti_2021.txt"
    text = text_path.read_text(encoding="utf-8")
    at = _quiet_spot(corpus_copy, "llorenti_2021")
    docs = yaml.safe_load((corpus_copy / "documents.yaml").read_text(encoding="utf-8"))
    seed_path = corpus_copy / next(d["seed"] for d in docs if d["doc_id"] == "llorenti_2021")
    seed = seed_path.read_text(encoding="utf-8")
    around = text[at - 30:at + 30]
    assert seed.count(around) == 1
    changed = around[:30] + "\x00" + around[31:]
    text_path.write_text(text.replace(around, changed), encoding="utf-8")  # same length: every offset still holds
    seed_path.write_text(seed.replace(around, changed), encoding="utf-8")  # and the seed agrees: only the NUL is odd
    line = text.count("\n", 0, at) + 1
    col = at - text.rfind("\n", 0, at)
    code, lines = _lines(corpus_copy)
    assert code == 0, lines
    assert (f"texts/llorenti_2021.txt:{line}: text: warning: a NUL character (U+0000) at column {col} "
            f"(offset {at}); interview texts hold printable text") in "\n".join(lines)
    assert lines[-1].startswith("OK:") and "1 warning(s)" in lines[-1]
    load_corpus(corpus_copy)  # a warning: the corpus still loads


def test_a_control_character_in_a_cell_is_a_warning_naming_the_field(corpus_copy):
    _set_cell(corpus_copy / "claims.csv", 4, "paraphrase", "Mayta says\x01 the OAS failed.")
    code, lines = _lines(corpus_copy)
    assert code == 0
    assert ("claims.csv:6: paraphrase: warning: holds a control character (U+0001) at character 11 of the value"
            in "\n".join(lines))


def test_a_cut_off_last_row_is_a_problem_not_a_claim(corpus_copy):
    path = corpus_copy / "claims.csv"
    data = path.read_text(encoding="utf-8")
    body, last = data.rstrip("\n").rsplit("\n", 1)
    fields = next(csv.reader(io.StringIO(last)))
    cut = last[:last.index(fields[7]) + 20]  # the file ends inside the paraphrase, as after a failed copy
    path.write_text(body + "\n" + cut, encoding="utf-8")
    n_line = data.rstrip("\n").count("\n") + 1
    code, lines = _lines(corpus_copy)
    assert code == 1
    assert (f"claims.csv:{n_line}: row: the last row is cut off: it has 8 of the 12 fields and the file ends inside it "
            "(no line end); the file was probably not saved completely") in "\n".join(lines)
    raw, problems = read_corpus(corpus_copy)
    assert fields[0] not in {r["claim_id"] for r in raw.tables["claims"]}
    try:
        load_corpus(corpus_copy)
    except CorpusError as err:
        assert "the last row is cut off" in str(err)
    else:
        raise AssertionError("a cut-off row loaded as a claim")
    # the same row with its line end is an ordinary short row
    path.write_text(body + "\n" + cut + "\n", encoding="utf-8")
    assert f"claims.csv:{n_line}: row: has 8 fields, the header has 12" in "\n".join(_lines(corpus_copy)[1])


def test_a_document_url_must_be_a_web_address(corpus_copy):
    docs = corpus_copy / "documents.yaml"
    text = docs.read_text(encoding="utf-8")
    first = re.search(r"^  url: .*$", text, re.M)
    line = text.count("\n", 0, first.start()) + 1
    docs.write_text(text[:first.start()] + '  url: "javascript:alert(document.cookie)"' + text[first.end():], encoding="utf-8")
    code, lines = _lines(corpus_copy)
    assert code == 1
    assert (f"documents.yaml:{line}: url: must be a web address starting with https:// or http://, "
            "got 'javascript:alert(document.cookie)'") in "\n".join(lines)
    code, out = run_cli("export", corpus_copy, "-o", corpus_copy.parent / "out.jsonld")
    assert code == 1 and not (corpus_copy.parent / "out.jsonld").exists(), "no export of a corpus with a bad link"


def test_no_traceback_when_the_reader_of_the_output_stops(corpus_copy):
    path = corpus_copy / "claims.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",diagnostic,", ",diagnostical,"), encoding="utf-8")
    # validate | head -1: the reader takes one line and closes the pipe
    proc = subprocess.Popen([sys.executable, "-m", "helpers", "validate", str(corpus_copy)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert LINE.match(first.decode().strip())
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
    head = subprocess.run(f"{sys.executable} -m helpers validate {corpus_copy} | head -2", shell=True, cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert len(head.stdout.splitlines()) == 2 and head.stderr == "", head.stderr


def test_a_cut_off_coding_file_is_refused_with_its_line(tmp_path, corpus):
    from helpers.coding import load_coding, new_claim, save_claims

    rows = [new_claim(corpus, "mayta_2021", "the OAS has been useless", {"oas": "critical"}, "diagnostic",
                      ["pandemic_health"], "Mayta says the OAS was useless in the pandemic."),
            new_claim(corpus, "llorenti_2021", "capitalism", {}, "diagnostic", ["capitalism"], "Llorenti names capitalism.")]
    path = save_claims(rows, tmp_path / "my_coding.csv")
    assert len(load_coding(path)) == 2
    data = path.read_text(encoding="utf-8")
    cut = data[:data.rindex("llorenti_2021,") + 30]  # the save stopped inside the second claim's row
    path.write_text(cut, encoding="utf-8")
    try:
        load_coding(path)
    except ValueError as err:
        assert str(err).startswith(f"{path}:3: row: the last row is cut off: it has ") and "\n" not in str(err)
    else:
        raise AssertionError("a cut-off row loaded as a claim")
    path.write_text(cut + "\n", encoding="utf-8")
    try:
        load_coding(path)
    except ValueError as err:
        assert f"{path}:3: row: has " in str(err) and "the header has 12" in str(err)
    else:
        raise AssertionError("a short row loaded as a claim")
