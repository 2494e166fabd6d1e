"""Interactive views for the notebooks: the claim explorer and the concordance.

Both are ordinary ipywidgets containers: put one on the last line of a cell to show it.
All corpus text is HTML-escaped before it is shown.

>>> from helpers import load_corpus, explore
>>> explorer = explore(load_corpus())
>>> explorer.speaker.value = ("mayta",)
>>> explorer.count.value.startswith("<b>")
True
"""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as widgets
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from IPython import get_ipython
from IPython.display import display

from . import plots

__all__ = ["ClaimExplorer", "Concordance", "explore", "concordance", "quote_in_context"]

CONTEXT_CHARS = 160
TABLE_CSS = """<style>
.claims-table {border-collapse: collapse; font-size: 13px; width: 100%}
.claims-table th {text-align: left; border-bottom: 2px solid #444; padding: 4px}
.claims-table td {vertical-align: top; border-bottom: 1px solid #ddd; padding: 4px}
.claims-table mark {background: #F0E442; color: #000; padding: 0 1px}
.claims-table .ctx {color: #333}
.kwic-table {font-family: monospace; font-size: 13px; border-collapse: collapse}
.kwic-table td {padding: 1px 6px; white-space: pre}
.kwic-table td.left {text-align: right}
.kwic-table mark {background: #F0E442; color: #000}
</style>"""


def quote_in_context(corpus, doc_id: str, turn_id: str, start: int, end: int, chars: int = CONTEXT_CHARS) -> str:
    """HTML for a quote highlighted (<mark>) inside up to ``chars`` characters of its turn on each side.

    >>> from helpers import load_corpus
    >>> quote_in_context(load_corpus(), "mayta_2021", "mayta_t11", 7544, 7548, chars=5)
    '<mark>Than</mark>k you…'
    """
    _, t_start, t_end = corpus.turn_bounds[turn_id]
    text = corpus.texts[doc_id]
    left_at, right_at = max(t_start, start - chars), min(t_end, end + chars)
    left = ("…" if left_at > t_start else "") + html.escape(text[left_at:start].lstrip())
    right = html.escape(text[end:right_at].rstrip()) + ("…" if right_at < t_end else "")
    return f"{left}<mark>{html.escape(text[start:end])}</mark>{right}"


def _options(pairs):
    return [(str(label), value) for label, value in pairs]


