#!/usr/bin/env bash
# Shared helpers for the local install scripts. Everything lands in one cache
# directory keyed by version, so a second run on the same machine reuses it.
set -euo pipefail
ANDON_CACHE="${ANDON_CACHE:-$HOME/.cache/andon}"
mkdir -p "$ANDON_CACHE"
log() { printf '[andon-install] %s\n' "$*" >&2; }
die() { printf '[andon-install] error: %s\n' "$*" >&2; exit 1; }

# require_cmd CMD HINT [DEBIAN_PACKAGE]: installs the Debian package when the command
# is missing and we may use apt-get (root or sudo), else fails with the hint.
require_cmd() {
  local cmd="$1" hint="$2" pkg="${3:-}"
  command -v "$cmd" >/dev/null 2>&1 && return 0
  if [ -n "$pkg" ] && command -v apt-get >/dev/null 2>&1; then
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    log "installing Debian package $pkg for $cmd"
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$pkg" >&2
    command -v "$cmd" >/dev/null 2>&1 && return 0
  fi
  die "$cmd is required: install $hint"
}
