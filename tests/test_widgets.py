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
        for speaker, inst, y in zip(trace.x[0], trace.x[1], trace.y):
            totals[(speaker, inst)] = totals.get((speaker, inst), 0) + y
    return {k: v for k, v in totals.items() if v}


def table_claim_ids(explorer):
    return re.findall(r"<tr><td>([a-z][a-z0-9_]*_c\d+)</td>", explorer.table.value)


def test_first_display_shows_every_claim(corpus, explorer):
    n = corpus.claims.claim_id.nunique()
    assert explorer.count.value == f"<b>{n} claims by all speakers about any institution</b>"
    assert len(table_claim_ids(explorer)) == min(n, explorer.max_rows)
    targeted = corpus.claims.dropna(subset=["institution_id"])
    assert sum(chart_pairs(explorer).values()) == len(targeted)


def test_speaker_and_institution_filters_update_chart_count_and_table(corpus, explorer):
    explorer.speaker.value = ("mayta",)
    explorer.institution.value = ("oas",)
    expected = corpus.find_claims(speaker="mayta", institution="oas")
    n = expected.claim_id.nunique()
    assert explorer.count.value == f"<b>{n} claims by Mayta about the OAS</b>"
    assert set(table_claim_ids(explorer)) == set(expected.claim_id)
    assert chart_pairs(explorer) == {("Mayta", "OAS"): len(expected)}
    stances = {t.name: sum(t.y) for t in explorer.figure.data}
    assert stances == expected.stance.value_counts().to_dict()

    explorer.speaker.value = ("mayta", "llorenti")
    pairs = chart_pairs(explorer)
    assert set(pairs) == {("Mayta", "OAS"), ("Llorenti", "OAS")}
    assert pairs[("Llorenti", "OAS")] == len(corpus.find_claims(speaker="llorenti", institution="oas"))


def test_theme_and_stance_filters(corpus, explorer):
    explorer.theme.value = "sovereignty"
    explorer.stance.value = "supportive"
    expected = corpus.find_claims(theme="sovereignty", stance="supportive")
    assert set(table_claim_ids(explorer)) == set(expected.claim_id)
    assert "supportive only; theme: sovereignty" in explorer.count.value
    assert {t.name for t in explorer.figure.data} == {"supportive"}


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
    assert explorer.theme.value is None and explorer.stance.value is None
    assert len(table_claim_ids(explorer)) == min(corpus.claims.claim_id.nunique(), explorer.max_rows)


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


def test_stance_is_shown_by_label_and_pattern_not_colour_alone(corpus):
    fig = plots.stance_chart(corpus)
    patterns = {t.name: t.marker.pattern.shape for t in fig.data}
    assert len(set(patterns.values())) == 3
    assert all(t.name in (txt or t.name) for t in fig.data for txt in t.text if txt)
    net = plots.discourse_network(corpus)
    dashes = {t.name: t.line.dash for t in net.data if t.mode == "lines"}
    assert dashes == {"critical": "solid", "supportive": "dash", "neutral": "dot"}
    heat = plots.stance_heatmap(corpus)
    assert any("crit." in cell for row in heat.data[0].text for cell in row)


def test_figures_reflect_the_data(corpus):
    heat = plots.stance_heatmap(corpus)
    y, x = list(heat.data[0].y), list(heat.data[0].x)
    oas_mayta = heat.data[0].z[y.index("Rogelio Mayta")][x.index("OAS")]
    mc = corpus.find_claims(speaker="mayta", institution="oas").stance.value_counts()
    assert oas_mayta == pytest.approx((mc.get("supportive", 0) - mc.get("critical", 0)) / mc.sum())
    mentions = plots.mentions_by_speaker(corpus)
    bars = {t.name: dict(zip(t.y, t.x)) for t in mentions.data}
    in_mayta_turns = corpus.mentions.merge(corpus.turns, on="doc_id", suffixes=("", "_t"))
    in_mayta_turns = in_mayta_turns[(in_mayta_turns.start >= in_mayta_turns.start_t) & (in_mayta_turns.start < in_mayta_turns.end_t)
                                    & (in_mayta_turns.speaker_id == "mayta") & (in_mayta_turns.institution_id == "oas")]
    assert bars["Rogelio Mayta"]["OAS"] == len(in_mayta_turns)
    net = plots.discourse_network(corpus)
    widths = [t.line.width for t in net.data if t.mode == "lines"]
    assert max(widths) > min(widths)
    tl = plots.timeline(corpus, institutions=["UNASUR"])
    assert sum(len(t.x) for t in tl.data) == (corpus.events.institution_id == "unasur").sum()
    assert all("Source:" in t.hovertemplate for t in tl.data)


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
    assert "extra_c01" in table_claim_ids(explorer)
    assert len(corpus.kwic("must change")) == 1
    heat = plots.stance_heatmap(corpus)
    assert heat.data[0].z[list(heat.data[0].y).index("Rogelio Mayta")][list(heat.data[0].x).index("OAS")] == pytest.approx(
        -1 * corpus.find_claims(speaker="mayta", institution="oas").stance.eq("critical").mean()
        + corpus.find_claims(speaker="mayta", institution="oas").stance.eq("supportive").mean())
    shutil.rmtree(corpus_copy)
