// Instantiation and call overhead through the standard C API (wasm.h), on
// the JIT and the interpreter: instantiating an empty module, and one with a
// 1-page memory and a 1,000-entry table, and ones of 10,000 to a million
// globals (deleting the instance included); a host->wasm call of an identity
// function; a wasm->host call (a wasm loop calling an imported host
// function, per call). bench/instantiate_call.mjs measures V8 on the same
// modules; bench/instantiate_call.sh runs both.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <vector>

#include "ember/ember.h"
#include "ember/wasm.h"

namespace {

// The modules, encoded by hand (bench/instantiate_call.mjs has the same).
const std::vector<uint8_t> kEmpty = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
// (table 1000 funcref) (memory 1)
const std::vector<uint8_t> kMemoryAndTable = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
                                              0x04, 0x05, 0x01, 0x70, 0x00, 0xe8, 0x07,
                                              0x05, 0x03, 0x01, 0x00, 0x01};
// (func (export "f") (param i32) (result i32) local.get 0)
const std::vector<uint8_t> kIdentity = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60, 0x01,
    0x7f, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x07, 0x05, 0x01, 0x01, 0x66, 0x00,
    0x00, 0x0a, 0x06, 0x01, 0x04, 0x00, 0x20, 0x00, 0x0b};
// (import "env" "h" (func $h (param i32) (result i32)))
// (func (export "calls") (param $n i32) (result i32) (local $acc i32)
//   (loop (local.set $acc (call $h (local.get $acc)))
//         (br_if 0 (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
//   (local.get $acc))
const std::vector<uint8_t> kCallsHost = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60, 0x01, 0x7f,
    0x01, 0x7f, 0x02, 0x09, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x01, 0x68, 0x00, 0x00, 0x03,
    0x02, 0x01, 0x00, 0x07, 0x09, 0x01, 0x05, 0x63, 0x61, 0x6c, 0x6c, 0x73, 0x00, 0x01,
    0x0a, 0x1a, 0x01, 0x18, 0x01, 0x01, 0x7f, 0x03, 0x40, 0x20, 0x01, 0x10, 0x00, 0x21,
    0x01, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x22, 0x00, 0x0d, 0x00, 0x0b, 0x20, 0x01, 0x0b};

// Engine, store and a compiled module, torn down in order.
struct Setup {
  wasm_engine_t* engine = nullptr;
  wasm_store_t* store = nullptr;
  wasm_module_t* module = nullptr;

  Setup(ember_engine_kind_t kind, const std::vector<uint8_t>& bytes) {
    wasm_config_t* config = wasm_config_new();
    ember_config_engine_set(config, kind);
    engine = wasm_engine_new_with_config(config);
    store = wasm_store_new(engine);
    wasm_byte_vec_t binary{bytes.size(),
                           reinterpret_cast<byte_t*>(const_cast<uint8_t*>(bytes.data()))};
    module = wasm_module_new(store, &binary);
  }
  ~Setup() {
    if (module) wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
  }
};

ember_engine_kind_t engineOf(const benchmark::State& state) {
  return state.range(0) == 0 ? EMBER_ENGINE_JIT : EMBER_ENGINE_INTERPRETER;
}

void nameEngine(benchmark::State& state) {
  state.SetLabel(state.range(0) == 0 ? "jit" : "interp");
}

void instantiate(benchmark::State& state, const std::vector<uint8_t>& bytes) {
  nameEngine(state);
  Setup s(engineOf(state), bytes);
  if (!s.module) return state.SkipWithError("the module did not compile");
  wasm_extern_vec_t imports = WASM_EMPTY_VEC;
  for (auto _ : state) {
    wasm_instance_t* instance = wasm_instance_new(s.store, s.module, &imports, nullptr);
    if (!instance) return state.SkipWithError("instantiation failed");
    wasm_instance_delete(instance);
  }
}

void BM_InstantiateEmpty(benchmark::State& state) { instantiate(state, kEmpty); }
void BM_InstantiateMemoryAndTable(benchmark::State& state) { instantiate(state, kMemoryAndTable); }

void appendLeb(std::vector<uint8_t>& out, uint32_t v) {
  do {
    out.push_back(static_cast<uint8_t>((v & 0x7F) | (v > 0x7F ? 0x80 : 0)));
    v >>= 7;
  } while (v);
}

