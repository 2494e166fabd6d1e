"""Proposing an interview's turns from its layout: where each turn starts, its kind and who speaks.

Published interviews come laid out in many ways: paragraphs separated by blank lines or by single
line breaks, lines hard-wrapped mid-sentence, speaker labels at line starts (``Q:``, ``RT:``,
``Ricardo Patiño:``, ``**Pregunta:**``), captions. ``Layout`` reads which it is, splits the text
into units that cover it exactly (a new turn starts only where a unit starts), maps each speaker
label to the interviewee or the outlet, and guesses each unit's kind; a person checks the guess.
Plain text in, offsets out: nothing here reads or writes a file.

>>> layout = Layout("A made-up title\\nQ: Why UNASUR?\\nRP: Because it\\nunites us.\\nQ: And?\\nRP: Yes.\\n")
>>> [(kind, who) for kind, who, _ in layout.turns()][:3]
[('title', 'outlet'), ('question', 'outlet'), ('answer', 'interviewee')]
>>> layout.report()[:2]
['Layout: speaker labels at the start of lines.', "Speaker label 'Q' (2 line(s)) -> outlet (a question label)."]
>>> [kind for kind, _ in guess_turns("Title\\n\\nWhy?\\n\\nBecause.\\n\\nAnd then.")]
['title', 'question', 'answer', 'answer']
"""

from __future__ import annotations

import re

from .source_text import where

__all__ = ["Layout", "paragraphs", "guess_turns", "describe_turns"]


# A speaker label at the start of a line: "RT:", "Q:", "Q.", "Interviewer:", "Ricardo Patiño:",
# "Sacha Llorenti :", "**Name:**", "- Celso Amorim:", "P:", "Pregunta:", "Resposta:" ... (checked further in _label).
LABEL = re.compile(r"[ \t]*(?:[-–—][ \t]*)?(?:\*\*|__)?(?P<label>[^\W\d_][\w.’'\- ]{0,40}?)[ \t]*(?:\*\*|__)?[ \t]*"
                   r"(?P<mark>:|\.(?=[ \t]))[ \t]*(?:\*\*|__)?(?=\s|$)")
OUTLET_LABELS = {"q", "p", "question", "pregunta", "pergunta", "interviewer", "entrevistador", "entrevistadora",
                 "periodista", "jornalista", "reporter", "host"}
INTERVIEWEE_LABELS = {"a", "r", "answer", "respuesta", "resposta", "interviewee", "entrevistado", "entrevistada"}
PARTICLES = {"de", "da", "del", "do", "dos", "das", "la", "las", "los", "y", "e", "van", "von", "di", "du", "le"}
SENTENCE_END = re.compile(r"[.?!…:;][\"”’»)\]*_]*\s*$")  # trailing spaces of any kind (NBSP too)
THANKS = re.compile(r"(thank|gracias|muchas gracias|obrigad|merci)", re.I)


def _fold(s: str) -> str:
    """Lower case without accents, for comparing a label with a speaker id."""
    import unicodedata
    return "".join(c for c in unicodedata.normalize("NFKD", s.lower()) if not unicodedata.combining(c))


