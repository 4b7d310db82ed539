#!/usr/bin/env bash
# Copies the repository's policies, prompts, site code maps and redaction rules into
# <chart>/files/, because a Helm chart can only read files inside its own folder.
# The copies are gitignored (helm/andon/files/.gitignore): the repository folders stay the
# one source of truth, and `helm package` / `helm upgrade` must run after this script.
# Usage: tools/build-service/sync-chart-files.sh [chart-dir]   (default: helm/andon)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
chart="${1:-$root/helm/andon}"
if [ ! -f "$chart/Chart.yaml" ]; then
  echo "sync-chart-files: $chart has no Chart.yaml" >&2
  exit 2
fi
# <folder under files/>=<folder in the repository>
pairs=(policies=policies prompts=prompts site-codes=config/site-codes protocol-maps=config/protocol-maps redaction=config/redaction plant=config/plant mes-endpoints=config/mes-endpoints)
for pair in "${pairs[@]}"; do
  name="${pair%%=*}"
  source="$root/${pair#*=}"
  target="$chart/files/$name"
  rm -rf "$target"
  mkdir -p "$target"
  if [ -d "$source" ]; then
    (cd "$source" && find . -type f ! -name '.*' -print0 | while IFS= read -r -d '' file; do
      relative="${file#./}"
      # ConfigMap keys are built from these paths and only allow [-._a-zA-Z0-9].
      if [[ ! "$relative" =~ ^[-._a-zA-Z0-9/]+$ ]]; then
        echo "sync-chart-files: ${pair#*=}/$relative: only [-._a-zA-Z0-9] are allowed in file names" >&2
        exit 1
      fi
      mkdir -p "$target/$(dirname "$relative")"
      cp "$file" "$target/$relative"
    done)
  fi
  echo "sync-chart-files: $(find "$target" -type f | wc -l) file(s) ${pair#*=}/ -> ${target#"$root"/}" >&2
done
