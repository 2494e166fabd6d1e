"""Figures of the claims: plain functions that return a plotly ``go.Figure``.

Every figure has a title, axis labels and a text description for screen readers
(``describe(fig)``). Stance is shown by pattern and dash as well as by colour, and
the colours come from the Okabe–Ito palette, which stays distinct for colour-blind readers.
Plotly reads a little HTML in any text it draws (``<b>``, ``<a href>``, ``<br>``), so every
piece of corpus text is escaped first and shows exactly as typed.

>>> from helpers import load_corpus
>>> fig = stance_heatmap(load_corpus())
>>> describe(fig).startswith("Heatmap")
True
"""

from __future__ import annotations

import copy
import html
import json
import math
import re
import textwrap
from itertools import combinations

import pandas as pd
import plotly.graph_objects as go
from IPython.display import display

from .a11y import FigureText

__all__ = ["STANCE_STYLE", "show", "as_shown", "describe", "esc", "speaker_order", "theme_label", "institution_in_sentence", "stance_chart", "stance_chart_spec",
           "stance_counts", "stance_spec_from_counts", "mentions_by_speaker", "stance_heatmap", "discourse_network", "timeline"]

# Okabe & Ito (2008) colour-blind-safe colours; pattern and dash repeat the meaning without colour.
STANCE_STYLE = {
    "critical": {"color": "#D55E00", "pattern": "x", "dash": "solid", "symbol": "x", "short": "crit."},
    "supportive": {"color": "#0072B2", "pattern": "", "dash": "dash", "symbol": "circle", "short": "supp."},
    "neutral": {"color": "#767676", "pattern": ".", "dash": "dot", "symbol": "square", "short": "neut."},
}
# net stance from -1 (all critical) through 0 (balanced) to +1 (all supportive), in the stance colours
# (balanced is light grey, so that a cell with only neutral claims stands out from an empty one)
NET_STANCE_COLORS = [[0, STANCE_STYLE["critical"]["color"]], [0.5, "#EEEEEE"], [1, STANCE_STYLE["supportive"]["color"]]]
CONFLICT_STYLE = {"color": "#CC79A7", "dash": "dashdot"}
PLOTLY_MIME = "application/vnd.plotly.v1+json"
SPEAKER_COLORS = ["#009E73", "#E69F00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]
FONT = dict(family="Arial, sans-serif", size=13)
SMALL = 11  # the smallest text drawn (tick labels, cell labels); never below 10 px
TOP_INSTITUTIONS = 8


def esc(value) -> str:
    """Corpus text made safe for plotly, which reads ``<b>``, ``<a href>`` and ``<br>`` in any text,
    and fills in ``%{...}`` in titles and annotations.

    >>> esc('<a href="x">OAS</a> & <b> %{y}')
    '&lt;a href="x"&gt;OAS&lt;/a&gt; &amp; &lt;b&gt; %&#123;y}'
    """
    return html.escape(str(value), quote=False).replace("%{", "%&#123;")


def show(fig) -> None:
    """Show a figure in the notebook, its title and text description underneath as wrapped text.

    Uses the plotly MIME type that JupyterLab renders, drawn as ``as_shown(fig)``: the title is not
    drawn inside the chart, where a narrow output (320 px, WCAG 1.4.10) would cut it, but shown under
    it as the figure's caption. In JupyterLab the caption is the chart's accessible name and the
    description its accessible description (a labelled figure; see ``a11y.FigureText``), followed by
    the figure's numbered key if it has one (timelines); where a figure cannot be drawn (a static
    export, a screen reader) the description stands in for it.
    """
    spec = as_shown(fig)
    text, meta = describe(spec), spec["layout"]["meta"]
    display({PLOTLY_MIME: spec, "text/plain": text}, raw=True)
    display(FigureText(text=text, title=meta["title"], key=list(meta.get("key") or [])))


def as_shown(fig) -> dict:
    """The plain-dict figure that ``show`` draws: its title taken out of the drawing (``meta["title"]``, as
    plain text, becomes the caption, which wraps at any width) and the room it took given back.

    >>> from helpers import load_corpus
    >>> spec = as_shown(stance_heatmap(load_corpus()))
    >>> spec["layout"]["title"]["text"], spec["layout"]["meta"]["title"]
    ('', 'Stance of each speaker toward each institution')
    """
    spec = copy.deepcopy(fig) if isinstance(fig, dict) else json.loads(fig.to_json())
    layout = spec.setdefault("layout", {})
    title = layout.get("title") or {}
    text = title.get("text", "") if isinstance(title, dict) else str(title)
    if not isinstance(layout.get("meta"), dict):
        layout["meta"] = {}
    layout["meta"].setdefault("title", "")
    if text:
        layout["meta"]["title"] = html.unescape(" ".join(re.sub(r"<[^>]*>", " ", text).split()))  # plotly's tags out
        _give_back_top(spec, _title_px(text))
        layout["title"] = {"text": ""}
        for step in layout["meta"].get("reflow") or []:  # the narrower layouts (stance chart) give the same room back
            step["layout"]["title"] = {"text": ""}
            _give_back_top({"layout": step["layout"]}, _title_px(text))
    return spec


def _give_back_top(spec: dict, room: int) -> None:
    """Take ``room`` px off the top of a figure: its height, its top margin, and what is placed in pixels
    from the top (legends, colour bars and notes placed on the whole figure, ``yref="container"``)."""
    layout = spec["layout"]
    height, margin = layout.get("height"), layout.get("margin") or {}
    if not height or margin.get("t", 0) < room:  # a figure not made here: only its title goes
        return
    layout["height"], margin["t"] = height - room, margin["t"] - room
    placed = [layout.get("legend") or {}] + [a for a in layout.get("annotations") or []] \
        + [t.get("colorbar") or {} for t in spec.get("data", [])]
    for item in placed:
        if item.get("yref") == "container" and "y" in item:
            item["y"] = 1 - max(0, (1 - item["y"]) * height - room) / (height - room)


def describe(fig) -> str:
    """The text description of a figure made here (for alt text and screen readers).

    Accepts a ``go.Figure`` or its plain-dict form.
    """
    meta = fig["layout"].get("meta") if isinstance(fig, dict) else fig.layout.meta
    return meta.get("description", "") if isinstance(meta, dict) else ""


PLAIN_LAYOUT = dict(  # the look of the "plotly_white" template, spelled out so that no template must be built
    plot_bgcolor="white", paper_bgcolor="white", colorway=[s["color"] for s in STANCE_STYLE.values()],
)
AXIS = dict(gridcolor="#EBF0F8", linecolor="#EBF0F8", zerolinecolor="#EBF0F8", automargin=True,
            tickfont=dict(size=12))


def _title_px(text: str) -> int:
    """The room a title takes at the top of a figure: 40 px, and 24 more for each line after the first."""
    return 40 + 24 * text.count("<br>")


def _title(text: str, height: int) -> dict:
    """The title at the very top, left-aligned, so that legends and labels under it never meet it."""
    return dict(text=text, x=0.012, xanchor="left", xref="container", y=1 - (12 + 10 * text.count("<br>")) / height,
                yanchor="top", yref="container", font=dict(size=17))


def _tick(label: str, width: int = 16) -> str:
    """A long axis label (already escaped) on two or more lines, so that it fits a narrow figure.

    >>> _tick("Bolivian Foreign Ministry"), _tick("OAS")
    ('Bolivian Foreign<br>Ministry', 'OAS')
    """
    return "<br>".join(textwrap.wrap(label, width, break_long_words=False, break_on_hyphens=False)) or label


def _layout(fig: go.Figure, title: str, x: str, y: str, description: str, **extra) -> go.Figure:
    xaxis, yaxis = {**AXIS, **extra.pop("xaxis", {})}, {**AXIS, **extra.pop("yaxis", {})}
    fig.update_layout(title=_title(title, extra["height"]), font=FONT, template="none", **PLAIN_LAYOUT,
                      xaxis=xaxis, yaxis=yaxis, meta={"description": description},
                      legend_title_text=extra.pop("legend", None), **extra)
    fig.update_layout(xaxis_title=x, yaxis_title=y)
    return fig


def _plural(n, word):
    return f"{n} {word}{'' if n == 1 else 's'}"


def _listing(items, most: int = 3) -> str:
    """'A', 'A and B', 'A, B and C', 'A, B, C and 2 more'."""
    items = list(items)
    if len(items) > most:
        return f"{', '.join(items[:most])} and {len(items) - most} more"
    return " and ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else "".join(items)


AXIS_STEPS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 10**9)  # tick steps of count axes; at most 5 ticks