class ClaimExplorer(widgets.VBox):
    """Filter the claims by speaker, institution, theme and stance; see a chart, a count and a table.

    Attributes (for notebooks and tests):
        speaker, institution (SelectMultiple): nothing selected means "all".
        theme, stance (Dropdown): None means "all".
        reset (Button), count (HTML), chart (Output), table (HTML).
        figure (go.Figure): the chart currently shown.
        selection (DataFrame): the matching rows of ``corpus.claims``.
    """

    def __init__(self, corpus, max_rows: int = 100):
        self.corpus = corpus
        self.max_rows = max_rows
        claims = corpus.claims
        speakers = claims.speaker_id.value_counts().index
        claims_per_institution = claims.drop_duplicates(["claim_id", "institution_id"]).institution_id.value_counts()
        self.speaker = widgets.SelectMultiple(
            options=_options((corpus.speaker_name(s), s) for s in speakers), rows=min(len(speakers), 4),
            description="Speaker", layout=widgets.Layout(width="300px"))
        self.institution = widgets.SelectMultiple(
            options=_options((f"{corpus.institution_label(i)} ({n})", i) for i, n in claims_per_institution.items()),
            rows=6, description="Institution", layout=widgets.Layout(width="300px"))
        themes = corpus.codebook.get("themes") or {}
        self.theme = widgets.Dropdown(options=[("All themes", None)] + _options((t.replace("_", " "), t) for t in themes),
                                      description="Theme", layout=widgets.Layout(width="300px"))
        self.stance = widgets.Dropdown(options=[("All stances", None)] + _options((s, s) for s in corpus.codebook.get("stances") or {}),
                                       description="Stance", layout=widgets.Layout(width="300px"))
        for w in (self.speaker, self.institution, self.theme, self.stance):
            w.style.description_width = "80px"
        self.reset = widgets.Button(description="Reset filters", icon="undo", tooltip="Show all claims again")
        self.reset.on_click(lambda _: self.clear())
        hint = widgets.HTML("<small>Ctrl/⌘-click or Shift+arrow keys to pick several; none picked = all. "
                            "Tab moves between the filters.</small>")
        self.count = widgets.HTML()
        self.chart = widgets.Output(layout=widgets.Layout(min_height="420px"))
        self.table = widgets.HTML()
        self.spec = None
        self._index = self._build_index(claims)
        self._mask = np.zeros(len(claims), dtype=bool)
        filters = widgets.HBox([widgets.VBox([self.speaker, self.institution]),
                                widgets.VBox([self.theme, self.stance, self.reset, hint])])
        super().__init__([filters, self.count, self.chart, self.table])
        self.add_class("claim-explorer")
        for w in (self.speaker, self.institution, self.theme, self.stance):
            w.observe(self._on_change, names="value")
        self._holding = False
        self._rows, self._by_claim = {}, {}
        self.update()

    @property
    def selection(self) -> pd.DataFrame:
        """The rows of ``corpus.claims`` that match the filters now set."""
        return self.corpus.claims[self._mask]

    @staticmethod
    def _build_index(claims: pd.DataFrame) -> dict:
        """Integer codes of the claims' columns, so that a filter change is a few numpy operations."""
        index = {}
        for key, column in (("speaker", "speaker_id"), ("institution", "institution_id"), ("stance", "stance"),
                            ("claim", "claim_id")):
            codes, uniques = pd.factorize(claims[column])  # missing values get the code -1
            index[key], index[f"{key}_ids"] = codes, np.asarray(uniques, dtype=object)
            index[f"{key}_code"] = {value: i for i, value in enumerate(uniques)}
        index["themes"] = claims["themes"]
        index["theme_masks"] = {}
        return index

    def _codes(self, key: str, values) -> list:
        return [self._index[f"{key}_code"][v] for v in values if v in self._index[f"{key}_code"]]

    def _filter_mask(self) -> np.ndarray:
        ix = self._index
        mask = np.ones(len(ix["claim"]), dtype=bool)
        if self.speaker.value:
            mask &= np.isin(ix["speaker"], self._codes("speaker", self.speaker.value))
        if self.institution.value:
            mask &= np.isin(ix["institution"], self._codes("institution", self.institution.value))
        if self.stance.value:
            mask &= np.isin(ix["stance"], self._codes("stance", [self.stance.value]))
        if self.theme.value:
            theme = self.theme.value
            if theme not in ix["theme_masks"]:
                ix["theme_masks"][theme] = ix["themes"].map(lambda ts: theme in ts).to_numpy(dtype=bool)
            mask &= ix["theme_masks"][theme]
        return mask

    def _stance_counts(self) -> tuple[pd.Series, int]:
        """Claims per (speaker, institution, stance) among the targeted rows selected, and their claim count."""
        ix = self._index
        rows = self._mask & (ix["institution"] >= 0)
        n_inst, n_stance = len(ix["institution_ids"]), len(ix["stance_ids"])
        keys = (ix["speaker"][rows] * n_inst + ix["institution"][rows]) * n_stance + ix["stance"][rows]
        found, counts = np.unique(keys, return_counts=True)
        labels = pd.MultiIndex.from_arrays([ix["speaker_ids"][found // (n_inst * n_stance)],
                                            ix["institution_ids"][found // n_stance % n_inst],
                                            ix["stance_ids"][found % n_stance]])
        return pd.Series(counts, index=labels), len(np.unique(ix["claim"][rows]))

    def clear(self):
        """Back to the first view: every claim, no filter."""
        self._holding = True
        try:
            self.speaker.value, self.institution.value = (), ()
            self.theme.value = self.stance.value = None
        finally:
            self._holding = False
        self._rows, self._by_claim = {}, {}
        self.update()

    def _on_change(self, _change):
        if not self._holding:
            self.update()

    def _describe_filters(self, n: int) -> str:
        c = self.corpus
        who = " and ".join(c.speaker_short_name(s) for s in self.speaker.value) or "all speakers"
        what = " and ".join(("the " if c.institution_label(i).isupper() else "") + c.institution_label(i)
                            for i in self.institution.value) or "any institution"
        extra = []
        if self.stance.value:
            extra.append(f"{self.stance.value} only")
        if self.theme.value:
            extra.append(f"theme: {self.theme.value.replace('_', ' ')}")
        tail = f" ({'; '.join(extra)})" if extra else ""
        return f"{n} claim{'' if n == 1 else 's'} by {html.escape(who)} about {html.escape(what)}{html.escape(tail)}"

    def update(self):
        """Apply the filters: redraw the chart, the count line and the table."""
        c = self.corpus
        self._mask = self._filter_mask()
        n = len(pd.unique(self._index["claim"][self._mask]))
        if n:
            self.count.value = f"<b>{self._describe_filters(n)}</b>"
        else:
            self.count.value = ("<b>No claims match these filters.</b> Remove a filter, or press "
                                "<i>Reset filters</i> to see every claim.")
        self.spec = plots.stance_spec_from_counts(c, *self._stance_counts())
        if get_ipython() is not None:  # outside a kernel there is nothing to draw into
            self.chart.clear_output(wait=True)
            with self.chart:
                display({plots.PLOTLY_MIME: self.spec, "text/plain": plots.describe(self.spec)}, raw=True)
        self.table.value = self._table_html()

    @property
    def figure(self):
        """The chart now shown, as a ``go.Figure``."""
        return go.Figure(self.spec)

    def _row_html(self, claim_id: str) -> str:
        """One table row per claim, built when first shown and then cached (claims do not change)."""
        if not self._by_claim:  # one pass over the claims, grouped by claim
            for r in self.corpus.claims.itertuples(index=False):
                self._by_claim.setdefault(r.claim_id, []).append(r)
        if claim_id not in self._rows:
            c = self.corpus
            group = self._by_claim[claim_id]
            r = group[0]
            targets = ", ".join(f"{c.institution_label(g.institution_id)} ({g.stance})" for g in group
                                if isinstance(g.institution_id, str)) or "—"
            self._rows[claim_id] = (
                f"<tr><td>{html.escape(claim_id)}</td><td>{html.escape(c.speaker_name(r.speaker_id))}</td>"
                f"<td>{html.escape(targets)}</td><td>{html.escape(r.frame)}</td>"
                f"<td>{html.escape(', '.join(t.replace('_', ' ') for t in r.themes))}</td>"
                f"<td>{html.escape(r.paraphrase)}</td>"
                f"<td class='ctx'>{quote_in_context(c, r.doc_id, r.turn_id, r.start, r.end)}</td></tr>")
        return self._rows[claim_id]

    def _table_html(self) -> str:
        if not self._mask.any():
            return TABLE_CSS + "<p class='claims-empty'>No claims to show.</p>"
        ids = self._index["claim_ids"][pd.unique(self._index["claim"][self._mask])]
        rows = [self._row_html(i) for i in ids[:self.max_rows]]
        more = (f"<p>Showing the first {self.max_rows} of {len(ids)} claims; add a filter to narrow them down.</p>"
                if len(ids) > self.max_rows else "")
        head = ("<tr><th scope='col'>Claim</th><th scope='col'>Speaker</th><th scope='col'>Institution (stance)</th>"
                "<th scope='col'>Frame</th><th scope='col'>Themes</th><th scope='col'>Paraphrase</th>"
                "<th scope='col'>Quote in context</th></tr>")
        return (TABLE_CSS + f"<table class='claims-table'><caption>{self._describe_filters(len(ids))}</caption>"
                f"<thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>{more}")

    def selected_claims(self) -> pd.DataFrame:
        """The claims now shown, as a readable table (the same columns as ``find_claims``)."""
        return self.corpus.readable(self.selection)

    def save_selection(self, path: str | Path = "my_evidence.csv") -> Path:
        """Save the claims now shown to a CSV file (outside corpus/) and return its path."""
        path = Path(path)
        if path.resolve().is_relative_to(self.corpus.path.resolve()):
            raise ValueError(f"Save your evidence outside the corpus folder, not in {self.corpus.path}.")
        self.selected_claims().to_csv(path, index=False)
        return path


class Concordance(widgets.VBox):
    """Type a word, pick a speaker, read every occurrence in context (keyword in context)."""

    def __init__(self, corpus, term: str = "sovereignty", window: int = 50):
        self.corpus = corpus
        self.term = widgets.Text(value=term, description="Word", placeholder="e.g. OAS, integration, coup")
        self.speaker = widgets.Dropdown(options=[("All speakers", None)] + _options(
            (n, s) for s, n in zip(corpus.speakers.speaker_id, corpus.speakers.name)), description="Speaker")
        self.window = widgets.IntSlider(value=window, min=20, max=120, step=10, description="Context")
        self.count = widgets.HTML()
        self.lines = widgets.HTML()
        super().__init__([widgets.HBox([self.term, self.speaker]), self.window, self.count, self.lines])
        self.add_class("kwic-explorer")
        for w in (self.term, self.speaker, self.window):
            w.observe(lambda _: self.update(), names="value")
        self.update()

    def update(self):
        """Search again with the current word, speaker and window."""
        table = self.corpus.kwic(self.term.value, self.window.value, self.speaker.value)
        self.table = table
        term = html.escape(self.term.value.strip())
        if not term:
            self.count.value = "Type a word or phrase to search both interviews."
            self.lines.value = ""
            return
        self.count.value = f"<b>{len(table)} match{'es' if len(table) != 1 else ''} for “{term}”</b>"
        rows = "".join(
            f"<tr><td>{html.escape(r.speaker)}</td><td class='left'>{html.escape(r.left)}</td>"
            f"<td><mark>{html.escape(r.match)}</mark>{html.escape(r.right)}</td></tr>" for r in table.itertuples())
        self.lines.value = TABLE_CSS + (f"<table class='kwic-table'>{rows}</table>" if rows else "<p>No matches.</p>")


def explore(corpus, **kwargs) -> ClaimExplorer:
    """The claim explorer for ``corpus``; show it by making it the last line of a cell.

    >>> from helpers import load_corpus
    >>> explore(load_corpus()).selection.claim_id.nunique() > 0
    True
    """
    return ClaimExplorer(corpus, **kwargs)


def concordance(corpus, term: str = "sovereignty", **kwargs) -> Concordance:
    """A keyword-in-context search box for ``corpus``.

    >>> from helpers import load_corpus
    >>> len(concordance(load_corpus(), "Almagro").table) > 0
    True
    """
    return Concordance(corpus, term, **kwargs)
