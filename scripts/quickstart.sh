#!/usr/bin/env bash
# Installs what is missing (Debian packages only), builds Ember (Release),
# and runs real WebAssembly programs through the JIT: a C kernel compiled
# to wasm32 here with clang, and a WASI program from the benchmark corpus
# when it is beside the project.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target ember_tool
ember=build/release/tools/ember

out=build/release/quickstart
mkdir -p "$out"
clang --target=wasm32 -O2 -nostdlib -Wl,--no-entry -Wl,-z,stack-size=1048576 \
  -o "$out/fib.wasm" bench/kernels/fib.c
echo "== fib(35) from bench/kernels/fib.c, compiled to wasm32 and run by the JIT:"
"$ember" run --engine jit --invoke run "$out/fib.wasm"

corpus=${EMBER_BENCH_DIR:-../shared/bench}/sightglass/shootout
if [[ -f "$corpus/shootout-fib2.wasm" ]]; then
  echo "== a WASI program from the benchmark corpus, through the JIT:"
  (cd "$corpus" && "$OLDPWD/$ember" run --engine jit --dir . --bench-time shootout-fib2.wasm)
fi
