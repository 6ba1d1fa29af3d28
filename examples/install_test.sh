#!/bin/sh
# Installs Ember into a scratch prefix, then configures, builds and runs
# examples/ against it through find_package(ember).
# Usage: install_test.sh SOURCE_DIR BUILD_DIR WORK_DIR HAVE_SHARED(0|1)
# The shared library (what the package installs) is not built when the JIT
# links Debian's non-PIC libasmjit.a; then a JIT-less build of Ember is made
# in WORK_DIR first.
set -eu
source_dir=$1
build_dir=$2
work_dir=$3
have_shared=$4
prefix=$work_dir/prefix
rm -rf "$work_dir"
mkdir -p "$work_dir"

if [ "$have_shared" != 1 ]; then
  build_dir=$work_dir/ember
  cmake -S "$source_dir" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DEMBER_JIT=OFF -DEMBER_TESTS=OFF -DEMBER_BUILD_EXAMPLES=OFF >/dev/null
  cmake --build "$build_dir" --target ember_shared
fi
cmake --install "$build_dir" --prefix "$prefix" >/dev/null
cmake -S "$source_dir/examples" -B "$work_dir/examples" -G Ninja \
  -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work_dir/examples"
ctest --test-dir "$work_dir/examples" --output-on-failure
echo "installed package: ok"
