// Runs a kernel's exported run() under node and prints its result and the
// CPU seconds the call took (process.cpuUsage, so load from other processes
// does not count). Use with --liftoff-only --single-threaded.
import { readFileSync } from 'node:fs';

const module = new WebAssembly.Module(readFileSync(process.argv[2]));
const instance = new WebAssembly.Instance(module, {});
const before = process.cpuUsage();
const result = instance.exports.run();
const used = process.cpuUsage(before);
console.log(`${result} ${(used.user + used.system) / 1e6}`);
