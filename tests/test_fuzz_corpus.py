"""Property test: corrupt corpus files at random. `validate` never shows a traceback and
`load_corpus` raises nothing but CorpusError; every message is one `file:line: field: message` line.

Bounded for CI: 60 examples, each a fresh copy of the corpus with one corruption. The slow tier
(``python -m pytest -m slow``, left out of the default run and CI) runs the same property at 5,000.
"""

import contextlib
import csv
import io
import re
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CORPUS, cli
from helpers import CorpusError, load_corpus
from helpers.__main__ import main

LINE = re.compile(r"^\S+:\d+: [^:]+: .+$")
CSVS = ["speakers.csv", "institutions.csv", "turns.csv", "mentions.csv", "claims.csv", "events.csv"]
YAMLS = ["documents.yaml", "codebook.yaml"]
ODD_VALUES = ["", "5", "-1", "2021-02-30", "2021-13-01", "0000-00-00", "[mayta]", "{a: 1}", "null", "true",
              "\"unclosed", "x:y", "a|b", "99999999999999999999", "\x00", "é", "\ufeff", "1e9", "- a\n- b"]


def _csv_rows(text):
    return list(csv.reader(io.StringIO(text, newline="")))


def _csv_text(rows):
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


@st.composite
def corruption(draw):
    """(file name, new bytes): one random fault in one file of the corpus."""
    kind = draw(st.sampled_from(["cell", "swap columns", "truncate row", "bytes", "yaml value", "yaml shape", "drop line", "text"]))
    if kind in ("cell", "swap columns", "truncate row"):
        name = draw(st.sampled_from(CSVS))
        rows = _csv_rows((CORPUS / name).read_text(encoding="utf-8"))
        r = draw(st.integers(0, len(rows) - 1))
        if kind == "cell":
            c = draw(st.integers(0, len(rows[r]) - 1))
            rows[r][c] = draw(st.one_of(st.sampled_from(ODD_VALUES), st.text(max_size=8)))
        elif kind == "swap columns":
            order = draw(st.permutations(range(len(rows[0]))))
            rows = [[row[i] for i in order] for row in rows] if draw(st.booleans()) else \
                rows[:r] + [[rows[r][i] for i in order]] + rows[r + 1:]
        else:
            rows[r] = rows[r][:draw(st.integers(0, max(0, len(rows[r]) - 1)))]
        return name, _csv_text(rows).encode("utf-8")
    if kind in ("bytes", "drop line"):
        name = draw(st.sampled_from(CSVS + YAMLS + ["datapackage.json", "texts/mayta_2021.txt"]))
        data = (CORPUS / name).read_bytes()
        if kind == "drop line":
            lines = data.split(b"\n")
            del lines[draw(st.integers(0, len(lines) - 1))]
            return name, b"\n".join(lines)
        at = draw(st.integers(0, len(data)))
        junk = draw(st.sampled_from([b"\xff\xfe", b"\x00", b"\r", b'"', b",", b"\n", b"\xe9", b": ", b"- ", b"{", b"]"]))
        return name, data[:at] + junk + data[at + draw(st.integers(0, 3)):]
    if kind == "text":
        text = (CORPUS / "texts" / "llorenti_2021.txt").read_text(encoding="utf-8")
        at = draw(st.integers(0, len(text)))
        return "texts/llorenti_2021.txt", (text[:at] + draw(st.text(max_size=3)) + text[at + draw(st.integers(0, 3)):]).encode("utf-8", "surrogatepass")
    name = draw(st.sampled_from(YAMLS))
    lines = (CORPUS / name).read_text(encoding="utf-8").split("\n")
    keyed = [i for i, line in enumerate(lines) if re.match(r"^\s*-?\s*\w+:", line)]
    i = draw(st.sampled_from(keyed))
    key = lines[i].split(":", 1)[0]
    if kind == "yaml value":
        lines[i] = f"{key}: {draw(st.sampled_from(ODD_VALUES[:10]))}"
    else:  # shape: the list becomes a mapping, or a block is dedented
        lines[i] = lines[i].lstrip(" -") if draw(st.booleans()) else "  " + lines[i]
    return name, "\n".join(lines).encode("utf-8", "surrogatepass")


def _never_crashes(tmp_path_factory, fault):
    folder = tmp_path_factory.mktemp("fuzz") / "corpus"
    shutil.copytree(CORPUS, folder)
    name, data = fault
    (folder / name).write_bytes(data)

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["validate", str(folder)])  # any exception here fails the test: that is a traceback
    lines = out.getvalue().strip().splitlines()
    assert code in (0, 1), out.getvalue()
    for line in lines[:-1]:
        assert LINE.match(line), line
    try:
        load_corpus(folder)
    except CorpusError as err:
        assert code == 1 and err.problems
    else:
        assert code == 0, out.getvalue()


@pytest.mark.heavy  # validates 60 broken corpora: several seconds
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fault=corruption())
def test_random_corruption_never_crashes(tmp_path_factory, fault):
    _never_crashes(tmp_path_factory, fault)


@pytest.mark.slow
@settings(max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(fault=corruption())
def test_random_corruption_never_crashes_5000_examples(tmp_path_factory, fault):
    """The slow tier (python -m pytest -m slow): the same property at 5,000 examples."""
    _never_crashes(tmp_path_factory, fault)


@pytest.mark.parametrize("name, old, new", [
    ("documents.yaml", "  interviewee: mayta\n", "  interviewee: [mayta]\n"),
    ("codebook.yaml", "stances:\n", "stances: 5\nwere:\n"),
    ("events.csv", "1948-04-30", "1948-02-30"),
])
def test_the_command_line_shows_no_traceback(corpus_copy, name, old, new):
    path = corpus_copy / name
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    code, out = cli("validate", corpus_copy)
    assert code == 1 and "Traceback" not in out and out.strip().splitlines()[-1].endswith("Fix the lines above and run again.")
