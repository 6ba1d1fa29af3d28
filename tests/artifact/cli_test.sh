#!/bin/sh
# `ember compile -o`, `ember run FILE.ember`, `ember objdump FILE.ember`:
# artifacts run like the .wasm, options that contradict the artifact are
# refused with a message naming the setting, and the file kinds are told apart.
# usage: cli_test.sh EMBER MODULE.wasm
set -u
ember=$1
wasm=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fails=0
check() {  # check NAME EXPECTED-RC PATTERN COMMAND...
  name=$1 want_rc=$2 pattern=$3
  shift 3
  "$@" >"$dir/out" 2>&1
  rc=$?
  if [ "$rc" -ne "$want_rc" ] || ! grep -q -- "$pattern" "$dir/out"; then
    echo "FAIL $name: exit $rc (want $want_rc), output:"
    cat "$dir/out"
    fails=$((fails + 1))
  else
    echo "ok   $name"
  fi
}

check compile 0 "per wasm byte" "$ember" compile "$wasm" -o "$dir/m.ember"
check compile-checks 0 "per wasm byte" "$ember" compile --bounds checks "$wasm" -o "$dir/c.ember"
check compile-fuel 0 "per wasm byte" "$ember" compile --fuel --epoch "$wasm" -o "$dir/f.ember"
check compile-interp-refused 2 "needs --engine jit" "$ember" compile --engine interp "$wasm" -o "$dir/x.ember"
check run-artifact 0 "^6765$" "$ember" run --invoke fib "$dir/m.ember" 20
check run-artifact-checks 0 "^6765$" "$ember" run --invoke fib "$dir/c.ember" 20
check run-wasm 0 "^6765$" "$ember" run --engine jit --invoke fib "$wasm" 20
check run-artifact-trap 134 "integer divide by zero" "$ember" run --invoke crash "$dir/m.ember" 0
check run-artifact-backtrace 134 "crash" "$ember" run --invoke crash "$dir/m.ember" 0
check run-fuel 134 "out of fuel" "$ember" run --fuel 10 --invoke fib "$dir/f.ember" 20
check run-fuel-enough 0 "^6765$" "$ember" run --fuel 1000000 --invoke fib "$dir/f.ember" 20
check refuse-bounds 1 "compiled for --bounds signals" "$ember" run --bounds checks --invoke fib "$dir/m.ember" 20
check refuse-engine 1 "compiled for the JIT" "$ember" run --engine interp --invoke fib "$dir/m.ember" 20
check refuse-fuel 1 "without fuel checks" "$ember" run --fuel 5 --invoke fib "$dir/m.ember" 20
check refuse-no-fuel 1 "give --fuel N" "$ember" run --invoke fib "$dir/f.ember" 20
check refuse-timeout 1 "without epoch checks" "$ember" run --timeout 1s --invoke fib "$dir/m.ember" 20
check artifact-to-compile 1 "precompiled Ember artifact, not a WebAssembly binary" "$ember" compile "$dir/m.ember"
head -c 100 "$dir/m.ember" >"$dir/cut.ember"
check truncated 1 "truncated" "$ember" run --invoke fib "$dir/cut.ember" 20
"$ember" objdump "$dir/m.ember" >"$dir/a.txt" 2>&1
if "$ember" objdump "$wasm" >"$dir/w.txt" 2>&1; then
  sed 's/wasm body [0-9]* bytes, //' "$dir/w.txt" >"$dir/w2.txt"
  if cmp -s "$dir/a.txt" "$dir/w2.txt"; then
    echo "ok   objdump-same-code"
  else
    echo "FAIL objdump-same-code"; diff "$dir/a.txt" "$dir/w2.txt" | head; fails=$((fails + 1))
  fi
else
  echo "skip objdump (not in this build)"
fi
[ "$fails" -eq 0 ]
