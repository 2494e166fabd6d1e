"""Helpers for the teaching module: load the annotated interviews, explore the claims.

>>> from helpers import load_corpus
>>> corpus = load_corpus()
>>> corpus.claims.columns[:4].tolist()
['claim_id', 'doc_id', 'turn_id', 'speaker_id']
"""

import importlib

from .checks import check
from .corpus import Corpus, CorpusError, load_corpus

__all__ = ["Corpus", "CorpusError", "load_corpus", "explore", "concordance", "check", "plots"]


def __getattr__(name):
    # The widgets and figures import ipywidgets and plotly; load them only when asked for.
    if name in ("explore", "concordance"):
        return getattr(importlib.import_module("helpers.widgets"), name)
    if name == "plots":
        return importlib.import_module("helpers.plots")
    raise AttributeError(f"module 'helpers' has no attribute {name!r}")
