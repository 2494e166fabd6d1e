"""Comparing a coding with the reference: the codebook's decision rules, matching by span, Krippendorff's alpha.

>>> krippendorff_alpha(["a", "b", "b", "a", "b"], ["a", "b", "b", "a", "a"])
0.64
"""

from __future__ import annotations

import html
import re
import warnings
from pathlib import Path

import pandas as pd

from .coding import load_coding
from .vocab import BUNDLED_CORPUS, overlaps, parse_targets

__all__ = ["compare_coding", "Comparison", "krippendorff_alpha", "codebook_rules", "MIN_UNITS_FOR_ALPHA"]

MIN_UNITS_FOR_ALPHA = 5


# ---- agreement -------------------------------------------------------------------

def krippendorff_alpha(first, second) -> float:
    """Krippendorff's alpha (nominal) for two coders who both coded every unit.

    alpha = 1 - (n - 1) * (pairs that disagree) / (expected disagreeing pairs), over the 2 x units
    values; NaN when only one category is used (no variation to agree on).

    >>> krippendorff_alpha(["a", "a", "b", "b"], ["a", "a", "b", "a"])
    0.5333333333333333
    """
    first, second = list(first), list(second)
    if len(first) != len(second):
        raise ValueError("both coders need a value for every unit")
    values = first + second
    n = len(values)
    counts = pd.Series(values).value_counts()
    observed = 2 * sum(a != b for a, b in zip(first, second))
    expected = n * n - sum(c * c for c in counts)
    if n < 2 or expected == 0:
        return float("nan")
    return 1 - (n - 1) * observed / expected


# ---- the codebook's rules ---------------------------------------------------------

def _rule_of_line(section: str, line: str):
    """(rule id, title) when a line of CODEBOOK.md starts a decision rule of its section, else (None, None)."""
    numbered = re.match(r"(\d+)\. \*\*(.+?)\*\*(.*)", line)
    selection = re.match(r"- \*\*([SN]\d)\.\*\* (.*)", line)
    bullet = re.match(r"- \*\*(.+?)\*\*(.*)", line)
    stance_row = re.match(r"\| `(\w+)` \| (.+?) \|", line)
    theme_row = re.match(r"\| `(\w+)` \| (.+?) \| (.+?) \|", line)
    if section in ("3.2", "4") and numbered:
        return f"{section}.{numbered.group(1)}", (numbered.group(2) + numbered.group(3)).strip()
    if section == "1.3" and selection:
        return selection.group(1), selection.group(2)
    if section == "6" and bullet:
        return f"6 {bullet.group(1).rstrip('.')}", (bullet.group(1) + bullet.group(2)).strip()
    if section == "3.1" and stance_row:
        return f"3.1 {stance_row.group(1)}", stance_row.group(2)
    if section == "5" and theme_row:
        return f"5 {theme_row.group(1)}", theme_row.group(3)
    return None, None


def codebook_rules(path=None) -> dict:
    """The decision rules of CODEBOOK.md: {rule id: {"title", "section", "claims"}} (claims cited as examples).

    Ids: "S1".."S4" and "N1".."N4" (selection, section 1.3), "1.2" (quasi-sentence rule),
    "3.1 critical" (stance definitions), "3.2.5" (hard cases), "4.1" (frames), "5 sovereignty" (what a
    theme includes and excludes), "6 Organ vs parent body".

    Args:
        path: CODEBOOK.md, or a corpus folder holding one (default: the bundled corpus). A corpus
            folder without its own CODEBOOK.md gets the bundled one's rules, with a warning saying so.

    >>> rules = codebook_rules()
    >>> rules["3.2.5"]["title"][:64]
    '"X has been paralysed / sabotaged / wrecked", said with regret →'
    >>> "llorenti_c18" in rules["3.2.5"]["claims"]
    True
    >>> rules["5 sovereignty"]["title"][:40]
    'Include claims about a state or its inst'
    """
    path = Path(path).expanduser() if path else BUNDLED_CORPUS / "CODEBOOK.md"
    if path.is_dir():
        if not (path / "CODEBOOK.md").is_file():
            warnings.warn(f"{path} has no CODEBOOK.md: the rules shown are those of the bundled corpus/CODEBOOK.md. "
                          f"Copy it into {path} (and adapt it) to show your own.", stacklevel=2)
            path = BUNDLED_CORPUS
        path = path / "CODEBOOK.md"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"{path}: cannot be read as the codebook ({getattr(error, 'strerror', None) or error}). "
                         f"Give a CODEBOOK.md file or a corpus folder that holds one.") from None
    rules: dict = {}
    section, current = "", None
    for line in text.splitlines():
        heading = re.match(r"#{2,3} (\d+(?:\.\d+)?)\.? (.*)", line)
        if heading:
            section, current = heading.group(1), None
            if section in ("1.2", "1.3", "5", "6"):
                current = rules.setdefault(section, {"title": heading.group(2), "section": section, "claims": []})
            continue
        rule_id, title = _rule_of_line(section, line)
        if rule_id:
            title = re.sub(r"\s*(Examples|This includes|Typical signals)\s*:?\s*$", "", title.replace("**", ""))
            current = rules[rule_id] = {"title": title, "section": section, "claims": []}
        if current is not None:
            current["claims"] += re.findall(r"\b([a-z][a-z0-9_]*_c\d+)\b", line)
    return rules


