#!/usr/bin/env bash
# Fetches the upstream spec files the contract tests read, at pinned commits, into DIR (default
# $MLOPS_SPECS_DIR) in the layout of ../shared/specs, and checks each file's git blob hash; the
# contract harness finds them through MLOPS_SPECS_DIR. The list: test/contract/upstream-specs.txt.
#   bash scripts/fetch-specs.sh [DIR]
# MLOPS_SPECS_BASE_URL replaces https://raw.githubusercontent.com (a test serves the files locally).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="${1:-${MLOPS_SPECS_DIR:?usage: fetch-specs.sh DIR (or set MLOPS_SPECS_DIR)}}"
base="${MLOPS_SPECS_BASE_URL:-https://raw.githubusercontent.com}"
repo=Azure/azure-rest-api-specs
upstream=specification/machinelearningservices/resource-manager/Microsoft.MachineLearningServices/stable/2022-10-01
folder=azureml-2022-10-01

count=0
while read -r commit blob path; do
  [[ -z "$commit" || "$commit" == \#* ]] && continue
  file="$dest/$folder/$path"
  mkdir -p "$(dirname "$file")"
  curl --fail --silent --show-error --location --retry 3 --output "$file" \
    "$base/$repo/$commit/$upstream/$path"
  got="$(git hash-object --no-filters "$file")"
  if [[ "$got" != "$blob" ]]; then
    echo "fetch-specs: $path at $commit has git blob $got, expected $blob" >&2
    exit 1
  fi
  count=$((count + 1))
done < "$root/test/contract/upstream-specs.txt"
echo "fetch-specs: $count files checked into $dest/$folder"
