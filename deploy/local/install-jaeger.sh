#!/usr/bin/env bash
# Builds Jaeger v2 all-in-one (`cmd/jaeger` of module github.com/jaegertracing/jaeger
# v1.75.0, the release whose v2 binary reads OTLP and serves the query API) from the Go
# module proxy into the cache. Prints the binary's path on stdout.
#
# Why not `go install .../cmd/jaeger@v1.75.0`: its go.mod has a replace directive, which
# `go install pkg@version` refuses. So we copy the module source and build it there.
# The UI assets are not embedded (a placeholder page); tests use the query API only.
# shellcheck source=deploy/local/lib.sh
source "$(dirname "$0")/lib.sh"
version="${JAEGER_VERSION:-v1.75.0}"
dest="$ANDON_CACHE/jaeger-$version/bin"
if ! { [ -x "$dest/jaeger" ] && "$dest/jaeger" version >/dev/null 2>&1; }; then
  require_cmd go "Go 1.24+ (https://go.dev/dl)"
  log "building jaeger $version from the Go module proxy (first run only, several minutes)"
  mkdir -p "$dest"
  src_dir=$(GOFLAGS=-mod=mod go mod download -json "github.com/jaegertracing/jaeger@$version" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
  [ -d "$src_dir" ] || die "go mod download did not give a source dir for Jaeger $version"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  cp -R "$src_dir/." "$work/"
  chmod -R u+w "$work"
  (cd "$work" && GOFLAGS=-mod=mod go build -trimpath -o "$dest/jaeger.tmp" ./cmd/jaeger) >&2
  mv "$dest/jaeger.tmp" "$dest/jaeger"
  "$dest/jaeger" version >/dev/null || die "the freshly built jaeger does not run"
fi
echo "$dest/jaeger"
