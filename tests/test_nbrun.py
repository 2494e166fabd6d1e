"""No kernel outlives its notebook run, whether the notebook succeeds or fails."""

import os
from pathlib import Path

import nbformat
import pytest
from nbclient.exceptions import CellExecutionError

from helpers.nbrun import run_notebook

pytestmark = pytest.mark.notebooks  # starts kernels


def _alive(pid: int) -> bool:
    """True while the process exists and is not a zombie waiting to be reaped."""
    status = Path(f"/proc/{pid}/status")
    if status.exists():
        try:
            return "\nState:\tZ" not in status.read_text()
        except OSError:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _notebook(*sources):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    return nb


def _kernel_pid(nb) -> int:
    return int(nb.cells[0].outputs[0]["text"].strip())


def _children() -> set[int]:
    me = str(os.getpid())
    out = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[1] == me and fields[0] != "Z":
            out.add(int(stat.parent.name))
    return out


def test_the_kernel_is_gone_after_a_run(tmp_path):
    before = _children()
    nb = run_notebook(_notebook("import os; print(os.getpid())", "x = 1 + 1"), tmp_path, timeout=60)
    pid = _kernel_pid(nb)
    assert pid != os.getpid()
    assert not _alive(pid), "the kernel process is still running after run_notebook returned"
    assert _children() <= before, "run_notebook left a child process behind"


def test_the_kernel_is_gone_after_a_failing_cell(tmp_path):
    nb = _notebook("import os; print(os.getpid())", "raise RuntimeError('broken on purpose')")
    with pytest.raises(CellExecutionError):
        run_notebook(nb, tmp_path, timeout=60)
    assert not _alive(_kernel_pid(nb))


def test_the_kernel_gets_the_environment_given(tmp_path):
    nb = run_notebook(_notebook("import os; print(os.environ.get('CLAIMS_CORPUS'))"), tmp_path, timeout=60,
                      env={**os.environ, "CLAIMS_CORPUS": str(tmp_path)})
    assert nb.cells[0].outputs[0]["text"].strip() == str(tmp_path)
