// Hostile class: compile time quadratic in the operand stack's depth
// (issue: a body pushing N values, then allocating registers, calling,
// opening blocks or setting locals, cost O(N^2) to compile; 100,000 values
// took seconds). Every per-operator cost must be independent of the depth,
// so compiling a body 4x as large takes about 4x as long. The test compares
// the CPU time of N and 4N (best of three each) on both engines: linear
// gives ~4x, the old quadratic cost 16x and more (N = 20,000 took seconds
// at 4N before). The same holds for br_tables in deep nesting. The bound is
// a ratio, not a wall-clock limit.
#include <gtest/gtest.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <ctime>
#include <functional>
#include <string>
#include <vector>

#include "runtime/ember_runtime.h"
#include "tests/engine_cases.h"
#include "tests/wasm_bytes.h"

namespace ember {
namespace {

using test::appendLeb;
using test::appendSection;
using test::Bytes;

void repeat(Bytes& out, std::initializer_list<uint8_t> ops, uint32_t times) {
  for (uint32_t i = 0; i < times; i++) out.insert(out.end(), ops);
}

using namespace test::wasm_byte;

// Function 0 is an empty callee; function 1 has two i32 locals and `body`.
Bytes moduleWithBody(const Bytes& body) {
  Bytes m = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  appendSection(m, 1, {1, 0x60, 0, 0});
  appendSection(m, 3, {2, 0, 0});
  Bytes code = {2, 2, 0, kEnd};  // count, then the callee: size 2, no locals, end
  Bytes fn = {1, 2, 0x7F};       // one run of two i32 locals
  fn.insert(fn.end(), body.begin(), body.end());
  fn.push_back(kEnd);
  appendLeb(code, static_cast<uint32_t>(fn.size()));
  code.insert(code.end(), fn.begin(), fn.end());
  appendSection(m, 10, code);
  return m;
}

struct Pattern {
  const char* name;
  std::function<Bytes(uint32_t)> body;
};

// The shapes of bench/pathological_bodies.py.
const Pattern kPatterns[] = {
    {"registers",
     [](uint32_t n) {
       Bytes b;
       repeat(b, {kLocalGet, 0, kI32Const, 1, kI32Add}, n);
       repeat(b, {kDrop}, n);
       return b;
     }},
    {"calls",
     [](uint32_t n) {
       Bytes b;
       repeat(b, {kLocalGet, 0}, n);
       repeat(b, {kCall, 0}, n);
       repeat(b, {kDrop}, n);
       return b;
     }},
    {"blocks",
     [](uint32_t n) {
       Bytes b;
       repeat(b, {kLocalGet, 0}, n);
       repeat(b, {kBlock, kEmptyType, kEnd}, n);
       repeat(b, {kDrop}, n);
       return b;
     }},
    {"local_set",
     [](uint32_t n) {
       Bytes b;
       repeat(b, {kLocalGet, 0}, n);
       for (uint32_t i = 0; i < n / 64; i++) {
         repeat(b, {kI32Const, 1, kLocalSet, 1}, 63);
         repeat(b, {kI32Const, 1, kLocalSet, 0}, 1);
       }
       repeat(b, {kDrop}, n);
       return b;
     }},
    {"br_table",
     [](uint32_t n) {
       Bytes b = {kBlock, kEmptyType, kLocalGet, 0, kBrTable};
       appendLeb(b, n);
       b.insert(b.end(), n + 1, 0);
       b.push_back(kEnd);
       return b;
     }},
    {"br_table_deep",
     [](uint32_t n) {
       Bytes b;
       repeat(b, {kBlock, kI32}, n / 4);
       b.insert(b.end(), {kI32Const, 0, kLocalGet, 0, kBrTable});
       appendLeb(b, n / 4);
       for (uint32_t d = 0; d < n / 4; d++) appendLeb(b, d);
       b.push_back(0);
       repeat(b, {kEnd}, n / 4);
       b.push_back(kDrop);
       return b;
     }},
    {"br_tables_nested",
     [](uint32_t n) {
       Bytes b;
       repeat(b, {kBlock, kEmptyType}, n / 8);
       repeat(b, {kLocalGet, 0, kIf, kEmptyType, kLocalGet, 0, kBrTable, 1, 0, 0, kEnd}, n / 8);
       repeat(b, {kEnd}, n / 8);
       return b;
     }},
    // A local the loop headers keep in a register (a non-merge one: four
    // values are live when it is set), read in the innermost of n/4 loops.
    {"loops_nested",
     [](uint32_t n) {
       Bytes b;
       repeat(b, {kLocalGet, 0, kI32Const, 1, kI32Add}, 5);
       b.insert(b.end(), {kLocalSet, 1});
       repeat(b, {kDrop}, 4);
       repeat(b, {kLoop, kEmptyType}, n / 4);
       repeat(b, {kLocalGet, 1, kLocalGet, 1, kI32Add, kDrop}, n / 4);
       repeat(b, {kEnd}, n / 4);
       return b;
     }},
#if EMBER_HAVE_SIMD
    // Distinct vector constants: the JIT keeps them in a pool per function
    // and shares a repeated one; AArch64 once searched every constant in
    // reach for each new one (40,000 took 3.8 s under qemu).
    {"v128_constants",
     [](uint32_t n) {
       Bytes b;
       for (uint32_t i = 0; i < n; i++) {
         b.insert(b.end(), {0xFD, 0x0C});  // v128.const
         for (int k = 0; k < 16; k++)
           b.push_back(static_cast<uint8_t>((i * 0x9E3779B9u) >> (k % 4 * 8)) ^ k);
         b.push_back(kDrop);
       }
       return b;
     }},
#endif
};

using test::EngineCase;
const std::vector<EngineCase> kEngines = test::engineCases();

// Best CPU time of three compilations, in seconds (one when it is slow
// already: a quadratic compiler should fail fast).
double compileSeconds(Engine& engine, const Bytes& wasm) {
  double best = 1e9;
  for (int i = 0; i < 3 && (i == 0 || best < 0.25); i++) {
    std::clock_t start = std::clock();
    auto compiled = compileModule(engine, wasm);
    std::clock_t end = std::clock();
    EXPECT_TRUE(compiled) << compiled.error().message();
    best = std::min(best, static_cast<double>(end - start) / CLOCKS_PER_SEC);
  }
  return best;
}

class CompileTime : public testing::TestWithParam<std::tuple<Pattern, EngineCase>> {
 protected:
  // A page touched for the first time costs ~10 us on some virtual
  // machines, and whether glibc gives a compile fresh pages or ones freed
  // before depends on its dynamic mmap and trim thresholds, that is on
  // what was allocated and freed earlier: first touches alone made the 4N
  // compile take 15x the N one. Keeping freed memory in the heap has the
  // best of three compiles measure the compiler.
  static void SetUpTestSuite() {
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 256 << 20);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
  }
};

TEST_P(CompileTime, GrowsLinearlyWithStackDepth) {
  const auto& [pattern, engineCase] = GetParam();
  Engine engine(engineCase.config());
  // Every pushed position owns an 8-byte frame slot. AArch64 runs under
  // qemu here, where a smaller N already gives measurable times.
#if defined(__aarch64__)
  constexpr uint32_t kN = 7000;
#else
  constexpr uint32_t kN = 20000;
#endif
  double small = compileSeconds(engine, moduleWithBody(pattern.body(kN)));
  double large = compileSeconds(engine, moduleWithBody(pattern.body(4 * kN)));
  // Clock granularity: below a millisecond the ratio says nothing.
  double ratio = large / std::max(small, 1e-3);
  EXPECT_LT(ratio, 10.0) << pattern.name << ": N " << small << " s, 4N " << large << " s";
}

std::string bodyCaseName(const testing::TestParamInfo<CompileTime::ParamType>& info) {
  return std::string(std::get<0>(info.param).name) + "_" + test::caseName(std::get<1>(info.param));
}

INSTANTIATE_TEST_SUITE_P(Bodies, CompileTime,
                         testing::Combine(testing::ValuesIn(kPatterns),
                                          testing::ValuesIn(kEngines)),
                         bodyCaseName);

// Compile memory for one huge br_table is a small constant per target (per
// input byte), on every engine. The JIT once kept an asmjit relocation entry
// per table entry: a million targets (1 MB of body) then peaked at 127 MB.
// Each size compiles in a forked child whose peak RSS wait4 reports; the
// growth from 250,000 to 1,000,000 targets must stay under 48 bytes a
// target (about 30 are used: the code twice at 8 bytes an entry, and a
// label id per target). The difference cancels what the child inherits (and
// an emulator's own memory).
long childPeakKiB(const EngineCase& e, const Bytes& wasm) {
  pid_t child = fork();
  if (child < 0) return -1;
  if (child == 0) {
    Engine engine(e.config());
    _exit(compileModule(engine, wasm) ? 0 : 1);
  }
  int status = 0;
  rusage usage{};
  if (wait4(child, &status, 0, &usage) != child || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return -1;
  return usage.ru_maxrss;
}

// On every engine: compiling module(large) peaks less than `bytesPerUnit`
// a unit above module(small).
void expectPeakGrowthBelow(long bytesPerUnit, const char* units, uint32_t small, uint32_t large,
                           const std::function<Bytes(uint32_t)>& module) {
  const Bytes smallModule = module(small), largeModule = module(large);
  for (const EngineCase& e : kEngines) {
    long smallKiB = childPeakKiB(e, smallModule), largeKiB = childPeakKiB(e, largeModule);
    ASSERT_GT(smallKiB, 0) << test::caseName(e) << ": compile failed";
    ASSERT_GT(largeKiB, 0) << test::caseName(e) << ": compile failed";
    EXPECT_LT(largeKiB - smallKiB, long{large - small} * bytesPerUnit / 1024)
        << test::caseName(e) << ": " << smallKiB << " KiB at " << small << " " << units << ", "
        << largeKiB << " KiB at " << large;
  }
}

// Peak RSS is only meaningful natively and without a sanitizer.
class CompileMemory : public testing::Test {
 protected:
  void SetUp() override {
#if defined(__SANITIZE_ADDRESS__)
    GTEST_SKIP() << "AddressSanitizer's shadow memory makes peak RSS meaningless";
#endif
#if EMBER_TEST_UNDER_EMULATION
    GTEST_SKIP() << "under qemu-user the child's RSS is mostly the emulator's";
#endif
  }
};

TEST_F(CompileMemory, AHugeBrTableCostsASmallConstantPerTarget) {
  expectPeakGrowthBelow(48, "targets", 250000, 1000000,
                        [](uint32_t n) { return moduleWithBody(kPatterns[4].body(n)); });
}

// Blocks nested N deep cost each engine a control frame (and the JIT a
// label) per level while open. The frames stay where they are
// (runtime/format/chunked_stack.h): a doubling vector held up to three
// times its frames as it moved them, and 2.5 million levels (7.6 MB of
// module) peaked at 1.2 GB on the JIT. Measured from 2^18 to 2^20 levels,
// the sizes where a doubling vector has just moved: about 235 bytes a
// level on the JIT now (445 before), 75 on the interpreter.
TEST_F(CompileMemory, DeepNestingCostsAFrameALevel) {
  expectPeakGrowthBelow(300, "levels", 1u << 18, 1u << 20, [](uint32_t levels) {
    Bytes body;
    repeat(body, {kBlock, kEmptyType}, levels);
    repeat(body, {kEnd}, levels);
    return moduleWithBody(body);
  });
}

}  // namespace
}  // namespace ember
