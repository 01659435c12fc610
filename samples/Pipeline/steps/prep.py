"""prep: writes a synthetic table of sensor readings (seeded, so every run writes the same bytes)."""
import argparse
import csv
import os
import random

parser = argparse.ArgumentParser()
parser.add_argument("--rows", type=int, required=True)
parser.add_argument("--seed", type=int, required=True)
parser.add_argument("--out", required=True)
args = parser.parse_args()

rng = random.Random(args.seed)
path = os.path.join(args.out, "readings.csv")
with open(path, "w", newline="") as f:
    writer = csv.writer(f)
    writer.writerow(["sensor", "temperature_c", "humidity_pct"])
    for i in range(args.rows):
        temperature = rng.gauss(21.0, 4.0)
        humidity = min(100.0, max(5.0, rng.gauss(55.0, 15.0)))
        writer.writerow([f"s{i % 8}", f"{temperature:.2f}", f"{humidity:.1f}"])
print(f"prep: wrote {args.rows} readings to readings.csv")
