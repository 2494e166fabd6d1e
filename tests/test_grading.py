"""The grading workflow of the instructor guide, end to end with nbgrader, as a class would use it.

All eight notebooks are released as eight assignments. Two students hand in every one through an
LMS: María López with right answers, half as the solutions have them and half in fair variants
typed the way students type ("(B)", " 11 ", a list in another order), and Pat O'Brien with wrong
or blank answers (and, in notebook 4, a line that tries to switch grading off). A third student,
Ana Álvarez, hands in notebook 2 with fair variants only. In notebook 2 each of the three codes two
turns differently with the claim coder, runs the comparison and hands in the notebook alone. Each assignment is downloaded in
the four ways of the guide (Canvas, Moodle, Blackboard, by hand), with the names those LMSs give
(numbers, "late", a resubmission, an older attempt), and collected with ``collect.py``.

Collection is checked for every style and assignment: the same id for a student in every assignment,
the latest attempt, nothing skipped, and the collected notebooks identical across the styles. Since
what nbgrader grades is then the same file whatever the style, one autograde pass (on the Canvas
course) checks the rest of the chain: the scores, the totals, the feedback, the split export, the
tampering flag, the grader's view of each student's coding and the class coding report.
"""

import csv
import json
import math
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from conftest import ROOT
from helpers.nbrun import run_notebook

sys.path.insert(0, str(ROOT / "instructor"))
import collect  # noqa: E402  (instructor/collect.py)

pytestmark = pytest.mark.notebooks
INSTRUCTOR = ROOT / "instructor"
ASSIGNMENTS = sorted(p.name for p in (INSTRUCTOR / "source").iterdir() if (p / f"{p.name}.ipynb").is_file())
ANSWER_LINE = re.compile(r"^(answer_\d+_\d+) = None.*$", re.M)
CHECK_CALL = re.compile(r'check\("(\w+)", (answer_\d+_\d+)\)')
PEOPLE = {"maria": "María López", "ana": "Ana Álvarez", "pat": "Pat O'Brien"}
IDS = {"canvas": {"maria": "lopezmaria", "ana": "alvarezana", "pat": "obrienpat"},
       "moodle": {"maria": "maria_lopez", "ana": "ana_alvarez", "pat": "pat_o_brien"},
       "blackboard": {"maria": "mlopez", "ana": "aalvarez", "pat": "pobrien"},
       "by hand": {"maria": "lopez_maria", "ana": "alvarez_ana", "pat": "obrien_pat"}}
ESSAY = "Mayta argues that the OAS is biased; Kawsachun News calls November 2019 a coup."
TAMPER = "import os\nos.environ.pop('NBGRADER_EXECUTION', None)"
TAMPER_FIRST = "%env NBGRADER_EXECUTION="