def _count_axis(top: int) -> dict:
    """An x axis for claim counts: whole-number ticks only, with room for a label beside the longest bar."""
    step = next(s for s in AXIS_STEPS if top / s <= 5)
    return dict(AXIS, tick0=0, dtick=step, tickformat="d", range=[0, top * 1.25 + 0.6], rangemode="tozero")


def _legend_under_title(height: int) -> dict:
    """A horizontal legend just under the title (figure margins keep room for it)."""
    return dict(legend_orientation="h", legend_x=0, legend_xanchor="left", legend_y=1 - 48 / height,
                legend_yanchor="top", legend_yref="container", legend_font=dict(size=12))


def theme_label(corpus, theme: str) -> str:
    """How a theme reads as text: the codebook's ``theme_labels``, else the id with spaces.

    >>> from helpers import load_corpus
    >>> [theme_label(load_corpus(), t) for t in ("us_influence", "international_law")]
    ['US influence', 'international law']
    """
    return (corpus.codebook.get("theme_labels") or {}).get(theme) or str(theme).replace("_", " ")


def institution_in_sentence(corpus, institution_id: str) -> str:
    """An institution's label as it reads inside a sentence: with "the" where institutions.csv says so.

    >>> from helpers import load_corpus
    >>> [institution_in_sentence(load_corpus(), i) for i in ("oas", "celac")]
    ['the OAS', 'CELAC']
    """
    label = corpus.institution_label(institution_id)
    table = corpus.institutions
    if "article" not in table:
        return label
    article = table.loc[table.institution_id == institution_id, "article"]
    article = article.iloc[0] if len(article) and isinstance(article.iloc[0], str) else ""
    return f"{article.strip()} {label}" if article.strip() else label


def speaker_order(corpus, speaker_ids=None) -> list:
    """Speaker ids in one fixed order, the order of speakers.csv, used by every figure and the explorer.

    >>> from helpers import load_corpus
    >>> speaker_order(load_corpus(), ["kawsachun_news", "mayta"])
    ['mayta', 'kawsachun_news']
    """
    known = list(corpus.speakers.speaker_id)
    ids = known if speaker_ids is None else list(dict.fromkeys(speaker_ids))
    rank = {s: k for k, s in enumerate(known)}
    return sorted(ids, key=lambda s: rank.get(s, len(rank)))


# ---- stance by speaker and institution ---------------------------------------------------
def stance_chart(corpus, claims: pd.DataFrame | None = None, top: int = TOP_INSTITUTIONS) -> go.Figure:
    """Horizontal bars, one small panel per speaker: claims per institution, split by stance.

    Args:
        corpus (Corpus): the loaded corpus.
        claims (DataFrame, optional): rows of ``corpus.claims`` to draw (default: all).
        top (int): institutions shown by name; the rest are summed as "other".
    """
    return go.Figure(stance_chart_spec(corpus, claims, top))


def stance_chart_spec(corpus, claims: pd.DataFrame | None = None, top: int = TOP_INSTITUTIONS) -> dict:
    """The plain-dict form of ``stance_chart`` (what ``explorer.spec`` gives for the claims it shows).

    >>> from helpers import load_corpus
    >>> stance_chart_spec(load_corpus())["layout"]["title"]["text"]
    'Stance toward each institution, by speaker'
    """
    claims = corpus.claims if claims is None else claims
    rows = claims.dropna(subset=["institution_id"])
    return stance_spec_from_counts(corpus, stance_counts(rows), rows.claim_id.nunique(), top)


