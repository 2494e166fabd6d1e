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

function isUpper(s) { return s === s.toUpperCase() && s !== s.toLowerCase(); }

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

  function describeFilters(n, f) {
    const who = f.speaker.map(function (s) { return data.speakerShort[s]; }).join(" and ") || "all speakers";
    const what = f.institution.map(function (i) {
      const label = data.institutionLabel[i] || i;
      return (isUpper(label) ? "the " : "") + label;
    }).join(" and ") || "any institution";
    const extra = [];
    if (f.stance.length) extra.push(f.stance[0] + " only");
    if (f.theme.length) extra.push("theme: " + f.theme[0].replace(/_/g, " "));
    return plural(n, "claim") + " by " + who + " about " + what + (extra.length ? " (" + extra.join("; ") + ")" : "");
  }

  function matches(row, f) {
    return (!f.speaker.length || f.speaker.includes(row.speaker_id))
      && (!f.institution.length || f.institution.includes(row.institution_id))
      && (!f.stance.length || row.stance === f.stance[0])
      && (!f.theme.length || row.themes.includes(f.theme[0]));
  }

  function chartSpec(rows) {
    // Claims per (speaker, institution, stance), as plots.stance_spec_from_counts draws them.
    const counts = new Map(), claimsSeen = new Set();
    rows.forEach(function (r) {
      if (!r.institution_id) return;
      claimsSeen.add(r.claim_id);
      const key = r.speaker_id + "\u0000" + r.institution_id;
      if (!counts.has(key)) counts.set(key, {speaker: r.speaker_id, institution: r.institution_id, n: {}});
      const c = counts.get(key);
      c.n[r.stance] = (c.n[r.stance] || 0) + 1;
    });
    if (!counts.size) {
      return {data: [], layout: data.emptyLayout, description: data.emptyDescription};
    }
    const total = function (c) { return Object.values(c.n).reduce(function (a, b) { return a + b; }, 0); };
    const bars = Array.from(counts.values())
      .sort(function (a, b) { return a.speaker < b.speaker ? -1 : a.speaker > b.speaker ? 1 : a.institution < b.institution ? -1 : a.institution > b.institution ? 1 : 0; })
      .sort(function (a, b) { return total(b) - total(a); });
    const x = [bars.map(function (b) { return data.speakerShort[b.speaker]; }),
               bars.map(function (b) { return data.institutionLabel[b.institution]; })];
    const traces = [], byStance = {};
    let top = null;
    data.stances.forEach(function (stance) {
      const ys = bars.map(function (b) { return b.n[stance] || 0; });
      byStance[stance] = ys.reduce(function (a, b) { return a + b; }, 0);
      bars.forEach(function (b, k) { if (ys[k] && (!top || ys[k] > top.n)) top = {bar: b, stance: stance, n: ys[k]}; });
      if (!byStance[stance]) return;
      traces.push(Object.assign({}, data.traces[stance], {
        x: x, y: ys, text: ys.map(function (y) { return y ? y + " " + stance : ""; }),
      }));
    });
    const institutions = new Set(bars.map(function (b) { return b.institution; }));
    const description = "Stacked bar chart of " + plural(claimsSeen.size, "claim") + " about "
      + plural(institutions.size, "institution") + ", grouped by speaker and institution and split by stance ("
      + data.stances.map(function (s) { return s + ": " + byStance[s]; }).join(", ") + "). The largest bar segment is "
      + data.speakerShort[top.bar.speaker] + "'s " + top.stance + " claims about "
      + data.institutionLabel[top.bar.institution] + " (" + top.n + ").";
    return {data: traces, layout: data.layout, description: description};
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
      [id, data.speakerName[r.speaker_id], targets, r.frame, r.themes.map(function (s) { return s.replace(/_/g, " "); }).join(", "),
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

  function update() {
    const f = {speaker: chosen("speaker"), institution: chosen("institution"), theme: chosen("theme"), stance: chosen("stance")};
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
