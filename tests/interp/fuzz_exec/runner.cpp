// Runs a module made by binaryen's `wasm-opt -ttf` the way binaryen's own
// `--fuzz-exec-before` does, printing the same lines: every exported
// function is called in order with zero arguments (after the module's
// hangLimitInitializer, if any), the fuzzing-support log imports print
// their arguments, and results or traps are printed. compare.py checks the
// output against binaryen's. Floats print as raw bits ("F32:xxxxxxxx").
#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <vector>

#include "runtime/ember_runtime.h"

namespace {

using namespace ember;

void printValue(const Value& v) {
  switch (v.type) {
    case ValType::I32: std::printf("%d", static_cast<int32_t>(v.i32)); break;
    case ValType::I64: std::printf("%" PRId64, static_cast<int64_t>(v.i64)); break;
    case ValType::F32: std::printf("F32:%08x", v.f32); break;
    case ValType::F64: std::printf("F64:%016" PRIx64, v.f64); break;
    default: std::printf("ref"); break;
  }
}

// binaryen logs an i64 as its two 32-bit halves, low first.
Result<void> logArgs(std::span<const Value> args, std::span<Value>) {
  std::printf("[LoggingExternalInterface logging");
  for (const Value& a : args) {
    if (a.type == ValType::I64) {
      std::printf(" %d %d", static_cast<int32_t>(a.i64), static_cast<int32_t>(a.i64 >> 32));
    } else {
      std::printf(" ");
      printValue(a);
    }
  }
  std::printf("]\n");
  return success();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s MODULE.wasm\n", argv[0]);
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
  Engine engine;
  auto module = compileModule(engine, bytes);
  if (!module) {
    std::printf("compile error: %s\n", module.error().message().c_str());
    return 1;
  }
  Store store(engine);
  Linker linker;
  for (const Import& imp : (*module)->module().imports) {
    if (imp.kind != ExternKind::Func) continue;
    const FuncType& type = (*module)->module().types[imp.funcTypeIndex];
    linker.define(imp.module, imp.name, Extern::of(store.createHostFunction(type, logArgs)));
  }
  auto inst = linker.instantiate(store, *module);
  if (!inst) {
    std::printf("instantiate error: %s\n", inst.error().message().c_str());
    return 1;
  }
  Function* resetHangLimit = (*inst)->exportByName("hangLimitInitializer").function();
  for (const auto& [name, ext] : (*inst)->exports()) {
    Function* f = ext.function();
    if (!f) continue;
    if (resetHangLimit) (void)store.call(resetHangLimit, {}, {});
    std::printf("[fuzz-exec] calling %s\n", name.c_str());
    std::vector<Value> args, results(f->type().results.size());
    for (ValType t : f->type().params) args.push_back(Value::zero(t));
    auto r = store.call(f, args, results);
    if (!r) {
      std::printf("[trap %s]\n", r.error().message().c_str());
      continue;
    }
    if (results.empty()) continue;
    std::printf("[fuzz-exec] note result: %s => ", name.c_str());
    if (results.size() > 1) std::printf("(");
    for (size_t i = 0; i < results.size(); ++i) {
      if (i) std::printf(", ");
      printValue(results[i]);
    }
    if (results.size() > 1) std::printf(")");
    std::printf("\n");
  }
  return 0;
}
