"""The explorer's engine in two languages gives the same answers: helpers/static/engine.js, run in V8
(mini-racer, no browser), against the Python the kernel uses (corpus.match_claims, plots.stance_chart_spec,
the explorer's count line and institution counts), on many filter combinations, on the bundled corpus, a
bigger one and one whose labels hold markup, ampersands and quotes.

The browser tests keep one end-to-end check (the traces drawn in Chromium are the spec's).
"""

import csv
import html
import itertools
import json
import random
import re
import shutil

import pytest
from conftest import CORPUS
from synthetic import make_corpus

from helpers import explore, load_corpus, plots
from helpers.a11y import STATIC
from helpers.corpus import match_claims
from helpers.site import explorer_data

HOSTILE = {"oas": 'O<A>S & "friends"', "celac": "CELAC's <b>", "mayta": "May<ta> & 'co'"}

RUN = """
function run(f) {
  const rows = DATA.rows.filter(function (r) { return claimsEngine.matchesFilters(r, f); });
  const spec = claimsEngine.stanceSpec(DATA, rows);
  const n = new Set(rows.map(function (r) { return r.claim_id; })).size;
  return JSON.stringify({claims: rows.map(function (r) { return r.claim_id + "|" + (r.institution_id || ""); }),
                         spec: {data: spec.data, layout: spec.layout}, description: spec.description,
                         count: n ? claimsEngine.describeFilters(DATA, n, f) : null,
                         institutions: claimsEngine.institutionCounts(DATA.rows, f)});
}
"""


