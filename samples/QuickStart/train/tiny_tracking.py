"""A tiny MLflow REST logger in the Python standard library, for machines without the `mlflow` package.
It talks to the same endpoints a stock client uses, with the variables the job is given:
MLFLOW_TRACKING_URI, MLFLOW_TRACKING_TOKEN and MLFLOW_RUN_ID."""
import json
import os
import time
import urllib.request


class TinyTracking:
    def __init__(self):
        self.base = os.environ["MLFLOW_TRACKING_URI"].rstrip("/") + "/api/2.0/mlflow/"
        self.token = os.environ.get("MLFLOW_TRACKING_TOKEN")
        self.run_id = os.environ["MLFLOW_RUN_ID"]

    def _post(self, endpoint, body):
        request = urllib.request.Request(self.base + endpoint, data=json.dumps(body).encode("utf-8"), method="POST")
        request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", "Bearer " + self.token)
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read().decode("utf-8"))

    def log_param(self, key, value):
        self._post("runs/log-parameter", {"run_id": self.run_id, "key": key, "value": str(value)})

    def log_metric(self, key, value, step=0):
        self._post("runs/log-metric", {"run_id": self.run_id, "key": key, "value": value, "timestamp": int(time.time() * 1000), "step": step})

    def set_tag(self, key, value):
        self._post("runs/set-tag", {"run_id": self.run_id, "key": key, "value": str(value)})


def tracker():
    """`mlflow` itself when it is installed (it picks up the same variables), else the tiny logger."""
    try:
        import mlflow  # noqa: F401
        return mlflow
    except ImportError:
        return TinyTracking()
