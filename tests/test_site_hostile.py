"""The reading edition built from a corpus whose every field that reaches a page holds text that can end
or confuse a <script> element (``<!--``, ``<script``, ``</script>``, ``</``, U+2028, U+2029, ...): every
page still draws all its content, in Chromium, and shows that text as text.

Run alone with:  python -m pytest tests/test_site_hostile.py  (marked `browser`; needs /usr/bin/chromium)
"""

import csv
import html
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import CORPUS, ROOT
from test_site import ARTIFACTS, Visit, browser  # noqa: F401  (browser is a fixture)

pytestmark = pytest.mark.browser

HOSTILE = "</title>\u2028\u2029&amp;]]><!--<script>window.pwned=1</script><!--<script>"  # no closing -->: it would heal the parser
NOTEBOOKS = ["00_start_here.ipynb", "03_case_against_the_oas.ipynb"]  # the explorer's note; figures of every kind


def _mark(field: str) -> str:
    """A hostile value that says which field it was planted in, e.g. 'speaker.name<!--<script>...'."""
    return f"[{field}]{HOSTILE}"


def _edit_csv(path: Path, edit) -> None:
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, list(reader)
    for row in rows:
        edit(row)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def _insert_into_text(corpus: Path, doc_id: str, text: str) -> int:
    """Insert ``text`` into an interview, before the quote of a claim, in its text and its seed alike;
    shift every offset after it. Returns the claim's row index."""
    docs = yaml.safe_load((corpus / "documents.yaml").read_text(encoding="utf-8"))
    doc = next(d for d in docs if d["doc_id"] == doc_id)
    body = (corpus / doc["text"]).read_text(encoding="utf-8")
    with open(corpus / "claims.csv", newline="", encoding="utf-8") as f:
        claims = list(csv.DictReader(f))
    with open(corpus / "turns.csv", newline="", encoding="utf-8") as f:
        turns = {t["turn_id"]: t for t in csv.DictReader(f)}
    # a claim well inside its turn (the turn's opening words stay as they are)
    k, claim = next((k, c) for k, c in enumerate(claims)
                    if c["doc_id"] == doc_id and int(c["start"]) > int(turns[c["turn_id"]]["start"]) + 80)
    at = int(claim["start"])
    after = body[at:at + 80]
    seed = (corpus / doc["seed"]).read_text(encoding="utf-8")
    assert seed.count(after) == 1
    (corpus / doc["seed"]).write_text(seed.replace(after, text + after), encoding="utf-8")
    (corpus / doc["text"]).write_text(body[:at] + text + body[at:], encoding="utf-8")

    def shift(row):
        if row.get("doc_id") == doc_id:
            if int(row["start"]) >= at:
                row["start"] = str(int(row["start"]) + len(text))
            if int(row["end"]) > at:
                row["end"] = str(int(row["end"]) + len(text))
    for name in ("turns.csv", "mentions.csv", "claims.csv"):
        _edit_csv(corpus / name, shift)
    return k


def hostile_corpus(dest: Path) -> tuple[Path, dict]:
    """A copy of the bundled corpus with hostile text in every field that reaches a page; (folder, planted)."""
    shutil.copytree(CORPUS, dest)
    planted = {}

    def speakers(row):
        row["name"] = planted.setdefault(f"speaker.name:{row['speaker_id']}", row["name"] + _mark("speaker.name"))
    _edit_csv(dest / "speakers.csv", speakers)

    def institutions(row):
        if row["institution_id"] in ("oas", "celac"):
            shown = row["label"] or row["acronym"] or row["name"]
            # label is what the pages show; acronym, name and aliases keep "OAS" usable in the notebooks' code
            row["label"] = planted.setdefault(f"institution.label:{row['institution_id']}", shown + _mark("institution.label"))
    _edit_csv(dest / "institutions.csv", institutions)

    def claims(row):
        row["paraphrase"] = row["paraphrase"] + _mark("claim.paraphrase")
    _edit_csv(dest / "claims.csv", claims)
    planted["claim.paraphrase"] = _mark("claim.paraphrase")

    def events(row):
        row["event"] = row["event"] + _mark("event.event")
        row["source"] = row["source"] + _mark("event.source")
    _edit_csv(dest / "events.csv", events)
    planted["event.event"] = _mark("event.event")

    codebook = yaml.safe_load((dest / "codebook.yaml").read_text(encoding="utf-8"))
    codebook["theme_labels"]["sovereignty"] = planted["theme_label"] = "sovereignty" + _mark("theme_label")
    codebook["theme_labels"]["integration"] = "integration" + _mark("theme_label")
    (dest / "codebook.yaml").write_text(yaml.safe_dump(codebook, allow_unicode=True, sort_keys=False), encoding="utf-8")

    planted["text"] = _mark("interview.text")
    _insert_into_text(dest, "mayta_2021", planted["text"])
    return dest, planted


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    from helpers import load_corpus
    from helpers.site import build

    tmp = tmp_path_factory.mktemp("hostile")
    corpus, planted = hostile_corpus(tmp / "corpus")
    load_corpus(corpus)  # a valid corpus: the hostile text is text, not an error
    notebooks = tmp / "notebooks"
    notebooks.mkdir()
    for name in NOTEBOOKS:
        shutil.copy(ROOT / "notebooks" / name, notebooks / name)
    out = tmp / "site"
    mp = pytest.MonkeyPatch()
    mp.setenv("CLAIMS_CORPUS", str(corpus))  # the notebooks' kernels read the hostile corpus
    try:
        build(out, notebooks=notebooks, corpus_path=corpus, log=lambda *_: None)
    finally:
        mp.undo()
    return out, planted


