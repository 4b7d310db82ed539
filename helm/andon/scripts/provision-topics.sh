#!/bin/sh
# Creates every topic listed in $TOPICS_FILE that does not exist and reconciles
# retention.ms and cleanup.policy of those that do. Idempotent: every Helm revision runs it.
# Partitions are only ever added (Kafka cannot remove them), and only when
# INCREASE_PARTITIONS=true, because adding partitions re-maps record keys.
# Lines of $TOPICS_FILE: name<TAB>partitions<TAB>replicationFactor<TAB>retentionMs<TAB>cleanupPolicy
set -eu

: "${KAFKA_BOOTSTRAP:?KAFKA_BOOTSTRAP (comma-separated brokers) is required}"
bin="${KAFKA_BIN:-/opt/kafka/bin}"
topics_file="${TOPICS_FILE:-/etc/andon/topics/topics.tsv}"
max_rf="${MAX_REPLICATION_FACTOR:-0}"
increase="${INCREASE_PARTITIONS:-false}"
props="${TMPDIR:-/tmp}/andon-kafka-client.properties"

umask 077
protocol=PLAINTEXT
[ "${KAFKA_TLS:-false}" = true ] && protocol=SSL
: > "$props"
if [ "${KAFKA_SASL_ENABLED:-false}" = true ]; then
  : "${KAFKA_SASL_USERNAME:?KAFKA_SASL_USERNAME missing (topicProvisioning.kafkaSecret)}"
  : "${KAFKA_SASL_PASSWORD:?KAFKA_SASL_PASSWORD missing (topicProvisioning.kafkaSecret)}"
  if [ "$protocol" = SSL ]; then protocol=SASL_SSL; else protocol=SASL_PLAINTEXT; fi
  case "${KAFKA_SASL_MECHANISM:-SCRAM-SHA-512}" in
    PLAIN) module=org.apache.kafka.common.security.plain.PlainLoginModule ;;
    SCRAM-SHA-256 | SCRAM-SHA-512) module=org.apache.kafka.common.security.scram.ScramLoginModule ;;
    *) echo "provision-topics: unsupported KAFKA_SASL_MECHANISM ${KAFKA_SASL_MECHANISM}" >&2; exit 2 ;;
  esac
  printf 'sasl.mechanism=%s\nsasl.jaas.config=%s required username="%s" password="%s";\n' \
    "${KAFKA_SASL_MECHANISM:-SCRAM-SHA-512}" "$module" "$KAFKA_SASL_USERNAME" "$KAFKA_SASL_PASSWORD" >> "$props"
fi
echo "security.protocol=$protocol" >> "$props"
if [ -n "${KAFKA_CA_FILE:-}" ]; then
  printf 'ssl.truststore.type=PEM\nssl.truststore.location=%s\n' "$KAFKA_CA_FILE" >> "$props"
fi

topics() { "$bin/kafka-topics.sh" --bootstrap-server "$KAFKA_BOOTSTRAP" --command-config "$props" "$@"; }
configs() { "$bin/kafka-configs.sh" --bootstrap-server "$KAFKA_BOOTSTRAP" --command-config "$props" "$@"; }

existing="$(topics --list)"
tab="$(printf '\t')"
created=0
reconciled=0
while IFS="$tab" read -r name partitions rf retention cleanup; do
  case "$name" in '' | '#'*) continue ;; esac
  if [ "$max_rf" -gt 0 ] && [ "$rf" -gt "$max_rf" ]; then rf="$max_rf"; fi
  if printf '%s\n' "$existing" | grep -qxF "$name"; then
    current="$(topics --describe --topic "$name" | sed -n 's/.*PartitionCount: *\([0-9][0-9]*\).*/\1/p' | head -n 1)"
    if [ "$current" -lt "$partitions" ]; then
      if [ "$increase" = true ]; then
        topics --alter --topic "$name" --partitions "$partitions"
        echo "provision-topics: $name partitions $current -> $partitions"
      else
        echo "provision-topics: WARNING $name has $current partitions, catalogue says $partitions; set topicProvisioning.increasePartitions=true to add them (see docs/runbook.md)" >&2
      fi
    elif [ "$current" -gt "$partitions" ]; then
      echo "provision-topics: WARNING $name has $current partitions, more than the catalogue's $partitions; Kafka cannot remove partitions" >&2
    fi
    # A list value needs brackets in --add-config (e.g. cleanup.policy=[compact,delete]).
    case "$cleanup" in *,*) cleanup="[$cleanup]" ;; esac
    configs --alter --entity-type topics --entity-name "$name" --add-config "retention.ms=$retention,cleanup.policy=$cleanup" > /dev/null
    reconciled=$((reconciled + 1))
  else
    topics --create --if-not-exists --topic "$name" --partitions "$partitions" --replication-factor "$rf" \
      --config "retention.ms=$retention" --config "cleanup.policy=$cleanup" > /dev/null
    echo "provision-topics: created $name (partitions=$partitions replication=$rf retention.ms=$retention cleanup.policy=$cleanup)"
    created=$((created + 1))
  fi
done < "$topics_file"
echo "provision-topics: done, $created created, $reconciled reconciled"
