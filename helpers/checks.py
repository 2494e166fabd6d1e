"""Self-checks for the exercises, and the one answer key that grading uses too.

The student's self-check and nbgrader's grading are one call, ``check(exercise_id, answer)``,
in a read-only test cell: it prints the verdict, and under nbgrader a wrong answer also fails
the cell. So the self-check and the grade can never disagree. Each exercise's answer is defined once,
in ``helpers/answer_key.py``: answers that are facts about the corpus (a count, a list of
ids) are computed from the loaded corpus when the check runs, so they stay right when an
instructor adds interviews; fixed answers (a letter) are stored only as hashes.

A fair answer counts, however it is typed: ``11``, ``"11"``, ``" 11 "`` and ``11.0`` are
the same number; ``"b"``, ``"B"``, ``"b)"``, ``"(b)"`` and ``"b."`` the same letter; a list
of ids may come in any order, as a tuple, a set or one comma-separated string.

>>> is_correct("00_demo", "4")
True
>>> check("00_demo", "five")
✗ Not yet. Hint: count the words in the sentence, then type the number.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .answer_key import KEY
from .answers import Exercise, answer_hash, canonical

__all__ = ["check", "is_correct", "Exercise", "answer_hash", "progress", "install"]


# --- the checks ----------------------------------------------------------------------------

def _exercise(exercise_id: str) -> Exercise:
    if not isinstance(exercise_id, str) or exercise_id not in KEY:
        raise KeyError(f"There is no self-check called {exercise_id!r}. Check the spelling in the cell above.")
    return KEY[exercise_id]


def _default_corpus():
    from .corpus import load_corpus
    from .validate import default_corpus_path

    path = default_corpus_path()
    stamp = tuple((p.name, p.stat().st_mtime_ns) for p in sorted(path.glob("*")) if p.is_file())
    if _CACHE.get("key") != (path, stamp):
        _CACHE.update(key=(path, stamp), corpus=load_corpus(path))
    return _CACHE["corpus"]


_CACHE: dict = {}


def expected(exercise_id: str, corpus=None):
    """The canonical right answer of a derived exercise (for tests and instructors; never printed)."""
    exercise = _exercise(exercise_id)
    if exercise.answer is None:
        raise ValueError(f"{exercise_id} has a fixed answer, stored only as a hash")
    corpus = corpus if corpus is not None else _default_corpus()
    return canonical(exercise.kind, exercise.answer(corpus), _synonyms(exercise, corpus))


def _synonyms(exercise: Exercise, corpus) -> dict:
    if callable(exercise.synonyms):
        return exercise.synonyms(corpus if corpus is not None else _default_corpus())
    return exercise.synonyms


def is_correct(exercise_id: str, answer, corpus=None) -> bool:
    """True if ``answer`` is right for ``exercise_id``. The self-check and the grader both use this.

    Derived answers are computed from ``corpus`` (default: the corpus that ``load_corpus()``
    loads, which is the bundled one unless ``CLAIMS_CORPUS`` names another).
    """
    exercise = _exercise(exercise_id)
    given = canonical(exercise.kind, answer, _synonyms(exercise, corpus))
    if given is None:
        return False
    if exercise.answer is not None:
        return given == expected(exercise_id, corpus)
    return answer_hash(exercise_id, answer, exercise.kind) in exercise.hashed


def check(exercise_id: str, answer, corpus=None) -> None:
    """Print feedback on ``answer``: correct, not yet (with a hint), or no answer yet. Never the answer.

    A second and a third wrong answer to the same exercise get a more specific hint (how many of your
    ids are right, whether a number is too high or too low), never the answer. When the answer cell
    raised an error, or held a bare word such as ``b`` without quotes, the check says so instead of
    judging an older value.

    When nbgrader runs the notebook to grade or validate it (it then sets the environment
    variable ``NBGRADER_EXECUTION``), a wrong or missing answer also fails the cell, which is
    how nbgrader withholds the point. So the grade is exactly the verdict the student saw.
    """
    exercise = _exercise(exercise_id)
    right, verdict = False, "wrong"
    if isinstance(answer, FailedAnswer):
        verdict = "error"
        print(f"✗ Not checked: your answer cell raised {answer.error}"
              + (f" ({answer.message})" if answer.message else "") + f". {answer.advice()} "
              "Fix the answer cell, run it, then run this check again.")
    elif isinstance(answer, Unquoted):
        verdict = "error"
        print(f"✗ Not checked: your answer cell has {answer} without quotes, so Python reads it as the name of a "
              f"variable. Put it in quotes, e.g. {answer.quoted()}, run that cell, then run this check again.")
    elif answer is None or answer is ... or (isinstance(answer, str) and not answer.strip()):
        verdict = "empty"
        print("No answer yet: replace None with your answer, then run this cell again.")
    elif is_correct(exercise_id, answer, corpus):
        right, verdict = True, "pass"
        print("✓ Correct." + (f" {exercise.well_done}" if exercise.well_done else ""))
    elif canonical(exercise.kind, answer, _synonyms(exercise, corpus)) is None:
        print(f"✗ Not yet: this exercise needs {_KIND_WORDS[exercise.kind]}. Hint: {exercise.hint}")
    else:
        tries = _WRONG.setdefault(exercise_id, [])
        form = repr(canonical(exercise.kind, answer, _synonyms(exercise, corpus)))
        if form not in tries:
            tries.append(form)
        print(f"✗ Not yet. Hint: {exercise.hint}" + _more_hint(exercise_id, exercise, answer, corpus, len(tries)))
    RESULTS[exercise_id] = verdict
    if (_GRADING or os.environ.get("NBGRADER_EXECUTION")) and not right:
        raise AssertionError(f"{exercise_id}: no point for this answer")


# Read once, when the notebook imports the helpers: a later cell that removes the variable does not
# turn grading off (such a cell is also flagged at autograde, and grading_hooks.VerdictMustAgree gives no
# point unless the check printed "✓ Correct").
_GRADING = bool(os.environ.get("NBGRADER_EXECUTION"))
RESULTS: dict = {}  # exercise id -> "pass", "wrong", "empty" or "error": the last verdict in this session
_WRONG: dict = {}  # exercise id -> the different wrong answers given in this session


def _more_hint(exercise_id: str, exercise: Exercise, answer, corpus, tries: int) -> str:
    """From the second different wrong answer on: a hint about *this* answer, never the answer itself.

    >>> _WRONG.clear(); check("00_demo", 7); check("00_demo", 6); check("00_demo", 3)  # doctest: +ELLIPSIS
    ✗ Not yet. Hint: count the words in the sentence, then type the number.
    ✗ Not yet. Hint: count the words in the sentence, then type the number. Second try: say the sentence aloud ...
    ✗ Not yet. Hint: count the words in the sentence, then type the number. Third try: your number is too low. ...
    """
    if tries < 2:
        return ""
    extra = list(exercise.more_hints)
    if tries == 2:
        return " Second try: " + (extra[0] if extra else (
            "read the question again for what exactly is counted (claims or rows, one speaker or all), then "
            "count again in the cell that shows it." if exercise.kind == "number" else
            "check each item against the table the notebook shows, one by one." if exercise.kind in ("ids", "words") else
            "read the options again next to the passage or rule they are about; the codebook (corpus/CODEBOOK.md) "
            "has the rule." if exercise.kind == "choice" else
            "check the spelling against the table or codebook the question points to."))
    detail = extra[1] if len(extra) > 1 else ""
    if exercise.answer is not None:
        want = expected(exercise_id, corpus)
        given = canonical(exercise.kind, answer, _synonyms(exercise, corpus))
        if exercise.kind == "number" and isinstance(given, float):
            detail = f"your number is too {'high' if given > want else 'low'}. " + detail
        elif isinstance(given, frozenset):
            right, wrong, missing = len(given & want), len(given - want), len(want - given)
            detail = (f"{right} of your {len(given)} {'is' if len(given) == 1 else 'are'} right"
                      + (f", {wrong} should not be there" if wrong else "")
                      + (f", and {missing} {'is' if missing == 1 else 'are'} missing" if missing else "") + ". " + detail)
    return " Third try: " + (detail.strip() or (extra[0] if extra else
                                              "ask a classmate or your instructor to look at it with you.")) + \
        " (Hints stop here: the check never gives the answer.)"


class Unquoted(str):
    """What an answer cell holds when a student typed a bare word (``answer_2_4 = b``): see ``install``."""

    def quoted(self) -> str:
        return ", ".join(f'"{part.strip()}"' for part in self.split(","))


class FailedAnswer:
    """What an ``answer_…`` variable holds after its cell raised an error: the check reports the error."""

    def __init__(self, error: str, message: str = ""):
        self.error, self.message = error, message

    def advice(self) -> str:
        if self.error == "NameError":
            return 'Put letters, words and ids in quotes, e.g. "b".'
        if self.error == "SyntaxError":
            return 'Check the quotes and brackets: e.g. answer = "b", or answer = ["mayta_c01", "mayta_c02"].'
        return ""

    def __repr__(self) -> str:
        return f"<the answer cell raised {self.error}>"


def _answer_names(source: str) -> list[str]:
    """Names ``answer_…`` that a cell assigns at top level (read even when the cell has a syntax error)."""
    return list(dict.fromkeys(re.findall(r"^\s*(answer_\w+)\s*=", source, re.M)))


def _quote_bare_names(tree, namespace):
    """``answer_x = b`` (``b`` defined nowhere) becomes ``answer_x = Unquoted("b")``: the cell runs, so Run All
    goes on, and the check under it says to use quotes. Only for top-level assignments to ``answer_…``."""
    import ast
    import builtins

    bound = _names_bound(tree)

    def bare(node):  # a name defined nowhere: not in the session, not in this cell, not a builtin
        return (isinstance(node, ast.Name) and node.id not in namespace and node.id not in bound
                and not hasattr(builtins, node.id))

    for node in tree.body:
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                and node.targets[0].id.startswith("answer_")):
            continue
        value = node.value
        parts = value.elts if isinstance(value, (ast.Tuple, ast.List)) else [value]
        if parts and all(bare(part) for part in parts):
            text = ", ".join(part.id for part in parts)
            node.value = ast.copy_location(ast.Call(
                func=ast.Attribute(value=ast.Call(func=ast.Name("__import__", ast.Load()),
                                                  args=[ast.Constant("helpers.checks")],
                                                  keywords=[ast.keyword("fromlist", ast.List([ast.Constant("Unquoted")], ast.Load()))]),
                                   attr="Unquoted", ctx=ast.Load()),
                args=[ast.Constant(text)], keywords=[]), value)
    return ast.fix_missing_locations(tree)


def _names_bound(tree) -> set:
    """The names a cell defines: assigned, defined (def, class) or imported."""
    import ast

    bound = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    bound |= {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))}
    bound |= {(a.asname or a.name).split(".")[0] for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))
              for a in n.names}
    return bound


def install(shell=None) -> bool:
    """Teach the running IPython kernel to keep answers honest (done when ``helpers`` is imported):

    - an answer cell with a bare word (``answer_2_4 = b``) runs, and its check asks for quotes;
    - an answer cell that raises leaves ``FailedAnswer`` in its ``answer_…`` variables, so the check
      reports the error instead of judging the value the variable held before.
    Returns False outside IPython.
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = shell or get_ipython()
    if shell is None or getattr(shell, "_claims_checks_installed", False):
        return shell is not None
    import ast

    class QuoteBareAnswers(ast.NodeTransformer):
        def visit_Module(self, tree):
            return _quote_bare_names(tree, shell.user_ns)

    def after(result):
        if result.error_before_exec is None and result.error_in_exec is None:
            return
        error = result.error_in_exec or result.error_before_exec
        source = getattr(result.info, "raw_cell", "") or ""
        for name in _answer_names(source):
            shell.user_ns[name] = FailedAnswer(type(error).__name__, str(error).split("\n")[0][:120])

    shell.ast_transformers.append(QuoteBareAnswers())
    shell.events.register("post_run_cell", after)
    shell._claims_checks_installed = True
    return True


