"""Kernel-side tests of the explorer, the concordance and the figures: drive them from Python.

They run on the bundled corpus (the ``corpus`` fixture, pinned to corpus/): the filters name its
speakers and institutions. Expected values are computed from the corpus, not typed in.
"""

import html
import re
import shutil

import plotly.graph_objects as go
import pytest

from conftest import append_rows
from helpers import concordance, explore, load_corpus, plots


@pytest.fixture
def explorer(corpus):
    return explore(corpus)


def chart_pairs(explorer):
    """{(speaker short name, institution label): total claims} read back from the chart's bars."""
    totals = {}
    for trace in explorer.figure.data:
        if trace.type != "bar":
            continue
        for speaker, inst, x in zip(trace.customdata, trace.y, trace.x):
            totals[(speaker, inst)] = totals.get((speaker, inst), 0) + x
    return {k: v for k, v in totals.items() if v}


def stance_totals(fig):
    totals = {}
    for t in fig.data:
        if t.type == "bar":
            totals[t.name] = totals.get(t.name, 0) + sum(t.x)
    return {k: v for k, v in totals.items() if v}


def table_claim_ids(explorer, every: bool = False):
    """The claim ids in the table now shown; with every=True, after pressing "Show more" until all show."""
    while every and explorer.more.layout.display != "none":
        explorer.more.click()
    return re.findall(r"<tr><td>([a-z][a-z0-9_]*_c\d+)</td>", explorer.table.value)


def test_first_display_shows_every_claim(corpus, explorer):
    n = corpus.claims.claim_id.nunique()
    assert explorer.count.value == f"<b>{n} claims by all speakers about any institution</b>"
    assert len(table_claim_ids(explorer)) == min(n, explorer.page_size) == 10
    assert f"Showing 10 of {n} claims" in explorer.shown.value and explorer.more.layout.display != "none"
    targeted = corpus.claims.dropna(subset=["institution_id"])
    assert sum(chart_pairs(explorer).values()) == len(targeted)


def test_speaker_and_institution_filters_update_chart_count_and_table(corpus, explorer):
    explorer.speaker.value = ("mayta",)
    explorer.institution.value = ("oas",)
    expected = corpus.find_claims(speaker="mayta", institution="oas")
    n = expected.claim_id.nunique()
    assert explorer.count.value == f"<b>{n} claims by Mayta about the OAS</b>"
    assert set(table_claim_ids(explorer, every=True)) == set(expected.claim_id)
    assert chart_pairs(explorer) == {("Mayta", "OAS"): len(expected)}
    assert stance_totals(explorer.figure) == expected.stance.value_counts().to_dict()

    explorer.speaker.value = ("mayta", "llorenti")
    pairs = chart_pairs(explorer)
    assert set(pairs) == {("Mayta", "OAS"), ("Llorenti", "OAS")}
    assert pairs[("Llorenti", "OAS")] == len(corpus.find_claims(speaker="llorenti", institution="oas"))


def test_theme_and_stance_filters(corpus, explorer):
    explorer.theme.value = "sovereignty"
    explorer.stance.value = "supportive"
    expected = corpus.find_claims(theme="sovereignty", stance="supportive")
    assert set(table_claim_ids(explorer, every=True)) == set(expected.claim_id)
    assert "supportive only; theme: sovereignty" in explorer.count.value
    assert set(stance_totals(explorer.figure)) == {"supportive"}


def test_empty_state_and_reset(corpus, explorer):
    explorer.speaker.value = ("kawsachun_news",)
    explorer.institution.value = ("celac",)
    assert explorer.selection.empty
    assert explorer.count.value.startswith("<b>No claims match these filters.</b>")
    assert "No claims to show" in explorer.table.value
    assert len(explorer.figure.data) == 0
    assert explorer.figure.layout.annotations[0].text == "No claims match these filters"
    explorer.reset.click()
    assert explorer.speaker.value == () and explorer.institution.value == ()
    assert explorer.theme.value == explorer.stance.value == "all"
    assert len(table_claim_ids(explorer)) == explorer.page_size