def stance_counts(rows: pd.DataFrame) -> dict:
    """Claims rows per (speaker_id, institution_id, stance), among the rows with an institution target.

    >>> from helpers import load_corpus
    >>> stance_counts(load_corpus().claims)[("mayta", "oas", "critical")] > 0
    True
    """
    rows = rows.dropna(subset=["institution_id"])
    return {key: int(n) for key, n in rows.groupby(["speaker_id", "institution_id", "stance"]).size().items()}


STANCE_TITLE = "Stance toward each institution, by speaker"
ROW_PX, LINE_PX, PANEL_GAP, WIDTH_GAP = 22, 14, 40, 0.04  # a bar's row (one more line of label: 14 px), the gaps between panels
LABEL_CHARS = 16  # institution names longer than this wrap onto more lines
# Panel columns by the chart's width in px (engine.js draws the same): four from 600 px, two from 380 px, else one.
# The widest layout is the spec's own; layout.meta.reflow holds the narrower ones, which the browser applies.
STANCE_COLUMNS = ((600, 4), (380, 2), (0, 1))


def _stance_grid(n: int, cols: int, n_rows: int, lines: int) -> dict:
    """Where the panels go: columns, rows, a panel's height, the plot's and the figure's height, in px."""
    cols = min(n, cols)
    rows = math.ceil(n / cols)
    panel_h = (ROW_PX + LINE_PX * (lines - 1)) * n_rows + 10
    height = 110 + rows * panel_h + (rows - 1) * PANEL_GAP + 50
    return dict(cols=cols, rows=rows, panel_h=panel_h, height=height, plot_h=height - 110 - 50)


def _empty_stance_spec(layout: dict) -> dict:
    layout.update(title=_title(STANCE_TITLE, 300),
                  annotations=[dict(text="No claims match these filters", showarrow=False, font=dict(size=16),
                                    xref="paper", yref="paper", x=0.5, y=0.5)], height=300,
                  xaxis=dict(visible=False), yaxis=dict(visible=False), showlegend=False,
                  meta={"description": "Empty bar chart: no claims with an institution target match the current filters."})
    return {"data": [], "layout": layout}


def _institution_rows(corpus, cells: dict, top: int) -> tuple[list, list, list]:
    """The institutions by total claims (then name): all of them, those shown by name, and the rest ("other")."""
    totals = {}
    for (_, i, _), n in cells.items():
        totals[i] = totals.get(i, 0) + n
    order = sorted(totals, key=lambda i: (-totals[i], corpus.institution_label(i)))
    shown = order if len(order) <= top + 1 else order[:top]
    return order, shown, order[len(shown):]


def _bar_values(cells: dict, speaker: str, stance: str, shown: list, rest: list) -> list:
    """One speaker's claims of one stance, per institution shown, then summed over the rest ("other")."""
    values = [cells.get((speaker, i, stance), 0) for i in shown]
    return values + [sum(cells.get((speaker, i, stance), 0) for i in rest)] if rest else values


def _stance_panel(k: int, grid: dict, names: list, short: str, per: dict, axis: dict) -> tuple[dict, dict, list]:
    """Speaker ``k``'s panel: its two axes, its name above it, a bar trace per stance and the totals beside them."""
    cols, nrows, panel_h, plot_h = grid["cols"], grid["rows"], grid["panel_h"], grid["plot_h"]
    col, row, ax = k % cols, k // cols, "" if k == 0 else str(k + 1)
    x0, x1 = col / cols + (WIDTH_GAP / 2 if col else 0), (col + 1) / cols - (WIDTH_GAP / 2 if col < cols - 1 else 0)
    top_px = row * (panel_h + PANEL_GAP)
    y1, y0 = 1 - top_px / plot_h, 1 - (top_px + panel_h) / plot_h
    axes = {f"xaxis{ax}": dict(axis, domain=[x0, x1], anchor=f"y{ax}",
                               title=dict(text="claims" if row == nrows - 1 else "", font=dict(size=12))),
            f"yaxis{ax}": dict(AXIS, domain=[max(y0, 0), min(y1, 1)], anchor=f"x{ax}", type="category",
                               categoryorder="array", categoryarray=names, autorange="reversed",
                               showticklabels=col == 0, showgrid=False, ticks="")}
    if k:
        axes[f"yaxis{ax}"]["matches"] = "y"
    # one column: the name ends at the panel's right edge, so that it may reach over the labels' margin
    label = dict(text=f"<b>{short}</b>", showarrow=False, xref=f"x{ax} domain", yref=f"y{ax} domain",
                 x=1 if cols == 1 else 0, y=1, xanchor="right" if cols == 1 else "left", yanchor="bottom", font=dict(size=13))
    traces = [dict(type="bar", orientation="h", name=st, legendgroup=st, showlegend=k == 0, x=values, y=names,
                   xaxis=f"x{ax}", yaxis=f"y{ax}", customdata=[short] * len(names),
                   marker=dict(color=STANCE_STYLE[st]["color"], line=dict(width=0),
                               pattern=dict(shape=STANCE_STYLE[st]["pattern"], bgcolor=STANCE_STYLE[st]["color"],
                                            fgcolor="white", fgopacity=0.6, size=7)),
                   hovertemplate="%{customdata}, %{y}: %{x} " + st + " claim(s)<extra></extra>")
              for st, values in per.items()]
    sums = [sum(column) for column in zip(*per.values())]
    traces.append(dict(type="scatter", mode="text", x=sums, y=list(names), text=[str(v) if v else "" for v in sums],
                       textposition="middle right", textfont=dict(size=SMALL, color="#000000"), xaxis=f"x{ax}",
                       yaxis=f"y{ax}", showlegend=False, hoverinfo="skip", cliponaxis=False))
    return axes, label, traces