_KIND_WORDS = {
    "number": 'a number, e.g. 7 or "7"',
    "choice": 'one letter in quotes, e.g. "a"',
    "word": 'a word in quotes, e.g. "critical"',
    "words": 'a list of names in quotes, e.g. ["sovereignty", "capitalism"]',
    "ids": 'a list of ids in quotes, e.g. ["mayta_c01", "mayta_c02"]',
    "speaker": 'a speaker\'s name or id in quotes, e.g. "Mayta"',
}


# --- progress ------------------------------------------------------------------------------

OPEN_PLACEHOLDERS = ("*write your answer here.*", "write your answer here.", "your answer here", "")


def _notebook_status(path, session: dict | None = None) -> list[dict]:
    """Each exercise of a saved notebook: its id, kind ("check" or "open") and state.

    The state of a self-check is "pass", "not yet" (answered, not right), "not tried" or "error"; it is read
    from the saved answer cell (``answer_x = "b"``), or from ``session`` (this kernel's checks) when given.
    An open question is "written" or "empty".
    """
    import json

    cells = json.loads(Path(path).read_text(encoding="utf-8")).get("cells", [])
    answers = _saved_answers(cells)
    rows = []
    for cell in cells:
        source = "".join(cell.get("source", []))
        grading = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") == "code":
            for exercise_id, name in re.findall(r'check\(\s*"([^"]+)"\s*,\s*(answer_\w+)\s*\)', source):
                state = _check_state(exercise_id, answers.get(name), session)
                if state is not None:
                    rows.append({"exercise": exercise_id, "kind": "check", "state": state})
        elif cell.get("cell_type") == "markdown" and grading.get("solution"):
            written = source.strip().casefold() not in OPEN_PLACEHOLDERS
            rows.append({"exercise": grading.get("grade_id", "open question").removesuffix("_answer"), "kind": "open",
                         "state": "written" if written else "empty"})
    return rows


