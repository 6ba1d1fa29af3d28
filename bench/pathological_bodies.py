#!/usr/bin/env python3
"""Writes modules whose one function body is pathological for a single-pass
compiler: N values pushed and kept on the operand stack while the body goes
on to allocate registers, call, open blocks or set locals, and one br_table
with N targets. A compiler whose per-operator cost depends on the stack's
depth takes O(N^2) on them. See compile_pathological.sh.

usage: pathological_bodies.py OUTDIR N
writes OUTDIR/<pattern>-<N>.wasm for each pattern."""
import os
import sys


def uleb(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def section(sid, payload):
    return bytes([sid]) + uleb(len(payload)) + payload


def vec(items):
    return uleb(len(items)) + b"".join(items)


LOCAL_GET, LOCAL_SET, I32_CONST, I32_ADD, CALL, DROP = 0x20, 0x21, 0x41, 0x6A, 0x10, 0x1A
BLOCK, IF, END, BR_TABLE, EMPTY, I32 = 0x02, 0x04, 0x0B, 0x0E, 0x40, 0x7F


def push_n(n):
    return bytes([LOCAL_GET, 0]) * n


def drop_n(n):
    return bytes([DROP]) * n


# Each pattern: the body of function 1 (two i32 locals, no params or
# results); function 0 is an empty callee.
PATTERNS = {
    # N register-resident values: every allocation beyond the register file
    # spills the oldest one.
    "registers": lambda n: bytes([LOCAL_GET, 0, I32_CONST, 1, I32_ADD]) * n + drop_n(n),
    # N pending values below N calls (each call spills what it clobbers).
    "calls": lambda n: push_n(n) + bytes([CALL, 0]) * n + drop_n(n),
    # N pending values below N block entries (each spills what is below).
    "blocks": lambda n: push_n(n) + bytes([BLOCK, EMPTY, END]) * n + drop_n(n),
    # N pending reads of local 0 while local 1 is set N times and local 0
    # once per 64 sets (a set must preserve earlier reads of its local).
    "local_set": lambda n: push_n(n)
    + (bytes([I32_CONST, 1, LOCAL_SET, 1]) * 63 + bytes([I32_CONST, 1, LOCAL_SET, 0])) * (n // 64)
    + drop_n(n),
    # One br_table of N targets.
    "br_table": lambda n: bytes([BLOCK, EMPTY, LOCAL_GET, 0, BR_TABLE])
    + uleb(n) + bytes([0]) * n + bytes([0, END]),
    # N/4 nested blocks with a result, and a br_table carrying a value to
    # each of them (one stub per target).
    "br_table_deep": lambda n: bytes([BLOCK, I32]) * (n // 4)
    + bytes([I32_CONST, 0, LOCAL_GET, 0, BR_TABLE]) + uleb(n // 4)
    + b"".join(uleb(d) for d in range(n // 4)) + bytes([0]) + bytes([END]) * (n // 4) + bytes([DROP]),
    # N/8 br_tables at nesting depth N/8.
    "br_tables_nested": lambda n: bytes([BLOCK, EMPTY]) * (n // 8)
    + bytes([LOCAL_GET, 0, IF, EMPTY, LOCAL_GET, 0, BR_TABLE, 1, 0, 0, END]) * (n // 8)
    + bytes([END]) * (n // 8),
}


def module(body):
    functype = bytes([0x60, 0, 0])
    types = section(1, vec([functype]))
    funcs = section(3, vec([uleb(0), uleb(0)]))
    callee = vec([]) + bytes([END])
    locals_ = vec([uleb(2) + bytes([0x7F])])
    code_body = locals_ + body + bytes([END])
    code = section(10, vec([uleb(len(callee)) + callee, uleb(len(code_body)) + code_body]))
    return b"\0asm" + bytes([1, 0, 0, 0]) + types + funcs + code


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    out, n = sys.argv[1], int(sys.argv[2])
    os.makedirs(out, exist_ok=True)
    for name, make in PATTERNS.items():
        with open(os.path.join(out, f"{name}-{n}.wasm"), "wb") as f:
            f.write(module(make(n)))


if __name__ == "__main__":
    main()
