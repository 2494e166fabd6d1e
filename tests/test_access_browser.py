"""The widgets as a keyboard user, a screen-reader user and a narrow screen meet them, in real JupyterLab.

One JupyterLab server and one page load for: the reference coding hidden in the coder's page; a
keyboard-only walk (explorer, concordance, reader, coder) that never changes the notebook's cells;
live regions, pressed states and accessible names; axe-core on each widget's output area; focus and
highlight contrast computed here (axe skips the notebook panel); the timeline's hover labels and the
events table unclipped at notebook width and at 700 px; reflow at 320 px; the stale-value check,
growing hints and progress(). A second test draws each kind of static figure (plots.show) at normal width and
at 320 px. Screenshots under test-artifacts/ (access-*.png).

Run alone with:  python -m pytest tests/test_access_browser.py
"""

import csv
import json
import re

import nbformat
import pytest

from harness import chromium_page
from test_browser import ARTIFACTS, open_and_run_all

pytestmark = pytest.mark.browser

NOTEBOOK = "access_check.ipynb"
QUOTE = "The Celac [Community of Latin American and Caribbean States] has been sadly paralyzed."
TIMELINE = ["UNASUR", "CELAC", "ALBA-TCP", "ALCE", "Bank of ALBA", "SUCRE", "MERCOSUR"]

CELLS = [
    'from helpers import load_corpus, explore, concordance, check, progress, plots\n'
    'from helpers.reader import reader\nfrom helpers.coder import coder\ncorpus = load_corpus("corpus")',
    'answer_2_4 = "c"',
    'check("02_mention_or_claim", answer_2_4)',
    "answer_2_4 = b",  # a letter without quotes: the cell runs, the check asks for quotes
    'check("02_mention_or_claim", answer_2_4)',
    'check("00_demo", 7)\ncheck("00_demo", 6)\ncheck("00_demo", 3)',
    "explore(corpus)",
    'concordance(corpus, "integration")',
    'reader(corpus, "mayta_2021")',
    'c = coder(corpus, "llorenti_2021", save_to="my_coding.csv")\nc',
    f"plots.show(plots.timeline(corpus, institutions={TIMELINE!r}))",
    'corpus.events_table("bolivia_2019")',
    'progress("notebooks")',
    "c.compare()",
    "answer_2_4 = B.upper()",  # raises NameError: Run All stops here
    'check("02_mention_or_claim", answer_2_4)',
]


def _write_notebook(root):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in CELLS]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, str(root / NOTEBOOK))


