#!/usr/bin/env bash
# The README's main-job command (`npm start`): installs what is missing, generates the
# contracts and runs the whole mesh in one process on embedded adapters with the
# simulated plant and the console at http://localhost:${HTTP_PORT:-8080}.
set -euo pipefail
cd "$(dirname "$0")/../.."
source deploy/local/ensure-node-modules.sh
bash deploy/local/generate-contracts.sh
exec node -r @swc-node/register services/standalone/src/main.ts "$@"
