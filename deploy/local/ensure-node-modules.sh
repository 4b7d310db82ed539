#!/usr/bin/env bash
# Sourced by start.sh and test.sh: `npm ci` when node_modules is missing or older than
# the lock file (a stamp records the lock's hash).
stamp=node_modules/.andon-lock-hash
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "[andon] installing npm dependencies (npm ci)" >&2
  npm ci --no-audit --no-fund
  echo "$want" > "$stamp"
fi
