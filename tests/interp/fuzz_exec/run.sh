#!/usr/bin/env bash
# Differential test of the interpreter against binaryen's interpreter:
# generates COUNT random modules with `wasm-opt -ttf` (MVP plus the 2.0
# features binaryen 108 encodes to the standard; --denan removes NaN
# results, whose bits the spec leaves open), runs each with runner.cpp and
# with `wasm-opt --fuzz-exec-before`, and compares (compare.py). Seeds are
# fixed, so a run is repeatable. Exits 77 (skipped) without wasm-opt.
#
# usage: run.sh RUNNER WORK_DIR [COUNT] [FIRST_SEED]
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
runner=${1:?usage: run.sh RUNNER WORK_DIR [COUNT] [FIRST_SEED]}
work=${2:?usage: run.sh RUNNER WORK_DIR [COUNT] [FIRST_SEED]}
count=${3:-20}
seed=${4:-1}
if ! command -v wasm-opt >/dev/null || ! command -v python3 >/dev/null; then
  echo "wasm-opt or python3 not found: differential test skipped"
  exit 77
fi
features=(--enable-sign-ext --enable-mutable-globals --enable-nontrapping-float-to-int
          --enable-bulk-memory --enable-multivalue)
mkdir -p "$work"
failed=0 ran=0
for ((i = seed; i < seed + count; i++)); do
  # 1-20 KB of pseudo-random input bytes from the seed.
  python3 -c "import random,sys; r=random.Random($i); sys.stdout.buffer.write(bytes(r.getrandbits(8) for _ in range(r.randint(1000, 20000))))" > "$work/seed.dat"
  wasm-opt -ttf "$work/seed.dat" "${features[@]}" -o "$work/raw.wasm" >/dev/null 2>&1 || continue
  wasm-opt "$work/raw.wasm" "${features[@]}" --denan -o "$work/m$i.wasm" >/dev/null 2>&1 || continue
  timeout 60 wasm-opt "$work/m$i.wasm" "${features[@]}" --fuzz-exec-before -q > "$work/m$i.binaryen" 2>&1 || continue
  # EMBER_TEST_EMULATOR: set by ctest in a cross build; its words split on purpose.
  # shellcheck disable=SC2086
  timeout 60 ${EMBER_TEST_EMULATOR:-} "$runner" "$work/m$i.wasm" > "$work/m$i.ember" 2>&1
  ran=$((ran + 1))
  if python3 "$here/compare.py" "$work/m$i.ember" "$work/m$i.binaryen"; then
    rm -f "$work/m$i.wasm" "$work/m$i.ember" "$work/m$i.binaryen"
  else
    echo "seed $i differs: $work/m$i.wasm"
    failed=$((failed + 1))
  fi
done
echo "$ran modules compared, $failed differ"
((failed == 0))