def _label(line: str) -> tuple[str, int] | None:
    """(label, length of the label with its colon and spaces) if ``line`` starts with a speaker label.

    >>> _label("Ricardo Patiño: We believe that"), _label("**Q:** Why?"), _label("Q. Why?"), _label("12:30 pm")
    (('Ricardo Patiño', 15), ('Q', 6), ('Q', 2), None)
    >>> _label("- Celso Amorim: La solución"), _label("— P: ¿Y?"), _label("- ¿Qué solución?")
    (('Celso Amorim', 15), ('P', 4), None)
    """
    m = LABEL.match(line)
    if not m:
        return None
    label = m.group("label").strip().rstrip(".").strip()
    words = label.split()
    if not words or len(words) > 5 or not label[0].isupper():
        return None
    if m.group("mark") == ".":  # "Q. Why?": only the one-letter question and answer labels
        if _fold(label) not in {"q", "a", "p", "r"}:
            return None
    elif not all(w[0].isupper() or w in PARTICLES for w in words):
        return None
    return label, m.end()


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset, line without its line break) for every line."""
    out, at = [], 0
    for line in text.splitlines(keepends=True):
        out.append((at, line.rstrip("\r\n")))
        at += len(line)
    return out


def _initials(label: str) -> str:
    return "".join(w[0] for w in label.split() if w not in PARTICLES).upper()


def _matches_id(label: str, speaker_id: str | None) -> bool:
    if not speaker_id:
        return False
    words = re.findall(r"\w+", _fold(label))
    parts = [p for p in speaker_id.split("_") if len(p) > 1 and not p.isdigit()]
    return "".join(words) == speaker_id.replace("_", "") or any(p in words for p in parts)


def _found_labels(lines: list[tuple[int, str]]) -> dict[int, tuple[str, int]]:
    """{line number: (label, its length)} for every line after the first that starts with a speaker label."""
    found = {i: _label(line) for i, (_, line) in enumerate(lines) if i > 0 and line.strip()}
    return {i: lab for i, lab in found.items() if lab}


def _known_labels(found: dict, lines: list[tuple[int, str]], interviewee: str | None, outlet: str | None) -> set[str]:
    """The labels taken as speakers: used twice, naming a speaker id, a question or answer label, or initials of one."""
    counts: dict[str, int] = {}
    for label, _ in found.values():
        counts[label] = counts.get(label, 0) + 1
    said = {lab for i, (lab, end) in found.items() if lines[i][1][:end].rstrip(" \t*_").endswith(":")}
    known = {lab for lab in counts if counts[lab] >= 2 or _matches_id(lab, interviewee) or _matches_id(lab, outlet)
             or (lab in said and _fold(lab) in OUTLET_LABELS | INTERVIEWEE_LABELS)}  # "P:" or "Pregunta:" once
    named = {_initials(k) for k in known if " " in k}  # "Ricardo Patiño:" once, then "RP:" (or the reverse)
    return known | {lab for lab in counts if _initials(lab) in known or lab.replace(".", "") in named}


def _label_groups(labels: list[str]) -> dict[str, str]:
    """{label: the label of its speaker}: "RP" and "Ricardo Patiño" are one speaker.

    >>> _label_groups(["Ricardo Patiño", "RP", "Q"])
    {'Ricardo Patiño': 'Ricardo Patiño', 'RP': 'Ricardo Patiño', 'Q': 'Q'}
    """
    group = {lab: lab for lab in labels}
    for lab in labels:
        for other in labels:
            if other != lab and " " in other and _initials(other) == lab.replace(".", ""):
                group[lab] = other
    return group


def _role_by_name(speaker: str, names: list[str], interviewee: str | None, outlet: str | None) -> tuple[str, str] | None:
    """(role, why) if the labels ``names`` of ``speaker`` name its role: a speaker id, a question or an answer label."""
    if any(_matches_id(lab, interviewee) for lab in names):
        return "interviewee", f"matches --interviewee {interviewee}"
    if any(_matches_id(lab, outlet) for lab in names):
        return "outlet", f"matches --outlet {outlet}"
    if _fold(speaker) in OUTLET_LABELS:
        return "outlet", "a question label"
    if _fold(speaker) in INTERVIEWEE_LABELS:
        return "interviewee", "an answer label"
    return None


def _usual_width(lines: list[tuple[int, str]]) -> int:
    """The length of a full line: the 90th percentile of the non-blank lines' lengths."""
    filled = [len(line.strip()) for _, line in lines if line.strip()]
    return sorted(filled)[int(0.9 * (len(filled) - 1))] if filled else 0