def test_quote_is_highlighted_inside_its_turn(corpus, explorer):
    explorer.institution.value = ("sucre",)
    row = corpus.claims[corpus.claims.institution_id == "sucre"].iloc[0]
    assert f"<mark>{html.escape(row.quote)}</mark>" in explorer.table.value
    turn = corpus.turn_text(row.turn_id)
    before = corpus.texts[row.doc_id][max(row.start - 20, 0):row.start]
    if before.strip() and before in turn:
        assert html.escape(before.split()[-1]) in explorer.table.value


def test_corpus_text_is_escaped_in_the_html(corpus_copy):
    """A quote with markup must show as text in the table and the concordance."""
    evil = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    text_path = corpus_copy / "texts" / "mayta_2021.txt"
    text = text_path.read_text(encoding="utf-8")
    # Append the markup as a new final answer turn of the Mayta text, with a claim on it
    # (and drop the seed check, since the text no longer matches its seed).
    new_text = text + "\n\n" + evil
    text_path.write_text(new_text, encoding="utf-8")
    docs = (corpus_copy / "documents.yaml").read_text(encoding="utf-8").replace("  seed: seeds/000_4cf18b92642a92bd.txt\n", "")
    (corpus_copy / "documents.yaml").write_text(re.sub(r"\n  boilerplate:\n(    .*\n)+", "\n", docs, count=1), encoding="utf-8")
    turns = (corpus_copy / "turns.csv").read_text(encoding="utf-8").splitlines()
    last = [i for i, r in enumerate(turns) if r.startswith("mayta_t11,")][0]
    cells = turns[last].split(",")
    cells[5] = str(len(text))
    turns[last] = ",".join(cells)
    turns.insert(last + 1, f"mayta_t12,mayta_2021,mayta,answer,{len(text)},{len(new_text)},")
    (corpus_copy / "turns.csv").write_text("\n".join(turns) + "\n", encoding="utf-8")
    start = len(text) + 2
    with open(corpus_copy / "claims.csv", "a", encoding="utf-8") as f:
        f.write(f'mayta_c99,mayta_2021,mayta_t12,mayta,{start},{len(new_text)},"{evil.replace(chr(34), chr(34) * 2)}",'
                f'A test claim <b>bold</b>,oas:critical,diagnostic,sovereignty,\n')
    corpus = load_corpus(corpus_copy)
    explorer = explore(corpus)
    explorer.institution.value = ("oas",)
    table_claim_ids(explorer, every=True)
    table = explorer.table.value
    assert "<script>" not in table and "<img" not in table and "<b>bold</b>" not in table
    assert html.escape(evil) in table and "A test claim &lt;b&gt;bold&lt;/b&gt;" in table
    box = concordance(corpus, "alert")
    assert "<script>" not in box.lines.value and "&lt;script&gt;" in box.lines.value


def test_concordance_widget(corpus):
    box = concordance(corpus, "CELAC")
    n = len(corpus.kwic("CELAC"))
    assert box.count.value == f"<b>{n} matches for “CELAC”</b>" and box.lines.value.count("<mark>") == n
    box.speaker.value = "llorenti"
    assert box.lines.value.count("<mark>") == len(corpus.kwic("CELAC", speaker="llorenti")) < n
    box.term.value = ""
    assert "Type a word" in box.count.value
    box.term.value = "zzzz"
    assert "0 matches" in box.count.value and "No matches" in box.lines.value


def test_widgets_are_native_keyboard_controls(explorer):
    import ipywidgets as w

    for control in (explorer.speaker, explorer.institution):
        assert isinstance(control, w.SelectMultiple) and control.description  # a labelled <select multiple>
    for control in (explorer.theme, explorer.stance):
        assert isinstance(control, w.Dropdown) and control.description
    assert isinstance(explorer.reset, w.Button) and explorer.reset.tooltip


def test_save_selection_refuses_the_corpus_folder(corpus, explorer, tmp_path):
    explorer.speaker.value = ("llorenti",)
    out = explorer.save_selection(tmp_path / "evidence.csv")
    import pandas as pd

    saved = pd.read_csv(out)
    assert set(saved.speaker) == {"Sacha Llorenti"} and len(saved) == len(corpus.find_claims(speaker="llorenti"))
    with pytest.raises(ValueError, match="outside the corpus folder"):
        explorer.save_selection(corpus.path / "evidence.csv")


