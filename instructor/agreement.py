"""Inter-coder agreement for stance and frame: Krippendorff's alpha (nominal) per field.

Usage:

    python instructor/agreement.py [corpus/coding]

Alpha is ``helpers.compare.krippendorff_alpha``, the one the student's coder comparison uses;
tests/test_coder.py checks it against the ``krippendorff`` package.

Reads coder1.csv and coder2.csv (claim_id, institution_id, stance, frame); stance is
compared per (claim, institution) pair, frame once per claim.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from helpers.compare import krippendorff_alpha

CODING = Path(__file__).resolve().parent.parent / "corpus" / "coding"


def agreement(folder: Path = CODING) -> pd.DataFrame:
    """One row per field: units, percent agreement, Krippendorff's alpha (nominal)."""
    read = lambda name: pd.read_csv(folder / name, keep_default_na=False, dtype=str)  # noqa: E731
    both = read("coder1.csv").merge(read("coder2.csv"), on=["claim_id", "institution_id"], suffixes=("_1", "_2"),
                                    validate="one_to_one")
    rows = []
    for field, units in (("stance", both[both.institution_id != ""]), ("frame", both.drop_duplicates("claim_id"))):
        a, b = units[f"{field}_1"], units[f"{field}_2"]
        rows.append({"field": field, "units": len(units), "agreement": round(float((a == b).mean()), 3),
                     "alpha": round(krippendorff_alpha(a, b), 3),
                     "disagreements": int((a != b).sum())})
    return pd.DataFrame(rows)


if __name__ == "__main__":
    print(agreement(Path(sys.argv[1]) if len(sys.argv) > 1 else CODING).to_string(index=False))
