// The C++ API (include/ember/ember.hpp): typed host functions through the
// linker, typed calls with results or traps, memory access, errors.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <vector>

#include "ember/ember.hpp"

namespace {

std::vector<uint8_t> readWasm(const char* name) {
  std::ifstream in(std::string(EMBER_TEST_WASM_DIR) + "/" + name + ".wasm", std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

using namespace ember::api;

TEST(CppApi, TypedHostFunctionAndCalls) {
  Engine engine;
  Store store(engine);
  auto module = Module::compile(store, readWasm("fib"));
  ASSERT_TRUE(module) << module.error().message;
  Linker linker(store);
  std::vector<int32_t> logged;
  ASSERT_TRUE(linker.func("env", "log", [&](int32_t x) { logged.push_back(x); }));
  auto instance = linker.instantiate(*module);
  ASSERT_TRUE(instance) << instance.error().message;

  auto fib = instance->func<int32_t(int32_t)>("fib");
  ASSERT_TRUE(fib);
  Result<int32_t> r = fib(20);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, 6765);

  auto logged_fib = instance->func<int32_t(int32_t)>("fib_logged");
  ASSERT_TRUE(logged_fib);
  EXPECT_EQ(logged_fib(10).value(), 55);
  EXPECT_EQ(logged, std::vector<int32_t>{10});

  auto add3 = instance->func<double(int64_t, float, double)>("add3");
  ASSERT_TRUE(add3);
  EXPECT_DOUBLE_EQ(add3(1, 0.5f, 0.25).value(), 1.75);

  // Wrong signature or missing export: an empty function.
  EXPECT_FALSE(instance->func<int64_t(int32_t)>("fib"));
  EXPECT_FALSE(instance->func<void()>("nope"));

  auto boom = instance->func<void()>("boom");
  ASSERT_TRUE(boom);
  Result<void> trap = boom();
  ASSERT_FALSE(trap);
  EXPECT_NE(trap.error().message.find("unreachable"), std::string::npos);
}

TEST(CppApi, HostFunctionTrapsAndMultiValue) {
  Engine engine;
  Store store(engine);
  auto module = Module::compile(store, readWasm("fib"));
  ASSERT_TRUE(module);
  Linker linker(store);
  ASSERT_TRUE(linker.func("env", "log", [](int32_t x) -> Result<void> {
    if (x > 5) return Error{"too big"};
    return Result<void>();
  }));
  auto instance = linker.instantiate(*module);
  ASSERT_TRUE(instance);
  auto f = instance->func<int32_t(int32_t)>("fib_logged");
  EXPECT_EQ(f(5).value(), 5);
  auto r = f(6);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("too big"), std::string::npos);

  auto multi = Module::compile(store, readWasm("multi"));
  ASSERT_TRUE(multi);
  Linker linker2(store);
  ASSERT_TRUE(linker2.func("", "swap", [](int32_t a, int64_t b, int64_t c, int32_t d) {
    return std::tuple<int32_t, int64_t, int64_t, int32_t>(d, c, b, a);
  }));
  auto inst2 = linker2.instantiate(*multi);
  ASSERT_TRUE(inst2) << inst2.error().message;
  auto run = inst2->func<std::tuple<int32_t, int64_t, int64_t, int32_t>(int32_t, int64_t, int64_t,
                                                                        int32_t)>("run");
  ASSERT_TRUE(run);
  auto out = run(1, 2, 3, 4);
  ASSERT_TRUE(out);
  EXPECT_EQ(*out, std::make_tuple(4, int64_t{3}, int64_t{2}, 1));
}

TEST(CppApi, MemoryAndErrors) {
  Config config;
  config.maxMemoryPages = 2;
  Engine engine(config);
  Store store(engine);
  auto bad = Module::compile(store, std::vector<uint8_t>{0, 'a', 's', 'x'});
  ASSERT_FALSE(bad);
  EXPECT_FALSE(bad.error().message.empty());

  auto module = Module::compile(store, readWasm("memory"));
  ASSERT_TRUE(module);
  Linker linker(store);
  auto instance = linker.instantiate(*module);
  ASSERT_TRUE(instance);
  Memory memory = instance->memory("memory");
  ASSERT_TRUE(memory);
  EXPECT_EQ(memory.pages(), 2u);
  EXPECT_EQ(memory.data()[0x1001], 2);
  EXPECT_FALSE(memory.grow(1));  // the engine caps memories at 2 pages
  memory.data()[7] = 9;
  EXPECT_EQ(instance->func<int32_t(int32_t)>("load")(7).value(), 9);

  // Unknown imports are errors, not traps.
  auto hello = Module::compile(store, readWasm("hello"));
  ASSERT_TRUE(hello);
  auto missing = linker.instantiate(*hello);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("unknown import"), std::string::npos);
}

}  // namespace