@pytest.mark.parametrize("make", [plots.stance_chart, plots.mentions_by_speaker, plots.stance_heatmap,
                                  plots.discourse_network, plots.timeline])
def test_every_figure_has_title_axis_labels_and_description(corpus, make):
    fig = make(corpus)
    assert isinstance(fig, go.Figure)
    assert fig.layout.title.text
    assert fig.layout.xaxis.title.text is not None
    text = plots.describe(fig)
    assert len(text.split()) >= 25 and text.endswith(".")


def test_stance_is_shown_by_pattern_and_dash_not_colour_alone(corpus):
    fig = plots.stance_chart(corpus)
    patterns = {t.name: t.marker.pattern.shape for t in fig.data if t.type == "bar"}
    assert len(set(patterns.values())) == 3 and set(patterns) == set(plots.STANCE_STYLE)
    net = plots.discourse_network(corpus)
    dashes = {t.name: t.line.dash for t in net.data if t.mode == "lines"}
    assert dashes == {"both critical": "solid", "both supportive": "dash"}
    heat = plots.stance_heatmap(corpus)
    assert any("crit." in cell for row in heat.data[0].text for cell in row)


def test_stance_chart_is_one_panel_per_speaker_with_top_institutions_and_other(corpus):
    fig = plots.stance_chart(corpus, top=5)
    speakers = [a.text for a in fig.layout.annotations]
    assert speakers == [f"<b>{corpus.speaker_short_name(s)}</b>" for s in plots.speaker_order(corpus)]
    rows = list(fig.layout.yaxis.categoryarray)
    n_inst = corpus.claims.institution_id.nunique()
    assert len(rows) == 6 and rows[-1] == f"other ({n_inst - 5}<br>institutions)"  # a long name on two lines
    wide = fig.layout.meta["reflow"][-1]["layout"]  # the widest layout is the figure's own; narrower ones stack
    assert wide["height"] == fig.layout.height and [s["minWidth"] for s in fig.layout.meta["reflow"]] == [0, 380, 600]
    bars = [t for t in fig.data if t.type == "bar"]
    assert sum(sum(t.x) for t in bars) == len(corpus.claims.dropna(subset=["institution_id"]))
    labels = [t for t in fig.data if t.type == "scatter"]  # the count beside each bar, one series per panel
    assert len(labels) == len(speakers)
    for label in labels:
        mine = [t for t in bars if t.xaxis == label.xaxis]
        assert list(label.x) == [sum(v) for v in zip(*(t.x for t in mine))]
        assert list(label.text) == [str(n) if n else "" for n in label.x]
    axes = [fig.layout[a] for a in fig.layout if a.startswith("xaxis")]
    assert all(ax.dtick == int(ax.dtick) and ax.tickformat == "d" for ax in axes)  # whole-number ticks


def test_figures_reflect_the_data(corpus):
    heat = plots.stance_heatmap(corpus)
    y, x = list(heat.data[0].y), list(heat.data[0].x)
    assert x == [corpus.speaker_short_name(s) for s in plots.speaker_order(corpus)]
    oas_mayta = heat.data[0].z[y.index("OAS")][x.index("Mayta")]
    mc = corpus.find_claims(speaker="mayta", institution="oas").stance.value_counts()
    assert oas_mayta == pytest.approx((mc.get("supportive", 0) - mc.get("critical", 0)) / mc.sum())
    mentions = plots.mentions_by_speaker(corpus)
    bars = {t.name: dict(zip(t.y, t.x)) for t in mentions.data}
    in_mayta_turns = corpus.mentions.merge(corpus.turns, on="doc_id", suffixes=("", "_t"))
    in_mayta_turns = in_mayta_turns[(in_mayta_turns.start >= in_mayta_turns.start_t) & (in_mayta_turns.start < in_mayta_turns.end_t)
                                    & (in_mayta_turns.speaker_id == "mayta") & (in_mayta_turns.institution_id == "oas")]
    assert bars["Rogelio Mayta"]["OAS"] == len(in_mayta_turns)
    tl = plots.timeline(corpus, institutions=["UNASUR"])
    assert sum(len(t.x) for t in tl.data) == (corpus.events.institution_id == "unasur").sum()
    # each point's hover text carries its event and "Source: …", wrapped (<br>) to stay inside the figure
    assert all(row[3].startswith("Source:") for t in tl.data for row in t.customdata)
    assert all(max(len(line) for line in row[2].split("<br>")) <= 60 for t in tl.data for row in t.customdata)


