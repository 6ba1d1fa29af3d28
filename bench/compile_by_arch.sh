#!/usr/bin/env bash
# The JIT on both architectures, on the compile benchmark's modules: machine
# code per byte of function body, and compile time of the AArch64 build as a
# ratio to the x86-64 build's, both run under qemu-user (qemu-aarch64 and
# qemu-x86_64), so emulation costs both about alike. Absolute emulated times
# mean nothing; only the ratio is printed. Prints a Markdown table.
#
# usage: bench/compile_by_arch.sh X64_EMBER A64_EMBER [N]
#   e.g. bench/compile_by_arch.sh build/release/tools/ember build/aarch64/tools/ember
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
x64=${1:?usage: compile_by_arch.sh X64_EMBER A64_EMBER [N]}
a64=${2:?usage: compile_by_arch.sh X64_EMBER A64_EMBER [N]}
runs=${3:-3}
corpus=${EMBER_BENCH_DIR:-$here/../../shared/bench}/sightglass
if [[ ! -d "$corpus" ]]; then
  echo "benchmark corpus not found at $corpus; set EMBER_BENCH_DIR" >&2
  exit 77
fi
modules=(sqlite3/sqlite3.wasm rust-compression/benchmark.wasm regex/benchmark.wasm
         rust-html-rewriter/benchmark.wasm tinygo/tinygo-json.wasm hashset/benchmark.wasm
         blind-sig/benchmark.wasm gcc-loops/benchmark.wasm)

median_ms() { sed -E 's/.*median ([0-9.]+) ms.*/\1/' <<<"$1"; }
per_byte() { sed -E 's/.*\(([0-9.]+) per body byte\).*/\1/' <<<"$1"; }

echo "| module | x86-64 code per body byte | AArch64 code per body byte | AArch64 compile time / x86-64 (both emulated) |"
echo "|---|---:|---:|---:|"
for m in "${modules[@]}"; do
  x=$(qemu-x86_64 "$x64" compile --engine jit --repeat "$runs" "$corpus/$m")
  a=$(qemu-aarch64 -L /usr/aarch64-linux-gnu "$a64" compile --engine jit --repeat "$runs" "$corpus/$m")
  awk -v m="$m" -v xb="$(per_byte "$x")" -v ab="$(per_byte "$a")" \
      -v xt="$(median_ms "$x")" -v at="$(median_ms "$a")" \
      'BEGIN { printf "| %s | %s | %s | %.2fx |\n", m, xb, ab, at / xt }'
done
