#!/bin/sh
# Installs this build of Ember into a scratch prefix, then builds and runs
# examples/embed.c against it, on each engine the build has (the JIT in the
# default build), two ways:
#   1. CMake: examples/ as its own project, find_package(ember);
#   2. pkg-config: cc embed.c $(pkg-config --cflags --static --libs ember).
# Usage: install_test.sh SOURCE_DIR BUILD_DIR WORK_DIR CC EMBED_WASM ENGINE...
set -eu
source_dir=$1
build_dir=$2
work_dir=$3
cc=$4
embed_wasm=$5
shift 5
prefix=$work_dir/prefix
rm -rf "$work_dir"
mkdir -p "$work_dir"

# The install must be complete: build what it installs first (a no-op
# when ctest runs this after a full build).
cmake --build "$build_dir"
cmake --install "$build_dir" --prefix "$prefix"
echo "installed files:"
(cd "$prefix" && find . -type f | sort)

# Prints the embed example's output and checks its four parts.
check_run() {
  out=$("$@")
  printf '%s\n' "$out"
  for part in 'log: hello from the guest' 'squares: 0 1 4 9 16' \
              'trap: integer divide by zero' 'timeout: interrupted after'; do
    printf '%s\n' "$out" | grep -q "$part" || { echo "missing: $part"; exit 1; }
  done
}

echo "== find_package(ember)"
cmake -S "$source_dir/examples" -B "$work_dir/examples" -G Ninja \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release
cmake --build "$work_dir/examples"
ctest --test-dir "$work_dir/examples" --output-on-failure
for engine in "$@"; do  # each engine of this build must have had its tests
  ctest --test-dir "$work_dir/examples" -R "^embed_c\.$engine\$" --no-tests=error
done

echo "== pkg-config --static"
PKG_CONFIG_PATH=$(dirname "$(find "$prefix" -name ember.pc)")
export PKG_CONFIG_PATH
flags=$(pkg-config --cflags --static --libs ember)
echo "pkg-config --cflags --static --libs ember: $flags"
# shellcheck disable=SC2086
"$cc" -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra "$source_dir/examples/embed.c" \
  -o "$work_dir/embed_pkgconfig" $flags
# Where libember.so is installed too (a build without the JIT), -lember
# links it: let the loader find it.
LD_LIBRARY_PATH=$(pkg-config --variable=libdir ember)${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export LD_LIBRARY_PATH
for engine in "$@"; do
  echo "-- embed_pkgconfig $engine"
  check_run "$work_dir/embed_pkgconfig" "$embed_wasm" "$engine"
done

# Programs written against the standard API include <wasm.h> unchanged.
echo "== #include <wasm.h> with the same flags"
cat >"$work_dir/standard.c" <<'EOF_C'
#include <stdio.h>
#include <wasm.h>
int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_byte_vec_t binary;
  wasm_byte_vec_new(&binary, 8, "\0asm\1\0\0\0");
  wasm_module_t* module = wasm_module_new(store, &binary);
  printf("standard API: %s\n", module ? "module compiled" : "no module");
  wasm_module_delete(module);
  wasm_byte_vec_delete(&binary);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return module ? 0 : 1;
}
EOF_C
# shellcheck disable=SC2086
"$cc" -std=c11 -Wall -Wextra "$work_dir/standard.c" -o "$work_dir/standard" $flags
"$work_dir/standard"
echo "installed package: ok"
