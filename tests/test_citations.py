"""A lint for uncited background facts in the notebooks' prose.

It flags a markdown cell that mentions a year (1800–2099) unless the cell carries a source
(a line starting "*Source" or a URL), its section ends in a Sources cell (a markdown cell
starting "**Sources" before the next "# " or "## " heading, listing at least one URL), or the year
belongs to an author–year citation whose author and year appear in the notebook's "Further
reading" section. It is a lint, not a
proof: it cannot see facts without a year, nor judge whether a cited source supports the
sentence; see the README's notes on its limits.
"""

import re

import nbformat
import pytest

from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "instructor" / "source").glob("*/*.ipynb"))
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
SOURCED = re.compile(r"^\s*[*_]{0,2}Sources?:|https?://", re.M | re.I)
SOURCES_CELL = re.compile(r"^\s*\*\*Sources\b", re.I)


def references(nb) -> str:
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return text.split("## Further reading", 1)[1] if "## Further reading" in text else ""


QUOTED = re.compile(r'"[^"\n]*"|“[^”\n]*”')


def uncited_years(cell_source: str, refs: str) -> list[str]:
    """Years in a markdown cell that no source line, URL or resolvable author–year citation covers.

    A year inside a quotation ("his role in the 2019 coup") is the quoted text's, not a background fact.
    """
    if SOURCED.search(cell_source):
        return []
    cell_source = QUOTED.sub(lambda m: " " * len(m.group()), cell_source)
    missing = []
    for m in YEAR.finditer(cell_source):
        before = cell_source[max(0, m.start() - 80):m.start()]
        names = re.findall(r"\b([A-Z][\w'’-]+)", before)
        if not any(re.search(rf"{re.escape(name)}[^\n]*{m.group()}", refs) for name in names[-3:]):
            missing.append(m.group())
    return missing


def test_the_lint_catches_a_bare_year_and_accepts_citations():
    refs = "* Koopmans, Ruud, and Paul Statham. 1999. Political Claims Analysis."
    assert uncited_years("UNASUR was founded in 2008.", refs) == ["2008"]
    assert uncited_years("UNASUR was founded in 2008.\n\n*Source:* Treaty, Wikipedia, https://x", refs) == []
    assert uncited_years("Claims analysis (Koopmans & Statham 1999) codes the claimant.", refs) == []
    assert uncited_years("As Smith (1999) argued.", refs) == ["1999"]
    assert uncited_years('The claim "his role in the 2019 coup" is the outlet\'s.', refs) == []
    assert uncited_years('The outlet wrote "coup" about 2019.', refs) == ["2019"]


def sourced_sections(sources: list[str]) -> list[bool]:
    """For each markdown cell, whether a Sources cell with a URL closes its "# " or "## " section.

    >>> sourced_sections(["## A", "In 2008.", "**Sources for this section**\\n* X, https://x", "## B", "In 2009."])
    [True, True, True, False, False]
    """
    flags, start = [False] * len(sources), 0
    bounds = [i for i, s in enumerate(sources) if s.lstrip().startswith(("# ", "## "))] + [len(sources)]
    for end in bounds:
        covered = any(SOURCES_CELL.match(s) and "://" in s for s in sources[start:end])
        flags[start:end] = [covered] * (end - start)
        start = end
    return flags


def test_a_section_sources_cell_covers_its_section_only():
    cells = ["## 1. A", "UNASUR was founded in 2008.", "**Sources for this section**\n* Treaty, Wikipedia, https://x",
             "## 2. B", "CELAC was founded in 2011.", "**Sources for this section**\n* (none)"]
    assert sourced_sections(cells) == [True, True, True, False, False, False]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_background_facts_in_notebooks_carry_a_source(path):
    nb = nbformat.read(path, as_version=4)
    refs = references(nb)
    markdown = [c for c in nb.cells if c.cell_type == "markdown"]
    covered = dict(zip((id(c) for c in markdown), sourced_sections([c.source for c in markdown])))
    problems = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown" or cell.source.lstrip().startswith("## Further reading"):
            continue
        if covered[id(cell)]:
            continue
        for year in uncited_years(cell.source, refs):
            problems.append(f"cell {i}: year {year} without a source: {cell.source[:70]!r}")
    assert not problems, "\n".join(problems)


# A citation says what the source is, not how it was found or which copies the authors hold.
SEARCH_TALK = re.compile(
    r"stored\s+(?:cop(?:y|ies)|versions?|sources?|pages?)|fact\s+table|search\s+tool|sources?\s+found"
    r"|found\s+here|among\s+the\s+stored|\bwe\s+found\b|\b(?:was|were)\s+not\s+found\b"
    r"|\b(?:no|nothing)\b[^.;:\n]{0,40}?\b(?:originals?|sources?|cop(?:y|ies)|pages?|dates?|series|URLs?|reports?)\b"
    r"[^.;:\n]{0,25}?\bfound\b|\b(?:reports?|sources?|cop(?:y|ies)|pages?)\s+(?:of\s+it\s+)?found\b",
    re.I)


def search_talk(text: str) -> list[str]:
    """Phrases in a text that say how sources were searched or which are stored.

    >>> search_talk("The stored copy of its page has no date; no Spanish original was found.")
    ['stored copy', 'no Spanish original was found']
    >>> search_talk("Its web page (Kawsachun News, n.d.) has no date; no Spanish original is known.")
    []
    """
    return [m.group() for m in SEARCH_TALK.finditer(text)]


def docstrings(path) -> list[str]:
    import ast
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = [tree] + [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
    return [d for d in map(ast.get_docstring, nodes) if d]


def module_texts():
    """(where, text) for every text a reader of the module sees: prose, corpus metadata, docstrings."""
    for path in NOTEBOOKS:
        for i, cell in enumerate(nbformat.read(path, as_version=4).cells):
            if cell.cell_type == "markdown":
                yield f"{path.relative_to(ROOT)} cell {i}", cell.source
    files = [ROOT / "README.md", ROOT / "notebooks" / "glossary.md", ROOT / "instructor" / "sample_answers.yaml"]
    files += sorted((ROOT / "instructor").glob("*.md")) + sorted((ROOT / "corpus").glob("*.md"))
    files += sorted((ROOT / "corpus").glob("*.csv")) + sorted((ROOT / "corpus").glob("*.yaml"))
    for path in files:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            yield f"{path.relative_to(ROOT)} line {n}", line
    for path in sorted((ROOT / "helpers").rglob("*.py")):
        for doc in docstrings(path):
            yield f"{path.relative_to(ROOT)} docstring", doc


def test_the_search_talk_lint_catches_each_kind_of_phrase():
    assert search_talk("teleSUR (aligned, per the module's fact table)") == ["fact table"]
    assert search_talk("none named in the sources found here") == ["sources found"]
    assert search_talk("the original Brasil de Fato page was not found.") == ["was not found"]
    assert search_talk("2021 (mid-year; no published date found)") == ["no published date found"]
    assert search_talk("found with the search tool") == ["search tool"]
    assert search_talk("the earliest dated report of it found is of 21 Dec 2019") == ["report of it found"]
    assert search_talk("No comparable poverty series from before 2005 was found") != []
    assert search_talk("The SUCRE was founded in 2009; no source names the translator.") == []
    assert search_talk("the study said no manipulation of the votes was found") == []


def test_no_text_says_how_sources_were_searched_or_which_are_stored():
    problems = [f"{where}: {hit!r}" for where, text in module_texts() for hit in search_talk(text)]
    assert not problems, "cite the source itself (or say 'not verified'):\n" + "\n".join(problems)
