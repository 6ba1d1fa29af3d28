#!/usr/bin/env bash
# The builds that strip Ember down (DESIGN decision 9), each checked by what
# it can still run:
#  - no signals (EMBER_SIGNALS=OFF): the whole core spec suite on the JIT and
#    the interpreter, with explicit bounds checks and heap-allocated memory;
#  - a custom platform (EMBER_PLATFORM=custom, examples/min-platform): the
#    interpreter build and the runtime-only build (running an artifact that
#    the native build's `ember compile` wrote) each run fib on the fixed
#    arena, the runtime-only one refuses a .wasm saying why, and the
#    undefined-symbol check passes;
#  - the size ladder (bench/size-report), the rungs below full and no-wasi
#    built and run, and every one with a CLI on the core spec suite with the
#    engine it has: the runtime-only rung through the artifacts the native
#    build wrote, the rungs without SIMD (EMBER_SIMD=OFF) skipping the SIMD
#    files with a reason, never failing them;
#  - the runtime-only rung holds no compiler, refuses a .wasm and runs
#    artifacts (tests/artifact/runtime_only_check.sh);
#  - without error text (EMBER_ERROR_TEXT=OFF, the interp-only rung):
#    malformed and invalid modules fail with the kind and location the
#    native build gives, and the embedder holds none of the messages' text;
#  - without JIT profiling (EMBER_PROFILING=OFF, the jit-only rung): asking
#    for a perf map is refused, and the embedder holds none of its code;
#  - and one build that adds instead: profile-guided (scripts/build-pgo.sh),
#    trained on a few guests, on the core spec suite with both engines.
# usage: scripts/test-minimal-builds.sh NATIVE_EMBER   (after the native build)
set -euo pipefail
cd "$(dirname "$0")/.."
native_ember=$(realpath "${1:?usage: test-minimal-builds.sh NATIVE_EMBER}")
jobs=$(nproc)
spec=${EMBER_SPEC_DIR:-$PWD/../shared/spec}/core

# Each section says how long the one before it took, so a slow CI run
# shows where its time went.
section_start=$SECONDS
section_done() {
  [[ -z "${section_name:-}" ]] ||
    echo "test-minimal-builds: $section_name took $((SECONDS - section_start)) s"
}
section() {
  section_done
  section_name=$*
  section_start=$SECONDS
  printf '\n== %s\n' "$*"
}
expect_clean_spec() {  # the last line of `ember spec` must say 0 failed
  local line
  line=$("$@" "$spec" | tail -n 1)
  echo "$line"
  [[ "$line" == *" 0 failed"* ]]
}

# These builds check behaviour, not speed: -O1 compiles them about a third
# faster than the release preset's -O3.
quick=(-DCMAKE_C_FLAGS_RELEASE="-O1 -DNDEBUG" -DCMAKE_CXX_FLAGS_RELEASE="-O1 -DNDEBUG")

section "no signals: JIT and interpreter on the core spec suite, memory growth"
# Tests on for one test program only: the memories' own tests, some of
# which exist only without signals (heap memories).
cmake --preset release -B build/no-signals "${quick[@]}" -DEMBER_SIGNALS=OFF -DEMBER_TESTS=ON \
      -DEMBER_BUILD_EXAMPLES=OFF >/dev/null
cmake --build build/no-signals -j "$jobs" --target ember_tool ember_memory_tests
build/no-signals/tests/runtime/ember_memory_tests --gtest_brief=1
if [[ -d "$spec" ]]; then
  expect_clean_spec build/no-signals/tools/ember spec --engine jit
  expect_clean_spec build/no-signals/tools/ember spec --engine interp
else
  echo "spec suite not found at $spec (set EMBER_SPEC_DIR): skipped"
fi
# A heap memory that outgrows its block moves to one twice as large: 2,048
# grows of a page each take about a second here, where a copy on every grow
# took over six minutes (a plugin's way to stall its host).
wat2wasm tests/runtime/wat/unbounded_memory.wat -o build/no-signals/unbounded_memory.wasm
for engine in jit interp; do
  pages=$(timeout 60 build/no-signals/tools/ember run --engine $engine --invoke grow_page_by_page \
          build/no-signals/unbounded_memory.wasm 2048)
  echo "no signals, $engine: grown a page at a time to $pages pages"
  [[ "$pages" == 2049 ]]
