"""Run a notebook headless in a fresh kernel: the one notebook runner of the reading edition and the tests.

Kernels talk over Unix sockets (IPC) rather than TCP ports: many kernels started one after
another (or by parallel test workers) on TCP can race for the same free port, which shows as a
kernel that never answers.

nbclient shuts down only the kernels it started itself; the kernel manager made here is ours,
so ``run_notebook`` shuts its kernel down (and closes the client's channels) when the run ends,
also when a cell fails. Without that, every run left a live kernel until the process exited.

>>> import nbformat, tempfile
>>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(6 * 7)")])
>>> with tempfile.TemporaryDirectory() as folder:
...     run_notebook(nb, folder, timeout=60).cells[0].outputs[0]["text"]
'42\\n'
"""

from __future__ import annotations

import tempfile
from pathlib import Path

__all__ = ["run_notebook"]


def run_notebook(nb, workdir, timeout: int = 300, widget_state: bool = True, env: dict | None = None):
    """Execute ``nb`` (a NotebookNode, changed in place) with ``workdir`` as its folder; return it.

    With ``widget_state`` the widgets' last state is kept in the notebook's metadata (the reading
    edition reads the explorer's filters from it). ``env``: the kernel's environment variables
    (default: this process's). The kernel is shut down before this returns or raises.
    """
    from jupyter_client import KernelManager
    from nbclient import NotebookClient

    with tempfile.TemporaryDirectory() as sockets:
        km = KernelManager(kernel_name="python3", transport="ipc", ip=str(Path(sockets) / "kernel"))
        client = NotebookClient(nb, km=km, timeout=timeout, startup_timeout=60, store_widget_state=widget_state,
                                resources={"metadata": {"path": str(workdir)}})
        try:
            client.execute(**({"env": env} if env is not None else {}))
        finally:
            if client.kc is not None:
                client.kc.stop_channels()
            if km.has_kernel:
                km.shutdown_kernel(now=False)  # asks the kernel to stop; kills it if it does not within the timeout
            km.cleanup_resources()
    return nb
