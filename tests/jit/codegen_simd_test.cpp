// Every SIMD operator without immediates, compiled by the JIT (on both
// x86-64 CPU-feature paths: what this CPU has, and SSE4.1 only) and run on
// lane patterns chosen to hit the edges of the lowering sequences (NaNs,
// signed zeros, infinities, the integer extremes, the conversion bounds,
// shift counts past the lane width), compared bit for bit with the
// reference semantics of runtime/interp/simd.h. The reference is built
// from the interpreter's own operator table (runtime/interp/simd_ops.def),
// so every row there is covered here.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "runtime/format/opcodes.h"
#include "runtime/interp/simd.h"
#include "tests/jit/codegen_harness.h"

// The reference is built in the interpreter's namespace, so the rows'
// expressions see its helpers (and not, say, std::fmin).
namespace ember::interp::simd {

enum class TestShape { Unary, Binary, Ternary, Test, Shift };

struct TestCase {
  Opcode op;
  TestShape shape;
  V128 (*reference)(const V128& a, const V128& b, uint64_t s);
  uint32_t (*test)(const V128& a);
  V128 (*reference3)(const V128& a, const V128& b, const V128& c) = nullptr;
};

inline std::vector<TestCase> referenceCases() {
  std::vector<TestCase> out;
#define EMBER_V1(Name, expr)                                                             \
  out.push_back({Opcode::Name, TestShape::Unary,                                         \
                 [](const V128& a, const V128&, uint64_t) -> V128 { return (expr); }, nullptr});
#define EMBER_V2(Name, expr)                                                               \
  out.push_back({Opcode::Name, TestShape::Binary,                                          \
                 [](const V128& a, const V128& b, uint64_t) -> V128 { return (expr); }, nullptr});
#define EMBER_V3(Name, expr)                                         \
  out.push_back({Opcode::Name, TestShape::Ternary, nullptr, nullptr, \
                 [](const V128& a, const V128& b, const V128& c) -> V128 { return (expr); }});
#define EMBER_VTEST(Name, expr)                                 \
  out.push_back({Opcode::Name, TestShape::Test, nullptr,        \
                 [](const V128& a) -> uint32_t { return uint32_t(expr); }});
#define EMBER_VSHIFT(Name, expr)                                                           \
  out.push_back({Opcode::Name, TestShape::Shift,                                           \
                 [](const V128& a, const V128&, uint64_t s) -> V128 { return (expr); }, nullptr});
#include "runtime/interp/simd_ops.def"
  return out;
}

}  // namespace ember::interp::simd