def _rule_text(rules, rule_id) -> str:
    """"CODEBOOK.md §6: Organ vs parent body. Choose …": the rule's name said once, its text ending on a full stop.

    >>> _rule_text({"6 X": {"title": "X. Choose the id:"}}, "6 X")
    'CODEBOOK.md §6: X. Choose the id.'
    """
    rule = rules.get(rule_id)
    section, _, name = rule_id.partition(" ")
    repeated = bool(rule and name and rule["title"].startswith(name))  # the title starts with the rule's name
    where = f"CODEBOOK.md {'§' if rule_id[0].isdigit() else ''}{section if repeated else rule_id}"
    if not rule:
        return where
    title = re.sub(r"[\s:;,]+$", "", rule["title"].strip())
    return f"{where}: {title}" + ("" if title.endswith((".", "?", "!", ")")) else ".")


def _frame_rule(rules, reference, yours_frame) -> str:
    if {reference.get("frame"), yours_frame} == {"motivational", "prognostic"} and "4.1" in rules:
        return (_rule_text(rules, "4.1").split(". ")[0] + ". Exception (§4.1): when a call names a specific "
                "measure, code `prognostic`; the rules apply in order 4.1, 4.2, 4.3.")
    for rid, rule in rules.items():
        if rule["section"] == "4" and f"`{reference.get('frame')}`" in rule["title"]:
            return _rule_text(rules, rid) + " (apply the frame rules in order: 4.1, 4.2, 4.3)"
    return "CODEBOOK.md §4"


def _target_rule(rules, reference, yours, corpus) -> str:
    if corpus is not None and "parent_id" in corpus.institutions:
        parents = dict(zip(corpus.institutions.institution_id, corpus.institutions.parent_id))
        mine, theirs = set(yours or ()), set(reference.get("institutions") or ())
        if any(parents.get(a) == b or parents.get(b) == a for a in mine ^ theirs for b in mine | theirs):
            return _rule_text(rules, "6 Organ vs parent body")
    return _rule_text(rules, "6") + " A mention inside a span is not automatically a target; a target is " \
                                    "an institution the claim is about (see also 6 Pronouns and descriptions)."


def _deciding_rule(rules, field, reference, yours=None, corpus=None, yours_frame=None) -> str:
    """The codebook rule that decides a disagreement on ``field`` about the reference claim."""
    sections = {"stance": ("3.1", "3.2", "6"), "target": ("3.2", "6"), "frame": ("4",),
                "missed": ("1.3",), "extra": ("1.3",), "split": ("1.2",)}[field]
    claim_id = reference.get("claim_id") if reference is not None else None
    cited = [rid for rid, r in rules.items() if claim_id and claim_id in r["claims"] and r["section"] in sections
             and not (field == "stance" and rid.startswith("3.1") and rid != f"3.1 {reference.get('stance')}")]
    if cited:
        return "; ".join(_rule_text(rules, rid) for rid in cited)
    if field == "stance":
        return _rule_text(rules, f"3.1 {reference.get('stance')}")
    if field == "frame":
        return _frame_rule(rules, reference, yours_frame)
    if field == "target":
        return _target_rule(rules, reference, yours, corpus)
    if field == "missed":
        kind = reference.get("kind")
        rule_id = "S1" if reference.get("institutions") else ("S2" if kind in ("title", "introduction", "question") else "S3")
        return _rule_text(rules, rule_id) + " (CODEBOOK.md §1.3: a proposition is coded if any of S1–S4 applies)"
    if field == "extra":
        return ("CODEBOOK.md §1.3: the reference does not code this passage; check whether N1–N4 applies (" +
                "; ".join(f"{k}: {rules[k]['title'].split('.')[0]}" for k in ("N1", "N2", "N3", "N4") if k in rules) + ")")
    return _rule_text(rules, "1.2")