def _embedded(page: str) -> list:
    """Every <script type="application/json"> of a page, cut where an HTML parser ends the element."""
    blocks = re.findall(r'<script[^>]*type="application/json"[^>]*>(.*?)</script', page, flags=re.S | re.I)
    return [json.loads(b) for b in blocks]


def test_the_embedded_json_never_holds_what_ends_a_script_and_parses_whole(hostile_site):
    out, planted = hostile_site
    for path in sorted(out.glob("*.html")):
        page = path.read_text(encoding="utf-8")
        for block in re.findall(r'<script[^>]*type="application/json"[^>]*>(.*?)</script', page, flags=re.S | re.I):
            for bad in ("<!--", "<script", "</", "\u2028", "\u2029"):
                assert bad not in block.lower(), (path.name, bad)
        data = _embedded(page)  # cut at the first "</script" as a browser would: each block is whole JSON
        if path.name == "explorer.html":
            text = json.dumps(data, ensure_ascii=False)
            for field, value in planted.items():
                if not field.startswith("event"):
                    assert value in text, (field, "not in the explorer's data")


def test_every_page_draws_all_its_content_and_shows_the_planted_text_as_text(hostile_site, browser):  # noqa: F811
    out, planted = hostile_site
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    seen = ""
    for path in sorted(out.glob("*.html")):
        v = Visit(browser, out, path.name)
        try:
            page = v.page
            figures = page.locator("figure.plot").count()
            if path.stem in {Path(n).stem for n in NOTEBOOKS}:
                src = (ROOT / "notebooks" / f"{path.stem}.ipynb").read_text(encoding="utf-8")
                assert figures == src.count("plots.show("), path.name
                # every figure drawn, the last one too (a broken spec stops the drawing at the first)
                page.wait_for_function(
                    f"() => document.querySelectorAll('figure.plot .plotly-figure .main-svg').length >= {figures}",
                    timeout=30_000)
                assert page.locator(".pager").count() == 1, "the page is there to its end"
            elif path.name == "explorer.html":
                page.wait_for_selector("#chart .main-svg", timeout=30_000)
                page.wait_for_selector("#claims tbody tr")
                for select in ("#f-speaker", "#f-institution", "#f-theme", "#f-stance"):
                    assert page.locator(f"{select} option").count() >= 2, select
                assert re.search(r"\d+ claims?", page.inner_text("#count"))
            page.wait_for_timeout(300)
            assert v.errors == [], (path.name, v.errors)
            assert page.evaluate("() => window.pwned") is None, "a planted script ran"
            assert page.locator("main script:not([type]), main script[type='text/javascript']").count() == 0
            seen += page.evaluate("""() => document.body.innerText + ' ' + Array.from(document.querySelectorAll(
                'select option, .main-svg text')).map(e => e.textContent).join(' ')""")
            page.screenshot(path=str(ARTIFACTS / f"hostile-{path.stem}.png"), full_page=path.name != "explorer.html")
        finally:
            v.close()
    for field, value in planted.items():
        if field.startswith("event"):
            continue  # the timeline shows an event's text on hover only: checked in the figure's data below
        assert value.replace("\u2028", "").replace("\u2029", "")[:40] in seen.replace("\u2028", "").replace("\u2029", ""), field
    fig_data = json.dumps([_embedded((out / f"{Path(n).stem}.html").read_text(encoding="utf-8")) for n in NOTEBOOKS],
                          ensure_ascii=False)
    # the timeline wraps its hover text at spaces (U+2028 and U+2029 count as spaces) with <br>
    squeeze = lambda text: re.sub(r"\s|<br>", "", text)  # noqa: E731
    assert squeeze(html.escape(planted["event.event"])) in squeeze(fig_data), \
        "plotly reads hover text as markup: the timeline escapes it"
