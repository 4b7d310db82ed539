#!/usr/bin/env bash
# Generates libs/contracts/src/gen/ from proto/ with ts-proto (buf.gen.yaml). The output
# is gitignored: every build and test run generates it, so it cannot drift from proto/.
# Offline: buf and the ts-proto plugin both come from node_modules.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
buf="$root/node_modules/.bin/buf"
if [ ! -x "$buf" ] || [ ! -x "$root/node_modules/.bin/protoc-gen-ts_proto" ]; then
  echo "generate-contracts: buf or protoc-gen-ts_proto missing; run 'npm ci' first" >&2
  exit 1
fi
"$buf" generate
echo "generate-contracts: wrote $(find libs/contracts/src/gen -name '*.ts' | wc -l) files to libs/contracts/src/gen" >&2
