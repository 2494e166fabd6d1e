"""The runnable examples in the helpers' docstrings are tested (STYLE: every verb has one)."""

import doctest
import importlib

import pytest

MODULES = ["helpers", "helpers.corpus", "helpers.files", "helpers.schema_rules", "helpers.table_rules",
           "helpers.document_rules", "helpers.corpus_rules", "helpers.validate", "helpers.export", "helpers.checks",
           "helpers.answers", "helpers.answer_key", "helpers.plots", "helpers.widgets", "helpers.new_interview",
           "helpers.source_text", "helpers.turns", "helpers.site", "helpers.handin", "helpers.workdir"]


@pytest.mark.parametrize("name", MODULES + ["helpers.nbrun"])  # nbrun's example starts one kernel: the fast tier's only one
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0, f"{name} has no runnable example"
    assert result.failed == 0
