"""Binder readiness: repo2docker detects the configuration and picks Python 3.12."""

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def test_repo2docker_selects_python_312_and_installs_the_requirements():
    r2d = Path(sys.executable).with_name("jupyter-repo2docker")
    assert r2d.exists() or shutil.which("jupyter-repo2docker"), "install requirements-dev.txt"
    proc = subprocess.run([str(r2d), "--no-build", "--no-run", "--debug", "."], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-3000:]
    assert "python=3.12" in out
    assert 'pip install --no-cache-dir -r "requirements.txt"' in out
    assert (ROOT / "runtime.txt").read_text().strip() == "python-3.12"


def test_requirements_are_fully_pinned_and_install_helpers():
    lines = [l.split("#")[0].strip() for l in (ROOT / "requirements.txt").read_text().splitlines()]
    packages = [l for l in lines if l and not l.startswith("-")]
    assert packages and all("==" in l for l in packages), [l for l in packages if "==" not in l]
    assert "-e ." in lines
    names = {l.split("==")[0].lower() for l in packages}
    assert {"jupyterlab", "pandas", "ipywidgets", "plotly"} <= names
    dev_only = {"pytest", "hypothesis", "playwright", "nbgrader", "krippendorff", "jupyter-repo2docker"}
    assert not names & dev_only, "test and instructor tools must stay out of the student environment"
