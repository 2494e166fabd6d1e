"""Benchmarks: each figure is a ratio or a time measured within one run on one machine.

Usage, in the development environment, from the repository root:

    python tests/benchmarks.py            # full run, prints the table (a few minutes)
    python tests/benchmarks.py --quick    # tiny sizes, for a smoke test

It prints a Markdown table (the one in the README's "Performance" section) and writes
test-artifacts/benchmarks.json. Synthetic corpora are generated in a temporary folder by
tests/synthetic.py and deleted afterwards.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from helpers.nbrun import run_notebook  # noqa: E402
from synthetic import make_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FLOOR = "import pandas, plotly.graph_objects, ipywidgets"
EXPLORER = "import helpers; corpus = helpers.load_corpus(); helpers.explore(corpus)"
FILTERS = [  # (speaker, institution, theme, stance): a student's clicks, in order
    (("mayta",), (), None, None), (("mayta",), ("oas",), None, None), (("mayta", "llorenti"), ("oas",), None, None),
    ((), ("celac", "unasur"), None, None), ((), (), "sovereignty", None), ((), (), None, "critical"),
    (("llorenti",), ("alba",), None, "supportive"), (("kawsachun_news",), ("celac",), None, None), ((), (), None, None),
]


def _python_seconds(code: str, repeat: int) -> float:
    """Median wall time of running ``code`` in a fresh interpreter."""
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, timeout=120)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def time_to_explorer(repeat: int = 7) -> dict:
    floor, full = _python_seconds(FLOOR, repeat), _python_seconds(EXPLORER, repeat)
    return {"floor_s": floor, "explorer_s": full, "ratio": full / floor}


def update_latency(corpus_path=None, rounds: int = 20) -> dict:
    """Median and p95 of one filter change (chart, count line and table), in the kernel's process."""
    from helpers import explore, load_corpus

    explorer = explore(load_corpus(corpus_path))
    times = []
    with contextlib.redirect_stdout(io.StringIO()):
        for _ in range(rounds):
            for speaker, institution, theme, stance in FILTERS:
                explorer._holding = True  # set all four, then time one update as a filter change does
                explorer.speaker.value, explorer.institution.value = speaker, institution
                explorer.theme.value, explorer.stance.value = theme, stance
                explorer._holding = False
                began = time.perf_counter()
                explorer.update()
                times.append(time.perf_counter() - began)
    times.sort()
    return {"median_ms": statistics.median(times) * 1000, "p95_ms": times[int(0.95 * (len(times) - 1))] * 1000}


def _run(nb, folder):
    run_notebook(nb, folder, timeout=120, widget_state=False)


def notebook_sequence(limit: int | None = None, repeat: int = 3) -> dict:
    """Run the student notebooks headless; compare with bare kernels doing the same imports.

    Kernel start-up time varies a lot from run to run, so each notebook and its bare
    twin run ``repeat`` times, alternating, and the fastest run of each counts.
    """
    paths = sorted((ROOT / "notebooks").glob("*.ipynb"))[:limit]
    sequence = baseline = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for path in paths:
            nb = nbformat.read(path, as_version=4)
            imports = "\n".join(line for cell in nb.cells if cell.cell_type == "code"
                                for line in cell.source.splitlines() if re.match(r"(from \S+ )?import ", line))
            bare = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(imports)])
            bare.metadata = nb.metadata
            times = {"bare": [], "full": []}
            for _ in range(repeat):
                for name, book in (("bare", bare), ("full", nb)):
                    began = time.perf_counter()
                    _run(nbformat.from_dict(book), tmp)
                    times[name].append(time.perf_counter() - began)
            baseline += min(times["bare"])
            sequence += min(times["full"])
    return {"notebooks": len(paths), "sequence_s": sequence, "baseline_s": baseline, "ratio": sequence / baseline}


def load_scaling(sizes=(10, 100, 1000), repeat: int = 3) -> dict:
    """Time load_corpus (read + validate + tables) on synthetic corpora of growing size."""
    from helpers import load_corpus

    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            folder = make_corpus(n, Path(tmp) / f"corpus_{n}")
            times = []
            for _ in range(repeat):
                began = time.perf_counter()
                load_corpus(folder)
                times.append(time.perf_counter() - began)
            out[n] = min(times)
        big = sizes[-1]
        out["latency_big"] = update_latency(Path(tmp) / f"corpus_{big}", rounds=3)
    return out


