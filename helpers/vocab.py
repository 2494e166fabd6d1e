"""The corpus's small shared vocabulary: pipe lists, the ``targets`` format, claim ids, overlap, the bundled folder.

Plain Python only (no pandas, no other helpers module), so every module can use it.

>>> parse_targets("oas:critical|celac:supportive")
{'oas': 'critical', 'celac': 'supportive'}
>>> format_targets({"oas": "critical", "celac": "supportive"})
'oas:critical|celac:supportive'
>>> next_claim_id("mayta_2021", ["mayta_2021_c01", "mayta_2021_c07", "llorenti_2021_c09"])
'mayta_2021_c08'
>>> plural(1, "answer turn"), plural(3, "answer turn"), the_interviews(2), the_interviews(3)
('1 answer turn', '3 answer turns', 'both interviews', 'all 3 interviews')
"""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["BUNDLED_CORPUS", "inside_bundled_corpus", "split_list", "parse_targets", "format_targets",
           "next_claim_id", "overlaps", "plural", "the_interviews", "shown_path"]

BUNDLED_CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def inside_bundled_corpus(path) -> bool:
    """True when ``path`` is the bundled corpus/ folder or inside it (which no code writes to).

    >>> inside_bundled_corpus(BUNDLED_CORPUS / "claims.csv"), inside_bundled_corpus("my_coding.csv")
    (True, False)
    """
    path = Path(path).expanduser().resolve()
    return path == BUNDLED_CORPUS or BUNDLED_CORPUS in path.parents


def split_list(value) -> list[str]:
    """The items of a pipe-separated cell ("a|b"), stripped, empty ones dropped.

    >>> split_list(" integration | sovereignty||")
    ['integration', 'sovereignty']
    """
    return [v.strip() for v in str(value or "").split("|") if v.strip()]


def parse_targets(value) -> dict:
    """A ``targets`` cell ("inst:stance|inst:stance") as {institution_id: stance}, in the cell's order."""
    targets = {}
    for item in split_list(value):
        inst, _, stance = item.partition(":")
        targets[inst.strip()] = stance.strip()
    return targets


def format_targets(targets) -> str:
    """A ``targets`` cell from {institution_id: stance} or (institution_id, stance) pairs."""
    pairs = targets.items() if isinstance(targets, dict) else targets
    return "|".join(f"{inst}:{stance}" for inst, stance in pairs)


def next_claim_id(doc_id: str, used) -> str:
    """The next claim id of a document ("<doc_id>_cNN"), one above the highest of ``used`` for it."""
    pattern = re.compile(re.escape(doc_id) + r"_c(\d+)$")
    numbers = [int(m.group(1)) for cid in used if (m := pattern.match(str(cid)))]
    return f"{doc_id}_c{max(numbers, default=0) + 1:02d}"


def overlaps(start: int, end: int, other_start: int, other_end: int) -> bool:
    """True when two spans (end exclusive) share at least one character (CODEBOOK.md §1.2: claims do not).

    >>> overlaps(0, 10, 10, 20), overlaps(0, 11, 10, 20)
    (False, True)
    """
    return other_start < end and start < other_end


def plural(n: int, word: str, many: str | None = None) -> str:
    """``n`` and the word, in the plural unless ``n`` is 1 ("1 answer turn", "2 answer turns")."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def the_interviews(n: int) -> str:
    """How prose names every interview of a corpus of ``n``: "the interview", "both interviews", "all 3 interviews"."""
    return "the interview" if n == 1 else "both interviews" if n == 2 else f"all {n} interviews"


def shown_path(path) -> str:
    """A path as a person types it in the current folder: relative to it when inside it, else as given.

    >>> shown_path(Path.cwd() / "my_corpus")
    'my_corpus'
    """
    path = Path(path)
    try:
        return str(path.expanduser().resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
