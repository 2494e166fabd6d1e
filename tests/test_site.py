"""The reading edition (`python -m helpers site OUT`) in Debian's Chromium, opened from file:// with
every request outside OUT blocked: the pages, their figures, the kernel-free explorer, printing and
an axe-core accessibility check.

Run alone with:  python -m pytest tests/test_site.py  (marked `browser`; the build tests are marked `notebooks`)
The site is built from the same notebook runs as tests/test_notebooks.py (conftest's ``student_run``);
the build time reported adds the time those runs took.
Needs /usr/bin/chromium. Saves screenshots and a PDF under test-artifacts/site/.
"""

import html
import json
import os
import re
import time
from pathlib import Path

import nbformat
import pytest

from conftest import ROOT, run_cli
from harness import chromium
from helpers.a11y import STATIC
from helpers.site import MAX_ROWS

browser_test = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts" / "site"
STUDENT = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
A4_PRINTABLE_PX = round((210 - 2 * 12) / 25.4 * 96)  # the print stylesheet's @page: A4, margins 14 mm x 12 mm
A4_PRINTABLE_HEIGHT_PX = round((297 - 2 * 14) / 25.4 * 96)


@pytest.fixture(scope="module")
def site(tmp_path_factory, student_run):
    """The reading edition, built as ``python -m helpers site OUT`` builds it, from this session's notebook
    runs; (folder, build seconds including the runs)."""
    from helpers.site import build

    out = tmp_path_factory.mktemp("site") / "reading-edition"
    runs = {path: student_run(path) for path in STUDENT}
    lines = []
    began = time.perf_counter()
    build(out, executed={path: nb for path, (nb, _, _) in runs.items()}, log=lines.append)
    took = time.perf_counter() - began + sum(seconds for _, seconds, _ in runs.values())
    output = "\n".join(lines)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    (ARTIFACTS / "build.txt").write_text(f"build seconds: {took:.1f}\nfolder bytes: {size}\n{output}")
    return out, took


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


class Visit:
    """A page opened from file:// with every request outside the site folder blocked and recorded."""

    def __init__(self, browser, folder: Path, name: str, width=1200, height=900):
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.inside = folder.resolve().as_uri() + "/"
        self.blocked, self.errors, self.requests = [], [], []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(self.inside + name)
        self.page.wait_for_load_state("load")

    def _route(self, route):
        url = route.request.url
        self.requests.append(url)
        if url.startswith(self.inside):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, site):
    opened = []

    def open_(name, **kw):
        v = Visit(browser, site[0], name, **kw)
        opened.append(v)
        return v

    yield open_
    for v in opened:
        v.close()


def shows(nb_path: Path) -> int:
    """How many figures the notebook draws with plots.show, counted in its source."""
    nb = nbformat.read(nb_path, as_version=4)
    return sum(c.source.count("plots.show(") for c in nb.cells if c.cell_type == "code")


@pytest.mark.notebooks  # builds the site (shared with the browser tests) and reads its files; no browser
def test_build_is_fast_small_and_self_contained(site):
    out, took = site
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    assert took < 120, f"the build took {took:.0f} s"
    assert size < 20e6, f"the folder is {size / 1e6:.1f} MB"
    pages = sorted(p.name for p in out.glob("*.html"))
    assert set(pages) >= {"index.html", "explorer.html"} | {p.stem + ".html" for p in STUDENT}
    assert [p.name for p in out.glob("plotly*.js")] == ["plotly.min.js"], "plotly.js is copied once"
    plotly_size = (out / "plotly.min.js").stat().st_size
    # the notebooks' widgets and the reading edition use the same front-end files
    for name in ("engine.js", "site.js", "style.css"):
        assert (out / name).read_bytes() == (STATIC / name).read_bytes(), name
    for page in out.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        # every script and stylesheet is a file in the folder; no address of another host is loaded
        for src in re.findall(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="([^"]+)"', text):
            assert "://" not in src and (out / src).is_file(), (page.name, src)
        # the pages with figures (and the explorer) load plotly.min.js; the others do not
        assert ('src="plotly.min.js"' in text) == ('class="plotly-figure"' in text or page.name == "explorer.html"), page.name
        # pages load the one plotly.min.js; none carries plotly.js inside it
        assert len(text.encode()) < plotly_size / 4 and "plotly.js v" not in text, (page.name, len(text))


