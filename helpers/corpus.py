"""The annotated interviews as pandas tables, with a few verbs to search them.

>>> from helpers import load_corpus
>>> corpus = load_corpus()
>>> sorted(corpus.documents.doc_id)
['llorenti_2021', 'mayta_2021']
>>> corpus.find_claims(speaker="Mayta", institution="OAS", stance="critical").speaker.unique().tolist()
['Rogelio Mayta']
"""

from __future__ import annotations

import bisect
import datetime
import os
import re
from pathlib import Path

import pandas as pd

from .files import Problem, gc_paused, is_date
from .validate import read_corpus
from .vocab import split_list as _split

__all__ = ["Corpus", "CorpusError", "load_corpus", "match_claims"]


class CorpusError(ValueError):
    """The corpus has problems. ``.problems`` lists them; ``str()`` shows them one per line."""

    def __init__(self, path, problems: list[Problem]):
        self.path = Path(path)
        self.problems = list(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        lines = "\n".join(f"  {p}" for p in errors)
        super().__init__(
            f"The corpus at {path} has {len(errors)} problem(s). Fix them in the files named below "
            f"(file:line: field: message), then load again:\n{lines}"
        )


def load_corpus(path: str | Path | None = None) -> "Corpus":
    """Load and validate a corpus folder (default: the bundled corpus/, or ``CLAIMS_CORPUS``).

    Args:
        path (str or Path, optional): a folder laid out like corpus/.

    Returns:
        Corpus: documents, speakers, institutions, turns, mentions and claims as DataFrames.

    Raises:
        CorpusError: if any file is missing or inconsistent; it lists every problem.
        TypeError, ValueError: if ``path`` is not a folder name (for example a number, or "").

    >>> corpus = load_corpus()
    >>> len(corpus.documents)
    2
    >>> load_corpus("")
    Traceback (most recent call last):
    ...
    ValueError: load_corpus(path=''): the path is empty. Give the corpus folder, e.g. load_corpus("corpus"), or leave it out for the default corpus.
    """
    if path is not None:
        if not isinstance(path, (str, os.PathLike)):
            raise TypeError(f"load_corpus(path=...) takes a folder name (text or Path), not {type(path).__name__} {path!r}. "
                            'Example: load_corpus("corpus").')
        if not str(os.fspath(path)).strip():
            raise ValueError(f"load_corpus(path={path!r}): the path is empty. Give the corpus folder, e.g. "
                             'load_corpus("corpus"), or leave it out for the default corpus.')
    with gc_paused():
        raw, problems = read_corpus(path)
        if raw is None or any(p.severity == "error" for p in problems):
            raise CorpusError(path if path is not None else (raw.path if raw else "corpus"), problems)
        return Corpus(raw, [p for p in problems if p.severity == "warning"], [p for p in problems if p.severity == "todo"])


def match_claims(claims: pd.DataFrame, speaker=(), institution=(), theme=(), stance=()) -> pd.Series:
    """True for the rows of ``claims`` that match every filter: each a list of ids, an empty one meaning no filter.

    A row matches when its speaker, institution and stance are among those listed and one of its themes is.
    The one filtering rule of ``select_claims`` and the explorer; in the browser, engine.js's ``matchesFilters``
    (tests/test_parity.py compares the two).

    >>> claims = load_corpus().claims
    >>> int(match_claims(claims, speaker=["mayta"], stance=["critical"]).sum()) == len(
    ...     claims[(claims.speaker_id == "mayta") & (claims.stance == "critical")])
    True
    """
    mask = pd.Series(True, index=claims.index)
    for column, wanted in (("speaker_id", speaker), ("institution_id", institution), ("stance", stance)):
        if len(wanted):
            mask &= claims[column].isin(list(wanted))
    if len(theme):
        wanted = set(theme)
        mask &= claims.themes.map(lambda themes: not wanted.isdisjoint(themes)).astype(bool)
    return mask


def _check_count(function: str, parameter: str, value) -> None:
    """A whole number of zero or more, or a TypeError/ValueError naming the parameter."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{function}({parameter}=...) takes a whole number, e.g. {parameter}=40; got {value!r} ({type(value).__name__})")
    if value < 0:
        raise ValueError(f"{function}({parameter}=...) takes a whole number of 0 or more; got {value}")


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    frame = frame.drop(columns=[c for c in frame.columns if str(c).startswith("_")])
    if frame.empty:
        frame = pd.DataFrame(columns=columns)
    for col in columns:  # optional columns a corpus may leave out
        if col not in frame:
            frame[col] = None
    for col in ("start", "end"):
        if col in frame:
            frame[col] = frame[col].astype(int)
    return frame.replace({"": None})


def _documents_frame(documents: list[dict]) -> pd.DataFrame:
    """documents.yaml as a table: one row per document, its date_… fields as dates."""
    return pd.DataFrame([{k: (datetime.date.fromisoformat(v) if k.startswith("date_") and is_date(v) else v)
                          for k, v in d.items() if not k.startswith("_")} for d in documents])


def _institutions_frame(rows: list[dict]) -> pd.DataFrame:
    """institutions.csv as a table, with a ``label``: the given label, else the acronym, else the name."""
    frame = _frame(rows, ["institution_id", "name", "acronym", "aliases", "kind"])
    short = frame["label"] if "label" in frame else None
    frame["label"] = (short if short is not None else frame["acronym"]).fillna(frame["acronym"]).fillna(frame["name"])
    return frame


def _events_frame(rows: list[dict]) -> pd.DataFrame:
    """events.csv as a table (may be empty), its dates as timestamps."""
    events = _frame(rows, ["event_id", "date", "event", "source"])
    if not events.empty:
        events["date"] = pd.to_datetime(events["date"])
    return events


# The columns of corpus.claims, in order (more columns of an instructor's claims.csv follow them).
_CLAIMS_FRAME_COLUMNS = ["claim_id", "doc_id", "turn_id", "speaker_id", "start", "end", "quote", "paraphrase",
                         "institution_id", "stance", "frame", "themes", "note"]


def _claims_frame(rows: list[dict]) -> pd.DataFrame:
    """claims.csv as a table of one row per (claim, target); a claim without a target has one row
    with ``institution_id`` missing. Themes become a tuple."""
    out = []
    for r in rows:
        base = {k: v for k, v in r.items() if not k.startswith("_") and k != "targets"}
        base["themes"] = tuple(_split(r["themes"]))
        base["frame"] = r["frame"].strip()
        targets = [t.partition(":") for t in _split(r["targets"])]
        for inst, _, stance in targets or [(None, None, None)]:
            out.append({**base, "institution_id": inst and inst.strip(), "stance": stance and stance.strip()})
    claims = _frame(out, _CLAIMS_FRAME_COLUMNS)
    return claims[[c for c in _CLAIMS_FRAME_COLUMNS if c in claims] + [c for c in claims if c not in _CLAIMS_FRAME_COLUMNS]]


class Corpus:
    """An annotated corpus: six tidy tables plus the texts.

    Attributes:
        documents, speakers, institutions, turns (DataFrame): one row per item.
        mentions (DataFrame): one row per mention, with the ``turn_id``, ``speaker_id`` and
            ``speaker`` (name) of the turn it is in: who said it.
        claims (DataFrame): one row per (claim, target institution); a claim without a
            target has one row with ``institution_id`` missing.
        events (DataFrame): the sourced timeline (may be empty).
        texts (dict): doc_id -> the verbatim text.
        warnings (list): advice from the validator, e.g. uncovered aliases.
        todo (list): work left before the corpus is complete (empty for the bundled corpus).
    """

    def __init__(self, raw, warnings=(), todo=()):
        self.path = raw.path
        self.codebook = raw.codebook
        self.texts = dict(raw.texts)
        self.warnings = list(warnings)
        self.todo = list(todo)
        self.documents = _documents_frame(raw.documents)
        self.speakers = _frame(raw.tables["speakers"], ["speaker_id", "name", "short_name", "kind"])
        self.institutions = _institutions_frame(raw.tables["institutions"])
        self.turns = _frame(raw.tables["turns"], ["turn_id", "doc_id", "speaker_id", "kind", "start", "end"])
        self.mentions = self._with_speakers(
            _frame(raw.tables["mentions"], ["mention_id", "doc_id", "institution_id", "start", "end", "surface"]))
        self.events = _events_frame(raw.tables.get("events") or [])
        self.claims = _claims_frame(raw.tables["claims"])
        self.turn_bounds = {t.turn_id: (t.doc_id, t.start, t.end) for t in self.turns.itertuples()}
        self._speaker_short = dict(zip(self.speakers.speaker_id, self.speakers.short_name))
        self._speaker_names = dict(zip(self.speakers.speaker_id, self.speakers.name))
        self._labels = dict(zip(self.institutions.institution_id, self.institutions.label))

    def __repr__(self) -> str:
        return (f"<Corpus {self.path.name}: {len(self.documents)} documents, {len(self.turns)} turns, "
                f"{len(self.mentions)} mentions, {self.claims.claim_id.nunique()} claims>")

    def _with_speakers(self, mentions: pd.DataFrame) -> pd.DataFrame:
        """Add turn_id, speaker_id and speaker (the name) to each mention: who said it.

        >>> load_corpus().mentions.query("surface == 'Celac'")[["speaker", "turn_id"]].iloc[0].tolist()
        ['Sacha Llorenti', 'llorenti_t06']
        """
        names = dict(zip(self.speakers.speaker_id, self.speakers.name))
        by_doc = {}
        for t in self.turns.sort_values(["doc_id", "start"]).itertuples():
            starts, turns = by_doc.setdefault(t.doc_id, ([], []))
            starts.append(t.start)
            turns.append(t)
        turn_ids, speaker_ids = [], []
        for m in mentions.itertuples():
            starts, turns = by_doc.get(m.doc_id, ([], []))
            i = bisect.bisect_right(starts, m.start) - 1
            turn = turns[i] if i >= 0 and m.start < turns[i].end else None
            turn_ids.append(turn.turn_id if turn else None)
            speaker_ids.append(turn.speaker_id if turn else None)
        mentions = mentions.copy()
        mentions["turn_id"] = turn_ids
        mentions["speaker_id"] = speaker_ids
        mentions["speaker"] = [names.get(s, s) for s in speaker_ids]
        return mentions

    # ---- name resolution -------------------------------------------------
    def resolve(self, value, table: str, parameter: str | None = None) -> list[str]:
        """Ids for ids or human names (one or a list) of a table: "speaker", "institution", "theme" or "stance".

        Institutions are found by id, name, acronym or alias, ignoring case. Raises a ValueError
        listing the known values (or a TypeError for a value that is not text, naming ``parameter``).

        >>> load_corpus().resolve("Organization of American States", "institution")
        ['oas']
        >>> load_corpus().resolve(["Mayta", "llorenti"], "speaker")
        ['mayta', 'llorenti']
        """
        values = self._as_texts(value, table, parameter or table)
        lookup, shown = self._names_of(table)
        return [self._lookup(v, lookup, table, shown) for v in values]

    def _as_texts(self, value, table: str, parameter: str) -> list[str]:
        """``value`` (None, one text or a list of texts) as a list; a TypeError naming ``parameter`` otherwise."""
        if value is None:
            return []
        if isinstance(value, str):
            return [value]
        if not isinstance(value, (list, tuple, set, frozenset, pd.Series, pd.Index)):
            raise TypeError(f"{parameter}= takes a name or id as text, or a list of them, e.g. {parameter}={self._example(table)!r}; "
                            f"got {value!r} ({type(value).__name__})")
        wrong = [v for v in value if not isinstance(v, str)]
        if wrong:
            raise TypeError(f"{parameter}= takes names or ids as text, e.g. {parameter}={self._example(table)!r}; "
                            f"the list holds {wrong[0]!r} ({type(wrong[0]).__name__})")
        return list(value)

    def _names_of(self, table: str) -> tuple[dict, list]:
        """({lower-case id or name: id}, the values an error message lists) for one of resolve's tables."""
        if table in ("theme", "stance"):
            known = list(self.codebook.get(table + "s") or [])
            lookup = {t.lower(): t for t in known} | {t.replace("_", " ").lower(): t for t in known}
            return lookup, known
        if table == "speaker":
            frame, id_col, name_cols = self.speakers, "speaker_id", ["name", "short_name"]
        elif table == "institution":
            frame, id_col, name_cols = self.institutions, "institution_id", ["name", "acronym", "label"]
        else:
            raise ValueError(f"resolve(table={table!r}): the table is 'speaker', 'institution', 'theme' or 'stance'")
        lookup = {}
        for _, row in frame.iterrows():
            keys = [row[id_col]] + [row[c] for c in name_cols if isinstance(row.get(c), str)]
            if table == "institution":
                keys += _split(row.get("aliases"))
            for key in keys:
                lookup.setdefault(str(key).lower(), row[id_col])
        return lookup, frame["short_name" if table == "speaker" else "label"].tolist()

    def _example(self, table: str) -> str:
        if table == "speaker":
            return self.speakers.short_name.iloc[0] if len(self.speakers) else "Mayta"
        if table == "institution":
            return self.institutions.label.iloc[0] if len(self.institutions) else "OAS"
        known = list(self.codebook.get("themes" if table == "theme" else "stances") or ["critical"])
        return known[0]

    @staticmethod
    def _lookup(value, lookup, what, shown):
        key = str(value).strip().lower()
        if key in lookup:
            return lookup[key]
        raise ValueError(f"Unknown {what} {value!r}. Try one of: {', '.join(map(str, shown))}")

    def speaker_name(self, speaker_id: str) -> str:
        """The readable name of a speaker id, e.g. 'mayta' -> 'Rogelio Mayta'."""
        return self._speaker_names.get(speaker_id, speaker_id)

    def speaker_short_name(self, speaker_id: str) -> str:
        """The short name of a speaker id, e.g. 'mayta' -> 'Mayta'."""
        return self._speaker_short.get(speaker_id, speaker_id)

    def institution_label(self, institution_id) -> str:
        """The acronym (or the name when there is none) of an institution id."""
        return self._labels.get(institution_id, institution_id) if isinstance(institution_id, str) else ""

    def add_institution_row(self, row: dict) -> None:
        """Add an institution (a dict of institutions.csv's columns) to this corpus in memory; writes no file.

        Its label is the acronym, else the name. ``helpers.coding.add_institution`` writes the file first.
        """
        label = str(row.get("acronym") or "").strip() or row["name"]
        added = pd.DataFrame([{**row, "label": label}]).replace({"": None})
        self.institutions = pd.concat([self.institutions, added], ignore_index=True)
        self._labels[row["institution_id"]] = label

    # ---- verbs ----------------------------------------------------------
    def select_claims(self, speaker=None, institution=None, theme=None, stance=None) -> pd.DataFrame:
        """Rows of ``self.claims`` that match every filter given (ids or names; one or a list).

        A filter left out (``None``) lets every row through; an empty list matches no row.

        >>> corpus = load_corpus()
        >>> corpus.select_claims(speaker="Mayta", stance="critical").speaker_id.unique().tolist()
        ['mayta']
        >>> len(corpus.select_claims(speaker=[]))
        0
        """
        given = {"speaker": (speaker, "speaker", "speaker"), "institution": (institution, "institution"),
                 "theme": (theme, "theme"), "stance": (stance, "stance")}
        ids = {key: self.resolve(*args) for key, args in given.items() if args[0] is not None}
        if any(len(wanted) == 0 for wanted in ids.values()):
            return self.claims.iloc[0:0]
        mask = match_claims(self.claims, **ids)
        return self.claims[mask]

    def find_claims(self, speaker=None, institution=None, theme=None, stance=None) -> pd.DataFrame:
        """Claims matching the filters, with readable columns.

        Args:
            speaker: id or name ("mayta", "Mayta", "Kawsachun News"), or a list of them.
            institution: id, acronym, name or alias ("oas", "OAS", "Celac"), or a list.
            theme: a theme id from the codebook ("sovereignty"), or a list.
            stance: "critical", "supportive" or "neutral", or a list.

        Returns:
            DataFrame with claim_id, speaker, institution, stance, frame, themes,
            paraphrase, quote, doc_id, turn_id, start, end.

        >>> load_corpus().find_claims(institution="Celac").institution.unique().tolist()
        ['CELAC']
        """
        return self.readable(self.select_claims(speaker, institution, theme, stance))

    def readable(self, picked: pd.DataFrame) -> pd.DataFrame:
        """Rows of ``self.claims`` with names instead of ids (the columns of ``find_claims``)."""
        out = pd.DataFrame({
            "claim_id": picked.claim_id,
            "speaker": picked.speaker_id.map(self.speaker_name),
            "institution": picked.institution_id.map(self.institution_label),
            "stance": picked.stance.fillna(""),
            "frame": picked.frame,
            "themes": picked.themes.map(", ".join),
            "paraphrase": picked.paraphrase,
            "quote": picked.quote,
            "doc_id": picked.doc_id,
            "turn_id": picked.turn_id,
            "start": picked.start,
            "end": picked.end,
        })
        return out.reset_index(drop=True)

    def turn_text(self, turn_id: str) -> str:
        """The full text of one turn (question, answer, introduction…).

        >>> load_corpus().turn_text("mayta_t11")
        'Thank you Minister for your time.'
        """
        if not isinstance(turn_id, str):
            raise TypeError(f"turn_text(turn_id=...) takes a turn id as text, e.g. {self._first_turn()!r}; "
                            f"got {turn_id!r} ({type(turn_id).__name__})")
        if turn_id not in self.turn_bounds:
            near = [t for t in self.turn_bounds if t.split("_t")[0] == turn_id.split("_t")[0]][:6] or list(self.turn_bounds)[:6]
            raise ValueError(f"turn_text: unknown turn id {turn_id!r}. Turn ids look like {', '.join(near)}; "
                             "corpus.turns lists them all.")
        doc_id, start, end = self.turn_bounds[turn_id]
        return self.texts[doc_id][start:end]

    def _first_turn(self) -> str:
        return next(iter(self.turn_bounds), "mayta_t04")

    def kwic(self, term: str, window: int = 40, speaker=None) -> pd.DataFrame:
        """Keyword in context: every occurrence of ``term`` (case-insensitive, whole words).

        Args:
            term (str): a word or phrase, e.g. "sovereignty" or "OAS".
            window (int): characters of context on each side.
            speaker: keep only lines spoken by this speaker (id or name), or a list.

        Returns:
            DataFrame with doc_id, turn_id, speaker, start, end, left, match, right.

        >>> load_corpus().kwic("Almagro", window=20).shape[0] > 3
        True
        """
        columns = ["doc_id", "turn_id", "speaker", "start", "end", "left", "match", "right"]
        if not isinstance(term, str):
            raise TypeError(f"kwic(term=...) takes one word or phrase as text, e.g. kwic(\"OAS\"); got {term!r} "
                            f"({type(term).__name__}). For several terms, call kwic once for each.")
        _check_count("kwic", "window", window)
        term = term.strip()
        if not term:
            return pd.DataFrame(columns=columns)
        pattern = re.escape(term)
        pattern = (r"\b" if term[0].isalnum() else "") + pattern + (r"\b" if term[-1].isalnum() else "")
        regex = re.compile(pattern, re.IGNORECASE)
        wanted = set(self.resolve(speaker, "speaker")) if speaker is not None else None
        rows = []
        for doc_id, text in self.texts.items():
            turns = self.turns[self.turns.doc_id == doc_id].sort_values("start")
            starts, ids, who = turns.start.tolist(), turns.turn_id.tolist(), turns.speaker_id.tolist()
            for m in regex.finditer(text):
                i = max(0, sum(1 for s in starts if s <= m.start()) - 1)
                if wanted is not None and who[i] not in wanted:
                    continue
                left = text[max(0, m.start() - window):m.start()].replace("\n", " ")
                right = text[m.end():m.end() + window].replace("\n", " ")
                rows.append([doc_id, ids[i], self.speaker_name(who[i]), m.start(), m.end(), left, m.group(), right])
        return pd.DataFrame(rows, columns=columns)

    def select_events(self, institutions=None, contains: str | None = None) -> pd.DataFrame:
        """Dated events (corpus/events.csv) in date order, with a column ``number`` (1, 2, …): the
        numbers that ``plots.timeline`` writes beside its points for the same selection.

        Args:
            institutions: ids or names of institutions, or topic ids of the events table such as
                "bolivia_2019" (default: every event).
            contains: keep events whose id or text contains this (any case), e.g. "cuba".

        >>> load_corpus().select_events("bolivia_2019").number.tolist()[:3]
        [1, 2, 3]
        """
        ev = self.events.copy()
        if institutions is not None and len(ev):
            wanted = [institutions] if isinstance(institutions, str) else list(institutions)
            topics = set(ev.institution_id)  # topic ids of the events table, e.g. "bolivia_2019"
            ids = [w if w in topics else self.resolve(w, "institution")[0] for w in wanted]
            ev = ev[ev.institution_id.isin(ids)]
        if contains:
            needle = str(contains).casefold()
            ev = ev[ev.event_id.str.casefold().str.contains(needle, regex=False)
                    | ev.event.str.casefold().str.contains(needle, regex=False)]
        ev = ev.sort_values(["date", "event_id"], kind="stable").reset_index(drop=True)
        ev.insert(0, "number", range(1, len(ev) + 1))
        return ev

    def events_table(self, institutions=None, contains: str | None = None) -> "EventsTable":
        """The dated events as a table to read: the whole event and its source, wrapped, numbered as on
        ``plots.timeline``. Put it on the last line of a cell; ``.frame`` is the same as a DataFrame.

        >>> table = load_corpus().events_table("bolivia_2019")
        >>> [c for c in table.frame.columns if c in ("number", "date", "event", "source")]
        ['number', 'date', 'event', 'source']
        """
        return EventsTable(self, self.select_events(institutions, contains))

    def print_kwic(self, term: str, window: int = 40, speaker=None, lines: int = 25) -> None:
        """Print a concordance of ``term`` for reading (``kwic`` returns the same as a table).

        >>> load_corpus().print_kwic("hegemon", window=15)
        1 match for 'hegemon'
        Mayta          | ger one single hegemon, there are now
        """
        _check_count("print_kwic", "lines", lines)
        table = self.kwic(term, window, speaker)
        short = {name: self.speaker_short_name(i) for i, name in self._speaker_names.items()}
        print(f"{len(table)} match{'es' if len(table) != 1 else ''} for {term!r}")
        for row in table.head(lines).itertuples():
            # the text's own spacing around the match: "integration, but", never "integration , but"
            print(f"{short.get(row.speaker, row.speaker):<14} | {row.left.lstrip().rjust(window)}{row.match}{row.right.rstrip()}")
        if len(table) > lines:
            print(f"... {len(table) - lines} more; use lines= to see them")

    # ---- one row per claim, and counts ---------------------------------------------------
    def _claim_target_rows(self, frame, function: str) -> pd.DataFrame:
        """Readable rows, one per (claim, target), from any claims table: ``self.claims``, a
        ``select_claims``/``find_claims`` result, or a ``distinct_claims`` result."""
        if frame is None:
            frame = self.claims
        if not isinstance(frame, pd.DataFrame) or "claim_id" not in frame:
            raise TypeError(f"{function}(frame=...) takes a table of claims (from corpus.claims, select_claims, "
                            f"find_claims or distinct_claims); got {type(frame).__name__}")
        if "institution_id" in frame and "speaker_id" in frame:
            return self.readable(frame)
        rows = frame.copy()
        if rows.institution.map(lambda v: isinstance(v, str) and "; " in v).any():  # a distinct_claims table
            rows["institution"] = rows.institution.map(lambda v: str(v).split("; "))
            rows["stance"] = rows.stance.map(lambda v: str(v).split("; "))
            rows = rows.explode(["institution", "stance"])
        return rows.reset_index(drop=True)

    def distinct_claims(self, frame=None) -> pd.DataFrame:
        """One row per claim, with readable columns, instead of one row per (claim, target).

        A claim about two institutions has two rows in ``corpus.claims`` and in ``find_claims``;
        here it has one, with ``institution`` and ``stance`` joined by "; " in the same order.

        Args:
            frame (DataFrame, optional): claims to use, e.g. ``find_claims(speaker="Mayta")``
                (default: every claim).

        Returns:
            DataFrame with the columns of ``find_claims``, one row per claim_id.

        >>> corpus = load_corpus()
        >>> len(corpus.claims) > len(corpus.distinct_claims()) == corpus.claims.claim_id.nunique()
        True
        >>> corpus.distinct_claims().set_index("claim_id").loc["mayta_c23", ["institution", "stance"]].tolist()
        ['OAS', 'critical']
        """
        rows = self._claim_target_rows(frame, "distinct_claims")
        if rows.empty:
            return rows
        joined = rows.groupby("claim_id", sort=False).agg(
            institution=("institution", lambda s: "; ".join(v for v in s if isinstance(v, str) and v)),
            stance=("stance", lambda s: "; ".join(v for v in s if isinstance(v, str) and v)))
        out = rows.drop_duplicates("claim_id").drop(columns=["institution", "stance"]).set_index("claim_id")
        out = out.join(joined).reset_index()
        return out[[c for c in rows.columns if c in out]].reset_index(drop=True)

    def words_spoken(self) -> pd.DataFrame:
        """Who speaks how much: the number of turns and of words, by document, speaker and kind of turn.

        >>> corpus = load_corpus()
        >>> table = corpus.words_spoken()
        >>> list(table.columns)
        ['turns', 'words']
        >>> int(table.turns.sum()) == len(corpus.turns)
        True
        """
        turns = self.turns.assign(words=[len(self.turn_text(t).split()) for t in self.turns.turn_id])
        return turns.groupby(["doc_id", "speaker_id", "kind"]).words.agg(turns="count", words="sum")

    def mentions_and_claims(self, speaker) -> pd.DataFrame:
        """For one speaker: how often each institution is named (mentions), and how many claims are about it.

        Args:
            speaker (str): a name or id, e.g. "Mayta".

        Returns:
            DataFrame with one row per institution (its label) and the columns ``mentions`` and ``claims``.

        >>> corpus = load_corpus()
        >>> table = corpus.mentions_and_claims("Mayta")
        >>> list(table.columns)
        ['mentions', 'claims']
        >>> int(table.loc["OAS", "claims"]) == corpus.find_claims(speaker="Mayta", institution="OAS").claim_id.nunique()
        True
        """
        if isinstance(speaker, (list, tuple, set)):
            raise TypeError(f"mentions_and_claims(speaker=...) takes one speaker, e.g. speaker={self._example('speaker')!r}; got {speaker!r}")
        ids = self.resolve(speaker, "speaker")
        mentions = self.mentions[self.mentions.speaker_id.isin(ids)].institution_id.value_counts().rename("mentions")
        claims = (self.select_claims(speaker=ids).groupby("institution_id").claim_id.nunique().rename("claims"))
        table = mentions.to_frame().join(claims, how="outer").fillna(0).astype(int)
        table.index = table.index.map(self.institution_label)
        table.index.name = "institution"
        return table

    def count_claims(self, by: str = "speaker", column: str = "themes", frame=None) -> pd.DataFrame:
        """How many distinct claims fall in each (``by``, ``column``) pair: a table to read or plot.

        A claim with two themes counts once under each theme; a claim about two institutions counts
        once under each institution. A claim never counts twice in one cell.

        Args:
            by (str): the rows, a column of ``find_claims``: "speaker", "institution", "stance",
                "frame", "themes" or "doc_id".
            column (str): the columns, another of those.
            frame (DataFrame, optional): claims to count, e.g. ``find_claims(institution="OAS")``
                (default: every claim).

        Returns:
            DataFrame of whole numbers: one row per value of ``by``, one column per value of ``column``.

        >>> corpus = load_corpus()
        >>> table = corpus.count_claims(by="speaker", column="frame")
        >>> list(table.columns)
        ['diagnostic', 'motivational', 'prognostic']
        >>> int(table.loc["Rogelio Mayta"].sum()) == corpus.find_claims(speaker="Mayta").claim_id.nunique()
        True
        """
        allowed = ["speaker", "institution", "stance", "frame", "themes", "doc_id", "turn_id"]
        for name, value in (("by", by), ("column", column)):
            if not isinstance(value, str):
                raise TypeError(f"count_claims({name}=...) takes a column name as text, one of {', '.join(allowed)}; got {value!r}")
            if value not in allowed:
                raise ValueError(f"count_claims({name}={value!r}): unknown column; use one of {', '.join(allowed)}")
        if by == column:
            raise ValueError(f"count_claims: by and column are both {by!r}; choose two different columns")
        rows = self._claim_target_rows(frame, "count_claims")
        if "themes" in (by, column):
            rows = rows.assign(themes=rows.themes.map(lambda t: [x for x in str(t).split(", ") if x])).explode("themes")
        rows = rows.replace({"": None}).dropna(subset=[by, column]).drop_duplicates(["claim_id", by, column])
        table = pd.crosstab(rows[by], rows[column])
        table.index.name, table.columns.name = by, column
        return table


def event_date(row) -> str:
    """A date as precise as the events table says it is: "31 Jan 1962", "Jan 1962" or "1962"."""
    precision = getattr(row, "date_precision", None) if not isinstance(row, dict) else row.get("date_precision")
    date = row.date if not isinstance(row, dict) else row["date"]
    if precision == "year":
        return f"{date:%Y}"
    if precision == "month":
        return f"{date:%b %Y}"
    return f"{date.day} {date:%b %Y}"


EVENTS_CSS = """<style>
table.events-table {border-collapse: collapse; width: 100%; font-size: 13px; line-height: 1.4; table-layout: auto}
table.events-table caption {text-align: left; font-weight: bold; padding: 2px 0 6px 0}
table.events-table th {text-align: left !important; border-bottom: 2px solid #444; padding: 4px 6px; vertical-align: bottom}
table.events-table td {text-align: left !important; vertical-align: top; padding: 4px 6px; border-bottom: 1px solid #ddd;
  white-space: normal !important; overflow-wrap: anywhere; max-width: none}
table.events-table td.n, table.events-table td.date {white-space: nowrap !important}
table.events-table td.source {font-size: 12px; color: #333}
.events-wrap {container-type: inline-size}
@container (max-width: 560px) {
  table.events-table, table.events-table tbody, table.events-table tr, table.events-table td {display: block; width: auto}
  table.events-table thead {position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0)}
  table.events-table tr {border-bottom: 2px solid #444; padding: 4px 0}
  table.events-table td {border: 0; padding: 1px 4px}
  table.events-table td.n, table.events-table td.date {display: inline-block}
}
</style>"""


class EventsTable:
    """Dated events with their sources, shown whole and wrapped (``corpus.events_table``).

    ``.frame``: the rows as a DataFrame (number, date, event, source, ...).
    """

    def __init__(self, corpus, frame: pd.DataFrame):
        self.corpus, self.frame = corpus, frame

    def __len__(self) -> int:
        return len(self.frame)

    def _columns(self) -> list[str]:
        contested = "contested" in self.frame and self.frame.contested.fillna("no").eq("yes").any()
        return ["event", "source"] + (["contested"] if contested else [])

    def __repr__(self) -> str:
        import textwrap
        lines = []
        for r in self.frame.itertuples():
            lines.append(f"{r.number}. {event_date(r)}: {r.event}")
            lines += textwrap.wrap(f"Source: {r.source}", 100, initial_indent="   ", subsequent_indent="   ")
        return "\n".join(lines) or "No dated events for this selection."

    def _repr_html_(self) -> str:
        import html
        if self.frame.empty:
            return "<p>No dated events for this selection.</p>"
        columns = self._columns()
        names = {"event": "Event", "source": "Source", "contested": "Sources disagree or disputed?"}
        head = "<tr><th scope='col'>#</th><th scope='col'>Date</th>" + "".join(
            f"<th scope='col'>{names[c]}</th>" for c in columns) + "</tr>"
        rows = []
        for r in self.frame.itertuples():
            cells = []
            for c in columns:
                value = html.escape(str(getattr(r, c)))
                if c == "source":  # addresses become links; the rest stays text
                    value = re.sub(r"(https?://[^\s<>\"]+[^\s<>\".,;:)])",
                                   lambda m: f'<a href="{m.group(1)}" target="_blank" rel="noopener">{m.group(1)}</a>', value)
                cells.append(f"<td class='{c}'>{value}</td>")
            rows.append(f"<tr><td class='n'>{r.number}</td><td class='date'>{html.escape(event_date(r))}</td>{''.join(cells)}</tr>")
        what = len(self.frame)
        caption = f"{what} dated event{'' if what == 1 else 's'} with {'its' if what == 1 else 'their'} sources"
        return (EVENTS_CSS + f"<div class='events-wrap'><table class='events-table'><caption>{caption}</caption>"
                f"<thead>{head}</thead><tbody>{''.join(rows)}</tbody></table></div>")
