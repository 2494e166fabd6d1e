"""Helpers for the teaching module: load the annotated interviews, explore the claims.

>>> from helpers import load_corpus
>>> corpus = load_corpus()
>>> corpus.claims.columns[:4].tolist()
['claim_id', 'doc_id', 'turn_id', 'speaker_id']
"""

import importlib

from .checks import check, install as _install_checks, progress
from .corpus import Corpus, CorpusError, load_corpus

__all__ = ["Corpus", "CorpusError", "load_corpus", "explore", "concordance", "check", "progress", "plots"]

_install_checks()  # in a notebook: answer cells with a bare word or an error get a clear check (helpers.checks.install)


def __getattr__(name):
    # The widgets and figures import ipywidgets and plotly; load them only when asked for.
    if name in ("explore", "concordance"):
        widgets = importlib.import_module("helpers.widgets")
        if name == "explore":  # a notebook that will explore: plotly.js goes to its browser now, not at explore()
            widgets.send_library_ahead()
        return getattr(widgets, name)
    if name == "plots":
        return importlib.import_module("helpers.plots")
    raise AttributeError(f"module 'helpers' has no attribute {name!r}")
