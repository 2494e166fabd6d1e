"""Export claims and mentions as W3C Web Annotation JSON-LD, and read them back.

Each annotation targets its document with a TextPositionSelector (0-based, end
excluded) and a TextQuoteSelector (the exact text), so any W3C-aware tool can
anchor it. Codes travel as tagging bodies: ``claim:mayta_c01``, ``speaker:mayta``,
``frame:diagnostic``, ``theme:sovereignty``, ``stance:oas:critical``, ``institution:oas``.

Every annotation, the collection and its page have an absolute IRI as ``id``, and each
annotation carries its own ``@context``, so it is valid on its own too (the W3C test suite's
MUST checks; tests/test_export_w3c.py). The ids are ``urn:uuid:`` ids derived from the corpus
(its documents and each annotation's own id), so a second export gives the same ids; or, with
``base``, an address the instructor publishes them under: ``{base}{claim_id}``.

>>> from helpers import load_corpus
>>> data = to_web_annotation(load_corpus())
>>> data["type"], data["first"]["items"][0]["type"], data["id"].startswith("urn:uuid:")
('AnnotationCollection', 'Annotation', True)
>>> to_web_annotation(load_corpus(), base="https://example.org/claims/")["first"]["items"][0]["id"]
'https://example.org/claims/mayta_c01'
"""

from __future__ import annotations

import urllib.parse
import uuid

import pandas as pd

__all__ = ["to_web_annotation", "claims_from_web_annotation"]

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
# The namespace of this module's urn:uuid ids (a UUID 5 of its name, so it never changes).
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:regional-integration-claims:web-annotation")


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


def _ids(docs: dict, base: str | None):
    """(collection id, page id, a function local id -> annotation id): absolute IRIs.

    Without ``base``: urn:uuid ids, UUID 5 of the documents the corpus annotates (the collection),
    then of the collection and each local id, so they are the same in every export of the same corpus.
    """
    if base:
        parts = urllib.parse.urlsplit(base)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc or not base.endswith(("/", "#")):
            raise ValueError(f"base={base!r}: give the web address the annotations will be published under, "
                             "starting with https:// and ending with / (e.g. https://example.org/claims/)")
        return f"{base}collection", f"{base}collection-page-1", lambda local: f"{base}{local}"
    key = "\n".join(f"{doc_id} {_source(docs[doc_id])}" for doc_id in sorted(docs))
    collection = uuid.uuid5(NAMESPACE, key)
    return (f"urn:uuid:{collection}", f"urn:uuid:{uuid.uuid5(collection, 'page 1')}",
            lambda local: f"urn:uuid:{uuid.uuid5(collection, local)}")


def to_web_annotation(corpus, base: str | None = None) -> dict:
    """All claims and mentions as one W3C AnnotationCollection (a JSON-serialisable dict).

    ``base``: the web address the instructor publishes the annotations under (ending with /);
    without it the ids are stable ``urn:uuid:`` ids derived from the corpus.
    """
    docs = {d["doc_id"]: d for d in corpus.documents.to_dict("records")}
    collection_id, page_id, iri = _ids(docs, base)
    items = []
    for claim_id, rows in corpus.claims.groupby("claim_id", sort=False):
        first = rows.iloc[0]
        text = corpus.texts[first.doc_id]
        body = [{"type": "TextualBody", "purpose": "describing", "value": first.paraphrase, "format": "text/plain"},
                _tag(f"claim:{claim_id}"), _tag(f"speaker:{first.speaker_id}"), _tag(f"turn:{first.turn_id}"),
                _tag(f"frame:{first.frame}")]
        body += [_tag(f"theme:{t}") for t in first.themes]
        body += [_tag(f"stance:{r.institution_id}:{r.stance}") for r in rows.itertuples() if isinstance(r.institution_id, str)]
        items.append({"@context": CONTEXT, "id": iri(claim_id), "type": "Annotation", "motivation": "classifying",
                      "body": body, "target": _target(_source(docs[first.doc_id]), text, first.start, first.end)})
    for m in corpus.mentions.itertuples():
        items.append({"@context": CONTEXT, "id": iri(m.mention_id), "type": "Annotation", "motivation": "identifying",
                      "body": [_tag(f"mention:{m.mention_id}"), _tag(f"institution:{m.institution_id}")],
                      "target": _target(_source(docs[m.doc_id]), corpus.texts[m.doc_id], m.start, m.end)})
    collection = {"id": collection_id, "type": "AnnotationCollection", "label": "Claims and institution mentions",
                  "total": len(items)}
    # the page names its collection as the model's examples do (an object), so it can be served on its own too
    page = {"id": page_id, "type": "AnnotationPage", "partOf": collection, "startIndex": 0, "items": items}
    return {"@context": CONTEXT, **collection, "first": page}


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
            "claim_id": values["claim"][0], "doc_id": by_source[item["target"]["source"]],
            "turn_id": values["turn"][0], "speaker_id": values["speaker"][0],
            "start": pos["start"], "end": pos["end"], "quote": quote["exact"],
            "paraphrase": next(b["value"] for b in item["body"] if b.get("purpose") == "describing"),
            "frame": values["frame"][0], "themes": tuple(values.get("theme", [])),
        }
        stances = [s.split(":", 1) for s in values.get("stance", [])] or [[None, None]]
        for inst, stance in stances:
            rows.append({**base, "institution_id": inst, "stance": stance})
    return pd.DataFrame(rows)
