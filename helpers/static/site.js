/* The reading edition's own script: draws the notebooks' figures with plotly.js and runs the
   kernel-free claim explorer (its filters, count line and chart are in engine.js, shared with the notebooks' explorer).
   Corpus text is only ever put into the page as text (textContent). */
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
    // the layout for the figure's width (engine.js's reflow: the stance chart's panels in fewer columns when narrow),
    // made afresh each time: plotly changes the layout it is given (on a window's resize it drops its height)
    const given = JSON.stringify(f.layout);
    const layoutFor = function (width) { return reflow(JSON.parse(given), width); };
    const draw = function (layout, how) {
      holdHeight(div, layout);  // (engine.js)
      return how(div, f.data, layout, PLOT_CONFIG).then(fitForPrint);
    };
    let width = div.clientWidth;
    draw(layoutFor(width), Plotly.newPlot);
    div.on("plotly_relayout", function () { fitForPrint(div); });
    if (f.layout.meta && f.layout.meta.reflow) {
      new ResizeObserver(function () {
        if (div.clientWidth === width) return;
        width = div.clientWidth;
        draw(layoutFor(width), Plotly.react);
      }).observe(div);
    }
  });
}

/* ---- The claim explorer: the same filters, count line, chart and table as explore() ---- */

function el(tag, text, attrs) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  Object.entries(attrs || {}).forEach(function ([k, v]) { node.setAttribute(k, v); });
  return node;
}


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
  const note = document.getElementById("chart-note");
  let latest = null;  // the chart's spec, drawn as soon as plotly.js has loaded (it loads after the page)
  // the chart's layout for its width: its panels in as many columns as fit, its title wrapped (engine.js)
  const sized = function (layout) { return fitTitle(reflow(layout, chart.clientWidth), chart.clientWidth); };
  const plot = function (spec) {  // drawn at the chart's width, in a box that holds its height (engine.js)
    const layout = sized(spec.layout);
    holdHeight(chart, layout);
    return Plotly.react(chart, spec.data, layout, PLOT_CONFIG).then(fitForPrint);
  };
  const PAGE = 10;  // rows shown at a time, as in explore(): "Show 10 more" adds the next ten
  let shown = PAGE;

  let preset = {};  // filters from the address (#speaker=...): keep their order, as explore() keeps the order set in code

  function chosen(key) {
    const values = Array.from(selects[key].selectedOptions).map(function (o) { return o.value; }).filter(Boolean);
    const given = preset[key] || [];
    const same = given.length === values.length && values.every(function (v) { return given.includes(v); });
    return same ? given : values;
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
    t.appendChild(el("caption", describeFilters(data, order.length, f), {id: "claims-caption"}));
    const head = el("tr");
    ["Claim", "Speaker", "Institution (stance)", "Frame", "Themes", "Paraphrase", "Quote in context"].forEach(function (h) {
      head.appendChild(el("th", h, {scope: "col"}));
    });
    t.appendChild(el("thead")).appendChild(head);
    const body = t.appendChild(el("tbody"));
    order.slice(0, Math.min(shown, data.maxRows)).forEach(function (id) {
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
    const upTo = Math.min(shown, data.maxRows, order.length);
    const line = claims.appendChild(el("p", "Showing " + upTo + " of " + order.length + " claims.", {class: "claims-shown"}));
    if (upTo < Math.min(order.length, data.maxRows)) {
      const more = line.appendChild(el("button", "Show " + PAGE + " more", {type: "button", id: "more"}));
      more.addEventListener("click", function () {
        shown += PAGE;
        table(rows, f);
        const next = claims.querySelectorAll("tbody tr")[upTo];
        if (next) { next.setAttribute("tabindex", "-1"); next.focus(); }  // the keyboard goes on at the first new row
      });
    }
  }

  function updateInstitutionCounts(f) {
    const counts = institutionCounts(data.rows, f);
    Array.from(selects.institution.options).forEach(function (o) {
      if (o.value) o.textContent = (data.institutionLabel[o.value] || o.value) + " (" + (counts[o.value] || 0) + ")";
    });
  }

  function update() {
    const f = {speaker: chosen("speaker"), institution: chosen("institution"), theme: chosen("theme"), stance: chosen("stance")};
    updateInstitutionCounts(f);
    const rows = data.rows.filter(function (r) { return matchesFilters(r, f); });
    const n = new Set(rows.map(function (r) { return r.claim_id; })).size;
    count.replaceChildren();
    if (n) {
      count.appendChild(el("strong", describeFilters(data, n, f)));
    } else {
      count.appendChild(el("strong", "No claims match these filters."));
      count.appendChild(document.createTextNode(" Remove a filter, or press "));
      count.appendChild(el("em", "Reset filters"));
      count.appendChild(document.createTextNode(" to see every claim."));
    }
    const spec = stanceSpec(data, rows);
    chart.hidden = !spec.data.length;  // no claims: no empty chart
    latest = spec;
    const drawn = spec.data.length && window.Plotly ? plot(spec) : Promise.resolve();
    caption.textContent = spec.description;
    // what the chart leaves out: claims with no target institution are in the table only
    const targeted = new Set(rows.filter(function (r) { return r.institution_id; }).map(function (r) { return r.claim_id; })).size;
    note.textContent = n > targeted ? "The chart counts the " + plural(targeted, "claim") + " about a listed institution; the other "
      + (n - targeted) + " (about no listed institution) are in the table below but not in the chart." : "";
    shown = PAGE;
    table(rows, f);
    return drawn;
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
  // the first draw (filters, count line, table), from the start of the page's loading (the tests report it)
  requestAnimationFrame(function () { document.body.dataset.explorerDrawnMs = String(Math.round(performance.now())); });
  const chartNow = function () {
    const done = latest && latest.data.length ? plot(latest) : Promise.resolve();
    done.then(function () {
      requestAnimationFrame(function () { document.body.dataset.explorerChartMs = String(Math.round(performance.now())); });
    });
  };
  if (window.Plotly) chartNow(); else document.addEventListener("plotly-loaded", chartNow, {once: true});
  let width = chart.clientWidth;  // a narrower window: the chart's panels in fewer columns (engine.js's reflow)
  new ResizeObserver(function () {
    if (chart.clientWidth === width || !window.Plotly || !latest || !latest.data.length) return;
    width = chart.clientWidth;
    plot(latest);
  }).observe(chart);
}

document.addEventListener("DOMContentLoaded", function () {
  if (window.Plotly) drawFigures();
  const data = document.getElementById("explorer-data");
  if (data) Explorer(JSON.parse(data.textContent));
});