namespace ember::test {
namespace {

using interp::simd::V128;
using Shape = interp::simd::TestShape;
using SimdCase = interp::simd::TestCase;

std::vector<SimdCase> allCases() { return interp::simd::referenceCases(); }

V128 fromWords(uint64_t lo, uint64_t hi) {
  V128 v;
  std::memcpy(v.b, &lo, 8);
  std::memcpy(v.b + 8, &hi, 8);
  return v;
}
V128 fromF32(float a, float b, float c, float d) {
  V128 v;
  float f[4] = {a, b, c, d};
  std::memcpy(v.b, f, 16);
  return v;
}
V128 fromF64(double a, double b) {
  V128 v;
  double f[2] = {a, b};
  std::memcpy(v.b, f, 16);
  return v;
}
V128 fromU32(uint32_t a, uint32_t b, uint32_t c, uint32_t d) {
  V128 v;
  uint32_t u[4] = {a, b, c, d};
  std::memcpy(v.b, u, 16);
  return v;
}

// Lane patterns at the edges of the sequences, then random ones.
std::vector<V128> inputs() {
  constexpr float kInfF = std::numeric_limits<float>::infinity();
  constexpr double kInf = std::numeric_limits<double>::infinity();
  const float nanF = std::bit_cast<float>(0x7fc00000u);
  const float nanPayloadF = std::bit_cast<float>(0xffa12345u);  // quiet, negative, payload
  const float snanF = std::bit_cast<float>(0x7f800001u);
  const double nan = std::bit_cast<double>(0x7ff8000000000000ull);
  const double nanPayload = std::bit_cast<double>(0xfff8123456789abcull);
  std::vector<V128> v = {
      fromWords(0, 0),
      fromWords(~0ull, ~0ull),
      fromWords(0x8000000000000000ull, 0x7fffffffffffffffull),
      fromWords(0x7f7f7f7f80808080ull, 0x0001ff7f8001fffeull),
      fromWords(0x8000800080008000ull, 0x7fff7fff80017fffull),
      fromU32(0x80000000u, 0x7fffffffu, 0xffffffffu, 1),
      fromU32(0x0000ffffu, 0xffff0000u, 0x00010000u, 0x8000ffffu),
      fromF32(0.0f, -0.0f, 1.0f, -1.0f),
      fromF32(-0.0f, 0.0f, -1.0f, 1.0f),
      fromF32(nanF, 1.0f, nanPayloadF, -kInfF),
      fromF32(2.5f, nanF, 1.0f, snanF),
      fromF32(kInfF, -kInfF, 3.5f, -2.5f),
      fromF32(2147483648.0f, -2147483904.0f, 4294967296.0f, 4294967040.0f),
      fromF32(2147483520.0f, -2147483648.0f, 0.5f, -0.5f),
      fromF32(1e-45f, -1e-45f, 3.4028235e38f, -3.4028235e38f),
      fromF64(0.0, -0.0),
      fromF64(-0.0, 0.0),
      fromF64(nan, 1.0),
      fromF64(-2.0, nanPayload),
      fromF64(kInf, -kInf),
      fromF64(2147483647.0, -2147483648.0),
      fromF64(2147483648.0, -2147483649.0),
      fromF64(4294967295.0, 4294967296.0),
      fromF64(4294967295.5, -0.9),
      fromF64(1.5, -1.5),
      fromF64(2.5, 0.49999999999999994),
  };
  std::mt19937_64 rng(12345);
  for (int i = 0; i < 14; i++) v.push_back(fromWords(rng(), rng()));
  return v;
}

std::string hex(const V128& v) {
  std::string s = "0x";
  char buf[4];
  for (int i = 15; i >= 0; i--) {
    std::snprintf(buf, sizeof buf, "%02x", v.b[i]);
    s += buf;
  }
  return s;
}

// The float lane width of an operator's result (4 or 8 bytes), 0 for an
// integer or mask result.
int floatLaneBytes(const std::string& name) {
  bool f32 = name.starts_with("f32x4."), f64 = name.starts_with("f64x2.");
  if (!f32 && !f64) return 0;
  for (const char* cmp : {".eq", ".ne", ".lt", ".gt", ".le", ".ge"})
    if (name.ends_with(cmp)) return 0;
  return f32 ? 4 : 8;
}

// Spec 4.3.3: a float result that is a NaN may be any NaN (quiet, when an
// operand is not canonical); which operand's payload survives when both
// are NaNs depends even on how the C++ reference was compiled. So a float
// lane that is a NaN in the reference may be any quiet NaN, or the very
// same bits (pmin/pmax pass an operand through unchanged).
bool sameUpToNaNs(const V128& got, const V128& want, int laneBytes) {
  if (std::memcmp(got.b, want.b, 16) == 0) return true;
  if (laneBytes == 0) return false;
  for (int i = 0; i < 16; i += laneBytes) {
    uint64_t g = 0, w = 0;
    std::memcpy(&g, got.b + i, laneBytes);
    std::memcpy(&w, want.b + i, laneBytes);
    if (g == w) continue;
    bool f32 = laneBytes == 4;
    uint64_t exponent = f32 ? 0x7f800000u : 0x7ff0000000000000ull;
    uint64_t quiet = f32 ? 0x00400000u : 0x0008000000000000ull;
    uint64_t mantissa = f32 ? 0x007fffffu : 0x000fffffffffffffull;
    auto isNaN = [&](uint64_t x) { return (x & exponent) == exponent && (x & mantissa); };
    if (!isNaN(w) || !isNaN(g) || !(g & quiet)) return false;
  }
  return true;
}

// One module: a function per operator (and per constant shift count).
// Inputs at [16, 64), the v128 result at [0, 16).
constexpr uint32_t kShiftCounts[] = {0, 1, 7, 8, 9, 15, 16, 31, 32, 33, 63, 64, 65, 200};

// The operator's name for wabt 1.0.32, which still spells the relaxed dot
// products without "relaxed_" (the same opcodes).
std::string watName(Opcode op) {
  std::string name = opcodeName(op);
  if (size_t at = name.find("relaxed_dot"); at != std::string::npos) name.erase(at, 8);
  return name;
}

std::string moduleText(const std::vector<SimdCase>& cases) {
  std::string wat = "(module (memory 1)\n";
  for (size_t i = 0; i < cases.size(); i++) {
    const SimdCase& c = cases[i];
    std::string name = watName(c.op), id = std::to_string(i);
    const char* a = "(v128.load (i32.const 16))";
    const char* b = "(v128.load (i32.const 32))";
    const char* c3 = "(v128.load (i32.const 48))";
    switch (c.shape) {
      case Shape::Unary:
        wat += "(func (export \"f" + id + "\") (v128.store (i32.const 0) (" + name + " " + a + ")))\n";
        break;
      case Shape::Binary:
        wat += "(func (export \"f" + id + "\") (v128.store (i32.const 0) (" + name + " " + a + " " +
               b + ")))\n";
        break;
      case Shape::Ternary:
        wat += "(func (export \"f" + id + "\") (v128.store (i32.const 0) (" + name + " " + a + " " +
               b + " " + c3 + ")))\n";
        break;
      case Shape::Test:
        wat += "(func (export \"f" + id + "\") (result i32) (" + name + " " + a + "))\n";
        break;
      case Shape::Shift:
        wat += "(func (export \"f" + id + "\") (param i32) (v128.store (i32.const 0) (" + name +
               " " + a + " (local.get 0))))\n";
        for (uint32_t k : kShiftCounts) {
          wat += "(func (export \"f" + id + "_" + std::to_string(k) +
                 "\") (v128.store (i32.const 0) (" + name + " " + a + " (i32.const " +
                 std::to_string(k) + "))))\n";
        }
        break;
    }
  }
  return wat + ")\n";
}

void checkEveryOperator(bool baseline) {
  const std::vector<SimdCase> cases = allCases();
  ASSERT_GT(cases.size(), 180u);  // simd_ops.def's rows without immediates
  JitOptions options;
  options.baselineCpuFeatures = baseline;
  JitInstance jit(moduleText(cases), options);
  ASSERT_TRUE(jit.ok()) << jit.error();
  const std::vector<V128> values = inputs();
  uint8_t* mem = jit.memory();
  auto runV128 = [&](const std::string& fn, const V128& a, const V128& b, std::vector<Raw> args,
                     const V128* c = nullptr) -> V128 {
    std::memcpy(mem + 16, a.b, 16);
    std::memcpy(mem + 32, b.b, 16);
    if (c) std::memcpy(mem + 48, c->b, 16);
    std::memset(mem, 0xCD, 16);
    Outcome o = jit.call(fn, std::move(args));
    EXPECT_FALSE(o.trap.has_value()) << fn;
    V128 r;
    std::memcpy(r.b, mem, 16);
    return r;
  };
  for (size_t i = 0; i < cases.size(); i++) {
    const SimdCase& c = cases[i];
    std::string fn = "f";  // (not "f" + ...: GCC 12 warns falsely, -Wrestrict)
    fn += std::to_string(i);
    const char* name = opcodeName(c.op);
    int failures = 0;
    const int floatLane = floatLaneBytes(name);
    auto expectSame = [&](const V128& got, const V128& want, const std::string& what) {
      if (sameUpToNaNs(got, want, floatLane) || ++failures > 3) return;
      ADD_FAILURE() << name << (baseline ? " (SSE4.1)" : " (host features)") << " " << what
                    << ": got " << hex(got) << " want " << hex(want);
    };
    for (const V128& a : values) {
      switch (c.shape) {
        case Shape::Unary:
          expectSame(runV128(fn, a, a, {}), c.reference(a, a, 0), "of " + hex(a));
          break;
        case Shape::Binary:
          for (const V128& b : values)
            expectSame(runV128(fn, a, b, {}), c.reference(a, b, 0), hex(a) + ", " + hex(b));
          break;
        case Shape::Ternary:  // every third accumulator: 34 x 34 x 12 calls
          for (const V128& b : values)
            for (size_t k = 0; k < values.size(); k += 3)
              expectSame(runV128(fn, a, b, {}, &values[k]), c.reference3(a, b, values[k]),
                         hex(a) + ", " + hex(b) + ", " + hex(values[k]));
          break;
        case Shape::Test: {
          std::memcpy(mem + 16, a.b, 16);
          uint32_t got = static_cast<uint32_t>(jit.run(fn, {}).bits);
          if (got != c.test(a) && ++failures <= 3)
            ADD_FAILURE() << name << " of " << hex(a) << ": got " << got << " want " << c.test(a);
          break;
        }
        case Shape::Shift:
          for (uint32_t k : kShiftCounts) {
            V128 want = c.reference(a, a, k);
            expectSame(runV128(fn, a, a, {Raw::i32(static_cast<int32_t>(k))}), want,
                       hex(a) + " by register " + std::to_string(k));
            expectSame(runV128(fn + "_" + std::to_string(k), a, a, {}), want,
                       hex(a) + " by constant " + std::to_string(k));
          }
          break;
      }
    }
  }
}

TEST(CodegenSimd, EveryOperatorMatchesTheReferenceWithHostFeatures) { checkEveryOperator(false); }
TEST(CodegenSimd, EveryOperatorMatchesTheReferenceWithSse41Only) { checkEveryOperator(true); }

// v128 values across calls, blocks, selects and spills: more live vectors
// than there are xmm registers, passed on the stack past the eight
// argument registers, returned through merges.
TEST(CodegenSimd, VectorsSurviveCallsMergesAndSpills) {
  std::string params, sum = "(local.get 0)";
  for (int i = 0; i < 10; i++) params += " v128";
  for (int i = 1; i < 10; i++)
    sum = "(i32x4.add " + sum + " (i32x4.mul (local.get " + std::to_string(i) + ") (i32x4.splat (i32.const " +
          std::to_string(i + 1) + "))))";
  std::string wat = "(module (memory 1)\n"
                    "(func $sum (param" + params + ") (result v128) " + sum + ")\n"
                    "(func (export \"run\") (param i32) (local v128 v128)\n"
                    "  (local.set 1 (v128.load (i32.const 16)))\n"
                    "  (v128.store (i32.const 0)\n"
                    "    (block (result v128)\n"
                    "      (select (result v128)\n"
                    "        (call $sum";
  for (int i = 0; i < 10; i++)
    wat += " (i32x4.add (local.get 1) (i32x4.splat (i32.const " + std::to_string(i) + ")))";
  wat += ")\n        (local.get 2) (local.get 0)))))\n)\n";
  for (bool baseline : {false, true}) {
    JitOptions options;
    options.baselineCpuFeatures = baseline;
    JitInstance jit(wat, options);
    ASSERT_TRUE(jit.ok()) << jit.error();
    uint32_t in[4] = {1, 0x100, 0x10000, 0x80000000u};
    std::memcpy(jit.memory() + 16, in, 16);
    EXPECT_FALSE(jit.call("run", {Raw::i32(1)}).trap.has_value());
    uint32_t out[4];
    std::memcpy(out, jit.memory(), 16);
    // sum over i of (in + i) * max(1, i + 1)... with argument 0 weight 1.
    for (int lane = 0; lane < 4; lane++) {
      uint32_t want = in[lane];  // argument 0
      for (uint32_t i = 1; i < 10; i++) want += (in[lane] + i) * (i + 1);
      EXPECT_EQ(out[lane], want) << "lane " << lane << (baseline ? " (SSE4.1)" : "");
    }
    EXPECT_FALSE(jit.call("run", {Raw::i32(0)}).trap.has_value());  // local 2: zeroed
    std::memcpy(out, jit.memory(), 16);
    for (int lane = 0; lane < 4; lane++) EXPECT_EQ(out[lane], 0u) << "zeroed local, lane " << lane;
  }
}

// Vector constants are loaded from each function's constant pool
// (CodeBuffer::constant128): many distinct ones (more than the pool's
// sharing window), repeats near and far, zero and all-ones (built in a
// register instead), and two functions, each with a pool of its own.
TEST(CodegenSimd, ConstantsFromThePoolKeepTheirValues) {
  auto constant = [](int i) {
    uint64_t lo =
        0x0101010101010101ull * static_cast<uint64_t>(i + 1) ^ (uint64_t{0x9E37} << (i % 48));
    return std::pair{lo, ~lo * 3 + static_cast<uint64_t>(i)};
  };
  auto literal = [](std::pair<uint64_t, uint64_t> c) {
    char text[80];
    std::snprintf(text, sizeof text, "(v128.const i64x2 0x%llx 0x%llx)",
                  static_cast<unsigned long long>(c.first),
                  static_cast<unsigned long long>(c.second));
    return std::string(text);
  };
  std::vector<int> order;
  for (int i = 0; i < 40; i++) order.push_back(i);
  for (int i : {39, 38, 0, 1, 20}) order.push_back(i);  // repeats: just used, and long ago
  std::string body = "(v128.xor (v128.const i64x2 0 0) (v128.const i64x2 -1 -1))";
  uint64_t wantLo = ~uint64_t{0}, wantHi = ~uint64_t{0};
  for (int i : order) {
    body = "(v128.xor " + body + " " + literal(constant(i)) + ")";
    wantLo ^= constant(i).first;
    wantHi ^= constant(i).second;
  }
  const char* run =
      "(func (export \"run\")\n"
      "  (v128.store (i32.const 0) (call $mask))\n"
      "  (v128.store (i32.const 16) (i8x16.shuffle 3 2 1 0 7 6 5 4 11 10 9 8 15 14 13 12\n"
      "    (v128.load (i32.const 0)) (v128.load (i32.const 0))))))\n";
  std::string wat = "(module (memory 1)\n(func $mask (result v128) " + body + ")\n" + run;
  for (bool baseline : {false, true}) {
    JitOptions options;
    options.baselineCpuFeatures = baseline;
    JitInstance jit(wat, options);
    ASSERT_TRUE(jit.ok()) << jit.error();
    EXPECT_FALSE(jit.call("run", {}).trap.has_value());
    uint64_t out[4];
    std::memcpy(out, jit.memory(), sizeof out);
    EXPECT_EQ(out[0], wantLo) << (baseline ? "SSE4.1" : "host");
    EXPECT_EQ(out[1], wantHi) << (baseline ? "SSE4.1" : "host");
    uint8_t bytes[16], swapped[16];
    std::memcpy(bytes, jit.memory(), 16);
    std::memcpy(swapped, jit.memory() + 16, 16);
    for (int i = 0; i < 16; i++)
      EXPECT_EQ(swapped[i], bytes[(i & ~3) + 3 - (i & 3)]) << "byte " << i;
  }
}

}  // namespace
}  // namespace ember::test
