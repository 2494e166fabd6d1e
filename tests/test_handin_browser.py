"""The coding travels with the notebook, in real JupyterLab and Debian's Chromium.

A student runs the coder and the comparison cell, then saves with Ctrl+S: the notebook file on disk
now carries the coding (``helpers.handin``), exactly the my_coding.csv it was computed from, so
handing in the .ipynb alone hands in the coding. Saves test-artifacts/handin-compare.png.
"""

import json
import time

import nbformat
import pytest
from conftest import ROOT
from harness import chromium_page
from test_browser import open_and_run_all

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "test-artifacts"
NOTEBOOK = "notebooks/handin_check.ipynb"
QUOTE = "We determined that, within two months, a meeting of the ALBA Social Council should take place."
SETUP = f'''\
from helpers import load_corpus
from helpers.coder import coder, new_claim, save_claims

corpus = load_corpus()
save_claims([new_claim(corpus, "llorenti_2021", {QUOTE!r}, {{"alba_social_council": "supportive"}},
                       "prognostic", ["integration"], "Llorenti says a council meeting is planned.")], "my_coding.csv")
my_coder = coder(corpus, "llorenti_2021", save_to="my_coding.csv")'''


def test_the_saved_notebook_carries_the_coding_its_comparison_shows(lab):
    from playwright.sync_api import expect

    from helpers.handin import coding_from_notebook

    base, token, root = lab
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(SETUP), nbformat.v4.new_code_cell("my_coder.compare()")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, str(root / NOTEBOOK))
    ARTIFACTS.mkdir(exist_ok=True)
    with chromium_page() as page:
        open_and_run_all(page, f"{base}/lab/tree/{NOTEBOOK}?token={token}")
        comparison = page.locator(".coding-comparison")
        expect(comparison).to_contain_text("alba_social_council:supportive", timeout=180_000)
        comparison.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "handin-compare.png"))
        page.locator(".jp-Notebook").first.click()
        page.keyboard.press("Control+s")
        carried = None
        for _ in range(60):
            carried = coding_from_notebook(json.loads((root / NOTEBOOK).read_text(encoding="utf-8")))
            if carried:
                break
            time.sleep(0.5)
    assert carried is not None, "the saved notebook does not carry the coding"
    assert carried["file"] == "my_coding.csv"
    assert carried["csv"] == (root / "notebooks" / "my_coding.csv").read_text(encoding="utf-8")
    assert QUOTE in carried["csv"]
