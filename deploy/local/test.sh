#!/usr/bin/env bash
# The README test command (`npm test`): from a fresh machine with nothing installed by
# hand, installs what is missing, checks and tests the whole repository.
#   npm ci (only when needed) -> contracts generate -> buf lint/breaking -> tsc -> eslint -> prettier --check
#   -> install Kafka, FerretDB, Elasticsearch, OpenSearch, Jaeger, Chromium, Helm (cached) -> jest (all projects,
#   real servers started by libs/testing's global setup) -> the same bus, store, governance
#   and console e2e suites again on Node 24 (deploy/local/test-node24.sh).
# Extra arguments go to jest: `npm test -- libs/bus`.
# ANDON_SKIP_STEPS=lint,format,typecheck,contracts,install skips steps (local iteration only).
# Every step runs even after a failure, and jest always writes .ci/results.json;
# the exit code is non-zero if any step failed.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
export NX_DAEMON=false NX_NO_CLOUD=true
export ANDON_CACHE="${ANDON_CACHE:-$HOME/.cache/andon}"

failed=()
timings=()
skip=",${ANDON_SKIP_STEPS:-},"

step() {
  local name="$1"
  shift
  if [[ "$skip" == *",$name,"* ]]; then
    echo "[test] -- $name skipped (ANDON_SKIP_STEPS)"
    return 0
  fi
  echo "[test] ==> $name"
  local started=$SECONDS
  if "$@"; then
    timings+=("$name $((SECONDS - started))s")
  else
    timings+=("$name FAILED after $((SECONDS - started))s")
    failed+=("$name")
    echo "[test] <== $name FAILED" >&2
    return 1
  fi
}

node_modules_step() { source deploy/local/ensure-node-modules.sh; }

generate_step() {
  if [ -f deploy/local/generate-contracts.sh ]; then npm run --silent generate; else echo "[test] no generate-contracts.sh yet"; fi
}

contracts_step() {
  if [ -f deploy/local/check-contracts.sh ]; then bash deploy/local/check-contracts.sh; else echo "[test] no check-contracts.sh yet"; fi
}

install_step() {
  local status=0 tool started
  for tool in kafka ferretdb elasticsearch mosquitto opensearch jaeger node24 chromium helm minilm smollm2; do
    started=$SECONDS
    # apt, `go: downloading` and Maven output go to a file, named when the install fails.
    mkdir -p .ci/logs
    if bash "deploy/local/install-$tool.sh" >".ci/logs/install-$tool.log" 2>&1; then
      echo "[test] install-$tool ok ($((SECONDS - started))s)"
    else
      echo "[test] install-$tool FAILED; its output: .ci/logs/install-$tool.log (last lines below)" >&2
      tail -n 15 ".ci/logs/install-$tool.log" >&2
      status=1
    fi
  done
  return $status
}

jest_step() {
  mkdir -p .ci
  rm -f .ci/results.json
  npx jest --ci --json --outputFile=.ci/results.json "$@"
}

if ! step node_modules node_modules_step; then
  echo "[test] cannot continue without node_modules" >&2
  exit 1
fi
step generate generate_step
step contracts contracts_step
step typecheck npx tsc -p tsconfig.json --noEmit
# @nx/enforce-module-boundaries reads Nx's cached project graph and silently skips
# without it, so the graph is computed first.
lint_step() { npx nx show projects >/dev/null && npx eslint . --cache --cache-location node_modules/.cache/eslint/; }
step lint lint_step
# Code is formatted by prettier (.prettierrc); prose and YAML (Helm templates) are not checked.
step format npm run --silent format:check
step install install_step
step jest jest_step "$@"
# The Node 24 LTS leg (bus, stores, governance, one standalone e2e); a narrowed run skips it.
node24_step() { bash deploy/local/test-node24.sh; }
if [ $# -eq 0 ]; then step node24 node24_step; fi

echo "[test] steps: $(IFS=';'; echo "${timings[*]}")"
if [ ${#failed[@]} -gt 0 ]; then
  echo "[test] FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "[test] all steps passed"
