"""The class's coding (notebook 2, exercise 2.8) against the reference: one report for the instructor.

Run it from instructor/ after collecting notebook 2 (``python collect.py 02_reading_closely``):

    python coding_report.py                      # writes coding_report/
    python coding_report.py --out somewhere/

Each student's coding is read from their handed-in notebook (the comparison cell carries it, see
``helpers.handin``) or from a ``my_coding.csv`` handed in beside it, and compared with the reference
by ``helpers.coder.compare_coding``: the very comparison the student saw. The folder gets

- ``report.html``: per student (agreement on target, stance and frame, Krippendorff's alpha where
  there are enough units, coverage), per reference claim (how many students coded it, and how),
  per codebook rule (how often it decided a disagreement, ranked), and the most disputed passages
  with the students' codings side by side; with figures;
- ``report_anonymised.html``: the same with "Student 1", "Student 2"… and no paraphrases, to show in class;
- ``students.csv``, ``claims.csv``, ``rules.csv``, ``disputed.csv``: the tables (with the real ids).
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the helpers package, when run from a checkout

from helpers.coding import load_coding  # noqa: E402
from helpers.compare import codebook_rules, compare_coding  # noqa: E402
from helpers.handin import restore_coding  # noqa: E402

ASSIGNMENT = "02_reading_closely"
FIELDS = ("target", "stance", "frame")
RULE = re.compile(r"(?<!\()CODEBOOK\.md (§?[0-9SN][^:;(]*?)(?=:|\s\(|;|$)")


def rule_ids(rule_text: str) -> list[str]:
    """The codebook rules a comparison's "rule" text names, e.g. ["3.2.6"] or ["S1"].

    >>> rule_ids("CODEBOOK.md §3.2.6: venue → neutral; CODEBOOK.md §6 Organ vs parent body: x")
    ['3.2.6', '6 Organ vs parent body']
    """
    return [m.group(1).lstrip("§").strip() for m in RULE.finditer(rule_text)]


def codings(course: Path, assignment: str = ASSIGNMENT) -> dict:
    """{student: path of their coding CSV, or None when they handed in none} for the collected notebooks."""
    out = {}
    scratch = Path(tempfile.mkdtemp(prefix="codings_"))
    for folder in sorted((course / "submitted").glob(f"*/{assignment}")):
        student = folder.parent.name
        beside = folder / "my_coding.csv"
        if beside.exists():
            out[student] = beside
            continue
        notebook = folder / f"{assignment}.ipynb"
        carried = None
        if notebook.exists():
            (scratch / student).mkdir()
            carried = restore_coding(json.loads(notebook.read_text(encoding="utf-8")), scratch / student)
        out[student] = carried
    return out


def _targets(text) -> str:
    return str(text or "") or "(no target)"


def report(course: Path, corpus=None, assignment: str = ASSIGNMENT) -> dict:
    """The report's tables: {"students", "claims", "rules", "disputed"} (DataFrames) and "missing" (students)."""
    if corpus is None:
        from helpers import load_corpus
        corpus = load_corpus()
    rules = codebook_rules(corpus.path)
    comparisons, tables, missing = {}, {}, []
    for student, path in codings(course, assignment).items():
        table = load_coding(path) if path is not None else None
        if table is None or table.empty:
            missing.append(student)
            continue
        tables[student] = table.set_index("claim_id")
        comparisons[student] = compare_coding(table, corpus)
    turns = sorted({t for table in tables.values() for t in table.turn_id})
    reference = corpus.claims[corpus.claims.turn_id.isin(turns)]
    ref_claims = list(dict.fromkeys(reference.claim_id))

    students = []
    for student, result in comparisons.items():
        agreement = result.agreement.set_index("field")
        row = {"student": student, "claims": len(tables[student]), "matched": len(result.matches)}
        for field in FIELDS:
            row[f"{field}_units"] = int(agreement.loc[field, "units"])
            row[f"{field}_agreement"] = agreement.loc[field, "agreement"]
            row[f"{field}_alpha"] = agreement.loc[field, "alpha"]
        covered = set(result.matches.reference_claim) & set(ref_claims)
        row["coverage"] = round(len(covered) / len(ref_claims), 3) if ref_claims else float("nan")
        row["disagreements"] = len(result.disagreements)
        students.append(row)

    claims, disputed = [], []
    for claim_id in ref_claims:
        group = reference[reference.claim_id == claim_id]
        ref_targets = "|".join(f"{i}:{s}" for i, s in zip(group.institution_id, group.stance) if isinstance(i, str))
        ref_frame = group.frame.iloc[0]
        how, disagreeing = Counter(), set()
        codings_side = {}
        for student, result in comparisons.items():
            mine = result.matches[result.matches.reference_claim == claim_id]
            if mine.empty:
                codings_side[student] = "(not coded)"
                continue
            own = tables[student].loc[mine.your_claim.iloc[0]]
            coded = f"{_targets(own.targets)} / {own.frame}"
            codings_side[student] = coded
            how[coded] += 1
            d = result.disagreements
            if ((d.reference_claim == claim_id) & d.field.isin(FIELDS)).any():
                disagreeing.add(student)
        coded_by = sum(how.values())
        claims.append({"reference_claim": claim_id, "turn_id": group.turn_id.iloc[0],
                       "reference": f"{_targets(ref_targets)} / {ref_frame}", "students_coded": coded_by,
                       "students_agreeing": coded_by - len(disagreeing),
                       "codings": "; ".join(f"{k} ×{n}" for k, n in how.most_common())})
        disputed.append({"reference_claim": claim_id, "quote": group.quote.iloc[0],
                         "reference": f"{_targets(ref_targets)} / {ref_frame}",
                         "disputed_by": len(disagreeing) + (len(comparisons) - coded_by), **codings_side})

    counts, who = Counter(), {}
    for student, result in comparisons.items():
        for d in result.disagreements.itertuples():
            for rule_id in rule_ids(d.rule):
                counts[rule_id] += 1
                who.setdefault(rule_id, set()).add(student)
    rules_rows = [{"rule": rule_id, "title": rules.get(rule_id, {}).get("title", ""), "disagreements": n,
                   "students": len(who[rule_id])} for rule_id, n in counts.most_common()]
    disputed = pd.DataFrame(disputed)
    if not disputed.empty:
        disputed = disputed.sort_values("disputed_by", ascending=False, kind="stable")
    return {"students": pd.DataFrame(students), "claims": pd.DataFrame(claims),
            "rules": pd.DataFrame(rules_rows, columns=["rule", "title", "disagreements", "students"]),
            "disputed": disputed, "missing": missing, "turns": turns}