def _stance_description(corpus, per: dict, labels: list, order: list, n_shown: int, n_claims: int) -> str:
    """The chart's text description. ``per``: {speaker: {stance: counts in the order of ``labels``}}."""
    rest = len(order) - n_shown
    by_stance = {st: sum(sum(stances[st]) for stances in per.values()) for st in next(iter(per.values()))}
    bars = [(s, r, sum(column)) for s, stances in per.items() for r, column in enumerate(zip(*stances.values()))]
    who, row, longest = max(bars, key=lambda bar: bar[2])  # the first of the longest, as engine.js
    return (f"Bar charts, one panel per speaker ({_listing([corpus.speaker_short_name(s) for s in per], 6)}), of "
            f"{_plural(n_claims, 'claim')} about {_plural(len(order), 'institution')}"
            + (f" (the {n_shown} most named are shown by name, the other {rest} summed as 'other')" if rest else "")
            + f", split by stance ({', '.join(f'{st}: {n}' for st, n in by_stance.items())}). "
            f"The longest bar is {corpus.speaker_short_name(who)} on "
            f"{labels[row] if row < n_shown else 'other institutions'} ({longest} claims).")


def stance_spec_from_counts(corpus, counts, n_claims: int, top: int = TOP_INSTITUTIONS) -> dict:
    """The stance chart as a plotly spec, from claims rows per (speaker_id, institution_id, stance) (a dict or Series).

    ``stance_chart_spec`` counts and calls this; the explorer's chart is drawn in the browser by engine.js's
    ``stanceSpec``, which tests/test_parity.py checks against this function.

    >>> from helpers import load_corpus
    >>> spec = stance_spec_from_counts(load_corpus(), {("mayta", "oas", "critical"): 3}, 3)
    >>> [(t["name"], t["x"]) for t in spec["data"] if t["type"] == "bar"]
    [('critical', [3])]
    """
    cells = {key: int(n) for key, n in counts.items() if n > 0}
    layout = dict(PLAIN_LAYOUT, font=FONT, barmode="stack", showlegend=True, margin=dict(l=10, r=20, t=110, b=50),
                  legend=dict(title=dict(text="Stance"), orientation="h", x=0, xanchor="left", yref="container",
                              yanchor="top", font=dict(size=12)))
    if not cells:
        return _empty_stance_spec(layout)
    order, shown, rest = _institution_rows(corpus, cells, top)
    names = [_tick(" ".join(esc(corpus.institution_label(i)).split()), LABEL_CHARS) for i in shown] \
        + ([_tick(f"other ({len(rest)} institutions)", LABEL_CHARS)] if rest else [])
    lines = max(name.count("<br>") + 1 for name in names)
    speakers = speaker_order(corpus, {s for s, _, _ in cells})
    stances = [st for st in STANCE_STYLE if any(key[2] == st for key in cells)]
    per = {s: {st: _bar_values(cells, s, st, shown, rest) for st in stances} for s in speakers}
    axis = _count_axis(max(sum(column) for s in speakers for column in zip(*per[s].values())))
    shorts = [esc(corpus.speaker_short_name(s)) for s in speakers]
    layouts = []  # one per number of columns, the widest first
    for min_width, cols in STANCE_COLUMNS:
        grid = _stance_grid(len(speakers), cols, len(names), lines)
        if layouts and grid["cols"] == layouts[-1][1]["cols"]:  # as many columns as a wider layout: it reaches down
            layouts[-1] = (min_width, *layouts[-1][1:])
            continue
        part, annotations, data = {}, [], []
        for k, s in enumerate(speakers):
            axes, label, traces = _stance_panel(k, grid, names, shorts[k], per[s], axis)
            part.update(axes)
            annotations.append(label)
            data += traces
        part.update(annotations=annotations, height=grid["height"], title=_title(STANCE_TITLE, grid["height"]),
                    legend=dict(layout["legend"], y=1 - 48 / grid["height"]), margin=dict(layout["margin"]))
        layouts.append((min_width, grid, part, data))
    _, _, widest, data = layouts[0]
    layout.update(widest, bargap=0.25)
    labels = [corpus.institution_label(i) for i in shown]
    layout["meta"] = {"description": _stance_description(corpus, per, labels, order, len(shown), n_claims),
                      "reflow": [{"minWidth": min_width, "layout": copy.deepcopy(part)} for min_width, _, part, _ in layouts[::-1]]}
    return {"data": data, "layout": layout}


# ---- mentions ---------------------------------------------------------------------------------
def mentions_by_speaker(corpus, top: int = 12) -> go.Figure:
    """Horizontal bars: how often each speaker names each institution (all turns, all aliases)."""
    m = corpus.mentions  # each mention carries the speaker_id of its turn
    counts = m.groupby(["institution_id", "speaker_id"]).size().rename("n").reset_index()
    keep = counts.groupby("institution_id").n.sum().sort_values(ascending=False, kind="stable").head(top).index
    counts = counts[counts.institution_id.isin(keep)]
    labels = {i: esc(corpus.institution_label(i)) for i in keep}
    fig = go.Figure()
    for k, speaker_id in enumerate(speaker_order(corpus, counts.speaker_id.unique())):
        part = counts[counts.speaker_id == speaker_id].set_index("institution_id").n
        fig.add_bar(name=esc(corpus.speaker_name(speaker_id)), orientation="h",
                    y=[labels[i] for i in keep[::-1]], x=[int(part.get(i, 0)) for i in keep[::-1]],
                    marker_color=SPEAKER_COLORS[k % len(SPEAKER_COLORS)],
                    hovertemplate="%{y}: %{x} mention(s)<extra>%{fullData.name}</extra>")
    first = keep[0] if len(keep) else None
    peak = int(counts.groupby("institution_id").n.sum().max()) if len(counts) else 1
    desc = (f"Horizontal bar chart of institution mentions by speaker, for the {len(keep)} most named institutions. "
            + (f"The most named is {corpus.institution_label(first)} with "
               f"{int(counts[counts.institution_id == first].n.sum())} mentions. " if first else "")
            + "Each bar is split by who names the institution: interviewee or outlet.")
    names = [labels[i] for i in keep[::-1]]
    return _layout(fig, "Which institutions each speaker names", "mentions", "", desc,
                   barmode="stack", legend="Speaker", height=240 + 30 * max(len(keep), 1),
                   xaxis=_count_axis(peak), margin=dict(l=10, r=20, t=60, b=140),
                   yaxis=dict(tickmode="array", tickvals=names, ticktext=[_tick(n) for n in names]),
                   legend_font=dict(size=12), legend_title_side="top", legend_orientation="h",  # under the chart:
                   legend_x=0, legend_y=0, legend_yanchor="bottom", legend_yref="container")  # it wraps at any width


