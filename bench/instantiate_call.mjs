// V8's side of bench/instantiate_call_bench.cpp, on the same modules:
// `new WebAssembly.Instance` of an empty module and of one with a 1-page
// memory and a 1,000-entry table; a JS->wasm call of an identity function;
// a wasm->JS call (a wasm loop calling an imported JS function, per call).
// Prints one line per figure: "NAME NS ns", CPU time per operation (median
// of 5 timed batches; CPU time, as Google Benchmark's column, so that other
// load on a shared machine counts less).
//
// usage: node [V8 FLAGS] bench/instantiate_call.mjs
const bytes = (a) => new Uint8Array(a);
const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const empty = bytes(header);
const memoryAndTable = bytes([...header, 0x04, 0x05, 0x01, 0x70, 0x00, 0xe8, 0x07,
                              0x05, 0x03, 0x01, 0x00, 0x01]);
const identity = bytes([...header, 0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x03, 0x02,
                        0x01, 0x00, 0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00, 0x0a, 0x06, 0x01,
                        0x04, 0x00, 0x20, 0x00, 0x0b]);
const callsHost = bytes([...header, 0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x02, 0x09,
                         0x01, 0x03, 0x65, 0x6e, 0x76, 0x01, 0x68, 0x00, 0x00, 0x03, 0x02, 0x01,
                         0x00, 0x07, 0x09, 0x01, 0x05, 0x63, 0x61, 0x6c, 0x6c, 0x73, 0x00, 0x01,
                         0x0a, 0x1a, 0x01, 0x18, 0x01, 0x01, 0x7f, 0x03, 0x40, 0x20, 0x01, 0x10,
                         0x00, 0x21, 0x01, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x22, 0x00, 0x0d, 0x00,
                         0x0b, 0x20, 0x01, 0x0b]);

// Median over 5 batches of the CPU time per operation, in ns; `batch(n)`
// runs n operations.
function cpuNs() {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1e3;
}
function measure(batch, n) {
  batch(n);  // warm up (tier-up, inline caches)
  const samples = [];
  for (let i = 0; i < 5; i++) {
    const start = cpuNs();
    batch(n);
    samples.push((cpuNs() - start) / n);
  }
  samples.sort((a, b) => a - b);
  return samples[2];
}

function report(name, ns) { console.log(`${name} ${ns.toFixed(1)} ns`); }

for (const [name, wasm] of [['instantiate_empty', empty], ['instantiate_memory_and_table', memoryAndTable]]) {
  const module = new WebAssembly.Module(wasm);
  let keep;
  report(name, measure((n) => { for (let i = 0; i < n; i++) keep = new WebAssembly.Instance(module, {}); }, 20000));
  if (!keep) throw new Error('no instance');
}

{
  const f = new WebAssembly.Instance(new WebAssembly.Module(identity), {}).exports.f;
  let sum = 0;
  report('call_host_to_wasm', measure((n) => { for (let i = 0; i < n; i++) sum += f(i); }, 2000000));
  if (sum === 0.5) console.log(sum);
}

{
  const calls = new WebAssembly.Instance(new WebAssembly.Module(callsHost),
                                         { env: { h: (x) => x + 1 } }).exports.calls;
  report('call_wasm_to_host', measure((n) => {
    if (calls(n) !== n) throw new Error('wrong result');
  }, 2000000));
}
