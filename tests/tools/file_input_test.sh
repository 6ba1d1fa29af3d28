#!/bin/sh
# ctest for how the `ember` tool reads a module: a regular file is read
# whole in one go, anything else (a pipe) a chunk at a time. Both must give
# every byte: the module here ends in a 200,000-byte custom section, so a
# short read fails to decode. Usage: file_input_test.sh EMBER MODULE.wasm
set -u
ember=$1
module=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failures=0

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# The module, then a custom section (id 0, size 200,002 as a LEB128:
# c2 9a 0c; name "x") of zeros.
padded=$dir/padded.wasm
cat "$module" >"$padded"
printf '\000\302\232\014\001x' >>"$padded"
head -c 200000 /dev/zero >>"$padded"

# The figures `ember compile` prints, without the timings.
figures() {
  grep -oE '[0-9]+ body bytes|[0-9]+ bytes of machine code' | tr '\n' ' '
}

"$ember" compile --repeat 1 "$padded" >"$dir/file.out" 2>&1 ||
  fail "from a file: $(cat "$dir/file.out")"
cat "$padded" | "$ember" compile --repeat 1 /dev/stdin >"$dir/pipe.out" 2>&1 ||
  fail "from a pipe: $(cat "$dir/pipe.out")"
[ -n "$(figures <"$dir/file.out")" ] && [ "$(figures <"$dir/file.out")" = "$(figures <"$dir/pipe.out")" ] ||
  fail "a pipe and a file differ: $(cat "$dir/file.out") / $(cat "$dir/pipe.out")"

# One byte short, from either, is an error, not a crash.
head -c -1 "$padded" >"$dir/short.wasm"
"$ember" compile --repeat 1 "$dir/short.wasm" >"$dir/short.out" 2>&1
[ $? -eq 1 ] || fail "a truncated module: $(cat "$dir/short.out")"
cat "$dir/short.wasm" | "$ember" compile --repeat 1 /dev/stdin >"$dir/short.out" 2>&1
[ $? -eq 1 ] || fail "a truncated module from a pipe: $(cat "$dir/short.out")"

# A file larger than any module (sparse: no disk) is refused before it is
# read, not read into memory.
truncate -s 5G "$dir/huge.wasm"
"$ember" compile --repeat 1 "$dir/huge.wasm" >"$dir/huge.out" 2>&1
[ $? -eq 1 ] && grep -q "larger than 4 GiB" "$dir/huge.out" ||
  fail "a 5 GiB file: $(cat "$dir/huge.out")"

if [ "$failures" -eq 0 ]; then
  echo "file input: ok"
else
  exit 1
fi
