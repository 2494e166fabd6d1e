"""The claim coder widget: the interview in full, a coding form, and your saved claims.

The work is done by three modules, whose names are also importable from here:
``helpers.quotes`` (``locate``, ``occurrence_of``), ``helpers.coding`` (``new_claim``, ``save_claims``,
``load_coding``, ``add_institution``) and ``helpers.compare`` (``compare_coding``, ``krippendorff_alpha``,
``codebook_rules``).

``coder``'s docstring shows the widget in use (open it, find a quote, read the span it found).
"""

from __future__ import annotations

import html
import re
import warnings
from pathlib import Path

from .coding import (CLAIM_COLUMNS, _as_path, add_alias, add_institution, empty_coding, load_coding, new_claim,
                     reserve_claim_ids, resolve_institution, save_claims, suggest_institutions, withdraw_claim_id)
from .compare import MIN_UNITS_FOR_ALPHA, Comparison, codebook_rules, compare_coding, krippendorff_alpha
from .quotes import document_text, in_context, locate, occurrence_of, occurrences
from .vocab import BUNDLED_CORPUS, inside_bundled_corpus, overlaps, plural, split_list

__all__ = ["locate", "occurrence_of", "new_claim", "save_claims", "load_coding", "compare_coding", "add_institution",
           "krippendorff_alpha", "codebook_rules",
           "coder", "ClaimCoder", "Comparison", "CLAIM_COLUMNS", "MIN_UNITS_FOR_ALPHA", "BUNDLED_CORPUS"]


# Beside the offer to add a spelling as an alias: an organ is not its institution (CODEBOOK.md §6).
ALIAS_NOTE = ("<span class='coder-def'>Add the alias only if “{spelling}” is another spelling, acronym or translation "
              "of {inst} itself. An organ or body of it (a secretariat, a council, a summit) is an institution of its "
              "own, with {inst} as its parent: press “a part of {inst}” (<i>CODEBOOK.md §6, Organ vs parent body</i>)."
              "</span>")
PICK_ADVICE = ("Did you mean one of these? Pick it above if the words name that institution itself. If they name an "
               "organ or body of it (a secretariat, a council, a summit), press “None of these: a new institution” and "
               "choose the institution as its parent (CODEBOOK.md §6, Organ vs parent body).")


def _definition(corpus, key, value, rules=None) -> str:
    """The one-line definition of a codebook value, then the CODEBOOK.md rules that decide it."""
    text = (corpus.codebook.get(key) or {}).get(value, "") if isinstance(corpus.codebook.get(key), dict) else ""
    if not value:
        return ""
    return f"<b>{html.escape(str(value))}</b>: {html.escape(str(text))}" + _rules_html(rules or {}, _rules_for(rules or {}, key, value))


def _rules_for(rules, key, value) -> list[str]:
    """The ids of the CODEBOOK.md rules that decide a choice of ``value`` for ``key`` (stances, frames, themes).

    >>> from helpers.compare import codebook_rules
    >>> _rules_for(codebook_rules(), "stances", "supportive")
    ['3.1 supportive', '3.2.4', '3.2.5']
    """
    mark = f"`{value}`"
    if key == "stances":
        return [r for r in rules if r == f"3.1 {value}" or (rules[r]["section"] == "3.2" and mark in rules[r]["title"])]
    if key == "frames":
        return [r for r in rules if rules[r]["section"] == "4" and rules[r]["title"].startswith(mark)]
    if key == "themes":
        return [r for r in rules if r == f"5 {value}"]
    return []


def _rules_html(rules, rule_ids) -> str:
    def text(rule_id):  # escaped, with the codebook's `values` as code
        return re.sub(r"`([^`<>]+)`", r"<code>\1</code>", html.escape(rules[rule_id]["title"]))
    items = "".join(f"<li><i>CODEBOOK.md §{html.escape(r)}</i>: {text(r)}</li>" for r in rule_ids)
    return f"<ul class='coder-rules'>{items}</ul>" if items else ""