def test_network_links_speakers_who_share_a_stance(corpus):
    net = plots.discourse_network(corpus)
    texts = [a.text for a in net.layout.annotations]
    both = corpus.claims[corpus.claims.speaker_id.isin(["mayta", "llorenti"])]
    critical = both[both.stance == "critical"].groupby("institution_id").speaker_id.nunique()
    shared = sorted(corpus.institution_label(i) for i in critical[critical == 2].index)
    assert f"both critical: {plots._listing(shared)}" in texts
    lines = [t for t in net.data if t.mode == "lines"]
    assert max(t.line.width for t in lines) > min(t.line.width for t in lines)  # wider for more institutions
    # a conflict is drawn when one speaker is critical and another supportive of the same institution
    claims = corpus.claims.copy()
    flip = claims.index[(claims.speaker_id == "llorenti") & (claims.institution_id == "oas")][0]
    claims.loc[flip, "stance"] = "supportive"
    conflict = plots.discourse_network(corpus, claims)
    assert any(t.name == "opposed" and t.line.dash == plots.CONFLICT_STYLE["dash"] for t in conflict.data)
    assert any(a.text.startswith("opposed: ") and "OAS" in a.text for a in conflict.layout.annotations)


def test_timeline_title_says_what_it_shows_and_interviews_get_their_own_row(corpus):
    one, two = plots.timeline(corpus, ["OAS"]), plots.timeline(corpus, ["UNASUR", "CELAC"])
    assert "OAS" in one.layout.title.text and "UNASUR" in two.layout.title.text and one.layout.title.text != two.layout.title.text
    labels = [a for a in one.layout.annotations if "interview" in a.text]
    assert len(labels) == len(corpus.documents) and len({a.yshift for a in labels}) == len(labels)


def test_a_new_document_reaches_explorer_and_figures(corpus_copy):
    """An instructor's third interview shows up with no code change."""
    text = "Question about the OAS?\n\nThe OAS must change."
    (corpus_copy / "texts" / "extra_2022.txt").write_text(text, encoding="utf-8")
    answer = text.index("The OAS must")
    oas = [i for i in range(len(text)) if text.startswith("OAS", i)]
    with open(corpus_copy / "documents.yaml", "a", encoding="utf-8") as f:
        f.write("\n- doc_id: extra_2022\n  title: Test\n  outlet: Test outlet\n  interviewee: mayta\n"
                "  outlet_speaker: kawsachun_news\n  date: 2022\n  language: en\n  rights: test only\n"
                "  text: texts/extra_2022.txt\n")
    append_rows(corpus_copy / "turns.csv", [
        dict(turn_id="extra_t01", doc_id="extra_2022", speaker_id="kawsachun_news", kind="question", start=0, end=answer, opening="Question"),
        dict(turn_id="extra_t02", doc_id="extra_2022", speaker_id="mayta", kind="answer", start=answer, end=len(text), opening="The OAS")])
    append_rows(corpus_copy / "mentions.csv", [
        dict(mention_id=f"extra_m00{i + 1}", doc_id="extra_2022", institution_id="oas", start=at, end=at + 3, surface="OAS")
        for i, at in enumerate(oas)])
    append_rows(corpus_copy / "claims.csv", [
        dict(claim_id="extra_c01", doc_id="extra_2022", turn_id="extra_t02", speaker_id="mayta", start=answer, end=len(text),
             quote="The OAS must change.", paraphrase="Mayta says the OAS must change.", targets="oas:critical",
             frame="prognostic", themes="integration")])
    corpus = load_corpus(corpus_copy)
    assert "extra_2022" in set(corpus.documents.doc_id)
    explorer = explore(corpus)
    explorer.speaker.value = ("mayta",)
    explorer.institution.value = ("oas",)
    assert "extra_c01" in table_claim_ids(explorer, every=True)
    assert len(corpus.kwic("must change")) == 1
    heat = plots.stance_heatmap(corpus)
    assert heat.data[0].z[list(heat.data[0].y).index("OAS")][list(heat.data[0].x).index("Mayta")] == pytest.approx(
        -1 * corpus.find_claims(speaker="mayta", institution="oas").stance.eq("critical").mean()
        + corpus.find_claims(speaker="mayta", institution="oas").stance.eq("supportive").mean())
    shutil.rmtree(corpus_copy)


