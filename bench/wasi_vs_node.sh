#!/bin/sh
# For every WASI program in the benchmark corpus that needs only WASI
# preview 1 (plus the `bench` imports), SIMD ones included: runs it under
# `ember run` (JIT and interpreter) and under node's WASI with the same
# argv, working directory and preopens, and compares stdout byte for byte
# (and the exit code). One row per program, then the totals.
#
# usage: bench/wasi_vs_node.sh [EMBER] [BENCH_DIR]
#   EMBER      the ember binary (default: `ember` on PATH); use a Release build
#   BENCH_DIR  the corpus (default: $EMBER_BENCH_DIR, else ../shared/bench
#              beside the project root)
# Needs node (18+).
# Outputs go to files, not pipes (see the corpus README on pulldown-cmark).
set -u
here=$(cd "$(dirname "$0")" && pwd)
ember=${1:-ember}
bench_dir=${2:-${EMBER_BENCH_DIR:-$here/../../shared/bench}}
runner=$here/wasi_node_run.mjs
limit=${WASI_VS_NODE_TIMEOUT:-900}  # seconds per run

command -v node >/dev/null || { echo "node is not installed" >&2; exit 2; }
[ -d "$bench_dir" ] || { echo "no benchmark corpus at $bench_dir" >&2; exit 2; }
bench_dir=$(cd "$bench_dir" && pwd)
case $ember in */*) ember=$(cd "$(dirname "$ember")" && pwd)/$(basename "$ember") ;; esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
same=0
different=0
skipped=0

# Why `wasm` cannot take part, or nothing when it can.
skip_reason() {
  others=$(node --no-warnings "$runner" --imports "$1" | grep -v -x -e wasi_snapshot_preview1 -e bench)
  if [ -n "$others" ]; then
    echo "imports from $(echo "$others" | tr '\n' ' ')"
  fi
}

# run NAME WASM COMMAND...: runs in the program's folder; stdout, stderr
# and the exit code land in $work/NAME.{out,err,code}.
run() {
  name=$1 wasm=$2
  shift 2
  (cd "$(dirname "$wasm")" && timeout "$limit" "$@" >"$work/$name.out" 2>"$work/$name.err")
  echo $? >"$work/$name.code"
}

# Compares engine ENGINE's run with node's; prints nothing when they agree.
compare() {
  engine=$1
  if ! cmp -s "$work/node.out" "$work/$engine.out"; then
    echo "$engine stdout differs (node <, ember >):"
    diff "$work/node.out" "$work/$engine.out" | head -n 6 | sed 's/^/      /'
    # Programs that print their own run time differ in digits only.
    if [ "$(tr -d '0-9.' <"$work/node.out")" = "$(tr -d '0-9.' <"$work/$engine.out")" ]; then
      echo "    (only digits differ: a timing the program prints?)"
    fi
  fi
  if ! cmp -s "$work/node.code" "$work/$engine.code"; then
    echo "$engine exit $(cat "$work/$engine.code"), node exit $(cat "$work/node.code")"
    head -c 300 "$work/$engine.err" | sed 's/^/      /'
  fi
}

for wasm in $(find "$bench_dir" -name '*.wasm' | sort); do
  label=${wasm#"$bench_dir"/}
  reason=$(skip_reason "$wasm")
  if [ -n "$reason" ]; then
    printf '%-56s skipped: %s\n' "$label" "$reason"
    skipped=$((skipped + 1))
    continue
  fi
  dir=$(dirname "$wasm")
  run node "$wasm" node --no-warnings "$runner" "$wasm"
  for engine in jit interp; do
    run "$engine" "$wasm" "$ember" run --engine "$engine" --dir "$dir::." --dir "$dir::/" "$wasm"
  done
  report=$(compare jit; compare interp)
  if [ -z "$report" ]; then
    printf '%-56s same (%s bytes, exit %s)\n' "$label" "$(wc -c <"$work/node.out")" "$(cat "$work/node.code")"
    same=$((same + 1))
  else
    printf '%-56s DIFFERENT\n' "$label"
    echo "$report" | sed 's/^/    /'
    different=$((different + 1))
  fi
done
echo "$same same, $different different, $skipped skipped"
