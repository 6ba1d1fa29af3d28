#!/usr/bin/env bash
# Builds Ember with profile-guided optimisation (GCC, cmake/ember_pgo.cmake)
# in BUILD_DIR, in three steps: an instrumented CLI; a training run that
# compiles each program with the JIT and runs it on the interpreter for at
# most a second; then the whole build again with the profile.
#
# usage: scripts/build-pgo.sh [BUILD_DIR] [PROGRAM.wasm...]
#   BUILD_DIR defaults to build/pgo. The programs default to the benchmark
#   corpus's sightglass programs ($EMBER_BENCH_DIR or ../shared/bench).
#   Train on the modules you will load: the profile favours the operators
#   and paths they exercise. EMBER_PGO_CMAKE_ARGS adds configure options;
#   EMBER_PGO_TARGETS names the targets of the final build (default: all).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=$(realpath -m "${1:-build/pgo}")
shift || true
programs=("$@")
if [[ ${#programs[@]} -eq 0 ]]; then
  corpus=${EMBER_BENCH_DIR:-$root/../shared/bench}/sightglass
  if [[ ! -d "$corpus" ]]; then
    echo "build-pgo: no training programs given and no benchmark corpus at $corpus" >&2
    echo "build-pgo: name .wasm files after BUILD_DIR, or set EMBER_BENCH_DIR" >&2
    exit 2
  fi
  mapfile -t programs < <(find "$corpus" -name '*.wasm' | sort)
fi
read -r -a extra <<<"${EMBER_PGO_CMAKE_ARGS:-}"

profile=$build/pgo-profile
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DEMBER_PGO=generate \
  "-DEMBER_PGO_DIR=$profile" "${extra[@]}" >/dev/null
cmake --build "$build" --target ember_tool
rm -rf "$profile"

# Each program runs in its own directory, where sightglass programs find
# their inputs. A run that exceeds its second is interrupted, exits
# normally and so still writes its counts; its exit status is ignored.
ember=$build/tools/ember
echo "build-pgo: training on ${#programs[@]} programs"
for program in "${programs[@]}"; do
  program=$(realpath "$program")
  (cd "$(dirname "$program")" &&
    "$ember" compile --engine jit --compile-threads 1 "$program" >/dev/null &&
    { "$ember" run --engine interp --timeout 1s --dir . --dir .::/ "$program" \
        >/dev/null 2>&1 </dev/null || true; }) ||
    echo "build-pgo: $program did not compile; left out of the training" >&2
done

cmake "$build" -DEMBER_PGO=use >/dev/null
read -r -a targets <<<"${EMBER_PGO_TARGETS:-all}"
cmake --build "$build" --target "${targets[@]}"
echo "build-pgo: built with the profile in $profile"
