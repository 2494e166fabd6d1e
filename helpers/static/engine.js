/* The claim explorer's engine in the browser: which claims match the filters, the count line, the institution
   counts and the stance chart. One file, used by the notebooks' explorer (helpers/widgets.py sends it once per
   kernel with plotly.js; chart.js draws with it) and by the reading edition's explorer page (site.js).
   Python has the same rules for the kernel (corpus.match_claims, plots.stance_chart_spec,
   ClaimExplorer's count line): tests/test_parity.py runs this file in V8 and compares the two on many filters.
   `data` is widgets.stance_chart_constants(corpus) (plus, for describeFilters, the site's explorer_data);
   `rows` are claims rows as {claim_id, speaker_id, institution_id, stance, themes}. */
"use strict";

function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

function listing(items, most) {
  // plots._listing: "A", "A and B", "A, B and C", "A, B, C and 2 more"
  if (items.length > most) return items.slice(0, most).join(", ") + " and " + (items.length - most) + " more";
  return items.length > 1 ? items.slice(0, -1).join(", ") + " and " + items[items.length - 1] : items.join("");
}

function matchesFilters(row, f) {
  // corpus.match_claims: f is {speaker, institution, theme, stance}, each a list of ids; an empty list = no filter.
  // A row matches each filter given: its speaker, institution or stance is one listed, one of its themes is.
  return (!f.speaker.length || f.speaker.includes(row.speaker_id))
    && (!f.institution.length || f.institution.includes(row.institution_id))
    && (!f.stance.length || f.stance.includes(row.stance))
    && (!f.theme.length || f.theme.some(function (t) { return row.themes.includes(t); }));
}

function describeFilters(data, n, f) {
  // ClaimExplorer._describe_filters: "12 claims by Mayta about the OAS (critical only; theme: sovereignty)"
  const who = listing(data.speakerOrder.filter(function (s) { return f.speaker.includes(s); })
    .map(function (s) { return data.speakerShort[s]; }), 3) || "all speakers";
  const names = data.institutionOrder.filter(function (i) { return f.institution.includes(i); })
    .map(function (i) { return data.institutionInSentence[i] || i; });
  const what = (names.length > 4 ? names.slice(0, 3).join(", ") + " and " + (names.length - 3) + " other institutions"
    : listing(names, 4)) || "any institution";
  const extra = [];
  if (f.stance.length) extra.push(f.stance[0] + " only");
  if (f.theme.length) extra.push("theme: " + (data.themeLabel[f.theme[0]] || f.theme[0].replace(/_/g, " ")));
  return plural(n, "claim") + " by " + who + " about " + what + (extra.length ? " (" + extra.join("; ") + ")" : "");
}

function institutionCounts(rows, f) {
  // ClaimExplorer._update_institution_counts: per institution, the claims that the other filters let through
  const others = Object.assign({}, f, {institution: []}), claimsOf = {};
  rows.forEach(function (r) {
    if (r.institution_id && matchesFilters(r, others)) (claimsOf[r.institution_id] = claimsOf[r.institution_id] || new Set()).add(r.claim_id);
  });
  return Object.fromEntries(Object.entries(claimsOf).map(function ([i, set]) { return [i, set.size]; }));
}

