#!/usr/bin/env bash
# Installs Eclipse Mosquitto (MQTT 3.1.1 + 5 broker) from Debian's packages for the MQTT
# source's integration tests: a SYSTEM PACKAGE, installed with apt-get as root (sudo when
# not root). Idempotent: nothing is installed when a 2.0.x `mosquitto` binary is present.
# The harness runs that binary itself with its own config file on a free port; it never
# uses (or needs) the system service the package may register.
# Prints the binary's path on stdout.
# shellcheck source=deploy/local/lib.sh
source "$(dirname "$0")/lib.sh"
binary=""
for candidate in "$(command -v mosquitto 2>/dev/null || true)" /usr/sbin/mosquitto; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then binary="$candidate"; break; fi
done
if [ -z "$binary" ]; then
  command -v apt-get >/dev/null 2>&1 || die "mosquitto 2.0.x is required: install Debian's mosquitto package (apt-get install mosquitto)"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  log "installing Debian mosquitto (system package, as root)"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq mosquitto >&2
  binary=/usr/sbin/mosquitto
fi
# `mosquitto -h` prints "mosquitto version 2.0.11" and exits non-zero: read, do not test its status.
version=$("$binary" -h 2>&1 | sed -n 's/^mosquitto version \([0-9.]*\).*/\1/p' | head -n 1 || true)
case "$version" in
  2.0.*) ;;
  *) die "$binary reports version '${version:-unknown}', expected 2.0.x (Debian's mosquitto)" ;;
esac
# Record the version under the cache like the other servers (the harness reads it from this path).
mkdir -p "$ANDON_CACHE/mosquitto-$version"
ln -sfn "$binary" "$ANDON_CACHE/mosquitto-$version/mosquitto"
echo "$ANDON_CACHE/mosquitto-$version/mosquitto"
