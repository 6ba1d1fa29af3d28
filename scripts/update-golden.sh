#!/bin/sh
# Rewrites the expected listings of the golden disassembly tests
# (tests/jit/golden/<target>/*.s) from the current JIT, after an intended
# change to the generated code. Review the diff before committing it.
# usage: scripts/update-golden.sh [BUILD_DIR]   (default build/release)
set -e
build=${1:-build/release}
cmake --build "$build" --target golden_x64_test golden_a64_test
for t in golden_x64_test golden_a64_test; do
  EMBER_GOLDEN_UPDATE=1 "$build/tests/jit/$t" --gtest_brief=1
done
git diff --stat -- tests/jit/golden
