"""The claim coder in real JupyterLab, in Debian's Chromium: select with the mouse, code, save, restart, compare.

Run alone with:  python -m pytest tests/test_coder_browser.py
Saves screenshots under test-artifacts/ (coder-selected.png, coder-after-restart.png, coder-compare.png).
"""

import csv
import json
import re

import nbformat
import pytest

from conftest import CORPUS
from harness import chromium
from test_browser import ARTIFACTS, open_and_run_all

pytestmark = pytest.mark.browser

NOTEBOOK = "coder_check.ipynb"
QUOTE = "The Celac [Community of Latin American and Caribbean States] has been sadly paralyzed."

SETUP = '''\
import os
from IPython.display import display
from helpers import load_corpus
from helpers.coder import coder, compare_coding, load_coding

corpus = load_corpus("corpus")
# An astral character (1 code point, 2 UTF-16 units) in place of the "T" of "This should bring": a passage
# selected after it in the same stretch of text must still get Python str indices.
text = corpus.texts["llorenti_2021"]
k = text.index("This should bring together")
corpus.texts["llorenti_2021"] = text[:k] + "\\U0001F600" + text[k + 1:]
c = coder(corpus, "llorenti_2021", save_to="my_coding.csv")
c'''

COMPARE = '''\
if os.path.exists("my_coding.csv"):
    display(compare_coding(load_coding("my_coding.csv"), load_corpus("corpus")))
else:
    print("no coding yet")'''


def _write_notebook(root):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(SETUP), nbformat.v4.new_code_cell(COMPARE)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, str(root / NOTEBOOK))