# ---- heatmap ----------------------------------------------------------------------------------
def _heatmap_cell(counts: dict) -> tuple:
    """(net stance or None, label, hover text) of one cell from its counts by stance.

    >>> _heatmap_cell({"critical": 3, "supportive": 1, "neutral": 0})
    (-0.5, '3 crit.<br>1 supp.', '3 critical, 1 supportive')
    """
    n = sum(counts.values())
    label = "<br>".join(f"{v} {STANCE_STYLE[k]['short']}" for k, v in counts.items() if v)  # a count a line: narrow columns
    return ((counts["supportive"] - counts["critical"]) / n if n else None, label,
            ", ".join(f"{v} {k}" for k, v in counts.items() if v) or "no claims")


def stance_heatmap(corpus, claims: pd.DataFrame | None = None) -> go.Figure:
    """Heatmap: one row per institution, one column per speaker, coloured by net stance, labelled with the counts.

    The colour is (supportive − critical) / all claims for that cell, from −1 to +1;
    each cell's label gives the counts, so the colour is never the only cue.
    """
    claims = corpus.claims if claims is None else claims
    rows = claims.dropna(subset=["institution_id"])
    cells = rows.groupby(["institution_id", "speaker_id", "stance"]).claim_id.nunique()
    speakers = speaker_order(corpus, rows.speaker_id.unique())
    totals = cells.groupby(level=0).sum()
    insts = sorted(totals.index, key=lambda i: (-totals[i], corpus.institution_label(i)))
    grid = [[_heatmap_cell({st: int(cells.get((i, s, st), 0)) for st in STANCE_STYLE}) for s in speakers] for i in insts]
    z, text, hover = ([[cell[k] for cell in row] for row in grid] for k in range(3))
    xs = [esc(corpus.speaker_short_name(s)) for s in speakers]
    ys = [esc(corpus.institution_label(i)) for i in insts]
    fig = go.Figure(go.Heatmap(
        z=z, x=xs, y=ys, text=text, customdata=hover, texttemplate="%{text}", textfont=dict(size=SMALL),
        zmin=-1, zmax=1, colorscale=NET_STANCE_COLORS, xgap=2, ygap=2,
        colorbar=dict(title=dict(text="Net stance", side="top", font=dict(size=12)), orientation="h",
                      tickvals=[-1, 0, 1], ticktext=["all<br>critical", "balanced", "all<br>supportive"],
                      tickfont=dict(size=12), lenmode="fraction", len=1, thickness=12,
                      x=0, xanchor="left", xref="paper", y=0, yanchor="bottom", yref="container", xpad=0),
        hovertemplate="%{x} on %{y}: %{customdata}<extra></extra>"))
    crit = rows[rows.stance == "critical"].groupby(["speaker_id", "institution_id"]).claim_id.nunique()
    most = crit.idxmax() if len(crit) else None
    desc = (f"Heatmap of net stance for {len(insts)} institutions (rows) and {len(speakers)} speakers (columns). "
            "Orange cells are mostly critical, blue cells mostly supportive, light grey cells balanced or neutral, "
            "and white cells empty; "
            "each cell is labelled with its counts (crit., supp., neut.). "
            + (f"The most criticised pairing is {corpus.speaker_name(most[0])} on {corpus.institution_label(most[1])} "
               f"({int(crit[most])} critical claims)." if most else ""))
    ticks = [_tick(y) for y in ys]
    row_px = 34 if any("<br>" in t for t in ticks + [t for row in text for t in row]) else 26  # labels on two lines
    return _layout(fig, "Stance of each speaker toward each institution", "", "", desc,
                   height=170 + row_px * max(len(insts), 1), margin=dict(l=10, r=30, t=80, b=90),
                   xaxis=dict(side="top", showgrid=False, tickfont=dict(size=13)),
                   yaxis=dict(autorange="reversed", showgrid=False, tickmode="array", tickvals=ys, ticktext=ticks))


# ---- network ----------------------------------------------------------------------------------
TIE_KINDS = {"critical": ("both critical", STANCE_STYLE["critical"]["color"], STANCE_STYLE["critical"]["dash"]),
             "supportive": ("both supportive", STANCE_STYLE["supportive"]["color"], STANCE_STYLE["supportive"]["dash"]),
             "conflict": ("opposed", CONFLICT_STYLE["color"], CONFLICT_STYLE["dash"])}


def _stance_sets(rows: pd.DataFrame) -> dict:
    """{(speaker_id, institution_id): {stance: claims}}."""
    got = {}
    for (s, i, st), n in rows.groupby(["speaker_id", "institution_id", "stance"]).claim_id.nunique().items():
        got.setdefault((s, i), {})[st] = int(n)
    return got


def _ties(sets: dict, speakers: list, insts: list) -> list:
    """(a, b, kind, [institution ids]) for each pair of speakers and each kind of tie they share.

    >>> _ties({("a", "oas"): {"critical": 2}, ("b", "oas"): {"critical": 1, "supportive": 1}}, ["a", "b"], ["oas"])
    [('a', 'b', 'critical', ['oas']), ('a', 'b', 'conflict', ['oas'])]
    """
    def tied(kind, sa, sb):
        if kind == "conflict":
            return ("critical" in sa and "supportive" in sb) or ("supportive" in sa and "critical" in sb)
        return kind in sa and kind in sb

    ties = []
    for a, b in combinations(speakers, 2):
        for kind in TIE_KINDS:
            on = [i for i in insts if tied(kind, sets.get((a, i), {}), sets.get((b, i), {}))]
            if on:
                ties.append((a, b, kind, on))
    return ties


