"""The self-check and the grader agree on every answer, on any corpus.

Each instructor notebook runs in a fresh kernel with its solutions. A probe cell then feeds every
autograded exercise its solution, the fair variants a human grader would accept (a number typed
as text, any case and spacing, any list order, "b)", "(b)", "b.", a trailing full stop) and
some wrong or blank answers. It runs the exercise's own test cell twice: as the student runs it
(the verdict it prints) and as nbgrader runs it, with NBGRADER_EXECUTION set (whether the cell
fails, which withholds the point). Both verdicts must be the expected one.

The whole run is repeated on a bigger corpus: the interviews added by the instructor guide's
route (tests/test_new_interview.py: one per layout, new speakers, added without code) and a copy of
the Mayta interview, so that every answer computed from the data changes. There each notebook must
also run without an error, read that corpus, and accept its own solutions in its self-checks.
"""

import json
import re

import nbformat
import pytest
from conftest import ROOT
from helpers.nbrun import run_notebook
from synthetic import with_extra_document
from test_new_interview import bigger_corpus  # noqa: F401  (a fixture: interviews added by the guide's route)


INSTRUCTOR = sorted((ROOT / "instructor" / "source").glob("*/*.ipynb"))
GROUPS = [("diagnostic", "prognostic", "motivational"), ("critical", "supportive", "neutral")]
CHECK_CALL = re.compile(r"""check\("(?P<id>\w+)", (?P<var>answer_\d+_\d+)\)""")
ANY_CHECK = re.compile(r"""\bcheck\(\s*["'][\w]+["']\s*,""")

PROBE = r'''
import contextlib, io, json, numbers
import numpy as np
from helpers.answer_key import KEY

def _fair(kind, value, corpus):
    if kind == "number":
        n = int(value) if float(value).is_integer() else value
        return [n, str(n), f" {n} ", float(n), f"{n}.", np.int64(n) if isinstance(n, int) else n, [n]]
    if kind == "choice":
        return [value, value.upper(), f"{value})", f"({value})", f"{value}.", f" {value} ", f"{value.upper()}."]
    if kind == "word":
        return [value, value.upper(), value.title(), f" {value} ", f"{value}.", f"'{value}'"]
    if kind == "speaker":
        row = corpus.speakers.set_index("speaker_id").loc[value]
        return [value, row["name"], row["short_name"].upper(), f" {row['name']} "]
    items = [str(v) for v in value]
    return [items, items[::-1], tuple(items), set(items), ", ".join(items), [v.upper() for v in items],
            items + items[:1]]

def _wrong(kind, value):
    if kind == "number":
        return [float(value) + 1, str(int(float(value)) + 2), "", "lots", True]
    if kind == "choice":
        return [l for l in "abcd" if l != value][:2] + ["", "ab", 1]
    if kind in ("word", "speaker"):
        return [value + "x", "", "none of them", 3]
    items = [str(v) for v in value]
    return [items[:-1], items + ["mayta_c99"], [], "", items[0]]

def _verdicts(test_source, var, candidate):
    import os
    globals()[var] = candidate
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(test_source, globals())            # as the student runs it
        os.environ["NBGRADER_EXECUTION"] = "autograde"
        try:
            exec(test_source, globals())        # as nbgrader runs it
            graded = True
        except AssertionError:
            graded = False
        finally:
            del os.environ["NBGRADER_EXECUTION"]
    return out.getvalue().startswith("✓ Correct"), graded

_results = {}
for _id, _var, _source in PAIRS:
    _kind = KEY[_id].kind
    _solution = globals()[_var]
    if hasattr(_solution, "tolist"):
        _solution = _solution.tolist()
    _cases = [(c, True) for c in _fair(_kind, _solution, corpus)] + [(c, False) for c in _wrong(_kind, _solution)]
    _results[_id] = [[repr(c), want, *_verdicts(_source, _var, c)] for c, want in _cases]
    globals()[_var] = _solution
print("PROBE" + json.dumps(_results))
'''


def stream(cell) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")


def probe(path, workdir):
    """Run the notebook with the probe cell at its end; return (the probe's results, the executed notebook).

    The run raises CellExecutionError naming the cell if any cell fails."""
    nb = nbformat.read(path, as_version=4)
    pairs = [(m["id"], m["var"], c.source) for c in nb.cells if c.cell_type == "code"
             and c.metadata.get("nbgrader", {}).get("grade") for m in [CHECK_CALL.search(c.source)] if m]
    assert pairs, f"{path.name} has no autograded exercise"
    nb.cells.append(nbformat.v4.new_code_cell(f"PAIRS = {pairs!r}\nprint('CORPUS', corpus.path)\n{PROBE}"))
    run_notebook(nb, workdir, widget_state=False)
    return json.loads(stream(nb.cells[-1]).split("PROBE", 1)[1]), nb


