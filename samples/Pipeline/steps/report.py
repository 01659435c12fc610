"""report: joins the features and the statistics into a short Markdown report; fails if they disagree."""
import argparse
import csv
import json
import os
import sys

parser = argparse.ArgumentParser()
parser.add_argument("--features", required=True)
parser.add_argument("--stats", required=True)
parser.add_argument("--out", required=True)
args = parser.parse_args()

with open(os.path.join(args.stats, "stats.json")) as f:
    stats = json.load(f)
with open(os.path.join(args.features, "features.csv"), newline="") as f:
    features = list(csv.DictReader(f))

# Both branches of the diamond read the same prep output: if their row counts differ, the data did not flow.
if len(features) != stats["rows"]:
    print(f"report: features has {len(features)} rows but stats counted {stats['rows']}", file=sys.stderr)
    sys.exit(1)

muggy = sum(1 for r in features if float(r["dew_point_c"]) >= 16.0)
lines = [
    "# Sensor report",
    "",
    f"- readings: {stats['rows']}",
    f"- mean temperature: {stats['temperature_c']['mean']} C (stdev {stats['temperature_c']['stdev']})",
    f"- mean humidity: {stats['humidity_pct']['mean']} %",
    f"- muggy readings (dew point >= 16 C): {muggy}",
]
with open(os.path.join(args.out, "report.md"), "w") as f:
    f.write("\n".join(lines) + "\n")
print(f"report: {stats['rows']} readings, {muggy} muggy")
