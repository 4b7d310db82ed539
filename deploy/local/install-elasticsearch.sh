#!/usr/bin/env bash
# Installs a single-node Elasticsearch (codelibs cluster runner jars from Maven Central)
# into the cache, plus our small launcher (elasticsearch/AndonElasticsearchRunner.java,
# compiled into andon-elasticsearch-runner.jar in the same folder). Prints the
# classpath folder on stdout. Start a node with:
#   java -Xms512m -Xmx1g -cp '<folder>/*' AndonElasticsearchRunner <basePath> <httpPort> <transportPort>
# shellcheck source=deploy/local/lib.sh
source "$(dirname "$0")/lib.sh"
here="$(cd "$(dirname "$0")" && pwd)"
version=$(sed -n 's:.*<runner.version>\(.*\)</runner.version>.*:\1:p' "$here/elasticsearch/pom.xml")
dest="$ANDON_CACHE/elasticsearch-$version/libs"
if [ ! -f "$dest/.complete" ]; then
  require_cmd mvn "Apache Maven" maven
  log "resolving elasticsearch-cluster-runner $version from Maven Central"
  mkdir -p "$dest"
  mvn -q -B -f "$here/elasticsearch/pom.xml" dependency:copy-dependencies -DoutputDirectory="$dest" -DincludeScope=runtime >&2
  touch "$dest/.complete"
fi
launcher_src="$here/elasticsearch/AndonElasticsearchRunner.java"
launcher_sum=$(sha256sum "$launcher_src" | cut -d' ' -f1)
if [ "$(cat "$dest/.launcher.sha256" 2>/dev/null)" != "$launcher_sum" ]; then
  require_cmd javac "a JDK 17+" openjdk-17-jdk-headless
  log "compiling the Elasticsearch launcher"
  classes=$(mktemp -d)
  trap 'rm -rf "$classes"' EXIT
  javac -nowarn -cp "$dest/*" -d "$classes" "$launcher_src" >&2
  jar cf "$dest/andon-elasticsearch-runner.jar" -C "$classes" . >&2
  echo "$launcher_sum" >"$dest/.launcher.sha256"
fi
echo "$dest"
