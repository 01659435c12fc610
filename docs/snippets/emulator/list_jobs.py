"""Lists the jobs of the workspace an env file of `tj emulator start` names, with Python's standard library only.

Run after `set -a; . ./emulator.env; set +a`:  python3 docs/snippets/emulator/list_jobs.py
(tests/TrainingJobs.Cli.Tests/EmulatorCliScenarioTests.cs runs this file against a running emulator.)
"""
import json
import os
import ssl
import urllib.parse
import urllib.request

env = os.environ
arm = env["TRAININGJOBS_ARM_ENDPOINT"].rstrip("/")

# A token from the managed-identity endpoint, as azure-identity's ManagedIdentityCredential gets one.
query = urllib.parse.urlencode({"resource": arm, "api-version": "2019-08-01"})
token_request = urllib.request.Request(f"{env['IDENTITY_ENDPOINT']}?{query}", headers={"X-IDENTITY-HEADER": env["IDENTITY_HEADER"]})
with urllib.request.urlopen(token_request) as response:
    token = json.load(response)["access_token"]

# The emulator's certificate, trusted for this client only (requests would read REQUESTS_CA_BUNDLE by itself).
tls = ssl.create_default_context(cafile=env["REQUESTS_CA_BUNDLE"])
workspace = (f"{arm}/subscriptions/{env['TRAININGJOBS_SUBSCRIPTION']}/resourceGroups/{env['TRAININGJOBS_RESOURCE_GROUP']}"
             f"/providers/Microsoft.MachineLearningServices/workspaces/{env['TRAININGJOBS_WORKSPACE']}")
url = f"{workspace}/jobs?api-version=2025-12-01"
while url:
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"}), context=tls) as response:
        page = json.load(response)
    for job in page["value"]:
        print(job["name"], job["properties"]["status"])
    url = page.get("nextLink")
