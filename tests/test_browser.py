"""The explorer in real JupyterLab, in Debian's Chromium, driven the way a student uses it.

Run alone with:  python -m pytest -m browser
Needs /usr/bin/chromium (apt-get install -y chromium). Saves a screenshot under test-artifacts/.
"""

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
NOTEBOOK = "notebooks/00_start_here.ipynb"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on 127.0.0.1 with a token, serving a scratch copy of the module."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: run `apt-get install -y chromium` (CI does this in .ci/run).")
    home = tmp_path_factory.mktemp("lab")
    root = home / "module"
    for part in ("notebooks", "corpus"):
        shutil.copytree(ROOT / part, root / part)
    config = home / "config"
    (config / "labconfig").mkdir(parents=True)
    (config / "labconfig" / "page_config.json").write_text(json.dumps(
        {"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}))
    port, token = free_port(), secrets.token_hex(16)
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(config), "JUPYTER_RUNTIME_DIR": str(home / "runtime")}
    log = open(home / "lab.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root", "--ip=127.0.0.1", f"--port={port}",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
         f"--LabApp.workspaces_dir={home / 'workspaces'}"],
        env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.terminate()
        pytest.fail("jupyter lab did not start:\n" + (home / "lab.log").read_text())
    yield base, token, root
    proc.terminate()
    proc.wait(timeout=30)


def test_student_runs_the_notebook_and_filters_the_explorer(lab, corpus):
    from playwright.sync_api import expect, sync_playwright

    from helpers import explore

    base, token, root = lab
    labels = {value: label for label, value in explore(corpus).institution.options}
    expected = corpus.find_claims(speaker="llorenti", institution="oas")
    n = expected.claim_id.nunique()
    ARTIFACTS.mkdir(exist_ok=True)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{base}/lab/tree/{NOTEBOOK}?token={token}")

        # 1. A real kernel: the toolbar shows the kernel's name (the idle dot alone is not enough).
        expect(page.locator(".jp-NotebookPanel-toolbar .jp-KernelName").first).to_contain_text("Python 3", timeout=90_000)

        # 2. Run all cells from the Run menu, as a student would.
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()

        # 3. Wait for the explorer's widgets and its plotly chart.
        explorer = page.locator(".claim-explorer")
        expect(explorer.locator(".js-plotly-plot")).to_be_visible(timeout=120_000)
        expect(explorer).to_contain_text(f"{corpus.claims.claim_id.nunique()} claims by all speakers about any institution")
        first_chart = page.evaluate("() => document.querySelector('.claim-explorer .js-plotly-plot').data.length")
        assert first_chart >= 2

        # 4. Change the speaker and the institution, as a student would.
        selects = explorer.locator("select[multiple]")
        began = time.perf_counter()
        selects.nth(0).select_option(label="Sacha Llorenti")
        expect(explorer).to_contain_text("claims by Llorenti about any institution", timeout=10_000)
        speaker_ms = (time.perf_counter() - began) * 1000
        began = time.perf_counter()
        selects.nth(1).select_option(label=labels["oas"])
        expect(explorer).to_contain_text(f"{n} claims by Llorenti about the OAS", timeout=10_000)
        institution_ms = (time.perf_counter() - began) * 1000

        # 5. The chart and the table changed to the right content.
        page.wait_for_function(
            "() => { const d = document.querySelector('.claim-explorer .js-plotly-plot').data;"
            " return d.every(t => t.x[0].every(s => s === 'Llorenti') && t.x[1].every(i => i === 'OAS')); }",
            timeout=10_000)
        bars = page.evaluate("() => document.querySelector('.claim-explorer .js-plotly-plot').data"
                             ".map(t => [t.name, t.y.reduce((a, b) => a + b, 0)])")
        assert dict(bars) == expected.stance.value_counts().to_dict()
        rows = explorer.locator("table.claims-table tbody tr")
        expect(rows).to_have_count(n)
        assert set(rows.locator("td").nth(0).all_inner_texts()) <= set(expected.claim_id)
        expect(explorer.locator("table.claims-table mark").first).to_be_visible()

        # 6. Keyboard: Tab reaches the Reset button, and Enter resets the filters.
        explorer.locator("button", has_text="Reset filters").focus()
        page.keyboard.press("Enter")
        expect(explorer).to_contain_text("claims by all speakers about any institution", timeout=10_000)
        selects.nth(0).select_option(label="Sacha Llorenti")
        selects.nth(1).select_option(label=labels["oas"])
        expect(explorer).to_contain_text(f"{n} claims by Llorenti about the OAS", timeout=10_000)

        explorer.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "explorer.png"), full_page=False)
        explorer.screenshot(path=str(ARTIFACTS / "explorer-widget.png"))
        (ARTIFACTS / "browser-latency.json").write_text(json.dumps(
            {"speaker_change_ms": round(speaker_ms), "institution_change_ms": round(institution_ms)}, indent=1))
        browser.close()

    # The scratch copy was used; the repository's notebooks and corpus were not touched.
    assert not list((ROOT / "notebooks").glob(".ipynb_checkpoints"))
