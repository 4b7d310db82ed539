#!/usr/bin/env bash
# Shared helpers for the local install scripts. Everything lands in one cache
# directory keyed by version, so a second run on the same machine reuses it.
set -euo pipefail
ANDON_CACHE="${ANDON_CACHE:-$HOME/.cache/andon}"
mkdir -p "$ANDON_CACHE"
log() { printf '[andon-install] %s\n' "$*" >&2; }