@browser_test
def test_every_page_opens_offline_draws_every_figure_passes_axe_and_reflows_at_700_and_320_px(site, visit):
    """Each page of the edition, opened once: no error, no request outside its folder, every figure drawn,
    every link inside the edition resolving, and axe-core finding no serious or critical violation.

    Then the same page narrowed to 700 px and to a 320 px window, as when a reader shrinks the window or zooms
    to 400 % (WCAG 1.4.10): no page scrolls sideways (prose tables wrap; wide output tables scroll inside their
    own box), no figure's text runs past its chart (the stance chart's panels stack in one column) and no chart
    runs past its box. Last, the explorer and the pages with a stance chart opened in a 320 px window from the
    start, as on a phone: the same. Screenshots: test-artifacts/site/site-320-<page>.png, and
    test-artifacts/site/site-320.json."""
    from axe_playwright_python.sync_playwright import Axe

    axe, report, narrow = Axe(), [], {}
    out, _ = site
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for path in sorted(out.glob("*.html")):
        v = visit(path.name)
        page = v.page
        if path.stem in {p.stem for p in STUDENT}:
            expected = shows(ROOT / "notebooks" / f"{path.stem}.ipynb")
            assert page.locator("figure.plot").count() == expected, path.name
            if expected:
                page.wait_for_function(
                    f"() => document.querySelectorAll('figure.plot .plotly-figure .main-svg').length >= {expected}",
                    timeout=20_000)
            drawn = page.evaluate("""() => Array.from(document.querySelectorAll('figure.plot')).map(f => {
                const d = f.querySelector('.plotly-figure');
                const caption = document.getElementById(d.getAttribute('aria-labelledby'));
                return {traces: (d._fullData || []).length, height: d.getBoundingClientRect().height,
                        svgText: Array.from(d.querySelectorAll('.main-svg text')).map(t => t.textContent).join(' '),
                        caption: caption ? caption.textContent : ''}; })""")
            for fig in drawn:
                assert fig["traces"] >= 1 and fig["height"] > 150, (path.name, fig)
                assert len(fig["caption"]) > 40, "the text description is the figure's caption and accessible name"
            # the description is shown once, as the caption, not printed a second time under the figure
            for fig in drawn:
                description = fig["caption"].split(". ", 1)[1]
                assert page.locator("pre", has_text=description[:60]).count() == 0, path.name
            # widgets: the page says where one was and links to the explorer page
            source = (ROOT / "notebooks" / f"{path.stem}.ipynb").read_text(encoding="utf-8")
            if "explore(corpus)" in source:
                note = page.locator(".widget-note", has_text="claim explorer")
                assert note.count() >= 1, path.name
                assert note.first.locator("a[href^='explorer.html']").count() == 1
            # exercises keep their questions and show no answers
            assert "✓ Correct" not in page.inner_text("main")
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"{path.stem}.png"), full_page=True)
        elif path.name == "explorer.html":
            page.wait_for_selector("#chart .main-svg")
            # first draw (count line, chart, first ten rows) from the start of loading the page from file://
            # (plotly.js, 4.6 MB, loads after the page: the chart follows; both times are reported)
            drawn = float(page.wait_for_function("() => document.body.dataset.explorerDrawnMs").json_value())
            if drawn > 1000:  # the first open can meet a cold browser beside a notebook run: open it once more
                page.reload()
                drawn = float(page.wait_for_function("() => document.body.dataset.explorerDrawnMs").json_value())
            charted = float(page.wait_for_function("() => document.body.dataset.explorerChartMs").json_value())
            (ARTIFACTS / "explorer-first-draw.json").write_text(json.dumps(
                {"explorer_first_draw_ms": drawn, "explorer_chart_drawn_ms": charted, "load_average_1min": os.getloadavg()[0]}))
            assert drawn <= 1000, f"the explorer page took {drawn:.0f} ms to first draw"
        page.wait_for_timeout(300)
        assert v.errors == [], (path.name, v.errors)
        assert v.blocked == [], (path.name, v.blocked)
        assert v.requests and all(r.startswith(v.inside) for r in v.requests)
        # every link inside the edition resolves to a file in the folder; none points at a placeholder repository
        hrefs = page.eval_on_selector_all("a[href]", "as => as.map(a => a.getAttribute('href'))")
        assert not [h for h in hrefs if "OWNER/REPOSITORY" in h], path.name
        local = {h.split("#")[0] for h in hrefs if not re.match(r"^[a-z][a-z0-9+.-]*:", h, re.I) and not h.startswith("#")}
        assert not [h for h in local if h and not (site[0] / h).is_file()], (path.name, local)
        if path.name == "index.html":
            page.screenshot(path=str(ARTIFACTS / "index.png"), full_page=True)
            links = page.eval_on_selector_all("a[href]", "as => as.map(a => a.getAttribute('href'))")
            for p in STUDENT:
                assert f"{p.stem}.html" in links
            assert "explorer.html" in links
            readme = (ROOT / "README.md").read_text(encoding="utf-8")
            if "OWNER/REPOSITORY" in readme:  # Binder not set yet: no "run it live" links at all, never a placeholder
                assert not [h for h in links if "mybinder.org" in h or "OWNER" in h]
            else:
                assert sum("mybinder.org" in h for h in links) >= len(STUDENT), "a 'run it live' link per notebook"
            if (ROOT / "notebooks" / "glossary.md").exists():
                assert "glossary.html" in links
        results = axe.run(page)
        report += [f"{path.name}: {x['id']} ({x['impact']}): {x['help']}: {[n['target'] for n in x['nodes']][:3]}"
                   for x in results.response["violations"] if x["impact"] in ("serious", "critical")]
        assert v.blocked == [], "axe-core runs from the installed package; it fetches nothing"
        after_axe = len(v.errors)  # axe-core itself asks for the stylesheets, which file:// refuses to a script
        narrow[path.name] = narrowed(page, path.stem)
        assert v.errors[after_axe:] == [], (path.name, v.errors[after_axe:])
    assert report == [], "\n".join(report)
    for path in sorted(out.glob("*.html")):  # opened at 320 px: the first drawing picks the narrow layout itself
        if path.name == "explorer.html" or '"reflow"' in path.read_text(encoding="utf-8"):
            v = visit(path.name, width=320, height=800)
            v.page.wait_for_function("() => [...document.querySelectorAll('figure.plot .plotly-figure')]"
                                     ".every(d => d.querySelector('.main-svg'))", timeout=20_000)
            v.page.wait_for_timeout(500)
            narrow[path.name + ", opened at 320 px"] = v.page.evaluate(NARROW)
            assert v.errors == [], (path.name, v.errors)
    (ARTIFACTS / "site-320.json").write_text(json.dumps(narrow, indent=1))
    assert {name: f for name, f in narrow.items() if f["page"] > 0 or f["cut"] or f["wide"] or f["spill"]} == {}
    assert narrow["explorer.html"]["figures"] == 1


