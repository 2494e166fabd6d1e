/* The reading edition's own script: draws the notebooks' figures with plotly.js and runs the
   kernel-free claim explorer. Corpus text is only ever put into the page as text (textContent). */
"use strict";

const PLOT_CONFIG = {displayModeBar: false, responsive: true};
// A4 with the print stylesheet's margins holds about 700 x 1000 px; a figure and its caption must fit on one page.
const PRINT_WIDTH = 700, PRINT_HEIGHT = 720;

function fitForPrint(div) {
  // style.css prints each figure at var(--print-zoom), so wide or tall figures shrink to the page instead of being cut.
  const box = div.getBoundingClientRect();
  const zoom = Math.min(1, PRINT_WIDTH / Math.max(box.width, 1), PRINT_HEIGHT / Math.max(box.height, 1));
  div.style.setProperty("--print-zoom", zoom.toFixed(3));
}

function drawFigures() {
  document.querySelectorAll("figure.plot").forEach(function (fig) {
    const spec = fig.querySelector("script.plotly-spec");
    const div = fig.querySelector(".plotly-figure");
    if (!spec || !div) return;
    const f = JSON.parse(spec.textContent);
    Plotly.newPlot(div, f.data, f.layout, PLOT_CONFIG).then(fitForPrint);
    div.on("plotly_relayout", function () { fitForPrint(div); });
  });
}

/* ---- The claim explorer: the same filters, count line, chart and table as explore() ---- */

function el(tag, text, attrs) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  Object.entries(attrs || {}).forEach(function ([k, v]) { node.setAttribute(k, v); });
  return node;
}


function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