def _hostile_corpus(dest):
    """The bundled corpus with markup, ampersands and quotes in an institution's, and a speaker's, labels."""
    shutil.copytree(CORPUS, dest)
    for name, key, column in (("institutions.csv", "institution_id", "acronym"), ("speakers.csv", "speaker_id", "short_name")):
        with open(dest / name, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            fields, rows = reader.fieldnames, list(reader)
        for row in rows:
            row[column] = HOSTILE.get(row[key], row[column])
        with open(dest / name, "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
    return dest


def _context(corpus):
    """A V8 context holding engine.js and the reading edition's explorer data of ``corpus``."""
    from py_mini_racer import MiniRacer

    ctx = MiniRacer()
    ctx.eval((STATIC / "engine.js").read_text(encoding="utf-8"))
    ctx.eval("var DATA = " + json.dumps(explorer_data(corpus)) + ";" + RUN)
    return ctx


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    corpus = load_corpus(_hostile_corpus(tmp_path_factory.mktemp("hostile") / "corpus"))
    return corpus, _context(corpus)


@pytest.fixture(scope="module", params=["bundled", "five interviews", "hostile labels"])
def engine(request, tmp_path_factory, hostile):
    """(corpus, its V8 context) for each corpus."""
    if request.param == "hostile labels":
        return hostile
    corpus = load_corpus(CORPUS if request.param == "bundled" else make_corpus(5, tmp_path_factory.mktemp("big") / "corpus"))
    return corpus, _context(corpus)


def _combinations(corpus, how_many: int = 60) -> list[dict]:
    """Filters as lists of ids: each filter alone, empty results, and a seeded random sample of mixes."""
    claims = corpus.claims
    values = {"speaker": list(claims.speaker_id.unique()), "institution": list(claims.institution_id.dropna().unique()),
              "theme": list(corpus.codebook["themes"]), "stance": list(corpus.codebook["stances"])}
    none = {key: [] for key in values}
    picks = [none] + [dict(none, **{key: [v]}) for key, vs in values.items() for v in vs]
    picks.append(dict(none, institution=["oas"], stance=["supportive"], speaker=["mayta"]))  # very few or none
    picks.append(dict(none, theme=[values["theme"][-1]], stance=["neutral"], speaker=[values["speaker"][0]]))
    rng = random.Random(22)
    for _ in range(how_many):
        picks.append({key: rng.sample(vs, rng.choice([0, 0, 1, 1, 2])) for key, vs in values.items()})
    return picks


def _python(corpus, f: dict) -> dict:
    selection = corpus.claims[match_claims(corpus.claims, **f)]
    spec = plots.stance_chart_spec(corpus, selection)
    layout = dict(spec["layout"])
    meta = layout.pop("meta")
    return {"reflow": meta.get("reflow"), "description": meta["description"],
            "claims": [f"{c}|{i if isinstance(i, str) else ''}" for c, i in zip(selection.claim_id, selection.institution_id)],
            "spec": {"data": spec["data"], "layout": layout}}


def test_filtering_and_the_stance_chart_are_the_same_in_both_languages(engine):
    corpus, ctx = engine
    combinations = _combinations(corpus)
    empty = 0
    for f in combinations:
        js, py = json.loads(ctx.call("run", f)), json.loads(json.dumps(_python(corpus, f)))
        # the narrower layouts (layout.meta.reflow); the empty chart's layout is Python's, sent as it is
        assert (js["spec"]["layout"].pop("meta", None) or {}).get("reflow") == py["reflow"], f
        assert js["claims"] == py["claims"], f
        assert js["spec"] == py["spec"], f
        assert js["description"] == py["description"], f
        empty += not py["claims"]
    assert empty >= 2 and len(combinations) > 80  # empty results were among those compared


def test_the_count_line_and_institution_counts_are_the_same_in_both_languages(engine):
    """The notebook explorer's count line and institution list (Python) and the reading edition's (engine.js)."""
    corpus, ctx = engine
    explorer = explore(corpus)
    speakers = [v for _, v in explorer.speaker.options]
    institutions = [v for _, v in explorer.institution.options]
    themes = [v for _, v in explorer.theme.options]
    stances = [v for _, v in explorer.stance.options]
    rng = random.Random(7)
    settings = list(itertools.product(themes[:3], stances)) + [(rng.choice(themes), rng.choice(stances)) for _ in range(6)]
    for k, (theme, stance) in enumerate(settings):
        explorer.speaker.value = tuple(rng.sample(speakers, k % 3))
        explorer.institution.value = tuple(rng.sample(institutions, [0, 1, 2, 5][k % 4]))
        explorer.theme.value, explorer.stance.value = theme, stance
        f = {"speaker": list(explorer.speaker.value), "institution": list(explorer.institution.value),
             "theme": [] if theme == "all" else [theme], "stance": [] if stance == "all" else [stance]}
        js = json.loads(ctx.call("run", f))
        shown = re.fullmatch(r"<b>(.*)</b>", explorer.count.value)
        assert (html.unescape(shown.group(1)) if shown else None) == js["count"], f
        listed = {value: int(re.search(r"\((\d+)\)$", label).group(1)) for label, value in explorer.institution.options}
        assert {i: n for i, n in listed.items() if n} == js["institutions"], f


def test_hostile_labels_reach_the_spec_escaped_and_the_description_as_text(hostile):
    corpus, ctx = hostile
    assert corpus.institution_label("oas") == HOSTILE["oas"]
    js = json.loads(ctx.call("run", {"speaker": [], "institution": ["oas", "celac"], "theme": [], "stance": []}))
    names = {y.replace("<br>", " ") for t in js["spec"]["data"] for y in t["y"]}  # long names wrap onto lines
    assert html.escape(HOSTILE["oas"], quote=False) in names or plots.esc(HOSTILE["oas"]) in names
    assert not any("<A>" in n or "<b>" in n for n in names)
    assert HOSTILE["mayta"] in js["description"]  # plain text: the page puts it in with textContent


def test_the_stance_chart_has_a_layout_for_each_width_in_both_languages(engine):
    """Panel columns by width (plots.STANCE_COLUMNS): four panels wide, two, then one; the layout that engine.js's
    reflow picks for a width is the one Python made for it, and nothing of it is cut in the narrowest."""
    corpus, ctx = engine
    speakers = plots.speaker_order(corpus, corpus.claims.speaker_id.unique())
    for chosen in (speakers[:1], speakers[:2], speakers[:4], speakers):
        spec = plots.stance_chart_spec(corpus, corpus.claims[corpus.claims.speaker_id.isin(chosen)])
        steps = spec["layout"]["meta"]["reflow"]
        assert [s["minWidth"] for s in steps] == sorted(s["minWidth"] for s in steps) and steps[0]["minWidth"] == 0
        for width in (204, 320, 500, 700, 1000):
            picked = json.loads(ctx.eval(f"JSON.stringify(claimsEngine.reflow({json.dumps(spec['layout'])}, {width}))"))
            domains = [v["domain"] for k, v in picked.items() if k.startswith("xaxis")]
            columns = len({tuple(d) for d in domains})
            assert columns == min(len(chosen), 4 if width >= 600 else 2 if width >= 380 else 1), (chosen, width)
            # a name on two lines gets the room of two
            rows = spec["data"][0]["y"]
            lines = max(r.count("<br>") + 1 for r in rows)
            top = [v["domain"] for k, v in picked.items() if k == "yaxis"][0]
            plot_h = picked["height"] - picked["margin"]["t"] - picked["margin"]["b"]
            assert round((top[1] - top[0]) * plot_h) == (plots.ROW_PX + plots.LINE_PX * (lines - 1)) * len(rows) + 10
            if columns == 1:  # one column: each speaker's name ends at its panel's right edge
                assert {(a["x"], a["xanchor"]) for a in picked["annotations"]} == {(1, "right")}
    assert "<br>" in "".join(plots.stance_chart_spec(corpus)["data"][0]["y"])  # long names wrapped
