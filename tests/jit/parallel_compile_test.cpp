// Parallel compilation (jit/module_compiler.cpp): the parts compiled on
// several threads join into exactly the bytes, trap table, function
// ranges and pc -> wasm offset map of one pass, and an invalid module gets one pass's error. Built
// once per JIT target, compile only, so AArch64's `bl` patching is checked
// on any host.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "jit/module_compiler.h"
#include "runtime/format/decoder.h"
#include "runtime/format/module_validator.h"

namespace ember {
namespace {

namespace fs = std::filesystem;

std::vector<uint8_t> readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// wat text -> wasm through wabt; `check` false keeps invalid modules.
std::vector<uint8_t> watToWasm(const std::string& wat, bool check = true) {
  fs::path dir = fs::temp_directory_path() /
                 ("ember_parallel_" + std::to_string(::getpid()) + "_" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
  fs::create_directories(dir);
  std::ofstream(dir / "m.wat") << wat;
  std::string cmd = std::string(EMBER_WAT2WASM) + (check ? "" : " --no-check") + " " +
                    (dir / "m.wat").string() + " -o " + (dir / "m.wasm").string();
  if (std::system(cmd.c_str()) != 0) {
    ADD_FAILURE() << "wat2wasm failed:\n" << wat;
    return {};
  }
  auto bytes = readFile(dir / "m.wasm");
  fs::remove_all(dir);
  return bytes;
}

// Runs `work` on `count` std::threads (the test's stand-in for the
// runtime's threading layer).
void runOnStdThreads(uint32_t count, void (*work)(void*), void* context) {
  std::vector<std::thread> helpers;
  for (uint32_t i = 1; i < count; i++) helpers.emplace_back(work, context);
  work(context);
  for (auto& t : helpers) t.join();
}

JitOptions parallelOptions(uint32_t threads, uint32_t partBytes) {
  JitOptions options;
  options.threads = threads;
  options.runWorkers = runOnStdThreads;
  options.minPartBodyBytes = partBytes;
  return options;
}

Result<CompiledCode> compile(const std::vector<uint8_t>& wasm, const JitOptions& options,
                             Module& keep) {
  auto m = decodeModule(wasm);
  if (!m) return m.takeError();
  keep = std::move(m.value());
  if (auto v = validateModule(keep); !v) return v.takeError();
  return compileModule(keep, options);
}

void expectSameCode(const CompiledCode& serial, const CompiledCode& parallel) {
  ASSERT_EQ(serial.text().size(), parallel.text().size());
  EXPECT_TRUE(std::equal(serial.text().begin(), serial.text().end(), parallel.text().begin()))
      << "machine code differs";
  ASSERT_EQ(serial.trapSites.size(), parallel.trapSites.size());
  for (size_t i = 0; i < serial.trapSites.size(); i++) {
    EXPECT_EQ(serial.trapSites[i].codeOffset, parallel.trapSites[i].codeOffset) << i;
    EXPECT_EQ(serial.trapSites[i].code, parallel.trapSites[i].code) << i;
  }
  ASSERT_EQ(serial.functions.size(), parallel.functions.size());
  for (size_t i = 0; i < serial.functions.size(); i++) {
    EXPECT_EQ(serial.functions[i].funcIndex, parallel.functions[i].funcIndex) << i;
    EXPECT_EQ(serial.functions[i].begin, parallel.functions[i].begin) << i;
    EXPECT_EQ(serial.functions[i].end, parallel.functions[i].end) << i;
    EXPECT_EQ(serial.functions[i].bodyOffset, parallel.functions[i].bodyOffset) << i;
    EXPECT_EQ(serial.functions[i].bodySize, parallel.functions[i].bodySize) << i;
    EXPECT_EQ(serial.functions[i].offsetsBegin, parallel.functions[i].offsetsBegin) << i;
    EXPECT_EQ(serial.functions[i].offsetsSize, parallel.functions[i].offsetsSize) << i;
  }
  EXPECT_TRUE(serial.wasmOffsets == parallel.wasmOffsets) << "offset map differs";
  ASSERT_EQ(serial.dataRanges.size(), parallel.dataRanges.size());
  for (size_t i = 0; i < serial.dataRanges.size(); i++) {
    EXPECT_EQ(serial.dataRanges[i].begin, parallel.dataRanges[i].begin) << i;
    EXPECT_EQ(serial.dataRanges[i].end, parallel.dataRanges[i].end) << i;
  }
  // Every trap site of a function body maps to the same operator offset
  // through the joined map (its runs read from their rebased starts).
  for (const TrapSite& t : serial.trapSites) {
    EXPECT_EQ(serial.findWasmOffset(t.codeOffset), parallel.findWasmOffset(t.codeOffset))
        << t.codeOffset;
  }
  EXPECT_TRUE(parallel.pendingCalls.empty());
}

// The modules compared here have calls and trap sites, so an empty map
// would make the comparison above vacuous.
size_t mappedTrapSites(const CompiledCode& code) {
  size_t n = 0;
  for (const TrapSite& t : code.trapSites) n += code.findWasmOffset(t.codeOffset).has_value();
  return n;
}

// Many functions of varied sizes calling each other forwards and
// backwards (calls across parts), with traps, loops, br_table and an
// import (whose calls are not PC-relative).
std::string callingModule(int count) {
  std::string wat = "(module (import \"env\" \"f\" (func $imp (param i32) (result i32)))\n"
                    "(memory 1) (table 4 funcref)\n";
  for (int i = 0; i < count; i++) {
    std::string body;
    for (int k = 0; k < i % 7; k++) body += "(local.set 0 (i32.add (local.get 0) (i32.const 3)))\n";
    std::string next = "$f" + std::to_string((i * 5 + 3) % count);
    std::string prev = "$f" + std::to_string(i / 2);
    wat += "(func $f" + std::to_string(i) + " (export \"f" + std::to_string(i) +
           "\") (param i32) (result i32)\n" + body +
           "(if (i32.gt_u (local.get 0) (i32.const 1000)) (then (return (local.get 0))))\n"
           "(block (block (block (br_table 0 1 2 (i32.and (local.get 0) (i32.const 3))))\n"
           "  (local.set 0 (call " + next + " (i32.add (local.get 0) (i32.const 100)))))\n"
           "  (local.set 0 (call " + prev + " (i32.add (local.get 0) (i32.const 200)))))\n"
           "(drop (i32.div_s (local.get 0) (i32.load (local.get 0))))\n"
           "(loop (br_if 0 (i32.eqz (i32.const 1))))\n"
           "(call $imp (local.get 0)))\n";
  }
  return wat + ")";
}

TEST(ParallelCompile, SameCodeAsOnePassAtEveryPartSize) {
  auto wasm = watToWasm(callingModule(60));
  ASSERT_FALSE(wasm.empty());
  Module m1, m2;
  auto serial = compile(wasm, JitOptions{}, m1);
  ASSERT_TRUE(serial) << serial.error().message();
  ASSERT_FALSE(serial->wasmOffsets.empty());
  EXPECT_GT(mappedTrapSites(*serial), 60u);
  for (uint32_t partBytes : {1u, 50u, 300u, 1000u}) {
    for (uint32_t threads : {2u, 3u, 8u}) {
      auto parallel = compile(wasm, parallelOptions(threads, partBytes), m2);
      ASSERT_TRUE(parallel) << parallel.error().message();
      SCOPED_TRACE("part bytes " + std::to_string(partBytes) + ", threads " +
                   std::to_string(threads));
      expectSameCode(*serial, *parallel);
    }
  }
}

// The runtime hands the compiler the platform's prefault hint: each part
// (one pass is one part) hands it the first 1.75 bytes per body byte of its
// code buffer, then the pages ahead of its tables as they fill, all on
// memory it then writes, and the code is the same as without it.
std::atomic<uint32_t> prefaultCalls{0};
std::atomic<uint64_t> prefaultBytes{0};
std::atomic<uint64_t> largestPrefault{0};
void countPrefault(void* addr, size_t size) {
  EXPECT_NE(addr, nullptr);
  prefaultCalls++;
  prefaultBytes += size;
  uint64_t largest = largestPrefault;
  while (size > largest && !largestPrefault.compare_exchange_weak(largest, size)) {
  }
}

TEST(ParallelCompile, EachPartPrefaultsItsCodeAndTablesAndTheCodeIsTheSame) {
  auto wasm = watToWasm(callingModule(60));
  ASSERT_FALSE(wasm.empty());
  Module m1, m2;
  auto plain = compile(wasm, JitOptions{}, m1);
  ASSERT_TRUE(plain) << plain.error().message();
  uint64_t bodyBytes = 0;
  for (const FunctionBody& body : m1.bodies) bodyBytes += body.end - body.offset;
  uint32_t onePassCalls = 0;
  for (uint32_t threads : {1u, 2u}) {
    JitOptions options = parallelOptions(threads, 300);
    options.prefault = countPrefault;
    prefaultCalls = 0;
    prefaultBytes = 0;
    largestPrefault = 0;
    auto hinted = compile(wasm, options, m2);
    ASSERT_TRUE(hinted) << hinted.error().message();
    expectSameCode(*plain, *hinted);
    if (threads == 1) {
      // The code buffer's, then the trap-site, offset-map and function
      // tables' first chunks; a module this small needs no second one.
      EXPECT_EQ(prefaultCalls, 4u);
      EXPECT_GT(largestPrefault, bodyBytes);  // the code: 1.75 bytes per body byte
      EXPECT_LE(largestPrefault, bodyBytes * 2);
      onePassCalls = prefaultCalls;
    } else {
      EXPECT_GT(prefaultCalls, onePassCalls);  // a code buffer and tables each
      EXPECT_LE(largestPrefault, bodyBytes * 2);
    }
  }
}

// v128 constants (an AArch64 function loads the ones without a short form
// from data in its code) in every function, and the SSE4.1-only x86-64
// paths: each part's masm gets the options one pass has.
TEST(ParallelCompile, SimdConstantsAndBaselineFeaturesSameCodeAsOnePass) {
  std::string wat = "(module (memory 1)\n";
  for (int i = 0; i < 12; i++) {
    wat += "(func (export \"s" + std::to_string(i) + "\") (param i32) (result v128)\n"
           "(i32x4.add (v128.const i32x4 0x01234567 0x89abcdef 0x0badf00d 0x7eadbeef)\n"
           "  (i32x4.mul (v128.load (local.get 0))\n"
           "    (v128.const i32x4 0x11111113 0x22222225 " + std::to_string(1000 + i) +
           " 0x44444447))))\n";
  }
  auto wasm = watToWasm(wat + ")");
  ASSERT_FALSE(wasm.empty());
  for (bool baseline : {false, true}) {
    SCOPED_TRACE(baseline ? "sse4.1 baseline" : "host features");
    JitOptions one;
    one.baselineCpuFeatures = baseline;
    Module m1, m2;
    auto serial = compile(wasm, one, m1);
    ASSERT_TRUE(serial) << serial.error().message();
    EXPECT_GT(mappedTrapSites(*serial), 0u);
    JitOptions parts = parallelOptions(2, 1);
    parts.baselineCpuFeatures = baseline;
    auto parallel = compile(wasm, parts, m2);
    ASSERT_TRUE(parallel) << parallel.error().message();
    expectSameCode(*serial, *parallel);
  }
}

// The same options but no thread runner, or one thread: one pass.
TEST(ParallelCompile, OneThreadOrNoRunnerIsOnePass) {
  auto wasm = watToWasm(callingModule(10));
  Module m1, m2, m3;
  auto serial = compile(wasm, JitOptions{}, m1);
  JitOptions noRunner = parallelOptions(4, 1);
  noRunner.runWorkers = nullptr;
  auto a = compile(wasm, noRunner, m2);
  auto b = compile(wasm, parallelOptions(1, 1), m3);
  ASSERT_TRUE(serial && a && b);
  expectSameCode(*serial, *a);
  expectSameCode(*serial, *b);
}

// A CodeDestination (how the runtime has the code written straight into its
// code region) receives the same bytes, in one pass and joined from parts;
// CompiledCode::bytes stays empty. One that has no memory fails the compile.
struct TestDestination {
  std::vector<uint8_t> memory;
  int calls = 0;
  bool refuse = false;
  static uint8_t* allocate(void* self, size_t size) {
    auto* d = static_cast<TestDestination*>(self);
    d->calls++;
    if (d->refuse) return nullptr;
    d->memory.assign(size + 64, 0xCC);  // more than asked: only `size` is written
    return d->memory.data();
  }
};

TEST(ParallelCompile, CodeGoesToTheDestinationWhole) {
  auto wasm = watToWasm(callingModule(40));
  Module m1, m2, m3;
  auto serial = compile(wasm, JitOptions{}, m1);
  ASSERT_TRUE(serial) << serial.error().message();
  ASSERT_FALSE(serial->bytes.empty());
  for (uint32_t threads : {1u, 3u}) {
    SCOPED_TRACE("threads " + std::to_string(threads));
    TestDestination destination;
    JitOptions options = parallelOptions(threads, 200);
    options.destination = {&destination, &TestDestination::allocate};
    auto placed = compile(wasm, options, m2);
    ASSERT_TRUE(placed) << placed.error().message();
    EXPECT_EQ(destination.calls, 1);
    EXPECT_TRUE(placed->bytes.empty());
    EXPECT_EQ(placed->placed.data(), destination.memory.data());
    expectSameCode(*serial, *placed);
    EXPECT_EQ(destination.memory[placed->placed.size()], 0xCC) << "wrote past the code";

    destination.refuse = true;
    auto refused = compile(wasm, options, m3);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind(), ErrorKind::Resource);
    EXPECT_NE(refused.error().message().find("no memory for the compiled code"), std::string::npos)
        << refused.error().message();
  }
}

// A destination that reserves memory up front has one pass emit into it:
// no copy, `allocate` never called. Code that outgrows the reservation is
// compiled again into `allocate`'s memory, with the same bytes; a part of
// a parallel compile never emits in place.
struct ReservingDestination {
  std::vector<uint8_t> reserved, allocated;
  size_t capacityLimit = SIZE_MAX;  // give at most this much
  size_t askedCapacity = 0;
  int reserves = 0, allocates = 0;
  size_t likelyUsed = 0;
  static uint8_t* reserve(void* self, size_t* capacity, size_t likelyUsed) {
    auto* d = static_cast<ReservingDestination*>(self);
    d->reserves++;
    d->askedCapacity = *capacity;
    d->likelyUsed = likelyUsed;
    *capacity = std::min(*capacity, d->capacityLimit);
    d->reserved.assign(*capacity + 1, 0xCC);  // and a byte no write may reach
    return d->reserved.data();
  }
  static uint8_t* allocate(void* self, size_t size) {
    auto* d = static_cast<ReservingDestination*>(self);
    d->allocates++;
    d->allocated.assign(size, 0xCC);
    return d->allocated.data();
  }
  // One pass over `wasm` with this destination.
  Result<CompiledCode> compileOnePass(const std::vector<uint8_t>& wasm, Module& m) {
    JitOptions options;
    options.destination = {this, &ReservingDestination::allocate, &ReservingDestination::reserve};
    return compile(wasm, options, m);
  }
};

TEST(ParallelCompile, OnePassEmitsIntoReservedMemory) {
  auto wasm = watToWasm(callingModule(40));
  Module m1, m2;
  auto serial = compile(wasm, JitOptions{}, m1);
  ASSERT_TRUE(serial) << serial.error().message();
  ReservingDestination d;
  auto placed = d.compileOnePass(wasm, m2);
  ASSERT_TRUE(placed) << placed.error().message();
  EXPECT_EQ(d.reserves, 1);
  EXPECT_EQ(d.allocates, 0);
  EXPECT_EQ(placed->placed.data(), d.reserved.data());
  EXPECT_GE(d.askedCapacity, 16 * placed->placed.size()) << "room for far larger code";
  EXPECT_GT(d.likelyUsed, 0u);
  EXPECT_LT(d.likelyUsed, d.askedCapacity) << "a hint for the start, not the whole room";
  EXPECT_EQ(d.reserved[placed->placed.size()], 0xCC) << "wrote past the code";
  expectSameCode(*serial, *placed);
}

TEST(ParallelCompile, CodeThatOutgrowsTheReservationIsCompiledAgain) {
  auto wasm = watToWasm(callingModule(40));
  Module m1, m2, m3;
  auto serial = compile(wasm, JitOptions{}, m1);
  ASSERT_TRUE(serial) << serial.error().message();
  ASSERT_GT(serial->bytes.size(), 1000u);
  // Out of room at once, at points all through the code (prologues, jump
  // tables, trap stubs), and at the very last byte; the ASan build checks
  // that nothing is written past the room either.
  std::vector<size_t> limits{0, serial->bytes.size() - 1};
  for (size_t i = 1; i < 40; i++) limits.push_back(serial->bytes.size() * i / 40 + i % 7);
  for (size_t limit : limits) {
    SCOPED_TRACE("reserved " + std::to_string(limit));
    ReservingDestination d;
    d.capacityLimit = limit;
    auto placed = d.compileOnePass(wasm, m2);
    ASSERT_TRUE(placed) << placed.error().message();
    EXPECT_EQ(d.reserves, 1);
    EXPECT_EQ(d.allocates, 1);
    EXPECT_EQ(placed->placed.data(), d.allocated.data());
    EXPECT_EQ(d.reserved[limit], 0xCC) << "wrote past the reservation";
    expectSameCode(*serial, *placed);
  }
  ReservingDestination parts;
  JitOptions options = parallelOptions(3, 200);
  options.destination = {&parts, &ReservingDestination::allocate, &ReservingDestination::reserve};
  auto joined = compile(wasm, options, m3);
  ASSERT_TRUE(joined) << joined.error().message();
  EXPECT_EQ(parts.reserves, 0);
  EXPECT_EQ(parts.allocates, 1);
  expectSameCode(*serial, *joined);
}

// Validation errors: the lowest invalid function's, with one pass's text,
// whichever thread gets to which part first.
TEST(ParallelCompile, ErrorOfTheLowestInvalidFunction) {
  std::string wat = "(module\n";
  for (int i = 0; i < 40; i++) {
    bool invalid = i == 17 || i == 31;
    wat += "(func $f" + std::to_string(i) + " (result i32) " +
           (invalid ? "(i64.const " + std::to_string(i) + ")" : "(call $f" + std::to_string((i + 1) % 40) + ")") +
           ")\n";
  }
  auto wasm = watToWasm(wat + ")", false);
  ASSERT_FALSE(wasm.empty());
  Module m1, m2;
  auto serial = compile(wasm, JitOptions{}, m1);
  ASSERT_FALSE(serial);
  EXPECT_NE(serial.error().message().find("17"), std::string::npos) << serial.error().message();
  for (int round = 0; round < 20; round++) {
    auto parallel = compile(wasm, parallelOptions(2 + round % 4, 1), m2);
    ASSERT_FALSE(parallel);
    EXPECT_EQ(serial.error().message(), parallel.error().message());
    EXPECT_EQ(serial.error().kind(), parallel.error().kind());
  }
}

// Real programs, when the benchmark corpus is there.
TEST(ParallelCompile, BenchmarkProgramsSameCodeAsOnePass) {
  const char* env = std::getenv("EMBER_BENCH_DIR");
  fs::path corpus = fs::path(env && *env ? env : EMBER_BENCH_DIR_DEFAULT) / "sightglass";
  const char* programs[] = {"sqlite3/sqlite3.wasm", "regex/benchmark.wasm",
                            "blind-sig/benchmark.wasm", "richards/benchmark.wasm"};
  int compared = 0;
  for (const char* p : programs) {
    if (!fs::exists(corpus / p)) continue;
    auto wasm = readFile(corpus / p);
    Module m1, m2, m3;
    auto serial = compile(wasm, JitOptions{}, m1);
    ASSERT_TRUE(serial) << p << ": " << serial.error().message();
    EXPECT_GT(mappedTrapSites(*serial), 0u) << p;
    auto parallel = compile(wasm, parallelOptions(3, 4096), m2);
    ASSERT_TRUE(parallel) << p << ": " << parallel.error().message();
    SCOPED_TRACE(p);
    expectSameCode(*serial, *parallel);
    auto defaults = compile(wasm, parallelOptions(2, JitOptions{}.minPartBodyBytes), m3);
    ASSERT_TRUE(defaults);
    expectSameCode(*serial, *defaults);
    compared++;
  }
  if (compared == 0) GTEST_SKIP() << "benchmark corpus not found at " << corpus;
}

}  // namespace
}  // namespace ember
