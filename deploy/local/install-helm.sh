#!/usr/bin/env bash
# Builds the helm CLI from the Go module proxy.
# shellcheck source=deploy/local/lib.sh
source "$(dirname "$0")/lib.sh"
version="${HELM_VERSION:-v3.22.0}"
dest="$ANDON_CACHE/helm-$version/bin"
if [ ! -x "$dest/helm" ]; then
  log "building helm $version from the Go module proxy (first run only)"
  mkdir -p "$dest"
  GOBIN="$dest" go install "helm.sh/helm/v3/cmd/helm@$version" >&2
fi
echo "$dest/helm"