def _quotes(text: str, size: int) -> dict:
    """Quotes of about ``size`` characters a person may paste: found exactly, found leniently, with a typo,
    made of the interview's words in another order, and hostile ones (one repeated word, one letter)."""
    passage = (text * (size // len(text) + 1))[:size]
    words = passage.split()
    return {
        "exact": text[:size].strip() if size <= len(text) else passage,
        "straight quotes, double spaces": text[:size].replace("’", "'").replace(" ", "  ", 3) if size <= len(text) else passage,
        "one typo in the middle": passage[:size // 2] + "#" + passage[size // 2 + 1:],
        "words shuffled": " ".join(sorted(words)),
        "one word repeated": ("the " * (size // 4 + 1))[:size],
        "one letter repeated": "e" * size,
        "dashes and quotes": ("- \" ' " * (size // 4 + 1))[:size],
    }


def quote_finding(sizes=(10, 100, 1_000, 10_000), repeat: int = 3) -> dict:
    """Worst time to find or refuse a quote (helpers.quotes.locate) on the bundled corpus, per quote size."""
    from helpers import load_corpus
    from helpers.quotes import locate

    corpus = load_corpus()
    out = {}
    for size in sizes:
        worst = 0.0
        for doc_id, text in corpus.texts.items():
            for kind, quote in _quotes(text, size).items():
                times = []
                for _ in range(repeat):
                    began = time.perf_counter()
                    try:
                        locate(corpus, doc_id, quote)
                    except ValueError:
                        pass
                    times.append(time.perf_counter() - began)
                worst = max(worst, min(times))
        out[size] = worst * 1000
    return out


def _folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def footprint() -> dict:
    """Size of a venv from requirements.txt vs one holding only the card's four packages (same pins)."""
    card = ("jupyterlab", "pandas", "ipywidgets", "plotly")
    pins = [l for l in (ROOT / "requirements.txt").read_text().splitlines() if "==" in l]
    four = [l.strip() for l in pins if l.split("==")[0].strip().lower() in card]
    sizes = {}
    with tempfile.TemporaryDirectory() as tmp:
        constraints = Path(tmp) / "constraints.txt"
        constraints.write_text("\n".join(pins) + "\n")
        for name, args in (("student", ["-r", str(ROOT / "requirements.txt")]), ("four", [*four, "-c", str(constraints)])):
            venv = Path(tmp) / name
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            subprocess.run([str(venv / "bin" / "pip"), "install", "-q", *args], check=True, cwd=ROOT,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            sizes[name] = _folder_bytes(venv)
    return {"student_mb": sizes["student"] / 1e6, "four_mb": sizes["four"] / 1e6, "ratio": sizes["student"] / sizes["four"]}


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes and few repeats (smoke test)")
    parser.add_argument("--footprint", action="store_true", help="also compare venv sizes (installs two venvs)")
    args = parser.parse_args(argv)
    quick = args.quick
    sizes = (1, 2, 4) if quick else (10, 100, 1000)
    results = {
        "time_to_explorer": time_to_explorer(1 if quick else 7),
        "latency_bundled": update_latency(rounds=1 if quick else 20),
        "scaling": load_scaling(sizes, 1 if quick else 3),
        "notebooks": notebook_sequence(1 if quick else None, 1 if quick else 3),
        "quotes": quote_finding((10, 10_000) if quick else (10, 100, 1_000, 10_000), 1 if quick else 3),
    }
    s, t, lat, nbs = results["scaling"], results["time_to_explorer"], results["latency_bundled"], results["notebooks"]
    big = s["latency_big"]
    growth = max(s[sizes[i + 1]] / s[sizes[i]] for i in range(len(sizes) - 1))
    rows = [
        ("Time to an interactive explorer / import floor", f"{t['explorer_s']:.2f} s / {t['floor_s']:.2f} s = {t['ratio']:.2f}×", "≤ 1.3×"),
        ("Explorer update, bundled corpus (median / p95)", f"{lat['median_ms']:.1f} / {lat['p95_ms']:.1f} ms", "≤ 30 ms"),
        (f"Explorer update, {sizes[-1]}-interview corpus (median / p95)", f"{big['median_ms']:.1f} / {big['p95_ms']:.1f} ms", "≤ 100 ms"),
        (f"Notebook sequence ({nbs['notebooks']} notebooks) / bare kernels, same imports",
         f"{nbs['sequence_s']:.1f} s / {nbs['baseline_s']:.1f} s = {nbs['ratio']:.2f}×", "≤ 1.5×"),
        *[(f"Load and validate {n} interviews", f"{s[n]:.2f} s", "≤ 5 s at 1,000" if n == sizes[-1] else "") for n in sizes],
        ("Growth per 10× data (worst step)", f"{growth:.1f}×", "≤ 12×"),
        ("Find or refuse a quote, bundled corpus, worst case by quote length (" +
         ", ".join(f"{n:,}" for n in results["quotes"]) + " characters)",
         " / ".join(f"{ms:.1f}" for ms in results["quotes"].values()) + " ms", "≤ 100 ms up to 10,000"),
    ]
    if args.footprint:
        f = results["footprint"] = footprint()
        rows.append(("Student venv / venv of the card's four packages",
                     f"{f['student_mb']:.1f} MB / {f['four_mb']:.1f} MB = {f['ratio']:.4f}×", "≤ 1.05×"))
    print("| Measure | Result | Goal |\n|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    (ROOT / "test-artifacts" / "benchmarks.json").write_text(json.dumps(results, indent=1, default=str))
    return results


if __name__ == "__main__":
    main()
