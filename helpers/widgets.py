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

import anywidget
import ipywidgets as widgets
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import traitlets

from . import plots
from .a11y import STATIC, accessible
from .corpus import match_claims
from .vocab import the_interviews

__all__ = ["ClaimExplorer", "Concordance", "explore", "concordance", "quote_in_context"]

CONTEXT_CHARS = 160
TABLE_CONTEXT_CHARS = 70  # the explorer's table keeps rows short: ten of them fit on a screen or two
TABLE_CSS = f"<style>{(STATIC / 'tables.css').read_text(encoding='utf-8')}</style>"  # inside the HTML widgets


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


class Library(anywidget.AnyWidget):
    """plotly.js and engine.js, sent to the browser once per kernel: every explorer's chart refers to this widget.

    Its script (``_esm``) is plotly.min.js from the installed plotly package (works offline), then
    ``static/engine.js``, then ``static/library.js``; the front end runs it once, when it creates the widget.
    """

    def __init__(self):
        plotly_js = (Path(go.__file__).parent.parent / "package_data" / "plotly.min.js").read_text(encoding="utf-8")
        parts = [plotly_js] + [(STATIC / name).read_text(encoding="utf-8") for name in ("engine.js", "library.js")]
        super().__init__(_esm="\n".join(parts))


_library = None


def library() -> Library:
    """The kernel's one ``Library`` widget (made again if it was closed).

    >>> library() is library()
    True
    """
    global _library
    if _library is None or _library.comm is None:
        _library = Library()
    return _library


def send_library_ahead() -> None:
    """In a notebook kernel, send the ``library`` to the browser now, before the first explorer.

    ``from helpers import explore`` calls this, in a notebook's first cell: the browser then reads
    plotly.js (4.8 MB; about a second of its time on a 2-core machine) while the student reads on,
    and ``explore(corpus)`` later draws its chart without waiting for it. A notebook that never
    imports ``explore`` never receives plotly.js from the kernel. Outside a kernel (a script, the
    command line, these doctests) it does nothing.

    >>> send_library_ahead()
    """
    from IPython import get_ipython

    shell = get_ipython()
    if getattr(shell, "kernel", None) is not None:
        library()


class ClaimsChart(anywidget.AnyWidget):
    """The explorer's stance chart, drawn in the browser by ``static/chart.js``.

    It gets the claims once (as integer codes, in ``data``) and the filters' indexes through ``jslink``, so a
    student's selection redraws the chart in place (``Plotly.react``) without waiting for the kernel: on a
    2-core machine the round trip to the kernel alone took about 100 ms. Its state holds the data, not plotly.js:
    that comes once per kernel with ``library``.
    """

    _esm = STATIC / "chart.js"
    library = traitlets.Instance(Library).tag(sync=True, **widgets.widget_serialization)
    data = traitlets.Dict().tag(sync=True)
    speaker_index = traitlets.Tuple().tag(sync=True)
    institution_index = traitlets.Tuple().tag(sync=True)
    theme_index = traitlets.Int(None, allow_none=True).tag(sync=True)
    stance_index = traitlets.Int(None, allow_none=True).tag(sync=True)


def stance_chart_constants(corpus) -> dict:
    """The labels and style that ``static/engine.js`` needs to draw the stance chart as ``plots.stance_chart_spec``.

    Labels come escaped for plotly as well as plain (for the text description), so that corpus
    text stays text in the chart.

    >>> from helpers import load_corpus
    >>> stance_chart_constants(load_corpus())["institutionLabelEsc"]["oas"]
    'OAS'
    """
    claims = corpus.claims
    speakers, insts = claims.speaker_id.unique(), claims.dropna(subset=["institution_id"]).institution_id.unique()
    empty = plots.stance_spec_from_counts(corpus, {}, 0)
    style = {"font": plots.FONT, "axis": plots.AXIS, "plain": plots.PLAIN_LAYOUT, "small": plots.SMALL,
             "top": plots.TOP_INSTITUTIONS, "stanceStyle": plots.STANCE_STYLE,
             "title": plots.STANCE_TITLE, "steps": plots.AXIS_STEPS, "rowPx": plots.ROW_PX, "gap": plots.PANEL_GAP,
             "widthGap": plots.WIDTH_GAP, "linePx": plots.LINE_PX, "labelChars": plots.LABEL_CHARS,
             "columns": plots.STANCE_COLUMNS}
    return {
        "speakerShort": {s: corpus.speaker_short_name(s) for s in speakers},
        "institutionLabel": {i: corpus.institution_label(i) for i in insts},
        "speakerOrder": plots.speaker_order(corpus),
        "speakerShortEsc": {s: plots.esc(corpus.speaker_short_name(s)) for s in speakers},
        "institutionLabelEsc": {i: plots.esc(corpus.institution_label(i)) for i in insts},
        "stances": list(plots.STANCE_STYLE), "style": style, "emptyLayout": empty["layout"],
        "emptyDescription": plots.describe(empty),
    }


