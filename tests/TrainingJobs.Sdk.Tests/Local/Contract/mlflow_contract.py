"""Replays, with the Python standard library only, the request sequences a stock `mlflow` client sends
(scenarios S0, S1, S3 and log-batch of the reference notes) against the job's tracking endpoint, and checks
every response. Exits non-zero with a message on the first mismatch."""
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

BASE = os.environ["MLFLOW_TRACKING_URI"].rstrip("/") + "/api/2.0/mlflow/"
TOKEN = os.environ["MLFLOW_TRACKING_TOKEN"]
RUN = os.environ["MLFLOW_RUN_ID"]
EXPERIMENT_ID = os.environ["MLFLOW_EXPERIMENT_ID"]
STEP = {"n": 0}


def call(method, endpoint, body=None, token=TOKEN, expect=200):
    STEP["n"] += 1
    url = BASE + endpoint
    data = None
    if method == "GET" and body:
        url += "?" + urllib.parse.urlencode(body)
    elif body is not None:
        data = json.dumps(body).encode("utf-8")
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    request.add_header("User-Agent", "mlflow-python-client/2.19.0")
    if token is not None:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, text = response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read().decode("utf-8")
    check(status == expect, f"{method} {endpoint}: HTTP {status}, expected {expect}: {text}")
    parsed = json.loads(text)  # every answer, errors included, is JSON
    print(f"step {STEP['n']}: {method} {endpoint} -> {status}")
    return parsed


def check(condition, message):
    if not condition:
        print("CONTRACT FAILURE: " + message, flush=True)
        sys.exit(2)


def now_ms():
    return int(time.time() * 1000)


# Authentication: no token, a wrong token.
error = call("GET", "runs/get", {"run_id": RUN}, token=None, expect=401)
check(error["error_code"] == "UNAUTHENTICATED", f"no token: {error}")
error = call("GET", "runs/get", {"run_id": RUN}, token="wrong", expect=401)
check(error["error_code"] == "UNAUTHENTICATED", f"wrong token: {error}")

# S3: MLFLOW_RUN_ID pre-created (Azure ML parity): get, update RUNNING, get, log, end.
run = call("GET", "runs/get", {"run_id": RUN, "run_uuid": RUN})["run"]
check(run["info"]["run_id"] == RUN and run["info"]["run_uuid"] == RUN, f"run ids: {run['info']}")
check(run["info"]["lifecycle_stage"] == "active", "the pre-created run is active")
check(run["info"]["experiment_id"] == EXPERIMENT_ID, "the run is in the job's experiment")
check(run["info"]["artifact_uri"].startswith("file:///"), f"artifact_uri is a file URI: {run['info']['artifact_uri']}")
info = call("POST", "runs/update", {"run_id": RUN, "run_uuid": RUN, "status": "RUNNING"})["run_info"]
check(info["status"] == "RUNNING", f"resumed: {info}")
call("GET", "runs/get", {"run_id": RUN, "run_uuid": RUN})
for step, loss in enumerate([0.9, 0.5, 0.25]):
    check(call("POST", "runs/log-metric", {"run_id": RUN, "run_uuid": RUN, "key": "loss", "value": loss, "timestamp": now_ms(), "step": step}) == {}, "log-metric answers {}")
check(call("POST", "runs/log-parameter", {"run_id": RUN, "run_uuid": RUN, "key": "lr", "value": "0.1"}) == {}, "log-parameter answers {}")
call("POST", "runs/log-parameter", {"run_id": RUN, "run_uuid": RUN, "key": "lr", "value": "0.1"})  # same value again: allowed
error = call("POST", "runs/log-parameter", {"run_id": RUN, "run_uuid": RUN, "key": "lr", "value": "0.2"}, expect=400)
check(error["error_code"] == "INVALID_PARAMETER_VALUE", f"changing a param: {error}")
call("POST", "runs/set-tag", {"run_id": RUN, "run_uuid": RUN, "key": "team", "value": "vision"})

# log-batch, with int64 fields as strings and NaN/Infinity the way proto-JSON writes them.
batch = {
    "run_id": RUN,
    "metrics": [
        {"key": "acc", "value": 0.8, "timestamp": str(now_ms()), "step": "1"},
        {"key": "acc", "value": 0.9, "timestamp": now_ms(), "step": 2},
        {"key": "weird", "value": "NaN", "timestamp": now_ms(), "step": 0},
        {"key": "big", "value": "Infinity", "timestamp": now_ms(), "step": 0},
    ],
    "params": [{"key": "epochs", "value": "3"}],
    "tags": [{"key": "mlflow.note.content", "value": "contract"}],
}
check(call("POST", "runs/log-batch", batch) == {}, "log-batch answers {}")
too_many = {"run_id": RUN, "metrics": [{"key": "m", "value": 1, "timestamp": 0, "step": 0}] * 1001}
check(call("POST", "runs/log-batch", too_many, expect=400)["error_code"] == "INVALID_PARAMETER_VALUE", "batch limits")

history = call("GET", "metrics/get-history", {"run_id": RUN, "run_uuid": RUN, "metric_key": "loss", "max_results": "2"})
check([m["value"] for m in history["metrics"]] == [0.9, 0.5], f"history page 1: {history}")
check("next_page_token" in history, "a second page is announced")
page2 = call("GET", "metrics/get-history", {"run_id": RUN, "metric_key": "loss", "page_token": history["next_page_token"]})
check([m["value"] for m in page2["metrics"]] == [0.25], f"history page 2: {page2}")

