#!/usr/bin/env bash
# The Node.js 24 LTS leg of the test command: the bus, the document stores and governance
# (unit and integration suites, real Kafka and FerretDB) and one standalone end-to-end run
# (the two-person hold in a real browser) on Node 24 from deploy/local/install-node24.sh,
# while the main run stays on the machine's Node. Extra arguments replace the selection.
# Writes .ci/results-node24.json. Bounded: aim < 4 minutes on the 2-core CI machine.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
export NX_DAEMON=false NX_NO_CLOUD=true
export ANDON_CACHE="${ANDON_CACHE:-$HOME/.cache/andon}"
node24=$(bash deploy/local/install-node24.sh) || exit 1
export ANDON_BETTER_SQLITE3_DIR="$node24/overlay/node_modules/better-sqlite3"
export NODE_OPTIONS="--require $PWD/deploy/local/node24/native-overlay.cjs${NODE_OPTIONS:+ $NODE_OPTIONS}"
export PATH="$node24/bin:$PATH"
export ANDON_REAL_SERVERS="${ANDON_REAL_SERVERS:-kafka,ferretdb}"
echo "[test-node24] $(node --version) ($node24), servers: $ANDON_REAL_SERVERS"
selection=("$@")
if [ ${#selection[@]} -eq 0 ]; then
  selection=(libs/bus/src libs/persistence/src libs/governance/src services/standalone/test/console-hold.e2e.int-spec.ts)
fi
mkdir -p .ci
# The broker-outage spec (~40 s of broker stop/start) tests Kafka's behaviour more than Node's: main run only.
node node_modules/.bin/jest --ci --json --outputFile=.ci/results-node24.json --testPathIgnorePatterns=kafka-outage -- "${selection[@]}"
