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