# ---- comparing a coding with the reference ------------------------------------------

def _claims_table(rows: pd.DataFrame) -> list[dict]:
    """One dict per claim with its targets as {institution: stance}."""
    out = []
    for r in rows.to_dict("records"):
        targets = parse_targets(r.get("targets") or "") if "targets" in r else {}
        out.append({**r, "targets": targets, "institutions": sorted(targets), "start": int(r["start"]),
                    "end": int(r["end"])})
    return out


def _reference(corpus) -> list[dict]:
    kinds = dict(zip(corpus.turns.turn_id, corpus.turns.kind))
    rows = []
    for claim_id, group in corpus.claims.groupby("claim_id", sort=False):
        first = group.iloc[0].to_dict()
        targets = {i: s for i, s in zip(group.institution_id, group.stance) if isinstance(i, str)}
        themes = first.get("themes") or ()
        rows.append({**first, "targets": targets, "institutions": sorted(targets), "start": int(first["start"]),
                     "kind": kinds.get(first["turn_id"]),
                     "end": int(first["end"]), "themes": "|".join(themes) if isinstance(themes, tuple) else themes})
    return rows


def _fmt_targets(targets: dict) -> str:
    return ", ".join(f"{i}:{s}" for i, s in targets.items()) or "(no target)"


def _same_place(a: dict, b: dict) -> bool:
    return a["doc_id"] == b["doc_id"] and overlaps(a["start"], a["end"], b["start"], b["end"])


def _match(yours: list[dict], reference: list[dict]) -> list[tuple[int, int, float]]:
    """Pairs (yours, reference, overlap score), greedily by best overlap (shared / joint length), in your order."""
    pairs = []
    for i, a in enumerate(yours):
        for j, b in enumerate(reference):
            if a["doc_id"] == b["doc_id"]:
                overlap = min(a["end"], b["end"]) - max(a["start"], b["start"])
                if overlap > 0:
                    pairs.append((overlap / (max(a["end"], b["end"]) - min(a["start"], b["start"])), i, j))
    matched_y, matched_r, matches = set(), set(), []
    for score, i, j in sorted(pairs, reverse=True):
        if i not in matched_y and j not in matched_r:
            matched_y.add(i)
            matched_r.add(j)
            matches.append((i, j, score))
    return sorted(matches)