def anonymise(tables: dict) -> dict:
    """The same tables with "Student 1", "Student 2"… in an order that is not alphabetical."""
    order = sorted([*tables["students"].get("student", []), *tables["missing"]],
                   key=lambda s: hashlib.sha256(s.encode()).hexdigest())
    names = {s: f"Student {i}" for i, s in enumerate(order, 1)}
    out = dict(tables)
    students = tables["students"].replace({"student": names})
    out["students"] = students.sort_values("student", key=lambda c: c.str.split().str[-1].astype(int)) \
        if not students.empty else students
    fixed = [c for c in tables["disputed"].columns if c not in names]
    out["disputed"] = tables["disputed"][fixed + [s for s in order if s in tables["disputed"].columns]].rename(
        columns=names)
    out["missing"] = [names[s] for s in tables["missing"]]
    return out


def _figures(tables: dict) -> list[str]:
    import plotly.graph_objects as go

    figures = []
    students = tables["students"]
    if not students.empty:
        fig = go.Figure([go.Bar(name=field, x=students.student, y=students[f"{field}_agreement"])
                         for field in FIELDS])
        fig.update_layout(title="Agreement with the reference, per student", barmode="group",
                          yaxis=dict(title="share of matched units that agree", range=[0, 1]), height=380)
        figures.append(fig)
    rules = tables["rules"]
    if not rules.empty:
        labels = [("§" + r if r[0].isdigit() else r) for r in rules.rule]
        fig = go.Figure(go.Bar(x=rules.disagreements[::-1], y=labels[::-1], orientation="h",
                               hovertext=rules.title[::-1]))
        fig.update_layout(title="Codebook rules that decided the class's disagreements (most frequent at the top)",
                          xaxis=dict(title="disagreements", dtick=1), height=200 + 40 * len(rules))
        figures.append(fig)
    claims = tables["claims"]
    if not claims.empty:
        fig = go.Figure([go.Bar(name="coded, agreeing", x=claims.reference_claim, y=claims.students_agreeing),
                         go.Bar(name="coded, disagreeing", x=claims.reference_claim,
                                y=claims.students_coded - claims.students_agreeing)])
        fig.update_layout(title="Reference claims: how many students coded each, and agreed", barmode="stack",
                          yaxis_title="students", height=380)
        figures.append(fig)
    return [f.to_html(full_html=False, include_plotlyjs=False, config={"displaylogo": False}) for f in figures]


