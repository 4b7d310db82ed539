#!/usr/bin/env bash
# Installs the single-node Elasticsearch runner jars from Maven Central into the cache.
source "$(dirname "$0")/lib.sh"
here="$(cd "$(dirname "$0")" && pwd)"
version=$(sed -n 's:.*<runner.version>\(.*\)</runner.version>.*:\1:p' "$here/elasticsearch/pom.xml")
dest="$ANDON_CACHE/elasticsearch-$version/libs"
if [ ! -f "$dest/.complete" ]; then
  log "resolving elasticsearch-cluster-runner $version from Maven Central"
  mkdir -p "$dest"
  mvn -q -B -f "$here/elasticsearch/pom.xml" dependency:copy-dependencies -DoutputDirectory="$dest" -DincludeScope=runtime >&2
  touch "$dest/.complete"
fi
echo "$dest"