// `n` immutable i32 globals: instantiating and deleting it should take time
// in proportion to n (deleting once took time in n squared).
std::vector<uint8_t> globalsModule(uint32_t n) {
  std::vector<uint8_t> payload;
  appendLeb(payload, n);
  for (uint32_t i = 0; i < n; ++i) payload.insert(payload.end(), {0x7F, 0x00, 0x41, 0x00, 0x0B});
  std::vector<uint8_t> bytes = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x06};
  appendLeb(bytes, static_cast<uint32_t>(payload.size()));
  bytes.insert(bytes.end(), payload.begin(), payload.end());
  return bytes;
}

void BM_InstantiateGlobals(benchmark::State& state) {
  instantiate(state, globalsModule(static_cast<uint32_t>(state.range(1))));
  state.SetComplexityN(state.range(1));
}

// The first export of `instance` as a function (the caller deletes both).
wasm_func_t* firstExport(wasm_instance_t* instance, wasm_extern_vec_t& exports) {
  wasm_instance_exports(instance, &exports);
  return exports.size > 0 ? wasm_extern_as_func(exports.data[0]) : nullptr;
}

void BM_CallHostToWasm(benchmark::State& state) {
  nameEngine(state);
  Setup s(engineOf(state), kIdentity);
  wasm_extern_vec_t imports = WASM_EMPTY_VEC, exports;
  wasm_instance_t* instance = wasm_instance_new(s.store, s.module, &imports, nullptr);
  if (!instance) return state.SkipWithError("instantiation failed");
  wasm_func_t* f = firstExport(instance, exports);
  wasm_val_t in[1] = {WASM_I32_VAL(0)}, out[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(in), results = WASM_ARRAY_VEC(out);
  int32_t i = 0;
  for (auto _ : state) {
    in[0].of.i32 = i++;
    if (wasm_trap_t* trap = wasm_func_call(f, &args, &results)) {
      wasm_trap_delete(trap);
      return state.SkipWithError("trap");
    }
    benchmark::DoNotOptimize(out[0].of.i32);
  }
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
}

wasm_trap_t* plusOne(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 + 1;
  return nullptr;
}

// Per wasm->host call: each iteration is one host->wasm call of a loop that
// calls the host 1,000 times (the entry is amortised to 1/1000).
void BM_CallWasmToHost(benchmark::State& state) {
  nameEngine(state);
  Setup s(engineOf(state), kCallsHost);
  wasm_valtype_t* p = wasm_valtype_new_i32();
  wasm_valtype_t* r = wasm_valtype_new_i32();
  wasm_functype_t* type = wasm_functype_new_1_1(p, r);
  wasm_func_t* host = wasm_func_new(s.store, type, plusOne);
  wasm_functype_delete(type);
  wasm_extern_t* importList[] = {wasm_func_as_extern(host)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(importList), exports;
  wasm_instance_t* instance = wasm_instance_new(s.store, s.module, &imports, nullptr);
  if (!instance) return state.SkipWithError("instantiation failed");
  wasm_func_t* calls = firstExport(instance, exports);
  constexpr int32_t kCalls = 1000;
  wasm_val_t in[1] = {WASM_I32_VAL(kCalls)}, out[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(in), results = WASM_ARRAY_VEC(out);
  for (auto _ : state) {
    if (wasm_trap_t* trap = wasm_func_call(calls, &args, &results)) {
      wasm_trap_delete(trap);
      return state.SkipWithError("trap");
    }
    if (out[0].of.i32 != kCalls) return state.SkipWithError("wrong result");
  }
  state.SetItemsProcessed(state.iterations() * kCalls);
  state.counters["ns_per_call"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * kCalls,
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(host);
}

// Argument 0: the JIT, 1: the interpreter.
BENCHMARK(BM_InstantiateEmpty)->Arg(0)->Arg(1);
BENCHMARK(BM_InstantiateMemoryAndTable)->Arg(0)->Arg(1);
BENCHMARK(BM_InstantiateGlobals)
    ->ArgsProduct({{0, 1}, {10000, 100000, 1000000}})
    ->Unit(benchmark::kMillisecond)
    ->Complexity(benchmark::oN);
BENCHMARK(BM_CallHostToWasm)->Arg(0)->Arg(1);
BENCHMARK(BM_CallWasmToHost)->Arg(0)->Arg(1);

}  // namespace

BENCHMARK_MAIN();