def _open(browser, url: str, item: str = "Run All Cells"):
    """A new tab at ``url`` (a notebook in JupyterLab), its kernel started and Run › ``item`` chosen."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    open_and_run_all(page, url, item)
    return page


def _select_with_mouse(page, start, end):
    """Drag the mouse from the character at ``start`` to the one at ``end - 1`` (Python str indices)."""
    boxes = page.evaluate("""([start, end]) => {
        const segs = [...document.querySelectorAll('.claims-reader [data-s]')];
        const at = (i) => {  // the text node and UTF-16 range of the character with code-point index i
            const seg = segs.filter(s => Number(s.dataset.s) <= i).pop();
            const chars = Array.from(seg.firstChild.data), k = i - Number(seg.dataset.s);
            const from = chars.slice(0, k).join('').length;
            return [seg, from, from + chars[k].length];
        };
        const [first, a0, a1] = at(start), [last, z0, z1] = at(end - 1);
        first.scrollIntoView({block: 'center'});
        const rect = (seg, from, to) => { const r = document.createRange(); r.setStart(seg.firstChild, from);
            r.setEnd(seg.firstChild, to); const b = r.getClientRects(); return b[b.length - 1]; };
        const a = rect(first, a0, a1), z = rect(last, z0, z1);
        return {x0: a.left + 1, y0: a.top + a.height / 2, x1: z.right - 1, y1: z.top + z.height / 2};
    }""", [start, end])
    page.mouse.move(boxes["x0"], boxes["y0"])
    page.mouse.down()
    page.mouse.move((boxes["x0"] + boxes["x1"]) / 2, (boxes["y0"] + boxes["y1"]) / 2, steps=5)
    page.mouse.move(boxes["x1"], boxes["y1"], steps=5)
    page.mouse.up()


def test_student_selects_codes_saves_restarts_and_compares(lab, corpus):
    from playwright.sync_api import expect

    base, token, root = lab
    _write_notebook(root)
    text = corpus.texts["llorenti_2021"]
    start = text.index(QUOTE)
    end = start + len(QUOTE)
    reference = corpus.claims[(corpus.claims.doc_id == "llorenti_2021") & (corpus.claims.start == start)].iloc[0]
    saved_file = root / "my_coding.csv"
    ARTIFACTS.mkdir(exist_ok=True)
    measures = {}

    with chromium() as browser:
        page = _open(browser, f"{base}/lab/tree/{NOTEBOOK}?token={token}")
        coder_box = page.locator(".claim-coder")
        expect(coder_box.locator(".claims-reader .turn").first).to_be_visible(timeout=180_000)
        expect(page.locator(".jp-OutputArea-output", has_text="no coding yet")).to_be_visible(timeout=60_000)

        # The reader: every turn with its speaker label, readable text, a bounded scroll box.
        assert coder_box.locator(".claims-reader .turn").count() == int((corpus.turns.doc_id == "llorenti_2021").sum())
        reader_box = coder_box.locator(".claims-reader")
        style = reader_box.evaluate("e => [getComputedStyle(e).fontSize, e.getBoundingClientRect().height]")
        measures["reader_font_px"], measures["reader_height_px"] = float(style[0].rstrip("px")), style[1]
        assert measures["reader_font_px"] >= 14 and 200 <= measures["reader_height_px"] <= 540

        # 1. Select with the mouse a passage that follows an astral character in the same stretch of
        #    text: the offsets are code points (Python str indices), not the browser's UTF-16 units.
        quote_box = coder_box.locator("textarea").first
        after_emoji = "we are compiling information about member countries"
        a = text.index(after_emoji)
        _select_with_mouse(page, a, a + len(after_emoji))
        expect(quote_box).to_have_value(after_emoji, timeout=10_000)
        expect(coder_box).to_contain_text(f"at characters {a}–{a + len(after_emoji)}, turn llorenti_t10")

        # The passage to code: the quote box and the offsets follow the mouse.
        _select_with_mouse(page, start, end)
        expect(quote_box).to_have_value(QUOTE, timeout=10_000)
        expect(coder_box).to_contain_text(f"at characters {start}–{end}, turn {reference.turn_id}")
        page.screenshot(path=str(ARTIFACTS / "coder-selected.png"))

        # The highlight toggle shows the coded claims in the same text.
        coder_box.get_by_text("Highlight coded claims").click()
        expect(reader_box).to_have_class(re.compile(r"\bshow-c\b"), timeout=10_000)
        expect(coder_box.locator(f".claims-reader [data-s=\"{start}\"].c")).to_have_count(1, timeout=10_000)
        colour = page.evaluate(f"() => getComputedStyle(document.querySelector('.claims-reader [data-s=\"{start}\"]')).backgroundColor")
        assert colour == "rgb(240, 228, 66)"

        # 2. Code it: a target with a stance (on purpose the wrong one), the frame, a theme, a paraphrase.
        # The institution typed as a reader would name it: the close institution is offered, as a button.
        institution_box = coder_box.locator("input[placeholder='type or pick an institution']")
        institution_box.fill("Community of Latin American States")
        celac = f"celac — {corpus.institutions.set_index('institution_id').name['celac']}"
        suggestion = coder_box.get_by_role("button", name=celac, exact=True)
        expect(suggestion).to_be_visible(timeout=10_000)
        suggestion.scroll_into_view_if_needed()
        # The New institution form stays closed until asked for (a beginner would re-add a listed institution).
        form_title = coder_box.get_by_text("New institution (written to your corpus's institutions.csv)")
        expect(form_title).to_be_hidden()
        page.screenshot(path=str(ARTIFACTS / "coder-institution-suggested.png"))
        coder_box.get_by_role("button", name="None of these: a new institution", exact=True).click()
        expect(form_title).to_be_visible(timeout=10_000)
        form_title.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "coder-new-institution-form.png"))
        coder_box.get_by_role("button", name="Close", exact=True).click()
        expect(form_title).to_be_hidden(timeout=10_000)
        suggestion.click()
        expect(institution_box).to_have_value(celac, timeout=10_000)
        coder_box.get_by_role("button", name="critical", exact=True).click()
        expect(coder_box).to_contain_text("the speaker evaluates the institution negatively")
        coder_box.get_by_role("button", name="diagnostic", exact=True).click()
        expect(coder_box).to_contain_text("names a problem, its cause or who is to blame")
        expect(coder_box).to_contain_text("CODEBOOK.md §4.3")  # the rule that decides the frame, not only its definition
        # Themes are saved in the order ticked (the most central first), not in the codebook's order.
        coder_box.locator(".widget-checkbox", has_text="multilateralism").locator("input").check()
        coder_box.locator(".widget-checkbox", has_text="integration").locator("input").check()
        expect(coder_box).to_contain_text("1. multilateralism, 2. integration")
        coder_box.get_by_text("1. multilateralism, 2. integration").scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "coder-rules-and-theme-order.png"))
        speaker = corpus.speaker_short_name(reference.speaker_id)  # the placeholder names this interview's speaker
        coder_box.locator(f"input[placeholder='{speaker} argues that …']").fill("Llorenti says CELAC has been paralysed.")
        form = [coder_box.locator(sel).bounding_box() for sel in (".claims-reader", "textarea")]
        assert form[0]["y"] + form[0]["height"] <= form[1]["y"]  # the quote box sits below the reader, no overlap

        # 3. Save: one click writes the file at once.
        coder_box.get_by_role("button", name="Add claim").click()
        expect(coder_box).to_contain_text("Saved llorenti_2021_c01 to my_coding.csv", timeout=10_000)
        with open(saved_file, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        assert len(rows) == 1
        assert (rows[0]["quote"], int(rows[0]["start"]), int(rows[0]["end"])) == (QUOTE, start, end)
        assert (rows[0]["targets"], rows[0]["frame"], rows[0]["themes"]) == ("celac:critical", "diagnostic",
                                                                             "multilateralism|integration")
        assert b"\r" not in saved_file.read_bytes()

        # 4. Close the tab; open the notebook again; restart the kernel and run everything.
        page.close()
        page = _open(browser, f"{base}/lab/tree/{NOTEBOOK}?token={token}", "Restart Kernel and Run All Cells")
        page.get_by_role("button", name="Confirm Kernel Restart").or_(page.locator(".jp-Dialog-button.jp-mod-accept")).first.click()

        # 5. The coding is reloaded (table and highlight), and compared with the reference.
        coder_box = page.locator(".claim-coder")
        expect(coder_box).to_contain_text("Claims of llorenti_2021 in my_coding.csv: 1, newest last.", timeout=120_000)
        expect(coder_box.locator("table.coder-claims")).to_contain_text("llorenti_2021_c01")
        quote_cell = coder_box.locator("table.coder-claims td", has_text="sadly paralyzed")
        assert quote_cell.bounding_box()["width"] >= 300  # the quote gets the room: a few lines, not a narrow column
        quote_cell.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "coder-claims-table.png"))
        expect(coder_box.locator(f".claims-reader [data-s=\"{start}\"].y")).to_have_count(1)
        coder_box.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "coder-after-restart.png"))
        comparison = page.locator(".coding-comparison")
        expect(comparison).to_be_visible(timeout=60_000)
        expect(comparison).to_contain_text(f"the reference {reference.claim_id} codes 'celac:supportive'")
        expect(comparison).to_contain_text("celac:critical")
        expect(comparison).to_contain_text("§3.2.5")
        comparison.evaluate("e => e.scrollIntoView({block: 'start'})")
        page.screenshot(path=str(ARTIFACTS / "coder-compare.png"))

    (ARTIFACTS / "coder-measures.json").write_text(json.dumps(measures, indent=1))
    # The scratch copy was used; the bundled corpus has no coding file.
    assert not (CORPUS / "my_coding.csv").exists()


def test_notebook_1_reader_shows_each_interview_in_full_with_highlight_toggles(lab, corpus):
    from playwright.sync_api import expect

    base, token, root = lab
    with chromium() as browser:
        page = _open(browser, f"{base}/lab/tree/notebooks/01_the_sources.ipynb?token={token}&reset")
        readers = page.locator(".interview-reader")
        try:
            expect(readers).to_have_count(2, timeout=120_000)
        except AssertionError:
            page.screenshot(path=str(ARTIFACTS / "reader-failed.png"))
            raise
        for i, doc_id in enumerate(["mayta_2021", "llorenti_2021"]):
            turns = readers.nth(i).locator(".claims-reader .turn")
            expect(turns).to_have_count(int((corpus.turns.doc_id == doc_id).sum()), timeout=60_000)
            # in full: the text drawn equals the document's text without the blank lines between turns
            drawn = readers.nth(i).locator(".claims-reader .txt").evaluate_all("els => els.map(e => e.textContent).join('')")
            assert "".join(drawn.split()) == "".join(corpus.texts[doc_id].split())
        first = readers.nth(0)
        expect(first.locator(".claims-reader")).not_to_have_class(re.compile(r"show-m|show-c"))
        # each toggle reaches the reader through the kernel, which may still be running the notebook's later
        # cells after Run All: wait for each to show before the next, as a student would
        first.get_by_text("Highlight mentions (underlined)").click()
        expect(first.locator(".claims-reader")).to_have_class(re.compile(r"show-m"), timeout=90_000)
        first.get_by_text("Highlight coded claims").click()
        expect(first.locator(".claims-reader")).to_have_class(re.compile(r"show-m.*show-c|show-c.*show-m"), timeout=90_000)
        expect(first.locator(".claims-reader .c").first).to_be_attached(timeout=30_000)
        styles = first.evaluate("""e => {
            const m = e.querySelector('.claims-reader .m'), c = e.querySelector('.claims-reader .c');
            return [getComputedStyle(m).textDecorationLine, getComputedStyle(c).backgroundColor,
                    e.querySelectorAll('.claims-reader .who').length, getComputedStyle(m).fontSize];
        }""")
        assert styles[0] == "underline" and styles[1] == "rgb(240, 228, 66)"
        assert float(styles[3].rstrip("px")) >= 14
        first.locator(".claims-reader .turn").nth(1).scroll_into_view_if_needed()
        first.screenshot(path=str(ARTIFACTS / "reader-highlights.png"))
