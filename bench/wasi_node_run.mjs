// Runs one WASI program under node's WASI the way `ember run` does for
// bench/wasi_vs_node.sh: argv is [PROGRAM path as given], the program's
// folder is the working directory and is preopened as "." and "/", the
// `bench` imports are no-ops. Exits with the program's exit code.
// usage: node --no-warnings bench/wasi_node_run.mjs PROGRAM.wasm
//        node --no-warnings bench/wasi_node_run.mjs --imports PROGRAM.wasm
//          (prints the module names it imports from, one a line)
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { WASI } from 'node:wasi';

const listImports = process.argv[2] === '--imports';
const file = process.argv[listImports ? 3 : 2];
const module = new WebAssembly.Module(readFileSync(file));
if (listImports) {
  const names = new Set(WebAssembly.Module.imports(module).map((i) => i.module));
  for (const name of names) process.stdout.write(`${name}\n`);
  process.exit(0);
}
const folder = dirname(resolve(file));
process.chdir(folder);
const wasi = new WASI({
  version: 'preview1',
  args: [file],
  env: {},
  preopens: { '.': folder, '/': folder },
  returnOnExit: true,
});
const imports = {
  wasi_snapshot_preview1: wasi.wasiImport,
  bench: { start: () => {}, end: () => {} },
};
const instance = new WebAssembly.Instance(module, imports);
process.exitCode = wasi.start(instance);
