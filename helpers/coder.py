"""Code claims yourself: find a quote, turn it into a claims.csv row, save it, compare with the reference.

The person never types offsets: ``locate`` finds a quote in a document (or the reader reports
the passage selected with the mouse), and ``new_claim`` derives turn, speaker, start and end.

>>> from helpers import load_corpus
>>> corpus = load_corpus()
>>> locate(corpus, "llorenti_2021", "has been sadly paralyzed")
(3540, 3564)
>>> row = new_claim(corpus, "llorenti_2021", "The Celac", {"celac": "supportive"}, "diagnostic",
...                 themes=["integration"], paraphrase="Llorenti regrets that CELAC is paralysed.", occurrence=1)
>>> row["claim_id"], row["turn_id"], row["speaker_id"], row["targets"]
('llorenti_2021_c01', 'llorenti_t06', 'llorenti', 'celac:supportive')
"""

from __future__ import annotations

import csv
import difflib
import html
import re
from pathlib import Path

import pandas as pd

from .validate import _split

__all__ = ["locate", "occurrence_of", "new_claim", "save_claims", "load_coding", "compare_coding", "add_institution",
           "krippendorff_alpha", "codebook_rules",
           "coder", "ClaimCoder", "Comparison"]

CLAIM_COLUMNS = ["claim_id", "doc_id", "turn_id", "speaker_id", "start", "end", "quote", "paraphrase",
                 "targets", "frame", "themes", "note"]
BUNDLED_CORPUS = Path(__file__).resolve().parent.parent / "corpus"
MIN_UNITS_FOR_ALPHA = 5
CONTEXT = 40


def _default_corpus(corpus):
    if corpus is None:
        from .corpus import load_corpus
        return load_corpus()
    return corpus


def _text(corpus, doc_id: str) -> str:
    if doc_id not in corpus.texts:
        raise ValueError(f"Unknown document {doc_id!r}. Try one of: {', '.join(sorted(corpus.texts))}")
    return corpus.texts[doc_id]


def _lenient_pattern(quote: str) -> re.Pattern:
    """A regex that also accepts straight for curly quotes, - for dashes and any run of spaces."""
    classes = {"'": "['’‘]", "’": "['’‘]", "‘": "['’‘]", '"': '["“”]', "“": '["“”]', "”": '["“”]',
               "-": "[-–—]", "–": "[-–—]", "—": "[-–—]"}
    parts, previous_space = [], False
    for ch in quote:
        if ch.isspace():
            if not previous_space:
                parts.append(r"\s+")
            previous_space = True
            continue
        previous_space = False
        parts.append(classes.get(ch, re.escape(ch)))
    return re.compile("".join(parts))


def _occurrences(text: str, quote: str) -> list[tuple[int, int]]:
    """Every (start, end) where the quote occurs: exact matches, else lenient ones."""
    exact, at = [], text.find(quote)
    while at != -1:
        exact.append((at, at + len(quote)))
        at = text.find(quote, at + 1)
    if exact:
        return exact
    return [m.span() for m in _lenient_pattern(quote).finditer(text)]


def _context(text: str, start: int, end: int, chars: int = CONTEXT) -> str:
    left = text[max(0, start - chars):start].replace("\n", " ")
    right = text[end:end + chars].replace("\n", " ")
    return f"…{left}[{text[start:end]}]{right}…"


def _closest(text: str, quote: str, n: int = 3) -> list[str]:
    """The n passages of the text most like the quote (same length, starting at a word)."""
    size = len(quote)
    scored = []
    for m in re.finditer(r"\S+", text):
        window = text[m.start():m.start() + size]
        matcher = difflib.SequenceMatcher(None, quote.lower(), window.lower(), autojunk=False)
        if matcher.quick_ratio() > 0.5:
            scored.append((matcher.ratio(), m.start()))
    picked: list[int] = []
    for _, start in sorted(scored, reverse=True):
        if all(abs(start - p) >= size for p in picked):
            picked.append(start)
        if len(picked) == n:
            break
    ends = [p + size + len(re.match(r"\S*", text[p + size:]).group()) for p in picked]  # to the end of the word
    return [text[p:e].replace("\n", " ") for p, e in zip(picked, ends)]


def locate(corpus, doc_id: str, quote: str, occurrence: int | None = None) -> tuple[int, int]:
    """Find a quote in a document's text and return its (start, end) offsets (code points, end exclusive).

    Curly and straight quotes, dashes and runs of spaces are matched leniently when there is no
    exact match. Raises ``ValueError`` saying "not found" (with the closest passages), or
    "occurs N times" (each occurrence with its context and ``occurrence`` number, from 1).

    >>> from helpers import load_corpus
    >>> corpus = load_corpus()
    >>> start, end = locate(corpus, "mayta_2021", "the OAS has been useless")
    >>> corpus.texts["mayta_2021"][start:end]
    'the OAS has been useless'
    >>> locate(corpus, "mayta_2021", "OAS")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ValueError: 'OAS' occurs ... times in mayta_2021. Pick one with occurrence=...
    """
    text = _text(corpus, doc_id)
    quote = str(quote).strip()
    if not quote:
        raise ValueError("The quote is empty: select a passage in the reader, or type or paste one.")
    found = _occurrences(text, quote)
    if not found:
        near = _closest(text, quote)
        hint = ("\nThe closest passages are:\n" + "\n".join(f"  - {p!r}" for p in near)) if near else ""
        raise ValueError(f"{quote!r} was not found in {doc_id}. Copy the words exactly from the reader "
                         f"(or select them with the mouse).{hint}")
    if occurrence is None:
        if len(found) == 1:
            return found[0]
        listing = "\n".join(f"  occurrence={i}: {_context(text, s, e)}" for i, (s, e) in enumerate(found, 1))
        raise ValueError(f"{quote!r} occurs {len(found)} times in {doc_id}. Pick one with occurrence=..., "
                         f"or quote more words around it:\n{listing}")
    if not 1 <= int(occurrence) <= len(found):
        raise ValueError(f"occurrence={occurrence} does not exist: {quote!r} occurs {len(found)} time(s) in {doc_id}.")
    return found[int(occurrence) - 1]