def _saved_answers(cells: list) -> dict:
    """{answer_… name: the value its code cell assigns}, read without running the cell (``FailedAnswer``
    when the value is not a plain literal or the cell is not valid Python)."""
    import ast

    answers = {}
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        source = "".join(cell.get("source", []))
        for name in _answer_names(source):
            try:
                tree = ast.parse(source)
                node = next(n for n in tree.body if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == name)
                answers[name] = ast.literal_eval(node.value)
            except (SyntaxError, ValueError, StopIteration):
                answers[name] = FailedAnswer("an error")
    return answers


def _check_state(exercise_id: str, value, session: dict | None) -> str | None:
    """A self-check's state: this session's verdict if it has one, else the saved answer's (None: no such exercise)."""
    if session and exercise_id in session:
        return {"pass": "pass", "wrong": "not yet", "empty": "not tried", "error": "error"}[session[exercise_id]]
    if value is None or (isinstance(value, str) and not value.strip()):
        return "not tried"
    if isinstance(value, FailedAnswer):
        return "error"
    try:
        return "pass" if is_correct(exercise_id, value) else "not yet"
    except KeyError:
        return None


class Progress:
    """What ``progress()`` shows: ``.module`` (one row per notebook) and ``.current`` (this notebook's exercises)."""

    def __init__(self, module, current, current_name):
        self.module, self.current, self.current_name = module, current, current_name

    def __repr__(self) -> str:
        lines = [f"{r['notebook']}: {r['summary']}" for r in self.module]
        if self.current:
            lines += ["", f"This notebook ({self.current_name}):"]
            lines += [f"  {_MARK[r['state']]} {r['exercise']}: {r['state']}" for r in self.current]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        import html
        parts = []
        if self.current:
            items = "".join(f"<li>{_MARK[r['state']]} <code>{html.escape(r['exercise'])}</code>: {html.escape(r['state'])}"
                            "</li>" for r in self.current)
            parts.append(f"<p><b>This notebook ({html.escape(self.current_name)})</b></p><ul class='claims-progress'>{items}</ul>")
        rows = "".join(f"<tr><td>{html.escape(r['notebook'])}</td><td>{html.escape(r['summary'])}</td></tr>"
                       for r in self.module)
        parts.append("<table class='claims-progress-table'><caption style='text-align:left'><b>The module</b> "
                     "(from the saved notebooks: save with Ctrl+S first)</caption><thead><tr><th scope='col' "
                     "style='text-align:left'>Notebook</th><th scope='col' style='text-align:left'>Self-checks and "
                     f"open questions</th></tr></thead><tbody>{rows}</tbody></table>")
        return "".join(parts)


