#!/usr/bin/env bash
# The job's code: prints a line (streamed back) and writes one file into its named output (downloaded back).
set -euo pipefail
echo "hello from AzureSubmit: $(uname -s), $(nproc) CPU(s)"
mkdir -p "$1"
echo "written by the AzureSubmit job" > "$1/result.txt"
echo "wrote $1/result.txt"
