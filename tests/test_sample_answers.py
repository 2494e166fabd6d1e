"""The graders' sample answers (instructor/sample_answers.yaml) fit the open questions' rubrics.

The open questions are found by scanning the instructor notebooks' nbgrader metadata (markdown
cells with ``grade`` and ``solution`` set); each one's rubric is read from its cell. Every sample
must then score within the question's points, and its ``why`` must go through the rubric point
by point ("Point 2 (0/1): ..." or, for named criteria, "Evidence (1/2): ...") so that the
points it lists add up to its score.
"""

import copy
import json
import re

import pytest
import yaml

from conftest import ROOT

SAMPLES = ROOT / "instructor" / "sample_answers.yaml"
SOURCES = ROOT / "instructor" / "source"

ONE_POINT = re.compile(r"^\* 1 point:", re.M)  # "* 1 point: ..." (a "0 points for ..." line is a note)
NAMED = re.compile(r"^\* \*\*(.+?) \((\d+)\):\*\*", re.M)  # "* **Claim (2):** ..."
VERDICT = re.compile(r"^(.+?) \((\d+)/(\d+)\):", re.M)  # "Point 1 (1/1):" or "Claim (2/2):"
CLAIM_ID = re.compile(r"\b(?:mayta|llorenti)_c\d{2,}\b")


def open_questions():
    """{grade_id: {"points": n, "rubric": [(label, max points), ...], "notebook": path}}.

    >>> qs = open_questions()
    >>> qs["00_q3_answer"]["rubric"]
    [('Point 1', 1), ('Point 2', 1)]
    """
    found = {}
    for path in sorted(SOURCES.glob("*/*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if cell["cell_type"] != "markdown" or not (meta.get("grade") and meta.get("solution")):
                continue
            text = "".join(cell["source"])
            rubric_text = text[text.index("**Rubric"):]
            named = [(name, int(n)) for name, n in NAMED.findall(rubric_text)]
            points = named or [(f"Point {i}", 1)
                               for i in range(1, len(ONE_POINT.findall(rubric_text)) + 1)]
            found[meta["grade_id"]] = {"points": meta["points"], "rubric": points,
                                       "notebook": path.relative_to(ROOT)}
    return found


def problems(samples, questions, claim_ids):
    """Every way the samples break the rules, one line each naming the question and sample."""
    out = []
    for gid in sorted(set(questions) - set(samples)):
        out.append(f"{gid}: open question in {questions[gid]['notebook']} has no samples")
    for gid in sorted(set(samples) - set(questions)):
        out.append(f"{gid}: not the grade_id of any open question in instructor/source")
    for gid in sorted(set(samples) & set(questions)):
        q, entries = questions[gid], samples[gid]
        if not 2 <= len(entries) <= 3:
            out.append(f"{gid}: {len(entries)} samples, expected 2 or 3")
        scores = [e.get("score") for e in entries]
        if len(set(scores)) < 2:
            out.append(f"{gid}: all samples score {scores[0]}; show different levels")
        if scores != sorted(scores, reverse=True):
            out.append(f"{gid}: samples not ordered from highest to lowest score: {scores}")
        answers = [str(e.get("answer", "")).strip() for e in entries]
        if len(set(answers)) != len(answers) or not all(answers):
            out.append(f"{gid}: every sample needs its own, non-empty answer")
        for n, e in enumerate(entries, 1):
            where = f"{gid} sample {n}"
            if not isinstance(e.get("score"), int) or not 0 <= e["score"] <= q["points"]:
                out.append(f"{where}: score {e.get('score')!r} outside 0..{q['points']}")
                continue
            verdicts = [(label, int(got), int(of)) for label, got, of
                        in VERDICT.findall(str(e.get("why", "")))]
            if [(label, of) for label, _, of in verdicts] != q["rubric"]:
                out.append(f"{where}: why must go through the rubric points {q['rubric']} "
                           f"in order, found {[(l, o) for l, _, o in verdicts]}")
                continue
            if any(got > of for _, got, of in verdicts):
                out.append(f"{where}: a rubric point gets more than its maximum")
            if sum(got for _, got, _ in verdicts) != e["score"]:
                out.append(f"{where}: rubric points in why add up to "
                           f"{sum(got for _, got, _ in verdicts)}, score is {e['score']}")
            for cid in sorted(set(CLAIM_ID.findall(str(e.get("answer", ""))))):
                if cid not in claim_ids:
                    out.append(f"{where}: cites {cid}, which is not a claim in the corpus")
    return out


@pytest.fixture(scope="module")
def questions():
    return open_questions()


@pytest.fixture(scope="module")
def samples():
    return yaml.safe_load(SAMPLES.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def claim_ids(corpus):
    return set(corpus.claims.claim_id)


def test_rubrics_are_read_with_the_points_of_their_cells(questions):
    assert len(questions) >= 11
    for gid, q in questions.items():
        assert sum(of for _, of in q["rubric"]) == q["points"], gid


def test_every_open_question_has_scored_samples_that_fit_its_rubric(samples, questions, claim_ids):
    assert problems(samples, questions, claim_ids) == []


def test_each_sample_earns_and_misses_named_rubric_points(samples, questions):
    """Below full marks a why says which point was missed; above zero, which was earned."""
    for gid, entries in samples.items():
        for e in entries:
            got = [int(g) for _, g, _ in VERDICT.findall(e["why"])]
            assert (e["score"] < questions[gid]["points"]) == any(
                g < of for g, (_, of) in zip(got, questions[gid]["rubric"])), gid


@pytest.mark.parametrize("break_it, expected", [
    (lambda s: s.pop("04_neutral_sentence"), "04_neutral_sentence: open question in"),
    (lambda s: s.update(q9_answer=s["00_q3_answer"]), "q9_answer: not the grade_id"),
    (lambda s: s["00_q3_answer"][0].update(score=3), "00_q3_answer sample 1: score 3 outside 0..2"),
    (lambda s: s["05_yardstick"][2].update(score=3), "05_yardstick: samples not ordered"),
    (lambda s: s["05_yardstick"][0].update(score=1), "05_yardstick sample 1: rubric points in why add up to 3"),
    (lambda s: s["07_q4_answer"][0].update(why="Point 1 (1/1): fine."), "07_q4_answer sample 1: why must go through"),
    (lambda s: s["07_q5_answer"][2].update(answer=s["07_q5_answer"][2]["answer"] + " (mayta_c99)"),
     "07_q5_answer sample 3: cites mayta_c99"),
    (lambda s: s["01_chain_answer"].__delitem__(slice(1, 3)), "01_chain_answer: 1 samples"),
])
def test_the_checks_catch_broken_samples(samples, questions, claim_ids, break_it, expected):
    broken = copy.deepcopy(samples)
    break_it(broken)
    found = problems(broken, questions, claim_ids)
    assert any(line.startswith(expected) for line in found), found