class Comparison:
    """The result of ``compare_coding``: tables ``matches``, ``agreement`` and ``disagreements``.

    Show it as the last line of a cell (HTML), or ``print`` it (plain text).
    """

    def __init__(self, matches, agreement, disagreements, note):
        self.matches, self.agreement, self.disagreements, self.note = matches, agreement, disagreements, note

    ORDER = {"target": 0, "stance": 0, "frame": 0, "span": 1, "not in the reference": 2, "missed": 3}

    def _groups(self):
        """Disagreements in reading order: coded by both, split differently, yours only, missed."""
        rows = sorted(self.disagreements.itertuples(), key=lambda d: self.ORDER.get(d.field, 9))
        return [d for d in rows if d.field != "missed"], [d for d in rows if d.field == "missed"]

    def __repr__(self) -> str:
        lines = [self.note, "", self.agreement.to_string(index=False), ""]
        if self.disagreements.empty:
            lines.append("No disagreements with the reference.")
        full, missed = self._groups()
        for i, d in enumerate(full, 1):
            lines.append(f"{i}. {self._headline(d)}")
            lines += [f"   your quote:      {d.your_quote!r}"] if d.your_quote else []
            lines += [f"   reference quote: {d.reference_quote!r}"] if d.reference_quote else []
            lines += [f"   rule: {d.rule}"] + ([f"   reference note: {d.reference_note}"] if d.reference_note else [])
        if missed:
            lines.append(f"Reference claims in the turns you coded that your coding does not cover ({len(missed)}):")
            lines += [f"  - {d.reference_claim}: {d.reference_quote!r} ({d.rule.split(':')[0]})" for d in missed]
        return "\n".join(lines)

    @staticmethod
    def _headline(d) -> str:
        if d.field == "missed":
            return f"missed: the reference codes {d.reference_claim}, which your coding does not cover"
        if d.field == "not in the reference":
            return f"not in the reference: your claim {d.your_claim} overlaps no reference claim"
        if d.field == "span":
            who = d.your_claim or d.reference_claim
            return f"span: {who} is split differently (it overlaps a claim already matched to another)"
        return f"{d.field}: your {d.your_claim} codes {d.yours!r}; the reference {d.reference_claim} codes {d.reference!r}"

    def _repr_html_(self) -> str:
        esc = html.escape
        parts = [f"<div class='coding-comparison'><p>{esc(self.note)}</p>",
                 self.agreement.to_html(index=False, na_rep="–", escape=True)]
        full, missed = self._groups()
        if self.disagreements.empty:
            parts.append("<p>No disagreements with the reference.</p>")
        if full:
            parts.append("<ol>")
            for d in full:
                parts.append(
                    f"<li><b>{esc(self._headline(d))}</b><br>"
                    + (f"your quote: “{esc(d.your_quote)}”<br>" if d.your_quote else "")
                    + (f"reference quote: “{esc(d.reference_quote)}”<br>" if d.reference_quote else "")
                    + f"<i>Rule:</i> {esc(d.rule)}"
                    + (f"<br><i>Reference note:</i> {esc(d.reference_note)}" if d.reference_note else "") + "</li>")
            parts.append("</ol>")
        if missed:
            parts.append(f"<p><b>Reference claims in the turns you coded that your coding does not cover "
                         f"({len(missed)})</b>, each with the selection rule that applies:</p><ul>")
            parts += [f"<li><code>{esc(d.reference_claim)}</code> “{esc(d.reference_quote)}” "
                      f"<i>({esc(d.rule.split(':')[0])})</i></li>" for d in missed]
            parts.append("</ul>")
        return "".join(parts) + "</div>"


DISAGREEMENT_COLUMNS = ["field", "your_claim", "reference_claim", "yours", "reference", "your_quote",
                        "reference_quote", "rule", "reference_note"]


class _Tally:
    """The units coded by both (per field) and the disagreements, each with the rule that decides it."""

    def __init__(self, rules, corpus):
        self.rules, self.corpus = rules, corpus
        self.units = {"target": ([], []), "stance": ([], []), "frame": ([], [])}
        self.disagreements: list[dict] = []

    def disagree(self, field, a, b, mine, theirs, rule_field=None):
        self.disagreements.append({
            "field": field, "your_claim": a["claim_id"] if a else "", "reference_claim": b["claim_id"] if b else "",
            "yours": mine, "reference": theirs, "your_quote": a["quote"] if a else "",
            "reference_quote": b["quote"] if b else "",
            "rule": _deciding_rule(self.rules, rule_field or field, b, a and a["institutions"], self.corpus,
                                   a and a.get("frame")),
            "reference_note": (b.get("note") or "") if b else ""})

    def unit(self, field, mine, theirs):
        self.units[field][0].append(mine)
        self.units[field][1].append(theirs)

    def pair(self, a, b, score) -> dict:
        """Tally one matched pair; its row of the ``matches`` table."""
        same_targets = a["institutions"] == b["institutions"]
        self.unit("target", "|".join(a["institutions"]), "|".join(b["institutions"]))
        if not same_targets:
            self.disagree("target", a, b, _fmt_targets(a["targets"]), _fmt_targets(b["targets"]))
        for inst in sorted(set(a["targets"]) & set(b["targets"])):
            self.unit("stance", a["targets"][inst], b["targets"][inst])
            if a["targets"][inst] != b["targets"][inst]:
                self.disagree("stance", a, {**b, "stance": b["targets"][inst]}, f"{inst}:{a['targets'][inst]}",
                              f"{inst}:{b['targets'][inst]}")
        self.unit("frame", a["frame"], b["frame"])
        if a["frame"] != b["frame"]:
            self.disagree("frame", a, b, a["frame"], b["frame"])
        return {"your_claim": a["claim_id"], "reference_claim": b["claim_id"], "span_overlap": round(score, 2),
                "same_target": same_targets, "same_frame": a["frame"] == b["frame"]}

    def unmatched(self, yours, reference, matches):
        """Your claims matched to none (split or extra), then the reference claims of your turns (split or missed)."""
        matched_y, matched_r = {i for i, _, _ in matches}, {j for _, j, _ in matches}
        for i, a in enumerate(yours):
            if i not in matched_y:
                split = any(_same_place(a, b) for b in reference)
                self.disagree("span" if split else "not in the reference", a, None, a["quote"], "",
                              "split" if split else "extra")
        your_turns = {a["turn_id"] for a in yours}
        for j, b in enumerate(reference):
            if j not in matched_r and b["turn_id"] in your_turns:
                split = any(_same_place(a, b) for a in yours)
                self.disagree("span" if split else "missed", None, b, "", b["quote"], "split" if split else "missed")

    def agreement(self) -> pd.DataFrame:
        rows = []
        for field, (first, second) in self.units.items():
            n = len(first)
            alpha = krippendorff_alpha(first, second) if n >= MIN_UNITS_FOR_ALPHA else float("nan")
            rows.append({"field": field, "units": n,
                         "agreement": round(sum(x == y for x, y in zip(first, second)) / n, 3) if n else float("nan"),
                         "alpha": round(alpha, 3) if alpha == alpha else float("nan")})
        return pd.DataFrame(rows)