def _widget_count_line(corpus, **values):
    """The count line that the notebook's explore() shows for these filter values, as plain text."""
    from helpers import explore

    ex = explore(corpus)
    for key, value in values.items():
        getattr(ex, key).value = value
    return html.unescape(re.sub(r"<[^>]+>", "", ex.count.value)), ex


@browser_test
def test_explorer_filters_like_explore_with_empty_state_and_reset(corpus, visit):
    from helpers import explore

    v = visit("explorer.html", width=1300, height=1000)
    page = v.page
    count = page.locator("#count")
    rows = page.locator("#claims tbody tr")
    chart = "() => document.getElementById('chart').data"

    first, ex = _widget_count_line(corpus)
    assert count.inner_text() == first
    total = corpus.claims.claim_id.nunique()
    assert rows.count() == min(10, total)  # ten rows at a time, as in explore()
    page.click("#more")
    assert rows.count() == min(20, total) and page.locator(".claims-shown").inner_text().startswith(f"Showing {min(20, total)} of {total}")
    assert page.evaluate("() => document.activeElement.closest('tr') === document.querySelectorAll('#claims tbody tr')[10]")
    # the page says what the chart leaves out: claims with no target institution
    targeted = corpus.claims.dropna(subset=["institution_id"]).claim_id.nunique()
    assert page.locator("#chart-note").inner_text() == (
        f"The chart counts the {targeted} claims about a listed institution; the other {total - targeted} "
        "(about no listed institution) are in the table below but not in the chart.")

    # speaker and institution: the count line, chart and table match the notebook's explorer
    institution_labels = "() => Array.from(document.querySelectorAll('#f-institution option')).map(o => o.textContent)"
    assert page.evaluate(institution_labels) == [label for label, _ in ex.institution.options]
    page.select_option("#f-speaker", label="Sacha Llorenti")
    page.select_option("#f-institution", value="oas")
    expected_line, ex = _widget_count_line(corpus, speaker=("llorenti",), institution=("oas",))
    assert count.inner_text() == expected_line
    # the institution list counts what the other filters let through, as in the notebook: "OAS (3)", not "OAS (19)"
    assert page.evaluate(institution_labels) == [label for label, _ in ex.institution.options]
    assert page.evaluate(institution_labels) != [label for label, _ in explore(corpus).institution.options]
    expected = ex.selection
    assert rows.count() == expected.claim_id.nunique()
    assert set(rows.locator("td:first-child").all_inner_texts()) == set(expected.claim_id)
    drawn = page.evaluate(f"() => ({chart})().map(t => [t.type, t.name || null, t.x, t.y])")
    # the page redraws the same chart as the notebook's explorer: same traces, same numbers
    assert drawn == [[t["type"], t.get("name"), list(t["x"]), list(t["y"])] for t in ex.spec["data"]]
    bars = [t for t in drawn if t[0] == "bar"]
    assert {name: sum(x) for _, name, x, _ in bars} == expected.stance.value_counts().to_dict()
    assert all(set(y) == {"OAS"} for *_, y in bars)
    assert page.locator("#claims mark").first.is_visible()
    assert page.evaluate(f"() => ({chart})()") != []
    page.wait_for_timeout(300)
    page.screenshot(path=str(ARTIFACTS / "explorer-filtered.png"), full_page=True)

    # theme and stance: find a combination with no claims, and check the empty state
    themes = [t for _, t in ex.theme.options if t and t != "all"]
    empty = next(t for t in themes if corpus.find_claims(speaker="llorenti", institution="oas", theme=t).empty)
    page.select_option("#f-theme", value=empty)
    expected_line, _ = _widget_count_line(corpus, speaker=("llorenti",), institution=("oas",), theme=empty)
    assert count.inner_text() == expected_line and expected_line.startswith("No claims match these filters.")
    assert page.locator("#chart").is_hidden()  # no empty chart; the caption says why
    assert page.locator("#chart-caption").inner_text().startswith("Empty bar chart")
    assert page.locator("#claims").inner_text() == "No claims to show."
    page.wait_for_timeout(300)
    page.screenshot(path=str(ARTIFACTS / "explorer-empty.png"), full_page=True)

    # stance alone changes the chart to that stance only
    page.click("#reset")
    page.select_option("#f-stance", value="supportive")
    line, ex = _widget_count_line(corpus, stance="supportive")
    assert count.inner_text() == line
    assert {t["name"] for t in page.evaluate(f"() => ({chart})()") if t["type"] == "bar"} == {"supportive"}

    # reset: every claim again
    page.click("#reset")
    assert count.inner_text() == first
    assert page.evaluate("() => Array.from(document.querySelectorAll('select')).every(s => s.selectedOptions.length <= 1 && (s.multiple ? s.selectedOptions.length === 0 : s.selectedIndex === 0))")
    assert len(page.evaluate(f"() => ({chart})()")) == len(explore(corpus).figure.data)
    assert v.errors == [] and v.blocked == []


