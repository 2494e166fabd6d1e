"""The reading edition: the module as a static folder that needs no installation and no network.

``python -m helpers site OUT`` runs every student notebook in a fresh kernel (nbclient), turns it
into an HTML page (nbconvert's "basic" template inside our own page shell), and writes an index
page, a kernel-free claim explorer (the corpus data embedded in the page, drawn by plotly.js,
``helpers/static/engine.js`` and ``site.js``, the files the notebooks' explorer uses too), the glossary if ``notebooks/glossary.md`` exists,
and one copy of plotly.js.
Every page works from ``file://``; no page asks for anything outside the folder.

>>> binder_for("https://mybinder.org/v2/gh/me/mod/HEAD?urlpath=lab/tree/notebooks/00_start_here.ipynb",
...            "03_case_against_the_oas")
'https://mybinder.org/v2/gh/me/mod/HEAD?urlpath=lab/tree/notebooks/03_case_against_the_oas.ipynb'
"""

from __future__ import annotations

import html
import json
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
ASSETS = Path(__file__).resolve().parent.parent / "static"  # JS and CSS shared with the notebook widgets
MARKER = ".reading-edition"  # written into OUT so that a rebuild only ever clears a folder it made
PLOTLY_MIME = "application/vnd.plotly.v1+json"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_NAMES = {"ClaimExplorer": "the claim explorer", "Concordance": "the concordance (keyword in context)",
                "InterviewReader": "the interview reader (each interview in full, turn by turn)",
                "ClaimCoder": "the claim coder (select a passage in the interview, code it and save it)"}
EXPLORER_FILTERS = ("speaker", "institution", "theme", "stance")


class SiteError(Exception):
    """A problem that stops the build, with a message that says what to do."""


def binder_for(binder_url: str, stem: str) -> str:
    """The README's Binder link, opening notebook ``stem`` instead of the start notebook."""
    return re.sub(r"(urlpath=lab/tree/)\S+", lambda m: f"{m.group(1)}notebooks/{stem}.ipynb", binder_url)


def readme_binder(readme: str) -> str:
    """The URL on the README's one ``[binder]:`` line.

    >>> readme_binder("text\\n[binder]: https://mybinder.org/v2/gh/a/b/HEAD?urlpath=lab/tree/x\\n")
    'https://mybinder.org/v2/gh/a/b/HEAD?urlpath=lab/tree/x'
    """
    found = re.findall(r"^\[binder\]: (\S+)\s*$", readme, re.M)
    if len(found) != 1:
        raise SiteError(f"README.md should have exactly one line starting with '[binder]: ' (found {len(found)}).")
    return found[0]


def repository_url(binder_url: str) -> str | None:
    """The GitHub address of the repository that the Binder link names, for links to its files.

    >>> repository_url("https://mybinder.org/v2/gh/me/mod/HEAD?urlpath=lab")
    'https://github.com/me/mod/blob/HEAD'
    """
    m = re.search(r"/v2/gh/([^/]+)/([^/]+)/([^/?]+)", binder_url)
    return f"https://github.com/{m.group(1)}/{m.group(2)}/blob/{m.group(3)}" if m else None


def readme_section(readme: str, heading: str) -> str:
    """The markdown under ``## heading`` up to the next heading of the same or a higher level ('' if absent).

    >>> readme_section("# T\\n## A\\ntext\\n### B\\nmore\\n## C\\n", "A")
    'text\\n### B\\nmore'
    """
    m = re.search(rf"^(#+) {re.escape(heading)}\s*$", readme, re.M)
    if not m:
        return ""
    level = len(m.group(1))
    rest = readme[m.end():]
    end = re.search(rf"^#{{1,{level}}} ", rest, re.M)
    return rest[:end.start() if end else len(rest)].strip()


def _md(text: str) -> str:
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return markdown2html_mistune(text)


# ---------------------------------------------------------------------------------------------
# Running and converting the notebooks


def execute(path: Path, workdir: Path, timeout: int = 300, corpus_path=None):
    """Run a copy of the notebook at ``path`` in a fresh kernel, in ``workdir``; keep the widgets' state.

    With ``corpus_path``, the kernel's ``load_corpus()`` reads that folder (``CLAIMS_CORPUS``).
    """
    import os

    import nbformat

    from ..nbrun import run_notebook

    env = {**os.environ, "CLAIMS_CORPUS": str(Path(corpus_path).resolve())} if corpus_path else None
    return run_notebook(nbformat.read(path, as_version=4), workdir, timeout, env=env)