def test_dropdowns_always_hold_a_labelled_option(corpus, explorer):
    """A value of None shows a blank dropdown in the browser; "all" is a real option with a label."""
    for control, label in ((explorer.theme, "All themes"), (explorer.stance, "All stances")):
        assert control.value == "all" and control.label == label
        control.value = control.options[1][1]
        control.value = None  # a notebook that still writes None gets "all"
        assert control.value == "all" and control.label == label
    assert all(value is not None for w in (explorer.theme, explorer.stance) for _, value in w.options)
    box = concordance(corpus)
    assert box.speaker.value == "all" and box.speaker.label == "All speakers"


def test_institution_counts_follow_the_other_filters(corpus, explorer):
    def shown(i):
        label = dict((v, k) for k, v in explorer.institution.options)[i]
        return int(re.search(r"\((\d+)\)$", label).group(1))

    assert shown("oas") == corpus.find_claims(institution="oas").claim_id.nunique()
    explorer.institution.value = ("oas",)
    explorer.speaker.value = ("llorenti",)
    assert shown("oas") == corpus.find_claims(speaker="llorenti", institution="oas").claim_id.nunique()
    assert explorer.institution.value == ("oas",)  # the choice survives the new counts
    explorer.stance.value = "critical"
    assert shown("celac") == corpus.find_claims(speaker="llorenti", institution="celac", stance="critical").claim_id.nunique()
    explorer.clear()
    assert shown("oas") == corpus.find_claims(institution="oas").claim_id.nunique()


def test_count_line_is_one_readable_sentence(corpus, explorer):
    explorer.institution.value = ("celac",)
    assert "about CELAC" in explorer.count.value and "the CELAC" not in explorer.count.value
    explorer.institution.value = ("oas", "celac", "unasur", "sucre", "alba", "un")
    line = re.sub("<[^>]+>", "", explorer.count.value)
    assert line.endswith("about the OAS, CELAC, ALBA-TCP and 3 other institutions") and len(line) < 120
    explorer.institution.value = ()
    explorer.theme.value = "us_influence"
    assert "theme: US influence" in explorer.count.value
    assert ("US influence", "us_influence") in explorer.theme.options


def test_one_speaker_order_everywhere(corpus, explorer):
    order = plots.speaker_order(corpus)
    assert [v for _, v in explorer.speaker.options] == order
    panels = [re.sub("<[^>]+>", "", a.text) for a in explorer.figure.layout.annotations]
    assert panels == [corpus.speaker_short_name(s) for s in order]
    explorer.speaker.value = tuple(reversed(order[:2]))
    assert re.search(f"by {corpus.speaker_short_name(order[0])} and {corpus.speaker_short_name(order[1])} ",
                     explorer.count.value)


def test_table_shows_ten_rows_at_a_time(corpus, explorer):
    n = corpus.claims.claim_id.nunique()
    assert len(table_claim_ids(explorer)) == 10
    explorer.more.click()
    assert len(table_claim_ids(explorer)) == 20 and f"Showing 20 of {n} claims" in explorer.shown.value
    explorer.speaker.value = ("llorenti",)  # a new selection starts again at ten rows
    assert len(table_claim_ids(explorer)) == 10
    assert len(table_claim_ids(explorer, every=True)) == corpus.find_claims(speaker="llorenti").claim_id.nunique()
    assert explorer.more.layout.display == "none"


def test_explore_starts_from_named_filters(corpus):
    explorer = explore(corpus, speaker="Mayta", institution=["OAS"], stance="critical")
    assert explorer.speaker.value == ("mayta",) and explorer.institution.value == ("oas",)
    assert explorer.stance.value == "critical" and explorer.theme.value == "all"
    expected = corpus.find_claims(speaker="mayta", institution="oas", stance="critical").claim_id.nunique()
    assert explorer.count.value.startswith(f"<b>{expected} claims by Mayta about the OAS")