def _options(pairs):
    return [(str(label), value) for label, value in pairs]


FILTERS = ("speaker", "institution", "theme", "stance")
ALL = "all"  # the value of the "All themes" and "All stances" choices (None would show a blank dropdown)


def _check_corpus(corpus, where: str):
    from .corpus import Corpus

    if not isinstance(corpus, Corpus):
        raise TypeError(f"{where}(corpus): expected the corpus from load_corpus(), got {type(corpus).__name__} "
                        f"{corpus!r:.60}. Run `corpus = load_corpus()` first, then `{where}(corpus)`.")


def _check_int(value, name: str, where: str, low: int, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{where}({name}=...): expected a whole number, got {type(value).__name__} {value!r:.40}.")
    if value < low or (high is not None and value > high):
        raise ValueError(f"{where}({name}={value}): expected a whole number from {low}"
                         + (f" to {high}." if high is not None else " up."))
    return int(value)


def _resolve(corpus, value, name: str, table: str, where: str) -> list:
    """Ids for a preset filter value (an id or a name, or a list of them); errors name the parameter."""
    if value is None:
        return []
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, (list, tuple, set)) or not all(isinstance(v, str) for v in values):
        raise TypeError(f"{where}({name}=...): expected a name or id as text, or a list of them, "
                        f"got {type(value).__name__} {value!r:.40}.")
    try:
        return corpus.resolve(list(values), table)
    except ValueError as e:
        raise ValueError(f"{where}({name}={value!r}): {e}") from None