@browser_test
def test_notebook_explorer_settings_open_in_the_explorer_page(site, corpus, visit):
    """A notebook that sets the explorer's filters in code links to the explorer page with those filters."""
    out, _ = site
    setter = next(p for p in STUDENT if "explorer.speaker.value = " in p.read_text(encoding="utf-8"))
    v = visit(f"{setter.stem}.html")
    link = v.page.locator(".widget-note a[href^='explorer.html#']").first.get_attribute("href")
    assert "speaker=mayta,llorenti" in link.replace("llorenti,mayta", "mayta,llorenti") and "institution=" in link
    v.page.goto(v.inside + link)
    v.page.wait_for_selector("#chart .main-svg")
    speakers = tuple(link.split("speaker=")[1].split("&")[0].split(","))
    insts = tuple(link.split("institution=")[1].split("&")[0].split(","))
    line, _ = _widget_count_line(corpus, speaker=speakers, institution=insts)
    assert v.page.locator("#count").inner_text() == line
    assert v.errors == [] and v.blocked == []


@browser_test
def test_explorer_shows_corpus_text_as_text(site, browser):
    """Markup inside the corpus data (here planted in a paraphrase and a quote) is shown, never run."""
    import json

    out, _ = site
    hostile = '<img src=x onerror="window.pwned=1"></script><b>bold</b>'
    text = (out / "explorer.html").read_text(encoding="utf-8")
    start = text.index('id="explorer-data">') + len('id="explorer-data">')
    end = text.index("</script>", start)
    data = json.loads(text[start:end].replace("<\\/", "</"))
    data["rows"][0]["paraphrase"] = hostile
    data["rows"][0]["context"][1] = hostile
    planted = text[:start] + json.dumps(data, ensure_ascii=False).replace("</", "<\\/") + text[end:]
    v = Visit(browser, out, "index.html")
    try:
        v.page.route("**/explorer.html", lambda route: route.fulfill(body=planted, content_type="text/html"))
        v.page.goto(v.inside + "explorer.html")
        v.page.wait_for_selector("#claims tbody tr")
        first = v.page.locator("#claims tbody tr").first
        assert hostile in first.inner_text()
        assert first.locator("mark").inner_text() == hostile
        assert first.locator("img, b").count() == 0
        assert v.page.evaluate("() => window.pwned") is None
        assert v.errors == [] and v.blocked == []
    finally:
        v.close()


