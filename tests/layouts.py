"""The bundled seeds re-laid out as an instructor meets published interviews: SOFTWARE TEST FIXTURES.

Each function returns ``(download, cleaned)``: the file as it came from the web (with made-up page
furniture: a title bar, captions, a footer) and the copy a person cleaned by deleting whole lines.
The words are the bundled interviews' own; only the layout (line breaks, speaker labels) and the
made-up furniture differ. They are built in a temporary folder at test time, never in corpus/.

- ``blank_lines``: paragraphs separated by blank lines (the Mayta seed, as published).
- ``single_breaks``: paragraphs separated by single line breaks (the Llorenti seed, as a copy from
  many browsers gives it).
- ``labelled_wrapped``: a transcript: every question and answer starts with a speaker label
  ("Kawsachun News:", then "KN:"; "Rogelio Mayta:", then "RM:"), lines hard-wrapped at 72
  characters mid-sentence, no blank lines, and multi-line photo captions between lines (the Mayta seed).
- ``html_page``: a saved web page (the Llorenti seed in <p> elements, with a menu, a figure
  caption, a share bar and a footer around the article), given as the original.
"""

from __future__ import annotations

import html
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpus" / "seeds"
MAYTA_SEED = SEEDS / "000_4cf18b92642a92bd.txt"
LLORENTI_SEED = SEEDS / "001_19b3d109e219e470.txt"
TITLE_BAR = "The New International Relations Of Latin America | Fixture Site – News\n"
CAPTION = "Photo: a made-up caption for a software test, not part of any interview.\n"
CAPTION_LINES = ("Photo: a made-up caption for a software test, spread over\n"
                 "two lines as a caption under a picture often is (Fixture Agency).\n")


def _paragraphs(seed: str) -> list[str]:
    return [p for p in seed.split("\n\n") if p.strip()]


def _cut(download: str, unwanted) -> str:
    """The copy a person makes by deleting every line that ``unwanted(line)`` picks."""
    return "".join(line for line in download.splitlines(keepends=True) if not unwanted(line))


def wrap(paragraph: str, width: int = 72) -> str:
    """Hard-wrap by turning a space into a line break (every other character stays)."""
    out, line = [], ""
    for word in paragraph.split(" "):
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "\n".join(out + [line])


def blank_lines(folder: Path) -> tuple[Path, Path]:
    seed = MAYTA_SEED.read_text(encoding="utf-8")
    paragraph = "However, there are those who are making deeper criticism"
    download = TITLE_BAR + "\n" + seed.replace(paragraph, CAPTION + "\n" + paragraph, 1)
    lines = download.splitlines(keepends=True)
    cut = set()
    for i, line in enumerate(lines):
        if line in (TITLE_BAR, CAPTION):
            cut |= {i, i + 1}  # the line and the blank line after it
        if line.startswith("Website"):
            cut |= {i - 1, i}  # the footer's lines and the blank lines before them
    cleaned = "".join(line for i, line in enumerate(lines) if i not in cut)
    return _save(folder, "blank_lines", download, cleaned)


def single_breaks(folder: Path) -> tuple[Path, Path]:
    seed = LLORENTI_SEED.read_text(encoding="utf-8")
    paras = _paragraphs(seed)
    paras.insert(5, CAPTION.rstrip("\n"))
    download = "\n".join(paras) + "\n" + "Share this: Facebook Twitter WhatsApp\n"
    cleaned = _cut(download, lambda line: line == CAPTION or line.startswith("Share this")
                   or line.endswith("- MPPRE\n"))
    return _save(folder, "single_breaks", download, cleaned)


def labelled_wrapped(folder: Path) -> tuple[Path, Path]:
    seed = MAYTA_SEED.read_text(encoding="utf-8")
    paras = _paragraphs(seed)
    footer = [p for p in paras if p.startswith("Website")]
    paras = [p for p in paras if p not in footer]
    out = [paras[0], wrap(paras[1])]
    asked = answered = False
    for k, p in enumerate(paras[2:]):
        question = p.rstrip().endswith("?") or p.startswith("Thank you Minister for your time.")
        if question:
            label, asked = ("KN: " if asked else "Kawsachun News: "), True
        elif paras[2 + k - 1].rstrip().endswith("?"):
            label, answered = ("RM: " if answered else "Rogelio Mayta: "), True
        else:
            label = ""  # a second paragraph of the same answer: no label
        out.append(wrap(label + p))
        if k in (1, 4, 8):
            out.append(CAPTION_LINES.rstrip("\n"))
    download = TITLE_BAR + "\n".join(out) + "\n" + "\n".join(footer) + "\n"
    caption = set(CAPTION_LINES.splitlines(keepends=True))
    cleaned = _cut(download, lambda line: line in caption or line == TITLE_BAR or line.startswith("Website"))
    return _save(folder, "labelled_wrapped", download, cleaned)


def html_page(folder: Path) -> tuple[Path, Path]:
    """A saved web page (the original) and the same page as the text: the extracted article is used as it is."""
    seed = LLORENTI_SEED.read_text(encoding="utf-8")
    paras = _paragraphs(seed)[1:]  # the title bar line is the page's <title>
    body = [f"<h1>{html.escape(paras[0])}</h1>", f"<p><em>{html.escape(paras[1])}</em></p>"]
    for k, p in enumerate(paras[2:]):
        label = next((lab for lab in ("Brasil de Fato:", "Sacha Llorenti :") if p.startswith(lab)), None)
        if label:
            body.append(f"<p><strong>{html.escape(label)}</strong>{html.escape(p[len(label):])}</p>")
        else:
            body.append(f"<p>{html.escape(p)}</p>")
        if k == 3:
            body.append('<figure><img src="photo.jpg" alt=""><figcaption>Photo: a made-up caption, Fixture Agency'
                        "</figcaption></figure>")
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{html.escape(_paragraphs(seed)[0])}</title></head>
<body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/about">About us</a></li></ul></nav></header>
<main><article>
{chr(10).join(body)}
<div class="share">Share this: <a href="#">Facebook</a> <a href="#">Twitter</a></div>
</article></main>
<footer><p>© Fixture site, a software test. All rights reserved.</p><p><a href="/privacy">Privacy policy</a></p></footer>
</body></html>
"""
    path = folder / "html_page" / "page.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path, path


def _save(folder: Path, name: str, download: str, cleaned: str) -> tuple[Path, Path]:
    where = folder / name
    where.mkdir(parents=True, exist_ok=True)
    (where / "download.txt").write_text(download, encoding="utf-8")
    (where / "interview.txt").write_text(cleaned, encoding="utf-8")
    return where / "download.txt", where / "interview.txt"


LAYOUTS = {"blank_lines": blank_lines, "single_breaks": single_breaks, "labelled_wrapped": labelled_wrapped,
           "html_page": html_page}
