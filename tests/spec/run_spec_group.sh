#!/bin/sh
# Runs `ember spec` over one group of the spec suite for ctest, or reports
# the test as skipped (exit 77, the tests' SKIP_RETURN_CODE) when the suite
# is absent. EMBER_SPEC_DIR in the environment overrides the configured one;
# EMBER_TEST_EMULATOR (set by ctest in a cross build, e.g. "qemu-aarch64 -L
# /usr/aarch64-linux-gnu") is the command that runs EMBER.
# usage: run_spec_group.sh EMBER CONFIGURED_SPEC_DIR GROUP [ember spec options...]
ember=$1
spec_dir=${EMBER_SPEC_DIR:-$2}
group=$3
shift 3
if [ ! -d "$spec_dir/$group" ]; then
  echo "spec suite not found at $spec_dir/$group; set EMBER_SPEC_DIR"
  exit 77
fi
if [ -z "${EMBER_TEST_EMULATOR:-}" ]; then
  exec "$ember" spec "$@" "$spec_dir/$group"
fi
# Under qemu-user, a process keeps host memory for every guest reservation it
# ever made (the suite makes hundreds of 4 GiB ones; one process for the
# whole group grew past 12 GiB), so run the scripts in batches of 12, one
# process each, and add up their totals. The emulator's words are split on
# purpose.
out=$(mktemp)
# shellcheck disable=SC2086
find "$spec_dir/$group" -name '*.json' | LC_ALL=C sort |
  xargs -d '\n' -n 12 ${EMBER_TEST_EMULATOR} "$ember" spec "$@" >"$out" 2>&1
rc=$?
cat "$out"
awk '/^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped/ { p += $1; f += $3; s += $5 }
     END { printf "all batches: %d passed, %d failed, %d skipped\n", p, f, s }' "$out"
rm -f "$out"
[ "$rc" -eq 0 ]
