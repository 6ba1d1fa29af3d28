// The C and C++ API setters for profiling and debugging JIT code
// (ember_config_profiler_set, ember_config_debug_info_set, api::Config)
// reach the runtime: a module compiled through them is in the perf map and
// registered with GDB until it is deleted.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include <ember/ember.hpp>

#include "runtime/jit/gdb_jit_interface.h"
#include "tests/profiling/profiling_test_util.h"

namespace {

size_t registeredObjects() {
  size_t n = 0;
  for (jit_code_entry* e = __jit_debug_descriptor.first_entry; e; e = e->next_entry) ++n;
  return n;
}

size_t perfMapLinesNaming(const std::string& name) {
  std::ifstream in("/tmp/perf-" + std::to_string(getpid()) + ".map");
  size_t n = 0;
  for (std::string line; std::getline(in, line);) n += line.ends_with(" " + name);
  return n;
}

TEST(ProfilingApi, CSettersReachTheRuntime) {
  wasm_config_t* config = wasm_config_new();
  ember_config_engine_set(config, EMBER_ENGINE_JIT);
  ember_config_profiler_set(config, EMBER_PROFILER_PERFMAP);
  ember_config_debug_info_set(config, true);
  wasm_engine_t* engine = wasm_engine_new_with_config(config);
  wasm_store_t* store = wasm_store_new(engine);
  std::vector<uint8_t> bytes = ember::test::readProfiledWasm();
  wasm_byte_vec_t binary{bytes.size(), reinterpret_cast<byte_t*>(bytes.data())};
  size_t objects = registeredObjects();
  size_t outerLines = perfMapLinesNaming("outer");
  wasm_module_t* module = wasm_module_new(store, &binary);
  ASSERT_NE(module, nullptr);
  EXPECT_EQ(registeredObjects(), objects + 1);
  EXPECT_EQ(perfMapLinesNaming("outer"), outerLines + 1);
  EXPECT_EQ(perfMapLinesNaming("wasm[func 2]"), outerLines + 1);
  wasm_module_delete(module);
  EXPECT_EQ(registeredObjects(), objects);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

TEST(ProfilingApi, CppConfigReachesTheRuntime) {
  ember::api::Config config;
  config.engine = ember::api::EngineKind::Jit;
  config.debugInfo = true;
  ember::api::Engine engine(config);
  ember::api::Store store(engine);
  std::vector<uint8_t> bytes = ember::test::readProfiledWasm();
  size_t objects = registeredObjects();
  {
    auto module = ember::api::Module::compile(store, bytes);
    ASSERT_TRUE(module);
    EXPECT_EQ(registeredObjects(), objects + 1);
  }
  EXPECT_EQ(registeredObjects(), objects);
}

TEST(ProfilingApi, InterpreterIgnoresThem) {
  ember::api::Config config;
  config.engine = ember::api::EngineKind::Interpreter;
  config.debugInfo = true;
  config.profiler = ember::api::Profiler::PerfMap;
  ember::api::Engine engine(config);
  ember::api::Store store(engine);
  std::vector<uint8_t> bytes = ember::test::readProfiledWasm();
  size_t objects = registeredObjects();
  auto module = ember::api::Module::compile(store, bytes);
  ASSERT_TRUE(module);
  EXPECT_EQ(registeredObjects(), objects);
}

}  // namespace
