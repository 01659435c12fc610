"""stats: summary statistics of prep's readings, as JSON."""
import argparse
import csv
import json
import os
import statistics

parser = argparse.ArgumentParser()
parser.add_argument("--data", required=True)
parser.add_argument("--out", required=True)
args = parser.parse_args()

with open(os.path.join(args.data, "readings.csv"), newline="") as f:
    rows = list(csv.DictReader(f))
summary = {"rows": len(rows)}
for column in ("temperature_c", "humidity_pct"):
    values = [float(r[column]) for r in rows]
    summary[column] = {
        "mean": round(statistics.fmean(values), 3),
        "stdev": round(statistics.stdev(values), 3),
        "min": min(values),
        "max": max(values),
    }
    print(f"stats: {column} mean {summary[column]['mean']} stdev {summary[column]['stdev']}")
with open(os.path.join(args.out, "stats.json"), "w") as f:
    json.dump(summary, f, indent=2)
