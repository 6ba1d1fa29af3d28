#!/usr/bin/env bash
# Builds the kernels to wasm32 and times them on Ember's JIT and
# interpreter, wabt's wasm-interp and V8 Liftoff (node --liftoff-only),
# printing a Markdown table. Times are CPU seconds (user + system) of the run() call, the
# minimum of REPS runs, so other load on the machine inflates them less:
#  - ember, wasm-interp: whole-process CPU time minus that of the empty kernel;
#  - node: process.cpuUsage() around run(), with --single-threaded.
#
# usage: bench/kernels/run.sh EMBER_BINARY [OUT_DIR] [REPS]   (SKIP_WABT=1: no wasm-interp)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ember=${1:?usage: run.sh EMBER_BINARY [OUT_DIR] [REPS]}
out=${2:-$(dirname "$ember")/bench-kernels}
reps=${3:-3}
kernels=(fib sieve matmul hash sort)
mkdir -p "$out"

# Build: no libc, one exported run(); support.c supplies memset/memcpy.
cflags=(--target=wasm32 -O2)
clang "${cflags[@]}" -fno-builtin -c "$here/support.c" -o "$out/support.o"
for k in empty "${kernels[@]}"; do
  clang "${cflags[@]}" -nostdlib -Wl,--no-entry -Wl,-z,stack-size=1048576 \
    -o "$out/$k.wasm" "$here/$k.c" "$out/support.o"
done

cpu_of() {  # CPU seconds of one command run, result line on fd 3
  local t
  t=$( { /usr/bin/time -f '%U %S' "$@" >&3; } 2>&1 | tail -1)
  awk '{ printf "%.3f", $1 + $2 }' <<<"$t"
}
min_cpu() {  # min over reps
  local best="" v
  for ((i = 0; i < reps; i++)); do
    v=$(cpu_of "$@" 3>/dev/null)
    if [[ -z "$best" ]] || awk -v a="$v" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$v; fi
  done
  echo "$best"
}
node_cpu() {
  local best="" v
  for ((i = 0; i < reps; i++)); do
    v=$(node --liftoff-only --single-threaded "$here/run_node.mjs" "$1" | awk '{ print $2 }')
    if [[ -z "$best" ]] || awk -v a="$v" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$v; fi
  done
  printf "%.3f" "$best"
}
sub() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0.001) d = 0.001; printf "%.3f", d }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }

ember_base=$(min_cpu "$ember" run --engine interp "$out/empty.wasm" --invoke run)
jit_base=$(min_cpu "$ember" run --engine jit "$out/empty.wasm" --invoke run)
have_wabt=0
if [[ -z "${SKIP_WABT:-}" ]] && command -v wasm-interp >/dev/null; then
  have_wabt=1
  wabt_base=$(min_cpu wasm-interp "$out/empty.wasm" --run-all-exports)
fi

echo "| kernel | result | V8 Liftoff s | Ember JIT s (x Liftoff) | Ember interp s (x Liftoff) | wasm-interp s (x Liftoff) |"
echo "|---|---:|---:|---:|---:|---:|"
for k in "${kernels[@]}"; do
  wasm="$out/$k.wasm"
  result=$("$ember" run "$wasm" --invoke run)
  liftoff=$(node_cpu "$wasm")
  e=$(sub "$(min_cpu "$ember" run --engine interp "$wasm" --invoke run)" "$ember_base")
  j=$(sub "$(min_cpu "$ember" run --engine jit "$wasm" --invoke run)" "$jit_base")
  w="n/a"
  if ((have_wabt)); then
    w=$(sub "$(min_cpu wasm-interp "$wasm" --run-all-exports)" "$wabt_base")
    w="$w ($(ratio "$w" "$liftoff"))"
  fi
  echo "| $k | $result | $liftoff | $j ($(ratio "$j" "$liftoff")) | $e ($(ratio "$e" "$liftoff")) | $w |"
done
