#!/bin/sh
# Every program of the benchmark corpus the JIT compiles (all but the SIMD
# ones) run twice with the JIT, from the .wasm and from its artifact: the
# stdout and stderr must be identical. With a second ember (RUNNER, e.g. a
# runtime-only build), the artifacts are run by that one instead.
# Exit 77 (skip) when the corpus is absent.
# usage: bench_round_trip.sh EMBER CONFIGURED_BENCH_DIR [RUNNER]
set -u
ember=$(realpath "$1")
bench=$(realpath "${EMBER_BENCH_DIR:-$2}/sightglass")
runner=$(realpath "${3:-$1}")
if [ ! -d "$bench" ]; then
  echo "benchmark corpus not found at $bench; set EMBER_BENCH_DIR"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
same=0 differ=0 skipped=0
for wasm in $(find "$bench" -name '*.wasm' | LC_ALL=C sort); do
  dir=$(dirname "$wasm")
  name=$(basename "$dir")/$(basename "$wasm" .wasm)
  base=$(basename "$wasm" .wasm)
  if ! "$ember" compile "$wasm" -o "$tmp/$base.ember" >"$tmp/compile.txt" 2>&1; then
    if grep -q -i "simd\|unsupported" "$tmp/compile.txt"; then
      skipped=$((skipped + 1))
      continue
    fi
    echo "FAIL $name: $(cat "$tmp/compile.txt")"
    differ=$((differ + 1))
    continue
  fi
  (cd "$dir" && "$ember" run --engine jit --dir . "$wasm" >"$tmp/direct.out" 2>"$tmp/direct.err")
  direct_rc=$?
  (cd "$dir" && "$runner" run --dir . "$tmp/$base.ember" >"$tmp/via.out" 2>"$tmp/via.err")
  via_rc=$?
  # argv[0] differs (the file's path); nothing in the corpus prints it.
  # hashset prints its own run time ("That took 0.17 seconds."), which
  # differs between any two runs: such figures are masked.
  for f in direct.out via.out direct.err via.err; do
    sed -E 's/[0-9]+\.[0-9]+ seconds/N seconds/g' "$tmp/$f" >"$tmp/$f.masked"
  done
  if [ "$direct_rc" -eq "$via_rc" ] && cmp -s "$tmp/direct.out.masked" "$tmp/via.out.masked" &&
     cmp -s "$tmp/direct.err.masked" "$tmp/via.err.masked"; then
    same=$((same + 1))
    echo "same $name (exit $direct_rc, $(wc -c <"$tmp/direct.out") bytes of stdout)"
  else
    differ=$((differ + 1))
    echo "FAIL $name: exit $direct_rc vs $via_rc"
    diff "$tmp/direct.out.masked" "$tmp/via.out.masked" | head -5
  fi
  rm -f "$tmp/$base.ember"
done
echo "$same same, $differ different, $skipped not compiled (SIMD)"
[ "$differ" -eq 0 ]
