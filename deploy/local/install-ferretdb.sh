#!/usr/bin/env bash
# Builds FerretDB v1 (MongoDB wire protocol on SQLite) from the Go module proxy.
source "$(dirname "$0")/lib.sh"
version="${FERRETDB_VERSION:-v1.24.2}"
dest="$ANDON_CACHE/ferretdb-$version/bin"
if [ ! -x "$dest/ferretdb" ]; then
  log "building ferretdb $version from the Go module proxy (first run only)"
  mkdir -p "$dest"
  GOBIN="$dest" GOFLAGS=-mod=mod go install "github.com/FerretDB/FerretDB/cmd/ferretdb@$version" >&2
fi
echo "$dest/ferretdb"
