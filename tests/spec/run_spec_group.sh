#!/bin/sh
# Runs `ember spec` over one group of the spec suite for ctest, or reports
# the test as skipped (exit 77, the tests' SKIP_RETURN_CODE) when the suite
# is absent. EMBER_SPEC_DIR in the environment overrides the configured one.
# usage: run_spec_group.sh EMBER CONFIGURED_SPEC_DIR GROUP [ember spec options...]
ember=$1
spec_dir=${EMBER_SPEC_DIR:-$2}
group=$3
shift 3
if [ ! -d "$spec_dir/$group" ]; then
  echo "spec suite not found at $spec_dir/$group; set EMBER_SPEC_DIR"
  exit 77
fi
exec "$ember" spec "$@" "$spec_dir/$group"
