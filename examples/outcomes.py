"""Writes examples/outcomes.csv, the example table of README's "Bring your own outcomes".

A made-up screen of 40 applications: each is shown once with a woman's and once with a man's
name, 5 replies each (yes = invite); and 60 applications stating an age of 30, 50 or 65, one reply
each. The 65-year-olds are invited less often. Run: python3 examples/outcomes.py
"""
import csv
from pathlib import Path

import numpy as np

rng = np.random.default_rng(7)
rows = []
for app in range(40):
    for gender in ("female", "male"):
        for sample in range(5):
            rows.append([f"app{app:02d}", "gender", gender, "yes" if rng.random() < 0.72 else "no", sample, "my-model"])
for app in range(60):
    for age, rate in (("30", 0.75), ("50", 0.72), ("65", 0.5)):
        outcome = "refused" if rng.random() < 0.02 else ("yes" if rng.random() < rate else "no")
        rows.append([f"age{app:02d}", "age", age, outcome, 0, "my-model"])
with open(Path(__file__).resolve().parent / "outcomes.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["block", "axis", "group", "outcome", "sample", "model"])
    w.writerows(rows)
print(f"wrote examples/outcomes.csv ({len(rows)} rows)")