def _widget_filters(nb, model_id: str, options: dict) -> dict:
    """The explorer's filter values as the notebook left them, read from the stored widget state."""
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    found = {}

    def walk(mid):
        model = state.get(mid.replace("IPY_MODEL_", ""))
        if not model:
            return
        s = model["state"]
        key = str(s.get("description", "")).lower()
        if key in options and model["model_name"] in ("SelectMultipleModel", "DropdownModel"):
            index = s.get("index")
            picked = index if isinstance(index, list) else ([index] if isinstance(index, int) else [])
            values = [options[key][i][1] for i in picked if i < len(options[key])]
            found[key] = [v for v in values if v is not None]
        for child in s.get("children", []):
            walk(child)

    walk(model_id)
    return {k: v for k, v in found.items() if v}


def explorer_link(filters: dict) -> str:
    """The explorer page's address with these filters set in its fragment.

    >>> explorer_link({"speaker": ["mayta", "llorenti"], "stance": ["critical"]})
    'explorer.html#speaker=mayta,llorenti&stance=critical'
    """
    from urllib.parse import quote

    parts = [f"{k}={','.join(quote(v) for v in filters[k])}" for k in EXPLORER_FILTERS if filters.get(k)]
    return "explorer.html" + ("#" + "&".join(parts) if parts else "")


def _widget_note(kind: str, link: str, live: str) -> str:
    what = WIDGET_NAMES.get(kind, f"an interactive view ({html.escape(kind)})")
    explorer = "this selection in the explorer page" if "#" in link else "the explorer page"
    run = f', or <a href="{html.escape(live)}">run this notebook live</a>' if live else ""
    return (f'<aside class="widget-note" role="note"><p><strong>In the live notebook, {what} appears here.</strong> '
            f'It needs a running notebook. Here you can use <a href="{html.escape(link)}">{explorer}</a>, which works '
            f'without installation{run}.</p></aside>')


# What could end or confuse a <script> element, or a JavaScript string, escaped as JSON \u escapes.
# JSON.parse reads them back as the same characters; "<" only occurs inside JSON strings, so nothing else changes.
SCRIPT_UNSAFE = {"<": r"\u003c", ">": r"\u003e", "&": r"\u0026", "\u2028": r"\u2028", "\u2029": r"\u2029"}


def script_json(data) -> str:
    r"""``data`` as JSON that is safe inside ``<script type="application/json">``, whatever its text holds.

    ``</script>``, ``<!--`` and ``<script`` cannot end the element or switch the HTML parser into its
    "escaped" states, and U+2028/U+2029 stay escaped as well.

    >>> script_json({"quote": "<!--<script></script> & " + chr(0x2028)})
    '{"quote": "\\u003c!--\\u003cscript\\u003e\\u003c/script\\u003e \\u0026 \\u2028"}'
    >>> json.loads(script_json({"quote": "<!--</script>"}))["quote"]
    '<!--</script>'
    """
    text = json.dumps(data, ensure_ascii=False)
    return re.sub("[<>&\u2028\u2029]", lambda m: SCRIPT_UNSAFE[m.group()], text)


def _figure(spec: dict, number: int, stem: str) -> str:
    from ..plots import as_shown, describe

    fid = f"{stem}-fig{number}"
    shown = as_shown(spec)  # the title goes to the caption, where it wraps (plots.show draws figures so already)
    title = shown["layout"]["meta"]["title"]
    payload = script_json({"data": shown.get("data", []), "layout": shown["layout"]})
    text = describe(spec) or "Figure"
    return (f'<figure class="plot" id="{fid}">'
            f'<div class="plotly-figure" role="img" aria-labelledby="{fid}-caption"></div>'
            f'<script type="application/json" class="plotly-spec">{payload}</script>'
            f'<figcaption id="{fid}-caption"><span class="figure-label">Figure {number}.</span> '
            + (f'<span class="figure-title">{html.escape(title)}.</span> ' if title else "")
            + f'{html.escape(text)}</figcaption></figure>')


