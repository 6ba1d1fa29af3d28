#!/usr/bin/env bash
# Latency of `ember run --timeout 10ms` on modules that never end: wall
# time of RUNS runs per module and engine (process start to exit, so it
# includes loading and compiling), median and worst. The issue's acceptance
# bound is 20 ms for the worst run. The modules (bench/interrupt/): spin,
# a loop with a call; fill and copy, a loop of one bulk operator over 1 GiB
# or 512 MiB each; grow, one table.grow by 9,999,000 function references
# before a loop. For scale, "start-up" is the median wall time of the
# same command on a module that returns at once (no --timeout).
#
# usage: bench/timeout_latency.sh EMBER_BINARY [RUNS] [TIMEOUT] [MODULE...]
#        (default 100, 10ms, spin fill copy grow)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ember=${1:?usage: timeout_latency.sh EMBER_BINARY [RUNS] [TIMEOUT] [MODULE...]}
runs=${2:-100}
timeout=${3:-10ms}
shift $(($# < 3 ? $# : 3))
modules=("$@")
[[ ${#modules[@]} -gt 0 ]] || modules=(spin fill copy grow)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for module in "${modules[@]}"; do
  wat2wasm "$here/interrupt/$module.wat" -o "$work/$module.wasm"
done
printf '(module (func (export "_start")))' >"$work/quick.wat"
wat2wasm "$work/quick.wat" -o "$work/quick.wasm"

wall_us() {  # wall microseconds of one run of "$@", its status ignored
  local start stop
  start=$(date +%s%N)
  "$@" 2>/dev/null || true
  stop=$(date +%s%N)
  echo $(((stop - start) / 1000))
}

echo "| module | engine | runs | --timeout | median ms | worst ms | exit status | start-up median ms |"
echo "|---|---|---|---|---|---|---|---|"
for module in "${modules[@]}"; do
  for engine in interp jit; do
    : >"$work/times"
    : >"$work/startup"
    statuses=""
    for ((i = 0; i < runs; i++)); do
      start=$(date +%s%N)
      set +e
      "$ember" run --engine "$engine" --timeout "$timeout" "$work/$module.wasm" 2>/dev/null
      status=$?
      set -e
      stop=$(date +%s%N)
      echo $(((stop - start) / 1000)) >>"$work/times"
      [[ " $statuses " == *" $status "* ]] || statuses="$statuses $status"
      wall_us "$ember" run --engine "$engine" "$work/quick.wasm" >>"$work/startup"
    done
    startup=$(sort -n "$work/startup" | awk '{ v[NR] = $1 } END { printf "%.2f", v[int((NR + 1) / 2)] / 1000 }')
    sort -n "$work/times" | awk -v m="$module" -v e="$engine" -v n="$runs" -v t="$timeout" \
      -v s="$statuses" -v u="$startup" '
      { v[NR] = $1 }
      END { printf "| %s | %s | %d | %s | %.2f | %.2f |%s | %s |\n", m, e, n, t, v[int((NR + 1) / 2)] / 1000, v[NR] / 1000, s, u }'
  done
done
