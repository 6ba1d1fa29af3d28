#!/bin/sh
# The core spec suite run twice with the JIT: compiling each module directly,
# and compile -> serialize -> load (`ember spec --via-artifact`). Every
# script's line of results must be identical, with nothing failed.
# Exit 77 (skip) when the suite is absent. EMBER_TEST_EMULATOR (a cross
# build's qemu-aarch64 command, set by ctest) runs EMBER, on batches of 12
# scripts (qemu-user keeps the memory of every 4 GiB reservation; see
# tests/spec/run_spec_group.sh), and only through artifacts (below).
# usage: spec_round_trip.sh EMBER CONFIGURED_SPEC_DIR BOUNDS
ember=$1
spec_dir=${EMBER_SPEC_DIR:-$2}/core
bounds=$3
if [ ! -d "$spec_dir" ]; then
  echo "spec suite not found at $spec_dir; set EMBER_SPEC_DIR"
  exit 77
fi
direct=$(mktemp)
via=$(mktemp)
trap 'rm -f "$direct" "$via"' EXIT
run_suite() {  # run_suite OUT [extra ember spec options]
  out=$1
  shift
  if [ -z "${EMBER_TEST_EMULATOR:-}" ]; then
    "$ember" spec --engine jit --bounds "$bounds" "$@" "$spec_dir" >"$out" 2>&1
    return
  fi
  # The emulator's words are split on purpose.
  # shellcheck disable=SC2086
  find "$spec_dir" -name '*.json' | LC_ALL=C sort |
    xargs -d '\n' -n 12 ${EMBER_TEST_EMULATOR} "$ember" spec --engine jit --bounds "$bounds" "$@" \
      >"$out" 2>&1
}
totals() {
  awk '/^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped/ { p += $1; f += $3; s += $5 }
       END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$1"
}
if [ -n "${EMBER_TEST_EMULATOR:-}" ]; then
  # Under the emulator the direct run is spec.core.jit of the same build
  # (signals, no skips allowed), and emulated time is what keeps CI long:
  # only the run through artifacts, which must pass everything too.
  run_suite "$via" --via-artifact --no-skips
  rc=$?
  echo "via artifacts: $(totals "$via")"
  if [ "$rc" -ne 0 ] || ! totals "$via" | grep -q ' 0 failed, 0 skipped'; then
    grep -v ' 0 failed, 0 skipped' "$via" | head -n 20
    echo "FAIL: failures or skips through artifacts"
    exit 1
  fi
  echo "everything passes through artifacts ($bounds)"
  exit 0
fi
run_suite "$direct"
run_suite "$via" --via-artifact
rc=$?
echo "direct: $(totals "$direct")"
echo "via artifacts: $(totals "$via")"
if ! diff "$direct" "$via"; then
  echo "FAIL: results through artifacts differ from direct compilation"
  exit 1
fi
if [ "$rc" -ne 0 ] || ! totals "$via" | grep -q ' 0 failed'; then
  echo "FAIL: failures through artifacts"
  exit 1
fi
echo "same results through artifacts ($bounds)"
