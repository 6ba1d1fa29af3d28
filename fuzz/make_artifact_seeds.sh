#!/bin/sh
# Fills the artifact loader fuzzer's seed corpus with real artifacts: every
# 8th module of the spec suite's core group (about 200 files) compiled and
# saved by MAKER. The corpus lives in the build tree, never in the repository.
# usage: make_artifact_seeds.sh MAKER SPEC_DIR OUT_DIR
set -eu
maker=$1
spec_dir=$2
out_dir=$3
mkdir -p "$out_dir"
if [ ! -d "$spec_dir/core" ]; then
  echo "make_artifact_seeds: spec suite not found at $spec_dir; set EMBER_SPEC_DIR (fuzzing starts from an empty corpus)"
  exit 0
fi
find "$spec_dir/core" -name '*.wasm' -type f | LC_ALL=C sort | awk 'NR % 8 == 0' |
  xargs "$maker" "$out_dir"