def to_html(tables: dict, title: str) -> str:
    """The report as one HTML page (plotly.min.js beside it)."""
    esc = html.escape
    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{esc(title)}</title>",
             "<script src='plotly.min.js'></script><style>body{font-family:sans-serif;max-width:70em;margin:auto}"
             "table{border-collapse:collapse;font-size:14px}td,th{border:1px solid #ccc;padding:3px 6px;"
             "vertical-align:top}</style></head><body>", f"<h1>{esc(title)}</h1>",
             f"<p>{len(tables['students'])} coding(s) compared with the reference in turns "
             f"{esc(', '.join(tables['turns']))}, by the comparison students see (<code>my_coder.compare()</code>)."
             " Krippendorff's alpha (nominal) is given from 5 units on. Coverage: the share of the reference "
             "claims in these turns that the student coded.</p>"]
    if tables["missing"]:
        parts.append(f"<p><b>No coding handed in:</b> {esc(', '.join(tables['missing']))}.</p>")
    parts += _figures(tables)
    for heading, key in (("Per student", "students"), ("Per reference claim", "claims"),
                         ("Per codebook rule, ranked: what to teach next", "rules"),
                         ("The most disputed passages", "disputed")):
        parts += [f"<h2>{esc(heading)}</h2>", tables[key].to_html(index=False, escape=True, na_rep="–")]
    return "\n".join(parts) + "</body></html>\n"


def write(course: Path, out: Path, corpus=None) -> dict:
    import plotly.offline

    tables = report(course, corpus)
    out.mkdir(parents=True, exist_ok=True)
    for key in ("students", "claims", "rules", "disputed"):
        tables[key].to_csv(out / f"{key}.csv", index=False, lineterminator="\n")
    (out / "plotly.min.js").write_text(plotly.offline.get_plotlyjs(), encoding="utf-8")
    (out / "report.html").write_text(to_html(tables, "Coding report: exercise 2.8"), encoding="utf-8")
    shown = anonymise(tables)
    for row in ("paraphrase",):
        shown["disputed"] = shown["disputed"].drop(columns=[row], errors="ignore")
    (out / "report_anonymised.html").write_text(to_html(shown, "How the class coded two turns"), encoding="utf-8")
    return tables


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--course", type=Path, default=Path("."), help="the course folder (default: here)")
    parser.add_argument("--out", type=Path, default=Path("coding_report"), help="the folder to write")
    args = parser.parse_args(argv)
    if not (args.course / "submitted").is_dir():
        print(f"{args.course / 'submitted'}: no such folder. Collect notebook 2 first: "
              f"python collect.py {ASSIGNMENT}", file=sys.stderr)
        return 1
    tables = write(args.course, args.out)
    print(f"wrote {args.out}/report.html, report_anonymised.html and 4 CSV files: {len(tables['students'])} "
          f"coding(s)" + (f"; no coding from {', '.join(tables['missing'])}" if tables["missing"] else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