// plots.stance_spec_from_counts (the same steps): one panel per speaker, horizontal bars per institution (the top ones
// by name, the rest as "other"), split by stance, totals beside them; plus the text description.
function stanceSpec(data, rows) {
  const st = data.style, cells = new Map(), claimsSeen = new Set();
  rows.forEach(function (r) {
    if (!r.institution_id) return;
    claimsSeen.add(r.claim_id);
    const key = r.speaker_id + "\u0000" + r.institution_id + "\u0000" + r.stance;
    cells.set(key, (cells.get(key) || 0) + 1);
  });
  if (!cells.size) return {data: [], layout: data.emptyLayout, description: data.emptyDescription};
  const get = function (s, i, stance) { return cells.get(s + "\u0000" + i + "\u0000" + stance) || 0; };
  const totals = {}, speakerSet = new Set(), stanceSet = new Set();
  cells.forEach(function (n, key) {
    const [s, i, stance] = key.split("\u0000");
    totals[i] = (totals[i] || 0) + n; speakerSet.add(s); stanceSet.add(stance);
  });
  const label = function (i) { return data.institutionLabel[i]; };
  const order = Object.keys(totals).sort(function (a, b) {
    return totals[b] - totals[a] || (label(a) < label(b) ? -1 : label(a) > label(b) ? 1 : 0);
  });
  const shown = order.length <= st.top + 1 ? order : order.slice(0, st.top);
  const rest = order.slice(shown.length);
  const names = shown.map(function (i) { return wrapLabel(data.institutionLabelEsc[i], st.labelChars); })
    .concat(rest.length ? [wrapLabel("other (" + rest.length + " institutions)", st.labelChars)] : []);
  const lines = Math.max.apply(null, names.map(function (n) { return n.split("<br>").length; }));
  const speakers = data.speakerOrder.filter(function (s) { return speakerSet.has(s); });
  const stances = data.stances.filter(function (s) { return stanceSet.has(s); });
  const per = {};
  speakers.forEach(function (s) {
    stances.forEach(function (stance) {
      const values = shown.map(function (i) { return get(s, i, stance); });
      if (rest.length) values.push(rest.reduce(function (a, i) { return a + get(s, i, stance); }, 0));
      per[s + "\u0000" + stance] = values;
    });
  });
  const sumAt = function (s, k) { return stances.reduce(function (a, stance) { return a + per[s + "\u0000" + stance][k]; }, 0); };
  let peak = 0;
  speakers.forEach(function (s) { names.forEach(function (_, k) { peak = Math.max(peak, sumAt(s, k)); }); });
  const step = st.steps.find(function (v) { return peak / v <= 5; });
  const countAxis = Object.assign({}, st.axis, {tick0: 0, dtick: step, tickformat: "d", range: [0, peak * 1.25 + 0.6], rangemode: "tozero"});
  const baseLegend = {title: {text: "Stance"}, orientation: "h", x: 0, xanchor: "left", yref: "container", yanchor: "top",
                      font: {size: 12}};
  const margin = {l: 10, r: 20, t: 110, b: 50};
  // plots._stance_grid and the panels of plots._stance_panel, for each number of columns (STANCE_COLUMNS)
  const panels = function (columns, withTraces) {
    const cols = Math.min(speakers.length, columns), nrows = Math.ceil(speakers.length / cols);
    const gap = st.gap, panelH = (st.rowPx + st.linePx * (lines - 1)) * names.length + 10;
    const height = 110 + nrows * panelH + (nrows - 1) * gap + 50, plotH = height - 110 - 50, wgap = st.widthGap;
    const part = {}, annotations = [];
    speakers.forEach(function (s, k) {
      const col = k % cols, row = Math.floor(k / cols), ax = k === 0 ? "" : String(k + 1);
      const x0 = col / cols + (col ? wgap / 2 : 0), x1 = (col + 1) / cols - (col < cols - 1 ? wgap / 2 : 0);
      const topPx = row * (panelH + gap), y1 = 1 - topPx / plotH, y0 = 1 - (topPx + panelH) / plotH;
      part["xaxis" + ax] = Object.assign({}, countAxis, {domain: [x0, x1], anchor: "y" + ax,
        title: {text: row === nrows - 1 ? "claims" : "", font: {size: 12}}});
      part["yaxis" + ax] = Object.assign({}, st.axis, {domain: [Math.max(y0, 0), Math.min(y1, 1)], anchor: "x" + ax,
        type: "category", categoryorder: "array", categoryarray: names, autorange: "reversed",
        showticklabels: col === 0, showgrid: false, ticks: ""});
      if (k) part["yaxis" + ax].matches = "y";
      const short = data.speakerShortEsc[s];
      annotations.push({text: "<b>" + short + "</b>", showarrow: false, xref: "x" + ax + " domain", yref: "y" + ax + " domain",
                        x: cols === 1 ? 1 : 0, y: 1, xanchor: cols === 1 ? "right" : "left", yanchor: "bottom", font: {size: 13}});
      if (!withTraces) return;
      stances.forEach(function (stance) {
        const style = st.stanceStyle[stance];
        traces.push({type: "bar", orientation: "h", name: stance, legendgroup: stance, showlegend: k === 0,
                     x: per[s + "\u0000" + stance], y: names, xaxis: "x" + ax, yaxis: "y" + ax,
                     customdata: names.map(function () { return short; }),
                     marker: {color: style.color, line: {width: 0},
                              pattern: {shape: style.pattern, bgcolor: style.color, fgcolor: "white", fgopacity: 0.6, size: 7}},
                     hovertemplate: "%{customdata}, %{y}: %{x} " + stance + " claim(s)<extra></extra>"});
      });
      const sums = names.map(function (_, r) { return sumAt(s, r); });
      traces.push({type: "scatter", mode: "text", x: sums, y: names, text: sums.map(function (v) { return v ? String(v) : ""; }),
                   textposition: "middle right", textfont: {size: st.small, color: "#000000"}, xaxis: "x" + ax,
                   yaxis: "y" + ax, showlegend: false, hoverinfo: "skip", cliponaxis: false});
    });
    part.annotations = annotations;
    part.height = height;
    part.title = {text: st.title, x: 0.012, xanchor: "left", xref: "container", y: 1 - 12 / height, yanchor: "top",
                  yref: "container", font: {size: 17}};
    part.legend = Object.assign({}, baseLegend, {y: 1 - 48 / height});
    part.margin = Object.assign({}, margin);
    return {cols: cols, part: part};
  };
  const traces = [], steps = [];
  st.columns.forEach(function ([minWidth, columns]) {
    const made = panels(columns, !steps.length);
    if (steps.length && made.cols === steps[steps.length - 1].cols) steps[steps.length - 1].minWidth = minWidth;
    else steps.push({minWidth: minWidth, cols: made.cols, part: made.part});
  });
  const layout = Object.assign({}, st.plain, {font: st.font, barmode: "stack", showlegend: true, margin: margin,
                                             legend: baseLegend}, steps[0].part, {bargap: 0.25});
  const reflowSteps = steps.slice().reverse().map(function (s) { return {minWidth: s.minWidth, layout: JSON.parse(JSON.stringify(s.part))}; });
  const byStance = {};
  stances.forEach(function (stance) {
    byStance[stance] = speakers.reduce(function (a, s) { return a + per[s + "\u0000" + stance].reduce(function (x, y) { return x + y; }, 0); }, 0);
  });
  let best = null;
  speakers.forEach(function (s) { names.forEach(function (_, r) { const v = sumAt(s, r); if (!best || v > best.v) best = {s: s, r: r, v: v}; }); });
  const shortNames = speakers.map(function (s) { return data.speakerShort[s]; });
  const description = "Bar charts, one panel per speaker (" + listing(shortNames, 6) + "), of "
    + plural(claimsSeen.size, "claim") + " about " + plural(order.length, "institution")
    + (rest.length ? " (the " + shown.length + " most named are shown by name, the other " + rest.length + " summed as 'other')" : "")
    + ", split by stance (" + stances.map(function (s) { return s + ": " + byStance[s]; }).join(", ") + "). The longest bar is "
    + data.speakerShort[best.s] + " on " + (best.r < shown.length ? label(shown[best.r]) : "other institutions")
    + " (" + best.v + " claims).";
  layout.meta = {reflow: reflowSteps};
  return {data: traces, layout: layout, description: description};
}

