#!/usr/bin/env bash
# Execution time of the non-SIMD sightglass programs on Ember's JIT and
# interpreter against V8 Liftoff (node --liftoff-only
# --no-wasm-lazy-compilation: Liftoff compiles everything before the program
# starts, as Ember does, so no compilation falls in the region), measured in
# the same run: seconds between bench.start and bench.end (the measured region, so
# process start and compilation are excluded), median of N runs, and the
# ratio to Liftoff. Output goes to files, not pipes (see the corpus README).
# Prints a Markdown table and the geometric means of the ratios.
#
# usage: bench/sightglass_vs_liftoff.sh EMBER_BINARY [N] [PROGRAM...]
#        (SKIP_INTERP=1 leaves the interpreter out)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ember=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
runs=${2:-3}
shift 2 || shift $#
corpus=${EMBER_BENCH_DIR:-$here/../../shared/bench}/sightglass
if [[ ! -d "$corpus" ]]; then
  echo "benchmark corpus not found at $corpus; set EMBER_BENCH_DIR" >&2
  exit 77
fi
programs=("$@")
if ((${#programs[@]} == 0)); then
  programs=(bz2/benchmark.wasm blake3-scalar/benchmark.wasm blind-sig/benchmark.wasm
            hashset/benchmark.wasm pulldown-cmark/benchmark.wasm quicksort/benchmark.wasm
            regex/benchmark.wasm richards/benchmark.wasm rust-compression/benchmark.wasm
            rust-html-rewriter/benchmark.wasm rust-json/benchmark.wasm
            tinygo/tinygo-json.wasm tinygo/tinygo-regex.wasm
            shootout/shootout-base64.wasm shootout/shootout-ctype.wasm
            shootout/shootout-fib2.wasm shootout/shootout-heapsort.wasm
            shootout/shootout-keccak.wasm shootout/shootout-matrix.wasm
            shootout/shootout-memmove.wasm shootout/shootout-minicsv.wasm
            shootout/shootout-random.wasm shootout/shootout-ratelimit.wasm
            shootout/shootout-sieve.wasm shootout/shootout-xchacha20.wasm)
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Median over N runs of the bench region, read from the "bench: S s" line.
region() {
  local dir=$1; shift
  local times=()
  for ((i = 0; i < runs; i++)); do
    (cd "$dir" && "$@" >"$out/stdout" 2>"$out/stderr") || true
    times+=("$(awk '/^bench: [0-9.]+ s$/ { print $2 }' "$out/stderr")")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk '{ v[NR] = $1 } END { if (NR && v[1] != "") print v[int((NR + 1) / 2)]; else print "n/a" }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "n/a" || b == "n/a" || b == 0) print "n/a"; else printf "%.2f", a / b }'; }

echo "| program | Liftoff s | Ember JIT s (x Liftoff) | Ember interp s (x Liftoff) |"
echo "|---|---:|---:|---:|"
jit_log=0 interp_log=0 counted=0
for p in "${programs[@]}"; do
  dir=$corpus/$(dirname "$p")
  file=$corpus/$p
  liftoff=$(region "$dir" node --liftoff-only --no-wasm-lazy-compilation --no-warnings "$here/sightglass_run.mjs" "$file")
  jit=$(region "$dir" "$ember" run --engine jit --bench-time --dir . "$file")
  interp="n/a"
  [[ -n "${SKIP_INTERP:-}" ]] || interp=$(region "$dir" "$ember" run --engine interp --bench-time --dir . "$file")
  rj=$(ratio "$jit" "$liftoff") ri=$(ratio "$interp" "$liftoff")
  echo "| ${p%.wasm} | $liftoff | $jit ($rj) | $interp ($ri) |"
  if [[ "$rj" != n/a ]] && awk -v l="$liftoff" 'BEGIN { exit !(l >= 0.01) }'; then
    jit_log=$(awk -v s="$jit_log" -v r="$rj" 'BEGIN { print s + log(r) }')
    [[ "$ri" == n/a ]] || interp_log=$(awk -v s="$interp_log" -v r="$ri" 'BEGIN { print s + log(r) }')
    counted=$((counted + 1))
  fi
done
awk -v j="$jit_log" -v i="$interp_log" -v n="$counted" -v skip="${SKIP_INTERP:-}" 'BEGIN {
  if (!n) exit
  printf "\ngeomean over %d programs with Liftoff >= 10 ms: JIT %.2fx Liftoff", n, exp(j / n)
  if (skip == "") printf ", interpreter %.2fx Liftoff", exp(i / n)
  printf "\n" }'
