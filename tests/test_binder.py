"""Binder readiness: repo2docker detects the configuration and picks Python 3.12."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT


@pytest.mark.heavy  # starts repo2docker
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


def test_both_lock_files_install_this_checkout_not_a_path_of_the_machine_that_compiled_them():
    """pip-compile writes ``-e file:///its/own/folder`` for ``-e .``: a lock that says so installs the helpers of
    another folder, and every test then runs that folder's code."""
    for name in ("requirements.txt", "requirements-dev.txt"):
        lines = [l.split("#")[0].strip() for l in (ROOT / name).read_text().splitlines()]
        editable = [l for l in lines if l.startswith("-e")]
        assert editable == ["-e ."], (name, editable)
        assert not [l for l in lines if "file:" in l], name


# ---- no resolver conflict over the base image's classic notebook ----------------------------

def _pins(path):
    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#")[0].strip()
        if "==" in line and not line.startswith("-"):
            name, version = line.split("==")
            pins[name.strip()] = version.strip()
    return pins


def _base_version(package: str) -> str:
    """The version repo2docker's Python 3.12 base environment ships (from its own lock file)."""
    import re

    import repo2docker

    lock = Path(repo2docker.__file__).parent / "buildpacks" / "conda" / "environment.py-3.12-linux-64.lock"
    found = re.search(rf"/{re.escape(package)}-(\d[^-]*)-[^-/]+\.conda", lock.read_text())
    assert found, f"{package} not in {lock}"
    return found.group(1)


# pip's own conflict check, as pip runs it after an install. It runs in a separate interpreter:
# importing pip's internals here would load the standard library's distutils before setuptools'.
CONFLICT_CHECK = r"""
import json, sys
from pip._internal.metadata import get_default_environment, get_wheel_distribution
from pip._internal.metadata.base import FilesystemWheel
from pip._internal.operations.check import PackageDetails, check_package_set
from pip._vendor.packaging.utils import canonicalize_name

wheel, pins = sys.argv[1], json.loads(sys.argv[2])
base_nb = get_wheel_distribution(FilesystemWheel(wheel), canonicalize_name("notebook"))
base = PackageDetails(base_nb.version, list(base_nb.iter_dependencies()))
env = get_default_environment()
pinned, wrong = {}, []
for name, version in pins.items():
    dist = env.get_distribution(name)
    if dist is None or str(dist.version) != version:
        wrong.append(f"{name}=={version}")
        continue
    pinned[canonicalize_name(name)] = PackageDetails(dist.version, list(dist.iter_dependencies()))

def conflicts(package_set):
    _, conflicting = check_package_set(package_set)
    return [f"{name} {package_set[name].version} requires {req}, but you have {dep} {version} which is incompatible."
            for name, items in conflicting.items() for dep, version, req in items]

print(json.dumps({"not_installed_as_pinned": wrong, "notebook_pinned": "notebook" in pinned,
                  "after_install": conflicts({"notebook": base, **pinned}),  # a pinned notebook replaces the base's
                  "had_the_base_notebook_stayed": conflicts({**pinned, "notebook": base})}))
"""


@pytest.mark.heavy  # downloads a wheel with pip and starts a second Python
def test_installing_the_requirements_over_binders_notebook_prints_no_resolver_conflict(tmp_path):
    """repo2docker's base has notebook 7.4.7; `pip install -r requirements.txt` goes on top of it.

    The package set after that install is: the base's notebook (real metadata of its wheel), replaced
    by any notebook that requirements.txt pins, plus every pinned package (metadata from this
    environment, which is installed from the same pins). pip's conflict check must find nothing.
    """
    import json
    import re

    base = _base_version("notebook")
    subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:",
                    f"notebook=={base}", "-d", str(tmp_path)], check=True, capture_output=True, timeout=120)
    wheel = next(tmp_path.glob("notebook-*.whl"))
    # the test command uninstalls a package or two after installing (README): this environment lacks their metadata
    uninstalled = re.findall(r"pip uninstall -q -y ([\w.-]+)", (ROOT / ".ci" / "run").read_text(encoding="utf-8"))
    pins = {name: v for name, v in _pins(ROOT / "requirements.txt").items() if name not in uninstalled}
    proc = subprocess.run([sys.executable, "-c", CONFLICT_CHECK, str(wheel), json.dumps(pins)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    found = json.loads(proc.stdout.strip().splitlines()[-1])
    assert found["not_installed_as_pinned"] == [], "install requirements-dev.txt"
    assert found["notebook_pinned"], "requirements.txt must pin notebook, replacing the base image's"
    assert found["after_install"] == []
    # the check has teeth: had the base's notebook stayed, pip would report the conflict from the issue
    assert any(line.startswith(f"notebook {base} requires jupyterlab") for line in found["had_the_base_notebook_stayed"]), found


def test_dockerignore_keeps_local_environments_out_of_the_build_context():
    ignored = [l.strip() for l in (ROOT / ".dockerignore").read_text().splitlines() if l.strip() and not l.startswith("#")]
    for entry in (".venv", ".git", "test-artifacts", "__pycache__"):
        assert any(entry in pattern for pattern in ignored), entry
    for needed in ("requirements.txt", "runtime.txt", "corpus", "helpers", "notebooks", "pyproject.toml"):
        assert not any(pattern.strip("/*") == needed for pattern in ignored), f"{needed} must reach the image"