@browser_test
def test_explorer_filters_work_from_the_keyboard_alone(corpus, visit):
    v = visit("explorer.html")
    page = v.page
    count = page.locator("#count")
    first = count.inner_text()

    def tab_to(selector, limit=40):
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(f"() => document.activeElement === document.querySelector('{selector}')"):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to("#f-speaker")
    page.keyboard.press("ArrowDown")  # selects the first speaker
    by_first_speaker = count.inner_text()
    assert by_first_speaker != first and "all speakers" not in by_first_speaker
    tab_to("#f-institution")
    page.keyboard.press("ArrowDown")
    narrowed = count.inner_text()
    assert narrowed != by_first_speaker and "any institution" not in narrowed
    tab_to("#f-stance")
    page.keyboard.press("ArrowDown")
    assert "only" in count.inner_text()
    tab_to("#reset")
    page.keyboard.press("Enter")
    assert count.inner_text() == first
    focus = page.evaluate("() => document.activeElement.id")
    assert focus == "reset"
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused control shows a focus ring"
    assert v.errors == [] and v.blocked == []


@browser_test
def test_a_long_notebook_prints_without_blank_pages_or_cut_figures(site, visit):
    from pypdf import PdfReader

    out, _ = site
    longest = max(STUDENT, key=lambda p: (shows(p), (out / f"{p.stem}.html").stat().st_size))
    # opened on a wide screen, where the figures are drawn wider than a printed page
    v = visit(f"{longest.stem}.html", width=1280, height=1000)
    page = v.page
    n = shows(longest)
    page.wait_for_function(f"() => document.querySelectorAll('.plotly-figure .main-svg').length >= {n}", timeout=20_000)
    screen = page.evaluate("() => Math.max(...Array.from(document.querySelectorAll('.plotly-figure .main-svg'))"
                           ".map(s => s.getBoundingClientRect().width))")
    page.emulate_media(media="print")
    # In the print layout every figure, with its caption, fits the printable area of an A4 page.
    boxes = page.evaluate("() => Array.from(document.querySelectorAll('figure.plot')).map(f => {"
                          " const s = f.querySelector('.main-svg').getBoundingClientRect();"
                          " return [s.width, f.getBoundingClientRect().height]; })")
    assert screen > A4_PRINTABLE_PX, "the test covers figures drawn wider than the page"
    for width, height in boxes:
        assert width <= A4_PRINTABLE_PX and height <= A4_PRINTABLE_HEIGHT_PX, boxes
    assert page.locator(".live").is_hidden() and page.locator(".pager").is_hidden()
    titles = page.evaluate("() => Array.from(document.querySelectorAll('figure.plot')).map(f => "
                           "[f.querySelector('.figure-title') ? f.querySelector('.figure-title').textContent : '', "
                           "f.querySelector('.figure-label').textContent])")
    pdf = ARTIFACTS / f"{longest.stem}.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    reader = PdfReader(pdf)
    texts = [p.extract_text() or "" for p in reader.pages]
    assert len(texts) >= 3
    for k, text in enumerate(texts):
        assert len(text.strip()) > 20, f"page {k + 1} of {len(texts)} is blank"
    assert not any("Run this notebook live" in t for t in texts), "the controls are not printed"
    for title, label in titles:
        assert title, "every figure has a title"
        squeeze = lambda text: re.sub(r"\s+", "", text)  # noqa: E731 (a title may wrap over lines)
        on = [k for k, t in enumerate(texts) if squeeze(title) in squeeze(t)]
        labelled = [k for k, t in enumerate(texts) if label in t]
        # a figure cut across pages would have its title on one page and its caption on the next
        assert len(on) == 1 and on == labelled, (title, label, on, labelled)
    assert v.errors == [] and v.blocked == []


