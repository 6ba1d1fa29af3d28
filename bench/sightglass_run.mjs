// Runs one sightglass program under node's WASI and prints to stderr the
// seconds between its bench.start and bench.end calls (the same region
// `ember run --bench-time` reports). The program's folder is preopened as
// "." and "/", and is the working directory, as the corpus expects.
// usage: node [V8 flags] bench/sightglass_run.mjs PROGRAM.wasm
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { WASI } from 'node:wasi';

const file = resolve(process.argv[2]);
const folder = dirname(file);
process.chdir(folder);
const wasi = new WASI({ version: 'preview1', args: [file], preopens: { '.': folder, '/': folder } });
let start = 0n, end = 0n;
const imports = {
  wasi_snapshot_preview1: wasi.wasiImport,
  bench: { start: () => { start = process.hrtime.bigint(); }, end: () => { end = process.hrtime.bigint(); } },
};
const module = new WebAssembly.Module(readFileSync(file));
const instance = new WebAssembly.Instance(module, imports);
const code = wasi.start(instance);
process.stderr.write(`bench: ${(Number(end - start) / 1e9).toFixed(6)} s\n`);
process.exitCode = code;
