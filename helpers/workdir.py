"""Where the notebooks save a student's own files (selections, codings, evidence): one place, named here.

``work_dir()`` is, in this order:

1. the folder named by the environment variable ``CLAIMS_WORK_DIR`` (created if missing), for a hub or
   a course that wants every student file in one known place;
2. the folder the notebook runs in (the kernel's current folder), if it can be written to and is not
   inside the module's ``corpus/``: on a laptop or with nbgitpuller, next to the notebook;
3. otherwise ``~/claims-work`` in the student's home (created if missing): a read-only shared copy
   of the module, as a hub may mount it, is never written to.

If none of these can be written to, it raises ``PermissionError`` with a message that says what to do.

>>> import os, tempfile
>>> os.environ["CLAIMS_WORK_DIR"] = tempfile.mkdtemp()
>>> own_path("my_evidence.csv") == work_dir() / "my_evidence.csv"
True
>>> del os.environ["CLAIMS_WORK_DIR"]
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .vocab import inside_bundled_corpus

ENV = "CLAIMS_WORK_DIR"
HOME_FOLDER = "claims-work"  # the fallback folder's name in the student's home

__all__ = ["work_dir", "own_path", "ENV"]


def _writable(folder: Path) -> str | None:
    """None if a file can be created in ``folder`` (created if missing); else the reason, in words."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as err:
        return err.strerror or type(err).__name__
    return None


def work_dir() -> Path:
    """The student's own writable folder for everything a notebook saves (see the module docstring)."""
    named = os.environ.get(ENV, "").strip()
    if named:
        folder = Path(named).expanduser().resolve()
        if inside_bundled_corpus(folder):
            raise PermissionError(f"{ENV}={named}: is inside the module's corpus/ folder, which is never written to. "
                                  f"Set {ENV} to a folder of your own, e.g. {Path.home() / HOME_FOLDER}.")
        reason = _writable(folder)
        if reason:
            raise PermissionError(f"{ENV}={named}: cannot save files there ({reason}). "
                                  f"Set {ENV} to a folder of your own, e.g. {Path.home() / HOME_FOLDER}.")
        return folder
    here = Path.cwd().resolve()
    if not inside_bundled_corpus(here) and _writable(here) is None:
        return here
    home = (Path.home() / HOME_FOLDER).resolve()
    reason = _writable(home)
    if reason:
        raise PermissionError(f"Cannot save your files: this notebook's folder ({here}) is read-only, and so is "
                              f"{home} ({reason}). Set the environment variable {ENV} to a folder you can write "
                              f"to, or ask your instructor which folder is yours.")
    return home


def own_path(name: str | os.PathLike) -> Path:
    """Where a file of the student's is saved: an absolute path stays as it is; a bare name goes to ``work_dir()``
    (and stays a bare name when that is the notebook's own folder, so messages say just "my_coding.csv")."""
    path = Path(name).expanduser()
    if path.is_absolute():
        return path
    folder = work_dir()
    return path if folder == Path.cwd().resolve() else folder / path
