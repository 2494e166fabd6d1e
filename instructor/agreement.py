"""Inter-coder agreement for stance and frame: Krippendorff's alpha (nominal) per field.

Usage (development environment, which has the `krippendorff` package):

    python instructor/agreement.py [corpus/coding]

Reads coder1.csv and coder2.csv (claim_id, institution_id, stance, frame); stance is
compared per (claim, institution) pair, frame once per claim.
"""

from __future__ import annotations

import sys
from pathlib import Path

import krippendorff
import numpy as np
import pandas as pd

CODING = Path(__file__).resolve().parent.parent / "corpus" / "coding"


def agreement(folder: Path = CODING) -> pd.DataFrame:
    """One row per field: units, percent agreement, Krippendorff's alpha (nominal)."""
    read = lambda name: pd.read_csv(folder / name, keep_default_na=False, dtype=str)  # noqa: E731
    both = read("coder1.csv").merge(read("coder2.csv"), on=["claim_id", "institution_id"], suffixes=("_1", "_2"),
                                    validate="one_to_one")
    rows = []
    for field, units in (("stance", both[both.institution_id != ""]), ("frame", both.drop_duplicates("claim_id"))):
        a, b = units[f"{field}_1"], units[f"{field}_2"]
        codes = {c: i for i, c in enumerate(sorted(set(a) | set(b)))}
        data = np.array([a.map(codes), b.map(codes)], dtype=float)
        rows.append({"field": field, "units": len(units), "agreement": round(float((a == b).mean()), 3),
                     "alpha": round(float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")), 3),
                     "disagreements": int((a != b).sum())})
    return pd.DataFrame(rows)


if __name__ == "__main__":
    print(agreement(Path(sys.argv[1]) if len(sys.argv) > 1 else CODING).to_string(index=False))
