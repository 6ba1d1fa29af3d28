#!/bin/sh
# Fills a seed corpus for the decode/validate fuzzer with the binary modules
# of the spec suite (every .wasm below SPEC_DIR). The corpus lives in the
# build tree, never in the repository.
# usage: make_seed_corpus.sh SPEC_DIR OUT_DIR
set -eu
spec_dir=$1
out_dir=$2
mkdir -p "$out_dir"
if [ ! -d "$spec_dir" ]; then
  echo "make_seed_corpus: spec suite not found at $spec_dir; set EMBER_SPEC_DIR (fuzzing starts from an empty corpus)"
  exit 0
fi
# The suite's folders are kept (libFuzzer reads a corpus folder
# recursively), so groups do not collide; a few cp processes copy them all
# (one per file took a minute and a half for the 6,000 files).
out_dir=$(cd "$out_dir" && pwd)
(cd "$spec_dir" && find . -name '*.wasm' -type f -exec cp --parents -t "$out_dir" {} +)
echo "make_seed_corpus: $(find "$out_dir" -type f | wc -l) seeds in $out_dir"