class ClaimExplorer(widgets.VBox):
    """Filter the claims by speaker, institution, theme and stance; see a chart, a count and a table.

    Attributes (for notebooks and tests):
        speaker, institution (SelectMultiple): nothing selected means "all".
        theme, stance (Dropdown): the value ``"all"`` means no filter.
        reset (Button), count (HTML), table (HTML), more (Button).
        chart (ClaimsChart): the stance chart, drawn in the browser from the filters.
        figure (go.Figure): the chart currently shown.
        selection (DataFrame): the matching rows of ``corpus.claims``.
    """

    def __init__(self, corpus, page_size: int = 10, speaker=None, institution=None, theme=None, stance=None):
        _check_corpus(corpus, "explore")
        self.corpus = corpus
        self.page_size = _check_int(page_size, "page_size", "explore", 1)
        presets = {"speaker": _resolve(corpus, speaker, "speaker", "speaker", "explore"),
                   "institution": _resolve(corpus, institution, "institution", "institution", "explore"),
                   "theme": _resolve(corpus, theme, "theme", "theme", "explore")[:1],
                   "stance": _resolve(corpus, stance, "stance", "stance", "explore")[:1]}
        self.rows_shown = self.page_size
        claims = corpus.claims
        speakers = plots.speaker_order(corpus, claims.speaker_id.unique())
        per_institution = claims.drop_duplicates(["claim_id", "institution_id"]).institution_id.value_counts()
        self._institutions = sorted(per_institution.index, key=lambda i: (-per_institution[i], corpus.institution_label(i)))
        self.speaker = widgets.SelectMultiple(
            options=_options((corpus.speaker_name(s), s) for s in speakers), rows=min(len(speakers), 4),
            description="Speaker", layout=widgets.Layout(width="300px"))
        self.institution = widgets.SelectMultiple(
            options=self._institution_options(per_institution), rows=6, description="Institution",
            layout=widgets.Layout(width="300px"))
        themes = corpus.codebook.get("themes") or {}
        self.theme = widgets.Dropdown(options=[("All themes", ALL)] + _options((plots.theme_label(corpus, t), t) for t in themes),
                                      value=ALL, description="Theme", layout=widgets.Layout(width="300px"))
        self.stance = widgets.Dropdown(options=[("All stances", ALL)] + _options((s, s) for s in corpus.codebook.get("stances") or {}),
                                       value=ALL, description="Stance", layout=widgets.Layout(width="300px"))
        for w in (self.speaker, self.institution, self.theme, self.stance):
            w.style.description_width = "80px"
        self.reset = widgets.Button(description="Reset filters", icon="undo", tooltip="Show all claims again")
        self.reset.on_click(lambda _: self.clear())
        hint = widgets.HTML("<small>Pick several: Ctrl/⌘-click, or from the keyboard ↓/↑ then Shift+↓/↑. "
                            "None picked = all. Tab moves between the filters; Esc returns to the notebook.</small>")
        self.count = widgets.HTML()
        self.count.add_class("claims-count")
        self.chart = ClaimsChart(library=library(), layout=widgets.Layout(width="100%"))
        self.table = widgets.HTML()
        self.shown = widgets.HTML()
        self.more = widgets.Button(description=f"Show {self.page_size} more", icon="chevron-down",
                                   tooltip="Show more rows of the table")
        self.more.on_click(lambda _: self.show_more())
        self._mask = np.zeros(len(claims), dtype=bool)
        self.chart.data = self._chart_data()  # the chart follows the filters in the browser
        self._links = [widgets.jslink((getattr(self, key), "index"), (self.chart, f"{key}_index")) for key in FILTERS]
        filters = widgets.HBox([widgets.VBox([self.speaker, self.institution]),
                                widgets.VBox([self.theme, self.stance, self.reset, hint])])
        super().__init__([filters, self.count, self.chart, self.table, widgets.HBox([self.shown, self.more])])
        self.add_class("claim-explorer")
        accessible(self, live=[self.count])
        for w in (self.speaker, self.institution, self.theme, self.stance):
            w.observe(self._on_change, names="value")
        self._holding = True
        try:
            self.speaker.value, self.institution.value = tuple(presets["speaker"]), tuple(presets["institution"])
            self.theme.value = presets["theme"][0] if presets["theme"] else ALL
            self.stance.value = presets["stance"][0] if presets["stance"] else ALL
        finally:
            self._holding = False
        self._rows, self._by_claim = {}, {}
        self.update()

    def _chart_data(self) -> dict:
        """What the chart's script needs, sent once: the claims as integer codes, their ids, the filters' values."""
        claims = self.corpus.claims
        themes = claims.themes.tolist()
        theme_ids = list(dict.fromkeys(t for row in themes for t in row))
        theme_code = {t: k for k, t in enumerate(theme_ids)}
        codes = {key: pd.factorize(claims[column]) for key, column in  # missing values get the code -1
                 (("claim", "claim_id"), ("speaker", "speaker_id"), ("institution", "institution_id"), ("stance", "stance"))}
        return {**stance_chart_constants(self.corpus),
                "rows": {**{key: c.tolist() for key, (c, _) in codes.items()},
                         "themes": [[theme_code[t] for t in row] for row in themes]},
                "ids": {**{key: list(u) for key, (_, u) in codes.items() if key != "claim"}, "theme": theme_ids},
                "values": {key: [None if value == ALL else value for _, value in getattr(self, key).options]
                           for key in FILTERS}}

    def _institution_options(self, counts) -> list:
        return _options((f"{self.corpus.institution_label(i)} ({int(counts.get(i, 0))})", i) for i in self._institutions)

    @property
    def selection(self) -> pd.DataFrame:
        """The rows of ``corpus.claims`` that match the filters now set."""
        return self.corpus.claims[self._mask]

    def _theme(self):
        return None if self.theme.value in (ALL, None) else self.theme.value

    def _stance(self):
        return None if self.stance.value in (ALL, None) else self.stance.value

    def _filters(self, institutions: bool = True) -> dict:
        """The filters now set, as lists of ids (an empty list: no filter), for ``corpus.match_claims``."""
        theme, stance = self._theme(), self._stance()
        return {"speaker": list(self.speaker.value), "institution": list(self.institution.value) if institutions else [],
                "theme": [theme] if theme else [], "stance": [stance] if stance else []}

    def _update_institution_counts(self):
        """The institution list counts the claims that the other filters let through."""
        claims = self.corpus.claims
        rows = claims[match_claims(claims, **self._filters(institutions=False))].dropna(subset=["institution_id"])
        options = self._institution_options(rows.drop_duplicates(["claim_id", "institution_id"]).institution_id.value_counts())
        if options != list(self.institution.options):
            picked = self.institution.value
            was, self._holding = self._holding, True
            try:
                with self.institution.hold_sync():
                    self.institution.options = options
                    self.institution.value = picked
            finally:
                self._holding = was

    def clear(self):
        """Back to the first view: every claim, no filter."""
        self._holding = True
        try:
            self.speaker.value, self.institution.value = (), ()
            self.theme.value = self.stance.value = ALL
        finally:
            self._holding = False
        self.update()

    def _on_change(self, change):
        if change["owner"] in (self.theme, self.stance) and change["new"] is None:
            change["owner"].value = ALL  # None means "all" too, but would show a blank dropdown
            return
        if not self._holding:
            self.update()

    def _describe_filters(self, n: int) -> str:
        c = self.corpus
        who = plots._listing([c.speaker_short_name(s) for s in plots.speaker_order(c, self.speaker.value)]) or "all speakers"
        picked = [i for i in self._institutions if i in set(self.institution.value)]
        names = [plots.institution_in_sentence(c, i) for i in picked]
        what = (f"{', '.join(names[:3])} and {len(names) - 3} other institutions" if len(names) > 4
                else plots._listing(names, 4)) or "any institution"
        extra = []
        if self._stance():
            extra.append(f"{self._stance()} only")
        if self._theme():
            extra.append(f"theme: {plots.theme_label(c, self._theme())}")
        tail = f" ({'; '.join(extra)})" if extra else ""
        return f"{n} claim{'' if n == 1 else 's'} by {html.escape(who)} about {html.escape(what)}{html.escape(tail)}"

    def update(self):
        """Apply the filters: redraw the chart, the count line and the table."""
        self._mask = match_claims(self.corpus.claims, **self._filters()).to_numpy()
        self.rows_shown = self.page_size
        # The browser has drawn this already when a student made the change (jslink); this keeps the
        # chart right when the filters are set from code.
        with self.chart.hold_sync():
            for key in FILTERS:
                setattr(self.chart, f"{key}_index", getattr(self, key).index)
        n = self.selection.claim_id.nunique()
        if n:
            self.count.value = f"<b>{self._describe_filters(n)}</b>"
        else:
            self.count.value = ("<b>No claims match these filters.</b> Remove a filter, or press "
                                "<i>Reset filters</i> to see every claim.")
        self._update_institution_counts()
        self._draw_table()

    def show_more(self):
        """Show the next ``page_size`` rows of the table."""
        self.rows_shown += self.page_size
        self._draw_table()

    @property
    def spec(self) -> dict:
        """The chart now shown, as a plotly spec, built when asked for (the browser draws it from the filters)."""
        return plots.stance_chart_spec(self.corpus, self.selection)

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
            themes = ", ".join(plots.theme_label(c, t) for t in r.themes)
            self._rows[claim_id] = (
                f"<tr><td>{html.escape(claim_id)}</td><td>{html.escape(c.speaker_short_name(r.speaker_id))}</td>"
                f"<td>{html.escape(targets)}<br><span class='detail'>{html.escape(r.frame)}; {html.escape(themes)}</span></td>"
                f"<td>{html.escape(r.paraphrase)}</td>"
                f"<td class='ctx'>{quote_in_context(c, r.doc_id, r.turn_id, r.start, r.end, TABLE_CONTEXT_CHARS)}</td></tr>")
        return self._rows[claim_id]

    def _draw_table(self):
        ids = self.selection.claim_id.unique()
        self.more.layout.display = "" if len(ids) > self.rows_shown else "none"
        if not len(ids):
            self.table.value = TABLE_CSS + "<p class='claims-empty'>No claims to show.</p>"
            self.shown.value = ""
            return
        rows = [self._row_html(i) for i in ids[:self.rows_shown]]
        self.shown.value = (f"<span class='claims-shown'>Showing {min(self.rows_shown, len(ids))} of {len(ids)} claims"
                            + (". <code>explorer.selected_claims()</code> gives them all as a table.</span>"
                               if len(ids) > self.rows_shown else ".</span>"))
        head = ("<tr><th scope='col'>Claim</th><th scope='col'>Speaker</th>"
                "<th scope='col'>Institution (stance)<br><span class='detail'>frame; themes</span></th>"
                "<th scope='col'>Paraphrase</th><th scope='col'>Quote in context</th></tr>")
        self.table.value = (TABLE_CSS + "<table class='claims-table'><colgroup><col class='id'><col class='who'>"
                            "<col class='coded'><col class='para'><col></colgroup>"
                            "<caption>The claims that match the filters, with the quote in context</caption>"
                            f"<thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>")

    def selected_claims(self) -> pd.DataFrame:
        """The claims now shown, as a readable table (the same columns as ``find_claims``)."""
        return self.corpus.readable(self.selection)

    def save_selection(self, path: str | Path = "my_evidence.csv") -> Path:
        """Save the claims now shown to a CSV file in your own folder (``work_dir()``) and return its path.

        A bare name such as ``"my_evidence.csv"`` goes to ``helpers.workdir.work_dir()``: next to the
        notebook, or ``~/claims-work`` if the notebook's folder is read-only. Never inside corpus/.
        """
        from .workdir import own_path

        path = own_path(path)
        if path.resolve().is_relative_to(self.corpus.path.resolve()):
            raise ValueError(f"Save your evidence outside the corpus folder, not in {self.corpus.path}.")
        self.selected_claims().to_csv(path, index=False)
        return path


