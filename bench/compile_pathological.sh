#!/usr/bin/env bash
# Compile time and peak memory on generated pathological bodies
# (pathological_bodies.py), for N and 4N pushed values / br_table targets,
# on both engines. Linear compilers show ~4x time from N to 4N; a
# per-operator cost that grows with the stack's depth shows ~16x.
# Prints a Markdown table.
#
# usage: bench/compile_pathological.sh EMBER_BINARY [N]   (default N 50000)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ember=${1:?usage: compile_pathological.sh EMBER_BINARY [N]}
n=${2:-50000}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
python3 "$here/pathological_bodies.py" "$out" "$n"
python3 "$here/pathological_bodies.py" "$out" $((4 * n))

echo "| body | engine | N ms | 4N ms | time 4N/N | N peak RSS KiB | 4N peak RSS KiB |"
echo "|---|---|---:|---:|---:|---:|---:|"
for pattern in registers calls blocks local_set br_table br_table_deep br_tables_nested; do
  for engine in jit interp; do
    declare -A ms rss
    for size in "$n" $((4 * n)); do
      line=$("$ember" compile --engine "$engine" --repeat 1 "$out/$pattern-$size.wasm")
      ms[$size]=$(sed -E 's/.*best ([0-9.]+) ms.*/\1/' <<<"$line")
      rss[$size]=$(sed -E 's/.*peak RSS ([0-9]+) KiB.*/\1/' <<<"$line")
    done
    awk -v p="$pattern" -v e="$engine" -v a="${ms[$n]}" -v b="${ms[$((4 * n))]}" \
        -v ra="${rss[$n]}" -v rb="${rss[$((4 * n))]}" 'BEGIN {
      printf "| %s | %s | %.1f | %.1f | %.1fx | %d | %d |\n", p, e, a, b, (a > 0 ? b / a : 0), ra, rb }'
  done
done
