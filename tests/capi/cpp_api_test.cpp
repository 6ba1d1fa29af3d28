// The C++ API (include/ember/ember.hpp): typed host functions through the
// linker, typed calls with results or traps, memory access, errors.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <thread>
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
  // The trap's frames: `boom` itself, innermost.
  ASSERT_FALSE(trap.error().frames.empty());
  EXPECT_EQ(trap.error().frames[0].funcIndex, 4u);
}

// Config::compileThreads: the JIT's code, and so the artifact, is the same
// whatever the number of threads.
TEST(CppApi, CompileThreadsDoNotChangeTheCode) {
  std::vector<uint8_t> artifacts[2];
  const uint32_t threads[2] = {1, 3};
  for (int i = 0; i < 2; i++) {
    Config config;
    config.engine = EngineKind::Jit;
    config.compileThreads = threads[i];
    Engine engine(config);
    Store store(engine);
    auto module = Module::compile(store, readWasm("fib"));
    ASSERT_TRUE(module) << module.error().message;
    auto bytes = module->serialize();
    ASSERT_TRUE(bytes) << bytes.error().message;
    artifacts[i] = *bytes;
  }
  EXPECT_FALSE(artifacts[0].empty());
  EXPECT_EQ(artifacts[0], artifacts[1]);
}

// Epochs and fuel (ember.h "Interruption") through Config, Engine and Store.
TEST(CppApi, EpochAndFuelInterruption) {
  for (EngineKind kind : {EngineKind::Interpreter, EngineKind::Jit}) {
    Config config;
    config.engine = kind;
    config.epochInterruption = true;
    config.consumeFuel = true;
    Engine engine(config);
    Store store(engine);
    auto module = Module::compile(store, readWasm("interrupt"));
    if (!module && module.error().message.find("not available in this build") != std::string::npos)
      continue;  // an engine this build lacks
    ASSERT_TRUE(module) << module.error().message;
    Linker linker(store);
    auto instance = linker.instantiate(*module);
    ASSERT_TRUE(instance) << instance.error().message;
    auto spin = instance->func<void()>("spin");
    auto iterate = instance->func<int32_t(int32_t)>("iterate");
    ASSERT_TRUE(spin && iterate);

    ASSERT_TRUE(store.setFuel(uint64_t{1} << 62));
    store.setEpochDeadline(1);
    std::thread watchdog([&engine] {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      engine.incrementEpoch();
    });
    Result<void> interrupted = spin();
    watchdog.join();
    ASSERT_FALSE(interrupted);
    EXPECT_EQ(interrupted.error().message, "interrupted");
    EXPECT_EQ(interrupted.error().trapCode, EMBER_TRAP_INTERRUPTED);

    store.setEpochDeadline(1);
    ASSERT_TRUE(store.setFuel(50));
    ASSERT_TRUE(iterate(10));  // 1 entry + 10 iterations
    EXPECT_EQ(store.fuel().value(), 39u);
    Result<void> empty = spin();
    ASSERT_FALSE(empty);
    EXPECT_EQ(empty.error().trapCode, EMBER_TRAP_OUT_OF_FUEL);
    EXPECT_EQ(store.fuel().value(), 0u);
  }
  Engine plain;
  Store store(plain);
  EXPECT_FALSE(store.setFuel(1));
  EXPECT_FALSE(store.fuel());
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

// WASI through the C++ API: argv, env, a preopen and a stdout file; the
// exit status of proc_exit; configuration errors as Results.
TEST(CppApi, WasiCommand) {
  char dir[] = "cpp_wasi_test.XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  std::string input = std::string(dir) + "/input.txt";
  std::string output = std::string(dir) + "/stdout.txt";
  std::ofstream(input) << "from the file\n";

  Engine engine;
  Store store(engine);
  auto module = Module::compile(store, readWasm("wasi_guest"));
  ASSERT_TRUE(module) << module.error().message;
  WasiConfig wasi;
  wasi.argv({"prog", "arg"}).env({{"A", "1"}, {"B", "two"}});
  EXPECT_FALSE(wasi.preopenDir("no-such-directory", "."));
  ASSERT_TRUE(wasi.preopenDir(dir, "."));
  ASSERT_TRUE(wasi.stdoutFile(output));
  Linker linker(store);
  ASSERT_TRUE(linker.defineWasi(std::move(wasi)));
  auto instance = linker.instantiate(*module);
  ASSERT_TRUE(instance) << instance.error().message;
  Result<int> status = runWasiCommand(*instance);
  ASSERT_TRUE(status) << status.error().message;
  EXPECT_EQ(*status, 7);

  std::ifstream in(output);
  std::string printed{std::istreambuf_iterator<char>(in), {}};
  EXPECT_EQ(printed, "prog\narg\nA=1\nB=two\nfrom the file\n");
  std::remove(input.c_str());
  std::remove(output.c_str());
  std::remove(dir);

  // A module that is not a WASI command.
  auto memoryModule = Module::compile(store, readWasm("memory"));
  ASSERT_TRUE(memoryModule);
  auto plain = linker.instantiate(*memoryModule);
  ASSERT_TRUE(plain);
  Result<int> notCommand = runWasiCommand(*plain);
  ASSERT_FALSE(notCommand);
  EXPECT_NE(notCommand.error().message.find("_start"), std::string::npos);
}

}  // namespace
