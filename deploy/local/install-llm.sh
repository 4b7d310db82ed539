#!/usr/bin/env bash
# The test harness installs each real server with deploy/local/install-<name>.sh; the
# server named `llm` (the local model server, libs/local-model) serves SmolLM2 from here.
exec bash "$(dirname "$0")/install-smollm2.sh" "$@"
