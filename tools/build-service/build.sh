#!/usr/bin/env bash
# Compiles one service plus the workspace libraries into <out>/, laid out like the
# repository (libs/<lib>/src, services/<service>/src) so that swc can rewrite the
# @andon/* aliases into relative requires that resolve without tsconfig at run time.
#
# Usage: tools/build-service/build.sh <service> [out-dir]   (default out: dist/services/<service>)
# Run:   node <out>/services/<service>/src/main.js          (cwd = the folder holding node_modules)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
service="${1:-}"
if [ -z "$service" ]; then
  echo "usage: tools/build-service/build.sh <service> [out-dir]" >&2
  exit 2
fi
out="${2:-$root/dist/services/$service}"
if [ ! -f "$root/services/$service/src/main.ts" ]; then
  echo "build-service: services/$service/src/main.ts not found; '$service' is not a service" >&2
  exit 2
fi
if [ -n "$(find "$root/proto" -name '*.proto' -print -quit 2>/dev/null)" ] && [ ! -d "$root/libs/contracts/src/gen" ]; then
  echo "build-service: libs/contracts/src/gen is missing; run 'npm run generate' first" >&2
  exit 2
fi

# The alias table is read from tsconfig.base.json on every build, so a new lib needs no
# change here. swc wants an absolute baseUrl when the config file lives elsewhere.
swcrc="$(mktemp "${TMPDIR:-/tmp}/andon-swcrc.XXXXXX")"
trap 'rm -f "$swcrc"' EXIT
node - "$root" "$swcrc" <<'NODE'
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const [root, target] = process.argv.slice(2);
const config = JSON.parse(readFileSync(join(root, 'tools/build-service/.swcrc'), 'utf8'));
const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8'));
config.jsc.baseUrl = root;
config.jsc.paths = compilerOptions.paths;
writeFileSync(target, JSON.stringify(config));
NODE

cd "$root"
# libs/testing is the test harness (starts servers); it never ships.
sources=()
for dir in libs/*/src; do
  [ "$dir" = "libs/testing/src" ] || sources+=("$dir")
done
sources+=("services/$service/src")

rm -rf "$out"
# Only TypeScript is compiled; other files are copied as they are (the OPC UA session
# worker is an ES module, .mjs, run by node in a child process: ADR 0016).
npx --no-install swc "${sources[@]}" -d "$out" --config-file "$swcrc" --copy-files --extensions .ts \
  --ignore '**/*.spec.ts,**/*.int-spec.ts,**/__fixtures__/**' >&2

# The demo users (known password, an admin of every site) are for laptops and tests; they
# never ship in an image (the production profile refuses them anyway).
find "$out" -name 'demo-users.yaml' -delete

main="$out/services/$service/src/main.js"
if [ ! -f "$main" ]; then
  echo "build-service: swc produced no $main" >&2
  exit 1
fi
# An alias swc could not rewrite, or a require with no compiled file behind it (e.g. a lib
# without src/index.ts), would only fail when the pod starts; fail the build instead. Only
# modules reachable from main.js count: test-support files that import @andon/testing ship
# but are never loaded.
node - "$out" "$main" <<'NODE'
const { existsSync, readFileSync, statSync } = require('node:fs');
const { dirname, resolve } = require('node:path');
const [out, main] = process.argv.slice(2);
const asFile = (base) => ['', '.js', '.json', '/index.js'].map((ext) => base + ext).find((p) => existsSync(p) && statSync(p).isFile());
const problems = [];
const seen = new Set();
const queue = [main];
while (queue.length > 0) {
  const file = queue.pop();
  if (seen.has(file) || !file.endsWith('.js')) continue;
  seen.add(file);
  for (const [, target] of readFileSync(file, 'utf8').matchAll(/require\("([^"]+)"\)/g)) {
    if (target.startsWith('@andon/')) {
      problems.push(`${file}: ${target} was not rewritten (alias missing from tsconfig.base.json?)`);
    } else if (target.startsWith('.')) {
      const found = asFile(resolve(dirname(file), target));
      if (found) queue.push(found);
      else problems.push(`${file}: ${target} is not in the build`);
    }
  }
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  console.error(`build-service: ${problems.length} unresolvable require(s) reachable from ${main.slice(out.length + 1)}`);
  process.exit(1);
}
console.error(`build-service: ${seen.size} workspace modules reachable from main.js all resolve`);
NODE
echo "$main"