NARROW = """() => {  // what a 320 px window needs: sideways scroll of the page, figures' text past their chart
  const page = document.documentElement.scrollWidth - document.documentElement.clientWidth;
  const cut = [];
  for (const d of document.querySelectorAll('.plotly-figure')) {
    const svg = d.querySelector('.main-svg');
    if (!svg) continue;
    const box = svg.getBoundingClientRect();
    for (const t of d.querySelectorAll('.main-svg text')) {
      const r = t.getBoundingClientRect();
      if (!r.width || !t.textContent.trim() || t.closest('.hoverlayer')) continue;
      const past = Math.max(box.left - r.left, r.right - box.right);
      if (past > 1) cut.push(t.textContent.slice(0, 30) + ' (' + Math.round(past) + ' px)');
    }
  }
  const wide = [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1
    && !e.closest('.table-wrap, .output_subarea, .input_area, .plotly-figure')).map(e => e.tagName + '.' + e.className).slice(0, 5);
  // a chart drawn past the bottom of its own box, over the text below it (plotly's resize did so before 2026-12-07)
  const spill = [...document.querySelectorAll('.plotly-figure')].filter(d => d.querySelector('.main-svg')).map(d =>
    Math.round(d.querySelector('.main-svg').getBoundingClientRect().bottom - d.getBoundingClientRect().bottom)).filter(px => px > 1);
  return {page, cut, wide, spill, figures: [...document.querySelectorAll('.plotly-figure')].filter(d => d.querySelector('.main-svg')).length};
}"""


def narrowed(page, stem: str) -> dict:
    """The open page made narrower, as a reader shrinks the window or zooms in: at 700 px, then in a 320 px window,
    once its figures have been drawn again at each width, what NARROW finds (at 700 px: a chart past its box);
    with screenshots of the page, its first table and its first stance chart at 320 px."""
    spilled_at_700 = []
    for width in (700, 320):
        page.set_viewport_size({"width": width, "height": 800})
        page.wait_for_function("""() => [...document.querySelectorAll('.plotly-figure .main-svg')]
            .every(svg => svg.getBoundingClientRect().width <= svg.closest('.plotly-figure').parentElement.clientWidth + 1)""",
                               timeout=20_000)
        page.wait_for_timeout(500)  # the stance charts' reflow (a ResizeObserver) draws them again
        found = page.evaluate(NARROW)
        if width == 700:
            spilled_at_700 = found["spill"]
    found["spill"] += spilled_at_700
    page.screenshot(path=str(ARTIFACTS / f"site-320-{stem}.png"), full_page=True)
    # close up: the first table in the text, the first stance chart (its spec holds narrower layouts)
    table = page.locator(".text_cell_render table, table.sequence")
    if table.count():
        table.first.screenshot(path=str(ARTIFACTS / f"site-320-{stem}-table.png"))
    stance = page.locator("figure.plot").filter(has=page.locator(".plotly-figure")).evaluate_all(
        "fs => fs.findIndex(f => { const d = f.querySelector('.plotly-figure'); return !!(d.layout && d.layout.meta"
        " && d.layout.meta.reflow || d.id === 'chart'); })")
    if stance >= 0:
        page.locator("figure.plot").nth(stance).screenshot(path=str(ARTIFACTS / f"site-320-{stem}-stance-chart.png"))
    return found


