#!/usr/bin/env bash
# Builds the container image of one service from the repository root.
# Usage: tools/build-service/docker-build.sh <service> [image-ref]
#   default image-ref: ${ANDON_IMAGE_PREFIX:-andon-}<service>:${ANDON_IMAGE_TAG:-dev}
# Exits 3 without building when no Docker engine answers.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
service="${1:-}"
if [ -z "$service" ]; then
  echo "usage: tools/build-service/docker-build.sh <service> [image-ref]" >&2
  exit 2
fi
dockerfile="services/$service/Dockerfile"
if [ ! -f "$root/$dockerfile" ]; then
  echo "docker-build: $dockerfile not found (render it: node tools/build-service/render-dockerfiles.js)" >&2
  exit 2
fi
if ! command -v docker >/dev/null 2>&1; then
  echo "docker-build: no 'docker' CLI on PATH; nothing was built for $service." >&2
  exit 3
fi
if ! probe="$(docker info 2>&1)"; then
  echo "docker-build: no Docker engine answers ('docker info' failed); nothing was built for $service." >&2
  echo "docker-build: start a Docker engine or point DOCKER_HOST at one. docker said:" >&2
  printf '%s\n' "$probe" | grep -iE 'error|cannot|denied' | head -3 | sed 's/^/  /' >&2
  exit 3
fi
ref="${2:-${ANDON_IMAGE_PREFIX:-andon-}$service:${ANDON_IMAGE_TAG:-dev}}"
revision="$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)"
cd "$root"
DOCKER_BUILDKIT=1 docker build \
  --file "$dockerfile" \
  --tag "$ref" \
  --label "org.opencontainers.image.title=andon-$service" \
  --label "org.opencontainers.image.revision=$revision" \
  .
echo "$ref"
