#!/bin/sh
# The runtime-only build (EMBER_JIT=OFF EMBER_INTERP=OFF; DESIGN decisions
# 9 and 10): configures and builds it beside this build, then checks that
#  - its `ember` has no asmjit, code generator or macro-assembler symbol,
#    and its C library (what an embedder links) not even the function-body
#    validator or the interpreter's lowering;
#  - it says it only runs artifacts, and refuses a .wasm saying so;
#  - it runs artifacts written by the full build (EMBER) with the same output.
# usage: runtime_only_check.sh SOURCE_DIR BUILD_DIR EMBER MODULE.wasm
set -u
source_dir=$1
build_dir=$2
ember=$3
wasm=$4
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

# -O1: this build is checked for what it holds and does, not for speed.
cmake -S "$source_dir" -B "$build_dir" -G "${CMAKE_GENERATOR:-Ninja}" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_FLAGS_RELEASE="-O1 -DNDEBUG" -DCMAKE_CXX_FLAGS_RELEASE="-O1 -DNDEBUG" \
  -DEMBER_JIT=OFF -DEMBER_INTERP=OFF -DEMBER_TESTS=OFF -DEMBER_BUILD_EXAMPLES=OFF \
  -DEMBER_DISASM=OFF >"$build_dir.log" 2>&1 || { cat "$build_dir.log"; exit 1; }
cmake --build "$build_dir" --target ember_tool ember_shared >>"$build_dir.log" 2>&1 ||
  cmake --build "$build_dir" --target ember_tool >>"$build_dir.log" 2>&1 ||
  { tail -30 "$build_dir.log"; exit 1; }
runtime_only="$build_dir/tools/ember"

# Symbols (demangled) that must not be in the runtime-only binaries.
forbidden='asmjit|ember::Codegen|ember::MacroAssembler|ember::compileModule\(ember::Module const&, ember::JitOptions'
if nm -C "$runtime_only" | grep -E "$forbidden" >"$build_dir.nm"; then
  fail "runtime-only ember has compiler symbols:"; head "$build_dir.nm"
else
  echo "ok   no asmjit or codegen symbols in $(nm -C "$runtime_only" | wc -l) symbols of ember"
fi
capi=$(find "$build_dir/runtime/capi" -name 'libember*.so*' -type f | head -n 1)
if [ -n "$capi" ]; then
  if nm -C -D --defined-only "$capi" >/dev/null 2>&1 &&
     nm -C "$capi" | grep -E "$forbidden|FunctionValidator|interp::lowerModule" >"$build_dir.nm"; then
    fail "runtime-only C library has compiler or body-validator symbols:"; head "$build_dir.nm"
  else
    echo "ok   no compiler, lowering or body validator in $(basename "$capi")"
  fi
fi

"$runtime_only" --help | grep -q "runtime-only build" || fail "help does not say runtime-only"
if "$runtime_only" run --invoke fib "$wasm" 20 >"$build_dir.out" 2>&1 ||
   ! grep -q "runs precompiled artifacts" "$build_dir.out"; then
  fail "a .wasm was not refused with a runtime-only message:"; cat "$build_dir.out"
else
  echo "ok   .wasm refused: $(cat "$build_dir.out")"
fi
"$ember" compile "$wasm" -o "$build_dir/m.ember" >/dev/null || fail "full build cannot compile"
out=$("$runtime_only" run --invoke fib "$build_dir/m.ember" 20 2>&1)
[ "$out" = "6765" ] && echo "ok   artifact runs: fib(20) = $out" || fail "artifact run: $out"
[ "$fails" -eq 0 ]