def _node_positions(speakers: list) -> dict:
    """Speakers on an ellipse, wider than tall, so that line labels have room (two speakers side by side)."""
    n = len(speakers)
    if n == 2:
        return {speakers[0]: (-1, 0), speakers[1]: (1, 0)}
    return {s: (math.cos(math.pi / 2 + 2 * math.pi * k / max(n, 1)) * (0 if n == 1 else 1),
                math.sin(math.pi / 2 + 2 * math.pi * k / max(n, 1)) * (0 if n == 1 else 0.8))
            for k, s in enumerate(speakers)}


NETWORK_PX_PER_UNIT = 300 / 1.9  # at 700 px wide; wider figures only spread the labels further apart


def _free_spot(x0, y0, x1, y1, off, normal, half_w, half_h, placed):
    """The first point along a line (shifted by ``off`` along its normal) where a label box meets no placed box;
    where every point meets one, the point where the boxes overlap least."""
    def overlap(cx, cy):
        return sum(max(0, half_w + pw - abs(cx - px)) * max(0, half_h + ph - abs(cy - py)) for px, py, pw, ph in placed)

    spots = [(x0 + (x1 - x0) * t + normal[0] * off, y0 + (y1 - y0) * t + normal[1] * off)
             for t in (0.5, 0.35, 0.65, 0.25, 0.75, 0.2, 0.8, 0.42, 0.58)]
    return min(spots, key=lambda p: (overlap(*p) > 0, overlap(*p)))


def _tie_lines(fig: go.Figure, corpus, ties: list, pos: dict, placed: list) -> list:
    """Draw one line per tie (parallel lines side by side for one pair); return their labels as annotations.

    Line labels sit on their line, on a white box, at the first point along it where they meet no other label.
    """
    pair_ties, annotations, shown = {}, [], set()
    for t in ties:
        pair_ties.setdefault((t[0], t[1]), []).append(t)
    for (a, b), group in pair_ties.items():
        (x0, y0), (x1, y1) = pos[a], pos[b]
        length = math.hypot(x1 - x0, y1 - y0) or 1
        normal = (-(y1 - y0) / length, (x1 - x0) / length)  # unit normal: parallel lines side by side
        for k, (_, _, kind, on) in enumerate(group):
            off = (k - (len(group) - 1) / 2) * 0.06
            name, color, dash = TIE_KINDS[kind]
            fig.add_scatter(x=[x0 + normal[0] * off, x1 + normal[0] * off], y=[y0 + normal[1] * off, y1 + normal[1] * off],
                            mode="lines", name=name, legendgroup=kind, showlegend=kind not in shown,
                            line=dict(color=color, dash=dash, width=1.5 + 2 * len(on)), hoverinfo="skip")
            shown.add(kind)
            labels = [esc(corpus.institution_label(i)) for i in on]
            lines = textwrap.wrap(f"{name}: {_listing(labels)}", 24, break_long_words=False, break_on_hyphens=False)
            text = "<br>".join(lines)  # on short lines, so that a label fits a narrow figure
            half_w = (max(map(len, lines)) * 6.6 + 10) / 2 / NETWORK_PX_PER_UNIT
            half_h = 11 * len(lines) / NETWORK_PX_PER_UNIT
            cx, cy = _free_spot(x0, y0, x1, y1, off, normal, half_w, half_h, placed)
            placed.append((cx, cy, half_w, half_h))
            annotations.append(dict(x=cx, y=cy, text=text, showarrow=False, font=dict(size=SMALL + 1, color=color),
                                    bgcolor="rgba(255,255,255,0.92)", bordercolor=color, borderpad=2,
                                    hovertext=f"{esc(corpus.speaker_short_name(a))} and {esc(corpus.speaker_short_name(b))}, "
                                              f"{name}: {', '.join(labels)}"))
    return annotations


def _speaker_nodes(fig: go.Figure, corpus, ties: list, pos: dict, speakers: list) -> None:
    """The speakers as black dots, named beside them; hovering says on how many institutions each shares a stance."""
    degree = {s: sum(len(t[3]) for t in ties if s in t[:2] and t[2] != "conflict") for s in speakers}

    def side(s):  # above or below the dot, never beside it, where a narrow figure would cut it
        return "bottom center" if pos[s][1] < -0.3 else "top center"

    fig.add_scatter(x=[pos[s][0] for s in speakers], y=[pos[s][1] for s in speakers], mode="markers+text",
                    text=[f"<b>{esc(corpus.speaker_short_name(s))}</b>" for s in speakers],
                    textposition=[side(s) for s in speakers],
                    textfont=dict(size=13), name="speaker", showlegend=False, cliponaxis=False,
                    hovertext=[f"{esc(corpus.speaker_name(s))}: shares a stance with others on "
                               f"{_plural(degree[s], 'institution')}" for s in speakers], hoverinfo="text",
                    marker=dict(size=18, color="#000000", symbol="circle"))


def _network_description(corpus, n: int, ties: list) -> str:
    strongest = max(ties, key=lambda t: len(t[3])) if ties else None
    n_conflict = sum(1 for t in ties if t[2] == "conflict")
    return (f"Actor congruence and conflict network of {_plural(n, 'speaker')} (black dots). A line joins two speakers "
            "who take the same stance toward the same institution: solid orange when both are critical, dashed blue "
            "when both are supportive; a pink dash-dot line means one is critical and the other supportive. Each line "
            "is labelled with those institutions and is wider for more of them. "
            + (f"The strongest tie is {corpus.speaker_short_name(strongest[0])} and "
               f"{corpus.speaker_short_name(strongest[1])}, {TIE_KINDS[strongest[2]][0]} on "
               f"{_listing([corpus.institution_label(i) for i in strongest[3]], 6)}. " if strongest else
               "No two speakers share a stance toward the same institution. ")
            + f"{_plural(n_conflict, 'line')} of conflict. Speakers with no shared stance stand alone.")


