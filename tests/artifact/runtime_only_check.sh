#!/bin/sh
# Checks a built runtime-only build (EMBER_JIT=OFF EMBER_INTERP=OFF; DESIGN
# decisions 9 and 10), the size ladder's runtime-only rung
# (scripts/test-minimal-builds.sh runs this after bench/size-report):
#  - its `ember` has no asmjit, code generator or macro-assembler symbol,
#    and the embedder linked with it (bench/size's, Ember static) not even
#    the function-body validator or the interpreter's lowering;
#  - it says it only runs artifacts, and refuses a .wasm as unsupported
#    (examples.min_platform.refuses_wasm checks the message's text, which
#    this rung compiles out);
#  - it runs an artifact written by the full build (EMBER) with the same
#    output.
# usage: runtime_only_check.sh BUILD_DIR EMBER MODULE.wasm
set -u
build_dir=$1
ember=$2
wasm=$3
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

# Symbols (demangled) that must not be in the runtime-only binaries.
forbidden='asmjit|ember::Codegen|ember::MacroAssembler|ember::compileModule\(ember::Module const&, ember::JitOptions'
# Unstripped binaries only: nm finding no symbols at all must not pass.
has_symbols() { [ "$(nm -C "$1" 2>/dev/null | grep -c 'ember::')" -gt 0 ]; }
without_symbols() {  # FILE PATTERN WHAT
  if ! has_symbols "$1"; then
    fail "$1 has no ember symbols to check"
  elif nm -C "$1" | grep -E "$2" >"$build_dir.nm"; then
    fail "$3:"; head "$build_dir.nm"
  else
    echo "ok   no $3 in $(nm -C "$1" | wc -l) symbols of $(basename "$1")"
  fi
}
runtime_only="$build_dir/tools/ember"
without_symbols "$runtime_only" "$forbidden" "asmjit or code generator symbols"
without_symbols "$build_dir/bench/size/size_embedder" "$forbidden|FunctionValidator|interp::lowerModule" \
  "compiler, lowering or body validator"

"$runtime_only" --help | grep -q "runtime-only build" || fail "help does not say runtime-only"
if "$runtime_only" run --invoke fib "$wasm" 20 >"$build_dir.out" 2>&1 ||
   ! grep -q "^unsupported" "$build_dir.out"; then
  fail "a .wasm was not refused as unsupported:"; cat "$build_dir.out"
else
  echo "ok   .wasm refused: $(cat "$build_dir.out")"
fi
"$ember" compile "$wasm" -o "$build_dir.m.ember" >/dev/null || fail "full build cannot compile"
out=$("$runtime_only" run --invoke fib "$build_dir.m.ember" 20 2>&1)
[ "$out" = "6765" ] && echo "ok   artifact runs: fib(20) = $out" || fail "artifact run: $out"
[ "$fails" -eq 0 ]
