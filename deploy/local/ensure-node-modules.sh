#!/usr/bin/env bash
# Sourced by start.sh and test.sh (from the repository root): `npm ci` when node_modules
# is missing or was not installed from the current package-lock.json and patches/ (the
# dependency patches npm ci's postinstall applies). A stamp records their hash after a
# successful install. Returns non-zero if npm ci fails.
#
# No stamp yet, but npm's own hidden lockfile (node_modules/.package-lock.json) is at
# least as new as package-lock.json: `npm install`/`npm ci` produced this tree from
# this lock, so we adopt it instead of wiping node_modules (other processes may be
# using it right now).
andon_ensure_node_modules() {
  local stamp=node_modules/.andon-lock-hash want
  want=$(cat package-lock.json patches/*.patch 2>/dev/null | sha256sum | cut -d' ' -f1)
  if [ -d node_modules ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  if [ -d node_modules ] && [ -f node_modules/.package-lock.json ] &&
    ! [ package-lock.json -nt node_modules/.package-lock.json ] &&
    ! find patches -name '*.patch' -newer node_modules/.package-lock.json 2>/dev/null | grep -q .; then
    echo "$want" >"$stamp"
    return 0
  fi
  # npm's own output (engine notes, install scripts) goes to a file, named on failure.
  local logfile=.ci/logs/npm-ci.log
  mkdir -p .ci/logs
  echo "[andon] installing npm dependencies (npm ci into ./node_modules; log: $logfile)" >&2
  local npm_ci=(npm ci --no-audit --no-fund)
  # Engineers on one checkout serialise npm runs on this lock (see the team notes).
  if command -v flock >/dev/null 2>&1; then npm_ci=(flock /tmp/andon-npm.lock "${npm_ci[@]}"); fi
  if ! "${npm_ci[@]}" >"$logfile" 2>&1; then
    echo "[andon] npm ci FAILED; its output: $logfile (last lines below)" >&2
    tail -n 20 "$logfile" >&2
    return 1
  fi
  echo "$want" >"$stamp"
}
andon_ensure_node_modules