def prepare(nb, stem: str, live: str, explorer_options: dict) -> int:
    """Change the executed notebook's outputs in place for the page; return the number of figures.

    - plotly figures become a <figure> with the spec for plotly.js and the description as its caption
      (the same description that ``plots.show`` prints is then dropped from the printed text);
    - widgets become a note that links to the explorer page (with the notebook's filters, if any).
    """
    from nbformat.v4 import new_output

    from ..plots import describe

    figures = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outputs, captions = [], []
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if PLOTLY_MIME in data:
                figures += 1
                spec = data[PLOTLY_MIME]
                captions.append(describe(spec))
                outputs.append(new_output("display_data", {"text/html": _figure(spec, figures, stem)}))
            elif "claims-figure-text" in str(data.get("text/html", "")):
                # the figure's description under it in the notebook (plots.show): here it is the figure's
                # caption already; a timeline's numbered key stays, under the figure
                key = re.search(r"<ol class=\"claims-figure-key\">.*</ol>", data["text/html"], re.S)
                if key:
                    outputs.append(new_output("display_data", {"text/html": key.group(0)}))
            elif WIDGET_MIME in data:
                kind = str(data.get("text/plain", "widget")).split("(", 1)[0].strip() or "widget"
                filters = _widget_filters(nb, data[WIDGET_MIME]["model_id"], explorer_options) if kind == "ClaimExplorer" else {}
                outputs.append(new_output("display_data", {"text/html": _widget_note(kind, explorer_link(filters), live)}))
            elif out.get("output_type") == "stream" and captions:
                text = out.text
                for caption in captions:
                    if caption and caption in text:
                        text = text.replace(caption + "\n", "", 1).replace(caption, "", 1)
                captions = []
                if text.strip():
                    out.text = text
                    outputs.append(out)
            else:
                if "dataframe" in str(data.get("text/html", "")):  # a wide table scrolls, so it must take keyboard focus
                    data["text/html"] = ('<div class="table-wrap" tabindex="0" role="region" aria-label="Table">'
                                         f'{data["text/html"]}</div>')
                outputs.append(out)
        cell.outputs = outputs
    nb.metadata.pop("widgets", None)
    return figures


def _rewrite_links(body: str, pages: set, repo: str | None, base: str = "notebooks/") -> str:
    """Links between notebooks stay inside the site; links to other repository files go to the repository, or,
    when the repository is not set, become plain text (never a link to a placeholder or a missing file).

    ``base`` is the folder, inside the repository, that the links are relative to.

    >>> _rewrite_links('<a href="glossary.md#trep">TREP</a> and the <a href="../LICENSE">licence</a>', {"glossary"}, None)
    '<a href="glossary.html#trep">TREP</a> and the licence'
    """
    import posixpath

    def fix(m):
        target, anchor, text = m.group(2), m.group(3) or "", m.group(5)
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith(("#", "/")) or not target \
                or target.endswith(".html"):  # the site's own pages
            return m.group(0)
        name = Path(target).name
        stem = Path(name).stem
        if name.endswith((".ipynb", ".md")) and stem in pages:
            return f'{m.group(1)}{stem}.html{anchor}"{m.group(4)}>{text}</a>'
        if repo:
            return f'{m.group(1)}{repo}/{posixpath.normpath(base + target)}{anchor}"{m.group(4)}>{text}</a>'
        return text

    return re.sub(r'(<a\s+href=")([^"#]*)(#[^"]*)?"([^>]*)>(.*?)</a>', fix, body, flags=re.S)


# ---------------------------------------------------------------------------------------------
# Pages


def page(title: str, body: str, nav: list[tuple[str, str]], current: str, scripts: tuple = (), wide=False) -> str:
    """One complete HTML page in the site's shell (header, navigation, main, footer)."""
    here = ' aria-current="page"'
    links = "".join(f'<li><a href="{href}"{here if href == current else ""}>{html.escape(label)}</a></li>'
                    for label, href in nav)
    # "async:plotly.min.js": loaded without holding up the page (the explorer draws its count line and table
    # first, and its chart when plotly has arrived)
    tags = "".join(f'<script src="{s[6:]}" async onload="document.dispatchEvent(new Event(\'plotly-loaded\'))"></script>'
                   if s.startswith("async:") else f'<script src="{s}"></script>' for s in scripts)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<link rel="stylesheet" href="style.css">
{tags}
</head>
<body{' class="wide"' if wide else ''}>
<a class="skip-link" href="#content">Skip to the content</a>
<header class="site-header">
<p class="site-title"><a href="index.html">Claims about regional integration</a> <span>· reading edition</span></p>
<nav aria-label="Site"><ul>{links}</ul></nav>
</header>
<main id="content">
{body}
</main>
<footer class="site-footer"><p>Reading edition, generated from the module's notebooks by
<code>python -m helpers site</code>. It reads only; to run the code and check your answers, open a notebook live.</p></footer>
</body>
</html>
"""


def _notebook_info(path: Path, readme: str) -> dict:
    """Number, title, time and topic of a student notebook, read from the notebook and the README."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    first = next((c.source for c in nb.cells if c.cell_type == "markdown"), "")
    title = re.search(r"^#\s+(.+)$", first, re.M)
    when = re.search(r"\*\*Time:\*\*\s*(.+?)\.(\s|$)", first)
    topic = re.search(rf"^\|\s*\[[^\]]*\]\(notebooks/{re.escape(path.name)}\)\s*\|\s*(.+?)\s*\|\s*$", readme, re.M)
    return {"stem": path.stem, "title": title.group(1).strip() if title else path.stem,
            "time": when.group(1).strip() if when else "", "topic": topic.group(1) if topic else ""}