def nbgrader(course: Path, *args):
    exe = Path(sys.executable).with_name("nbgrader")
    env = {**os.environ, "PATH": f"{exe.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("CLAIMS_CORPUS", None)
    proc = subprocess.run([str(exe), *args, f"--CourseDirectory.db_url=sqlite:///{course / 'gradebook.db'}"],
                          cwd=course, env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout + proc.stderr


def tool(course: Path, script: str, *args, check=True):
    """Run one of the instructor's scripts from the course folder, as the guide says."""
    proc = subprocess.run([sys.executable, str(course / script), *args], cwd=course, capture_output=True, text=True,
                          timeout=300, env={k: v for k, v in os.environ.items() if k != "CLAIMS_CORPUS"})
    assert not check or proc.returncode == 0, proc.stdout + proc.stderr
    return proc


# ---- the students' answers ------------------------------------------------------------------------

def typed(kind, value, how):
    """A right answer as a fair student types it, or a wrong one."""
    if how == "fair":
        if kind == "number":
            return f" {int(value)} "
        if kind == "choice":
            return f"({value.upper()})"
        if kind in ("words", "ids"):
            return tuple(sorted(value, reverse=True))
        return f"{value.title()}."
    return {"number": lambda: int(value) + 3, "choice": lambda: "a" if value != "a" else "b"}.get(
        kind, lambda: ["nobody_c99"] if kind in ("words", "ids") else "nobody")()


def right_value(exercise_id, solution: str):
    from helpers.answer_key import KEY
    from helpers.checks import expected

    if KEY[exercise_id].answer is not None:
        return expected(exercise_id)
    return re.search(r'= "(\w)"', solution)[1]


def filled(name: str, how: str) -> nbformat.NotebookNode:
    """The released notebook as one student hands it in (how: mixed, fair or wrong)."""
    from helpers.answer_key import KEY

    nb = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
    source = {c.metadata.get("nbgrader", {}).get("grade_id"): c.source
              for c in nbformat.read(INSTRUCTOR / "source" / name / f"{name}.ipynb", as_version=4).cells}
    exercise = {var: ex for c in nb.cells for ex, var in CHECK_CALL.findall(c.source)}
    n = 0
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("solution"):
            continue
        if cell.cell_type == "markdown":
            cell.source = cell.source if how == "wrong" else ESSAY  # Pat leaves "Write your answer here."
            continue
        solution = re.sub(r"^\s*### (BEGIN|END) SOLUTION\n?", "", source[meta["grade_id"]], flags=re.M)
        var = ANSWER_LINE.search(cell.source)[1]
        n += 1
        if how == "mixed" and n % 2:
            cell.source = solution
        elif how in ("fair", "mixed") or n % 2:  # mixed: the solution in odd exercises, fair typing in even
            value = typed(KEY[exercise[var]].kind, right_value(exercise[var], solution), how.replace("mixed", "fair"))
            cell.source = ANSWER_LINE.sub(lambda m: f"{m[1]} = {value!r}", cell.source)
        if name.startswith("04") and n == 1:
            cell.source += "\n" + (TAMPER if how == "wrong" else f'check("04_commissioned", {var})')
    if name.startswith("04") and how == "wrong":  # and a cell of his own, before the helpers are imported
        nb.cells.insert(1, nbformat.v4.new_code_cell(TAMPER_FIRST))
    return nb


def reference_coding(corpus, changes=None, drop=()):
    """The reference claims of turns llorenti_t10 and llorenti_t12 as a student's my_coding.csv rows."""
    ref = corpus.claims[corpus.claims.turn_id.isin(["llorenti_t10", "llorenti_t12"])]
    rows = []
    for n, (claim_id, group) in enumerate(ref.groupby("claim_id", sort=False), 1):
        if claim_id in drop:
            continue
        first, change = group.iloc[0], (changes or {}).get(claim_id, {})
        targets = change.get("targets") or {i: s for i, s in zip(group.institution_id, group.stance)}
        rows.append({"claim_id": f"llorenti_2021_c{n:02d}", "doc_id": first.doc_id, "turn_id": first.turn_id,
                     "speaker_id": first.speaker_id, "start": int(first.start), "end": int(first.end),
                     "quote": first.quote, "paraphrase": "Llorenti says the ALBA plans a meeting.",
                     "targets": "|".join(f"{i}:{s}" for i, s in {**targets, **change.get("stance", {})}.items()),
                     "frame": change.get("frame", first.frame), "themes": "integration", "note": ""})
    return pd.DataFrame(rows)


def codings(corpus):
    return {"maria": reference_coding(corpus),
            "ana": reference_coding(corpus, {"llorenti_c28": {"stance": {"alba_social_council": "supportive"}},
                                             "llorenti_c30": {"frame": "motivational"}}),
            "pat": reference_coding(corpus, {"llorenti_c28": {"targets": {"alba": "neutral"}}},
                                    drop=("llorenti_c29", "llorenti_c30", "llorenti_c31"))}


# ---- the LMS downloads -----------------------------------------------------------------------------

def download(folder: Path, style: str, name: str, handed: dict, older: str):
    """Write one assignment's download as the LMS gives it. handed: {person: notebook text}; Pat also
    handed in an earlier attempt (``older``, a right notebook), which must not be collected."""
    archive = folder / "downloaded" / name / "archive"
    archive.mkdir(parents=True)
    k = ASSIGNMENTS.index(name)
    if style == "canvas":
        canvas = {"maria": "lopezmaria_7001", "ana": "alvarezana_late_7002", "pat": "obrienpat_7003"}
        with zipfile.ZipFile(archive / "submissions.zip", "w") as z:
            for i, person in enumerate(handed):
                resubmitted = "-1" if person == "pat" else ""
                z.writestr(f"{canvas[person]}_{9100 + 100 * i + k}_{name}{resubmitted}.ipynb", handed[person])
            z.writestr(f"obrienpat_7003_{9000 + k}_{name}.ipynb", older)
    elif style == "moodle":
        with zipfile.ZipFile(archive / f"COURSE-{name}-{k}.zip", "w") as z:
            for i, person in enumerate(handed):
                full = PEOPLE[person]
                filename = f"{name} (1).ipynb" if person == "ana" else f"{name}.ipynb"
                z.writestr(f"{full}_{3000 + 10 * k + i}_assignsubmission_file_/{filename}", handed[person])
    elif style == "blackboard":
        title = f"Notebook {k}"
        for person in handed:
            user = IDS["blackboard"][person]
            stamp = "2026-12-03-18-40-00" if person == "pat" else f"2026-12-02-1{k}-05-00"
            (archive / f"{title}_{user}_attempt_{stamp}_{name}.ipynb").write_text(handed[person], encoding="utf-8")
            (archive / f"{title}_{user}_attempt_{stamp}.txt").write_text("Name: …\nAssignment: …\n", encoding="utf-8")
        (archive / f"{title}_pobrien_attempt_2026-12-01-09-00-00_{name}.ipynb").write_text(older, encoding="utf-8")
    else:
        for person in handed:
            student = IDS["by hand"][person]
            (archive / f"{student}_{name}.ipynb").write_text(handed[person], encoding="utf-8")


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    from helpers import load_corpus

    base = tmp_path_factory.mktemp("grading")
    course = base / "canvas"
    shutil.copytree(INSTRUCTOR / "source", course / "source")
    for script in INSTRUCTOR.glob("*.py"):
        shutil.copy(script, course)
    nbgrader(course, "generate_assignment", "*", "--force")
    corpus = load_corpus()
    coded = codings(corpus)
    handed = {}
    for name in ASSIGNMENTS:
        handed[name] = {}
        for person, how in (("maria", "mixed"), ("ana", "fair"), ("pat", "wrong")):
            if person == "ana" and not name.startswith("02"):
                continue
            nb = filled(name, how)
            if name.startswith("02"):  # the student codes, runs the notebook (comparison included) and saves it
                work = tmp_path_factory.mktemp(f"{person}_02")
                coded[person].to_csv(work / "my_coding.csv", index=False, lineterminator="\n")
                run_notebook(nb, work)
            handed[name][person] = nbformat.writes(nb)
    folders = {}
    for style in IDS:
        folder = course if style == "canvas" else base / style.replace(" ", "_")
        if folder != course:
            shutil.copytree(course / "release", folder / "release")
        for name in ASSIGNMENTS:
            download(folder, style, name, handed[name], handed[name]["maria"])
        folders[style] = folder
    runs = {name: tool(course, "collect.py", name).stdout for name in ASSIGNMENTS}
    collected = {style: {name: collect.collect(folder, name) for name in ASSIGNMENTS}
                 for style, folder in folders.items() if style != "canvas"}
    log = nbgrader(course, "autograde", "*", "--create")
    log += nbgrader(course, "generate_feedback", "*")
    nbgrader(course, "export", "--to", "grades.csv")
    tool(course, "export_grades.py")
    tool(course, "coding_report.py")
    return {"course": course, "folders": folders, "handed": handed, "runs": runs, "collected": collected,
            "log": log, "codings": coded, "corpus": corpus}


def autograded_items(name):
    nb = nbformat.read(INSTRUCTOR / "source" / name / f"{name}.ipynb", as_version=4)
    graded = [c.metadata["nbgrader"] for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    auto = [m for m in graded if m["grade_id"].endswith("_tests")]
    return len(auto), sum(m["points"] for m in graded), sum(m["points"] for m in auto)


# ---- collection --------------------------------------------------------------------------------

def test_every_download_style_collects_every_student_once_with_one_id_and_the_latest_attempt(course):
    for name in ASSIGNMENTS:
        n = len(course["handed"][name])
        assert course["runs"][name].strip().endswith(f"collected {n} of {n}"), course["runs"][name]
        assert ("older attempts not used: submissions/obrienpat_7003_" in course["runs"][name])
    for style, folder in course["folders"].items():
        for name in ASSIGNMENTS:
            submitted = {p.parent.parent.name for p in (folder / "submitted").glob(f"*/{name}/{name}.ipynb")}
            assert submitted == {IDS[style][p] for p in course["handed"][name]}, (style, name, submitted)
            for person in course["handed"][name]:
                student = IDS[style][person]
                text = (folder / "submitted" / student / name / f"{name}.ipynb").read_text(encoding="utf-8")
                assert text == course["handed"][name][person], (style, name, person)
        if style != "canvas":
            assert all(not r["skipped"] for r in course["collected"][style].values()), style
    stamp = course["folders"]["blackboard"] / "submitted" / "pobrien" / ASSIGNMENTS[0] / "timestamp.txt"
    assert stamp.read_text(encoding="utf-8").strip() == "2026-12-03 18:40:00"


def test_a_file_that_cannot_be_collected_makes_collection_fail_and_says_which(course, tmp_path):
    name = "00_start_here"
    shutil.copytree(course["course"] / "release" / name, tmp_path / "release" / name)
    download(tmp_path, "by hand", name, course["handed"][name], "")
    archive = tmp_path / "downloaded" / name / "archive"
    (archive / "homework.ipynb").write_text(course["handed"][name]["maria"], encoding="utf-8")
    (archive / "lee_kim_00_start_here.pdf").write_bytes(b"%PDF-1.4")
    (archive / "lee_kim_wrong_notebook.ipynb").write_text(course["handed"]["04_the_2019_crisis"]["maria"],
                                                         encoding="utf-8")
    proc = subprocess.run([sys.executable, str(INSTRUCTOR / "collect.py"), name, "--course", str(tmp_path)],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    last = proc.stdout.strip().splitlines()[-1]
    assert last.startswith("collected 2 of 5; skipped: "), last
    assert "homework.ipynb (no student in the file name" in last
    assert "lee_kim_00_start_here.pdf (not a notebook)" in last
    assert "lee_kim_wrong_notebook.ipynb (holds no exercise of 00_start_here; it is notebook 04)" in last


def test_two_students_with_one_name_are_not_merged_and_an_unsafe_zip_is_refused(tmp_path):
    name = "00_start_here"
    (tmp_path / "release" / name).mkdir(parents=True)
    shutil.copy(ROOT / "notebooks" / f"{name}.ipynb", tmp_path / "release" / name)
    archive = tmp_path / "downloaded" / name / "archive"
    archive.mkdir(parents=True)
    text = (ROOT / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8")
    for user, file_number in (("7001", "9100"), ("7044", "9101")):
        (archive / f"lopezmaria_{user}_{file_number}_{name}.ipynb").write_text(text, encoding="utf-8")
    (archive / f"kimlee_7050_9102_{name}.ipynb").write_text(text, encoding="utf-8")
    with zipfile.ZipFile(archive / "evil.zip", "w") as z:
        z.writestr(f"../../escaped_{name}.ipynb", text)
    result = collect.collect(tmp_path, name)
    assert list(result["collected"]) == ["kimlee"]
    assert collect.summary(result).startswith("collected 1 of 4; skipped: evil.zip (not a readable zip: unsafe path")
    assert "students 7001 and 7044 of the LMS share the name 'lopezmaria'" in collect.summary(result)
    assert not list(tmp_path.rglob("escaped_*"))


# ---- autograde, feedback, export --------------------------------------------------------------------

def test_right_and_fairly_typed_answers_score_and_wrong_or_blank_do_not(course):
    from nbgrader.api import Gradebook

    ids = IDS["canvas"]
    with Gradebook(f"sqlite:///{course['course'] / 'gradebook.db'}") as gb:
        for name in ASSIGNMENTS:
            n_auto, _, _ = autograded_items(name)
            for person in course["handed"][name]:
                expected = 0 if person == "pat" else n_auto
                nb = gb.find_submission_notebook(name, name, ids[person])
                auto = sum(g.auto_score or 0 for g in nb.grades if g.name.endswith("_tests"))
                assert auto == expected, (name, person, auto, expected)
                opened = [g for g in nb.grades if not g.name.endswith("_tests")]
                assert all(g.needs_manual_grade == (person != "pat") for g in opened), (name, person)


def test_each_assignment_is_scored_out_of_its_own_points_and_the_split_export_adds_up(course):
    with open(course["course"] / "grades.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    every = {(a, IDS["canvas"][p]) for a in ASSIGNMENTS for p in PEOPLE}  # a row per student, handed in or not
    assert {(r["assignment"], r["student_id"]) for r in rows} == every
    with open(course["course"] / "grades_split.csv", newline="", encoding="utf-8") as f:
        split = {(r["assignment"], r["student_id"]): r for r in csv.DictReader(f)}
    assert set(split) == every
    for name in ASSIGNMENTS:
        n_auto, total, auto_points = autograded_items(name)
        assert {float(r["max_score"]) for r in rows if r["assignment"] == name} == {float(total)}
        n_open = len([c for c in nbformat.read(INSTRUCTOR / "source" / name / f"{name}.ipynb", as_version=4).cells
                      if c.cell_type == "markdown" and c.metadata.get("nbgrader", {}).get("solution")])
        for person in PEOPLE:
            student, handed = IDS["canvas"][person], person in course["handed"][name]
            assert split[name, student]["submitted"] == ("yes" if handed else "no")
            r = {k: float(v) for k, v in split[name, student].items() if k not in ("assignment", "student_id",
                                                                                   "submitted")}
            assert (r["self_checked_max"], r["open_max"], r["max_score"]) == (auto_points, total - auto_points, total)
            assert r["self_checked"] == (auto_points if handed and person != "pat" else 0), (name, person)
            assert r["open"] == 0 and r["total"] == r["self_checked"]
            assert r["open_still_to_grade"] == (n_open if handed and person != "pat" else 0), (name, person)
            grades_row = next(g for g in rows if g["assignment"] == name and g["student_id"] == student)
            assert float(grades_row["score"]) == r["total"]


def test_feedback_shows_no_hidden_test_and_no_model_answer(course):
    pages = sorted((course["course"] / "feedback").rglob("*.html"))
    assert len(pages) == sum(len(course["handed"][a]) for a in ASSIGNMENTS)
    for page in pages:
        html = re.sub(r"<style.*?</style>", "", page.read_text(encoding="utf-8"), flags=re.S)
        for leak in ("HIDDEN TESTS", "is_correct", "assert ", "Model answer", "Rubric (", "BEGIN SOLUTION",
                     "Traceback", "AssertionError"):
            assert leak not in html, (page.relative_to(course["course"]), leak)
        student = page.parts[-3]
        if student == "obrienpat":
            assert "✓ Correct" not in html
        if student in ("lopezmaria", "alvarezana"):
            assert "✓ Correct" in html and "Not yet" not in html


def test_autograde_raises_no_checksum_warnings_and_the_config_no_warnings(course):
    """Test cells are the same in the release and in the source, so nbgrader has nothing to restore."""
    assert "checksum" not in course["log"].lower()
    assert "not serializable" not in course["log"] and "display_data_priority" not in course["log"]


# ---- tampering ----------------------------------------------------------------------------------------

def test_a_tampering_line_is_flagged_with_student_and_cell_and_an_honest_notebook_is_not(course):
    with open(course["course"] / "flags.csv", newline="", encoding="utf-8") as f:
        flags = list(csv.DictReader(f))
    assert flags, "no flag"
    assert {(r["student"], r["assignment"], r["cell"]) for r in flags} == {
        ("obrienpat", "04_the_2019_crisis", "04_commissioned_answer"),
        ("obrienpat", "04_the_2019_crisis", "cell 2 (not an exercise cell)")}
    assert any("environment" in r["reason"] and "os.environ.pop" in r["code"] for r in flags)
    assert any(r["code"] == TAMPER_FIRST for r in flags)
    assert "FLAG obrienpat, 04_the_2019_crisis, 04_commissioned_answer" in course["log"]


def test_the_flagged_line_does_not_switch_grading_off():
    """The self-check reads nbgrader's variable when the helpers are imported, before any answer cell."""
    code = ("import os; os.environ['NBGRADER_EXECUTION'] = 'autograde'\nfrom helpers import check\n" + TAMPER +
            "\ntry:\n    check('00_demo', 'five')\nexcept AssertionError:\n    print('FAILED AS IT SHOULD')")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert "FAILED AS IT SHOULD" in proc.stdout, proc.stdout + proc.stderr


@pytest.mark.parametrize("code", [
    "import os\nos.environ['NBGRADER_EXECUTION'] = ''", "from os import environ as e\ne.clear()",
    "%env NBGRADER_EXECUTION=", "import helpers.checks as c\nc._GRADING = False",
    "from helpers.answer_key import KEY\nanswer_4_1 = KEY", "from helpers.checks import expected",
    "check = print", "def check(*a):\n    pass", "for x in 'abcd':\n    check('04_commissioned', x)",
    "answer_4_1 = [l for l in 'abcd' if helpers.checks.is_correct('04_commissioned', l)][0]",
    "exec('imp' + 'ort os')", "__import__('o' + 's')", "import importlib", "answer_1 = None\n  x = environ(",
    "from helpers.answers import NUMBER_WORDS", "import helpers.answers as a",
])
def test_each_way_into_the_grading_machinery_is_flagged(code):
    from grading_hooks import suspicious

    assert suspicious(code), code


@pytest.mark.parametrize("code", [
    'answer_4_1 = "b"', 'answer_2_1 = len(corpus.kwic("integration", speaker="Mayta"))',
    'answer_2_4 = "b"\ncheck("02_mention_or_claim", answer_2_4)', "expected = 3\nanswer_3_1 = expected",
    "answer_5_1 = 2008  # the SUCRE's founded column", 'answer_1_1 = "Nara Lacerda', "answer = (",
    "m = corpus.mentions\nanswer_2_2 = len(m[(m.speaker_id == 'mayta') & (m.institution_id == 'oas')])",
    "answers = ['a', 'b']\nanswer_4_1 = answers[0]",
])
def test_honest_answers_are_not_flagged(code):
    from grading_hooks import suspicious

    assert suspicious(code) == [], code


# ---- the coding hand-in and the class report ------------------------------------------------------------

def comparison_output(course, student):
    name = "02_reading_closely"
    nb = nbformat.read(course["course"] / "autograded" / student / name / f"{name}.ipynb", as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "code" and c.source.strip() == "my_coder.compare()")
    texts = [o.get("data", {}).get("text/plain", "") + o.get("text", "") for o in cell.outputs]
    htmls = [o.get("data", {}).get("text/html", "") for o in cell.outputs]
    return "".join(texts), "".join(htmls)


def agreement_in(text):
    return {m[1]: (int(m[2]), float(m[3]), float(m[4]))
            for m in re.finditer(r"^\s*(target|stance|frame)\s+(\d+)\s+(\S+)\s+(\S+)\s*$", text, re.M)}


def expected_agreement(mine: pd.DataFrame, corpus):
    """Target, stance and frame agreement computed here from the planted codings (same spans as the reference)."""
    import krippendorff

    out, values = {}, {"target": ([], []), "stance": ([], []), "frame": ([], [])}
    for row in mine.itertuples():
        ref = corpus.claims[(corpus.claims.start == row.start) & (corpus.claims.doc_id == row.doc_id)]
        ours = dict(t.split(":") for t in row.targets.split("|"))
        theirs = dict(zip(ref.institution_id, ref.stance))
        values["target"][0].append("|".join(sorted(ours)))
        values["target"][1].append("|".join(sorted(theirs)))
        for inst in sorted(set(ours) & set(theirs)):
            values["stance"][0].append(ours[inst])
            values["stance"][1].append(theirs[inst])
        values["frame"][0].append(row.frame)
        values["frame"][1].append(ref.frame.iloc[0])
    for field, (a, b) in values.items():
        agree = sum(x == y for x, y in zip(a, b)) / len(a) if a else math.nan
        alpha = math.nan
        if len(a) >= 5:
            codes = {c: i for i, c in enumerate(sorted(set(a) | set(b)))}
            alpha = krippendorff.alpha(reliability_data=[[codes[x] for x in a], [codes[x] for x in b]],
                                       level_of_measurement="nominal")
        out[field] = (len(a), agree, alpha)
    return out


def close(x, y):
    return (math.isnan(x) and math.isnan(y)) or abs(x - y) < 1e-3


def test_the_grader_sees_each_students_own_comparison(course):
    for person, student in IDS["canvas"].items():
        text, html = comparison_output(course, student)
        assert "No coding saved yet" not in text, student
        shown = agreement_in(text)
        wanted = expected_agreement(course["codings"][person], course["corpus"])
        assert shown.keys() == wanted.keys(), (student, text)
        for field in wanted:
            assert shown[field][0] == wanted[field][0] and close(shown[field][1], wanted[field][1]), (student, field)
            assert close(shown[field][2], wanted[field][2]), (student, field, shown[field], wanted[field])
    assert "No disagreements with the reference." in comparison_output(course, "lopezmaria")[0]
    ana = comparison_output(course, "alvarezana")[1]
    assert "stance: your llorenti_2021_c01 codes &#x27;alba_social_council:supportive&#x27;" in ana
    assert "§3.2.6" in ana
    assert "does not cover (1):\n  - llorenti_c29: " in comparison_output(course, "obrienpat")[0]
    # the student saw the same comparison before handing in: the output of their own run
    for person in PEOPLE:
        own = nbformat.reads(course["handed"]["02_reading_closely"][person], as_version=4)
        cell = next(c for c in own.cells if c.cell_type == "code" and c.source.strip() == "my_coder.compare()")
        seen = agreement_in(cell.outputs[0]["data"]["text/plain"])
        shown = agreement_in(comparison_output(course, IDS["canvas"][person])[0])
        assert seen.keys() == shown.keys() and all(close(x, y) for f in seen for x, y in zip(seen[f], shown[f]))


def test_the_class_report_counts_what_each_student_coded(course):
    out = course["course"] / "coding_report"
    students = pd.read_csv(out / "students.csv").set_index("student")
    assert set(students.index) == set(IDS["canvas"].values())
    ref_claims = course["corpus"].claims[course["corpus"].claims.turn_id.isin(["llorenti_t10", "llorenti_t12"])]
    n_ref = ref_claims.claim_id.nunique()
    for person, student in IDS["canvas"].items():
        wanted = expected_agreement(course["codings"][person], course["corpus"])
        for field, (units, agree, alpha) in wanted.items():
            row = students.loc[student]
            assert row[f"{field}_units"] == units and close(row[f"{field}_agreement"], agree), (student, field)
            assert close(row[f"{field}_alpha"], alpha), (student, field)
        assert close(students.loc[student, "coverage"], len(course["codings"][person]) / n_ref)
    # per rule: Ana's stance on c28 (venue, §3.2.6) and frame on c30 (a call naming a measure, §4.1);
    # Pat's target on c28 (the same venue rule) and his missed c29 (selection rule S1)
    rules = pd.read_csv(out / "rules.csv", dtype={"rule": str}).set_index("rule")
    assert rules.disagreements.to_dict() == {"3.2.6": 2, "4.1": 1, "S1": 1}
    assert rules.students.to_dict() == {"3.2.6": 2, "4.1": 1, "S1": 1}
    assert rules.index[0] == "3.2.6"
    claims = pd.read_csv(out / "claims.csv").set_index("reference_claim")
    assert claims.students_coded.to_dict() == {"llorenti_c28": 3, "llorenti_c29": 2, "llorenti_c30": 2,
                                               "llorenti_c31": 2}
    assert claims.students_agreeing.to_dict() == {"llorenti_c28": 1, "llorenti_c29": 2, "llorenti_c30": 1,
                                                  "llorenti_c31": 2}
    assert "alba_social_council:supportive / prognostic ×1" in claims.loc["llorenti_c28", "codings"]
    disputed = pd.read_csv(out / "disputed.csv")
    assert disputed.reference_claim.iloc[0] == "llorenti_c28" and disputed.disputed_by.iloc[0] == 2
    assert disputed.loc[0, "obrienpat"] == "alba:neutral / prognostic"
    page = (out / "report.html").read_text(encoding="utf-8")
    anonymised = (out / "report_anonymised.html").read_text(encoding="utf-8")
    assert page.count("class=\"plotly-graph-div\"") == 3 and (out / "plotly.min.js").stat().st_size > 100_000
    assert "obrienpat" in page and "Student 1" in anonymised
    for student in IDS["canvas"].values():
        assert student not in anonymised


# ---- the guide and the sheets -----------------------------------------------------------------------------

def test_grading_sheets_are_current_and_hold_every_rubric_and_samples():
    proc = subprocess.run([sys.executable, str(ROOT / "instructor" / "make_grading_sheets.py"), "--check"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, "run python instructor/make_grading_sheets.py\n" + proc.stdout + proc.stderr
    for source in sorted((ROOT / "instructor" / "source").glob("*/*.ipynb")):
        text = (ROOT / "instructor" / "grading_sheets" / f"{source.stem}.md").read_text(encoding="utf-8")
        for cell in nbformat.read(source, as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type == "markdown" and meta.get("solution"):
                section = text.split(f"Formgrader cell: `{meta['grade_id']}`", 1)[1].split("\n---\n", 1)[0]
                rubric = cell.source.split("**Rubric", 1)[1].strip()
                assert rubric.splitlines()[-1] in section, meta["grade_id"]
                assert 2 <= section.count("**Sample ") <= 3, meta["grade_id"]


def test_the_guide_states_each_assignments_exercises_and_points_as_the_notebooks_have_them():
    guide = (ROOT / "instructor" / "GUIDE.md").read_text(encoding="utf-8")
    for n, source in enumerate(sorted((ROOT / "instructor" / "source").glob("*/*.ipynb"))):
        row = re.search(rf"^\| {n} \| .* \| (\d+) / (\d+) \| (\d+) \|$", guide, re.M)
        assert row, f"no row for notebook {n} in GUIDE.md section 2"
        cells = nbformat.read(source, as_version=4).cells
        graded = [c.metadata["nbgrader"] for c in cells if c.metadata.get("nbgrader", {}).get("grade")]
        auto = [m for m in graded if m["grade_id"].endswith("_tests")]
        assert [int(x) for x in row.groups()] == [len(auto), len(graded) - len(auto), sum(m["points"] for m in graded)]
        text = "\n".join(c.source for c in cells if c.cell_type == "markdown")
        for number, label in re.findall(r"\*\*Exercise (\d+\.\d+) \(([a-z]+)", text):
            in_guide = re.findall(rf"\b{re.escape(number)} \((remember|understand|apply|analyse|evaluate|create)\)", guide)
            assert in_guide == [label], f"exercise {number}: the notebook says {label}, the outcomes table {in_guide}"


NUMBER_WORDS = {w: i for i, w in enumerate("no one two three four five six seven eight nine ten".split())}


def test_each_notebook_header_counts_its_exercises_as_the_notebook_has_them():
    for source in sorted((ROOT / "instructor" / "source").glob("*/*.ipynb")):
        cells = nbformat.read(source, as_version=4).cells
        graded = [c.metadata["nbgrader"] for c in cells if c.metadata.get("nbgrader", {}).get("grade")]
        n_auto = len([m for m in graded if m["grade_id"].endswith("_tests")])
        head = cells[0].source.split("**Prerequisites", 1)[0]
        said_auto = re.search(r"(\w+) self-checked exercises?", head)
        said_open = re.search(r"(\w+) open questions?", head)
        as_number = lambda m: int(m[1]) if m[1].isdigit() else NUMBER_WORDS[m[1]]  # noqa: E731
        assert said_auto and as_number(said_auto) == n_auto, (source.name, head)
        assert (as_number(said_open) if said_open else 0) == len(graded) - n_auto, (source.name, head)


def test_each_rubric_point_is_one_point_and_they_add_up_to_the_cells_points():
    """A rubric bullet gives one point (a 0-1-2 scale, as in 7.5, names its levels); they sum to the cell's points."""
    for source in sorted((ROOT / "instructor" / "source").glob("*/*.ipynb")):
        for cell in nbformat.read(source, as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type == "markdown" and meta.get("solution"):
                rubric = cell.source.split("**Rubric", 1)[1].split("*Sources:*")[0]
                total = int(re.match(r" \((\d+) points?\)", rubric)[1])
                ones = re.findall(r"^\* 1 point: (.*)$", rubric, re.M)
                scales = [int(x) for x in re.findall(r"^\* \*\*[^*]+\((\d+)\):\*\*", rubric, re.M)]
                assert total == meta["points"] == len(ones) + sum(scales), meta["grade_id"]


@pytest.mark.parametrize("name", ["collect", "grading_hooks", "coding_report"])
def test_the_instructor_tools_docstring_examples_run(name):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.browser
def test_the_formgrader_shows_the_grader_the_students_own_comparison(course):
    """Real JupyterLab, real Chromium: Manual Grading of Ana's notebook 2 shows her comparison beside her 2.8."""
    from harness import chromium_page, jupyter_lab
    from nbgrader.api import Gradebook

    root = course["course"]
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        submission = gb.find_submission_notebook("02_reading_closely", "02_reading_closely", "alvarezana").id
    home = root.parent / "lab_home"
    home.mkdir()
    with jupyter_lab(home, f"--ServerApp.root_dir={root}", cwd=root) as (base, token), chromium_page(1280, 900) as page:
        page.goto(f"{base}/formgrader/submissions/{submission}/?token={token}")
        cell = page.locator(".coding-comparison")
        cell.wait_for(timeout=60_000)
        cell.scroll_into_view_if_needed()
        ARTIFACTS = ROOT / "test-artifacts"
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "formgrader_comparison.png"))
        text = cell.inner_text()
    assert "your llorenti_2021_c01 codes 'alba_social_council:supportive'" in text
    assert "§3.2.6" in text and "No coding saved yet" not in text
    log_text = (home / "lab.log").read_text(encoding="utf-8")
    assert "Unwritable directory" not in log_text and "not serializable" not in log_text


def test_nbgrader_zip_collect_takes_notebook_names_with_digits(course, tmp_path):
    """The config's pattern for plain names: "lopez_maria_04_the_2019_crisis.ipynb" (the guide's own example)."""
    name = "04_the_2019_crisis"
    shutil.copytree(course["course"] / "release" / name, tmp_path / "release" / name)
    for script in ("nbgrader_config.py", "grading_hooks.py"):
        shutil.copy(INSTRUCTOR / script, tmp_path)
    download(tmp_path, "by hand", name, course["handed"][name], "")
    nbgrader(tmp_path, "zip_collect", name)
    assert {p.parent.parent.name for p in (tmp_path / "submitted").glob(f"*/{name}/{name}.ipynb")} == {
        IDS["by hand"][p] for p in course["handed"][name]}


def test_a_carried_coding_is_written_back_only_as_a_csv_beside_the_notebook(tmp_path):
    """A crafted notebook cannot make autograde write a module (say helpers.py) that the kernel would import."""
    from grading_hooks import CARRIED, CarryCoding, RestoreCoding

    from helpers.handin import CODING_MIME

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("my_coder.compare()", outputs=[nbformat.v4.new_output(
        "display_data", data={"text/plain": "x", CODING_MIME: {"file": "helpers.py", "csv": "claim_id\nx\n"}})]),
        nbformat.v4.new_code_cell("x = 1", metadata={CARRIED: {"file": "../checks.py", "csv": "print(1)"}})]
    nb, _ = CarryCoding().preprocess(nb, {})
    nb, _ = RestoreCoding().preprocess(nb, {"metadata": {"path": str(tmp_path)}})
    assert [p.name for p in tmp_path.iterdir()] == ["my_coding.csv"]
    assert (tmp_path / "my_coding.csv").read_text(encoding="utf-8") == "claim_id\nx\n"
    assert not (tmp_path.parent / "checks.py").exists()