class TargetRow:
    """One target of the claim: an institution (typed or picked) and a stance."""

    def __init__(self, coder):
        import ipywidgets as widgets
        corpus = coder.corpus
        self.coder = coder
        self.institution = widgets.Combobox(
            options=[f"{i} — {n}" for i, n in zip(corpus.institutions.institution_id, corpus.institutions.name)],
            placeholder="type or pick an institution", description="Institution", ensure_option=False,
            layout=widgets.Layout(width="420px"))
        stances = list(corpus.codebook.get("stances") or [])
        self.stance = widgets.ToggleButtons(options=stances, value=None, description="Stance",
                                            tooltips=[str(corpus.codebook["stances"][s]) for s in stances],
                                            style={"button_width": "90px"})
        self.remove = widgets.Button(description="Remove", layout=widgets.Layout(width="80px"))
        self.about = widgets.HTML()
        self.choices = widgets.HBox([], layout=widgets.Layout(flex_flow="row wrap"))
        self.spelling = ""  # the words typed, when they are not the institution's id: a possible new alias
        self.institution.observe(self._typed, "value")
        self.stance.observe(self._describe, "value")
        self.remove.on_click(lambda _: coder._remove_target(self))
        self.box = widgets.VBox([widgets.HBox([self.institution, self.remove]), self.choices, self.stance, self.about],
                                layout=widgets.Layout(border="1px solid #ddd", padding="4px", margin="2px 0"))

    def institution_id(self):
        """The id typed or picked, or None when the box is empty. Raises ValueError if unknown."""
        value = self.institution.value.strip()
        if not value:
            return None
        return resolve_institution(self.coder.corpus, value.split(" — ")[0].strip())

    def _typed(self, _=None):
        value = self.institution.value.strip()
        if " — " not in value:
            self.spelling = value
        self._describe()

    def _button(self, description, action, tooltip=""):
        import ipywidgets as widgets
        button = widgets.Button(description=description, tooltip=tooltip or description,
                                layout=widgets.Layout(width="auto", max_width="100%"))
        button.on_click(lambda _: action())
        return button

    def _pick(self, inst):
        """Take a suggested institution; the words typed stay known as a possible new alias."""
        corpus = self.coder.corpus
        name = corpus.institutions.set_index("institution_id").name[inst]
        self.institution.value = f"{inst} — {name}"

    def _offers(self, inst) -> list:
        """When the typed words are unknown: the close institutions, then "add new". When they name a known
        institution in a spelling the text uses that its aliases lack: "add it as an alias" (only for the same
        institution), or "a part of it: a new institution" (an organ, with the institution as its parent)."""
        import ipywidgets as widgets
        corpus, coder = self.coder.corpus, self.coder
        if inst is None:
            names = dict(zip(corpus.institutions.institution_id, corpus.institutions.name))
            found = suggest_institutions(corpus, self.institution.value)
            buttons = [self._button(f"{i} — {names[i]}", lambda i=i: self._pick(i), f"Use {i}: {names[i]}")
                       for i in found]
            if not inside_bundled_corpus(corpus.path):
                buttons.append(self._button("None of these: a new institution" if found else "Add a new institution",
                                            lambda: coder._open_new_institution(self.institution.value.strip()),
                                            "Open the New institution form below"))
            return buttons
        spelling = self.spelling
        row = corpus.institutions[corpus.institutions.institution_id == inst].iloc[0]
        aliases = [a.strip() for a in str(row.get("aliases") or "").split("|")]
        used = re.search(r"(?<![\w-])" + re.escape(spelling) + r"(?![\w-])", corpus.texts.get(coder.doc_id, "")) \
            if spelling else None
        if not used or spelling in aliases or inside_bundled_corpus(corpus.path):
            return []
        return [self._button(f"Add “{spelling}” to the aliases of {inst}", lambda: coder._add_alias(self, inst, spelling),
                             "So that propose-mentions finds this spelling in the texts"),
                self._button(f"“{spelling}” is a part of {inst}: a new institution",
                             lambda: coder._open_new_institution(spelling, kind="organ", parent=inst),
                             f"Open the New institution form below, with {inst} as the parent"),
                widgets.HTML(ALIAS_NOTE.format(spelling=html.escape(spelling), inst=html.escape(inst)),
                             layout=widgets.Layout(width="100%"))]

    def _describe(self, _=None):
        corpus, parts, rules = self.coder.corpus, [], self.coder.rules
        try:
            inst = self.institution_id()
        except ValueError:
            inst = None
            near = suggest_institutions(corpus, self.institution.value)
            advice = (PICK_ADVICE if near and not inside_bundled_corpus(corpus.path) else
                      "Did you mean one of these? Pick it above." if near else self.coder._unknown_advice())
            parts.append(f"<span class='coder-warning'>{html.escape(repr(self.institution.value))} is not an id, name, "
                         f"acronym or alias in institutions.csv.</span> {advice}")
        self.choices.children = self._offers(inst) if self.institution.value.strip() else []
        if inst:
            row = corpus.institutions[corpus.institutions.institution_id == inst].iloc[0]
            parts.append(f"<b>{html.escape(inst)}</b>: {html.escape(str(row['name']))} ({html.escape(str(row['kind']))})")
            parent = row.get("parent_id")
            is_parent = "parent_id" in corpus.institutions and (corpus.institutions.parent_id == inst).any()
            if (isinstance(parent, str) and parent) or is_parent:
                parts.append(_rules_html(rules, [r for r in ("6 Organ vs parent body",) if r in rules]))
        if self.stance.value:
            parts.append(_definition(corpus, "stances", self.stance.value, rules))
        self.about.value = "<br>".join(p for p in parts if p)