def occurrence_of(corpus, doc_id: str, start: int, end: int) -> tuple[str, int]:
    """The quote at start–end and its occurrence number, so ``locate`` finds exactly this span again.

    >>> from helpers import load_corpus
    >>> occurrence_of(load_corpus(), "mayta_2021", 197, 210)
    ('The country i', 1)
    """
    text = _text(corpus, doc_id)
    quote = text[start:end]
    return quote, _occurrences(text, quote).index((start, end)) + 1


# ---- one claims.csv row ---------------------------------------------------------

def _issued(corpus) -> set:
    if not hasattr(corpus, "_coder_issued_ids"):
        corpus._coder_issued_ids = set()
    return corpus._coder_issued_ids


def _next_claim_id(corpus, doc_id: str) -> str:
    pattern = re.compile(re.escape(doc_id) + r"_c(\d+)$")
    used = set(corpus.claims.claim_id) | _issued(corpus)
    numbers = [int(m.group(1)) for cid in used if (m := pattern.match(str(cid)))]
    return f"{doc_id}_c{max(numbers, default=0) + 1:02d}"


def _allowed(corpus, key: str) -> list[str]:
    return list(corpus.codebook.get(key) or [])


def _check(value, allowed, field):
    if value not in allowed:
        raise ValueError(f"{field}: {value!r} is not in the codebook. Allowed values: {', '.join(allowed)}")


def _institution_id(corpus, name: str) -> str:
    known = corpus.institutions.institution_id.tolist()
    if name in known:
        return name
    try:
        return corpus._resolve(name, "institution")[0]
    except ValueError:
        raise ValueError(
            f"targets: unknown institution {name!r}. Known ids: {', '.join(known)}. If it is a new "
            f"institution of your own corpus, add it with add_institution(corpus, institution_id, name, kind) "
            f"(institutions.csv of that corpus folder), then code the claim again.") from None


def new_claim(corpus, doc_id: str, quote: str, targets: dict, frame: str, themes=(), paraphrase: str = "",
              note: str = "", occurrence: int | None = None) -> dict:
    """One claims.csv row for a quote: offsets, turn and speaker are derived from the text.

    Args:
        targets: ``{institution_id: stance}`` (may be empty); acronyms and names are accepted too.
        frame: one frame of the codebook; themes: theme ids (a list, or one string "a|b").

    Raises:
        ValueError: naming the field and the allowed values, or the quote problem (see ``locate``).

    >>> from helpers import load_corpus
    >>> new_claim(load_corpus(), "mayta_2021", "the OAS has been useless", {"oas": "angry"}, "diagnostic")
    Traceback (most recent call last):
    ValueError: targets: stance 'angry' is not in the codebook. Allowed values: critical, supportive, neutral
    """
    start, end = locate(corpus, doc_id, quote, occurrence)
    text = _text(corpus, doc_id)
    turns = corpus.turns[(corpus.turns.doc_id == doc_id) & (corpus.turns.start <= start) & (corpus.turns.end >= end)]
    if turns.empty:
        raise ValueError(f"The quote {text[start:end]!r} runs across two turns of {doc_id}; a claim lies inside one turn "
                         f"(CODEBOOK.md section 2). Select a shorter passage.")
    turn = turns.iloc[0]
    pairs = []
    for inst, stance in dict(targets or {}).items():
        inst_id = _institution_id(corpus, str(inst).strip())
        stance = str(stance).strip()
        if stance not in _allowed(corpus, "stances"):
            raise ValueError(f"targets: stance {stance!r} is not in the codebook. "
                             f"Allowed values: {', '.join(_allowed(corpus, 'stances'))}")
        pairs.append(f"{inst_id}:{stance}")
    _check(str(frame).strip(), _allowed(corpus, "frames"), "frame")
    themes = _split(themes) if isinstance(themes, str) else [str(t).strip() for t in themes]
    for theme in themes:
        _check(theme, _allowed(corpus, "themes"), "themes")
    claim_id = _next_claim_id(corpus, doc_id)
    _issued(corpus).add(claim_id)
    return {"claim_id": claim_id, "doc_id": doc_id, "turn_id": turn.turn_id, "speaker_id": turn.speaker_id,
            "start": int(start), "end": int(end), "quote": text[start:end], "paraphrase": str(paraphrase).strip(),
            "targets": "|".join(pairs), "frame": str(frame).strip(), "themes": "|".join(themes),
            "note": str(note).strip()}


# ---- saving and loading ---------------------------------------------------------