def assert_agreement(results):
    assert results
    for exercise, cases in results.items():
        assert len(cases) >= 8, exercise
        for candidate, want, self_check, hidden_test in cases:
            assert self_check == hidden_test == want, (
                f"{exercise}: answer {candidate}: expected {'right' if want else 'wrong'}, "
                f"self-check said {'✓' if self_check else '✗'}, hidden test {'passed' if hidden_test else 'failed'}")


@pytest.mark.notebooks
@pytest.mark.parametrize("path", INSTRUCTOR, ids=lambda p: p.stem)
def test_self_check_and_grader_agree_on_the_bundled_corpus(path, tmp_path, monkeypatch):
    monkeypatch.delenv("CLAIMS_CORPUS", raising=False)
    assert_agreement(probe(path, tmp_path)[0])


@pytest.fixture(scope="module")
def more_interviews(tmp_path_factory, bigger_corpus):  # noqa: F811
    """The bundled corpus, the interviews the guide's route added (new speakers) and a copy of the Mayta interview."""
    return with_extra_document(tmp_path_factory.mktemp("bigger") / "corpus", source=bigger_corpus[0])


@pytest.mark.notebooks
@pytest.mark.parametrize("path", INSTRUCTOR, ids=lambda p: p.stem)
def test_every_notebook_runs_and_self_check_and_grader_agree_on_a_bigger_corpus(path, tmp_path, monkeypatch,
                                                                                more_interviews):
    monkeypatch.setenv("CLAIMS_CORPUS", str(more_interviews))
    results, nb = probe(path, tmp_path)
    assert f"CORPUS {more_interviews}\n" in stream(nb.cells[-1]), "the notebook read the bigger corpus"
    checks = [c for c in nb.cells[:-1] if c.cell_type == "code" and ANY_CHECK.search(c.source)]
    assert checks, "every notebook has self-checks"
    for cell in checks:
        assert "✓ Correct" in stream(cell), (path.stem, cell.source, stream(cell))
    assert_agreement(results)


def test_the_bigger_corpus_changes_the_derived_answers(more_interviews, bigger_corpus):  # noqa: F811
    from helpers import load_corpus
    from helpers.checks import expected

    bundled, bigger = load_corpus(ROOT / "corpus"), load_corpus(more_interviews)
    added = bigger_corpus[1]
    assert expected("00_documents", bigger) == expected("00_documents", bundled) + len(added) + 1
    assert set(added.values()) <= set(bigger.documents.doc_id), "the guide's interviews are in it"
    assert expected("03_mayta_critical", bigger) > expected("03_mayta_critical", bundled)
    from helpers.checks import is_correct
    assert not is_correct("00_documents", len(bundled.documents), corpus=bigger)


def test_every_autograded_exercise_has_one_key_entry_and_one_test_cell():
    """The test cell is the student's self-check itself: no second, hand-written comparison."""
    from helpers.answer_key import KEY

    seen = []
    for path in INSTRUCTOR:
        for cell in nbformat.read(path, as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type == "code" and meta.get("grade"):
                match = CHECK_CALL.fullmatch(cell.source)
                assert match, f"a test cell is one self-check call and nothing else: {cell.source!r}"
                assert meta["locked"] and meta["points"] == 1 and meta["grade_id"] == f"{match['id']}_tests"
                seen.append(match["id"])
    assert len(seen) == len(set(seen))
    assert set(seen) == set(KEY) - {"00_demo"}


def test_feedback_never_prints_the_answer(capsys):
    from helpers.answer_key import KEY
    from helpers.checks import check, expected

    for exercise, entry in KEY.items():
        check(exercise, "certainly not the answer")
        out = capsys.readouterr().out
        assert out.startswith("✗ Not yet") and entry.hint in out
        if entry.answer is not None:
            right = expected(exercise)
            shown = sorted(right) if isinstance(right, frozenset) else [right]
            for value in shown:
                text = str(int(value)) if isinstance(value, float) else str(value)
                group = next((g for g in GROUPS if text in g), None)
                if group and all(option in out for option in group):
                    continue  # the hint lists every option of the category, not the answer
                if len(text) > 2:  # a one-letter answer or a small number occurs in any hint
                    assert text.lower() not in out.lower(), (exercise, text)
        check(exercise, None)
        assert capsys.readouterr().out.startswith("No answer yet")
        check(exercise, "   ")
        assert capsys.readouterr().out.startswith("No answer yet")
    with pytest.raises(KeyError, match="no self-check called"):
        check("99_nothing", 1)