class ClaimCoder:
    """Reader + coding form; see ``coder()``. ``.widget`` is what the notebook shows."""

    def __init__(self, corpus, doc_id=None, save_to="my_coding.csv"):
        import ipywidgets as widgets

        from .reader import InterviewReader
        from .workdir import own_path
        if doc_id is not None:
            try:
                document_text(corpus, doc_id)
            except ValueError as error:
                looks_like_a_file = isinstance(doc_id, str) and ("/" in doc_id or "\\" in doc_id or doc_id.endswith(".csv"))
                raise ValueError(str(error) + (". The second argument of coder() is the interview; give the file "
                                               f"as save_to={doc_id!r}." if looks_like_a_file else "")) from None
        self.corpus, self.save_to = corpus, own_path(_as_path(save_to, "save_to"))  # a bare name: the student's own folder
        with warnings.catch_warnings(record=True) as said:
            warnings.simplefilter("always")
            self.rules = codebook_rules(corpus.path)
        self.rules_note = str(said[0].message) if said else ""
        if inside_bundled_corpus(self.save_to):
            raise ValueError(f"save_to={str(save_to)!r} is inside the bundled corpus/, which the coder never changes. "
                             f"Use a file in your own folder, e.g. save_to='my_coding.csv'.")
        self.saved = load_coding(self.save_to) if self.save_to.exists() else None
        reserve_claim_ids(corpus, [] if self.saved is None else self.saved.claim_id)
        self.reader = InterviewReader(corpus, doc_id, mine=self.saved if self.saved is not None else empty_coding())
        self.span = None
        theme_rows = self._make_form(widgets)
        self._connect()
        self._add_target()
        self.widget = self._layout(widgets, theme_rows)
        self._show_table()

    def _make_form(self, widgets) -> list:
        """The form's widgets, step by step; returns the rows of the themes (box and definition)."""
        corpus = self.corpus
        self.quote = widgets.Textarea(placeholder="Select a passage in the text above with the mouse, "
                                                  "or type or paste a quote here and press Find",
                                      layout=widgets.Layout(width="98%", height="60px"))
        self.find = widgets.Button(description="Find quote", icon="search")
        self.occurrence = widgets.Dropdown(description="Which one", layout=widgets.Layout(width="98%", display="none"))
        self.where = widgets.HTML()
        self.targets = widgets.VBox([])
        self.rows: list[TargetRow] = []
        self.add_target = widgets.Button(description="Add a target institution", icon="plus",
                                         layout=widgets.Layout(width="auto", max_width="100%"))
        frames = list(corpus.codebook.get("frames") or [])
        self.frame = widgets.ToggleButtons(options=frames, value=None, description="Frame",
                                           tooltips=[str(corpus.codebook["frames"][f]) for f in frames])
        self.frame_about = widgets.HTML()
        themes = corpus.codebook.get("themes") or {}
        from .plots import theme_label  # the same labels as the explorer ("pandemic and health")
        self.themes = {t: widgets.Checkbox(value=False, description=theme_label(corpus, t), indent=False,
                                           layout=widgets.Layout(width="190px")) for t in themes}
        self.theme_order: list[str] = []  # the themes in the order ticked: the most central first
        self.theme_order_note = widgets.HTML()
        for theme, box in self.themes.items():
            box.observe(lambda change, t=theme: self._tick_theme(t, change["new"]), "value")
        theme_rows = [widgets.HBox([box, widgets.HTML(f"<span class='coder-def'>{html.escape(str(themes[t]))}</span>")])
                      for t, box in self.themes.items()]
        self.paraphrase = widgets.Text(description="Paraphrase", placeholder=f"{self._speaker()} argues that …",
                                       layout=widgets.Layout(width="98%"))
        self.note = widgets.Text(description="Note", placeholder="optional: a hard decision, a pronoun's referent",
                                 layout=widgets.Layout(width="98%"))
        self.add = widgets.Button(description="Add claim", button_style="primary", icon="save")
        self.status = widgets.HTML()
        self.new_institution = self._new_institution_form()
        self.table = widgets.HTML()
        return theme_rows

    def _connect(self):
        self.reader.view.observe(self._selected, "selection")
        self.reader.document.observe(lambda _: (self._clear_span(), self._show_table()), "value")
        self.quote.observe(self._typed, "value")
        self.find.on_click(lambda _: self._find())
        self.occurrence.observe(self._pick_occurrence, "value")
        self.add_target.on_click(lambda _: self._add_target())
        self.frame.observe(lambda _: setattr(self.frame_about, "value",
                                             _definition(self.corpus, "frames", self.frame.value, self.rules)
                                             + ("(apply the frame rules in their order: §4.1, §4.2, §4.3)"
                                                if self.frame.value else "")), "value")
        self.add.on_click(lambda _: self._add_claim())

    def _layout(self, widgets, theme_rows):
        head = widgets.HTML("<style>.coder-def{font-size:12px;color:#333}.coder-warning{color:#a00;font-weight:bold}"
                            ".coder-ok{color:#060;font-weight:bold}.coder-rules{font-size:12px;color:#333;"
                            "margin:2px 0 2px 1em;padding-left:1em}</style>"
                            + (f"<p class='coder-def'>{html.escape(self.rules_note)}</p>" if self.rules_note else ""))
        box = widgets.VBox([
            head, self.reader,
            widgets.HTML("<b>1. The passage</b>"), self.quote, widgets.HBox([self.find]), self.occurrence, self.where,
            widgets.HTML("<b>2. Target institutions, each with a stance</b> (none if the claim is about no listed "
                         "institution)"), self.targets, self.add_target, self.new_institution,
            widgets.HTML("<b>3. Frame</b>"), self.frame, self.frame_about,
            widgets.HTML("<b>4. Themes</b> (one to three: tick the most central first)"), widgets.VBox(theme_rows),
            self.theme_order_note,
            widgets.HTML("<b>5. In your words</b>"), self.paraphrase, self.note,
            self.add, self.status, self.table])
        box.add_class("claim-coder")
        from .a11y import accessible  # keys stay in the form; status lines are announced; pressed states exposed
        return accessible(box, live=[self.status, self.where])

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        data["text/plain"] = f"ClaimCoder({self.doc_id!r})"  # what the reading edition names in its place
        return bundle

    # -- the passage
    @property
    def doc_id(self):
        return self.reader.doc_id

    def _speaker(self) -> str:
        """The short name of who speaks: the selected passage's turn, else the interview's interviewee."""
        corpus = self.corpus
        if self.span:
            turn = corpus.turns[(corpus.turns.doc_id == self.doc_id) & (corpus.turns.start <= self.span[0])
                                & (corpus.turns.end >= self.span[1])]
            if len(turn):
                return corpus.speaker_short_name(turn.iloc[0].speaker_id)
        doc = corpus.documents[corpus.documents.doc_id == self.doc_id]
        interviewee = doc.iloc[0].get("interviewee") if len(doc) else None
        return corpus.speaker_short_name(interviewee) if isinstance(interviewee, str) else "The speaker"

    def _name_the_speaker(self):
        self.paraphrase.placeholder = f"{self._speaker()} argues that …"

    def _tick_theme(self, theme, ticked):
        if ticked and theme not in self.theme_order:
            self.theme_order.append(theme)
        elif not ticked and theme in self.theme_order:
            self.theme_order.remove(theme)
        if not self.theme_order:
            self.theme_order_note.value = ""
            return
        order = ", ".join(f"{i}. {html.escape(t)}" for i, t in enumerate(self.theme_order, 1))
        rules = [r for t in self.theme_order for r in _rules_for(self.rules, "themes", t)]
        self.theme_order_note.value = (f"<span class='coder-def'>Saved in this order, the most central first: {order} "
                                       f"(untick and tick again to change it)</span>" + _rules_html(self.rules, rules))

    def _say(self, message, ok=False):
        cls = "coder-ok" if ok else "coder-warning"
        self.status.value = f"<span class='{cls}'>{html.escape(message).replace(chr(10), '<br>')}</span>"

    def _clear_span(self):
        self.span = None
        self.where.value = ""
        self._name_the_speaker()

    def _show_span(self, start, end):
        text = self.corpus.texts[self.doc_id]
        turn = self.corpus.turns[(self.corpus.turns.doc_id == self.doc_id) & (self.corpus.turns.start <= start)
                                 & (self.corpus.turns.end >= end)]
        who = (f"turn {turn.iloc[0].turn_id}, spoken by {self.corpus.speaker_name(turn.iloc[0].speaker_id)}"
               if len(turn) else "<span class='coder-warning'>runs across two turns: select inside one turn</span>")
        self.where.value = (f"<span class='coder-ok'>Passage found</span> at characters {start}–{end}, {who}: "
                            f"“{html.escape(text[start:end])}”")
        self._name_the_speaker()

    def _selected(self, change):
        if len(change["new"]) != 2:
            return
        text = self.corpus.texts[self.doc_id]
        start, end = change["new"]
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end <= start:
            return
        self.span = (start, end)
        self.occurrence.layout.display = "none"
        self.quote.value = text[start:end]
        self._show_span(start, end)

    def _typed(self, change):
        if self.span and change["new"] != self.corpus.texts[self.doc_id][self.span[0]:self.span[1]]:
            self._clear_span()

    def _find(self):
        self._clear_span()
        self.occurrence.layout.display = "none"
        try:
            start, end = locate(self.corpus, self.doc_id, self.quote.value)
        except ValueError as error:
            text = self.corpus.texts[self.doc_id]
            found = occurrences(text, self.quote.value.strip()) if self.quote.value.strip() else []
            if len(found) > 1:
                self.occurrence.options = [(f"{i}: {in_context(text, s, e)}", (s, e)) for i, (s, e) in enumerate(found, 1)]
                self.occurrence.value = None
                self.occurrence.layout.display = "flex"
                self.where.value = (f"<span class='coder-warning'>This quote occurs {len(found)} times.</span> "
                                    f"Pick the one you mean under “Which one”, or quote more words around it.")
            else:
                self.where.value = ("<span class='coder-warning'>Not found.</span> "
                                    + html.escape(str(error)).replace("\n", "<br>"))
            return
        self.span = (start, end)
        self._show_span(start, end)

    def _pick_occurrence(self, change):
        if change["new"]:
            self.span = tuple(change["new"])
            self._show_span(*self.span)

    # -- targets
    def _add_target(self):
        row = TargetRow(self)
        self.rows.append(row)
        self.targets.children = [r.box for r in self.rows]

    def _remove_target(self, row):
        self.rows.remove(row)
        self.targets.children = [r.box for r in self.rows]

    def _unknown_advice(self) -> str:
        if inside_bundled_corpus(self.corpus.path):
            return ("The bundled list cannot be changed here: leave this target out and name the institution in "
                    "the note, then tell your instructor.")
        return ("If it is an institution the list lacks, press “Add a new institution” to open the New institution "
                "form, which adds it to your corpus's institutions.csv.")

    def _open_new_institution(self, typed: str, kind=None, parent=None):
        """Show the New institution form (closed until asked for), its name filled with the words typed."""
        self.new_institution.layout.display = "flex"
        if typed and not self.inst_name.value:
            self.inst_name.value = typed
        if kind in self.inst_kind.options:
            self.inst_kind.value = kind
        if parent is not None:
            self.inst_parent.value = parent

    def _add_alias(self, row, inst, spelling):
        try:
            aliases = add_alias(self.corpus, inst, spelling)
        except (ValueError, TypeError) as error:
            self._say(str(error))
            return
        self._say(f"Added “{spelling}” to the aliases of {inst} in {Path(self.corpus.path) / 'institutions.csv'} "
                  f"({aliases}). python -m helpers propose-mentions now finds it.", ok=True)
        row._describe()

    def _new_institution_form(self):
        import ipywidgets as widgets
        kinds = list(self.corpus.codebook.get("institution_kinds") or [])
        self.inst_id = widgets.Text(description="id", placeholder="e.g. mercosur")
        self.inst_name = widgets.Text(description="Full name")
        self.inst_acronym = widgets.Text(description="Acronym")
        self.inst_kind = widgets.Dropdown(options=kinds, value=None, description="Kind")
        self.inst_parent = widgets.Dropdown(description="Part of", layout=widgets.Layout(width="420px"),
                                            options=self._parent_options(), value="")
        button = self.inst_add = widgets.Button(description="Add institution", icon="plus")
        close = widgets.Button(description="Close", tooltip="Close the form without adding anything")

        def add(_):
            try:
                row = add_institution(self.corpus, self.inst_id.value.strip(), self.inst_name.value,
                                      self.inst_kind.value or "", self.inst_acronym.value,
                                      parent_id=self.inst_parent.value or "")
            except (ValueError, TypeError) as error:
                self._say(str(error))
                return
            options = list(self.rows[0].institution.options) if self.rows else []
            for r in self.rows:
                r.institution.options = options + [f"{row['institution_id']} — {row['name']}"]
                r._describe()
            self.inst_parent.options = self._parent_options()
            self._say(f"Added {row['institution_id']} to {Path(self.corpus.path) / 'institutions.csv'}.", ok=True)
            form.layout.display = "none"

        button.on_click(add)
        close.on_click(lambda _: setattr(form.layout, "display", "none"))
        form = widgets.VBox([widgets.HTML("<b>New institution</b> (written to your corpus's institutions.csv). Only for "
                                          "an institution that is not in the list at all; an organ or body of a listed "
                                          "one (its secretariat, a council) is one too: choose that one under "
                                          "<i>Part of</i> and the kind <i>organ</i> (CODEBOOK.md §6)."),
                             self.inst_id, self.inst_name, self.inst_acronym, self.inst_kind, self.inst_parent,
                             widgets.HBox([button, close])],
                            layout=widgets.Layout(display="none", border="1px solid #ddd", padding="4px"))
        return form

    def _parent_options(self) -> list:
        institutions = self.corpus.institutions
        return [("none (not a part of another institution)", "")] + [
            (f"{i} — {n}", i) for i, n in zip(institutions.institution_id, institutions.name)]

    # -- saving
    def _add_claim(self):
        """Check the form, save the claim at once (a closed tab or a restarted kernel loses nothing)."""
        try:
            if self.span is None:
                quoted = self.quote.value.strip()
                text = self.corpus.texts[self.doc_id]
                if quoted and len(occurrences(text, quoted)) > 1:  # the form's own words, not locate's occurrence=…
                    self._find()
                    raise ValueError(f"passage: this quote occurs {len(occurrences(text, quoted))} times. Pick the one "
                                     "you mean under “Which one” (step 1), or quote more words around it.")
                start, end = locate(self.corpus, self.doc_id, self.quote.value)
            else:
                start, end = self.span
            quote, occurrence = occurrence_of(self.corpus, self.doc_id, start, end)
            targets = {}
            for row in self.rows:
                inst = row.institution_id()
                if inst is None:
                    continue
                if not row.stance.value:
                    raise ValueError(f"targets: choose a stance for {inst}.")
                targets[inst] = row.stance.value
            if not self.frame.value:
                raise ValueError("frame: choose one frame.")
            themes = [t for t in self.theme_order if self.themes[t].value]
            if not themes:
                raise ValueError("themes: tick at least one theme.")
            if not self.paraphrase.value.strip():
                raise ValueError(f"paraphrase: write one neutral line (\"{self._speaker()} argues that …\").")
            self._refuse_overlap(self.doc_id, start, end)
            row = new_claim(self.corpus, self.doc_id, quote, targets, self.frame.value, themes,
                            self.paraphrase.value, self.note.value, occurrence=occurrence)
            try:
                save_claims([row], self.save_to)
            except (ValueError, OSError):
                withdraw_claim_id(self.corpus, row["claim_id"])  # a refused claim uses no id
                raise
        except (ValueError, OSError) as error:
            self._say(str(error))
            return
        self.saved = load_coding(self.save_to)
        n = len(self.saved)
        self._say(f"Saved {row['claim_id']} to {self.save_to} ({n} claim{'' if n == 1 else 's'} in the file).", ok=True)
        self.quote.value, self.paraphrase.value, self.note.value = "", "", ""
        self._clear_span()
        self.frame.value = None
        for box in self.themes.values():
            box.value = False
        self.theme_order = []
        self.rows = []
        self._add_target()
        self.reader.redraw(self.saved)
        self._show_table()

    def _refuse_overlap(self, doc_id, start, end):
        """In a corpus's own claims.csv claims do not overlap (CODEBOOK.md §1.2); a student's file may."""
        own = (Path(self.corpus.path) / "claims.csv").resolve()
        if self.saved is None or self.save_to.expanduser().resolve() != own:
            return
        for other in self.saved[self.saved.doc_id == doc_id].itertuples():
            if overlaps(start, end, other.start, other.end):
                raise ValueError(f"start/end: the passage {start}–{end} overlaps claim {other.claim_id} "
                                 f"({other.start}–{other.end}); claims do not overlap (CODEBOOK.md §1.2). Shorten one "
                                 f"of them, or code them as one claim.")

    def compare(self):
        """Your saved claims against the reference coding (see ``compare_coding``).

        Before any claim is saved it prints what to do and returns None, so a notebook runs top to bottom.

        >>> import tempfile, pathlib
        >>> from helpers import load_corpus
        >>> c = coder(load_corpus(), "mayta_2021", save_to=pathlib.Path(tempfile.mkdtemp()) / "mine.csv")
        >>> c.compare()
        No coding saved yet: code at least one claim with the coder above (press Add claim), then run this cell again.
        """
        saved = load_coding(self.save_to) if self.save_to.exists() else None
        if saved is None or saved.empty:
            print("No coding saved yet: code at least one claim with the coder above (press Add claim), "
                  "then run this cell again.")
            return None
        from .handin import HandedIn  # the output carries the coding, so it is handed in with the notebook
        return HandedIn(compare_coding(saved, self.corpus), self.save_to)

    def _show_table(self):
        """The saved claims of the interview being coded, newest last; the file's other claims are counted."""
        file = html.escape(str(self.save_to))
        if self.saved is None or self.saved.empty:
            self.table.value = f"<i>No claims saved yet in {file}.</i>"
            return
        mine = self.saved[self.saved.doc_id == self.doc_id]
        others = len(self.saved) - len(mine)
        note = (f" The file also holds {plural(others, 'claim')} of other interviews, not shown here." if others else "")
        head = (f"<p><b>Claims of {html.escape(str(self.doc_id))} in {file}</b>: {len(mine)}, newest last.{note}</p>")
        if mine.empty:
            self.table.value = head
            return
        shown = mine[["claim_id", "quote", "targets", "frame", "themes"]].copy()
        for col in ("targets", "themes"):  # "oas:critical|celac:supportive" wraps as "oas:critical, celac:supportive"
            shown[col] = shown[col].map(lambda v: ", ".join(split_list(v)) if isinstance(v, str) else
                                        ", ".join(map(str, v)) if isinstance(v, (list, tuple)) else "")
        style = ("<style>.coder-claims{border-collapse:collapse;font-size:13px}.coder-claims th{text-align:left}"
                 ".coder-claims td{vertical-align:top;padding:2px 6px}.coder-claims td:nth-child(2){min-width:24em;"
                 "max-width:46em}.coder-claims td:nth-child(3),.coder-claims td:nth-child(5){min-width:9em;"
                 "max-width:16em;overflow-wrap:break-word}</style>")
        self.table.value = head + style + shown.to_html(index=False, escape=True, classes="coder-claims")