done

custom=(-DEMBER_PLATFORM=custom -DEMBER_SIGNALS=OFF -DEMBER_WASI=OFF -DEMBER_DISASM=OFF -DEMBER_TESTS=ON)
section "custom platform, interpreter"
cmake --preset release -B build/custom-interp "${quick[@]}" "${custom[@]}" -DEMBER_JIT=OFF >/dev/null
cmake --build build/custom-interp -j "$jobs"
ctest --test-dir build/custom-interp --output-on-failure

section "custom platform, runtime only (a precompiled artifact)"
mkdir -p build/custom-runtime
wat2wasm bench/size/fib.wat -o build/custom-runtime/fib.wasm
if "$native_ember" compile --bounds checks build/custom-runtime/fib.wasm -o build/custom-runtime/fib.ember; then
  cmake --preset release -B build/custom-runtime "${quick[@]}" "${custom[@]}" -DEMBER_JIT=OFF -DEMBER_INTERP=OFF \
        -DEMBER_MIN_PLATFORM_ARTIFACT="$PWD/build/custom-runtime/fib.ember" >/dev/null
  cmake --build build/custom-runtime -j "$jobs"
  ctest --test-dir build/custom-runtime --output-on-failure
else
  echo "the native ember cannot write artifacts yet"
  exit 1
fi

section "size ladder"
# The rungs that take something out. Not full and no-wasi: what their CLI
# would check here the native build (the same options, -O3 without LTO)
# checks, and building them would cost CI over three minutes; the README's
# size table comes from a whole `bench/size-report`. The native build's
# ember writes the artifacts of the rungs without a compiler.
SIZE_REPORT_COMPILER=$native_ember bench/size-report jit-only interp-only runtime-only custom-platform

ladder=build/size
section "size ladder: the core spec suite on every rung with a CLI"
if [[ -d "$spec" ]]; then
  artifacts=$ladder/spec-artifacts
  rm -rf "$artifacts" && mkdir -p "$artifacts"
  expect_clean_spec "$native_ember" spec --engine jit --artifact-dir "$artifacts"
  expect_clean_spec $ladder/jit-only/tools/ember spec --engine jit
  # The runtime-only rung has no compiler: it loads what the native build wrote.
  expect_clean_spec $ladder/runtime-only/tools/ember spec --engine jit --artifact-dir "$artifacts"
  # No SIMD: its files are skipped, with the reason, not failed.
  $ladder/interp-only/tools/ember spec --engine interp "$spec" >"$ladder/interp-only.spec"
  tail -n 1 "$ladder/interp-only.spec"
  grep -q "^[^ ]*simd_address.json: 0 passed, 0 failed, [1-9][0-9]* skipped (skipped: .*SIMD (v128) is not in this build" \
    "$ladder/interp-only.spec" || { echo "interp-only: SIMD files not skipped with a reason"; exit 1; }
  [[ "$(tail -n 1 "$ladder/interp-only.spec")" == *" 0 failed"* ]]
else
  echo "spec suite not found at $spec (set EMBER_SPEC_DIR): skipped"
fi

section "runtime only: no compiler in it, artifacts run"
sh tests/artifact/runtime_only_check.sh $ladder/runtime-only "$native_ember" $ladder/fib.wasm

