// Helpers shared by the runtime and interpreter tests: load a test module
// (built from tests/*/wat/*.wat by wat2wasm), instantiate it, call exports.
// The tests build with the library's -fno-exceptions, so a helper that
// fails records a gtest failure and returns an empty value.
#pragma once

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "runtime/ember_runtime.h"
#include "tests/engine_cases.h"

namespace ember::test {

inline std::vector<uint8_t> readWasm(const std::string& name) {
  std::string path = std::string(EMBER_TEST_WASM_DIR) + "/" + name + ".wasm";
  std::ifstream in(path, std::ios::binary);
  if (!in) ADD_FAILURE() << "cannot read " << path;
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

// The engines this build has (EMBER_INTERP, EMBER_JIT), for tests that run
// on each.
inline std::vector<EngineKind> builtEngines() {
  std::vector<EngineKind> kinds;
#if EMBER_HAVE_INTERP
  kinds.push_back(EngineKind::Interpreter);
#endif
#if EMBER_HAVE_JIT
  kinds.push_back(EngineKind::Jit);
#endif
  return kinds;
}

inline std::string engineName(EngineKind kind) { return kind == EngineKind::Jit ? "Jit" : "Interp"; }

inline Value i32(uint32_t v) { return Value::fromI32(v); }
inline Value i64(uint64_t v) { return Value::fromI64(v); }
inline Value f32(float v) { return Value::fromF32(v); }
inline Value f64(double v) { return Value::fromF64(v); }
inline Value f32bits(uint32_t b) { return Value::fromF32Bits(b); }
inline Value f64bits(uint64_t b) { return Value::fromF64Bits(b); }

// One engine and store; modules are instantiated through `linker`.
class Harness {
 public:
  explicit Harness(Config config = {}) : engine(config), store(engine) {}

  std::shared_ptr<const CompiledModule> compile(const std::string& name) {
    auto m = compileModule(engine, readWasm(name));
    if (!m) {
      ADD_FAILURE() << name << ": " << m.error().message();
      return nullptr;
    }
    return m.value();
  }
  Instance* load(const std::string& name) {
    auto module = compile(name);
    if (!module) return nullptr;
    auto inst = linker.instantiate(store, module);
    if (!inst) {
      ADD_FAILURE() << name << ": " << inst.error().message();
      return nullptr;
    }
    return inst.value();
  }

  Function* func(Instance* inst, const std::string& name) {
    Function* f = inst ? inst->exportByName(name).function() : nullptr;
    if (!f) ADD_FAILURE() << "no exported function " << name;
    return f;
  }

  // Calls an export; the Result holds the results or the error.
  Result<std::vector<Value>> call(Instance* inst, const std::string& name,
                                  std::vector<Value> args = {}) {
    Function* f = func(inst, name);
    if (!f) return Error(ErrorKind::Invalid, "no such function");
    std::vector<Value> results(f->type().results.size());
    Result<void> r = store.call(f, args, results);
    if (!r) return r.takeError();
    return results;
  }
  // Calls an export that must return one value and not trap.
  Value one(Instance* inst, const std::string& name, std::vector<Value> args = {}) {
    auto r = call(inst, name, std::move(args));
    if (!r) {
      ADD_FAILURE() << name << " failed: " << r.error().message();
      return Value::fromI64(0xBAD0BAD0BAD0BAD0ull);
    }
    if (r->size() != 1) {
      ADD_FAILURE() << name << ": not one result";
      return Value::fromI64(0xBAD0BAD0BAD0BAD0ull);
    }
    return (*r)[0];
  }
  // Calls an export that must trap; returns the trap code (HostError when
  // it did not trap, after recording a failure).
  TrapCode trap(Instance* inst, const std::string& name, std::vector<Value> args = {}) {
    auto r = call(inst, name, std::move(args));
    if (r) {
      ADD_FAILURE() << name << " did not trap";
      return TrapCode::HostError;
    }
    auto code = trapCodeOf(r.error());
    if (!code) {
      ADD_FAILURE() << name << ": not a trap: " << r.error().message();
      return TrapCode::HostError;
    }
    return *code;
  }

  Engine engine;
  Store store;
  Linker linker;
};

}  // namespace ember::test
