#include "tools/spec/spectest_module.h"

#include <bit>

namespace ember::tools {

namespace {

void defineFunction(Store& store, Linker& linker, const char* name, std::vector<ValType> params) {
  FuncType type{std::move(params), {}};
  // The print functions only need to exist with the right type; their output
  // would drown the runner's.
  Function* f = store.createHostFunction(
      type, [](std::span<const Value>, std::span<Value>) -> Result<void> { return success(); });
  linker.define("spectest", name, Extern{ExternKind::Func, f});
}

void defineGlobal(Store& store, Linker& linker, const char* name, ValType type, Value init) {
  GlobalInstance* g = store.createGlobal(GlobalType{type, false}, init);
  linker.define("spectest", name, Extern{ExternKind::Global, g});
}

}  // namespace

void defineSpectestModule(Store& store, Linker& linker) {
  using T = ValType;
  defineFunction(store, linker, "print", {});
  defineFunction(store, linker, "print_i32", {T::I32});
  defineFunction(store, linker, "print_i64", {T::I64});
  defineFunction(store, linker, "print_f32", {T::F32});
  defineFunction(store, linker, "print_f64", {T::F64});
  defineFunction(store, linker, "print_i32_f32", {T::I32, T::F32});
  defineFunction(store, linker, "print_f64_f64", {T::F64, T::F64});

  // 666.6 as the spec's reference interpreter has it; no test reads the
  // float values, imports.wast and global.wast assert the integer ones.
  defineGlobal(store, linker, "global_i32", T::I32, Value::fromI32(666));
  defineGlobal(store, linker, "global_i64", T::I64, Value::fromI64(666));
  defineGlobal(store, linker, "global_f32", T::F32,
               Value::fromF32Bits(std::bit_cast<uint32_t>(666.6f)));
  defineGlobal(store, linker, "global_f64", T::F64,
               Value::fromF64Bits(std::bit_cast<uint64_t>(666.6)));

  // imports.wast checks both limits of the table and the memory.
  TableType table{T::FuncRef, Limits{10, 20, false}};
  linker.define("spectest", "table", Extern{ExternKind::Table, store.createTable(table, Ref{})});
  MemoryType memory{Limits{1, 2, false}};
  linker.define("spectest", "memory", Extern{ExternKind::Memory, store.createMemory(memory)});
  // Only the threads proposal imports it; a runtime without shared memories
  // may decline to create one.
  MemoryType shared{Limits{1, 2, true}};
  if (Memory* m = store.createMemory(shared))
    linker.define("spectest", "shared_memory", Extern{ExternKind::Memory, m});
}

}  // namespace ember::tools