@pytest.mark.parametrize("call, error, words", [
    (lambda c: explore("corpus"), TypeError, "explore(corpus)"),
    (lambda c: explore(c, page_size="10"), TypeError, "page_size"),
    (lambda c: explore(c, page_size=0), ValueError, "page_size"),
    (lambda c: explore(c, speaker=123), TypeError, "speaker"),
    (lambda c: explore(c, institution="Atlantis"), ValueError, "institution='Atlantis'"),
    (lambda c: explore(c, theme="weather"), ValueError, "theme"),
    (lambda c: explore(c, stance="angry"), ValueError, "stance"),
    (lambda c: concordance(None), TypeError, "concordance(corpus)"),
    (lambda c: concordance(c, ["OAS"]), TypeError, "term"),
    (lambda c: concordance(c, "OAS", window="wide"), TypeError, "window"),
    (lambda c: concordance(c, "OAS", window=5), ValueError, "window"),
    (lambda c: concordance(c, "OAS", speaker="nobody"), ValueError, "speaker"),
])
def test_widget_constructors_reject_bad_input_naming_the_parameter(corpus, call, error, words):
    with pytest.raises(error) as caught:
        call(corpus)
    assert words in str(caught.value) and "Traceback" not in str(caught.value)


def test_corpus_text_is_escaped_in_every_figure(corpus_copy):
    """Plotly reads <a href> and <b> in any text it draws: corpus labels must reach it escaped."""
    evil = '<a href="https://example.org">OAS</a> <b>bold</b>'
    path = corpus_copy / "institutions.csv"
    text = path.read_text(encoding="utf-8").replace("oas,Organization of American States,OAS,,",
                                                   f"oas,Organization of American States,OAS,\"{evil.replace(chr(34), chr(34) * 2)}\",")
    path.write_text(text, encoding="utf-8")
    speakers = corpus_copy / "speakers.csv"
    speakers.write_text(speakers.read_text(encoding="utf-8").replace("mayta,Rogelio Mayta,Mayta,",
                                                                     "mayta,Rogelio Mayta %{x} <i>,Mayta <i>%{y}</i>,"),
                        encoding="utf-8")
    corpus = load_corpus(corpus_copy)
    assert corpus.institution_label("oas") == evil
    figures = [plots.stance_chart(corpus), plots.mentions_by_speaker(corpus), plots.stance_heatmap(corpus),
               plots.discourse_network(corpus), plots.timeline(corpus), explore(corpus).figure]
    for fig in figures:
        dumped = fig.to_json()
        assert "<a href" not in dumped and "<b>bold" not in dumped and "<i>%{y}" not in dumped
        assert "&lt;a href=" in dumped or "&lt;b&gt;" in dumped or "&lt;i&gt;" in dumped
        templates = [getattr(t, "hovertemplate", None) or "" for t in fig.data]
        assert not any("Mayta" in t or "OAS" in t for t in templates)  # corpus text goes in as data, never as a template


def test_importing_explore_in_a_kernel_sends_the_library_ahead_and_elsewhere_does_not(monkeypatch):
    """``from helpers import explore`` in a notebook kernel makes the Library (plotly.js) at once, before any
    explorer; in a plain Python process (a script, the command line) it makes nothing."""
    import IPython

    import helpers
    from helpers import widgets

    class Shell:  # what get_ipython() returns in a kernel: a shell with a kernel
        kernel = object()

    monkeypatch.setattr(widgets, "_library", None)
    monkeypatch.setattr(IPython, "get_ipython", lambda: None)
    assert helpers.explore is widgets.explore and widgets._library is None
    helpers.concordance  # noqa: B018  (the concordance needs no plotly.js)
    monkeypatch.setattr(IPython, "get_ipython", lambda: Shell())
    helpers.concordance  # noqa: B018
    assert widgets._library is None
    from helpers import explore  # noqa: F401  (as a notebook's first cell imports it)
    assert isinstance(widgets._library, widgets.Library)
    assert "plotly.js v" in widgets._library._esm[:200]
    made = widgets._library
    helpers.explore  # noqa: B018  (asked for again: the same Library)
    assert widgets._library is made
