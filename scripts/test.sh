#!/usr/bin/env bash
# Builds Ember and runs its whole test suite: unit tests, the spec suite on
# every engine and bounds mode that is built, and (with CI=true, or
# EMBER_FUZZ_SECONDS set) every fuzz target for that many seconds each
# (fuzz/run.sh; CI gives 15). On an
# x86-64 host it also cross-builds for AArch64 and runs that build's tests
# under qemu-aarch64 (scripts/test-aarch64.sh; EMBER_TEST_AARCH64=0 skips
# it), then checks the other builds (scripts/test-minimal-builds.sh: no
# signals, a custom platform, the size ladder, profile-guided). The last
# line is ctest's summary of the native build.
set -euo pipefail
cd "$(dirname "$0")/.."

# Each phase says how long it took, so a slow CI run shows where its time went.
phase_start=$SECONDS
phase_done() {
  echo "test.sh: $1 took $((SECONDS - phase_start)) s (total $SECONDS s)"
  phase_start=$SECONDS
}

scripts/install-deps.sh
phase_done "installing dependencies"

jobs=$(nproc)
cmake --preset release -DEMBER_TESTS=ON -DEMBER_TEST_INSTALL=ON >/dev/null
cmake --build --preset release -j "$jobs"
phase_done "the native build"

fuzz_seconds=${EMBER_FUZZ_SECONDS:-}
if [[ -z "$fuzz_seconds" && "${CI:-}" == "true" ]]; then fuzz_seconds=15; fi
if [[ -n "$fuzz_seconds" && "$fuzz_seconds" != 0 ]]; then
  fuzz/run.sh "$fuzz_seconds"
  phase_done "fuzzing"
fi

if [[ "${EMBER_TEST_AARCH64:-1}" != 0 && "$(uname -m)" == x86_64 ]]; then
  scripts/test-aarch64.sh
  phase_done "the AArch64 build and tests"
else
  echo "test.sh: AArch64 tests skipped (EMBER_TEST_AARCH64=0, or not an x86-64 host)"
fi

# The other builds: no signals, custom platform, the size ladder, profile-guided.
scripts/test-minimal-builds.sh build/release/tools/ember
phase_done "the other builds"

# ctest lists the tests it skipped after its summary line; the summary is
# repeated last, so that the run ends with it.
set +e
ctest --preset release -j "$jobs" | tee build/release/ctest-summary.log
status=${PIPESTATUS[0]}
set -e
grep -E '^[0-9]+% tests passed' build/release/ctest-summary.log | tail -n 1 || true
exit "$status"
