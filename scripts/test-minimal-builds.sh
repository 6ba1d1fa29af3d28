#!/usr/bin/env bash
# The builds that strip Ember down (DESIGN decision 9), each checked by what
# it can still run:
#  - no signals (EMBER_SIGNALS=OFF): the whole core spec suite on the JIT and
#    the interpreter, with explicit bounds checks and heap-allocated memory;
#  - a custom platform (EMBER_PLATFORM=custom, examples/min-platform): the
#    interpreter build and the runtime-only build (running an artifact that
#    the native build's `ember compile` wrote) each run fib on the fixed
#    arena, and the undefined-symbol check passes;
#  - the size ladder (bench/size-report), every rung built and run.
# usage: scripts/test-minimal-builds.sh NATIVE_EMBER   (after the native build)
set -euo pipefail
cd "$(dirname "$0")/.."
native_ember=$(realpath "${1:?usage: test-minimal-builds.sh NATIVE_EMBER}")
jobs=$(nproc)
spec=${EMBER_SPEC_DIR:-$PWD/../shared/spec}/core

section() { printf '\n== %s\n' "$*"; }
expect_clean_spec() {  # the last line of `ember spec` must say 0 failed
  local line
  line=$("$@" "$spec" | tail -n 1)
  echo "$line"
  [[ "$line" == *" 0 failed"* ]]
}

section "no signals: JIT and interpreter on the core spec suite"
if [[ -d "$spec" ]]; then
  cmake --preset release -B build/no-signals -DEMBER_SIGNALS=OFF -DEMBER_TESTS=OFF \
        -DEMBER_BUILD_EXAMPLES=OFF >/dev/null
  cmake --build build/no-signals -j "$jobs" --target ember_tool
  expect_clean_spec build/no-signals/tools/ember spec --engine jit
  expect_clean_spec build/no-signals/tools/ember spec --engine interp
else
  echo "spec suite not found at $spec (set EMBER_SPEC_DIR): skipped"
fi

custom=(-DEMBER_PLATFORM=custom -DEMBER_SIGNALS=OFF -DEMBER_WASI=OFF -DEMBER_DISASM=OFF -DEMBER_TESTS=ON)
section "custom platform, interpreter"
cmake --preset release -B build/custom-interp "${custom[@]}" -DEMBER_JIT=OFF >/dev/null
cmake --build build/custom-interp -j "$jobs"
ctest --test-dir build/custom-interp --output-on-failure

section "custom platform, runtime only (a precompiled artifact)"
mkdir -p build/custom-runtime
wat2wasm bench/size/fib.wat -o build/custom-runtime/fib.wasm
if "$native_ember" compile --bounds checks build/custom-runtime/fib.wasm -o build/custom-runtime/fib.ember; then
  cmake --preset release -B build/custom-runtime "${custom[@]}" -DEMBER_JIT=OFF -DEMBER_INTERP=OFF \
        -DEMBER_MIN_PLATFORM_ARTIFACT="$PWD/build/custom-runtime/fib.ember" >/dev/null
  cmake --build build/custom-runtime -j "$jobs"
  ctest --test-dir build/custom-runtime --output-on-failure
else
  echo "the native ember cannot write artifacts yet"
  exit 1
fi

section "size ladder"
bench/size-report