def _wrapping(lines: list[tuple[int, str]]) -> tuple[bool, bool]:
    """(hard-wrapped: most line breaks fall mid-sentence, whether blank lines then mark the paragraphs)."""
    joins = [i for i in range(len(lines) - 1) if lines[i][1].strip() and lines[i + 1][1].strip()]
    mid = [i for i in joins if not SENTENCE_END.search(lines[i][1])]
    blanks = sum(1 for i in range(1, len(lines)) if not lines[i][1].strip() and lines[i - 1][1].strip())
    wrapped = len(joins) >= 3 and len(mid) >= 0.5 * len(joins)
    return wrapped, wrapped and blanks >= 3


def _guess_kind(first: bool, last: bool, role: str | None, body: str, seen_question: bool) -> tuple[str, str]:
    """(kind, "interviewee" or "outlet") of a unit whose text is ``body``; ``role`` is its label's, if any.

    >>> _guess_kind(False, False, None, "Why?", False), _guess_kind(False, True, None, "Thank you.", True)
    (('question', 'outlet'), ('closing', 'outlet'))
    """
    closing = last and seen_question and THANKS.match(body) and len(body) < 200
    if first:
        return "title", "outlet"
    if role == "interviewee":
        return "answer", "interviewee"
    if role == "outlet":
        return ("closing" if closing else "question"), "outlet"
    if closing:
        return "closing", "outlet"
    if body.endswith("?"):
        return "question", "outlet"
    return ("answer", "interviewee") if seen_question else ("introduction", "outlet")


