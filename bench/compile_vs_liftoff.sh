#!/usr/bin/env bash
# Compile throughput of Ember's JIT against V8's Liftoff, measured in the same
# run on the largest non-SIMD programs of the benchmark corpus: CPU time of one
# whole-module compilation (median of N in one process), in MB/s of
# function-body bytes, and the ratio. Prints a Markdown table and the geomean
# of the ratios.
#
# usage: bench/compile_vs_liftoff.sh EMBER_BINARY [N]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ember=${1:?usage: compile_vs_liftoff.sh EMBER_BINARY [N]}
runs=${2:-5}
corpus=${EMBER_BENCH_DIR:-$here/../../shared/bench}/sightglass
if [[ ! -d "$corpus" ]]; then
  echo "benchmark corpus not found at $corpus; set EMBER_BENCH_DIR" >&2
  exit 77
fi
modules=(sqlite3/sqlite3.wasm rust-compression/benchmark.wasm regex/benchmark.wasm
         rust-html-rewriter/benchmark.wasm tinygo/tinygo-json.wasm hashset/benchmark.wasm
         blind-sig/benchmark.wasm gcc-loops/benchmark.wasm)
node_flags=(--liftoff-only --no-wasm-lazy-compilation --single-threaded)

echo "| module | body bytes | Ember JIT ms | Ember MB/s | Liftoff ms | Liftoff MB/s | Liftoff time / Ember time | machine code per body byte |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
ratios=()
for m in "${modules[@]}"; do
  line=$("$ember" compile --engine jit --compile-threads 1 --repeat "$runs" "$corpus/$m")
  body=$(sed -E 's/.*: ([0-9]+) body bytes.*/\1/' <<<"$line")
  ember_ms=$(sed -E 's/.*median ([0-9.]+) ms.*/\1/' <<<"$line")
  per_byte=$(sed -E 's/.*\(([0-9.]+) per body byte\).*/\1/' <<<"$line")
  liftoff_ms=$(node "${node_flags[@]}" "$here/liftoff_compile.mjs" "$corpus/$m" "$runs" | awk '{ print $2 }')
  awk -v m="$m" -v b="$body" -v e="$ember_ms" -v l="$liftoff_ms" -v p="$per_byte" 'BEGIN {
    printf "| %s | %d | %.1f | %.1f | %.1f | %.1f | %.2fx | %s |\n", m, b, e, b / 1e3 / e, l, b / 1e3 / l, l / e, p }'
  ratios+=("$(awk -v e="$ember_ms" -v l="$liftoff_ms" 'BEGIN { print l / e }')")
done
printf '%s\n' "${ratios[@]}" |
  awk '{ s += log($1); n++ } END { printf "\nGeomean of Liftoff time / Ember time over %d modules: %.2fx\n", n, exp(s / n) }'
