"""One way to start JupyterLab and Debian's Chromium in the tests.

``jupyter_lab(home, ...)`` starts a real ``jupyter lab`` on 127.0.0.1 (a free port, a fresh token, its
config, runtime files and workspaces under ``home``) and stops it; ``chromium()`` launches headless
Chromium through Playwright and ``chromium_page()`` opens one page in it. tests/conftest.py's ``lab``
fixture keeps one JupyterLab per test worker for the browser tests, and gives each test a clean
module folder, no kernel left running and no saved workspace.

    >>> free_port() > 1024
    True
"""

import contextlib
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

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
# JupyterLab's news prompt would cover the notebook in a fresh profile
NO_NEWS = {"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def jupyter_lab(home: Path, *args: str, cwd: Path | None = None, page_config: dict | None = None):
    """A running ``jupyter lab *args`` with its settings under ``home``; yields (base url, token).

    It is ready when its REST API answers; ``home / "lab.log"`` holds what it printed."""
    config = home / "config"
    if page_config is not None:
        (config / "labconfig").mkdir(parents=True, exist_ok=True)
        (config / "labconfig" / "page_config.json").write_text(json.dumps(page_config))
    port, token = free_port(), secrets.token_hex(16)
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(config), "JUPYTER_RUNTIME_DIR": str(home / "runtime")}
    base = f"http://127.0.0.1:{port}"
    with open(home / "lab.log", "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "jupyter", "lab", *args, "--no-browser", "--allow-root", "--ip=127.0.0.1",
             f"--port={port}", f"--IdentityProvider.token={token}", f"--LabApp.workspaces_dir={home / 'workspaces'}"],
            cwd=cwd or home, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        end = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > end:
                    pytest.fail("jupyter lab did not start:\n" + (home / "lab.log").read_text())
                time.sleep(0.2)
        yield base, token
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def api(base: str, token: str, method: str, path: str):
    """One request to the Jupyter server's REST API; the decoded JSON answer (None if empty)."""
    request = urllib.request.Request(f"{base}/api{path}", method=method, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        body = answer.read()
    return json.loads(body) if body else None


@contextlib.contextmanager
def chromium():
    """Debian's Chromium, headless, driven by Playwright; yields the browser and closes it."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: run `apt-get install -y chromium` (CI does this in .ci/run).")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def chromium_page(width: int = 1400, height: int = 1000):
    """A page of its own in a fresh Chromium, with a window of width x height."""
    with chromium() as browser:
        yield browser.new_page(viewport={"width": width, "height": height})


def fresh_module_copy(root: Path, parts=("notebooks", "corpus")) -> None:
    """Make ``root`` hold a fresh copy of the module's ``parts`` and nothing else."""
    from conftest import ROOT

    if root.exists():
        shutil.rmtree(root)
    for part in parts:
        shutil.copytree(ROOT / part, root / part, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
