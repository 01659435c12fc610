#!/usr/bin/env bash
# Runs every test of the repository from a fresh clone: restores packages, builds, tests.
# Results (TRX) land in TestResults/; .ci/run reads them for its summary line.
set -euo pipefail
cd "$(dirname "$0")"
rm -rf TestResults
dotnet restore TrainingJobs.Sdk.sln
dotnet build TrainingJobs.Sdk.sln --no-restore -c Release
dotnet test TrainingJobs.Sdk.sln --no-build -c Release --logger "trx" --results-directory TestResults "$@"
