"""Every figure, drawn by plotly.js in Debian's Chromium and measured: can a student read it?

Each figure of ``helpers.plots`` and each figure a notebook draws is drawn in a plain HTML page
with the plotly.js bundled in the installed plotly package (offline), at notebook width and at
700 px. In the drawn SVG the test measures every piece of text after plotly's own scaling:
no two text boxes overlap, no text is under 10 px, no text runs past the figure's edge, and no
legend scrolls. It also draws a corpus whose labels hold HTML and checks that they show as text.
Screenshots go to test-artifacts/figures/.

Run alone with:  python -m pytest tests/test_figures_browser.py
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import nbformat
import plotly
import pytest

from conftest import ROOT
from harness import chromium_page

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts" / "figures"
NOTEBOOK_WIDTH = 1100  # the output area of a notebook in JupyterLab in a 1400 px wide window
WIDTHS = (NOTEBOOK_WIDTH, 700)
MIN_FONT_PX = 10
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"

MEASURE = """
async ([spec, width]) => {
  const div = document.getElementById('fig');
  div.style.width = width + 'px';
  await Plotly.newPlot(div, spec.data, spec.layout, {responsive: false, displayModeBar: false});
  const box = div.getBoundingClientRect();
  const texts = [];
  for (const el of div.querySelectorAll('svg.main-svg text')) {
    const content = el.textContent.trim();
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (!content || r.width === 0 || style.display === 'none' || style.visibility === 'hidden'
        || el.closest('[style*="display: none"]') || el.closest('.hoverlayer')) continue;
    const m = el.getScreenCTM();
    const scale = Math.sqrt(m.a * m.a + m.b * m.b);
    texts.push({text: content, px: parseFloat(style.fontSize) * scale,
                x0: r.left - box.left, y0: r.top - box.top, x1: r.right - box.left, y1: r.bottom - box.top,
                links: el.querySelectorAll('a').length, bold: el.querySelectorAll('tspan[style*="bold"]').length});
  }
  const scrollbars = [...div.querySelectorAll('.legend .scrollbar')]
      .filter(s => parseFloat(s.getAttribute('height') || 0) > 0).length;
  return {width: box.width, height: box.height, texts, scrollbars,
          anchors: div.querySelectorAll('svg a').length};
}
"""


def collect_figures() -> dict:
    """{name: figure dict}: each figure function on the whole corpus, and every figure the notebooks draw.

    The notebooks' figures come from running each instructor notebook's code cells in this process
    with ``plots.show`` catching the figures (drawn as ``plots.as_shown`` makes them, the title taken
    out to the caption), so a new or changed figure call is measured too.
    """
    from helpers import explore, load_corpus, plots

    corpus = load_corpus(ROOT / "corpus")
    figures = {f"plots.{name}": json.loads(getattr(plots, name)(corpus).to_json())
               for name in ("stance_chart", "mentions_by_speaker", "stance_heatmap", "discourse_network", "timeline")}
    figures["explore.first_view"] = json.loads(explore(corpus).figure.to_json())
    shown = []
    real_show, here = plots.show, os.getcwd()
    plots.show = lambda fig: shown.append(plots.as_shown(fig))  # as the notebook draws it: its title is the caption
    os.chdir(tempfile.mkdtemp())  # the notebooks save files (my_evidence.csv) in their own folder
    try:
        for path in sorted((ROOT / "instructor" / "source").glob("*/*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            namespace = {"__name__": "__main__"}
            before = len(shown)
            for cell in nb.cells:
                if cell.cell_type != "code" or re.search(r"^[!%]", cell.source, re.M):
                    continue
                try:
                    with contextlib.redirect_stdout(io.StringIO()):
                        exec(compile(cell.source, str(path), "exec"), namespace)
                except Exception:  # an exercise left for the student; the figures do not depend on it
                    pass
            for k, fig in enumerate(shown[before:]):
                figures[f"{path.stem}.{k + 1}"] = fig
            if "explorer" in namespace:  # the explorer's chart as the notebook leaves it
                figures[f"{path.stem}.explorer"] = json.loads(namespace["explorer"].figure.to_json())
    finally:
        plots.show = real_show
        os.chdir(here)
    return figures


def overlaps(texts: list[dict], tolerance: float = 1.0) -> list[tuple[str, str]]:
    """Pairs of text boxes that overlap by more than ``tolerance`` px both ways."""
    found = []
    for k, a in enumerate(texts):
        for b in texts[k + 1:]:
            dx = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
            dy = min(a["y1"], b["y1"]) - max(a["y0"], b["y0"])
            if dx > tolerance and dy > tolerance:
                found.append((a["text"], b["text"]))
    return found


def cut_off(texts: list[dict], width: float, height: float) -> list[str]:
    return [t["text"] for t in texts if t["x0"] < -1 or t["y0"] < -1 or t["x1"] > width + 1 or t["y1"] > height + 1]


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("figures")
    (ARTIFACTS / "measurements.jsonl").unlink(missing_ok=True)
    shutil.copy(PLOTLY_JS, folder / "plotly.min.js")
    (folder / "index.html").write_text(
        "<!doctype html><html><head><meta charset='utf-8'><script src='plotly.min.js'></script></head>"
        "<body style='margin:0;font-family:Arial'><div id='fig'></div></body></html>", encoding="utf-8")
    with chromium_page(1300, 900) as page:
        page.goto((folder / "index.html").as_uri())
        page.wait_for_function("() => window.Plotly !== undefined")
        yield page


def draw(page, spec: dict, width: int, shot: Path | None = None) -> dict:
    page.evaluate("() => { const d = document.getElementById('fig'); if (window.Plotly) Plotly.purge(d); }")
    found = page.evaluate(MEASURE, [spec, width])
    if shot is not None:
        page.locator("#fig").screenshot(path=str(shot))
    return found


FIGURES = collect_figures()


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_figure_reads_at_a_glance(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    report = {}
    for width in WIDTHS:
        found = draw(page, FIGURES[name], width, ARTIFACTS / f"{name}-{width}.png")
        texts = found["texts"]
        report[width] = {"text boxes": len(texts), "overlapping pairs": len(overlaps(texts)),
                         "min font px": round(min((t["px"] for t in texts), default=0), 1),
                         "height": round(found["height"])}
        assert texts, f"{name} at {width} px drew no text"
        small = [(t["text"], round(t["px"], 1)) for t in texts if t["px"] < MIN_FONT_PX - 0.05]
        assert not small, f"{name} at {width} px: text under {MIN_FONT_PX} px: {small[:5]}"
        assert not overlaps(texts), f"{name} at {width} px: overlapping text: {overlaps(texts)[:5]}"
        assert not cut_off(texts, found["width"], found["height"]), \
            f"{name} at {width} px: text cut off at the edge: {cut_off(texts, found['width'], found['height'])[:5]}"
        assert not found["scrollbars"], f"{name} at {width} px: the legend scrolls, hiding entries"
    with open(ARTIFACTS / "measurements.jsonl", "a", encoding="utf-8") as f:
        f.write(json.dumps({"figure": name, **{str(w): r for w, r in report.items()}}) + "\n")


EVIL_LABEL = '<a href="https://example.org/">OAS</a> <b>bold</b>'


def test_corpus_markup_is_drawn_as_literal_text_in_every_chart(page, corpus_copy):
    """An institution label and a speaker name holding HTML show as typed, with no link and no bold."""
    from helpers import explore, load_corpus, plots

    path = corpus_copy / "institutions.csv"
    quoted = '"' + EVIL_LABEL.replace('"', '""') + '"'
    path.write_text(path.read_text(encoding="utf-8").replace(
        "oas,Organization of American States,OAS,,", f"oas,Organization of American States,OAS,{quoted},"), encoding="utf-8")
    speakers = corpus_copy / "speakers.csv"
    speakers.write_text(speakers.read_text(encoding="utf-8").replace(
        "mayta,Rogelio Mayta,Mayta,", "mayta,Rogelio <b>Mayta</b> %{x},<i>Mayta</i> %{y},"), encoding="utf-8")
    corpus = load_corpus(corpus_copy)
    figures = {"stance_chart": plots.stance_chart(corpus), "mentions_by_speaker": plots.mentions_by_speaker(corpus),
               "stance_heatmap": plots.stance_heatmap(corpus), "discourse_network": plots.discourse_network(corpus),
               "timeline": plots.timeline(corpus, ["OAS"]), "explorer": explore(corpus).figure}
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name, fig in figures.items():
        found = draw(page, json.loads(fig.to_json()), NOTEBOOK_WIDTH, ARTIFACTS / f"escaped-{name}.png")
        texts = [t["text"] for t in found["texts"]]
        assert found["anchors"] == 0, f"{name}: a corpus label became a link"
        squeezed = ["".join(t.split()) for t in texts]  # a long label is drawn on two lines: compare without spaces
        assert any("".join(EVIL_LABEL.split()) in t for t in squeezed), f"{name}: the label is not drawn as typed: {texts[:12]}"
        if name != "timeline":  # the timeline names no speaker
            assert any("<i>Mayta</i> %{y}" in t or "Rogelio <b>Mayta</b> %{x}" in t for t in texts), \
                f"{name}: the speaker name is not drawn as typed: {texts}"
        # hover text is drawn on demand: hover the first bar, cell or point and read the label
        hover = page.evaluate("""() => {
            const d = document.getElementById('fig');
            const i = d.data.findIndex(t => t.type === 'bar' || t.type === 'heatmap' || (t.mode || '').includes('markers'));
            if (i < 0) return null;
            const t = d.data[i];
            const point = t.type === 'heatmap' ? [0, 0] : 0;
            Plotly.Fx.hover(d, t.type === 'heatmap' ? [{curveNumber: i, pointNumber: point}] : [{curveNumber: i, pointNumber: 0}],
                            t.xaxis ? [t.xaxis + t.yaxis] : undefined);
            const layer = d.querySelector('.hoverlayer');
            return {text: layer.textContent, links: layer.querySelectorAll('a').length};
        }""")
        if hover is not None:
            assert hover["links"] == 0, f"{name}: a link in the hover label"
