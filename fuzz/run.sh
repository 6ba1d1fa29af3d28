#!/usr/bin/env bash
# Builds the libFuzzer targets with clang in their own build folder, makes
# each target's seed corpus and runs every target listed in
# <build>/fuzz/targets.txt (one per ember_add_fuzzer in fuzz/CMakeLists.txt)
# for SECONDS each, as many at once as there are cores (CI runs 15 on 2
# cores). With TARGET names
# (decode_validate, compile_run, wasi, ...) only those run. Exits non-zero
# when any target finds a crash, a leak, a sanitizer report, a divergence,
# an escape or a hang; the input that did it is saved in
# <build>/artifacts/<target>/ and the log in <build>/logs/<target>.log.
#   EMBER_FUZZ_BUILD_DIR  build folder (default: build/fuzz in the source tree)
#   EMBER_SPEC_DIR        the spec suite (default: ../shared/spec)
#   EMBER_FUZZ_JOBS       build parallelism, and how many targets run at
#                         once (default: nproc; each fuzzer uses one core)
#   EMBER_FUZZ_ARGS       extra libFuzzer options for every target, e.g.
#                         "-fork=4 -ignore_crashes=1" for long runs (README)
# usage: fuzz/run.sh SECONDS [TARGET...]
set -euo pipefail
seconds=${1:?usage: fuzz/run.sh SECONDS [TARGET...]}
shift
wanted=("$@")
source_dir=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${EMBER_FUZZ_BUILD_DIR:-$source_dir/build/fuzz}
jobs=${EMBER_FUZZ_JOBS:-$(nproc)}
read -r -a extra_args <<< "${EMBER_FUZZ_ARGS:-}"

# Line tables are all a finding's stack trace needs (function, file, line);
# full debug information took the compile of the heaviest files from 45 s
# of CPU to 84. Rebuild with -g to debug a finding in gdb.
debug_flags="-O2 -gline-tables-only -DNDEBUG"
configure=(-S "$source_dir" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DEMBER_FUZZ=ON -DEMBER_TESTS=OFF
  "-DCMAKE_C_FLAGS_RELWITHDEBINFO=$debug_flags" "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=$debug_flags")
if [[ -n "${EMBER_SPEC_DIR:-}" ]]; then configure+=(-DEMBER_SPEC_DIR="$EMBER_SPEC_DIR"); fi
cmake "${configure[@]}" >/dev/null
cmake --build "$build_dir" -j "$jobs" --target ember_fuzzers
cmake --build "$build_dir" -j "$jobs" --target ember_fuzz_seed_corpora

selected() {
  [[ ${#wanted[@]} -eq 0 ]] && return 0
  local w
  for w in "${wanted[@]}"; do [[ "$1" == "ember_${w}_fuzzer" || "$1" == "$w" ]] && return 0; done
  return 1
}

# Runs one target: its log, the CPU time it got and its exit status go to
# <build>/logs/<name>.{log,cpu,status}.
# Defaults first: a target's own options and EMBER_FUZZ_ARGS override them.
# -timeout: one input over 10 s is a hang. -rss_limit_mb: nothing may
# allocate on the strength of a declared count alone.
# The CPU time it got (user+system) is reported beside the wall-clock
# rate: on a shared machine the two differ a lot.
run_target() {
  local target=$1 seeds=$2 name=$3 options=$4
  local corpus="$build_dir/corpus/$name"   # inputs the fuzzer finds, kept between runs
  local artifacts="$build_dir/artifacts/$name"
  local log="$build_dir/logs/$name.log"
  local target_args status=0
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  rm -f "$log.status"
  read -r -a target_args <<< "$options"
  TIMEFORMAT='%U %S'
  { time "$build_dir/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 "${target_args[@]}" "${extra_args[@]}" \
    -artifact_prefix="$artifacts/" "$corpus" "$seeds" >"$log" 2>&1 || status=$? ; } 2>"$log.cpu"
  echo "$status" >"$log.status"
}

# One line per target: the figures of libFuzzer's last status line and
# final stats.
summary=()
failed=0
report_target() {
  local name=$1
  local log="$build_dir/logs/$name.log"
  local status cpu execs rate rss last cov ft corp result=ok
  status=$(cat "$log.status" 2>/dev/null || echo "no status")
  cpu=$(awk '{printf "%.0f", $1 + $2}' "$log.cpu")
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<< "$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<< "$last")
  corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<< "$last")
  if [[ "$status" != 0 ]]; then
    result="FAILED (exit $status)"
    failed=1
    echo "fuzz/run.sh: $name failed; end of its log:"
    tail -n 60 "$log"
  fi
  summary+=("$(printf '%-16s %10s execs %8s exec/s (%ss CPU)  cov %6s  ft %7s  corpus %6s  rss %5s MB  %s' \
    "$name" "${execs:-?}" "${rate:-?}" "${cpu:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "${rss:-?}" "$result")")
}

names=()
running=0
while read -r target seeds options; do
  [[ -z "$target" ]] && continue
  selected "$target" || continue
  name=${target#ember_}
  name=${name%_fuzzer}
  names+=("$name")
  if ((running >= jobs)); then
    wait -n || true
    running=$((running - 1))
  fi
  echo "fuzz/run.sh: running $name for ${seconds}s (log: $build_dir/logs/$name.log)"
  run_target "$target" "$seeds" "$name" "$options" &
  running=$((running + 1))
done < "$build_dir/fuzz/targets.txt"
wait
for name in "${names[@]}"; do report_target "$name"; done

echo "fuzz/run.sh: ${seconds}s per target"
for line in "${summary[@]}"; do echo "  $line"; done
exit $failed