section "no error text: kind and location stay, the text goes"
bad=$ladder/bad-modules && mkdir -p "$bad"
header='\x00\x61\x73\x6d\x01\x00\x00\x00'
one_function='\x01\x04\x01\x60\x00\x00\x03\x02\x01\x00'  # type () -> (), one function
printf '\x00\x61\x73\x6e\x01\x00\x00\x00' >"$bad/magic.wasm"                # bad magic
printf "$header$one_function\x0a\x05\x01\x03\x00\xff\x0b" >"$bad/opcode.wasm"    # 0xff at byte 23
printf "$header$one_function\x0a\x06\x01\x04\x00\x41\x00\x0b" >"$bad/leftover.wasm"  # i32 left at byte 25
expect_error() {  # FILE KIND LOCATION: the text-less rung's exact message, and the native build's location
  local bare native
  bare=$($ladder/interp-only/tools/ember validate "$bad/$1" || true)
  native=$("$native_ember" validate "$bad/$1" || true)
  echo "$1: $bare  |  native build: $native"
  native_messages+=$native
  [[ "$bare" == "$2: $2$3" ]] || { echo "unexpected: $bare"; exit 1; }
  # The native build: the same kind and numbers, after its text and section name.
  [[ "$native" == "$2: "*"${3# (}" && "$native" != "$2: $2$3" ]] || { echo "native build differs: $native"; exit 1; }
  bare=$($ladder/interp-only/tools/ember run --engine interp "$bad/$1" 2>&1 || true)
  [[ "$bare" == *"$2$3"* ]] || { echo "run: $bare"; exit 1; }
}
native_messages=
expect_error magic.wasm malformed " (byte offset 0)"
expect_error opcode.wasm malformed " (function 0, byte offset 23)"
expect_error leftover.wasm invalid " (function 0, byte offset 25)"
# The texts the native build printed above. (Not grepped for in its binary:
# at -O3 GCC builds some of them from pieces.)
for text in "magic header not detected" "illegal opcode" "values remain on the stack"; do
  [[ "$native_messages" == *"$text"* ]] || { echo "the native build did not say '$text'"; exit 1; }
  if grep -q "$text" $ladder/interp-only/bench/size/size_embedder; then
    echo "interp-only embedder still holds '$text'"; exit 1
  fi
done
echo "ok: error text compiled out, kinds and locations kept"

section "no JIT profiling: asking for it is refused, its code is gone"
fib=$ladder/fib.wasm
# (Without --engine, the rungs without an interpreter run the JIT.)
[[ "$($ladder/jit-only/tools/ember run --invoke fib "$fib" 20)" == 6765 ]]
[[ "$($ladder/runtime-only/tools/ember run --invoke fib "$ladder/fib-runtime-only.ember" 20)" == 6765 ]]
[[ "$("$native_ember" run --engine jit --profile=perfmap --invoke fib "$fib" 20)" == 6765 ]]
refusal=$($ladder/jit-only/tools/ember run --engine jit --profile=perfmap --invoke fib "$fib" 20 2>&1 || true)
echo "jit-only --profile=perfmap: $refusal"
[[ "$refusal" == unsupported:* ]] || { echo "jit-only rung did not refuse --profile"; exit 1; }
grep -q "/tmp/perf-" "$native_ember" || { echo "the native ember lacks the perf map"; exit 1; }
if grep -q "/tmp/perf-" $ladder/jit-only/bench/size/size_embedder; then
  echo "jit-only embedder still holds the perf map"; exit 1
fi
echo "ok: profiling compiled out and refused"

section "profile-guided build: trained, then the core spec suite on both engines"
# Not a stripped build, but one that rots unless built: GCC's hot/cold
# splitting once broke the interpreter's handler table. Trained on the
# WASI guests that touch no files (a smoke test of the mechanism; a real
# profile comes from the modules one runs, scripts/build-pgo.sh).
guests=build/release/tests/wasi/guests
training=("$fib")
for guest in hello args_env clock_poll exit_code memory_fault stdin_echo; do
  if [[ -f $guests/$guest.wasm ]]; then training+=("$guests/$guest.wasm"); fi
done
EMBER_PGO_CMAKE_ARGS="-DEMBER_TESTS=OFF" EMBER_PGO_TARGETS=ember_tool \
  scripts/build-pgo.sh build/pgo "${training[@]}"
[[ "$(build/pgo/tools/ember run --engine interp --invoke fib "$fib" 20)" == 6765 ]]
if [[ -d "$spec" ]]; then
  expect_clean_spec build/pgo/tools/ember spec --engine jit
  expect_clean_spec build/pgo/tools/ember spec --engine interp
else
  echo "spec suite not found at $spec (set EMBER_SPEC_DIR): skipped"
fi
section_done