class Layout:
    """How ``new-interview`` read a text: its units (start, end, label), the labels' speakers, warnings."""

    def __init__(self, text: str, interviewee: str | None = None, outlet: str | None = None):
        self.text = text
        lines = _lines(text)
        found = _found_labels(lines)
        known = _known_labels(found, lines, interviewee, outlet)
        self.candidates = set(found)  # lines that look like a label: a turn may start there
        self.labels = {i: lab[0] for i, lab in found.items() if lab[0] in known}
        self.mapping = self._map(lines, interviewee, outlet)
        self.throughout = self._labelled_throughout()
        self.units = self._units(lines)
        self.layout = self._describe(lines)
        self.warnings = self._warnings()

    def _labelled_throughout(self) -> bool:
        """True if labels mark the turns all through: four or more, at least two by each side."""
        roles = [self.mapping[lab][0] for lab in self.labels.values()]
        return len(self.labels) >= 4 and roles.count("interviewee") >= 2 and roles.count("outlet") >= 2

    # -- which lines start a new unit
    def _units(self, lines) -> list[tuple[int, int, str | None]]:
        width = _usual_width(lines)
        self.wrapped, trust_blank_lines = _wrapping(lines)
        first_label = min(self.labels, default=None)
        label_at = {0: None}  # the offset where each unit starts: its label
        for i, (at, line) in enumerate(lines):
            after_first = self.throughout and first_label is not None and i > first_label
            if i > 0 and line.strip() and self._starts_unit(lines, i, after_first, trust_blank_lines, width):
                label_at[at] = self.labels.get(i)
        starts = list(label_at)
        return [(s, e, label_at[s]) for s, e in zip(starts, starts[1:] + [len(self.text)])]

    def _starts_unit(self, lines, i: int, after_first: bool, trust_blank_lines: bool, width: int) -> bool:
        """True if the non-blank line ``i`` starts a new unit."""
        before = lines[i - 1][1]
        if i in self.candidates:  # a label, or a line that looks like one (every labelled line is a candidate)
            return True
        if not before.strip():  # after a blank line; once labels mark the turns, only a label starts one
            return not after_first
        if after_first:
            return False
        if i == 1:
            return True
        if trust_blank_lines:
            return False
        return bool(SENTENCE_END.search(before)) or len(before.strip()) < 0.6 * width

    # -- which label is which speaker
    def _map(self, lines, interviewee, outlet) -> dict[str, tuple[str, str]]:
        labels = list(dict.fromkeys(self.labels.values()))
        group = _label_groups(labels)
        size, asks = self._sizes(lines, group)
        decided: dict[str, tuple[str, str]] = {}
        for g in size:
            role = _role_by_name(g, [lab for lab in labels if group[lab] == g], interviewee, outlet)
            if role:
                decided[g] = role
        rest = [g for g in size if g not in decided]
        if rest and "interviewee" not in {r for r, _ in decided.values()}:
            talker = max(rest, key=lambda g: (size[g] - 1000 * asks[g], size[g]))
            decided[talker] = ("interviewee", "says the most and asks the fewest questions")
        for g in rest:
            decided.setdefault(g, ("outlet", "asks the questions" if asks[g] else "not the interviewee's label"))
        return {lab: (decided[group[lab]][0], decided[group[lab]][1] + (f"; the initials of {group[lab]!r}" if group[lab] != lab else ""))
                for lab in labels}

    def _sizes(self, lines, group: dict[str, str]) -> tuple[dict[str, int], dict[str, int]]:
        """({speaker: characters said}, {speaker: turns that end with a question mark}), by the labelled turns."""
        size = {g: 0 for g in group.values()}
        asks = {g: 0 for g in group.values()}
        starts = sorted(self.labels)
        for k, i in enumerate(starts):
            end = lines[starts[k + 1]][0] if k + 1 < len(starts) else len(self.text)
            body = self.text[lines[i][0]:end].strip()
            size[group[self.labels[i]]] += len(body)
            asks[group[self.labels[i]]] += body.endswith("?")
        return size, asks

    def _describe(self, lines) -> str:
        if self.throughout:
            return "speaker labels at the start of lines" + (" (lines hard-wrapped; joined into turns)" if self.wrapped else "")
        if any(not line.strip() for _, line in lines[1:-1]) and not self.wrapped and \
                all(not lines[i][1].strip() or not lines[i + 1][1].strip() for i in range(1, len(lines) - 1)):
            return "paragraphs separated by blank lines"
        return "hard-wrapped lines, joined into paragraphs" if self.wrapped else "paragraphs separated by line breaks"

    def _warnings(self) -> list[str]:
        text = self.text
        if len(text) < 2000 or (len(self.units) >= 4 and max(e - s for s, e, _ in self.units) < 0.6 * len(text)):
            return []
        s, e, _ = max(self.units, key=lambda u: u[1] - u[0])
        body = text[s:e]
        what = (f"Only {len(self.units)} turn(s) were found in {len(text):,} characters; the longest runs from "
                f"{where(text, s)} to {where(text, e)}. ")
        inline = [m.group(1) for m in re.finditer(r"[.?!”\"]\s+((?:Q|A|P|R|Pregunta|Respuesta|Pergunta|Resposta|Interviewer"
                                                   r"|[A-Z]{2,4}|[A-Z][a-zà-ÿ]+(?: [A-Z][a-zà-ÿ]+){0,2})\s?:)\s", body)]
        repeated = [lab for lab in dict.fromkeys(inline) if inline.count(lab) >= 2]
        if repeated:
            cause = f"Speaker labels such as {repeated[0]!r} stand inside lines, not at their start."
        elif "\n" not in body.strip():
            cause = "The text has no line breaks there: the copy lost them."
        elif re.search(r"\?\s+\S", body):
            cause = "A question and its answer seem to share one paragraph."
        else:
            cause = "Its lines were read as one hard-wrapped paragraph."
        return [what + cause + " The commands never add a line break (the text stays verbatim): save the web page "
                "itself (File › Save Page As, 'Web page, HTML only') and give it as --original, or copy the page again "
                "from another browser; see 'If something goes wrong' in instructor/ADDING_AN_INTERVIEW.md."]

    # -- the guess
    def turns(self) -> list[tuple[str, str, tuple[int, int]]]:
        """(kind, "interviewee" or "outlet", (start, end)) for every unit."""
        out, seen_question, role = [], False, None
        for n, (start, end, label) in enumerate(self.units):
            body = self.text[start:end].strip()
            if label:
                role = self.mapping[label][0]
                body = body[_label(body)[1]:].strip() if _label(body) else body
            elif not (self.throughout and role):
                role = None
            kind, who = _guess_kind(n == 0, n == len(self.units) - 1, role, body, seen_question)
            seen_question = seen_question or kind == "question"
            out.append((kind, who, (start, end)))
        return out

    def title(self) -> str:
        """The first line of the text, as a guess of the title ("" if it is not a plausible title)."""
        first = next((line.strip() for _, line in _lines(self.text) if line.strip()), "")
        return first if len(first) <= 200 else ""

    def report(self) -> list[str]:
        """What was guessed, one line each, for the person to check."""
        out = [f"Layout: {self.layout}."]
        for lab, (role, why) in self.mapping.items():
            n = sum(1 for v in self.labels.values() if v == lab)
            out.append(f"Speaker label {lab!r} ({n} line(s)) -> {role} ({why}).")
        return out + [f"WARNING: {w}" for w in self.warnings]


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph; the blank lines or the line break after a paragraph belong to it.

    >>> paragraphs("One.\\n\\nTwo.\\n")
    [(0, 6), (6, 11)]
    >>> paragraphs("Title\\nQ: Why?\\nA: Because it\\nwas so.\\nQ: And?\\nA: Yes.")
    [(0, 6), (6, 14), (14, 36), (36, 44), (44, 51)]
    """
    return [(s, e) for s, e, _ in Layout(text).units]


def guess_turns(text: str, interviewee: str | None = None, outlet: str | None = None) -> list[tuple[str, tuple[int, int]]]:
    """A first guess of each paragraph's kind: (kind, (start, end)), for a person to check.

    The first paragraph is the title. A paragraph that starts with a speaker label takes its
    speaker's kind (the outlet's question, the interviewee's answer). Otherwise paragraphs before
    the first question are the introduction; a paragraph ending with "?" is a question; a short
    last paragraph that thanks is the closing; every other one is an answer.
    """
    return [(kind, span) for kind, _, span in Layout(text, interviewee, outlet).turns()]


def describe_turns(rows: list[dict], labelled: bool = False) -> list[str]:
    """The proposed turns, one short line each (number, kind, speaker, opening), to check against the text,
    then a line on what to look at first.

    >>> rows = [dict(turn_id="x_t01", kind="title", speaker_id="el_tiempo", opening="LA UNASUR ESTÁ BLINDADA"),
    ...         dict(turn_id="x_t02", kind="introduction", speaker_id="el_tiempo", opening="Es un milagro de la"),
    ...         dict(turn_id="x_t03", kind="question", speaker_id="el_tiempo", opening="¿El esquema de Colombia")]
    >>> print("\\n".join(describe_turns(rows)))  # doctest: +NORMALIZE_WHITESPACE
      t01  title         el_tiempo  LA UNASUR ESTÁ BLINDADA
      t02  introduction  el_tiempo  Es un milagro de la
      t03  question      el_tiempo  ¿El esquema de Colombia
    Check the introduction (t02): it is every paragraph before the first one that ends with '?'. A question put as a statement (no '?') and its answer land there: change their kind to question and answer, and the answer's speaker_id to the interviewee.
    """
    width = max((len(r["kind"]) for r in rows), default=0)
    who = max((len(r["speaker_id"]) for r in rows), default=0)
    out = [f"  {r['turn_id'].rsplit('_', 1)[-1]}  {r['kind']:<{width}}  {r['speaker_id']:<{who}}  {r['opening']}"
           for r in rows]
    intro = [r["turn_id"].rsplit("_", 1)[-1] for r in rows if r["kind"] == "introduction"]
    if intro and not labelled:
        out.append(f"Check the introduction ({intro[0]}{'–' + intro[-1] if len(intro) > 1 else ''}): it is every "
                   "paragraph before the first one that ends with '?'. A question put as a statement (no '?') and its "
                   "answer land there: change their kind to question and answer, and the answer's speaker_id to the "
                   "interviewee.")
    return out