def _inside_bundled_corpus(path: Path) -> bool:
    path = Path(path).expanduser().resolve()
    return path == BUNDLED_CORPUS or BUNDLED_CORPUS in path.parents


def save_claims(rows, path) -> Path:
    """Append claims rows to a claims CSV (created with its header if missing); UTF-8, LF line endings.

    A claim_id already in the file gets the next free id (the row dict is updated). Refuses the
    bundled corpus/ folder: save a student's coding beside the notebook, e.g. ``my_coding.csv``.

    >>> import tempfile, pathlib
    >>> from helpers import load_corpus
    >>> row = new_claim(load_corpus(), "mayta_2021", "the OAS has been useless", {"oas": "critical"},
    ...                 "diagnostic", ["pandemic_health"], "Mayta says the OAS was useless in the pandemic.")
    >>> path = save_claims([row], pathlib.Path(tempfile.mkdtemp()) / "my_coding.csv")
    >>> len(load_coding(path))
    1
    """
    rows = [rows] if isinstance(rows, dict) else list(rows)
    path = Path(path).expanduser()
    if _inside_bundled_corpus(path):
        raise ValueError(f"{path}: the bundled corpus/ folder is read-only for the coder. Save your coding "
                         f"in your own folder, e.g. save_to='my_coding.csv' beside the notebook.")
    fieldnames, existing = CLAIM_COLUMNS, []
    ends_with_newline = True
    if path.exists() and path.stat().st_size:
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            fieldnames = reader.fieldnames or CLAIM_COLUMNS
            existing = [r.get("claim_id") for r in reader]
        missing = [c for c in CLAIM_COLUMNS if c != "note" and c not in fieldnames]
        if missing:
            raise ValueError(f"{path}:1: header: is not a claims file (missing column(s) {', '.join(missing)}). "
                             f"Choose another file name.")
        ends_with_newline = path.read_bytes().endswith(b"\n")
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    taken = set(existing)
    for row in rows:
        if row["claim_id"] in taken:
            doc_id = row["doc_id"]
            pattern = re.compile(re.escape(doc_id) + r"_c(\d+)$")
            numbers = [int(m.group(1)) for cid in taken if (m := pattern.match(str(cid)))]
            row["claim_id"] = f"{doc_id}_c{max(numbers, default=0) + 1:02d}"
        taken.add(row["claim_id"])
    with open(path, "a", newline="", encoding="utf-8") as f:
        if not ends_with_newline:
            f.write("\n")
        writer = csv.DictWriter(f, fieldnames=fieldnames, lineterminator="\n", extrasaction="ignore")
        if not existing and f.tell() == 0:
            writer.writeheader()
        writer.writerows({k: row.get(k, "") for k in fieldnames} for row in rows)
    return path


def load_coding(path) -> pd.DataFrame:
    """A saved coding as a table, one row per claim (the columns of claims.csv; start and end as numbers).

    Raises ``FileNotFoundError`` or ``ValueError`` naming the file, line and field.

    >>> load_coding("no_such_file.csv")
    Traceback (most recent call last):
    FileNotFoundError: no_such_file.csv: no such file. Code some claims with coder(...) first, or check the file name.
    """
    path = Path(path).expanduser()
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file. Code some claims with coder(...) first, or check the file name.")
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        missing = [c for c in CLAIM_COLUMNS if c != "note" and c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path}:1: header: missing column(s) {', '.join(missing)}; is this a claims file?")
        rows = []
        for line, row in enumerate(reader, start=2):
            for field in ("start", "end"):
                value = (row.get(field) or "").strip()
                if not value.isdigit():
                    raise ValueError(f"{path}:{line}: {field}: must be a whole number, got {value!r}")
                row[field] = int(value)
            rows.append({k: (v if v is not None else "") for k, v in row.items()})
    return pd.DataFrame(rows, columns=list(dict.fromkeys(CLAIM_COLUMNS + list(reader.fieldnames or []))))


def add_institution(corpus, institution_id: str, name: str, kind: str, acronym: str = "", aliases=()) -> dict:
    """Append a new institution to the institutions.csv of YOUR corpus folder (never the bundled corpus/).

    Updates ``corpus.institutions`` in memory too, so ``new_claim`` accepts the id at once.
    """
    if _inside_bundled_corpus(corpus.path):
        raise ValueError("The bundled corpus/ is read-only: code the claim without this target and name the "
                         "institution in the note, or build your own corpus folder (instructor/ADDING_AN_INTERVIEW.md).")
    if not re.fullmatch(r"[a-z][a-z0-9_]*", institution_id):
        raise ValueError(f"institution_id: {institution_id!r} must be lower-case letters, digits and _ (e.g. 'mercosur').")
    if institution_id in set(corpus.institutions.institution_id):
        raise ValueError(f"institution_id: {institution_id!r} is already in institutions.csv.")
    _check(kind, _allowed(corpus, "institution_kinds"), "kind")
    if not str(name).strip():
        raise ValueError("name: give the institution's full name.")
    aliases = _split(aliases) if isinstance(aliases, str) else list(aliases)
    row = {"institution_id": institution_id, "name": str(name).strip(), "acronym": acronym.strip(),
           "aliases": "|".join(aliases or [a for a in (name, acronym) if a]), "kind": kind}
    path = Path(corpus.path) / "institutions.csv"
    with open(path, newline="", encoding="utf-8") as f:
        fieldnames = csv.DictReader(f).fieldnames
    data = path.read_bytes()
    with open(path, "a", newline="", encoding="utf-8") as f:
        if data and not data.endswith(b"\n"):
            f.write("\n")
        csv.DictWriter(f, fieldnames=fieldnames, lineterminator="\n", extrasaction="ignore").writerow(
            {k: row.get(k, "") for k in fieldnames})
    added = pd.DataFrame([{**row, "label": acronym.strip() or row["name"]}]).replace({"": None})
    corpus.institutions = pd.concat([corpus.institutions, added], ignore_index=True)
    corpus._labels[institution_id] = acronym.strip() or row["name"]
    return row


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

