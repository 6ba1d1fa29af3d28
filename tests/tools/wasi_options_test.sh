#!/bin/sh
# ctest for `ember run`'s options, its WASI ones above all: usage wasi_options_test.sh EMBER GUEST.wasm
# The guest (tests/capi/wat/wasi_guest.wat) prints its arguments and
# environment, then the file input.txt of its preopened directory, and exits
# with 7; when opening the file fails it exits with 105.
set -u
ember=$1
guest=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
printf 'file contents\n' >"$dir/input.txt"
failures=0

# expect STATUS ARGS...: runs the guest with ARGS, checks its exit status.
expect() {
  want=$1
  shift
  "$ember" run "$@" >"$dir/out" 2>"$dir/err" </dev/null
  got=$?
  if [ "$got" != "$want" ]; then
    echo "FAIL: ember run $* exited with $got, expected $want"
    cat "$dir/err"
    failures=$((failures + 1))
  fi
}

expect 7 --dir "$dir::." --env GREETING=hello "$guest" one
grep -qx 'GREETING=hello' "$dir/out" || { echo "FAIL: --env not seen by the guest"; failures=$((failures + 1)); }
grep -qx 'file contents' "$dir/out" || { echo "FAIL: the preopened file was not read"; failures=$((failures + 1)); }
# stdin, stdout, stderr and the preopen fill a cap of 4: path_open gets EMFILE.
expect 105 --max-open-fds 4 --dir "$dir::." "$guest"
expect 7 --max-open-fds 5 --dir "$dir::." "$guest"
expect 2 --max-open-fds x "$guest"
expect 2 --max-open-fds 4294967296 "$guest"
# Large pages for linear memory are a choice of the host, not of the guest.
expect 7 --large-pages off --dir "$dir::." "$guest"
expect 7 --large-pages=on --dir "$dir::." "$guest"
expect 2 --large-pages yes "$guest"

# `ember FILE.wasm ARGS` is `ember run FILE.wasm ARGS`.
"$ember" "$guest" two >"$dir/out" 2>"$dir/err" </dev/null
[ $? = 105 ] || { echo "FAIL: ember FILE.wasm did not run it"; failures=$((failures + 1)); }
grep -qx 'two' "$dir/out" || { echo "FAIL: ember FILE.wasm lost its arguments"; failures=$((failures + 1)); }
"$ember" --version | grep -q '^ember [0-9][0-9.]* (engines:.*WASI: preview 1 and snapshot 0' ||
  { echo "FAIL: ember --version"; failures=$((failures + 1)); }

[ "$failures" = 0 ] && echo "wasi options: ok"
exit "$failures"
