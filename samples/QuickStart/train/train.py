"""Logistic regression by gradient descent, in the Python standard library: reads a CSV (last column is the
0/1 label), logs params and metrics through MLflow, and writes the model as JSON to --model-dir."""
import argparse
import csv
import json
import math
import os

from tiny_tracking import tracker

parser = argparse.ArgumentParser()
parser.add_argument("--data", required=True)
parser.add_argument("--lr", type=float, default=0.1)
parser.add_argument("--epochs", type=int, default=200)
parser.add_argument("--model-dir", required=True)
args = parser.parse_args()

with open(args.data, newline="") as f:
    reader = csv.reader(f)
    header = next(reader)
    rows = [[float(v) for v in row] for row in reader if row]
features = header[:-1]
xs = [row[:-1] for row in rows]
ys = [row[-1] for row in rows]
print(f"loaded {len(rows)} rows with features {features}")

# Standardise each feature, keeping the scaling in the model.
means = [sum(col) / len(col) for col in zip(*xs)]
stds = [math.sqrt(sum((v - m) ** 2 for v in col) / len(col)) or 1.0 for col, m in zip(zip(*xs), means)]
xs = [[(v - m) / s for v, m, s in zip(x, means, stds)] for x in xs]

split = int(len(xs) * 0.8)
train_x, train_y, test_x, test_y = xs[:split], ys[:split], xs[split:], ys[split:]
weights = [0.0] * len(features)
bias = 0.0


def predict(x):
    z = bias + sum(w * v for w, v in zip(weights, x))
    return 1.0 / (1.0 + math.exp(-z))


def evaluate(data_x, data_y):
    eps = 1e-12
    probs = [predict(x) for x in data_x]
    loss = -sum(y * math.log(p + eps) + (1 - y) * math.log(1 - p + eps) for p, y in zip(probs, data_y)) / len(data_y)
    accuracy = sum((p >= 0.5) == (y == 1.0) for p, y in zip(probs, data_y)) / len(data_y)
    return loss, accuracy


mlflow = tracker()
mlflow.log_param("lr", args.lr)
mlflow.log_param("epochs", args.epochs)
mlflow.set_tag("model_type", "logistic_regression")

for epoch in range(1, args.epochs + 1):
    grad_w = [0.0] * len(weights)
    grad_b = 0.0
    for x, y in zip(train_x, train_y):
        error = predict(x) - y
        grad_w = [g + error * v for g, v in zip(grad_w, x)]
        grad_b += error
    weights = [w - args.lr * g / len(train_x) for w, g in zip(weights, grad_w)]
    bias -= args.lr * grad_b / len(train_x)
    if epoch % 20 == 0 or epoch == args.epochs:
        train_loss, _ = evaluate(train_x, train_y)
        test_loss, test_accuracy = evaluate(test_x, test_y)
        mlflow.log_metric("train_loss", train_loss, step=epoch)
        mlflow.log_metric("test_accuracy", test_accuracy, step=epoch)
        print(f"epoch {epoch:4d}  train_loss {train_loss:.4f}  test_loss {test_loss:.4f}  test_accuracy {test_accuracy:.3f}")

os.makedirs(args.model_dir, exist_ok=True)
model = {"features": features, "means": means, "stds": stds, "weights": weights, "bias": bias}
with open(os.path.join(args.model_dir, "model.json"), "w") as f:
    json.dump(model, f, indent=2)
print(f"model written to {os.path.join(args.model_dir, 'model.json')}")