def codebook_rules(path=None) -> dict:
    """The decision rules of CODEBOOK.md: {rule id: {"title", "section", "claims"}} (claims cited as examples).

    Ids: "S1".."S4" and "N1".."N4" (selection, section 1.3), "1.2" (quasi-sentence rule),
    "3.1 critical" (stance definitions), "3.2.5" (hard cases), "4.1" (frames), "6 Organ vs parent body".

    >>> rules = codebook_rules()
    >>> rules["3.2.5"]["title"][:64]
    '"X has been paralysed / sabotaged / wrecked", said with regret →'
    >>> "llorenti_c18" in rules["3.2.5"]["claims"]
    True
    """
    path = Path(path) if path else BUNDLED_CORPUS / "CODEBOOK.md"
    if path.is_dir():
        path = path / "CODEBOOK.md"
    if not path.exists():
        path = BUNDLED_CORPUS / "CODEBOOK.md"
    rules: dict = {}
    section, current = "", None
    for line in path.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"#{2,3} (\d+(?:\.\d+)?)\.? (.*)", line)
        if heading:
            section, current = heading.group(1), None
            if section in ("1.2", "1.3", "6"):
                current = rules.setdefault(section, {"title": heading.group(2), "section": section, "claims": []})
            continue
        numbered = re.match(r"(\d+)\. \*\*(.+?)\*\*(.*)", line)
        selection = re.match(r"- \*\*([SN]\d)\.\*\* (.*)", line)
        bullet = re.match(r"- \*\*(.+?)\*\*(.*)", line)
        stance_row = re.match(r"\| `(\w+)` \| (.+?) \|", line)
        if section in ("3.2", "4") and numbered:
            rule_id, title = f"{section}.{numbered.group(1)}", (numbered.group(2) + numbered.group(3)).strip()
        elif section == "1.3" and selection:
            rule_id, title = selection.group(1), selection.group(2)
        elif section == "6" and bullet:
            rule_id, title = f"6 {bullet.group(1).rstrip('.')}", (bullet.group(1) + bullet.group(2)).strip()
        elif section == "3.1" and stance_row:
            rule_id, title = f"3.1 {stance_row.group(1)}", stance_row.group(2)
        else:
            rule_id = None
        if rule_id:
            title = re.sub(r"\s*(Examples|This includes|Typical signals)\s*:?\s*$", "", title.replace("**", ""))
            current = rules[rule_id] = {"title": title, "section": section,
                                        "claims": []}
        if current is not None:
            current["claims"] += re.findall(r"\b([a-z][a-z0-9_]*_c\d+)\b", line)
    return rules