def discourse_network(corpus, claims: pd.DataFrame | None = None, min_claims: int = 1) -> go.Figure:
    """Actor congruence and conflict network, as in Discourse Network Analysis: who agrees with whom, on what.

    Speakers are the nodes. Two speakers are joined when both make critical claims (or both
    supportive claims) about the same institution: a coalition. A dash-dot line joins two
    speakers when one is critical and the other supportive of the same institution: a conflict.
    Each line is labelled with the institutions it stands for; it is wider for more of them.

    Args:
        min_claims (int): a speaker's stance toward an institution counts only from this many claims.

    >>> from helpers import load_corpus
    >>> describe(discourse_network(load_corpus())).split(" (")[0]
    'Actor congruence and conflict network of 4 speakers'
    """
    claims = corpus.claims if claims is None else claims
    rows = claims.dropna(subset=["institution_id"])
    sets = {k: {st: n for st, n in v.items() if n >= min_claims} for k, v in _stance_sets(rows).items()}
    speakers = speaker_order(corpus, rows.speaker_id.unique())
    ties = _ties(sets, speakers, sorted({i for _, i in sets}, key=corpus.institution_label))
    pos = _node_positions(speakers)
    fig = go.Figure()
    unit = NETWORK_PX_PER_UNIT
    node_boxes = [box for x, y in (pos[s] for s in speakers)  # each dot, and its name above or below it
                  for box in ((x, y, 10 / unit, 10 / unit), (x, y + (-19 if y < -0.3 else 19) / unit, 60 / unit, 9 / unit))]
    annotations = _tie_lines(fig, corpus, ties, pos, node_boxes)
    _speaker_nodes(fig, corpus, ties, pos, speakers)
    return _layout(fig, "Who agrees with whom: speakers linked by shared stances", "", "",
                   _network_description(corpus, len(speakers), ties),
                   legend="Line", height=540, hovermode="closest", margin=dict(l=20, r=20, t=100, b=20),
                   annotations=annotations, **_legend_under_title(540),
                   xaxis=dict(visible=False, range=[-1.9, 1.9]),
                   yaxis=dict(visible=False, range=[-1.15, 1.15]))


# ---- timeline ---------------------------------------------------------------------------------
LEVELS = [0, 0.22, -0.22, 0.44, -0.44]  # offsets within a row for points too close for their numbers


def _timeline_events(corpus, institutions) -> pd.DataFrame:
    """The events to draw, each with the label of its row and whether it is contested."""
    ev = corpus.select_events(institutions)
    ev["label"] = ev.institution_id.map(lambda i: corpus.institution_label(i) if i in corpus.institutions.institution_id.values
                                     else str(i).replace("_", " ").capitalize())
    ev["contested"] = ev.get("contested", pd.Series("no", index=ev.index)).fillna("no").eq("yes")
    return ev


def _interview_windows(corpus) -> list:
    """(document, earliest, latest) for each dated interview; an interview with one date has earliest == latest."""
    windows = []
    for doc in corpus.documents.itertuples():
        latest, earliest = getattr(doc, "date_latest", None), getattr(doc, "date_earliest", None)
        if latest is None or pd.isna(latest):
            continue
        hi = pd.Timestamp(str(latest))
        windows.append((doc, pd.Timestamp(str(earliest)) if earliest is not None and not pd.isna(earliest) else hi, hi))
    return windows


def _point_runs(ev: pd.DataFrame, near: float) -> list:
    """Runs of points on one row, each closer than ``near`` days to the one before."""
    runs = []
    for r in ev.itertuples():
        same = [run for run in runs if run[-1].label == r.label]
        if same and (r.date - same[-1][-1].date).days <= near:
            same[-1].append(r)
        else:
            runs.append([r])
    return runs


def _place_points(ev: pd.DataFrame, rows: dict, first, last, pad) -> int:
    """Set each point's height (``y``), number (``text``) and its side (``textposition``); return the row height in px.

    Each point's number sits to its right. Points of one row too close for their numbers (at the narrowest
    figure, 700 px: about 30 px, a twentieth of the axis) go on the next free level of the row, so that
    neither the points nor their numbers pile up (e.g. around the interview dates). A run of more close
    points than there are levels (a crisis told day by day) gets one label for the run: "26 … 45".
    """
    offsets, labels, sides = {}, {}, {}
    for run in _point_runs(ev, ((last - first) + 2 * pad).days * 0.055):
        dense = len(run) > len(LEVELS)
        for k, r in enumerate(run):
            offsets[r.Index] = LEVELS[k % len(LEVELS)] if not dense else 0
            labels[r.Index] = "" if dense else str(r.number)
        if dense:  # the label reads away from the nearer edge of the chart
            numbers = sorted(r.number for r in run)
            right_half = run[0].date > first + (last - first) / 2
            labels[run[-1 if right_half else 0].Index] = f"{numbers[0]} … {numbers[-1]}"
            sides[run[-1 if right_half else 0].Index] = "top left" if right_half else "top right"
    ev["y"] = [rows[name] + offsets[i] for i, name in zip(ev.index, ev.label)]
    ev["text"] = [labels[i] for i in ev.index]
    ev["textposition"] = [sides.get(i, "middle right") for i in ev.index]
    return 66 if any(abs(o) > 0.3 for o in offsets.values()) else 50 if any(offsets.values()) else 36


def _wrapped(text, width: int = 52) -> str:
    """Hover text wrapped to stay inside a 700 px figure."""
    return "<br>".join(esc(line) for line in textwrap.wrap(str(text), width)) or ""