_MARK = {"pass": "✓", "not yet": "✗", "not tried": "○", "error": "!", "written": "✓", "empty": "○"}


def _summary(rows: list[dict]) -> str:
    checks = [r for r in rows if r["kind"] == "check"]
    opens = [r for r in rows if r["kind"] == "open"]
    count = lambda state, among: sum(r["state"] == state for r in among)  # noqa: E731
    parts = [f"{count('pass', checks)} of {len(checks)} self-checks pass"]
    if count("not yet", checks) + count("error", checks):
        parts.append(f"{count('not yet', checks) + count('error', checks)} not yet right")
    if count("not tried", checks):
        parts.append(f"{count('not tried', checks)} not tried")
    if opens:
        parts.append(f"{count('written', opens)} of {len(opens)} open question{'' if len(opens) == 1 else 's'} written")
    return "; ".join(parts)


def progress(folder=None, current=None) -> Progress:
    """Which self-checks pass, which are not tried yet, which open questions are still empty: for this
    notebook (this session's checks; ``current``: its file name, found from JupyterLab when not given) and
    for every notebook of the module (read from the saved files in ``folder``, default: this folder).

    >>> import pathlib; p = progress(pathlib.Path(__file__).parent.parent / "notebooks", current="00_start_here.ipynb")
    >>> p.module[0]["summary"].split(";")[0].endswith("self-checks pass")
    True
    """
    folder = Path(folder) if folder is not None else Path.cwd()
    if current is None and os.environ.get("JPY_SESSION_NAME"):
        current = Path(os.environ["JPY_SESSION_NAME"]).name
    module, here = [], []
    for path in sorted(folder.glob("[0-9][0-9]_*.ipynb")):
        module.append({"notebook": path.stem, "summary": _summary(_notebook_status(path))})
    for place in (folder, Path.cwd()):
        if current and (place / Path(current).name).exists():
            here = _notebook_status(place / Path(current).name, session=RESULTS)
            break
    return Progress(module, here, current or "")
