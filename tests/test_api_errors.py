"""The public API on bad input: a TypeError or ValueError that names the parameter and shows what is expected."""

import re

import pytest

from helpers import CorpusError, load_corpus


@pytest.mark.parametrize("call, error, words", [
    (lambda c: c.find_claims(speaker=123), TypeError, r"speaker= takes a name or id as text.*got 123 \(int\)"),
    (lambda c: c.find_claims(institution=["OAS", 5]), TypeError, r"institution= takes names or ids as text.*5 \(int\)"),
    (lambda c: c.select_claims(theme={"sovereignty": 1}), TypeError, r"theme= takes"),
    (lambda c: c.select_claims(stance="hostile"), ValueError, r"Unknown stance 'hostile'. Try one of: critical"),
    (lambda c: c.find_claims(speaker="Maita"), ValueError, r"Unknown speaker 'Maita'. Try one of: .*Mayta"),
    (lambda c: c.kwic("OAS", window="x"), TypeError, r"kwic\(window=\.\.\.\) takes a whole number.*'x'"),
    (lambda c: c.kwic("OAS", window=-3), ValueError, r"kwic\(window=\.\.\.\) takes a whole number of 0 or more"),
    (lambda c: c.kwic(None), TypeError, r"kwic\(term=\.\.\.\) takes one word or phrase as text.*None"),
    (lambda c: c.kwic(["OAS"]), TypeError, r"kwic\(term=\.\.\.\).*\['OAS'\] \(list\)"),
    (lambda c: c.kwic("OAS", speaker=3.5), TypeError, r"speaker= takes"),
    (lambda c: c.print_kwic("OAS", lines="all"), TypeError, r"print_kwic\(lines=\.\.\.\)"),
    (lambda c: c.turn_text("nope"), ValueError, r"turn_text: unknown turn id 'nope'. Turn ids look like mayta_t01"),
    (lambda c: c.turn_text(4), TypeError, r"turn_text\(turn_id=\.\.\.\) takes a turn id as text"),
    (lambda c: c.count_claims(by="colour"), ValueError, r"count_claims\(by='colour'\): unknown column"),
    (lambda c: c.count_claims(column=["themes"]), TypeError, r"count_claims\(column=\.\.\.\)"),
    (lambda c: c.distinct_claims("mayta_c01"), TypeError, r"distinct_claims\(frame=\.\.\.\) takes a table of claims"),
])
def test_bad_arguments_name_the_parameter(corpus, call, error, words):
    with pytest.raises(error, match=words):
        call(corpus)


@pytest.mark.parametrize("path, error, words", [
    ("", ValueError, r"load_corpus\(path=''\): the path is empty"),
    ("   ", ValueError, r"the path is empty"),
    (123, TypeError, r"load_corpus\(path=\.\.\.\) takes a folder name .*not int 123"),
    (["corpus"], TypeError, r"not list"),
])
def test_load_corpus_rejects_what_is_not_a_folder_name(path, error, words):
    with pytest.raises(error, match=words) as info:
        load_corpus(path)
    assert not isinstance(info.value, CorpusError)


def test_a_missing_folder_is_a_corpus_error_naming_it(tmp_path):
    with pytest.raises(CorpusError, match=re.escape(str(tmp_path / "nowhere"))):
        load_corpus(tmp_path / "nowhere")


def test_good_calls_still_work(corpus):
    assert len(corpus.kwic("OAS", window=0)) > 0
    assert corpus.turn_text("mayta_t11") == "Thank you Minister for your time."
    assert len(corpus.find_claims(speaker=("Mayta", "Llorenti"))) > 0