function wrapLabel(label, width) {
  // plots._tick: a long label (already escaped) on two or more lines, words kept whole
  const lines = [];
  label.split(/\s+/).filter(Boolean).forEach(function (word) {
    const last = lines.length - 1;
    if (last >= 0 && (lines[last] + " " + word).length <= width) lines[last] += " " + word;
    else lines.push(word);
  });
  return lines.join("<br>") || label;
}

function fitTitle(layout, width) {
  // A narrow chart (WCAG 1.4.10, reflow at 320 px): its title (17 px text, about 9.5 px a character) wraps onto more
  // lines instead of being cut at the chart's edge; the legend and plot move down by the lines added, and the title
  // 10 px a line (plotly centres a title's lines on its anchor; plots._title does the same).
  const title = layout.title;
  if (!title || !title.text) return layout;
  const perLine = Math.max(14, Math.floor((width - 24) / 9.5));
  const lines = wrapLabel(String(title.text), perLine).split("<br>");
  const added = 22 * (lines.length - 1), height = layout.height + added;
  return Object.assign({}, layout, {height: height,
    title: Object.assign({}, title, {text: lines.join("<br>"), y: 1 - (12 + 10 * (lines.length - 1)) / height}),
    margin: Object.assign({}, layout.margin, {t: layout.margin.t + added}),
    legend: Object.assign({}, layout.legend, {y: 1 - (48 + added) / height})});
}

function reflow(layout, width) {
  // The layout for a chart `width` px wide: of layout.meta.reflow (plots.stance_spec_from_counts), the widest
  // layout whose minWidth it reaches, put over the spec's own; a layout without them comes back unchanged.
  const steps = (layout.meta && layout.meta.reflow) || [];
  const fits = steps.filter(function (s) { return width >= s.minWidth; }).pop();
  return fits ? Object.assign({}, layout, fits.layout) : layout;
}

function holdHeight(box, layout) {
  // Give the box a chart is drawn in (plotly's div) the chart's height, before drawing: plotly's own resize
  // (responsive) then keeps it, where it would otherwise size the chart to its box and the box to the chart, and
  // leave both at 0 px with the chart drawn over what follows. 450 px: plotly's height for a layout that gives none.
  box.style.height = (layout.height || 450) + "px";
}

// For ES modules (the notebooks' chart, which gets this file with plotly.js): the same functions, on globalThis.
globalThis.claimsEngine = {plural: plural, listing: listing, matchesFilters: matchesFilters, describeFilters: describeFilters,
                           institutionCounts: institutionCounts, stanceSpec: stanceSpec,
                           reflow: reflow, fitTitle: fitTitle, holdHeight: holdHeight};