MAX_ROWS = 100  # the explorer page lists at most this many claims; its note says how many more match


def explorer_data(corpus) -> dict:
    """Everything the kernel-free explorer needs, taken from ``explore()`` and ``corpus.claims``."""
    from .. import plots
    from ..widgets import explore, quote_in_context, stance_chart_constants

    ex = explore(corpus)
    # the widget's "all" choices (value "all") are the empty value here, as in the page's forms
    options = {k: [[str(label), None if (k in ("theme", "stance") and value == "all") else value]
                   for label, value in getattr(ex, k).options] for k in EXPLORER_FILTERS}
    rows = []
    for r in corpus.claims.itertuples(index=False):
        left, rest = quote_in_context(corpus, r.doc_id, r.turn_id, r.start, r.end).split("<mark>", 1)
        quote, right = rest.split("</mark>", 1)
        inst = r.institution_id if isinstance(r.institution_id, str) else None
        rows.append({"claim_id": r.claim_id, "speaker_id": r.speaker_id, "institution_id": inst,
                     "stance": r.stance if inst else None, "themes": list(r.themes), "frame": r.frame,
                     "paraphrase": r.paraphrase, "context": [html.unescape(left), html.unescape(quote), html.unescape(right)]})
    targeted = corpus.claims.dropna(subset=["institution_id"])
    speakers = corpus.claims.speaker_id.unique()
    insts = targeted.institution_id.unique()
    return {
        "options": options, "rows": rows, "maxRows": MAX_ROWS,
        "institutionOrder": [value for _, value in ex.institution.options],
        "institutionInSentence": {i: plots.institution_in_sentence(corpus, i) for i in insts},
        "themeLabel": {t: plots.theme_label(corpus, t) for t in corpus.codebook["themes"]},
        "speakerName": {s: corpus.speaker_name(s) for s in speakers},
        **stance_chart_constants(corpus),  # what engine.js needs to draw the chart, as the notebooks' explorer
    }


def corpus_note(corpus, live: bool = False) -> str:
    """A note for every page when the corpus is not the module's own pair: which interviews the pages show.

    The module's prose was written for the interviews it ships with; the tables, figures and explorer
    are computed from ``corpus``. Empty for the bundled interviews. ``live``: the pages link to Binder,
    which runs the module's own corpus.

    >>> from helpers import load_corpus
    >>> corpus_note(load_corpus())
    ''
    """
    import yaml

    from ..vocab import BUNDLED_CORPUS, plural, the_interviews

    bundled = [d["doc_id"] for d in yaml.safe_load((BUNDLED_CORPUS / "documents.yaml").read_text(encoding="utf-8"))]
    docs = corpus.documents
    if list(docs.doc_id) == bundled:
        return ""

    def who(d):  # "Mayta in Kawsachun News"
        name = corpus.speaker_short_name(d.interviewee) if isinstance(d.interviewee, str) else d.doc_id
        outlet = corpus.speaker_short_name(d.outlet_speaker) if isinstance(d.outlet_speaker, str) else ""
        return f"{name} in {outlet}" if outlet else name

    added = [who(d) for d in docs.itertuples() if d.doc_id not in bundled]
    kept = [who(d) for d in docs.itertuples() if d.doc_id in bundled]
    n = len(docs)
    listing = "; ".join(x for x in (", ".join(kept), "added: " + ", ".join(added) if added else "") if x)
    return ('<aside class="corpus-note" role="note"><p><strong>This edition shows the corpus '
            f'{html.escape(corpus.path.name)}: {plural(n, "interview")}, '
            f'{plural(corpus.claims.claim_id.nunique(), "coded claim")}</strong> ({html.escape(listing)}). '
            f"The module's text was written for the interviews it ships with; its tables, figures and the claim "
            f"explorer are computed from this corpus and include {the_interviews(n)}."
            + (" The “run it live” links open the module on Binder with its own interviews, not this corpus."
               if live else "") + "</p></aside>")


