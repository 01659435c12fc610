#!/usr/bin/env bash
# Runs every test of the repository from a fresh clone: restores packages, builds, tests.
# Results (TRX) land in TestResults/; .ci/run reads them for its summary line.
set -euo pipefail
cd "$(dirname "$0")"
rm -rf TestResults
# Azurite (the Blob storage of the Azure ML emulator's tests) is installed into the repository, never globally, and
# only when it is missing or tools/azurite/package-lock.json changed since the last install.
azurite_stamp=tools/azurite/node_modules/.trainingjobs-lock.sha256
azurite_lock=$(sha256sum tools/azurite/package-lock.json | cut -d' ' -f1)
if [ ! -x tools/azurite/node_modules/.bin/azurite-blob ] || [ "$(cat "$azurite_stamp" 2>/dev/null)" != "$azurite_lock" ]; then
  npm ci --prefix tools/azurite --no-audit --no-fund
  echo "$azurite_lock" > "$azurite_stamp"
fi
dotnet restore TrainingJobs.Sdk.sln
dotnet build TrainingJobs.Sdk.sln --no-restore -c Release
# The native (NativeAOT) supervisor for this machine, once per run (only this publish pays for the native compile):
# the local tests run it (TRAININGJOBS_TEST_SUPERVISOR; SupervisorFlavourTests keep the JIT one covered) and the
# pack below puts it into the package. The ILCompiler links with gcc where clang is missing (the project says so).
rid=$(dotnet --info | sed -n 's/^ *RID: *//p' | head -n 1)
rm -rf artifacts/supervisor
dotnet publish src/TrainingJobs.Supervisor -c Release -r "$rid" -p:PublishAot=true
export TRAININGJOBS_TEST_SUPERVISOR="$PWD/artifacts/supervisor/$rid/TrainingJobs.Supervisor"
# The native tj (its supervisor publish above is reused, not compiled again): the process-level CLI tests run it
# (TRAININGJOBS_TEST_TJ) beside the JIT one, as a user runs the published executable.
rm -rf artifacts/tj
dotnet publish src/TrainingJobs.Cli -c Release -r "$rid" -p:PublishAot=true
export TRAININGJOBS_TEST_TJ="$PWD/artifacts/tj/$rid/tj"
dotnet test TrainingJobs.Sdk.sln --no-build -c Release --logger "trx" --results-directory TestResults "$@"
# The packages as a consumer gets them: packed into a temporary folder feed, their contents checked, and an app
# with only a PackageReference to TrainingJobs.Sdk run against it (tests/TrainingJobs.Package.Tests).
feed=$(mktemp -d)
trap 'rm -rf "$feed"' EXIT
dotnet pack TrainingJobs.Sdk.sln --no-build -c Release -o "$feed"
TRAININGJOBS_PACKAGE_FEED="$feed" dotnet test tests/TrainingJobs.Package.Tests -c Release \
  --logger "trx;LogFileName=TrainingJobs.Package.Tests.trx" --results-directory TestResults "$@"
