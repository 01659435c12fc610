"""features: adds derived columns (Fahrenheit, dew point by the Magnus formula) to prep's readings."""
import argparse
import csv
import math
import os

parser = argparse.ArgumentParser()
parser.add_argument("--data", required=True)
parser.add_argument("--out", required=True)
args = parser.parse_args()


def dew_point(t, rh):
    a, b = 17.62, 243.12
    gamma = math.log(rh / 100.0) + a * t / (b + t)
    return b * gamma / (a - gamma)


rows = 0
with open(os.path.join(args.data, "readings.csv"), newline="") as src, \
        open(os.path.join(args.out, "features.csv"), "w", newline="") as dst:
    reader = csv.DictReader(src)
    writer = csv.writer(dst)
    writer.writerow(["sensor", "temperature_f", "dew_point_c"])
    for row in reader:
        t, rh = float(row["temperature_c"]), float(row["humidity_pct"])
        writer.writerow([row["sensor"], f"{t * 9 / 5 + 32:.2f}", f"{dew_point(t, rh):.2f}"])
        rows += 1
print(f"features: {rows} rows, 2 derived columns")
