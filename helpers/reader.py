"""Read an interview in full, turn by turn, and select passages with the mouse.

``reader(corpus)`` shows one interview with its speaker labels and two highlight toggles
(mentions, coded claims). The text is drawn by a small anywidget: each stretch of text sits
in a ``<span data-s=N>`` whose N is its offset in the document (Python ``str`` index), so a
mouse selection is reported as exact code-point offsets (the browser counts UTF-16 units;
the script converts). All corpus text is HTML-escaped.

>>> from helpers import load_corpus
>>> corpus = load_corpus()
>>> html_text = reader_html(corpus, "mayta_2021")
>>> html_text.count('class="turn ') == int((corpus.turns.doc_id == "mayta_2021").sum())
True
>>> '<script' in reader_html(load_corpus(), "mayta_2021")
False
"""

from __future__ import annotations

import html
import re

import anywidget
import ipywidgets as widgets
import traitlets

from .a11y import accessible

__all__ = ["Reader", "reader", "reader_html"]

READER_JS = r"""
function render({ model, el }) {
  const box = document.createElement("div");
  box.className = "claims-reader";
  box.setAttribute("role", "region");
  box.setAttribute("aria-roledescription", "interview text");
  box.setAttribute("aria-label", "Interview text. Right and left arrow keys select the next or previous "
    + "sentence; Shift with the right arrow adds the next sentence, Shift with the left arrow drops the last one.");
  box.tabIndex = 0;  // reachable with Tab: arrow keys scroll it and select sentences
  const said = document.createElement("div");
  said.className = "reader-live";
  said.setAttribute("role", "status");
  said.setAttribute("aria-live", "polite");
  el.appendChild(box);
  el.appendChild(said);
  let picked = null;  // [first, last] sentence selected from the keyboard
  const draw = () => { const top = box.scrollTop; box.innerHTML = model.get("html"); box.scrollTop = top; picked = null; };
  const toggles = () => {
    box.classList.toggle("show-m", model.get("show_mentions"));
    box.classList.toggle("show-c", model.get("show_claims"));
    box.classList.toggle("show-y", model.get("show_mine"));
  };
  draw(); toggles();
  model.on("change:html", draw);
  model.on("change:show_mentions", toggles);
  model.on("change:show_claims", toggles);
  model.on("change:show_mine", toggles);

  // Offset (in code points, like a Python str index) of a DOM boundary point.
  function offset(node, at) {
    if (node.nodeType === Node.TEXT_NODE) {
      const seg = node.parentElement && node.parentElement.closest("[data-s]");
      if (seg && box.contains(seg)) {
        return Number(seg.dataset.s) + Array.from(node.data.slice(0, at)).length;
      }
    }
    // Between elements (or in a speaker label): the next stretch of text after the point.
    const point = document.createRange();
    point.setStart(node, at);
    point.collapse(true);
    for (const seg of box.querySelectorAll("[data-s]")) {
      if (point.comparePoint(seg, 0) >= 0) return Number(seg.dataset.s);
    }
    const doc = box.querySelector("[data-len]");
    return doc ? Number(doc.dataset.len) : null;
  }
  function report() {
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return;
    const range = sel.getRangeAt(0);
    if (!box.contains(range.startContainer) || !box.contains(range.endContainer)) return;
    const start = offset(range.startContainer, range.startOffset);
    const end = offset(range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) return;
    model.set("selection", [start, end]);
    model.save_changes();
  }
  box.addEventListener("mouseup", () => { picked = null; setTimeout(report, 0); });

  // The keyboard's way to select: sentence by sentence (the sentences' offsets come with the text).
  const sentences = () => {
    const doc = box.querySelector("[data-sentences]");
    const n = doc ? doc.dataset.sentences.split(" ").filter(Boolean).map(Number) : [];
    const out = [];
    for (let i = 0; i + 1 < n.length; i += 2) out.push([n[i], n[i + 1]]);
    return out;
  };
  function position(at) {  // the text node and UTF-16 index of the code-point offset `at`
    let seg = null;
    for (const s of box.querySelectorAll("[data-s]")) { if (Number(s.dataset.s) <= at) seg = s; else break; }
    const node = seg.firstChild;
    return [node, Array.from(node.data).slice(0, at - Number(seg.dataset.s)).join("").length];
  }
  function choose(all, first, last) {
    const [start] = all[first], [, end] = all[last];
    const range = document.createRange();
    range.setStart(...position(start));
    range.setEnd(...position(end));
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    const shown = range.getBoundingClientRect(), frame = box.getBoundingClientRect();
    if (shown.bottom > frame.bottom || shown.top < frame.top) box.scrollTop += shown.top - frame.top - 40;
    picked = [first, last];
    said.textContent = "Selected: " + range.toString();
    model.set("selection", [start, end]);
    model.save_changes();
  }
  box.addEventListener("keydown", (e) => {
    if ((e.key !== "ArrowRight" && e.key !== "ArrowLeft") || e.altKey || e.ctrlKey || e.metaKey) return;
    const all = sentences();
    if (!all.length) return;
    e.preventDefault();
    const forward = e.key === "ArrowRight";
    if (picked === null) {  // start at the first sentence in view
      const top = box.getBoundingClientRect().top;
      let k = all.findIndex(([s]) => position(s)[0].parentElement.getBoundingClientRect().bottom > top);
      k = k < 0 ? 0 : k;
      choose(all, k, k);
      return;
    }
    let [a, b] = picked;
    if (e.shiftKey) b = forward ? Math.min(b + 1, all.length - 1) : Math.max(a, b - 1);
    else a = b = forward ? Math.min(b + 1, all.length - 1) : Math.max(a - 1, 0);
    choose(all, a, b);
  });
}
export default { render };
"""

