// Times V8's compilation of a module, for comparison with `ember compile`:
// the CPU time of `new WebAssembly.Module(bytes)`, best and median of N.
// Run as: node --liftoff-only --no-wasm-lazy-compilation --single-threaded
//         bench/liftoff_compile.mjs FILE.wasm [N]
// (without --no-wasm-lazy-compilation V8 only validates here).
import { readFileSync } from 'node:fs';

const original = readFileSync(process.argv[2]);
const runs = Number(process.argv[3] ?? 5);
// V8 caches native modules by their wire bytes, so each run compiles a copy
// with one more byte-distinct custom section at the end (id 0, name "r").
function variant(i) {
  const payload = Buffer.from([1, 0x72, i & 0x7f]);  // name length 1, "r", counter
  return Buffer.concat([original, Buffer.from([0, payload.length]), payload]);
}
const times = [];
for (let i = 0; i < runs; i++) {
  const bytes = variant(i);
  const before = process.cpuUsage();
  new WebAssembly.Module(bytes);
  const used = process.cpuUsage(before);
  times.push((used.user + used.system) / 1e3);
}
times.sort((a, b) => a - b);
console.log(`${times[0].toFixed(2)} ${times[Math.floor(times.length / 2)].toFixed(2)}`);