function Explorer(data) {
  const selects = {
    speaker: document.getElementById("f-speaker"), institution: document.getElementById("f-institution"),
    theme: document.getElementById("f-theme"), stance: document.getElementById("f-stance"),
  };
  Object.entries(selects).forEach(function ([key, select]) {
    data.options[key].forEach(function ([label, value]) {
      const option = el("option", label);
      option.value = value === null ? "" : value;
      select.appendChild(option);
    });
  });
  const count = document.getElementById("count");
  const chart = document.getElementById("chart");
  const caption = document.getElementById("chart-caption");
  const claims = document.getElementById("claims");

  let preset = {};  // filters from the address (#speaker=...): keep their order, as explore() keeps the order set in code

  function chosen(key) {
    const values = Array.from(selects[key].selectedOptions).map(function (o) { return o.value; }).filter(Boolean);
    const given = preset[key] || [];
    const same = given.length === values.length && values.every(function (v) { return given.includes(v); });
    return same ? given : values;
  }

  function listing(items, most) {
    // plots._listing: "A", "A and B", "A, B and C", "A, B, C and 2 more"
    if (items.length > most) return items.slice(0, most).join(", ") + " and " + (items.length - most) + " more";
    return items.length > 1 ? items.slice(0, -1).join(", ") + " and " + items[items.length - 1] : items.join("");
  }

  function describeFilters(n, f) {
    // ClaimExplorer._describe_filters, word for word
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

  function matches(row, f) {
    return (!f.speaker.length || f.speaker.includes(row.speaker_id))
      && (!f.institution.length || f.institution.includes(row.institution_id))
      && (!f.stance.length || row.stance === f.stance[0])
      && (!f.theme.length || row.themes.includes(f.theme[0]));
  }

  function chartSpec(rows) {
    // plots.stance_spec_from_counts, step for step: one panel per speaker, horizontal bars per
    // institution (the top ones by name, the rest as "other"), split by stance, totals beside them.
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
    const names = shown.map(function (i) { return data.institutionLabelEsc[i]; })
      .concat(rest.length ? ["other (" + rest.length + " institutions)"] : []);
    const speakers = data.speakerOrder.filter(function (s) { return speakerSet.has(s); });
    const cols = Math.min(speakers.length, 4), nrows = Math.ceil(speakers.length / cols);
    const rowPx = 22, gap = 40, panelH = rowPx * names.length + 10;
    const height = 110 + nrows * panelH + (nrows - 1) * gap + 50;
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
    const step = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 1e9].find(function (v) { return peak / v <= 5; });
    const countAxis = Object.assign({}, st.axis, {tick0: 0, dtick: step, tickformat: "d", range: [0, peak * 1.25 + 0.6], rangemode: "tozero"});
    const layout = Object.assign({}, st.plain, {
      font: st.font, barmode: "stack", showlegend: true, margin: {l: 10, r: 20, t: 110, b: 50}, height: height, bargap: 0.25,
      legend: {title: {text: "Stance"}, orientation: "h", x: 0, xanchor: "left", yref: "container", yanchor: "top",
               font: {size: 12}, y: 1 - 48 / height},
      title: {text: st.title, x: 0.012, xanchor: "left", xref: "container", y: 1 - 12 / height, yanchor: "top",
              yref: "container", font: {size: 17}},
    });
    const traces = [], annotations = [], wgap = 0.04, plotH = height - 110 - 50;
    speakers.forEach(function (s, k) {
      const col = k % cols, row = Math.floor(k / cols), ax = k === 0 ? "" : String(k + 1);
      const x0 = col / cols + (col ? wgap / 2 : 0), x1 = (col + 1) / cols - (col < cols - 1 ? wgap / 2 : 0);
      const topPx = row * (panelH + gap), y1 = 1 - topPx / plotH, y0 = 1 - (topPx + panelH) / plotH;
      layout["xaxis" + ax] = Object.assign({}, countAxis, {domain: [x0, x1], anchor: "y" + ax,
        title: {text: row === nrows - 1 ? "claims" : "", font: {size: 12}}});
      layout["yaxis" + ax] = Object.assign({}, st.axis, {domain: [Math.max(y0, 0), Math.min(y1, 1)], anchor: "x" + ax,
        type: "category", categoryorder: "array", categoryarray: names, autorange: "reversed",
        showticklabels: col === 0, showgrid: false, ticks: ""});
      if (k) layout["yaxis" + ax].matches = "y";
      const short = data.speakerShortEsc[s];
      annotations.push({text: "<b>" + short + "</b>", showarrow: false, xref: "x" + ax + " domain", yref: "y" + ax + " domain",
                        x: 0, y: 1, xanchor: "left", yanchor: "bottom", font: {size: 13}});
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
    layout.annotations = annotations;
    const byStance = {};
    stances.forEach(function (stance) {
      byStance[stance] = speakers.reduce(function (a, s) { return a + per[s + "\u0000" + stance].reduce(function (x, y) { return x + y; }, 0); }, 0);
    });
    let best = null;
    speakers.forEach(function (s) { names.forEach(function (_, r) { const v = sumAt(s, r); if (!best || v > best.v) best = {s: s, r: r, v: v}; }); });
    const shortNames = speakers.map(function (s) { return data.speakerShort[s]; });
    const description = "Bar charts, one panel per speaker (" + shortNames.join(", ") + "), of "
      + plural(claimsSeen.size, "claim") + " about " + plural(order.length, "institution")
      + (rest.length ? " (the " + shown.length + " most named are shown by name, the other " + rest.length + " summed as 'other')" : "")
      + ", split by stance (" + stances.map(function (s) { return s + ": " + byStance[s]; }).join(", ") + "). The longest bar is "
      + data.speakerShort[best.s] + " on " + (best.r < shown.length ? label(shown[best.r]) : "other institutions")
      + " (" + best.v + " claims).";
    return {data: traces, layout: layout, description: description};
  }

  function table(rows, f) {
    claims.replaceChildren();
    const order = [], groups = new Map();
    rows.forEach(function (r) {
      if (!groups.has(r.claim_id)) { groups.set(r.claim_id, []); order.push(r.claim_id); }
      groups.get(r.claim_id).push(r);
    });
    if (!order.length) {
      claims.appendChild(el("p", "No claims to show.", {class: "claims-empty"}));
      return;
    }
    const wrap = el("div", null, {class: "table-wrap", tabindex: "0", role: "region", "aria-labelledby": "claims-caption"});
    const t = el("table", null, {class: "claims-table"});
    t.appendChild(el("caption", describeFilters(order.length, f), {id: "claims-caption"}));
    const head = el("tr");
    ["Claim", "Speaker", "Institution (stance)", "Frame", "Themes", "Paraphrase", "Quote in context"].forEach(function (h) {
      head.appendChild(el("th", h, {scope: "col"}));
    });
    t.appendChild(el("thead")).appendChild(head);
    const body = t.appendChild(el("tbody"));
    order.slice(0, data.maxRows).forEach(function (id) {
      const group = groups.get(id), r = group[0];
      const targets = group.filter(function (g) { return g.institution_id; })
        .map(function (g) { return data.institutionLabel[g.institution_id] + " (" + g.stance + ")"; }).join(", ") || "—";
      const tr = body.appendChild(el("tr"));
      [id, data.speakerName[r.speaker_id], targets, r.frame, r.themes.map(function (s) { return data.themeLabel[s] || s.replace(/_/g, " "); }).join(", "),
       r.paraphrase].forEach(function (v) { tr.appendChild(el("td", v)); });
      const ctx = tr.appendChild(el("td", null, {class: "ctx"}));
      ctx.appendChild(document.createTextNode(r.context[0]));
      ctx.appendChild(el("mark", r.context[1]));
      ctx.appendChild(document.createTextNode(r.context[2]));
    });
    wrap.appendChild(t);
    claims.appendChild(wrap);
    if (order.length > data.maxRows) {
      claims.appendChild(el("p", "Showing the first " + data.maxRows + " of " + order.length
        + " claims; add a filter to narrow them down."));
    }
  }

  function updateInstitutionCounts(f) {
    // ClaimExplorer._update_institution_counts: each institution counts the claims the other filters let through
    const others = Object.assign({}, f, {institution: []});
    const claimsOf = {};
    data.rows.forEach(function (r) {
      if (r.institution_id && matches(r, others)) (claimsOf[r.institution_id] = claimsOf[r.institution_id] || new Set()).add(r.claim_id);
    });
    Array.from(selects.institution.options).forEach(function (o) {
      if (o.value) o.textContent = (data.institutionLabel[o.value] || o.value) + " (" + (claimsOf[o.value] ? claimsOf[o.value].size : 0) + ")";
    });
  }

  function update() {
    const f = {speaker: chosen("speaker"), institution: chosen("institution"), theme: chosen("theme"), stance: chosen("stance")};
    updateInstitutionCounts(f);
    const rows = data.rows.filter(function (r) { return matches(r, f); });
    const n = new Set(rows.map(function (r) { return r.claim_id; })).size;
    count.replaceChildren();
    if (n) {
      count.appendChild(el("strong", describeFilters(n, f)));
    } else {
      count.appendChild(el("strong", "No claims match these filters."));
      count.appendChild(document.createTextNode(" Remove a filter, or press "));
      count.appendChild(el("em", "Reset filters"));
      count.appendChild(document.createTextNode(" to see every claim."));
    }
    const spec = chartSpec(rows);
    Plotly.react(chart, spec.data, spec.layout, PLOT_CONFIG).then(fitForPrint);
    caption.textContent = spec.description;
    table(rows, f);
  }

  function set(filters) {
    preset = filters;
    Object.entries(selects).forEach(function ([key, select]) {
      const wanted = filters[key] || [];
      Array.from(select.options).forEach(function (o) {
        o.selected = wanted.length ? wanted.includes(o.value) : o.value === "" && !select.multiple;
      });
    });
  }

  function fromHash() {
    const filters = {};
    decodeURIComponent(location.hash.slice(1)).split("&").forEach(function (part) {
      const [key, values] = part.split("=");
      if (key in selects && values) filters[key] = values.split(",");
    });
    return filters;
  }

  Object.values(selects).forEach(function (s) { s.addEventListener("change", update); });
  document.getElementById("reset").addEventListener("click", function () { set({}); update(); });
  window.addEventListener("hashchange", function () { set(fromHash()); update(); });
  set(fromHash());
  update();
}

document.addEventListener("DOMContentLoaded", function () {
  drawFigures();
  const data = document.getElementById("explorer-data");
  if (data) Explorer(JSON.parse(data.textContent));
});
