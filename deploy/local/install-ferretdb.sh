#!/usr/bin/env bash
# Builds FerretDB v1 (MongoDB wire protocol on SQLite) from the Go module proxy.
# Prints the binary's path on stdout.
#
# Why not `go install .../cmd/ferretdb@version`: that binary panics at start-up
# ("Invalid build/version/version.txt") because the release version file is generated
# by FerretDB's own build and is not in the module zip. So we copy the module source,
# write the version file the way their docs describe, and build it there.
# shellcheck source=deploy/local/lib.sh
source "$(dirname "$0")/lib.sh"
version="${FERRETDB_VERSION:-v1.24.2}"
dest="$ANDON_CACHE/ferretdb-$version/bin"
if ! { [ -x "$dest/ferretdb" ] && "$dest/ferretdb" --version >/dev/null 2>&1; }; then
  require_cmd go "Go 1.22+ (https://go.dev/dl or the golang-1.2x Debian backports)"
  log "building ferretdb $version from the Go module proxy (first run only)"
  mkdir -p "$dest"
  src_dir=$(GOFLAGS=-mod=mod go mod download -json "github.com/FerretDB/FerretDB@$version" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
  [ -d "$src_dir" ] || die "go mod download did not give a source dir for FerretDB $version"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  cp -R "$src_dir/." "$work/"
  chmod -R u+w "$work"
  echo "$version" >"$work/build/version/version.txt"
  (cd "$work" && GOFLAGS=-mod=mod go build -trimpath -o "$dest/ferretdb.tmp" ./cmd/ferretdb) >&2
  mv "$dest/ferretdb.tmp" "$dest/ferretdb"
  "$dest/ferretdb" --version >/dev/null || die "the freshly built ferretdb does not run"
fi
echo "$dest/ferretdb"
