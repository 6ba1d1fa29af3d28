#!/usr/bin/env bash
# Builds the decode/validate fuzzer with clang and libFuzzer in its own
# build folder and runs it for SECONDS (CI runs 60), starting from the spec
# suite's modules. Exits non-zero when the fuzzer finds a crash, a leak, a
# sanitizer report or a hang; the input that did it is saved in
# <build>/artifacts/.
#   EMBER_FUZZ_BUILD_DIR  build folder (default: build/fuzz in the source tree)
#   EMBER_SPEC_DIR        the spec suite (default: ../shared/spec)
#   EMBER_FUZZ_JOBS       build parallelism (default: nproc)
# usage: fuzz/run.sh SECONDS
set -euo pipefail
seconds=${1:?usage: fuzz/run.sh SECONDS}
source_dir=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${EMBER_FUZZ_BUILD_DIR:-$source_dir/build/fuzz}
jobs=${EMBER_FUZZ_JOBS:-$(nproc)}

configure=(-S "$source_dir" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DEMBER_FUZZ=ON -DEMBER_TESTS=OFF)
if [[ -n "${EMBER_SPEC_DIR:-}" ]]; then configure+=(-DEMBER_SPEC_DIR="$EMBER_SPEC_DIR"); fi
cmake "${configure[@]}" >/dev/null
cmake --build "$build_dir" -j "$jobs" --target ember_decode_validate_fuzzer ember_fuzz_seed_corpus

corpus="$build_dir/fuzz/corpus"   # inputs the fuzzer finds
seeds="$build_dir/fuzz/seed_corpus"
mkdir -p "$corpus" "$build_dir/artifacts"
echo "fuzz/run.sh: running the decode/validate fuzzer for ${seconds}s"
# -timeout: one input taking over 10 s is a hang. -rss_limit_mb: the decoder
# must not allocate on the strength of a declared count alone.
"$build_dir/fuzz/ember_decode_validate_fuzzer" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 -artifact_prefix="$build_dir/artifacts/" \
  "$corpus" "$seeds"