READER_CSS = """
.claims-reader {max-height: 520px; overflow-y: auto; border: 1px solid #bbb; padding: 6px 12px;
  font-size: 15px; line-height: 1.6; background: #fff; color: #111}
.claims-reader .turn {margin: 0 0 12px 0}
.claims-reader .who {font-weight: bold; font-size: 13px; color: #333; user-select: none}
.claims-reader .who .kind {font-weight: normal; color: #555; margin-left: 6px}
.claims-reader .txt {white-space: pre-wrap}
.claims-reader .turn.answer .txt {padding-left: 12px; border-left: 3px solid #999}
.claims-reader.show-m .m {text-decoration: underline 2px #0072B2; text-underline-offset: 3px}
.claims-reader.show-c .c {background: #F0E442; border-bottom: 2px dotted #5c5200}
.claims-reader.show-y .y {box-shadow: inset 0 -4px 0 #A63D00}
.claims-reader .legend {font-size: 12px; color: #333}
.claims-reader:focus-visible {outline: 3px solid #1f4e99; outline-offset: 2px}
.claims-reader ::selection {background: #1f4e99; color: #fff}
.reader-live {position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap}
"""


class Reader(anywidget.AnyWidget):
    """The text view: ``html`` from ``reader_html``; ``selection`` is [start, end] of the mouse selection."""

    _esm = READER_JS
    _css = READER_CSS
    html = traitlets.Unicode("").tag(sync=True)
    selection = traitlets.List(traitlets.Int(), default_value=[]).tag(sync=True)
    show_mentions = traitlets.Bool(False).tag(sync=True)
    show_claims = traitlets.Bool(False).tag(sync=True)
    show_mine = traitlets.Bool(True).tag(sync=True)


def _spans(frame, doc_id, label):
    rows = frame[frame.doc_id == doc_id].drop_duplicates(subset=[c for c in ("claim_id", "mention_id") if c in frame][:1])
    return [(int(r.start), int(r.end), label(r)) for r in rows.itertuples()]


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text[start:end]``, for selecting from the keyboard.

    >>> sentences("Yes. No! Maybe", 0, 14)
    [(0, 4), (5, 8), (9, 14)]
    """
    found = re.finditer(r"\S.*?(?:[.!?…]+[\"'”’)\]]*(?=\s)|$)", text[start:end], re.S)
    return [(start + m.start(), start + m.end()) for m in found]


def reader_html(corpus, doc_id: str, mine=None, claims: bool = True) -> str:
    """The HTML of one interview: one block per turn (speaker label, kind, text), text in offset-tagged spans.

    Args:
        mine: a table of your own claims (``load_coding``), highlighted separately.
        claims: mark the reference coding's claims. With False nothing in the HTML (no class, tooltip or
            span boundary) tells where a reference claim is or how it was coded: the coder leaves them
            out until a student asks to see them.

    Classes: ``m`` inside a mention, ``c`` inside a reference claim, ``y`` inside one of your claims.

    >>> from helpers import load_corpus
    >>> "mayta_c" in reader_html(load_corpus(), "mayta_2021", claims=False)
    False
    """
    text = corpus.texts[doc_id]
    mentions = _spans(corpus.mentions, doc_id, lambda r: f"mention of {corpus.institution_label(r.institution_id)}")
    layers = (("m", mentions), ("c", _reference_claim_spans(corpus, doc_id) if claims else []),
              ("y", _your_claim_spans(mine, doc_id)))
    turns = corpus.turns[corpus.turns.doc_id == doc_id].sort_values("start")
    bounds = " ".join(f"{s} {e}" for t in turns.itertuples() for s, e in sentences(text, int(t.start), int(t.end)))
    parts = [f'<div class="doc" data-len="{len(text)}" data-sentences="{bounds}">']
    for turn in turns.itertuples():
        who = html.escape(corpus.speaker_short_name(turn.speaker_id))
        parts.append(f'<div class="turn {html.escape(turn.kind)}" data-turn="{html.escape(turn.turn_id)}">'
                     f'<div class="who">{who}<span class="kind">{html.escape(turn.kind)} · {html.escape(turn.turn_id)}'
                     f'</span></div><div class="txt">{_turn_text_html(text, int(turn.start), int(turn.end), layers)}</div></div>')
    parts.append("</div>")
    return "".join(parts)


def _reference_claim_spans(corpus, doc_id: str) -> list[tuple]:
    """(start, end, tooltip) of each reference claim of one document: its id, targets and frame."""
    spans = []
    for claim_id, group in corpus.claims[corpus.claims.doc_id == doc_id].groupby("claim_id", sort=False):
        first = group.iloc[0]
        targets = ", ".join(f"{corpus.institution_label(i)}: {s}" for i, s in zip(group.institution_id, group.stance)
                            if isinstance(i, str)) or "no target"
        spans.append((int(first.start), int(first.end), f"{claim_id} ({targets}; {first.frame})"))
    return spans


def _your_claim_spans(mine, doc_id: str) -> list[tuple]:
    """(start, end, tooltip) of each of your own claims (a ``load_coding`` table, or None) in one document."""
    if mine is None or not len(mine):
        return []
    return [(int(r.start), int(r.end), f"your {r.claim_id} ({r.targets or 'no target'}; {r.frame})")
            for r in mine[mine.doc_id == doc_id].itertuples()]


def _turn_text_html(text: str, start: int, end: int, layers) -> str:
    """One turn's text (its outer white space left out), cut wherever a span of a layer starts or ends:
    each piece a ``<span data-s=offset>`` with the classes and tooltips of the spans it lies in."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    cuts = {start, end}
    for _, spans in layers:
        for s, e, _ in spans:
            cuts.update(x for x in (s, e) if start < x < end)
    cuts = sorted(cuts)
    segs = []
    for s, e in zip(cuts, cuts[1:]):
        classes, titles = [], []
        for name, spans in layers:
            inside = [t for ss, ee, t in spans if ss <= s and e <= ee]
            if inside:
                classes.append(name)
                titles += inside
        attrs = f' class="{" ".join(classes)}" title="{html.escape("; ".join(titles))}"' if classes else ""
        segs.append(f'<span data-s="{s}"{attrs}>{html.escape(text[s:e])}</span>')
    return "".join(segs)