call("POST", "runs/log-inputs", {"run_id": RUN, "datasets": [{"tags": [{"key": "mlflow.data.context", "value": "training"}],
     "dataset": {"name": "iris", "digest": "abc123", "source_type": "local", "source": "{\"uri\": \"iris.csv\"}"}}]})
call("POST", "runs/log-model", {"run_id": RUN, "model_json": json.dumps({"artifact_path": "model", "flavors": {"python_function": {}}})})

run = call("GET", "runs/get", {"run_id": RUN})["run"]
metrics = {m["key"]: m for m in run["data"]["metrics"]}
check(metrics["loss"]["value"] == 0.25 and metrics["loss"]["step"] == 2, f"latest loss: {metrics['loss']}")
check(metrics["acc"]["value"] == 0.9, f"latest acc: {metrics['acc']}")
check(metrics["weird"]["value"] == "NaN", f"NaN comes back as proto-JSON writes it: {metrics['weird']}")
check(metrics["big"]["value"] == "Infinity", f"Infinity: {metrics['big']}")
params = {p["key"]: p["value"] for p in run["data"]["params"]}
check(params == {"lr": "0.1", "epochs": "3"}, f"params: {params}")
tags = {t["key"]: t["value"] for t in run["data"]["tags"]}
check(tags.get("team") == "vision" and tags.get("mlflow.note.content") == "contract", f"tags: {tags}")
check("mlflow.log-model.history" in tags, "log-model records the history tag")
check(run["inputs"]["dataset_inputs"][0]["dataset"]["digest"] == "abc123", f"inputs: {run['inputs']}")

# S0: no env: runs/create in experiment "0", log-metric, update FINISHED.
created = call("POST", "runs/create", {"experiment_id": "0", "start_time": now_ms(),
               "tags": [{"key": "mlflow.user", "value": "me"}, {"key": "mlflow.source.name", "value": "train.py"}, {"key": "mlflow.source.type", "value": "LOCAL"}]})["run"]
s0 = created["info"]["run_id"]
check(len(s0) == 32 and created["info"]["status"] == "RUNNING" and created["info"]["experiment_id"] == "0", f"S0 create: {created['info']}")
check(any(t["key"] == "mlflow.runName" for t in created["data"]["tags"]), "a run name tag is assigned")
call("POST", "runs/log-metric", {"run_id": s0, "run_uuid": s0, "key": "loss", "value": 0.1, "timestamp": now_ms(), "step": 0})
info = call("POST", "runs/update", {"run_id": s0, "run_uuid": s0, "status": "FINISHED", "end_time": now_ms()})["run_info"]
check(info["status"] == "FINISHED" and "end_time" in info, f"S0 end: {info}")

# S1: MLFLOW_EXPERIMENT_NAME=x: get-by-name (404), create, create run.
error = call("GET", "experiments/get-by-name", {"experiment_name": "contract-x"}, expect=404)
check(error["error_code"] == "RESOURCE_DOES_NOT_EXIST", f"get-by-name of a missing experiment: {error}")
experiment_id = call("POST", "experiments/create", {"name": "contract-x"})["experiment_id"]
check(call("POST", "experiments/create", {"name": "contract-x"}, expect=400)["error_code"] == "RESOURCE_ALREADY_EXISTS", "duplicate experiment")
experiment = call("GET", "experiments/get-by-name", {"experiment_name": "contract-x"})["experiment"]
check(experiment["experiment_id"] == experiment_id and experiment["lifecycle_stage"] == "active", f"experiment: {experiment}")
check(call("GET", "experiments/get", {"experiment_id": experiment_id})["experiment"]["name"] == "contract-x", "experiments/get")
s1 = call("POST", "runs/create", {"experiment_id": experiment_id, "start_time": now_ms()})["run"]["info"]
check(s1["experiment_id"] == experiment_id, f"S1 run: {s1}")

# runs/search (tier B): every run of an experiment, newest first, paged; filters are refused, not ignored.
found = call("POST", "runs/search", {"experiment_ids": [experiment_id]})
check([r["info"]["run_id"] for r in found["runs"]] == [s1["run_id"]] and "next_page_token" not in found, f"search one experiment: {found}")
found = call("POST", "runs/search", {"experiment_ids": [experiment_id, "0"], "max_results": 1})
check(len(found["runs"]) == 1 and "next_page_token" in found, f"search page 1: {found}")
rest = call("POST", "runs/search", {"experiment_ids": [experiment_id, "0"], "page_token": found["next_page_token"]})
check(s0 in [r["info"]["run_id"] for r in rest["runs"]], f"search page 2 holds the S0 run: {rest}")
check(call("POST", "runs/search", {"experiment_ids": ["0"], "filter": "metrics.loss < 1"}, expect=400)["error_code"] == "INVALID_PARAMETER_VALUE", "filters")

# Errors: unknown run, unknown endpoint, malformed body.
check(call("GET", "runs/get", {"run_id": "nope"}, expect=404)["error_code"] == "RESOURCE_DOES_NOT_EXIST", "unknown run")
check(call("POST", "registered-models/create", {"name": "m"}, expect=404)["error_code"] == "ENDPOINT_NOT_FOUND", "unknown endpoint")
check(call("POST", "runs/log-metric", {"run_id": RUN, "value": 1}, expect=400)["error_code"] == "INVALID_PARAMETER_VALUE", "missing key")

# The script ends its run FINISHED; the job status still comes from the exit code.
call("POST", "runs/update", {"run_id": RUN, "run_uuid": RUN, "status": "FINISHED", "end_time": now_ms()})
print(f"contract ok: {STEP['n']} requests")
sys.exit(int(os.environ.get("CONTRACT_EXIT_CODE", "0")))
