// The 128-bit multiply helper run as one instruction
// (runtime/interp/wide_multiply.h, tests/interp/wat/wide_multiply.wat):
// which bodies are recognized, and that every helper computes, stores and
// traps the same on the interpreter (recognized or not) as on the JIT.
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <sstream>

#include "runtime/interp/code.h"
#include "tests/runtime/runtime_test_util.h"

namespace ember {
namespace {

constexpr bool kRecognized = EMBER_INTERP_SUPERINSTRUCTIONS;
const char* const kHelpers[] = {"mul128", "mul128_swapped", "mul128_regrouped", "low_first", "shift31",
                                "doubling"};

Config engineConfig(EngineKind kind) {
  Config config;
  config.engine = kind;
  return config;
}

std::string listing(const CompiledModule& module, const std::string& name) {
  const Module& m = module.module();
  for (const Export& e : m.exports)
    if (e.name == name) return interp::disassemble(module.interpCode()->functions[e.index - m.importedFuncCount]);
  ADD_FAILURE() << "no export " << name;
  return {};
}

TEST(WideMultiply, HelperBodiesBecomeOneInstruction) {
  test::Harness h(engineConfig(EngineKind::Interpreter));
  auto module = h.compile("wide_multiply");
  ASSERT_TRUE(module);
  for (const char* name : kHelpers) {
    SCOPED_TRACE(name);
    std::string code = listing(*module, name);
    bool product = std::string(name).starts_with("mul128");
    EXPECT_EQ(code.find("I128MulStore") != std::string::npos, kRecognized && product) << code;
    if (kRecognized && product) {
      EXPECT_EQ(code, "0: I128MulStore 0 0 1 2 3 4\n7: Return0\n");
    }
  }
  // Inlined into its caller like any small function's code; the add of
  // the address just computed goes into it ($sp is slot 0, $x 1, zero 2).
  EXPECT_EQ(listing(*module, "square_halves").find("I128MulStore") != std::string::npos, kRecognized);
  EXPECT_EQ(listing(*module, "square_high").find("I128MulStore 0 16 1 2 1 2") != std::string::npos,
            kRecognized)
      << listing(*module, "square_high");
}

struct U128 {
  uint64_t lo, hi;
};

U128 product(U128 a, U128 b) {
  __extension__ using Wide = unsigned __int128;
  Wide p = ((Wide(a.hi) << 64) | a.lo) * ((Wide(b.hi) << 64) | b.lo);
  return {static_cast<uint64_t>(p), static_cast<uint64_t>(p >> 64)};
}

void callHelper(test::Harness& h, Instance* inst, const char* name, uint32_t out, U128 a, U128 b) {
  auto r = h.call(inst, name, {test::i32(out), test::i64(a.lo), test::i64(a.hi), test::i64(b.lo),
                               test::i64(b.hi)});
  EXPECT_TRUE(r) << r.error().message();
}

U128 stored(Instance* inst, uint32_t out) {
  U128 v;
  std::memcpy(&v.lo, inst->memory(0)->data() + out, 8);
  std::memcpy(&v.hi, inst->memory(0)->data() + out + 8, 8);
  return v;
}

const U128 kOperands[] = {{0, 0},
                          {1, 0},
                          {~0ull, 0},
                          {~0ull, ~0ull},
                          {0xFFFFFFFFull, 0},
                          {0x100000000ull, 1},
                          {0x8000000000000000ull, 0x8000000000000000ull},
                          {0x0123456789ABCDEFull, 0xFEDCBA9876543210ull},
                          {0xDEADBEEFCAFEF00Dull, 0x5555AAAA5555AAAAull}};

TEST(WideMultiply, HelpersComputeWhatTheJitDoes) {
  std::vector<EngineKind> engines = test::builtEngines();
  std::vector<std::unique_ptr<test::Harness>> harnesses;
  std::vector<Instance*> instances;
  for (EngineKind kind : engines) {
    harnesses.push_back(std::make_unique<test::Harness>(engineConfig(kind)));
    instances.push_back(harnesses.back()->load("wide_multiply"));
    ASSERT_TRUE(instances.back());
  }
  for (const char* name : kHelpers) {
    for (U128 a : kOperands) {
      for (U128 b : kOperands) {
        SCOPED_TRACE(testing::Message() << name << " " << std::hex << a.hi << ":" << a.lo << " * "
                                        << b.hi << ":" << b.lo);
        std::vector<U128> results;
        for (size_t e = 0; e < engines.size(); ++e) {
          callHelper(*harnesses[e], instances[e], name, 96, a, b);
          results.push_back(stored(instances[e], 96));
        }
        bool isProduct = std::string(name) != "shift31" && std::string(name) != "doubling";
        if (isProduct) {
          EXPECT_EQ(results[0].lo, product(a, b).lo);
          EXPECT_EQ(results[0].hi, product(a, b).hi);
        }
        for (const U128& r : results) {
          EXPECT_EQ(r.lo, results[0].lo);
          EXPECT_EQ(r.hi, results[0].hi);
        }
      }
    }
  }
  for (EngineKind kind : engines) {
    test::Harness h(engineConfig(kind));
    Instance* inst = h.load("wide_multiply");
    uint64_t x = 0xFEDCBA9876543210ull;
    U128 square = product({x, 0}, {x, 0});
    EXPECT_EQ(h.one(inst, "square_halves", {test::i64(x)}).i64, square.lo ^ square.hi);
    EXPECT_EQ(h.one(inst, "square_high", {test::i32(1000), test::i64(x)}).i64, square.hi);
    // $sp + 16 wraps to 8.
    EXPECT_EQ(h.one(inst, "square_high", {test::i32(0xFFFFFFF8u), test::i64(x)}).i64, square.hi);
    EXPECT_EQ(h.trap(inst, "square_high", {test::i32(65536 - 24), test::i64(x)}),
              TrapCode::MemoryOutOfBounds);
  }
}

// The high half is stored first, at the higher address: a helper that
// traps has stored nothing. Stored low half first, it has stored that.
TEST(WideMultiply, TrapsLikeTheStoresItReplaces) {
  for (EngineKind kind : test::builtEngines()) {
    SCOPED_TRACE(test::engineName(kind));
    test::Harness h(engineConfig(kind));
    Instance* inst = h.load("wide_multiply");
    ASSERT_TRUE(inst);
    uint8_t* memory = inst->memory(0)->data();
    const uint32_t size = 65536;
    const uint64_t kLowHalf = 15;  // 3 * 5
    for (const char* name : {"mul128", "mul128_swapped", "mul128_regrouped", "low_first"}) {
      SCOPED_TRACE(name);
      for (uint32_t out : {size - 15, size - 8, size - 1, 0xFFFFFFF8u}) {
        SCOPED_TRACE(out);
        std::memset(memory + size - 16, 0xAA, 16);
        EXPECT_EQ(h.trap(inst, name, {test::i32(out), test::i64(3), test::i64(0), test::i64(5),
                                      test::i64(0)}),
                  TrapCode::MemoryOutOfBounds);
        // Only low_first, whose low half fits below the end, stores it.
        bool lowStored = std::string(name) == "low_first" && out <= size - 8;
        uint8_t expected[16];
        std::memset(expected, 0xAA, 16);
        if (lowStored) std::memcpy(expected + (out - (size - 16)), &kLowHalf, 8);
        EXPECT_EQ(std::memcmp(memory + size - 16, expected, 16), 0);
      }
      callHelper(h, inst, name, size - 16, {3, 0}, {5, 0});
      EXPECT_EQ(stored(inst, size - 16).lo, 15u);
    }
  }
}

}  // namespace
}  // namespace ember
