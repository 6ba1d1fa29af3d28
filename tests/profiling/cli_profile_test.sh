#!/bin/sh
# `ember run --profile=perfmap|jitdump` writes the file perf reads, named
# after the ember process's id; bad uses are usage errors (exit 2).
# Usage: cli_profile_test.sh EMBER PROFILED_WASM WORK_DIR
set -eu
ember=$1
wasm=$2
work=$3
rm -rf "$work"
mkdir -p "$work"
cd "$work"
fail() { echo "FAIL: $*"; exit 1; }

# perfmap: a line "START SIZE NAME" per function, names from the name section.
"$ember" run --engine jit --profile=perfmap --invoke outer "$wasm" 4 >out.txt &
pid=$!
wait $pid
grep -qx 150 out.txt || fail "outer(4) did not print 150"
map=/tmp/perf-$pid.map
[ -f "$map" ] || fail "no $map"
cp "$map" perf.map
rm -f "$map"
cat perf.map
[ "$(wc -l <perf.map)" -eq 3 ] || fail "expected 3 lines in the perf map"
for name in inner 'wasm\[func 1\]' outer; do
  grep -Eq "^[0-9a-f]+ [0-9a-f]+ $name\$" perf.map || fail "no line for $name"
done

# jitdump: ./jit-PID.dump starting with the magic (written little-endian).
"$ember" run --engine jit --profile jitdump --invoke outer "$wasm" 4 >out.txt &
pid=$!
wait $pid
[ -f "jit-$pid.dump" ] || fail "no jit-$pid.dump in the current directory"
[ "$(head -c 4 "jit-$pid.dump")" = DTiJ ] || fail "jit-$pid.dump lacks the JiTD magic"
for name in inner 'wasm\[func 1\]' outer; do
  grep -aq "$name" "jit-$pid.dump" || fail "no record named $name"
done

# Usage errors.
status=0
"$ember" run --engine jit --profile=bogus "$wasm" 2>/dev/null || status=$?
[ "$status" -eq 2 ] || fail "--profile=bogus: exit $status, not 2"
status=0
"$ember" run --engine interp --profile=perfmap "$wasm" 2>/dev/null || status=$?
[ "$status" -eq 2 ] || fail "--profile with the interpreter: exit $status, not 2"
echo "cli profile: ok"