def _check_quotes(yours: list[dict], corpus) -> None:
    for claim in yours:
        text = corpus.texts.get(claim["doc_id"])
        if text is None or text[claim["start"]:claim["end"]] != claim["quote"]:
            raise ValueError(f"claim {claim['claim_id']}: its quote does not match {claim['doc_id']} at "
                             f"{claim['start']}–{claim['end']}; was it coded on another corpus?")


def compare_coding(coding, corpus=None) -> Comparison:
    """Match your claims to the reference claims by overlap of their spans, and report agreement.

    Args:
        coding: a table from ``load_coding`` (or the path of your CSV).
        corpus: the reference corpus (default: ``load_corpus()``).

    Returns:
        Comparison: ``.agreement`` (target, stance, frame: units, percent agreement, Krippendorff's
        alpha when there are at least MIN_UNITS_FOR_ALPHA units), ``.disagreements`` (both codings and
        the codebook rule that decides) and ``.matches``. Only the reference claims in the turns you
        coded count as missed.

    >>> from helpers import load_corpus
    >>> from helpers.coding import new_claim
    >>> corpus = load_corpus()
    >>> mine = pd.DataFrame([new_claim(corpus, "mayta_2021", "in the pandemic, the OAS has been useless",
    ...                                {"oas": "critical"}, "motivational", ["pandemic_health"])])
    >>> result = compare_coding(mine, corpus)
    >>> result.agreement.set_index("field").agreement.to_dict()
    {'target': 1.0, 'stance': 1.0, 'frame': 0.0}
    >>> result.disagreements.rule.iloc[0][:20]
    'CODEBOOK.md §4.3: `d'
    """
    if corpus is None:
        from .corpus import load_corpus
        corpus = load_corpus()
    if not isinstance(coding, pd.DataFrame):
        coding = load_coding(coding)
    rules = codebook_rules(corpus.path)
    yours = _claims_table(coding)
    _check_quotes(yours, corpus)
    tally = _Tally(rules, corpus)
    reference = _reference(corpus)
    matches = _match(yours, reference)
    rows = [tally.pair(yours[i], reference[j], score) for i, j, score in matches]
    tally.unmatched(yours, reference, matches)
    note = (f"{len(yours)} of your claims, {len(matches)} matched to a reference claim by overlapping spans. "
            f"Krippendorff's alpha (nominal) is shown from {MIN_UNITS_FOR_ALPHA} units on, and is a rough guide "
            f"on few units; it is empty when there are fewer units or only one category was used.")
    return Comparison(pd.DataFrame(rows, columns=["your_claim", "reference_claim", "span_overlap", "same_target",
                                                  "same_frame"]),
                      tally.agreement(), pd.DataFrame(tally.disagreements, columns=DISAGREEMENT_COLUMNS), note)