class Concordance(widgets.VBox):
    """Type a word, pick a speaker, read every occurrence in context (keyword in context)."""

    def __init__(self, corpus, term: str = "sovereignty", window: int = 50, speaker=None):
        _check_corpus(corpus, "concordance")
        if not isinstance(term, str):
            raise TypeError(f"concordance(term=...): expected a word or phrase as text, got {type(term).__name__} "
                            f"{term!r:.40}. Example: concordance(corpus, \"sovereignty\").")
        window = _check_int(window, "window", "concordance", 20, 120)
        picked = _resolve(corpus, speaker, "speaker", "speaker", "concordance")
        if len(picked) > 1:
            raise ValueError(f"concordance(speaker={speaker!r}): expected one speaker, got {len(picked)}.")
        self.corpus = corpus
        self.term = widgets.Text(value=term, description="Word", placeholder="e.g. OAS, integration, coup")
        ids = plots.speaker_order(corpus)
        self.speaker = widgets.Dropdown(options=[("All speakers", ALL)] + _options((corpus.speaker_name(s), s) for s in ids),
                                        value=picked[0] if picked else ALL, description="Speaker")
        self.window = widgets.IntSlider(value=window, min=20, max=120, step=10, description="Context")
        self.count = widgets.HTML()
        self.lines = widgets.HTML()
        super().__init__([widgets.HBox([self.term, self.speaker]), self.window, self.count, self.lines])
        self.add_class("kwic-explorer")
        accessible(self, live=[self.count])
        for w in (self.term, self.speaker, self.window):
            w.observe(self._on_change, names="value")
        self.update()

    def _on_change(self, change):
        if change["owner"] is self.speaker and change["new"] is None:
            self.speaker.value = ALL  # None means "all" too, but would show a blank dropdown
            return
        self.update()

    def update(self):
        """Search again with the current word, speaker and window."""
        speaker = None if self.speaker.value in (ALL, None) else self.speaker.value
        table = self.corpus.kwic(self.term.value, self.window.value, speaker)
        self.table = table
        term = html.escape(self.term.value.strip())
        if not term:
            self.count.value = f"Type a word or phrase to search {the_interviews(len(self.corpus.documents))}."
            self.lines.value = ""
            return
        self.count.value = f"<b>{len(table)} match{'es' if len(table) != 1 else ''} for “{term}”</b>"
        short = {self.corpus.speaker_name(s): self.corpus.speaker_short_name(s) for s in self.corpus.speakers.speaker_id}
        rows = "".join(
            f"<tr><td>{html.escape(short.get(r.speaker, r.speaker))}</td><td class='left'><span>{html.escape(r.left)}</span></td>"
            f"<td class='right'><mark>{html.escape(r.match)}</mark>{html.escape(r.right)}</td></tr>" for r in table.itertuples())
        self.lines.value = TABLE_CSS + (
            f"<div class='kwic-wrap'><table class='kwic-table'><caption class='kwic-caption'>Each match with "
            f"{self.window.value} characters of context on each side</caption><colgroup><col class='who'><col><col>"
            f"</colgroup>{rows}</table></div>"
            if rows else "<p>No matches.</p>")


def explore(corpus, **kwargs) -> ClaimExplorer:
    """The claim explorer for ``corpus``; show it by making it the last line of a cell.

    Optional filters to start from: ``speaker``, ``institution``, ``theme``, ``stance`` (names or
    ids, as in ``find_claims``); ``page_size``: table rows shown at a time (10).

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

