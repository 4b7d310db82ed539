#!/usr/bin/env bash
# Installs Debian's Chromium for the console's browser tests (never a downloaded browser).
# shellcheck source=deploy/local/lib.sh
source "$(dirname "$0")/lib.sh"
if ! command -v chromium >/dev/null 2>&1; then
  log "installing Debian chromium"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >&2
fi
command -v chromium
