"""The glossary: every link from a notebook lands on an entry, and every institution has one."""

import csv
import re

import nbformat
import pytest

from conftest import ROOT

GLOSSARY = ROOT / "notebooks" / "glossary.md"
NOTEBOOKS = sorted((ROOT / "instructor" / "source").glob("*/*.ipynb"))
LINK = re.compile(r"\]\(glossary\.md#([\w-]+)\)")


def anchors(text: str) -> set[str]:
    """The ids a markdown text defines with <a id="..."> tags.

    >>> sorted(anchors('<a id="claim" name="claim"></a>\\n### claim\\n<a id="oas"></a>'))
    ['claim', 'oas']
    """
    return set(re.findall(r'<a id="([\w-]+)"', text))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_glossary_link_in_a_notebook_lands_on_an_entry(path):
    defined = anchors(GLOSSARY.read_text(encoding="utf-8"))
    nb = nbformat.read(path, as_version=4)
    used = {m for c in nb.cells if c.cell_type == "markdown" for m in LINK.findall(c.source)}
    assert used, f"{path.name} links no term to the glossary"
    assert used <= defined, f"{path.name} links to missing glossary entries: {sorted(used - defined)}"


def test_every_institution_acronym_has_a_glossary_entry():
    defined = anchors(GLOSSARY.read_text(encoding="utf-8"))
    with open(ROOT / "corpus" / "institutions.csv", encoding="utf-8", newline="") as f:
        acronyms = {row["acronym"] for row in csv.DictReader(f) if row["acronym"]}
    wanted = {a.lower() for a in acronyms}
    assert wanted <= defined, f"glossary lacks entries for {sorted(wanted - defined)}"


def test_glossary_entries_that_state_facts_name_a_source():
    text = GLOSSARY.read_text(encoding="utf-8")
    entries = re.split(r'\n(?=<a id=")', text)[1:]
    years = [e for e in entries if re.search(r"\b(1[89]\d\d|20\d\d)\b", e) and not e.lstrip().startswith('<a id="' + "reading")]
    # A section heading ("## The 2019 Bolivian crisis") opens a group of entries, and the entries that
    # describe the module itself (its verdict labels, whose example names a year) state no outside fact.
    about_the_module = {"verdict"}
    heading = lambda e: e.split("\n", 2)[1]
    unsourced = [heading(e) for e in years
                 if "*Source" not in e and not heading(e).startswith("## ")
                 and re.match(r'<a id="([^"]+)"', e.lstrip()).group(1) not in about_the_module]
    assert not unsourced, f"entries with a year but no *Source: {unsourced}"