def _one_notebook_folder(tmp_path, extra_source=None):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    nb = nbformat.read(STUDENT[0], as_version=4)
    if extra_source:
        nb.cells.append(nbformat.v4.new_code_cell(extra_source))
    nbformat.write(nb, folder / STUDENT[0].name)
    return folder


@pytest.mark.notebooks
def test_glossary_page_and_links_between_pages(tmp_path):
    from helpers.site import build

    folder = _one_notebook_folder(tmp_path)
    (folder / "glossary.md").write_text(f"# Glossary\n\n**Claim**: see [notebook 0]({STUDENT[0].name}) and "
                                        "[the codebook](../corpus/CODEBOOK.md).\n", encoding="utf-8")
    out = tmp_path / "site"
    said = []
    summary = build(out, notebooks=folder, log=said.append)
    assert summary["pages"] == [f"{STUDENT[0].stem}.html"]
    # the module's own corpus: no corpus note, the explorer's count in words, the Binder placeholder noted
    assert "corpus-note" not in (out / "index.html").read_text(encoding="utf-8")
    assert "The coded claims of both interviews, with" in (out / "explorer.html").read_text(encoding="utf-8")
    assert any("OWNER/REPOSITORY" in line for line in said) == ("OWNER/REPOSITORY" in (ROOT / "README.md").read_text())
    glossary = (out / "glossary.html").read_text(encoding="utf-8")
    assert f'href="{STUDENT[0].stem}.html"' in glossary, "links between notebooks stay inside the site"
    assert 'href="glossary.html"' in (out / "index.html").read_text(encoding="utf-8")
    if "OWNER/REPOSITORY" in (ROOT / "README.md").read_text(encoding="utf-8"):
        # the repository is not set: a link to a file outside the site becomes text, never a placeholder address
        assert "the codebook" in glossary and "CODEBOOK.md" not in glossary and "OWNER" not in glossary
    # with the repository set, other files link to it
    readme = tmp_path / "README.md"
    readme.write_text(re.sub(r"^\[binder\]: .*$", "[binder]: https://mybinder.org/v2/gh/someone/module/HEAD?urlpath=lab/tree/"
                             "notebooks/00_start_here.ipynb", (ROOT / "README.md").read_text(encoding="utf-8"), flags=re.M),
                      encoding="utf-8")
    build(tmp_path / "site2", notebooks=folder, readme=readme, log=lambda *_: None)
    glossary = (tmp_path / "site2" / "glossary.html").read_text(encoding="utf-8")
    assert re.search(r'href="https://github.com/someone/module/[^"]*corpus/CODEBOOK.md"', glossary), "other files: the repository"


@pytest.mark.notebooks
def test_build_refuses_a_folder_it_did_not_make_and_names_a_failing_notebook(tmp_path):
    from helpers.site import SiteError, build

    other = tmp_path / "my-files"
    other.mkdir()
    (other / "thesis.docx").write_text("keep me")
    code, output = run_cli("site", other)  # the command as a maintainer types it
    assert code == 1 and "choose a new or empty folder" in output
    assert (other / "thesis.docx").read_text() == "keep me"

    folder = _one_notebook_folder(tmp_path, "1 / 0")
    with pytest.raises(SiteError, match=rf"{STUDENT[0].name}: a cell failed .*ZeroDivisionError"):
        build(tmp_path / "site", notebooks=folder, log=lambda *_: None)