def coder(corpus=None, doc_id=None, save_to="my_coding.csv"):
    """The claim coder: the interview in full, a coding form, and your saved claims.

    Select a passage with the mouse (or type a quote and press "Find quote"), pick targets with
    stances, a frame and themes (each shows its codebook definition), write a paraphrase, and press
    "Add claim": the claim is saved to ``save_to`` at once and reloaded the next time you open the coder.

    Args:
        corpus: the corpus to code (default: ``load_corpus()``).
        doc_id: the interview to open first.
        save_to: your CSV file, e.g. "my_coding.csv" beside the notebook. An instructor building a
            corpus passes that corpus's claims.csv. Never the bundled corpus/.

    >>> import tempfile, pathlib
    >>> from helpers import load_corpus
    >>> c = coder(load_corpus(), "mayta_2021", save_to=pathlib.Path(tempfile.mkdtemp()) / "mine.csv")
    >>> c.quote.value = "the OAS has been useless"; c.find.click()
    >>> c.span
    (3544, 3568)
    """
    from .corpus import Corpus, load_corpus
    if corpus is None:
        corpus = load_corpus()
    if not isinstance(corpus, Corpus):
        raise TypeError(f"coder(corpus=...) takes a corpus loaded with load_corpus, e.g. "
                        f"coder(load_corpus(\"my_corpus\"), ...); got {type(corpus).__name__} {corpus!r}")
    return ClaimCoder(corpus, doc_id, save_to)
