"""Run a notebook headless in a fresh kernel, for the tests and the benchmarks.

Kernels talk over Unix sockets (IPC) rather than TCP ports: many kernels started one after
another on TCP can race for the same free port, which shows as a kernel that never answers.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from jupyter_client import KernelManager
from nbclient import NotebookClient


def run_notebook(nb, workdir, timeout: int = 300):
    """Execute ``nb`` (a NotebookNode, changed in place) with ``workdir`` as its folder; return it."""
    with tempfile.TemporaryDirectory() as sockets:
        km = KernelManager(kernel_name="python3", transport="ipc", ip=str(Path(sockets) / "kernel"))
        client = NotebookClient(nb, km=km, timeout=timeout, startup_timeout=60,
                                resources={"metadata": {"path": str(workdir)}})
        client.execute()
    return nb
