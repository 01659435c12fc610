namespace TrainingJobs.Sdk.Testing.Tests;

/// <summary>Python shared by the job scripts of the emulator tests (standard library only).</summary>
internal static class JobScripts
{
    /// <summary>
    /// Imports <c>json, os, sys, time, urllib.request</c> and defines <c>log(step, value)</c>: one <c>loss</c> point
    /// posted to the MLflow server the run is given (<c>MLFLOW_TRACKING_URI</c>, <c>MLFLOW_TRACKING_TOKEN</c>,
    /// <c>MLFLOW_RUN_ID</c>), timestamped now. A script appends its own lines after it.
    /// </summary>
    public const string LogLoss = """
        import json, os, sys, time, urllib.request
        base = os.environ["MLFLOW_TRACKING_URI"].rstrip("/") + "/api/2.0/mlflow/"
        def log(step, value):
            request = urllib.request.Request(base + "runs/log-metric", method="POST", data=json.dumps({"run_id": os.environ["MLFLOW_RUN_ID"],
                "key": "loss", "value": value, "timestamp": int(time.time() * 1000), "step": step}).encode())
            request.add_header("Content-Type", "application/json")
            request.add_header("Authorization", "Bearer " + os.environ["MLFLOW_TRACKING_TOKEN"])
            urllib.request.urlopen(request, timeout=30).read()

        """;
}
