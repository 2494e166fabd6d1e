"""Checks in a live IPython session: answer cells that fail or hold a bare word, growing hints, progress()."""

import json

import nbformat
import pytest

from helpers import checks


@pytest.fixture
def shell():
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    assert checks.install(shell)
    shell.run_cell("from helpers import check")
    checks.RESULTS.clear()
    checks._WRONG.clear()
    yield shell
    InteractiveShell.clear_instance()


def run(shell, capsys, source):
    result = shell.run_cell(source)
    return result, capsys.readouterr().out


def test_a_bare_letter_runs_and_its_check_asks_for_quotes(shell, capsys):
    run(shell, capsys, 'answer_2_4 = "c"')
    result, _ = run(shell, capsys, "answer_2_4 = b")
    assert result.success  # Run All goes on
    _, out = run(shell, capsys, 'check("02_mention_or_claim", answer_2_4)')
    assert "without quotes" in out and '"b"' in out and "Correct" not in out
    _, out = run(shell, capsys, 'answer_x = mayta_c01, mayta_c02\ncheck("01_elected", answer_x)')
    assert '"mayta_c01", "mayta_c02"' in out
    defined, _ = run(shell, capsys, "b = 'a'\nanswer_2_4 = b")  # a name that exists is left alone
    assert shell.user_ns["answer_2_4"] == "a" and type(shell.user_ns["answer_2_4"]) is str


def test_a_failing_answer_cell_is_reported_instead_of_the_old_value(shell, capsys):
    run(shell, capsys, 'answer_2_4 = "c"')
    result, _ = run(shell, capsys, "answer_2_4 = B.upper()")
    assert not result.success
    _, out = run(shell, capsys, 'check("02_mention_or_claim", answer_2_4)')
    assert "your answer cell raised NameError" in out and 'in quotes, e.g. "b"' in out
    assert checks.RESULTS["02_mention_or_claim"] == "error"
    result, _ = run(shell, capsys, 'answer_2_4 = ["a",')  # a syntax error is reported too
    _, out = run(shell, capsys, 'check("02_mention_or_claim", answer_2_4)')
    assert "raised SyntaxError" in out


def test_hints_grow_with_different_wrong_answers_and_never_give_the_answer(shell, capsys, corpus):
    from helpers.checks import expected

    want = sorted(expected("01_outlet_coup", corpus))
    wrong = [want[:1], want[:1] + ["mayta_c01"], ["mayta_c01"]]
    outs = [run(shell, capsys, f'check("01_outlet_coup", {w!r})')[1] for w in wrong]
    assert "Second try" not in outs[0] and "Second try" in outs[1] and "Third try" in outs[2]
    assert f"0 of your 1 is right, 1 should not be there, and {len(want)} are missing" in outs[2]
    assert not any(i in out for out in outs for i in want[1:])
    _, again = run(shell, capsys, f'check("01_outlet_coup", {wrong[2]!r})')  # the same wrong answer again
    assert "Third try" in again


def test_space_separated_ids_are_read_like_comma_separated(corpus):
    from helpers.checks import expected, is_correct

    ids = sorted(i.replace(" ", "_") for i in expected("01_outlet_coup", corpus))  # canonical form: spaces for "_"
    assert is_correct("01_outlet_coup", " ".join(ids), corpus) and is_correct("01_outlet_coup", ", ".join(ids), corpus)