EXPLORER_BODY = """<h1>Claim explorer</h1>
<p>The coded claims of __WHICH__, with the same filters as <code>explore(corpus)</code> in the notebooks.
Pick one or more speakers and institutions (none picked means all), and narrow them down by theme or stance.
Everything runs in this page: nothing is installed and nothing is sent anywhere.</p>
<noscript><p class="notice">The explorer needs JavaScript. The notebooks' pages can be read without it.</p></noscript>
<form class="filters" id="filters" aria-describedby="filter-hint">
<div class="filter"><label for="f-speaker">Speaker</label><select id="f-speaker" name="speaker" multiple size="4"></select></div>
<div class="filter"><label for="f-institution">Institution</label><select id="f-institution" name="institution" multiple size="6"></select></div>
<div class="filter"><label for="f-theme">Theme</label><select id="f-theme" name="theme"></select>
<label for="f-stance">Stance</label><select id="f-stance" name="stance"></select>
<button type="button" id="reset">Reset filters</button></div>
<p id="filter-hint" class="hint">Ctrl/⌘-click, or Shift/Ctrl + arrow keys and Space, to pick several; none picked = all.
Tab moves between the filters.</p>
</form>
<p id="count" class="count" role="status" aria-live="polite"></p>
<figure class="plot" id="explorer-chart"><div class="plotly-figure" id="chart" role="img" aria-labelledby="chart-caption"></div>
<figcaption id="chart-caption"></figcaption></figure>
<p id="chart-note" class="hint"></p>
<div id="claims" class="claims"></div>
<script type="application/json" id="explorer-data">__DATA__</script>
"""


@dataclass
class _Shell:
    """What every page of one build shares: the folder, the navigation, the link targets, the Binder link, the note."""
    out: Path
    nav: list[tuple[str, str]]
    pages: set[str]  # the stems that have a page here (links to their notebooks become links to the pages)
    repo: str | None  # the repository's address, for links to its other files
    binder: str  # the README's Binder link ("" while it still says OWNER/REPOSITORY)
    note: str  # the note on an added corpus ("" for the module's own interviews)

    def write(self, name: str, title: str, body: str, scripts: tuple = (), wide=False) -> None:
        (self.out / name).write_text(page(title, body, self.nav, name, scripts, wide=wide), encoding="utf-8")


def _clear(out: Path, corpus, notebooks: Path) -> None:
    """Make ``out`` an empty folder marked as the reading edition's; refuse a folder of anything else."""
    if out.resolve().is_relative_to(corpus.path.resolve()) or out.resolve() in (ROOT, notebooks.resolve()):
        raise SiteError(f"Choose another output folder: {out} is inside the corpus or is the module's own folder.")
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).exists():
            raise SiteError(f"{out} already exists and holds other files; choose a new or empty folder.")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("Made by python -m helpers site; rebuilt (deleted and written again) on each build.\n")


def _links(readme_text: str, corpus, log) -> tuple[str, str, str | None]:
    """(the Binder link or "", the corpus note, the repository's address or None)."""
    binder = readme_binder(readme_text)
    note = corpus_note(corpus, live="OWNER/REPOSITORY" not in binder)  # "" for the module's own interviews
    if "OWNER/REPOSITORY" in binder:
        if not note:  # the module's publisher's business, not an added corpus's
            log("Note: README.md's [binder] line still says OWNER/REPOSITORY; the pages get 'run it live' links, and "
                "links to the repository's other files, once it is set.")
        binder = ""
    return binder, note, repository_url(binder) if binder else None


