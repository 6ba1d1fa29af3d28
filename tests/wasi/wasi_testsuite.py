#!/usr/bin/env python3
"""Runs the WASI preview 1 tests of WebAssembly/wasi-testsuite through `ember run`.

The suite is not part of the project: point EMBER_WASI_TESTSUITE_DIR (or
--suite) at a checkout of its prebuilt `prod/testsuite-base` branch, where
tests/<language>/testsuite/wasm32-wasip1/ hold each test's .wasm and, beside
it, an optional .json with its args, env, root directory, expected exit code
and stdout (doc/specification.md there). Exits 77 (skipped) without the suite,
1 when a test fails.

usage: wasi_testsuite.py EMBER [--suite DIR] [ember run options...]
"""
import glob
import json
import os
import shutil
import subprocess
import sys

SKIPPED = 77


def remove_cleanups(directory):
    # Tests leave *.cleanup files and directories behind; the suite asks a
    # runner to remove them before and after each test.
    for path in glob.glob(os.path.join(directory, '**', '*.cleanup'), recursive=True):
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        elif os.path.lexists(path):
            os.remove(path)


def load_spec(wasm):
    spec = {'args': [], 'root': None, 'env': {}, 'exit_code': 0, 'stdout': None, 'stderr': None}
    config = wasm[:-len('.wasm')] + '.json'
    if os.path.exists(config):
        with open(config) as f:
            spec.update(json.load(f))
    return spec


def run_test(ember, options, wasm, spec):
    argv = [ember, 'run', *options]
    for name, value in spec['env'].items():
        argv += ['--env', f'{name}={value}']
    if spec['root']:
        argv += ['--dir', f"{spec['root']}::/"]
    argv += [wasm, *spec['args']]
    try:
        done = subprocess.run(argv, cwd=os.path.dirname(wasm), capture_output=True, timeout=60)
    except subprocess.TimeoutExpired:
        return 'timed out after 60 s'
    problems = []
    if done.returncode != spec['exit_code']:
        problems.append(f"exit code {done.returncode}, expected {spec['exit_code']}")
    for stream in ('stdout', 'stderr'):
        got = getattr(done, stream).decode(errors='replace')
        if spec[stream] is not None and got != spec[stream]:
            problems.append(f'{stream} {got!r}, expected {spec[stream]!r}')
    if problems:
        tail = done.stderr.decode(errors='replace').strip()[-800:]
        return '; '.join(problems) + (f'\n    stderr: {tail}' if tail else '')
    return None


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    ember, rest = os.path.abspath(argv[1]), argv[2:]
    suite = os.environ.get('EMBER_WASI_TESTSUITE_DIR', '')
    if rest[:1] == ['--suite']:
        suite, rest = rest[1], rest[2:]
    suite = os.path.abspath(suite) if suite else ''
    dirs = sorted(glob.glob(os.path.join(suite, 'tests', '*', 'testsuite', 'wasm32-wasip1'))) if suite else []
    if not dirs:
        print('skipped: no wasi-testsuite (set EMBER_WASI_TESTSUITE_DIR to a checkout of its '
              'prod/testsuite-base branch)')
        return SKIPPED
    passed = failed = 0
    for directory in dirs:
        for wasm in sorted(glob.glob(os.path.join(directory, '*.wasm'))):
            remove_cleanups(directory)
            problem = run_test(ember, rest, wasm, load_spec(wasm))
            remove_cleanups(directory)
            name = os.path.relpath(wasm, os.path.join(suite, 'tests'))
            if problem:
                failed += 1
                print(f'FAIL {name}: {problem}')
            else:
                passed += 1
    print(f'wasi-testsuite ({" ".join(rest) or "default engine"}): {passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
