"""Figures of the claims: plain functions that return a plotly ``go.Figure``.

Every figure has a title, axis labels and a text description for screen readers
(``describe(fig)``). Stance is shown by label and pattern as well as by colour, and
the colours come from the Okabe–Ito palette, which stays distinct for colour-blind readers.

>>> from helpers import load_corpus
>>> fig = stance_heatmap(load_corpus())
>>> describe(fig).startswith("Heatmap")
True
"""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
from IPython.display import display

__all__ = ["STANCE_STYLE", "show", "describe", "stance_chart", "stance_chart_spec", "stance_spec_from_counts", "mentions_by_speaker", "stance_heatmap",
           "discourse_network", "timeline"]

# Okabe & Ito (2008) colour-blind-safe colours; pattern and dash repeat the meaning without colour.
STANCE_STYLE = {
    "critical": {"color": "#D55E00", "pattern": "x", "dash": "solid", "symbol": "x"},
    "supportive": {"color": "#0072B2", "pattern": "", "dash": "dash", "symbol": "circle"},
    "neutral": {"color": "#999999", "pattern": ".", "dash": "dot", "symbol": "square"},
}
PLOTLY_MIME = "application/vnd.plotly.v1+json"
SPEAKER_COLORS = ["#009E73", "#E69F00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]
FONT = dict(family="Arial, sans-serif", size=13)


def show(fig) -> None:
    """Show a figure in the notebook with its text description printed underneath.

    Uses the plotly MIME type that JupyterLab renders; where a figure cannot be drawn
    (a static export, a screen reader) the description stands in for it.
    """
    text = describe(fig)
    display({PLOTLY_MIME: json.loads(fig.to_json()), "text/plain": text}, raw=True)
    print(text)


def describe(fig) -> str:
    """The text description of a figure made here (for alt text and screen readers).

    Accepts a ``go.Figure`` or its plain-dict form.
    """
    meta = fig["layout"].get("meta") if isinstance(fig, dict) else fig.layout.meta
    return meta.get("description", "") if isinstance(meta, dict) else ""


PLAIN_LAYOUT = dict(  # the look of the "plotly_white" template, spelled out so that no template must be built
    plot_bgcolor="white", paper_bgcolor="white", colorway=[s["color"] for s in STANCE_STYLE.values()],
)
AXIS = dict(gridcolor="#EBF0F8", linecolor="#EBF0F8", zerolinecolor="#EBF0F8", automargin=True)


def _layout(fig: go.Figure, title: str, x: str, y: str, description: str, **extra) -> go.Figure:
    # The look of plotly's "plotly_white", spelled out: building a named template costs more than the figure.
    xaxis, yaxis = {**AXIS, **extra.pop("xaxis", {})}, {**AXIS, **extra.pop("yaxis", {})}
    fig.update_layout(title=dict(text=title), font=FONT, template="none", **PLAIN_LAYOUT,
                      xaxis=xaxis, yaxis=yaxis, meta={"description": description},
                      legend_title_text=extra.pop("legend", None), **extra)
    fig.update_layout(xaxis_title=x, yaxis_title=y)
    return fig


def _plural(n, word):
    return f"{n} {word}{'' if n == 1 else 's'}"


def stance_chart(corpus, claims: pd.DataFrame | None = None) -> go.Figure:
    """Stacked bars: claims per (speaker, institution), split by stance.

    Args:
        corpus (Corpus): the loaded corpus.
        claims (DataFrame, optional): rows of ``corpus.claims`` to draw (default: all).
    """
    return go.Figure(stance_chart_spec(corpus, claims))


def stance_chart_spec(corpus, claims: pd.DataFrame | None = None) -> dict:
    """The plain-dict form of ``stance_chart``."""
    claims = corpus.claims if claims is None else claims
    rows = claims.dropna(subset=["institution_id"])
    counts = rows.groupby(["speaker_id", "institution_id", "stance"]).size()
    return stance_spec_from_counts(corpus, counts, rows.claim_id.nunique())


def stance_spec_from_counts(corpus, counts: pd.Series, n_claims: int) -> dict:
    """Build the stance chart from counts indexed by (speaker_id, institution_id, stance).

    The explorer counts with numpy and calls this directly, which keeps filter changes fast.
    """
    counts = counts[counts > 0]
    layout = dict(PLAIN_LAYOUT, title=dict(text="Stance by institution and speaker"), font=FONT, barmode="stack",
                  xaxis=dict(AXIS, title=dict(text="Speaker and institution")),
                  yaxis=dict(AXIS, title=dict(text="Number of claims")),
                  legend=dict(title=dict(text="Stance")), margin=dict(b=90))
    if counts.empty:
        layout.update(annotations=[dict(text="No claims match these filters", showarrow=False, font=dict(size=16),
                                        xref="paper", yref="paper", x=0.5, y=0.5)],
                      meta={"description": "Empty bar chart: no claims with an institution target match the current filters."})
        layout["xaxis"]["visible"] = layout["yaxis"]["visible"] = False
        return {"data": [], "layout": layout}
    totals = counts.groupby(level=[0, 1]).sum().sort_values(ascending=False, kind="stable")
    order = list(totals.index)
    short = {s: corpus.speaker_short_name(s) for s in totals.index.get_level_values(0).unique()}
    xs = [[short[s] for s, _ in order], [corpus.institution_label(i) for _, i in order]]
    data = []
    for stance, style in STANCE_STYLE.items():
        ys = [int(counts.get((s, i, stance), 0)) for s, i in order]
        if not any(ys):
            continue
        data.append(dict(type="bar", name=stance, x=xs, y=ys, text=[f"{y} {stance}" if y else "" for y in ys],
                         textposition="inside", insidetextanchor="middle", textfont=dict(color="black"),
                         marker=dict(color=style["color"], pattern=dict(shape=style["pattern"], bgcolor=style["color"],
                                                                        fgcolor="white", fgopacity=0.5, size=8)),
                         hovertemplate="%{x}<br>%{y} " + stance + " claim(s)<extra></extra>"))
    top = counts.idxmax()
    by_stance = counts.groupby(level=2).sum()
    layout["meta"] = {"description": (
        f"Stacked bar chart of {_plural(n_claims, 'claim')} about "
        f"{_plural(counts.index.get_level_values(1).nunique(), 'institution')}, grouped by speaker and institution "
        f"and split by stance ({', '.join(f'{s}: {int(by_stance.get(s, 0))}' for s in STANCE_STYLE)}). "
        f"The largest bar segment is {short[top[0]]}'s {top[2]} claims about {corpus.institution_label(top[1])} "
        f"({int(counts[top])}).")}
    return {"data": data, "layout": layout}


def mentions_by_speaker(corpus, top: int = 12) -> go.Figure:
    """Horizontal bars: how often each speaker names each institution (all turns, all aliases)."""
    m = corpus.mentions  # each mention carries the speaker_id of its turn
    counts = m.groupby(["institution_id", "speaker_id"]).size().rename("n").reset_index()
    keep = counts.groupby("institution_id").n.sum().sort_values(ascending=False).head(top).index
    counts = counts[counts.institution_id.isin(keep)]
    labels = {i: corpus.institution_label(i) for i in keep}
    fig = go.Figure()
    for k, (speaker_id, part) in enumerate(counts.groupby("speaker_id", sort=False)):
        part = part.set_index("institution_id").n
        fig.add_bar(name=corpus.speaker_name(speaker_id), orientation="h",
                    y=[labels[i] for i in keep[::-1]], x=[int(part.get(i, 0)) for i in keep[::-1]],
                    marker_color=SPEAKER_COLORS[k % len(SPEAKER_COLORS)],
                    hovertemplate="%{y}: %{x} mention(s)<extra>" + corpus.speaker_name(speaker_id) + "</extra>")
    first = keep[0] if len(keep) else None
    desc = (f"Horizontal bar chart of institution mentions by speaker, for the {len(keep)} most named institutions. "
            + (f"The most named is {labels[first]} with {int(counts[counts.institution_id == first].n.sum())} mentions. "
               if first else "")
            + "Each bar is split by who names the institution: interviewee or outlet.")
    return _layout(fig, "Which institutions each speaker names", "Number of mentions", "Institution", desc,
                   barmode="stack", legend="Speaker", height=120 + 28 * max(len(keep), 1))


def stance_heatmap(corpus, claims: pd.DataFrame | None = None) -> go.Figure:
    """Heatmap: speakers × institutions, coloured by net stance, labelled with the counts.

    The colour is (supportive − critical) / all claims for that cell, from −1 to +1;
    each cell's label gives the counts, so the colour is never the only cue.
    """
    claims = corpus.claims if claims is None else claims
    rows = claims.dropna(subset=["institution_id"])
    table = rows.pivot_table(index="speaker_id", columns=["institution_id", "stance"], values="claim_id",
                             aggfunc="count", fill_value=0)
    speakers = list(table.index)
    insts = list(dict.fromkeys(i for i, _ in table.columns))
    insts.sort(key=lambda i: -sum(table[i].sum()))
    z, text = [], []
    for s in speakers:
        zr, tr = [], []
        for i in insts:
            c = {st: int(table.loc[s].get((i, st), 0)) for st in STANCE_STYLE}
            n = sum(c.values())
            zr.append((c["supportive"] - c["critical"]) / n if n else None)
            tr.append("<br>".join(f"{v} {k[:4]}." for k, v in c.items() if v) if n else "")
        z.append(zr)
        text.append(tr)
    fig = go.Figure(go.Heatmap(
        z=z, x=[corpus.institution_label(i) for i in insts], y=[corpus.speaker_name(s) for s in speakers],
        text=text, texttemplate="%{text}", zmin=-1, zmax=1, colorscale="PuOr_r", xgap=2, ygap=2,
        colorbar=dict(title="Net stance", tickvals=[-1, 0, 1], ticktext=["all critical", "balanced", "all supportive"]),
        hovertemplate="%{y} on %{x}<br>%{text}<extra></extra>"))
    crit = rows[rows.stance == "critical"].groupby(["speaker_id", "institution_id"]).size()
    most = crit.idxmax() if len(crit) else None
    desc = (f"Heatmap of net stance for {len(speakers)} speakers and {len(insts)} institutions. "
            "Orange cells are mostly critical, purple cells mostly supportive, white cells balanced or neutral; "
            "each cell is labelled with its counts (crit., supp., neut.). "
            + (f"The most criticised pairing is {corpus.speaker_name(most[0])} on {corpus.institution_label(most[1])} "
               f"({int(crit[most])} critical claims)." if most else ""))
    return _layout(fig, "Stance of each speaker toward each institution", "Institution", "Speaker", desc,
                   height=160 + 60 * max(len(speakers), 1))


def discourse_network(corpus, claims: pd.DataFrame | None = None, min_claims: int = 1) -> go.Figure:
    """A two-mode discourse network in the style of DNA: speakers ↔ institutions.

    Edges are coloured, dashed and labelled by stance, and drawn wider for more claims.
    """
    claims = corpus.claims if claims is None else claims
    rows = claims.dropna(subset=["institution_id"])
    edges = rows.groupby(["speaker_id", "institution_id", "stance"]).claim_id.nunique().rename("n").reset_index()
    edges = edges[edges.n >= min_claims]
    speakers = list(edges.groupby("speaker_id").n.sum().sort_values(ascending=False).index)
    insts = list(edges.groupby("institution_id").n.sum().sort_values(ascending=False).index)
    pos = {("s", s): (0.0, 1 - (k + 0.5) / max(len(speakers), 1)) for k, s in enumerate(speakers)}
    pos |= {("i", i): (1.0, 1 - (k + 0.5) / max(len(insts), 1)) for k, i in enumerate(insts)}
    fig = go.Figure()
    offsets = {"critical": -0.012, "supportive": 0.0, "neutral": 0.012}
    for stance, style in STANCE_STYLE.items():
        shown = False
        for e in edges[edges.stance == stance].itertuples():
            (x0, y0), (x1, y1) = pos[("s", e.speaker_id)], pos[("i", e.institution_id)]
            dy = offsets[stance]
            fig.add_scatter(x=[x0, x1], y=[y0 + dy, y1 + dy], mode="lines", name=stance, legendgroup=stance,
                            showlegend=not shown, line=dict(color=style["color"], dash=style["dash"], width=1 + 1.5 * e.n),
                            hoverinfo="skip")
            fig.add_scatter(x=[0.65], y=[y0 + (y1 - y0) * 0.65 + dy],  # label 65% of the way along the edge
                            mode="text", text=[f"{stance[:4]}. ×{e.n}"], textfont=dict(size=10, color=style["color"]),
                            showlegend=False, hovertext=f"{corpus.speaker_name(e.speaker_id)} → "
                            f"{corpus.institution_label(e.institution_id)}: {e.n} {stance} claim(s)", hoverinfo="text")
            shown = True
    fig.add_scatter(x=[pos[("s", s)][0] for s in speakers], y=[pos[("s", s)][1] for s in speakers], mode="markers+text",
                    text=[corpus.speaker_name(s) for s in speakers], textposition="middle left", name="speaker",
                    marker=dict(size=18, color="#000000", symbol="circle"), hoverinfo="text")
    fig.add_scatter(x=[pos[("i", i)][0] for i in insts], y=[pos[("i", i)][1] for i in insts], mode="markers+text",
                    text=[corpus.institution_label(i) for i in insts], textposition="middle right", name="institution",
                    marker=dict(size=16, color="#FFFFFF", line=dict(color="#000000", width=2), symbol="square"),
                    hoverinfo="text")
    strongest = edges.sort_values("n", ascending=False).head(1)
    desc = (f"Two-mode network with {len(speakers)} speakers (black circles, left) and {len(insts)} institutions "
            f"(white squares, right). Each of the {len(edges)} lines joins a speaker to an institution they make claims "
            "about; line colour, dash and label give the stance (critical: solid orange; supportive: dashed blue; "
            "neutral: dotted grey) and width grows with the number of claims. "
            + (f"The strongest tie is {corpus.speaker_name(strongest.speaker_id.iloc[0])} → "
               f"{corpus.institution_label(strongest.institution_id.iloc[0])}, {int(strongest.n.iloc[0])} "
               f"{strongest.stance.iloc[0]} claims." if len(strongest) else ""))
    return _layout(fig, "Discourse network: who claims what about which institution", "Speakers (left) and institutions (right)",
                   "", desc, legend="Stance", height=160 + 34 * max(len(insts), len(speakers), 1),
                   xaxis=dict(visible=True, showticklabels=False, showgrid=False, zeroline=False, range=[-0.6, 1.5]),
                   yaxis=dict(visible=False, range=[-0.05, 1.05]))


def timeline(corpus, institutions: list | None = None) -> go.Figure:
    """Dated events from corpus/events.csv, one row per institution, with the interview dates marked.

    Args:
        institutions (list, optional): ids or names to show, or topic ids of the events
            table such as "bolivia_2019" (default: all in the table).
    """
    ev = corpus.events.copy()
    if institutions is not None:
        wanted = [institutions] if isinstance(institutions, str) else list(institutions)
        topics = set(ev.institution_id)  # also accepts topic ids of the events table, e.g. "bolivia_2019"
        ids = [w if w in topics else corpus._resolve(w, "institution")[0] for w in wanted]
        ev = ev[ev.institution_id.isin(ids)]
    ev["label"] = ev.institution_id.map(lambda i: corpus.institution_label(i) if i in corpus._labels else str(i).replace("_", " "))
    contested = ev.get("contested", pd.Series("no", index=ev.index)).fillna("no").eq("yes")
    fig = go.Figure()
    for flag, name, symbol in ((False, "event", "circle"), (True, "event (sources disagree or disputed)", "diamond-open")):
        part = ev[contested == flag]
        if part.empty:
            continue
        fig.add_scatter(x=part.date, y=part.label, mode="markers", name=name,
                        marker=dict(size=11, symbol=symbol, color="#000000" if not flag else "#D55E00", line=dict(width=2)),
                        customdata=list(zip(part.event, part.source)),
                        hovertemplate="%{x|%d %b %Y}: %{customdata[0]}<br><i>Source: %{customdata[1]}</i><extra></extra>")
    for doc in corpus.documents.itertuples():
        for field in ("date_earliest", "date_latest"):
            when = getattr(doc, field, None)
            if when is not None and not pd.isna(when):
                fig.add_vline(x=pd.Timestamp(str(when)).timestamp() * 1000, line=dict(color="#999999", dash="dot"))
        if getattr(doc, "date_latest", None) is not None:
            fig.add_annotation(x=pd.Timestamp(str(doc.date_latest)), y=1.02, yref="paper", showarrow=False,
                               text=f"{corpus.speaker_name(doc.interviewee).split()[-1]} interview", font=dict(size=10))
    span = f"{ev.date.min():%Y} to {ev.date.max():%Y}" if len(ev) else "no dates"
    desc = (f"Timeline of {len(ev)} dated events for {ev.label.nunique()} institutions or topics, from {span}. "
            f"{int(contested.sum())} events where sources disagree or that belong to a disputed episode are drawn as "
            "orange open diamonds. Dotted vertical lines mark the earliest and latest possible dates of each interview. "
            "Hover over a point for the event and its source.")
    return _layout(fig, "What happened to the institutions the interviews name", "Date", "Institution or topic", desc,
                   legend="", height=200 + 26 * max(ev.label.nunique(), 1), hovermode="closest")
