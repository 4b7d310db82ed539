#!/usr/bin/env bash
# Guards the protobuf contracts: `buf lint` (STANDARD rules, proto/buf.yaml) and
# `buf breaking` against the previous committed version of proto/. Exits non-zero on any
# violation. Needs full git history (a shallow clone is deepened, or the script fails).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
buf="$root/node_modules/.bin/buf"
[ -x "$buf" ] || { echo "check-contracts: $buf missing; run 'npm ci' first" >&2; exit 1; }
log() { printf '[check-contracts] %s\n' "$*" >&2; }

log "buf lint proto"
if ! "$buf" lint proto; then
  log "FAILED: buf lint found violations (above)"
  exit 1
fi

if ! git rev-parse --git-dir >/dev/null 2>&1; then
  log "FAILED: not a git checkout; buf breaking needs the previous contract version from git history"
  exit 1
fi
if [ "$(git rev-parse --is-shallow-repository)" = "true" ]; then
  log "shallow clone: fetching full history for buf breaking"
  git fetch --quiet --unshallow || { log "FAILED: could not unshallow; clone with full history"; exit 1; }
fi

# The baseline is the newest committed proto/ that differs from the one being checked:
# with uncommitted changes under proto/ that is the last commit touching proto/; with a
# clean proto/ it is the commit before that one (otherwise we would compare HEAD to itself).
if [ -n "$(git status --porcelain --untracked-files=all -- proto)" ]; then
  baseline="$(git log -1 --format=%H -- proto)"
else
  baseline="$(git log -2 --format=%H -- proto | sed -n 2p)"
fi

if [ -z "$baseline" ]; then
  log "buf breaking SKIPPED: no previous contract version in git history (this is the first introduction of proto/)"
  exit 0
fi

git_dir="$(git rev-parse --git-common-dir)"
log "buf breaking proto --against ${git_dir}#ref=${baseline},subdir=proto ($(git log -1 --format='%h %s' "$baseline"))"
if ! "$buf" breaking proto --against "${git_dir}#ref=${baseline},subdir=proto"; then
  log "FAILED: breaking change against $baseline. Keep the old field numbers/names (reserve removed ones), or publish a new version (andon.v2 + new topic names)."
  exit 1
fi
log "OK: lint clean, no breaking changes against ${baseline:0:12}"