def _rule_text(rules, rule_id) -> str:
    rule = rules.get(rule_id)
    where = f"CODEBOOK.md {'§' if rule_id[0].isdigit() else ''}{rule_id}"
    return f"{where}: {rule['title']}" if rule else where


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
        if {reference.get("frame"), yours_frame} == {"motivational", "prognostic"} and "4.1" in rules:
            return (_rule_text(rules, "4.1").split(". ")[0] + ". Exception (§4.1): when a call names a specific "
                    "measure, code `prognostic`; the rules apply in order 4.1, 4.2, 4.3.")
        for rid, rule in rules.items():
            if rule["section"] == "4" and f"`{reference.get('frame')}`" in rule["title"]:
                return _rule_text(rules, rid) + " (apply the frame rules in order: 4.1, 4.2, 4.3)"
        return "CODEBOOK.md §4"
    if field == "target":
        if corpus is not None and "parent_id" in corpus.institutions:
            parents = dict(zip(corpus.institutions.institution_id, corpus.institutions.parent_id))
            mine, theirs = set(yours or ()), set(reference.get("institutions") or ())
            if any(parents.get(a) == b or parents.get(b) == a for a in mine ^ theirs for b in mine | theirs):
                return _rule_text(rules, "6 Organ vs parent body")
        return _rule_text(rules, "6") + " A mention inside a span is not automatically a target; a target is " \
                                        "an institution the claim is about (see also 6 Pronouns and descriptions)."
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
        targets = {}
        if "targets" in r:
            for t in _split(r.get("targets") or ""):
                inst, _, stance = t.partition(":")
                targets[inst.strip()] = stance.strip()
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
    >>> corpus = load_corpus()
    >>> mine = pd.DataFrame([new_claim(corpus, "mayta_2021", "in the pandemic, the OAS has been useless",
    ...                                {"oas": "critical"}, "motivational", ["pandemic_health"])])
    >>> result = compare_coding(mine, corpus)
    >>> result.agreement.set_index("field").agreement.to_dict()
    {'target': 1.0, 'stance': 1.0, 'frame': 0.0}
    >>> result.disagreements.rule.iloc[0][:20]
    'CODEBOOK.md §4.3: `d'
    """
    corpus = _default_corpus(corpus)
    if not isinstance(coding, pd.DataFrame):
        coding = load_coding(coding)
    rules = codebook_rules(corpus.path)
    yours = _claims_table(coding)
    for claim in yours:
        text = corpus.texts.get(claim["doc_id"])
        if text is None or text[claim["start"]:claim["end"]] != claim["quote"]:
            raise ValueError(f"claim {claim['claim_id']}: its quote does not match {claim['doc_id']} at "
                             f"{claim['start']}–{claim['end']}; was it coded on another corpus?")
    reference = _reference(corpus)
    pairs = []
    for i, a in enumerate(yours):
        for j, b in enumerate(reference):
            if a["doc_id"] == b["doc_id"]:
                overlap = min(a["end"], b["end"]) - max(a["start"], b["start"])
                if overlap > 0:
                    pairs.append((overlap / (max(a["end"], b["end"]) - min(a["start"], b["start"])), i, j))
    matched_y, matched_r, matches = {}, {}, []
    for score, i, j in sorted(pairs, reverse=True):
        if i not in matched_y and j not in matched_r:
            matched_y[i], matched_r[j] = j, i
            matches.append((i, j, score))
    matches.sort()

    units = {"target": ([], []), "stance": ([], []), "frame": ([], [])}
    disagreements = []

    def disagree(field, a, b, mine, theirs, rule_field=None):
        disagreements.append({
            "field": field, "your_claim": a["claim_id"] if a else "", "reference_claim": b["claim_id"] if b else "",
            "yours": mine, "reference": theirs, "your_quote": a["quote"] if a else "",
            "reference_quote": b["quote"] if b else "",
            "rule": _deciding_rule(rules, rule_field or field, b, a and a["institutions"], corpus,
                                   a and a.get("frame")),
            "reference_note": (b.get("note") or "") if b else ""})

    rows = []
    for i, j, score in matches:
        a, b = yours[i], reference[j]
        same_targets = a["institutions"] == b["institutions"]
        units["target"][0].append("|".join(a["institutions"]))
        units["target"][1].append("|".join(b["institutions"]))
        if not same_targets:
            disagree("target", a, b, _fmt_targets(a["targets"]), _fmt_targets(b["targets"]))
        for inst in sorted(set(a["targets"]) & set(b["targets"])):
            units["stance"][0].append(a["targets"][inst])
            units["stance"][1].append(b["targets"][inst])
            if a["targets"][inst] != b["targets"][inst]:
                disagree("stance", a, {**b, "stance": b["targets"][inst]}, f"{inst}:{a['targets'][inst]}",
                         f"{inst}:{b['targets'][inst]}")
        units["frame"][0].append(a["frame"])
        units["frame"][1].append(b["frame"])
        if a["frame"] != b["frame"]:
            disagree("frame", a, b, a["frame"], b["frame"])
        rows.append({"your_claim": a["claim_id"], "reference_claim": b["claim_id"], "span_overlap": round(score, 2),
                     "same_target": same_targets, "same_frame": a["frame"] == b["frame"]})
    for i, a in enumerate(yours):
        if i not in matched_y:
            split = any(min(a["end"], b["end"]) > max(a["start"], b["start"]) and a["doc_id"] == b["doc_id"]
                        for b in reference)
            disagree("span" if split else "not in the reference", a, None, a["quote"], "",
                     "split" if split else "extra")
    your_turns = {a["turn_id"] for a in yours}
    for j, b in enumerate(reference):
        if j not in matched_r and b["turn_id"] in your_turns:
            split = any(min(a["end"], b["end"]) > max(a["start"], b["start"]) and a["doc_id"] == b["doc_id"]
                        for a in yours)
            disagree("span" if split else "missed", None, b, "", b["quote"], "split" if split else "missed")

    agreement = []
    for field, (first, second) in units.items():
        n = len(first)
        alpha = krippendorff_alpha(first, second) if n >= MIN_UNITS_FOR_ALPHA else float("nan")
        agreement.append({"field": field, "units": n,
                          "agreement": round(sum(x == y for x, y in zip(first, second)) / n, 3) if n else float("nan"),
                          "alpha": round(alpha, 3) if alpha == alpha else float("nan")})
    note = (f"{len(yours)} of your claims, {len(matches)} matched to a reference claim by overlapping spans. "
            f"Krippendorff's alpha (nominal) is shown from {MIN_UNITS_FOR_ALPHA} units on, and is a rough guide "
            f"on few units; it is empty when there are fewer units or only one category was used.")
    columns = ["field", "your_claim", "reference_claim", "yours", "reference", "your_quote", "reference_quote",
               "rule", "reference_note"]
    return Comparison(pd.DataFrame(rows, columns=["your_claim", "reference_claim", "span_overlap", "same_target",
                                                  "same_frame"]),
                      pd.DataFrame(agreement), pd.DataFrame(disagreements, columns=columns), note)


# ---- the coder widget ------------------------------------------------------------------

def _definition(corpus, key, value) -> str:
    text = (corpus.codebook.get(key) or {}).get(value, "") if isinstance(corpus.codebook.get(key), dict) else ""
    return f"<b>{html.escape(str(value))}</b>: {html.escape(str(text))}" if value else ""


class TargetRow:
    """One target of the claim: an institution (typed or picked) and a stance."""

    def __init__(self, coder):
        import ipywidgets as widgets
        corpus = coder.corpus
        self.coder = coder
        self.institution = widgets.Combobox(
            options=[f"{i} — {n}" for i, n in zip(corpus.institutions.institution_id, corpus.institutions.name)],
            placeholder="type or pick an institution", description="Institution", ensure_option=False,
            layout=widgets.Layout(width="420px"))
        stances = list(corpus.codebook.get("stances") or [])
        self.stance = widgets.ToggleButtons(options=stances, value=None, description="Stance",
                                            tooltips=[str(corpus.codebook["stances"][s]) for s in stances],
                                            style={"button_width": "90px"})
        self.remove = widgets.Button(description="Remove", layout=widgets.Layout(width="80px"))
        self.about = widgets.HTML()
        self.institution.observe(self._describe, "value")
        self.stance.observe(self._describe, "value")
        self.remove.on_click(lambda _: coder._remove_target(self))
        self.box = widgets.VBox([widgets.HBox([self.institution, self.remove]), self.stance, self.about],
                                layout=widgets.Layout(border="1px solid #ddd", padding="4px", margin="2px 0"))

    def institution_id(self):
        """The id typed or picked, or None when the box is empty. Raises ValueError if unknown."""
        value = self.institution.value.strip()
        if not value:
            return None
        return _institution_id(self.coder.corpus, value.split(" — ")[0].strip())

    def _describe(self, _=None):
        corpus, parts = self.coder.corpus, []
        try:
            inst = self.institution_id()
        except ValueError:
            inst = None
            parts.append(f"<span class='coder-warning'>{html.escape(repr(self.institution.value))} is not in "
                         f"institutions.csv.</span> {self.coder._unknown_advice()}")
        if inst:
            row = corpus.institutions[corpus.institutions.institution_id == inst].iloc[0]
            parts.append(f"<b>{html.escape(inst)}</b>: {html.escape(str(row['name']))} ({html.escape(str(row['kind']))})")
        if self.stance.value:
            parts.append(_definition(corpus, "stances", self.stance.value))
        self.about.value = "<br>".join(parts)


class ClaimCoder:
    """Reader + coding form; see ``coder()``. ``.widget`` is what the notebook shows."""

    def __init__(self, corpus, doc_id=None, save_to="my_coding.csv"):
        import ipywidgets as widgets

        from .reader import InterviewReader
        self.corpus, self.save_to = corpus, Path(save_to).expanduser()
        if _inside_bundled_corpus(self.save_to):
            raise ValueError(f"save_to={str(save_to)!r} is inside the bundled corpus/, which the coder never changes. "
                             f"Use a file in your own folder, e.g. save_to='my_coding.csv'.")
        self.saved = load_coding(self.save_to) if self.save_to.exists() else None
        for claim_id in ([] if self.saved is None else self.saved.claim_id):
            _issued(corpus).add(claim_id)
        self.reader = InterviewReader(corpus, doc_id, mine=self.saved if self.saved is not None else _empty_coding())
        self.span = None
        self.quote = widgets.Textarea(placeholder="Select a passage in the text above with the mouse, "
                                                  "or type or paste a quote here and press Find",
                                      layout=widgets.Layout(width="98%", height="60px"))
        self.find = widgets.Button(description="Find quote", icon="search")
        self.occurrence = widgets.Dropdown(description="Which one", layout=widgets.Layout(width="98%", display="none"))
        self.where = widgets.HTML()
        self.targets = widgets.VBox([])
        self.rows: list[TargetRow] = []
        self.add_target = widgets.Button(description="Add a target institution", icon="plus")
        frames = list(corpus.codebook.get("frames") or [])
        self.frame = widgets.ToggleButtons(options=frames, value=None, description="Frame",
                                           tooltips=[str(corpus.codebook["frames"][f]) for f in frames])
        self.frame_about = widgets.HTML()
        themes = corpus.codebook.get("themes") or {}
        self.themes = {t: widgets.Checkbox(value=False, description=t, indent=False,
                                           layout=widgets.Layout(width="190px")) for t in themes}
        theme_rows = [widgets.HBox([box, widgets.HTML(f"<span class='coder-def'>{html.escape(str(themes[t]))}</span>")])
                      for t, box in self.themes.items()]
        self.paraphrase = widgets.Text(description="Paraphrase", placeholder="Mayta argues that …",
                                       layout=widgets.Layout(width="98%"))
        self.note = widgets.Text(description="Note", placeholder="optional: a hard decision, a pronoun's referent",
                                 layout=widgets.Layout(width="98%"))
        self.add = widgets.Button(description="Add claim", button_style="primary", icon="save")
        self.status = widgets.HTML()
        self.new_institution = self._new_institution_form()
        self.table = widgets.HTML()

        self.reader.view.observe(self._selected, "selection")
        self.reader.document.observe(lambda _: self._clear_span(), "value")
        self.quote.observe(self._typed, "value")
        self.find.on_click(lambda _: self._find())
        self.occurrence.observe(self._pick_occurrence, "value")
        self.add_target.on_click(lambda _: self._add_target())
        self.frame.observe(lambda _: setattr(self.frame_about, "value", _definition(corpus, "frames", self.frame.value)),
                           "value")
        self.add.on_click(lambda _: self._add_claim())
        self._add_target()
        head = widgets.HTML("<style>.coder-def{font-size:12px;color:#333}.coder-warning{color:#a00;font-weight:bold}"
                            ".coder-ok{color:#060;font-weight:bold}</style>")
        self.widget = widgets.VBox([
            head, self.reader,
            widgets.HTML("<b>1. The passage</b>"), self.quote, widgets.HBox([self.find]), self.occurrence, self.where,
            widgets.HTML("<b>2. Target institutions, each with a stance</b> (none if the claim is about no listed "
                         "institution)"), self.targets, self.add_target, self.new_institution,
            widgets.HTML("<b>3. Frame</b>"), self.frame, self.frame_about,
            widgets.HTML("<b>4. Themes</b> (one to three, the most central first)"), widgets.VBox(theme_rows),
            widgets.HTML("<b>5. In your words</b>"), self.paraphrase, self.note,
            self.add, self.status, self.table])
        self.widget.add_class("claim-coder")
        self._show_table()

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    # -- the passage
    @property
    def doc_id(self):
        return self.reader.doc_id

    def _say(self, message, ok=False):
        cls = "coder-ok" if ok else "coder-warning"
        self.status.value = f"<span class='{cls}'>{html.escape(message).replace(chr(10), '<br>')}</span>"

    def _clear_span(self):
        self.span = None
        self.where.value = ""

    def _show_span(self, start, end):
        text = self.corpus.texts[self.doc_id]
        turn = self.corpus.turns[(self.corpus.turns.doc_id == self.doc_id) & (self.corpus.turns.start <= start)
                                 & (self.corpus.turns.end >= end)]
        who = (f"turn {turn.iloc[0].turn_id}, spoken by {self.corpus.speaker_name(turn.iloc[0].speaker_id)}"
               if len(turn) else "<span class='coder-warning'>runs across two turns: select inside one turn</span>")
        self.where.value = (f"<span class='coder-ok'>Passage found</span> at characters {start}–{end}, {who}: "
                            f"“{html.escape(text[start:end])}”")

    def _selected(self, change):
        if len(change["new"]) != 2:
            return
        text = self.corpus.texts[self.doc_id]
        start, end = change["new"]
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end <= start:
            return
        self.span = (start, end)
        self.occurrence.layout.display = "none"
        self.quote.value = text[start:end]
        self._show_span(start, end)

    def _typed(self, change):
        if self.span and change["new"] != self.corpus.texts[self.doc_id][self.span[0]:self.span[1]]:
            self._clear_span()

    def _find(self):
        self._clear_span()
        self.occurrence.layout.display = "none"
        try:
            start, end = locate(self.corpus, self.doc_id, self.quote.value)
        except ValueError as error:
            text = self.corpus.texts[self.doc_id]
            found = _occurrences(text, self.quote.value.strip()) if self.quote.value.strip() else []
            if len(found) > 1:
                self.occurrence.options = [(f"{i}: {_context(text, s, e)}", (s, e)) for i, (s, e) in enumerate(found, 1)]
                self.occurrence.value = None
                self.occurrence.layout.display = "flex"
                self.where.value = (f"<span class='coder-warning'>This quote occurs {len(found)} times.</span> "
                                    f"Pick the one you mean under “Which one”, or quote more words around it.")
            else:
                self.where.value = ("<span class='coder-warning'>Not found.</span> "
                                    + html.escape(str(error)).replace("\n", "<br>"))
            return
        self.span = (start, end)
        self._show_span(start, end)

    def _pick_occurrence(self, change):
        if change["new"]:
            self.span = tuple(change["new"])
            self._show_span(*self.span)

    # -- targets
    def _add_target(self):
        row = TargetRow(self)
        self.rows.append(row)
        self.targets.children = [r.box for r in self.rows]

    def _remove_target(self, row):
        self.rows.remove(row)
        self.targets.children = [r.box for r in self.rows]

    def _unknown_advice(self) -> str:
        if _inside_bundled_corpus(self.corpus.path):
            return ("The bundled list cannot be changed here: leave this target out and name the institution in "
                    "the note, then tell your instructor.")
        self.new_institution.layout.display = "flex"
        return "You can add it to your corpus's institutions.csv with the form below."

    def _new_institution_form(self):
        import ipywidgets as widgets
        kinds = list(self.corpus.codebook.get("institution_kinds") or [])
        self.inst_id = widgets.Text(description="id", placeholder="e.g. mercosur")
        self.inst_name = widgets.Text(description="Full name")
        self.inst_acronym = widgets.Text(description="Acronym")
        self.inst_kind = widgets.Dropdown(options=kinds, value=None, description="Kind")
        button = widgets.Button(description="Add institution", icon="plus")

        def add(_):
            try:
                row = add_institution(self.corpus, self.inst_id.value.strip(), self.inst_name.value,
                                      self.inst_kind.value or "", self.inst_acronym.value)
            except ValueError as error:
                self._say(str(error))
                return
            options = list(self.rows[0].institution.options) if self.rows else []
            for r in self.rows:
                r.institution.options = options + [f"{row['institution_id']} — {row['name']}"]
                r._describe()
            self._say(f"Added {row['institution_id']} to {Path(self.corpus.path) / 'institutions.csv'}.", ok=True)
            form.layout.display = "none"

        button.on_click(add)
        form = widgets.VBox([widgets.HTML("<b>New institution</b> (written to your corpus's institutions.csv)"),
                             self.inst_id, self.inst_name, self.inst_acronym, self.inst_kind, button],
                            layout=widgets.Layout(display="none", border="1px solid #ddd", padding="4px"))
        return form

    # -- saving
    def _add_claim(self):
        """Check the form, save the claim at once (a closed tab or a restarted kernel loses nothing)."""
        try:
            if self.span is None:
                start, end = locate(self.corpus, self.doc_id, self.quote.value)
            else:
                start, end = self.span
            quote, occurrence = occurrence_of(self.corpus, self.doc_id, start, end)
            targets = {}
            for row in self.rows:
                inst = row.institution_id()
                if inst is None:
                    continue
                if not row.stance.value:
                    raise ValueError(f"targets: choose a stance for {inst}.")
                targets[inst] = row.stance.value
            if not self.frame.value:
                raise ValueError("frame: choose one frame.")
            themes = [t for t, box in self.themes.items() if box.value]
            if not themes:
                raise ValueError("themes: tick at least one theme.")
            if not self.paraphrase.value.strip():
                raise ValueError("paraphrase: write one neutral line (\"Mayta argues that …\").")
            row = new_claim(self.corpus, self.doc_id, quote, targets, self.frame.value, themes,
                            self.paraphrase.value, self.note.value, occurrence=occurrence)
            self._refuse_overlap(row)
            save_claims([row], self.save_to)
        except (ValueError, OSError) as error:
            self._say(str(error))
            return
        self.saved = load_coding(self.save_to)
        self._say(f"Saved {row['claim_id']} to {self.save_to} ({len(self.saved)} claim(s) in the file).", ok=True)
        self.quote.value, self.paraphrase.value, self.note.value = "", "", ""
        self._clear_span()
        self.frame.value = None
        for box in self.themes.values():
            box.value = False
        self.rows = []
        self._add_target()
        self.reader.redraw(self.saved)
        self._show_table()

    def _refuse_overlap(self, row):
        """In a corpus's own claims.csv claims do not overlap (CODEBOOK.md §1.2); a student's file may."""
        own = (Path(self.corpus.path) / "claims.csv").resolve()
        if self.saved is None or self.save_to.expanduser().resolve() != own:
            return
        for other in self.saved[self.saved.doc_id == row["doc_id"]].itertuples():
            if other.start < row["end"] and row["start"] < other.end:
                raise ValueError(f"start/end: the passage {row['start']}–{row['end']} overlaps claim {other.claim_id} "
                                 f"({other.start}–{other.end}); claims do not overlap (CODEBOOK.md §1.2). Shorten one "
                                 f"of them, or code them as one claim.")

    def compare(self):
        """Your saved claims against the reference coding (see ``compare_coding``).

        Before any claim is saved it prints what to do and returns None, so a notebook runs top to bottom.

        >>> import tempfile, pathlib
        >>> from helpers import load_corpus
        >>> c = coder(load_corpus(), "mayta_2021", save_to=pathlib.Path(tempfile.mkdtemp()) / "mine.csv")
        >>> c.compare()
        No coding saved yet: code at least one claim with the coder above (press Add claim), then run this cell again.
        """
        saved = load_coding(self.save_to) if self.save_to.exists() else None
        if saved is None or saved.empty:
            print("No coding saved yet: code at least one claim with the coder above (press Add claim), "
                  "then run this cell again.")
            return None
        from .handin import HandedIn  # the output carries the coding, so it is handed in with the notebook
        return HandedIn(compare_coding(saved, self.corpus), self.save_to)

    def _show_table(self):
        if self.saved is None or self.saved.empty:
            self.table.value = f"<i>No claims saved yet in {html.escape(str(self.save_to))}.</i>"
            return
        cols = ["claim_id", "turn_id", "quote", "targets", "frame", "themes"]
        self.table.value = (f"<b>Your claims in {html.escape(str(self.save_to))}</b>"
                            + self.saved[cols].to_html(index=False, escape=True, classes="claims-table"))


def _empty_coding() -> pd.DataFrame:
    """A coding with no claims yet (the columns of claims.csv)."""
    return pd.DataFrame(columns=CLAIM_COLUMNS)


def coder(corpus=None, doc_id=None, save_to="my_coding.csv"):
    """The claim coder: the interview in full, a coding form, and your saved claims.

    Select a passage with the mouse (or type a quote and press "Find quote"), pick targets with
    stances, a frame and themes (each shows its codebook definition), write a paraphrase, and press
    "Add claim": the claim is saved to ``save_to`` at once and reloaded the next time you open the coder.

    Args:
        corpus: the corpus to code (default: ``load_corpus()``).
        doc_id: the interview to open first.
        save_to: your CSV file, e.g. "my_coding.csv" beside the notebook. An instructor building a
            corpus passes that corpus's claims.csv. Never the bundled corpus/.

    >>> import tempfile, pathlib
    >>> from helpers import load_corpus
    >>> c = coder(load_corpus(), "mayta_2021", save_to=pathlib.Path(tempfile.mkdtemp()) / "mine.csv")
    >>> c.quote.value = "the OAS has been useless"; c.find.click()
    >>> c.span
    (3544, 3568)
    """
    corpus = _default_corpus(corpus)
    return ClaimCoder(corpus, doc_id, save_to)