def _run(path: Path, scratch: Path, corpus_path) -> object:
    """``execute``, with a failed cell as a SiteError that says what to do."""
    try:
        return execute(path, scratch, corpus_path=corpus_path)
    except Exception as err:  # nbclient's CellExecutionError, a kernel that died or timed out
        plain = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", str(err))  # no terminal colour codes in the message
        last = plain.strip().splitlines()[-1:] or [type(err).__name__]
        raise SiteError(f"{path}: a cell failed while the reading edition was built ({last[0]}). "
                        "Open the notebook, run Restart & Run All, fix the cell, and build again.") from err


def _pager(prev: dict | None, nxt: dict | None) -> str:
    """The links to the previous and the next notebook's pages."""
    return '<nav class="pager" aria-label="Notebooks">' + (
        f'<a rel="prev" href="{prev["stem"]}.html">← {html.escape(prev["title"])}</a>' if prev else "") + (
        f'<a rel="next" href="{nxt["stem"]}.html">{html.escape(nxt["title"])} →</a>' if nxt else "") + "</nav>"


def _notebook_pages(shell: _Shell, paths: list, infos: list, options: dict, corpus_path, executed, log) -> dict:
    """Run each notebook (or take its run from ``executed``) and write its page; return {stem: figures}."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="basic", exclude_input_prompt=True, exclude_output_prompt=True,
                            exclude_anchor_links=True)
    figures = {}
    with tempfile.TemporaryDirectory() as scratch:
        for k, (path, info) in enumerate(zip(paths, infos)):
            t = time.perf_counter()
            nb = (executed or {}).get(path) or _run(path, Path(scratch), corpus_path)
            live = binder_for(shell.binder, info["stem"]) if shell.binder else ""
            figures[info["stem"]] = prepare(nb, info["stem"], live, options)
            body, _ = exporter.from_notebook_node(nb)
            body = _rewrite_links(body, shell.pages, shell.repo)
            top = (f'<p class="live"><a href="{html.escape(live)}">Run this notebook live on Binder</a> '
                   f'(opens JupyterLab in the browser; the exercises' "' self-checks work there).</p>") if live else ""
            pager = _pager(infos[k - 1] if k else None, infos[k + 1] if k + 1 < len(infos) else None)
            scripts = ("plotly.min.js", "engine.js", "site.js") if figures[info["stem"]] else ("site.js",)  # engine.js: reflow, holdHeight
            shell.write(f"{info['stem']}.html", info["title"], top + shell.note + f'<div class="notebook">{body}</div>' + pager,
                        scripts)  # a page without figures loads no plotly.js (4.8 MB, about a second to read)
            log(f"  {info['stem']}.html: {figures[info['stem']]} figure(s), {time.perf_counter() - t:.1f} s")
    return figures


def _other_pages(shell: _Shell, corpus, data: dict, readme_text: str, infos: list, glossary: Path) -> None:
    """Write the explorer page, the glossary page (if ``glossary`` exists) and the index page."""
    from ..vocab import the_interviews

    which = html.escape(the_interviews(len(corpus.documents)) + (" in this corpus" if shell.note else ""))
    shell.write("explorer.html", "Claim explorer", EXPLORER_BODY.replace("__WHICH__", which).replace("__DATA__", script_json(data)),
                ("async:plotly.min.js", "engine.js", "site.js"), wide=True)
    if glossary.exists():
        shell.write("glossary.html", "Glossary", _rewrite_links(_md(glossary.read_text(encoding="utf-8")), shell.pages, shell.repo))
    index = _index_body(readme_text, infos, shell.binder, glossary.exists(), shell.repo)
    index = re.sub(r'<p class="edition">.*?</p>', lambda m: m.group(0) + shell.note, index, count=1, flags=re.S)
    shell.write("index.html", _index_title(readme_text), index)


def build(out, notebooks: Path | None = None, readme: Path | None = None, corpus_path=None, log=print,
          executed: dict | None = None) -> dict:
    """Build the reading edition into the folder ``out``; return a summary (pages, figures, bytes, seconds).

    ``notebooks`` (default: the module's notebooks/) are run in fresh kernels in a scratch folder,
    on ``corpus_path`` (else ``CLAIMS_CORPUS``, else the bundled corpus), as a student would run them.
    ``executed`` maps a notebook's path to a run of it made already with ``nbrun.run_notebook``
    on the same corpus (the tests run each notebook once); it is changed in place.
    """
    from ..corpus import load_corpus

    began = time.perf_counter()
    out = Path(out)
    notebooks = Path(notebooks or ROOT / "notebooks")
    readme_text = Path(readme or ROOT / "README.md").read_text(encoding="utf-8")
    corpus = load_corpus(corpus_path)
    _clear(out, corpus, notebooks)
    binder, note, repo = _links(readme_text, corpus, log)
    paths = sorted(notebooks.glob("[0-9][0-9]_*.ipynb"))
    if not paths:
        raise SiteError(f"No student notebooks (NN_name.ipynb) found in {notebooks}.")
    infos = [_notebook_info(p, readme_text) for p in paths]
    glossary = notebooks / "glossary.md"
    nav = ([("Contents", "index.html")] + [(i["title"].split(":")[0], f"{i['stem']}.html") for i in infos]
           + [("Claim explorer", "explorer.html")] + ([("Glossary", "glossary.html")] if glossary.exists() else []))
    pages = {i["stem"] for i in infos} | ({"glossary"} if glossary.exists() else set())
    shell = _Shell(out, nav, pages, repo, binder, note)
    data = explorer_data(corpus)
    figures = _notebook_pages(shell, paths, infos, data["options"], corpus.path, executed, log)
    _other_pages(shell, corpus, data, readme_text, infos, glossary)
    import plotly

    shutil.copyfile(Path(plotly.__file__).parent / "package_data" / "plotly.min.js", out / "plotly.min.js")
    for asset in ("style.css", "engine.js", "site.js"):
        shutil.copyfile(ASSETS / asset, out / asset)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    took = time.perf_counter() - began
    log(f"Wrote the reading edition to {out}: {len(paths)} notebook pages, {sum(figures.values())} figures, "
        f"{size / 1e6:.1f} MB, in {took:.0f} s. Open {out / 'index.html'} in a browser.")
    return {"pages": [f"{i['stem']}.html" for i in infos], "figures": figures, "bytes": size, "seconds": took}


def _index_title(readme: str) -> str:
    m = re.search(r"^# (.+)$", readme, re.M)
    return m.group(1).strip() if m else "Claims about regional integration"


def _index_body(readme: str, infos: list, binder: str, glossary: bool, repo: str | None) -> str:
    # What the module is: the README's paragraphs between the Binder badge and the first section.
    intro = readme.split("][binder]", 1)[-1].split("\n", 1)[-1]
    intro = intro.split("\n## ", 1)[0]
    who = readme_section(readme, "Who it is for and what it covers").split("\n|", 1)[0]
    rights = readme_section(readme, "Licences and rights")
    rows = "".join(
        f'<tr><td><a href="{i["stem"]}.html">{html.escape(i["title"])}</a></td>'
        f'<td>{_md(i["topic"]).strip().removeprefix("<p>").removesuffix("</p>") if i["topic"] else ""}</td>'
        f'<td>{html.escape(i["time"])}</td>'
        + (f'<td><a href="{html.escape(binder_for(binder, i["stem"]))}">Run {html.escape(i["title"].split(" ")[0])} live'
           f'<span class="visually-hidden"> on Binder</span></a></td>' if binder else "") + "</tr>" for i in infos)
    more = ('<li><a href="explorer.html">The claim explorer</a>: filter every coded claim by speaker, institution, '
            'theme and stance, with the quotes in context. It works in this folder, without installation.</li>')
    if glossary:
        more += '<li><a href="glossary.html">The glossary</a>: the terms the notebooks use.</li>'
    body = (f"<h1>{html.escape(_index_title(readme))}</h1>"
            '<p class="edition">This is the <strong>reading edition</strong>: every notebook with its results, '
            "readable in any browser, on a phone, offline or printed. Nothing needs installing. To run the code "
            "and check your answers, open a notebook live (Binder) or install the module (see its README).</p>"
            + _md(intro) + ("<h2>Who it is for</h2>" + _md(who) if who else "")
            + "<h2>The notebooks</h2><table class=\"sequence\"><caption>The notebooks in order, with the time each takes"
              "</caption><thead><tr><th scope=\"col\">Notebook</th><th scope=\"col\">Topic</th>"
              "<th scope=\"col\">Time</th>" + ("<th scope=\"col\">Run it live</th>" if binder else "") + "</tr></thead>"
            f"<tbody>{rows}</tbody></table>"
            f"<h2>Explore and look up</h2><ul>{more}</ul>"
            + ("<h2>Licences and rights</h2>" + _md(rights) if rights else ""))
    return _rewrite_links(body, {i["stem"] for i in infos} | ({"glossary"} if glossary else set()), repo, base="")
