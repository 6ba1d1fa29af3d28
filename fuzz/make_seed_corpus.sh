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
# Names flattened (core/x.0.wasm -> core_x.0.wasm) so groups do not collide.
find "$spec_dir" -name '*.wasm' -type f | while read -r f; do
  rel=${f#"$spec_dir"/}
  cp "$f" "$out_dir/$(echo "$rel" | tr '/' '_')"
done
echo "make_seed_corpus: $(ls "$out_dir" | wc -l) seeds in $out_dir"
