#!/bin/sh
# The core spec suite run twice with the JIT: compiling each module directly,
# and compile -> serialize -> load (`ember spec --via-artifact`). Every
# script's line of results must be identical, with nothing failed.
# Exit 77 (skip) when the suite is absent.
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
"$ember" spec --engine jit --bounds "$bounds" "$spec_dir" >"$direct" 2>&1
"$ember" spec --engine jit --bounds "$bounds" --via-artifact "$spec_dir" >"$via" 2>&1
rc=$?
tail -n 1 "$direct"
tail -n 1 "$via"
if ! diff "$direct" "$via"; then
  echo "FAIL: results through artifacts differ from direct compilation"
  exit 1
fi
if [ "$rc" -ne 0 ] || ! tail -n 1 "$via" | grep -q ' 0 failed'; then
  echo "FAIL: failures through artifacts"
  exit 1
fi
echo "same results through artifacts ($bounds)"
