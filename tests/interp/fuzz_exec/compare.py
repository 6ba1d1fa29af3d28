#!/usr/bin/env python3
"""Compares runner.cpp's output with binaryen's --fuzz-exec-before output.

usage: compare.py EMBER_OUTPUT BINARYEN_OUTPUT
Exit 0 when every call, log line, result and trap matches. Integers are
compared modulo 2^32/2^64 (binaryen prints some i32 results unsigned);
floats by value (binaryen prints decimals), NaNs only as NaNs.
"""
import math
import re
import struct
import sys


def parse_value(tok):
    tok = tok.strip()
    if tok.startswith('F32:'):
        return ('f', struct.unpack('<f', struct.pack('<I', int(tok[4:], 16)))[0])
    if tok.startswith('F64:'):
        return ('f', struct.unpack('<d', struct.pack('<Q', int(tok[4:], 16)))[0])
    if 'nan' in tok:
        return ('f', float('nan'))
    if tok in ('inf', '-inf'):
        return ('f', float(tok))
    if tok.startswith(('ref', 'funcref', 'externref')):
        return ('r', tok)
    try:
        return ('i', int(tok))
    except ValueError:
        return ('f', float(tok))


def same(a, b):
    if a[0] == 'r' or b[0] == 'r':
        return True
    if a[0] == 'i' and b[0] == 'i':
        d = a[1] - b[1]
        return d % (1 << 64) == 0 or (d % (1 << 32) == 0 and max(abs(a[1]), abs(b[1])) < (1 << 32))
    x, y = float(a[1]), float(b[1])
    if math.isnan(x) or math.isnan(y):
        return math.isnan(x) and math.isnan(y)
    return x == y or abs(x - y) <= 1e-6 * max(abs(x), abs(y))


def events(path):
    out = []
    for line in open(path, errors='replace'):
        line = line.rstrip('\n')
        if line.startswith('[trap'):
            out.append(('trap', None))
        elif m := re.match(r'\[fuzz-exec\] calling (.*)', line):
            out.append(('call', m.group(1)))
        elif m := re.match(r'\[fuzz-exec\] note result: .*? => (.*)', line):
            text = m.group(1).strip()
            if text.startswith('(') and text.endswith(')'):
                text = text[1:-1]
            out.append(('result', [parse_value(t) for t in text.split(',')]))
        elif m := re.match(r'\[LoggingExternalInterface logging (.*)\]', line):
            out.append(('log', [parse_value(t) for t in m.group(1).split()]))
    return out


def main():
    ours, theirs = events(sys.argv[1]), events(sys.argv[2])
    for i, (a, b) in enumerate(zip(ours, theirs)):
        ok = a[0] == b[0]
        if ok and a[0] == 'call':
            ok = a[1] == b[1]
        if ok and a[0] in ('result', 'log'):
            ok = len(a[1]) == len(b[1]) and all(same(x, y) for x, y in zip(a[1], b[1]))
        if not ok:
            print(f'mismatch at event {i}: ember {a} binaryen {b}')
            return 1
    if len(ours) != len(theirs):
        print(f'ember produced {len(ours)} events, binaryen {len(theirs)}')
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
