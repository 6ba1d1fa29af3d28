#!/bin/sh
# ctest for `ember objdump`: usage objdump_test.sh EMBER MODULE.wasm
# Exit 77 (skipped) when the build has no disassembler.
set -u
ember=$1
module=$2
out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
failures=0

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# run ARGS...: the tool's stdout in $out, stderr in $err, exit code in $status.
run() {
  "$ember" objdump "$@" >"$out" 2>"$err"
  status=$?
}

run "$module"
if [ "$status" -eq 2 ] && grep -q "built without EMBER_DISASM\|x86-64 code only\|without the JIT" "$err"; then
  cat "$err"
  echo "objdump: skipped (no disassembler in this build)"
  exit 77
fi
[ "$status" -eq 0 ] || fail "objdump exited $status: $(cat "$err")"
grep -q '^func\[1\] <add>: wasm body [0-9]* bytes, code [0-9]* bytes$' "$out" || fail "no header for add"
grep -q '^func\[2\] <mul>:' "$out" || fail "no header for mul"
grep -q '^func\[3\] <internal>:' "$out" || fail "no header for internal"
grep -q '^func\[0\]' "$out" && fail "the imported function has a listing"
# The add function's own lines: from its header to the next blank line.
add_listing=$(sed -n '/^func\[1\]/,/^$/p' "$out")
echo "$add_listing" | grep -Eq '^ *[0-9a-f]+: (add|lea) ' || fail "add: no add (or lea) instruction"
echo "$add_listing" | grep -Eq '^ *[0-9a-f]+: ret$' || fail "add: no ret"
sed -n '/^func\[2\]/,/^$/p' "$out" | grep -Eq ': imul ' || fail "mul: no imul"
# The jump table prints as two 8-byte entries, and the instruction after it
# (the first target's) decodes from its first byte.
pick_listing=$(sed -n '/^func\[4\]/,/^$/p' "$out")
[ "$(echo "$pick_listing" | grep -Ec ': \.quad 0x[0-9a-f]{16}$')" -eq 2 ] ||
  fail "pick: the jump table is not two .quad lines"
echo "$pick_listing" | grep -A1 '\.quad' | tail -1 | grep -Eq ': mov eax, 0x0A$' ||
  fail "pick: the code after the table does not start with the first target"

run --func add "$module"
[ "$status" -eq 0 ] || fail "--func add exited $status"
[ "$(grep -c '^func\[' "$out")" -eq 1 ] || fail "--func add shows $(grep -c '^func\[' "$out") functions"
grep -q '^func\[1\] <add>:' "$out" || fail "--func add shows another function"

run --func internal "$module"
grep -q '^func\[3\] <internal>:' "$out" || fail "--func by name-section name"
grep -Eq ': call ' "$out" || fail "internal: no call to the import"

run --func 2 --bytes "$module"
grep -q '^func\[2\] <mul>:' "$out" || fail "--func by index"
grep -Eq '^ *[0-9a-f]+: ([0-9a-f]{2} )+ *imul ' "$out" || fail "--bytes shows no encodings"

run --func nosuch "$module"
[ "$status" -eq 2 ] || fail "unknown name exited $status, not 2"
grep -q "no function 'nosuch'" "$err" || fail "unknown name: message '$(cat "$err")'"

run --func 0 "$module"
[ "$status" -eq 2 ] || fail "imported function exited $status, not 2"
run --func 99 "$module"
[ "$status" -eq 2 ] || fail "index out of range exited $status, not 2"
run --frobnicate "$module"
[ "$status" -eq 2 ] || fail "unknown option exited $status, not 2"

if [ "$failures" -ne 0 ]; then
  echo "objdump: $failures failures"
  exit 1
fi
echo "objdump: ok"
