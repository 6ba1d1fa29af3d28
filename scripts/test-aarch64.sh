#!/usr/bin/env bash
# Cross-builds Ember for AArch64 (Release) and runs its ctest under
# qemu-aarch64: unit tests, the spec suite on the interpreter and on the JIT
# in both bounds modes, the sightglass programs on the JIT, and a 150-module
# differential run (the JIT against
# the interpreter on binaryen-generated modules; EMBER_DIFF_COUNT changes
# the count). The last line is ctest's summary.
#
# usage: scripts/test-aarch64.sh [BUILD_DIR]
#   without BUILD_DIR: the `aarch64` preset (build/aarch64)
#
# The long differential run, after this script (about 20 s per 100 modules
# on two cores; binaryen's wasm-opt runs natively on the host):
#   qemu-aarch64 -L /usr/aarch64-linux-gnu \
#     build/aarch64/tests/differential/ember_differential \
#     --count 5000 --seed 1 --engines jit:signals,interp
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-aarch64-deps.sh
if ! command -v qemu-aarch64 >/dev/null; then
  echo "test-aarch64: qemu-aarch64 not found (scripts/install-aarch64-deps.sh installs qemu-user)" >&2
  exit 1
fi

jobs=$(nproc)
# The sightglass programs, the 81 libsodium ones (SIMD) included, run on
# the JIT here (tests/wasi/sightglass_test.cpp): under qemu the interpreter
# took about half an hour for libsodium alone, the JIT takes a minute.
if (($# > 0)); then
  build=$1
  cmake -S . -B "$build" -G Ninja --toolchain cmake/aarch64-linux-gnu.cmake \
    -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" -j "$jobs"
  ctest --test-dir "$build" -j "$jobs" --output-on-failure
else
  cmake --preset aarch64 >/dev/null
  cmake --build --preset aarch64 -j "$jobs"
  ctest --preset aarch64 -j "$jobs"
fi