def _event_points(fig: go.Figure, ev: pd.DataFrame) -> None:
    """Black dots for events, orange open diamonds for contested ones; hovering shows the event and its source."""
    from .corpus import event_date

    for flag, name, symbol in ((False, "event", "circle"), (True, "event (sources disagree<br>or disputed)", "diamond-open")):
        part = ev[ev.contested == flag]
        if part.empty:
            continue
        fig.add_scatter(x=part.date, y=part.y, mode="markers+text", name=name, text=part.text.tolist(),
                        textposition=part.textposition.tolist(), textfont=dict(size=SMALL, color="#000000"), cliponaxis=False,
                        marker=dict(size=11, symbol=symbol, color="#000000" if not flag else "#B34700", line=dict(width=2)),
                        customdata=[[r.number, event_date(r), _wrapped(r.event), _wrapped("Source: " + str(r.source))]
                                    for r in part.itertuples()],
                        hovertemplate="<b>%{customdata[0]}. %{customdata[1]}</b><br>%{customdata[2]}<br>"
                                      "<i>%{customdata[3]}</i><extra></extra>")


def _day(t) -> str:
    return f"{t.day} {t:%b %Y}"


def _window(lo, hi) -> str:
    return _day(lo) if lo == hi else f"between {_day(lo)} and {_day(hi)}"


def _interview_marks(fig: go.Figure, corpus, windows: list, middle) -> None:
    """Dotted lines at each interview's date window, and one short label row per interview above the plot
    (its dates are in the description, which wraps at any width)."""
    for k, (doc, lo, hi) in enumerate(windows):
        for when in sorted({lo, hi}):
            fig.add_vline(x=when.strftime("%Y-%m-%d"), line=dict(color="#767676", dash="dot"))
        right = hi > middle  # one row per interview above the plot, so that two labels never overlap
        fig.add_annotation(x=(hi if right else lo).strftime("%Y-%m-%d"), y=1, yref="paper", yshift=6 + 20 * k,
                           xanchor="right" if right else "left", yanchor="bottom", showarrow=False,
                           text=f"{esc(corpus.speaker_short_name(doc.interviewee))} interview ▾",
                           font=dict(size=SMALL, color="#444444"))


def _timeline_description(corpus, ev: pd.DataFrame, names: list, windows: list) -> str:
    span = f"{ev.date.min():%Y} to {ev.date.max():%Y}" if len(ev) else "no dates"
    order = list(dict.fromkeys(ev.sort_values("date").label))
    n_contested = int(ev.contested.sum())
    topics = f"{len(names)} institution or topic" if len(names) == 1 else f"{len(names)} institutions or topics"
    return (f"Timeline of {_plural(len(ev), 'dated event')} for {topics} ({_listing(order, 8)}), from {span}, "
            "numbered in date order. "
            + ("No event is marked as disputed. " if not n_contested else
               f"{_plural(n_contested, 'event')} where sources disagree or that belong to a disputed episode "
               f"{'is' if n_contested == 1 else 'are'} drawn as orange open diamonds. ")
            + "Dotted vertical lines mark the date window assumed for each interview"
            + "".join(f"{';' if k else ':'} {corpus.speaker_short_name(doc.interviewee)}, {_window(lo, hi)}"
                      for k, (doc, lo, hi) in enumerate(windows))
            + " (for an undated interview its bounds are assumptions; see the document's date_note). "
            "The numbered key lists each event; hover over a point for the event and its source.")


def timeline(corpus, institutions: list | None = None) -> go.Figure:
    """Dated events from corpus/events.csv, one row per institution, with the interview dates marked.

    Args:
        institutions (list, optional): ids or names to show, or topic ids of the events
            table such as "bolivia_2019" (default: all in the table).

    >>> from helpers import load_corpus
    >>> fig = timeline(load_corpus(), ["OAS"])
    >>> describe(fig).split(" (")[0], fig.layout.meta["key"][0][:3]
    ('Timeline of 6 dated events for 1 institution or topic', '1. ')
    """
    from .corpus import event_date

    ev = _timeline_events(corpus, institutions)
    names = list(dict.fromkeys(ev.label))
    rows = {name: len(names) - 1 - k for k, name in enumerate(names)}  # first dated at the top
    windows = _interview_windows(corpus)
    dates = list(ev.date) + [w for _, lo, hi in windows for w in (lo, hi)]
    first, last = (min(dates), max(dates)) if dates else (pd.Timestamp("2000-01-01"), pd.Timestamp("2025-01-01"))
    pad = max((last - first) * 0.04, pd.Timedelta(days=60))
    row_px = _place_points(ev, rows, first, last, pad)
    fig = go.Figure()
    _event_points(fig, ev)
    _interview_marks(fig, corpus, windows, first + (last - first) / 2)
    order = list(dict.fromkeys(ev.sort_values("date").label))
    title = ("<br>".join(textwrap.wrap(f"Dated events for {esc(_listing(order, 3))}, and when the interviews were given",
                                       52)) if names else "No dated events for these institutions")
    top = _title_px(title) + 30 + 20 * len(windows)
    height = top + 110 + row_px * max(len(names), 1)
    fig = _layout(fig, title, "Date", "", _timeline_description(corpus, ev, names, windows), legend="", height=height,
                  hovermode="closest", margin=dict(l=10, r=30, t=top, b=90),
                  hoverlabel=dict(align="left", font=dict(size=12)),
                  xaxis=dict(type="date", range=[(first - pad).strftime("%Y-%m-%d"), (last + pad).strftime("%Y-%m-%d")]),
                  legend_orientation="h", legend_x=0, legend_y=0, legend_yanchor="bottom", legend_yref="container",
                  yaxis=dict(tickmode="array", tickvals=[rows[n] for n in names], ticktext=[_tick(esc(n)) for n in names],
                             range=[-0.6, len(names) - 0.4], zeroline=False))
    key = [f"{r.number}. {event_date(r)}: {r.event}" for r in ev.itertuples()]
    fig.update_layout(meta={"description": _timeline_description(corpus, ev, names, windows), "key": key})
    return fig
