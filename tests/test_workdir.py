"""Everything a notebook saves goes to the student's own folder (``helpers.workdir.work_dir()``), never
into the module's folders: with the module copied read-only, as a hub mounts its shared copy, notebook 7
runs and its evidence file lands in the student's home.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, tree_digest

from helpers.workdir import ENV, HOME_FOLDER, own_path, work_dir



def test_the_environment_variable_names_the_folder_and_is_created(monkeypatch, tmp_path):
    monkeypatch.setenv(ENV, str(tmp_path / "course" / "me"))
    assert work_dir() == (tmp_path / "course" / "me").resolve() and work_dir().is_dir()
    assert own_path("my_evidence.csv") == (tmp_path / "course" / "me" / "my_evidence.csv").resolve()
    assert own_path(tmp_path / "elsewhere.csv") == tmp_path / "elsewhere.csv", "an absolute path stays as it is"


def test_a_folder_that_cannot_be_written_says_what_to_do(monkeypatch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(ENV, str(blocker / "work"))  # cannot be created, not even by root
    with pytest.raises(PermissionError, match=rf"^{ENV}=.*a-file/work: cannot save files there \(.+\)\. "
                                              rf"Set {ENV} to a folder of your own"):
        work_dir()
    monkeypatch.setenv(ENV, str(ROOT / "corpus" / "mine"))
    with pytest.raises(PermissionError, match="inside the module's corpus/ folder, which is never written to"):
        work_dir()
    assert not (ROOT / "corpus" / "mine").exists()


def test_default_is_the_notebook_folder_and_never_the_corpus(monkeypatch, tmp_path):
    monkeypatch.delenv(ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    assert work_dir() == tmp_path.resolve()
    assert own_path("my_coding.csv") == Path("my_coding.csv"), "beside the notebook, a bare name stays a bare name"
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(ROOT / "corpus")
    assert work_dir() == (tmp_path / "home" / HOME_FOLDER).resolve()
    monkeypatch.setenv("HOME", str(tmp_path / "a-file"))
    (tmp_path / "a-file").write_text("")
    with pytest.raises(PermissionError, match=r"Cannot save your files: this notebook's folder .* is read-only.*"
                                              rf"Set the environment variable {ENV}"):
        work_dir()


def _read_only(shared, cmd):
    """cmd, run with ``shared`` read-only. chmod is enough for a user; root ignores it, so as root the
    copy is also bind-mounted read-only in a private mount namespace, as a hub mounts its shared copy."""
    if os.geteuid() != 0:
        return cmd
    return ["unshare", "--mount", "sh", "-c", 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && cd "$0" && exec "$@"',
            str(shared), *cmd]


@pytest.mark.notebooks
def test_notebook_7_runs_from_a_read_only_copy_and_saves_in_the_students_home(tmp_path):
    shared = tmp_path / "shared" / "module"  # the hub's read-only copy of the module
    for part in ("helpers", "corpus", "notebooks", "tests"):
        shutil.copytree(ROOT / part, shared / part, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    subprocess.run(["chmod", "-R", "a-w", str(shared)], check=True)
    home = tmp_path / "home"
    home.mkdir()
    before = tree_digest(shared)
    out = tmp_path / "ran.ipynb"
    script = ("import nbformat; from helpers.nbrun import run_notebook\n"
              "nb = nbformat.read('notebooks/07_corroboration_and_synthesis.ipynb', as_version=4)\n"
              "run_notebook(nb, 'notebooks')\n"
              f"nbformat.write(nb, {str(out)!r})\n")
    env = {k: v for k, v in os.environ.items() if k not in (ENV, "CLAIMS_CORPUS", "JUPYTER_RUNTIME_DIR")}
    env.update(HOME=str(home), PYTHONPATH=str(shared), PYTHONDONTWRITEBYTECODE="")  # the copy's helpers, as on a hub; bytecode writes attempted
    proc = subprocess.run(_read_only(shared, [sys.executable, "-c", script]), env=env, cwd=shared,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert tree_digest(shared) == before, "something wrote into the read-only copy"
    subprocess.run(["chmod", "-R", "u+w", str(shared)], check=True)  # so that pytest can remove it
    saved = home / HOME_FOLDER / "my_evidence.csv"
    assert saved.exists() and saved.read_text(encoding="utf-8").count("\n") > 1
    import nbformat

    shown = [str(o.get("data", {}).get("text/plain", "")) for c in nbformat.read(out, as_version=4).cells
             if "save_selection(" in c.source and c.cell_type == "code" for o in c.outputs]
    assert any(str(saved) in s for s in shown), shown


def test_the_coder_saves_a_bare_file_name_in_the_work_folder(monkeypatch, tmp_path, corpus):
    from helpers.coder import coder

    monkeypatch.setenv(ENV, str(tmp_path / "mine"))
    c = coder(corpus, "mayta_2021")
    assert c.save_to == (tmp_path / "mine" / "my_coding.csv").resolve()
    assert coder(corpus, "mayta_2021", save_to=tmp_path / "x.csv").save_to == tmp_path / "x.csv"
