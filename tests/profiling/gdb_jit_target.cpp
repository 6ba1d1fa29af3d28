// The program tests/profiling/gdb_backtrace_test.cmake runs under gdb:
// compiles wat/profiled.wat on the JIT (with Config::debugInfo unless the
// first argument is "no-debug-info") and calls outer -> wasm[func 2] ->
// inner -> host.breakpoint, which calls ember_test_breakpoint, where gdb
// stops and prints the backtrace.
#include <cstdio>
#include <cstring>

#include "tests/profiling/profiling_test_util.h"

extern "C" __attribute__((noinline)) void ember_test_breakpoint(uint32_t value) {
  __asm__ volatile("" : : "r"(value) : "memory");
}

int main(int argc, char** argv) {
  using namespace ember;
  Config config;
  config.engine = EngineKind::Jit;
  config.debugInfo = !(argc > 1 && std::strcmp(argv[1], "no-debug-info") == 0);
  Engine engine(config);
  auto module = compileModule(engine, test::readProfiledWasm());
  if (!module) {
    std::fprintf(stderr, "compile: %s\n", module.error().message().c_str());
    return 1;
  }
  Store store(engine);
  Linker linker;
  test::defineBreakpoint(linker, store, [](uint32_t v) { ember_test_breakpoint(v); });
  auto instance = linker.instantiate(store, *module);
  if (!instance) {
    std::fprintf(stderr, "instantiate: %s\n", instance.error().message().c_str());
    return 1;
  }
  Function* outer = (*instance)->exportByName("outer").function();
  Value args[1] = {Value::fromI32(4)};
  Value results[1];
  if (auto r = store.call(outer, args, results); !r) {
    std::fprintf(stderr, "call: %s\n", r.error().message().c_str());
    return 1;
  }
  std::printf("outer(4) = %u\n", results[0].i32);
  return results[0].i32 == 150 ? 0 : 1;
}
