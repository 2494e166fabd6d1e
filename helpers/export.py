"""Export claims and mentions as W3C Web Annotation JSON-LD, and read them back.

Each annotation targets its document with a TextPositionSelector (0-based, end
excluded) and a TextQuoteSelector (the exact text), so any W3C-aware tool can
anchor it. Codes travel as tagging bodies: ``speaker:mayta``, ``frame:diagnostic``,
``theme:sovereignty``, ``stance:oas:critical``, ``institution:oas``.

>>> from helpers import load_corpus
>>> data = to_web_annotation(load_corpus())
>>> data["type"], data["first"]["items"][0]["type"]
('AnnotationCollection', 'Annotation')
"""

from __future__ import annotations

import pandas as pd

__all__ = ["to_web_annotation", "claims_from_web_annotation"]

CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def _source(doc) -> str:
    return doc.get("url") or f"urn:x-corpus:document:{doc['doc_id']}"


def _target(source, text, start, end):
    return {
        "source": source,
        "selector": [
            {"type": "TextPositionSelector", "start": int(start), "end": int(end)},
            {"type": "TextQuoteSelector", "exact": text[start:end],
             "prefix": text[max(0, start - 32):start], "suffix": text[end:end + 32]},
        ],
    }


def _tag(value: str) -> dict:
    return {"type": "TextualBody", "purpose": "tagging", "value": value}


def to_web_annotation(corpus) -> dict:
    """All claims and mentions as one W3C AnnotationCollection (a JSON-serialisable dict)."""
    docs = {d["doc_id"]: d for d in corpus.documents.to_dict("records")}
    items = []
    for claim_id, rows in corpus.claims.groupby("claim_id", sort=False):
        first = rows.iloc[0]
        text = corpus.texts[first.doc_id]
        body = [{"type": "TextualBody", "purpose": "describing", "value": first.paraphrase, "format": "text/plain"},
                _tag(f"speaker:{first.speaker_id}"), _tag(f"turn:{first.turn_id}"), _tag(f"frame:{first.frame}")]
        body += [_tag(f"theme:{t}") for t in first.themes]
        body += [_tag(f"stance:{r.institution_id}:{r.stance}") for r in rows.itertuples() if isinstance(r.institution_id, str)]
        items.append({"id": f"#{claim_id}", "type": "Annotation", "motivation": "classifying",
                      "body": body, "target": _target(_source(docs[first.doc_id]), text, first.start, first.end)})
    for m in corpus.mentions.itertuples():
        items.append({"id": f"#{m.mention_id}", "type": "Annotation", "motivation": "identifying",
                      "body": [_tag(f"institution:{m.institution_id}")],
                      "target": _target(_source(docs[m.doc_id]), corpus.texts[m.doc_id], m.start, m.end)})
    return {"@context": CONTEXT, "type": "AnnotationCollection", "label": "Claims and institution mentions",
            "total": len(items), "first": {"type": "AnnotationPage", "items": items}}


def claims_from_web_annotation(data: dict, corpus) -> pd.DataFrame:
    """Rebuild the tidy claims table from an exported collection (for round-trip checks)."""
    by_source = {_source(d): d["doc_id"] for d in corpus.documents.to_dict("records")}
    rows = []
    for item in data["first"]["items"]:
        if item.get("motivation") != "classifying":
            continue
        tags = [b["value"] for b in item["body"] if b.get("purpose") == "tagging"]
        values = {}
        for tag in tags:
            key, _, rest = tag.partition(":")
            values.setdefault(key, []).append(rest)
        pos = next(s for s in item["target"]["selector"] if s["type"] == "TextPositionSelector")
        quote = next(s for s in item["target"]["selector"] if s["type"] == "TextQuoteSelector")
        base = {
            "claim_id": item["id"].lstrip("#"), "doc_id": by_source[item["target"]["source"]],
            "turn_id": values["turn"][0], "speaker_id": values["speaker"][0],
            "start": pos["start"], "end": pos["end"], "quote": quote["exact"],
            "paraphrase": next(b["value"] for b in item["body"] if b.get("purpose") == "describing"),
            "frame": values["frame"][0], "themes": tuple(values.get("theme", [])),
        }
        stances = [s.split(":", 1) for s in values.get("stance", [])] or [[None, None]]
        for inst, stance in stances:
            rows.append({**base, "institution_id": inst, "stance": stance})
    return pd.DataFrame(rows)