def test_progress_reads_the_saved_notebooks_and_this_session(tmp_path, shell, capsys):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell('answer_0_1 = 2'), nbformat.v4.new_code_cell('check("00_documents", answer_0_1)'),
                nbformat.v4.new_code_cell('answer_0_2 = None'), nbformat.v4.new_code_cell('check("00_llorenti_alba", answer_0_2)'),
                nbformat.v4.new_markdown_cell("*Write your answer here.*", metadata={"nbgrader": {"solution": True, "grade_id": "00_q_answer"}}),
                nbformat.v4.new_markdown_cell("Mayta says…", metadata={"nbgrader": {"solution": True, "grade_id": "00_r_answer"}})]
    nbformat.write(nb, tmp_path / "00_mine.ipynb")
    (tmp_path / "notes.ipynb").write_text(json.dumps({"cells": []}))  # not a numbered notebook: not listed
    shown = checks.progress(tmp_path, current="00_mine.ipynb")
    assert shown.module == [{"notebook": "00_mine", "summary": "1 of 2 self-checks pass; 1 not tried; 1 of 2 open questions written"}]
    assert [(r["exercise"], r["state"]) for r in shown.current] == [
        ("00_documents", "pass"), ("00_llorenti_alba", "not tried"), ("00_q", "empty"), ("00_r", "written")]
    run(shell, capsys, 'check("00_documents", 5)')  # this session's verdict wins over the saved file
    assert checks.progress(tmp_path, current="00_mine.ipynb").current[0]["state"] == "not yet"
    assert "✗ 00_documents: not yet" in repr(checks.progress(tmp_path, current="00_mine.ipynb"))


def _number_forms(value):
    """The ways a number answer can be typed: digits, and the word for small numbers."""
    n = int(value)
    from helpers.answers import NUMBER_WORDS

    words = {v: k for k, v in NUMBER_WORDS.items()}
    return [rf"(?<![\d.]){n}(?!\d|\.\d)"] + ([rf"\b{words[n]}\b"] if n in words else [])


def test_every_exercise_has_two_growing_hints_that_never_give_the_answer(corpus):
    """Issue 20, item 4: a second and third wrong answer get a more specific hint, never the answer."""
    import re

    from helpers.answer_key import KEY
    from helpers.checks import answer_hash, canonical, expected

    for exercise_id, exercise in KEY.items():
        second, third = exercise.more_hints  # exactly two
        assert second.strip() and third.strip() and len({exercise.hint, second, third}) == 3, exercise_id
        hints, patterns = (second, third), []
        if exercise.answer is None:  # a hashed letter: find which one, and it must not be pointed at
            want = [x for x in "abcde" if answer_hash(exercise_id, x, exercise.kind) in exercise.hashed]
            assert want, exercise_id
        else:
            want = expected(exercise_id, corpus)
        if exercise.kind == "choice":
            for x in (want if isinstance(want, list) else [want]):
                patterns += [rf'"{x}"', rf"\({x}\)", rf" {x}\)", rf"\b(?:option|answer|letter)s? {x}\b"]
            hints = (exercise.hint, second, third)
        elif exercise.kind == "number":
            patterns += _number_forms(want)
            hints = (exercise.hint, second, third)
        else:  # names and ids, in every spelling the check accepts (mayta_c02, "mayta c02", Brasil de Fato)
            for name in (want if isinstance(want, frozenset) else [want]):
                patterns += [re.escape(name), re.escape(name.replace(" ", "_"))]
            names = checks._synonyms(exercise, corpus)
            patterns += [re.escape(typed) for typed, form in names.items() if form in (
                want if isinstance(want, frozenset) else {want})]
        for hint in hints:
            for pattern in patterns:
                hit = re.search(pattern, canonical("word", hint) if exercise.kind not in ("choice", "number")
                                else hint, re.IGNORECASE)
                assert not hit, f"{exercise_id}: a hint gives the answer ({hit.group()!r}): {hint}"


def test_the_second_and_third_wrong_answers_print_the_exercise_s_own_hints(shell, capsys):
    from helpers.answer_key import KEY

    second, third = KEY["02_stance_rule"].more_hints
    outs = [run(shell, capsys, f'check("02_stance_rule", "{x}")')[1] for x in "acd"]
    assert second not in outs[0] and third not in outs[0]
    assert second in outs[1] and third not in outs[1]
    assert third in outs[2] and "Hints stop here" in outs[2]
