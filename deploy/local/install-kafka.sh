#!/usr/bin/env bash
# Installs the Apache Kafka broker jars (KRaft-capable) from Maven Central into the cache.
# Prints the classpath folder on stdout.
# shellcheck source=deploy/local/lib.sh
source "$(dirname "$0")/lib.sh"
here="$(cd "$(dirname "$0")" && pwd)"
version=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$here/kafka/pom.xml")
dest="$ANDON_CACHE/kafka-$version/libs"
if [ ! -f "$dest/.complete" ]; then
  require_cmd java "a JDK 17+" openjdk-17-jdk-headless
  require_cmd mvn "Apache Maven" maven
  log "resolving kafka $version from Maven Central"
  mkdir -p "$dest"
  mvn -q -B -f "$here/kafka/pom.xml" dependency:copy-dependencies -DoutputDirectory="$dest" -DincludeScope=runtime >&2
  touch "$dest/.complete"
fi
echo "$dest"