class InterviewReader(widgets.VBox):
    """An interview in full with a document chooser and highlight toggles (``reader(corpus)``)."""

    def __init__(self, corpus, doc_id=None, mine=None):
        if doc_id is not None:
            from .quotes import document_text
            document_text(corpus, doc_id)  # an unknown id: one line naming the known ones
        self.corpus, self.mine = corpus, mine
        docs = corpus.documents
        options = [(f"{corpus.speaker_name(d.interviewee) if 'interviewee' in docs else d.doc_id} — {d.doc_id}", d.doc_id)
                   for d in docs.itertuples()]
        self.document = widgets.Dropdown(options=options, value=doc_id or options[0][1], description="Interview")
        self.view = Reader()
        self.show_mentions = widgets.Checkbox(value=False, description="Highlight mentions (underlined)", indent=False)
        self.show_claims = widgets.Checkbox(value=False, description="Highlight coded claims (yellow, dotted underline)",
                                            indent=False)
        self.show_mine = widgets.Checkbox(value=True, description="Highlight my claims (orange bar)", indent=False)
        widgets.link((self.show_mentions, "value"), (self.view, "show_mentions"))
        widgets.link((self.show_claims, "value"), (self.view, "show_claims"))
        widgets.link((self.show_mine, "value"), (self.view, "show_mine"))
        self.document.observe(lambda _: self.redraw(), "value")
        # the reference coding is sent to the browser only once a student asks to see it
        self.show_claims.observe(lambda change: self.redraw() if change["new"] != self._with_claims else None, "value")
        toggles = [self.show_mentions, self.show_claims] + ([self.show_mine] if mine is not None else [])
        keys = widgets.HTML("<small>Keyboard: Tab to the text; → and ← select the next or previous sentence, "
                            "Shift+→ adds a sentence, Shift+← drops one; Esc returns to the notebook.</small>")
        super().__init__([self.document, widgets.HBox(toggles), self.view, keys])
        self.add_class("interview-reader")
        self._with_claims = False
        self.redraw()
        accessible(self)

    @property
    def doc_id(self) -> str:
        return self.document.value

    def redraw(self, mine=None):
        if mine is not None:
            self.mine = mine
        self.view.selection = []
        self._with_claims = bool(self.show_claims.value)
        self.view.html = reader_html(self.corpus, self.doc_id, self.mine, claims=self._with_claims)


def reader(corpus=None, doc_id=None) -> InterviewReader:
    """Show an interview in full, turn by turn, with toggles to highlight mentions and coded claims.

    >>> from helpers import load_corpus
    >>> view = reader(load_corpus(), "llorenti_2021")
    >>> view.show_claims.value = True
    >>> view.view.show_claims
    True
    """
    if corpus is None:
        from .corpus import load_corpus
        corpus = load_corpus()
    return InterviewReader(corpus, doc_id)
