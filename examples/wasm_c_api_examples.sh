#!/bin/sh
# The standard C API's own example programs (WebAssembly/wasm-c-api,
# example/*.c), built against an installed Ember and run, each in a scratch
# copy of their directory: they open their .wasm by relative path, exit
# non-zero on a wrong result, and most print "Done." last. Skipped (exit 77) unless
# EMBER_WASM_C_API_DIR names a checkout of that repository.
#
# hostref is left out: its shipped hostref.wasm predates the final binary
# encoding of reference types (ref.null without a type), which current
# engines reject; tests/capi/hostref.c covers the same ground.
# Usage: wasm_c_api_examples.sh PREFIX WORK_DIR CC
set -eu
prefix=$1
work_dir=$2
cc=$3
examples=${EMBER_WASM_C_API_DIR:-}/example
if [ -z "${EMBER_WASM_C_API_DIR:-}" ] || [ ! -f "$examples/hello.c" ]; then
  echo "skipped: no wasm-c-api checkout (set EMBER_WASM_C_API_DIR to one of github.com/WebAssembly/wasm-c-api)"
  exit 77
fi
PKG_CONFIG_PATH=$(dirname "$(find "$prefix" -name ember.pc)")
export PKG_CONFIG_PATH
flags=$(pkg-config --cflags --static --libs ember)
rm -rf "$work_dir"
mkdir -p "$work_dir"
cp "$examples"/*.wasm "$work_dir"/

passed=0
failed=0
for source in "$examples"/*.c; do
  name=$(basename "$source" .c)
  [ "$name" = hostref ] && continue
  # shellcheck disable=SC2086
  if ! "$cc" -std=c11 -D_POSIX_C_SOURCE=200809L "$source" -o "$work_dir/$name" $flags \
       >"$work_dir/$name.build" 2>&1; then
    echo "FAIL $name: does not build"
    cat "$work_dir/$name.build"
    failed=$((failed + 1))
    continue
  fi
  # Exit 0, and "Done." last from those that print it (threads does not).
  if (cd "$work_dir" && "./$name") >"$work_dir/$name.out" 2>&1 &&
     { ! grep -q '"Done' "$source" || tail -n 1 "$work_dir/$name.out" | grep -qx 'Done\.'; }; then
    passed=$((passed + 1))
  else
    echo "FAIL $name:"
    tail -n 20 "$work_dir/$name.out"
    failed=$((failed + 1))
  fi
done
echo "wasm-c-api examples: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
