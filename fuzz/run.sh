#!/usr/bin/env bash
# Builds the fuzzers with clang and libFuzzer in their own build folder and
# runs each for SECONDS (CI runs 60): the decode/validate fuzzer from the
# spec suite's modules, then the artifact loader fuzzer from artifacts
# compiled from them (TARGET picks one: decode or artifact; default both). Exits non-zero when the fuzzer finds a crash, a leak, a
# sanitizer report or a hang; the input that did it is saved in
# <build>/artifacts/.
#   EMBER_FUZZ_BUILD_DIR  build folder (default: build/fuzz in the source tree)
#   EMBER_SPEC_DIR        the spec suite (default: ../shared/spec)
#   EMBER_FUZZ_JOBS       build parallelism (default: nproc)
# usage: fuzz/run.sh SECONDS [decode|artifact]
set -euo pipefail
seconds=${1:?usage: fuzz/run.sh SECONDS [decode|artifact]}
which=${2:-all}
source_dir=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${EMBER_FUZZ_BUILD_DIR:-$source_dir/build/fuzz}
jobs=${EMBER_FUZZ_JOBS:-$(nproc)}

configure=(-S "$source_dir" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DEMBER_FUZZ=ON -DEMBER_TESTS=OFF)
if [[ -n "${EMBER_SPEC_DIR:-}" ]]; then configure+=(-DEMBER_SPEC_DIR="$EMBER_SPEC_DIR"); fi
cmake "${configure[@]}" >/dev/null
targets=()
if [[ "$which" != artifact ]]; then targets+=(ember_decode_validate_fuzzer ember_fuzz_seed_corpus); fi
if [[ "$which" != decode ]]; then
  targets+=(ember_artifact_loader_fuzzer ember_fuzz_artifact_seed_corpus)
fi
cmake --build "$build_dir" -j "$jobs" --target "${targets[@]}"

mkdir -p "$build_dir/artifacts"
# -timeout: one input taking over 10 s is a hang. -rss_limit_mb: the decoder
# and the loader must not allocate on the strength of a declared count alone.
run_fuzzer() {  # run_fuzzer NAME SEED_DIR
  local corpus="$build_dir/fuzz/corpus-$1"   # inputs the fuzzer finds
  mkdir -p "$corpus"
  echo "fuzz/run.sh: running the $1 fuzzer for ${seconds}s"
  "$build_dir/fuzz/ember_$1_fuzzer" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$build_dir/artifacts/$1-" \
    "$corpus" "$2"
}
if [[ "$which" != artifact ]]; then run_fuzzer decode_validate "$build_dir/fuzz/seed_corpus"; fi
if [[ "$which" != decode ]]; then
  run_fuzzer artifact_loader "$build_dir/fuzz/artifact_seed_corpus"
fi