def _luminance(rgb):
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a, b) -> float:
    """WCAG contrast ratio of two colours given as "#rrggbb" or "rgb(r, g, b)"."""
    def rgb(c):
        if c.startswith("#"):
            return tuple(int(c[i:i + 2], 16) for i in (1, 3, 5))
        return tuple(int(float(x)) for x in re.findall(r"[\d.]+", c)[:3])
    la, lb = sorted((_luminance(rgb(a)), _luminance(rgb(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def output_of(page, k):
    """The output area of the k-th cell."""
    return page.locator(".jp-Notebook .jp-Cell").nth(k).locator(".jp-OutputArea")


CELL_SOURCES = """() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')].map(c =>
    [...c.querySelectorAll('.cm-line')].map(l => l.textContent).join('\\n'))"""
ACTIVE_CELL = "() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')].findIndex(c => c.classList.contains('jp-mod-active'))"

# Everything visible inside `root` that reaches past the right edge of the output area (or of the window).
OVERFLOW = """root => {
  const area = root.closest('.jp-OutputArea-output') || root;
  const edge = Math.min(area.getBoundingClientRect().right, document.documentElement.clientWidth) + 1;
  const out = [];
  for (const el of [root, ...root.querySelectorAll('*')]) {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    if (!r.width || !r.height || s.visibility === 'hidden' || s.position === 'absolute' && s.clip !== 'auto') continue;
    if (el.closest('.hoverlayer, .modebar-container, .claims-access, thead')) continue;
    if (el instanceof SVGElement && el.tagName !== 'svg') continue;  // an <svg> clips what it draws
    if (r.right > edge) out.push(`${el.tagName}.${[...el.classList].join('.')} right=${Math.round(r.right)} > ${Math.round(edge)}`);
  }
  return out.slice(0, 8);
}"""

HOVER_BOXES = """async gd => {  // plotly takes one hover per 50 ms: wait between points
  const svg = gd.querySelector('.main-svg').getBoundingClientRect(), out = [];
  const pause = () => new Promise(r => setTimeout(r, 80));
  for (let c = 0; c < gd.data.length; c++) for (let i = 0; i < gd.data[c].x.length; i++) {
    if (gd.data[c].mode !== 'markers+text') continue;
    Plotly.Fx.hover(gd, [{curveNumber: c, pointNumber: i}]);
    await pause();
    const label = gd.querySelector('.hoverlayer .hovertext');
    if (!label) { out.push({missing: true, c, i}); continue; }
    const r = label.getBoundingClientRect();
    out.push({c, i, inside: r.left >= svg.left - 1 && r.right <= svg.right + 1 && r.top >= svg.top - 1 && r.bottom <= svg.bottom + 1,
              text: label.textContent, width: Math.round(r.width), svgWidth: Math.round(svg.width)});
  }
  Plotly.Fx.unhover(gd);
  return out;
}"""


SETTLE = """async e => {  // scrolled to the top of the window, until its box and its charts' widths hold still for 250 ms
  // (true), or 8 s have passed (false)
  const size = () => JSON.stringify([e.getBoundingClientRect().top, e.getBoundingClientRect().height,
                                     ...[...e.querySelectorAll('.main-svg')].map(s => s.getBoundingClientRect().width)]);
  let last = null, still = 0;
  for (let waited = 0; still < 5 && waited < 8000; waited += 50) {
    e.scrollIntoView({block: 'start'});  // again as the cells around it are drawn (content-visibility) and take their height
    await new Promise(r => setTimeout(r, 50));
    const now = size();
    still = now === last ? still + 1 : 0;
    last = now;
  }
  return still >= 5;
}"""


def settle(locator):
    """Scroll ``locator`` to the top of the window (JupyterLab scrolls the notebook itself) and wait until it is
    drawn (cells out of view are not: content-visibility) and resized to the window: its box holds still."""
    assert locator.evaluate(SETTLE), "it was still moving after 8 s"


def shot(page, locator, name):
    """A screenshot of the window with the top of ``locator`` at its top, once it holds still (``settle``)."""
    settle(locator)
    page.screenshot(path=str(ARTIFACTS / name))


def _tab_to(page, test_js: str, most: int = 40):
    """Press Tab until the focused element passes ``test_js`` (a function of the element)."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const e = document.activeElement; return !!e && ({test_js})(e); }}"):
            return
    raise AssertionError(f"Tab never reached {test_js}")


def test_widgets_by_keyboard_and_screen_reader_at_any_width(lab, corpus):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect

    from helpers import explore, plots

    base, token, root = lab
    _write_notebook(root)
    ARTIFACTS.mkdir(exist_ok=True)
    report = {}
    reference_ids = set(corpus.claims[corpus.claims.doc_id == "llorenti_2021"].claim_id)

    with chromium_page() as page:
        open_and_run_all(page, f"{base}/lab/tree/{NOTEBOOK}?token={token}")
        try:
            expect(output_of(page, 14)).to_contain_text("NameError", timeout=240_000)
        except AssertionError:
            page.screenshot(path=str(ARTIFACTS / "access-run-all-failed.png"))
            raise AssertionError(page.evaluate("() => [...document.querySelectorAll('.jp-OutputArea-output[data-mime-type*=error]')]"
                                               ".map(e => e.textContent.slice(0, 300))"))
        coder_box = page.locator(".claim-coder")
        # (JupyterLab skips drawing cells out of view: content-visibility)
        expect(coder_box.locator(".claims-reader .turn").first).to_be_attached(timeout=60_000)
        expect(page.locator(".claim-explorer .js-plotly-plot")).to_be_attached(timeout=60_000)

        # 1. Checks that judge what was typed; Run All went past the unquoted letter.
        expect(output_of(page, 4)).to_contain_text("without quotes")
        expect(output_of(page, 4)).to_contain_text('"b"')
        assert "Correct" not in output_of(page, 4).text_content()
        hints = output_of(page, 5).text_content()
        assert "Second try" in hints and "Third try: your number is too low" in hints and " 4" not in hints
        expect(output_of(page, 12)).to_contain_text("00_start_here")
        progress_text = output_of(page, 12).text_content()
        assert re.search(r"02_mention_or_claim: (error|not yet)", progress_text.replace("✗ ", "").replace("! ", "")) \
            or "02_mention_or_claim" in progress_text, progress_text

        # 2. The coder hides the reference coding while highlighting is off: nothing in its page says
        #    where a reference claim is or how it is coded (no class, tooltip, attribute or hidden text).
        coder_html = coder_box.evaluate("e => e.outerHTML")
        assert not [i for i in reference_ids if i in coder_html]
        assert coder_box.locator(".claims-reader .c").count() == 0
        titles = coder_box.locator("[title]").evaluate_all("els => els.map(e => e.title)")
        assert not [t for t in titles if re.search(r"critical|supportive|neutral|diagnostic|prognostic|motivational", t)]

        # 3. Names, states and live regions.
        for sel in (".claim-explorer .claims-count", ".kwic-explorer .claims-live", ".claim-coder .claims-live"):
            loc = page.locator(sel).first
            assert (loc.get_attribute("role"), loc.get_attribute("aria-live")) == ("status", "polite"), sel
        assert page.locator(".kwic-explorer .noUi-handle").get_attribute("aria-label") == "Context"
        pressed = coder_box.locator(".widget-toggle-button").evaluate_all("els => els.map(e => e.getAttribute('aria-pressed'))")
        assert pressed and set(pressed) == {"false"}
        chart = page.locator(".claim-explorer .claims-chart")
        assert chart.get_attribute("role") == "figure"
        described = page.evaluate("() => { const c = document.querySelector('.claim-explorer .claims-chart');"
                                  " return [c.getAttribute('aria-label'), document.getElementById(c.getAttribute('aria-describedby')).textContent]; }")
        assert described == ["Stance toward each institution, by speaker", plots.describe(explore(corpus).spec)]
        figure = output_of(page, 10).locator("[role=figure]")
        expect(figure).to_have_count(1, timeout=20_000)
        timeline = plots.timeline(corpus, TIMELINE)
        assert page.evaluate("f => document.getElementById(f.getAttribute('aria-describedby')).textContent",
                             figure.element_handle()) == plots.describe(timeline)
        assert page.evaluate("f => document.getElementById(f.getAttribute('aria-labelledby')).textContent",
                             figure.element_handle()) == timeline.layout.title.text.replace("<br>", " ")
        tabbable = page.evaluate("() => [...document.querySelectorAll('.modebar-btn')].filter(b => b.tabIndex >= 0).length")
        assert tabbable == 0

        # 4. Keyboard only (after focusing each widget's first control): the keys reach the widget and
        #    the notebook's cells never change.
        cells_before = page.evaluate(CELL_SOURCES)
        explorer = page.locator(".claim-explorer")
        explorer.locator("select[multiple]").first.focus()
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Shift+ArrowDown")
        expect(explorer.locator(".claims-count")).to_contain_text("by Mayta and Llorenti about any institution", timeout=10_000)
        page.keyboard.press("Tab")
        page.keyboard.press("ArrowDown")
        expect(explorer.locator(".claims-count")).to_contain_text("about the OAS", timeout=10_000)
        page.keyboard.press("Tab")
        page.keyboard.press("u")  # a letter jumps in the theme list ("a" would insert a cell in JupyterLab)
        expect(explorer.locator(".claims-count")).to_contain_text("theme: US influence", timeout=10_000)
        assert page.evaluate("() => !!document.activeElement.closest('.claim-explorer')")
        assert page.evaluate(ACTIVE_CELL) == 6  # arrows and letters moved no cell selection
        page.keyboard.press("Escape")
        assert page.evaluate("() => !document.activeElement.closest('.claim-explorer')")
        focus_ring = {}

        kwic = page.locator(".kwic-explorer")
        kwic.locator("input[type=text]").focus()
        page.keyboard.press("Control+a")
        page.keyboard.type("Almagro")
        page.keyboard.press("Tab")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")
        focus_ring["slider"] = page.evaluate("() => { const s = getComputedStyle(document.activeElement); return [s.outlineColor, s.outlineWidth, s.outlineStyle]; }")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        n = len(corpus.kwic("Almagro", speaker="mayta"))
        expect(kwic.locator(".claims-live")).to_contain_text(f"{n} match{'es' if n != 1 else ''} for “Almagro”", timeout=10_000)
        expect(kwic).to_contain_text("Each match with 70 characters", timeout=10_000)

        # the coder: a sentence selected with the arrow keys, then the claim coded by typing its quote
        reader_box = coder_box.locator(".claims-reader")
        reader_box.focus()
        page.keyboard.press("ArrowRight")
        expect(coder_box).to_contain_text("Passage found", timeout=10_000)
        quote_box = coder_box.locator("textarea").first
        first_sentence = quote_box.input_value()
        assert first_sentence and first_sentence in corpus.texts["llorenti_2021"]
        page.keyboard.press("Shift+ArrowRight")
        expect(quote_box).not_to_have_value(first_sentence, timeout=10_000)
        assert quote_box.input_value().startswith(first_sentence)
        _tab_to(page, "e => e.tagName === 'TEXTAREA'")
        page.keyboard.press("Control+a")
        page.keyboard.type(QUOTE)
        # ipywidgets holds back text updates while earlier ones are unanswered, and a button press can overtake
        # them; a person types slower than this test: let the last letters reach the kernel first
        page.wait_for_timeout(1000)
        _tab_to(page, "e => e.textContent.includes('Find quote')")
        focus_ring["button"] = page.evaluate("() => { const s = getComputedStyle(document.activeElement); return [s.outlineColor, s.outlineWidth, s.outlineStyle]; }")
        page.keyboard.press("Enter")
        try:
            expect(coder_box.locator(".claims-live").first).to_contain_text("Passage found", timeout=10_000)
        except AssertionError:
            page.screenshot(path=str(ARTIFACTS / "access-find-failed.png"))
            raise AssertionError(page.evaluate("() => [document.activeElement.outerHTML.slice(0, 300)]"))
        _tab_to(page, "e => e.placeholder === 'type or pick an institution'")
        focus_ring["text field"] = page.evaluate("() => { const s = getComputedStyle(document.activeElement); return [s.outlineColor, s.outlineWidth, s.outlineStyle]; }")
        page.keyboard.type("celac")
        _tab_to(page, "e => e.classList.contains('widget-toggle-button') && e.textContent.trim() === 'supportive'")
        page.keyboard.press("Space")
        expect(coder_box.get_by_role("button", name="supportive")).to_have_attribute("aria-pressed", "true", timeout=10_000)
        _tab_to(page, "e => e.classList.contains('widget-toggle-button') && e.textContent.trim() === 'diagnostic'")
        page.keyboard.press("Space")
        _tab_to(page, "e => e.type === 'checkbox' && e.closest('.widget-checkbox').textContent.includes('integration')")
        page.keyboard.press("Space")
        _tab_to(page, "e => (e.placeholder || '').endsWith('argues that …')")
        page.keyboard.type("Llorenti regrets that CELAC has been paralysed.")
        _tab_to(page, "e => e.textContent.includes('Add claim')")
        page.keyboard.press("Enter")
        status = coder_box.locator(".claims-live").nth(1)
        expect(status).to_contain_text("Saved llorenti_2021_c01 to my_coding.csv (1 claim in the file)", timeout=10_000)
        assert (status.get_attribute("role"), status.get_attribute("aria-live")) == ("status", "polite")
        with open(root / "my_coding.csv", newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        assert [(r["quote"], r["targets"], r["frame"], r["themes"]) for r in rows] == \
            [(QUOTE, "celac:supportive", "diagnostic", "integration")]
        # the cells are as they were; the active cell is the coder's (focus moved into it), not a neighbour
        assert page.evaluate(CELL_SOURCES) == cells_before and page.evaluate(ACTIVE_CELL) == 9
        page.keyboard.press("Escape")

        # 5. The stale value: the answer cell raised; its check (run now) says so instead of judging "b".
        page.locator(".jp-Notebook .jp-Cell").nth(15).locator(".jp-InputPrompt").click()
        page.keyboard.press("Shift+Enter")
        expect(output_of(page, 15)).to_contain_text("your answer cell raised NameError", timeout=30_000)
        expect(output_of(page, 15)).to_contain_text('Put letters, words and ids in quotes, e.g. "b"')
        page.locator(".jp-Notebook .jp-Cell").nth(13).locator(".jp-InputPrompt").click()
        page.keyboard.press("Shift+Enter")
        expect(page.locator(".coding-comparison")).to_be_visible(timeout=30_000)

        # 6. Contrast, computed here: focus rings, highlights, stance colours.
        for what, (colour, width, style) in focus_ring.items():
            assert style != "none" and float(width.rstrip("px")) >= 2, (what, width, style)
            assert contrast(colour, "#ffffff") >= 3, (what, colour)
        for st, style in plots.STANCE_STYLE.items():
            assert contrast(style["color"], "#ffffff") >= 3, st
        coder_box.get_by_text("Highlight coded claims").click()
        expect(coder_box.locator(".claims-reader .c").first).to_be_attached(timeout=10_000)
        marks = coder_box.evaluate("""e => { const c = e.querySelector('.claims-reader .c'), y = e.querySelector('.claims-reader .y');
            return [getComputedStyle(c).borderBottomColor, getComputedStyle(c).borderBottomStyle, getComputedStyle(c).backgroundColor,
                    y ? getComputedStyle(y).boxShadow : null]; }""")
        assert marks[1] == "dotted" and contrast(marks[0], marks[2]) >= 3 and contrast(marks[0], "#ffffff") >= 3
        assert marks[3] and contrast(re.search(r"rgb\([^)]*\)", marks[3]).group(0), marks[2]) >= 3
        report["contrast"] = {"focus_ring": {k: [v[0], v[1], round(contrast(v[0], "#ffffff"), 2)] for k, v in focus_ring.items()},
                              "claim_underline_on_yellow": round(contrast(marks[0], marks[2]), 2),
                              "my_claims_bar_on_yellow": round(contrast(re.search(r"rgb\([^)]*\)", marks[3]).group(0), marks[2]), 2),
                              "stances_on_white": {st: round(contrast(s["color"], "#ffffff"), 2) for st, s in plots.STANCE_STYLE.items()}}

        # 7. axe-core on each widget's output area.
        axe, found = Axe(), []
        areas = {"explorer": ".claim-explorer", "concordance": ".kwic-explorer", "reader": ".interview-reader",
                 "coder": ".claim-coder", "compare": ".coding-comparison", "figure": ".jp-OutputArea-output[role=figure]",
                 "events table": ".events-table"}
        for name, sel in areas.items():
            results = axe.run(page, context=sel, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
            found += [f"{name}: {v['id']} ({v['impact']}): {v['help']} {[n['target'] for n in v['nodes']][:3]}"
                      for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        report["axe_serious_or_critical"] = found
        assert found == [], "\n".join(found)

        # 8. Readable record at notebook width and at 700 px: hover labels inside the figure, events table whole.
        widths = {}
        for label in ("notebook", "700"):
            if label == "700":
                now = output_of(page, 10).locator(".js-plotly-plot").evaluate("e => e.getBoundingClientRect().width")
                page.set_viewport_size({"width": int(1400 - (now - 700)), "height": 1000})
                page.wait_for_timeout(800)
            gd = output_of(page, 10).locator(".js-plotly-plot")
            gd.scroll_into_view_if_needed()
            widths[label] = round(gd.evaluate("e => e.getBoundingClientRect().width"))
            boxes = gd.evaluate(HOVER_BOXES)
            assert boxes and not [b for b in boxes if b.get("missing") or not b["inside"]], [b for b in boxes if not b.get("inside")][:3]
            shown = "".join("".join(b["text"] for b in boxes).split())  # the label's lines, without the spaces
            for event in corpus.select_events(TIMELINE).itertuples():
                assert "".join(event.event.split()) in shown and "".join(str(event.source).split()) in shown
            table = page.locator(".events-table")
            settle(table)  # JupyterLab draws no text out of view
            clipped = table.evaluate("""t => [...t.querySelectorAll('td, th')].filter(c => c.scrollWidth > c.clientWidth + 1
                || c.getBoundingClientRect().right > t.closest('.jp-OutputArea-output').getBoundingClientRect().right + 1).length""")
            assert clipped == 0
            assert table.locator("td.event").all_inner_texts() == corpus.select_events("bolivia_2019").event.tolist()
            gd.evaluate("e => Plotly.Fx.hover(e, [{curveNumber: 0, pointNumber: e.data[0].x.length - 1}])")
            page.screenshot(path=str(ARTIFACTS / f"access-timeline-hover-{label}.png"))
            shot(page, table, f"access-events-table-{label}.png")
        report["timeline_width_px"] = widths
        # the explorer's chart in this narrower window (JupyterLab's file browser still open): drawn again to fit it
        narrower = explorer_chart(page, "narrower-window")
        assert abs(widths["700"] - 700) < 60

        # 9. Screenshots at normal width, then reflow at 320 px.
        page.set_viewport_size({"width": 1400, "height": 1000})
        page.wait_for_timeout(500)
        for name, sel in (("explorer", ".claim-explorer"), ("concordance", ".kwic-explorer"), ("coder", ".claim-coder")):
            shot(page, page.locator(sel).first, f"access-{name}-normal.png")
        chart_cut = {"narrower window": narrower, "normal, two speakers": explorer_chart(page, "normal-two-speakers")}
        chart_cut["normal, every speaker"] = explorer_chart(page, "normal-every-speaker", reset=True)
        page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current").first.click()  # close the file browser
        page.set_viewport_size({"width": 320, "height": 800})
        page.wait_for_timeout(1500)
        page.screenshot(path=str(ARTIFACTS / "access-page-320.png"))
        heights, overflow = {}, {}
        for name, sel in (("explorer", ".claim-explorer"), ("concordance", ".kwic-explorer"), ("reader", ".interview-reader"),
                          ("coder", ".claim-coder"), ("events table", ".events-table"), ("figure", ".jp-OutputArea-output[role=figure]")):
            widget = page.locator(sel).first
            settle(widget)  # drawn once in view (content-visibility), then resized to the new width
            overflow[name] = widget.evaluate(OVERFLOW)
            heights[name] = round(widget.evaluate("e => e.getBoundingClientRect().height"))
            shot(page, widget, f"access-{name}-320.png")
        # the explorer's chart: its title wraps inside the chart instead of running past its edge
        title_overflow = page.locator(".claim-explorer .main-svg").first.evaluate("""svg => {
            const box = svg.getBoundingClientRect(), title = svg.parentElement.querySelector('.gtitle');
            if (!title) return 'no title';
            const t = title.getBoundingClientRect();
            return Math.max(0, Math.round(t.right - box.right), Math.round(box.left - t.left));
        }""")
        overflow["explorer chart title"] = title_overflow
        # the explorer's chart at 320 px with every speaker (one column of panels), one, and two: nothing cut
        chart_cut["320, every speaker"] = explorer_chart(page, "320-every-speaker")
        chart_cut["320, one speaker"] = explorer_chart(page, "320-one-speaker", speakers=[0])
        chart_cut["320, two speakers"] = explorer_chart(page, "320-two-speakers", speakers=[0, 1])
        report["explorer_chart"] = chart_cut
        report["height_at_320_px"], report["overflow_at_320_px"] = heights, overflow
        (ARTIFACTS / "access-report.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
        assert {k: v for k, v in overflow.items() if v} == {}
        assert heights["explorer"] < 9000, heights
        assert {k: v for k, v in chart_cut.items() if v["cut"] or v["overlapping"] or v["spill"]} == {}
        assert chart_cut["320, every speaker"]["panels"] == (4, 1) and chart_cut["normal, every speaker"]["panels"] == (4, 4)
        assert chart_cut["320, two speakers"]["panels"] == (2, 1) and chart_cut["320, one speaker"]["panels"] == (1, 1)


def explorer_chart(page, name, reset=False, speakers=None):
    """The explorer's chart after a reset or a choice of speakers (by their place in the list): what of its text is
    cut or overlaps (FIGURE_BOX), its (panels, columns), and a screenshot access-explorer-chart-<name>.png."""
    explorer = page.locator(".claim-explorer")
    chart = explorer.locator(".claims-chart")
    drawn = chart.get_attribute("data-drawn")
    if reset or speakers is not None:
        if reset:
            explorer.get_by_role("button", name="Reset filters").click()
        else:
            explorer.locator("select[multiple]").first.select_option(index=speakers)
        page.wait_for_function(f"() => document.querySelector('.claim-explorer .claims-chart').dataset.drawn !== {drawn!r}",
                               timeout=10_000)
    shot(page, chart, f"access-explorer-chart-{name}.png")
    found = chart.evaluate(FIGURE_BOX)
    domains = chart.locator(".js-plotly-plot").evaluate(
        "gd => Object.keys(gd._fullLayout).filter(k => /^xaxis\\d*$/.test(k)).map(k => gd._fullLayout[k].domain.join())")
    return {"cut": found["cut"], "overlapping": found["overlapping"], "spill": found["spill"], "svg": found["svg"],
            "panels": (len(domains), len(set(domains)))}


# Each kind of static figure that plots.show draws, called as a student notebook calls it (the notebook named).
STATIC_FIGURES = {
    "timeline": 'plots.timeline(corpus, institutions=["UNASUR", "CELAC", "ALBA-TCP", "ALCE", "Bank of ALBA", "SUCRE", "MERCOSUR"])',  # 5
    "timeline of one row": 'plots.timeline(corpus, institutions=["OAS"])',  # 3
    "heatmap": "plots.stance_heatmap(corpus)",  # 6
    "network": "plots.discourse_network(corpus)",  # 6
    "mentions": "plots.mentions_by_speaker(corpus)",  # 2
    # the stance chart (2, 3, 5): long institution names on two lines; narrow, its panels in two columns or one
    # (layout.meta.reflow), each speaker's name then at its panel's right edge
    "stance chart": 'plots.stance_chart(corpus, corpus.select_claims(speaker=["Mayta", "Llorenti"]))',  # 2
    "stance chart, about the OAS": 'plots.stance_chart(corpus, corpus.select_claims(institution="OAS"))',  # 3
    "stance chart, one panel": 'plots.stance_chart(corpus, corpus.select_claims(speaker="Mayta"))',
    "stance chart, every speaker": "plots.stance_chart(corpus)",
}
STANCE = [kind for kind in STATIC_FIGURES if kind.startswith("stance")]


def reflowed_height(layout: dict, width: float) -> int:
    """The height the chart is drawn at in a box ``width`` px wide: of layout.meta.reflow (the stance chart), the
    widest layout that fits, as engine.js's reflow picks it; else the layout's own."""
    steps = [s for s in (layout.get("meta") or {}).get("reflow") or [] if width >= s["minWidth"]]
    return steps[-1]["layout"]["height"] if steps else layout["height"]

# Every piece of text plotly drew (title, notes, tick labels, legend) that reaches past the chart's svg box,
# and what the figure's output needs: its width, the room it scrolls sideways, its height.
FIGURE_BOX = """area => {
  const gd = area.querySelector('.js-plotly-plot'), svg = gd.querySelector('.main-svg').getBoundingClientRect();
  const cut = [], boxes = [];
  for (const t of gd.querySelectorAll('.main-svg text')) {
    const r = t.getBoundingClientRect();
    if (!r.width || !t.textContent.trim() || t.closest('.hoverlayer')) continue;
    const past = Math.max(svg.left - r.left, r.right - svg.right, svg.top - r.top, r.bottom - svg.bottom);
    if (past > 1) cut.push(`${t.textContent.slice(0, 40)} (${Math.round(past)} px)`);
    boxes.push(r);
  }
  let overlapping = 0;  // pairs of text boxes that overlap (measured, for the report)
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach(b => {
    if (Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1) overlapping++;
  }));
  const outputs = [...area.querySelectorAll('.jp-OutputArea-output')];
  // the drawing past the bottom of its own box (over what follows it), as plotly's resize left it before 2026-12-07
  const spill = Math.max(0, Math.round(svg.bottom - gd.getBoundingClientRect().bottom));
  return {cut, overlapping, spill, texts: boxes.length, svg: [Math.round(svg.width), Math.round(svg.height)],
          sideways: Math.max(0, ...outputs.map(o => o.scrollWidth - o.clientWidth), area.scrollWidth - area.clientWidth),
          legendScrolls: [...gd.querySelectorAll('.legend .scrollbar')].filter(s => parseFloat(s.getAttribute('height') || 0) > 0).length,
          height: Math.round(area.getBoundingClientRect().height)};
}"""


def test_static_figures_reflow_at_320_px_with_their_title_as_caption(lab, corpus):
    """Each kind of figure plots.show draws, in JupyterLab at normal width and in a 320 px window (WCAG 1.4.10):
    its title is the caption under it (the figure's accessible name) and no text plotly draws runs past the chart."""
    from playwright.sync_api import expect

    from helpers import plots

    base, token, root = lab
    figures = STATIC_FIGURES
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell('from helpers import load_corpus, plots\ncorpus = load_corpus("corpus")')] + \
        [nbformat.v4.new_code_cell(f"plots.show({call})") for call in figures.values()]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, str(root / "figures_check.ipynb"))
    namespace = {"plots": plots, "corpus": corpus}
    shown = {kind: plots.as_shown(eval(call, namespace)) for kind, call in figures.items()}
    ARTIFACTS.mkdir(exist_ok=True)
    report = {}

    with chromium_page() as page:
        # a workspace of its own: the one the other test leaves (its notebook open, its kernel busy) is not restored
        open_and_run_all(page, f"{base}/lab/workspaces/figures/tree/figures_check.ipynb?reset&token={token}")
        expect(page.locator(".jp-OutputArea-output[role=figure] .main-svg").first).to_be_attached(timeout=240_000)
        expect(page.locator(".jp-OutputArea-output[role=figure]")).to_have_count(len(figures), timeout=120_000)
        for width in ("normal", "320"):
            if width == "320":
                page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current").first.click()  # close the file browser
                page.set_viewport_size({"width": 320, "height": 800})
                page.wait_for_timeout(1500)
            for k, kind in enumerate(figures, start=1):
                area = output_of(page, k)
                settle(area)  # drawn once in view (content-visibility), then resized to the new width
                figure = area.locator("[role=figure]")
                named = figure.evaluate("f => [f.getAttribute('aria-labelledby'), f.getAttribute('aria-describedby')]"
                                        ".map(id => document.getElementById(id)).map(e => e && [e.textContent,"
                                        " e.getBoundingClientRect().top - f.getBoundingClientRect().bottom])")
                # the caption under the chart names the figure; the description under it describes it
                assert [n[0] for n in named] == [shown[kind]["layout"]["meta"]["title"], plots.describe(shown[kind])], kind
                assert all(n[1] >= 0 for n in named), (kind, named)
                assert area.locator(".gtitle").evaluate_all("ts => ts.filter(t => t.textContent.trim()).length") == 0
                report.setdefault(kind, {})[width] = found = area.evaluate(FIGURE_BOX)
                found["caption overflow"] = area.locator(".jp-OutputArea-output:has(.claims-figure-text)").evaluate(OVERFLOW)
                shot(page, area, f"access-figure-{kind.replace(' ', '-').replace(',', '')}-{width}.png")
    (ARTIFACTS / "access-figures-report.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    for kind in figures:
        normal, narrow = report[kind]["normal"], report[kind]["320"]
        assert narrow["svg"][0] <= 330 and normal["svg"][0] >= 700, (kind, narrow["svg"], normal["svg"])
        assert normal["texts"] > 5 and narrow["texts"] > 5
        # the chart keeps its height at 320 px (plotly draws it at the figure's height; the stance chart at the height
        # of its layout for that width); its caption, description and key wrap onto more lines, so the output grows,
        # but by no more than its text needs (the stance chart's panels, stacked, by no more than their own height)
        layout = shown[kind]["layout"]
        assert [narrow["svg"][1], normal["svg"][1]] == [reflowed_height(layout, narrow["svg"][0]),
                                                        reflowed_height(layout, normal["svg"][0])], kind
        grown = narrow["svg"][1] - normal["svg"][1]
        assert narrow["height"] - grown < 4 * normal["height"], (kind, narrow["height"], normal["height"])
        for found in (normal, narrow):
            assert found["sideways"] == 0 and found["legendScrolls"] == 0 and found["caption overflow"] == [], (kind, found)
            assert found["spill"] == 0, (kind, found)
            assert found["cut"] == [], (kind, found["cut"])
    for kind in STANCE:  # nothing of the stance chart overlaps: names, ticks, totals, legend
        assert [report[kind]["normal"]["overlapping"], report[kind]["320"]["overlapping"]] == [0, 0], kind
    # narrow, the stance charts with more than one speaker are drawn with fewer columns, so taller
    for kind in ("stance chart", "stance chart, about the OAS", "stance chart, every speaker"):
        assert report[kind]["320"]["svg"][1] > report[kind]["normal"]["svg"][1], kind
