#!/usr/bin/env bash
# Instantiation and call overhead, Ember (JIT and interpreter, through the C
# API) against V8 (node, default tiers and --liftoff-only) in one run, on the
# same modules: CPU ns per operation, a Markdown table.
#
# usage: bench/instantiate_call.sh BUILD_DIR   (configured with -DEMBER_BENCH=ON)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: instantiate_call.sh BUILD_DIR}
bench=$build/bench/ember_instantiate_call_bench
[[ -x $bench ]] || { echo "$bench not built: configure with -DEMBER_BENCH=ON" >&2; exit 1; }
json=$(mktemp)
trap 'rm -f "$json"' EXIT
"$bench" --benchmark_min_time=0.3 --benchmark_format=json >"$json" 2>/dev/null
v8=$(node "$here/instantiate_call.mjs")
v8lo=$(node --liftoff-only "$here/instantiate_call.mjs")
node - "$json" "$v8" "$v8lo" <<'JS'
const fs = require('node:fs');
const [, , file, v8, v8lo] = process.argv;
const parse = (text) => Object.fromEntries(text.trim().split('\n').map((l) => {
  const [name, ns] = l.split(' ');
  return [name, Number(ns)];
}));
const node = parse(v8), liftoff = parse(v8lo);
const ember = {};
for (const b of JSON.parse(fs.readFileSync(file, 'utf8')).benchmarks) {
  const ns = b.ns_per_call ? b.ns_per_call * 1e9 : b.cpu_time;  // ns_per_call is a rate, inverted: seconds
  ember[`${b.name.replace(/^BM_/, '')}`] = ns;
}
const rows = [
  ['instantiate an empty module', 'InstantiateEmpty', 'instantiate_empty'],
  ['instantiate: 1-page memory, 1,000-entry table', 'InstantiateMemoryAndTable', 'instantiate_memory_and_table'],
  ['host -> wasm call (identity i32)', 'CallHostToWasm', 'call_host_to_wasm'],
  ['wasm -> host call (per call)', 'CallWasmToHost', 'call_wasm_to_host'],
];
const f = (x) => (x === undefined || Number.isNaN(x) ? 'n/a' : x.toFixed(1));
console.log('| CPU ns per operation | Ember JIT | Ember interp | V8 (default tiers) | V8 --liftoff-only |');
console.log('|---|---:|---:|---:|---:|');
for (const [label, e, v] of rows)
  console.log(`| ${label} | ${f(ember[`${e}/0`])} | ${f(ember[`${e}/1`])} | ${f(node[v])} | ${f(liftoff[v])} |`);
JS
