#!/usr/bin/env bash
# Builds Ember and runs its whole test suite: unit tests, the spec suite on
# every engine and bounds mode that is built, and (with CI=true, or
# EMBER_FUZZ_SECONDS set) the decoder fuzz target for a fixed time.
# The last line is ctest's summary.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh

jobs=$(nproc)
cmake --preset release -DEMBER_TESTS=ON >/dev/null
cmake --build --preset release -j "$jobs"

fuzz_seconds=${EMBER_FUZZ_SECONDS:-}
if [[ -z "$fuzz_seconds" && "${CI:-}" == "true" ]]; then fuzz_seconds=60; fi
if [[ -n "$fuzz_seconds" && "$fuzz_seconds" != 0 ]]; then
  fuzz/run.sh "$fuzz_seconds"
fi

ctest --preset release -j "$jobs"
