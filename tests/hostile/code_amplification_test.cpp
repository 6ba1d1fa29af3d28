// Hostile class: machine code amplified by small bodies.
//  - Declared locals: a body of a few bytes may declare 50,000 locals (the
//    limit); the JIT zeroed each with a store of its own before the first
//    call or branch, so 100 such functions (800 body bytes) compiled to
//    55 MB of code. The prologue now zeroes many locals in a loop of a
//    fixed size; the tests check the code size and that every local still
//    reads as zero, around calls, on every engine and bounds mode.
//  - Values in bulk: a call of a function returning 1,000 values copies
//    each (29 KB of code for a 2-byte call), so a 123 KB module compiled
//    to 577 MB. Any such expansion now ends at the JIT's budget of machine
//    code per body byte (JitOptions::maxCodeBytesPerBodyByte) with a
//    Resource error, and the operand stack such pushes fill stops at
//    kMaxOperandStackHeight values in every engine.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "runtime/jit/engine.h"
#include "tests/runtime/runtime_test_util.h"
#include "tests/wasm_bytes.h"

namespace ember {
namespace {

using test::appendLeb;
using test::appendSection;
using test::Bytes;

using namespace test::wasm_byte;

// Types: 0 = [] -> [], 1 = [i32 i64] -> [i64]. Function 0 is empty; each
// body of `bodies` is type 1, exported as "f<i>" (i counted from 1).
Bytes moduleWith(const std::vector<Bytes>& bodies) {
  Bytes m = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  appendSection(m, 1, {2, 0x60, 0, 0, 0x60, 2, kI32, kI64, 1, kI64});
  Bytes funcs;
  appendLeb(funcs, static_cast<uint32_t>(bodies.size() + 1));
  funcs.push_back(0);
  for (size_t i = 0; i < bodies.size(); i++) funcs.push_back(1);
  appendSection(m, 3, funcs);
  Bytes exports;
  appendLeb(exports, static_cast<uint32_t>(bodies.size()));
  for (size_t i = 0; i < bodies.size(); i++) {
    exports.insert(exports.end(), {2, 'f', static_cast<uint8_t>('1' + i), 0x00});
    appendLeb(exports, static_cast<uint32_t>(i + 1));
  }
  appendSection(m, 7, exports);
  Bytes code;
  appendLeb(code, static_cast<uint32_t>(bodies.size() + 1));
  code.insert(code.end(), {2, 0, kEnd});
  for (const Bytes& body : bodies) {
    appendLeb(code, static_cast<uint32_t>(body.size()));
    code.insert(code.end(), body.begin(), body.end());
  }
  appendSection(m, 10, code);
  return m;
}

struct LocalRun {
  uint32_t count;
  uint8_t type;
};

// Declares `runs`, runs `before`, calls function 0, and returns the bits
// of the locals at `probes` (i32, i64 or f64 locals) or-ed together: 0
// unless one of them failed to start at zero.
Bytes bodyReading(const std::vector<LocalRun>& runs, const Bytes& before,
                  const std::vector<std::pair<uint32_t, uint8_t>>& probes) {
  Bytes b;
  appendLeb(b, static_cast<uint32_t>(runs.size()));
  for (const LocalRun& r : runs) {
    appendLeb(b, r.count);
    b.push_back(r.type);
  }
  b.insert(b.end(), before.begin(), before.end());
  b.insert(b.end(), {kCall, 0, kI64Const, 0});
  for (auto [local, type] : probes) {
    b.push_back(kLocalGet);
    appendLeb(b, local);
    if (type == kI32) b.push_back(kI64ExtendI32U);
    if (type == kF64) b.push_back(kI64ReinterpretF64);
    b.push_back(kI64Or);
  }
  b.push_back(kEnd);
  return b;
}

#if EMBER_HAVE_JIT
TEST(ManyLocals, CodeDoesNotGrowWithTheLocalsAFunctionDeclares) {
  Bytes body = bodyReading({{50000, kI32}}, {}, {{2, kI32}});
  std::vector<Bytes> bodies(8, body);
  Config config;
  config.engine = EngineKind::Jit;
  Engine engine(config);
  auto compiled = compileModule(engine, moduleWith(bodies));
  ASSERT_TRUE(compiled) << compiled.error().message();
  const JitCode* code = (*compiled)->jitCode();
  ASSERT_NE(code, nullptr);
  // A store per local was over 400 KB a function; the loop is a few dozen
  // bytes, next to the prologue, the call and the reads.
  EXPECT_LT(code->codeSize(), 8 * 1024u);
}
#endif

// Type 0 returns 1,000 i64s; function 0 returns zeros, and `callers`
// functions of type 0 are each `call 0` (2 bytes of body).
Bytes callsOfAThousandResults(uint32_t callers) {
  constexpr uint32_t kResults = 1000;
  Bytes m = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  Bytes type = {1, 0x60, 0};
  appendLeb(type, kResults);
  type.insert(type.end(), kResults, kI64);
  appendSection(m, 1, type);
  Bytes funcs;
  appendLeb(funcs, callers + 1);
  funcs.insert(funcs.end(), callers + 1, 0);
  appendSection(m, 3, funcs);
  Bytes code;
  appendLeb(code, callers + 1);
  Bytes zeros = {0};
  for (uint32_t i = 0; i < kResults; i++) zeros.insert(zeros.end(), {kI64Const, 0});
  zeros.push_back(kEnd);
  appendLeb(code, static_cast<uint32_t>(zeros.size()));
  code.insert(code.end(), zeros.begin(), zeros.end());
  for (uint32_t i = 0; i < callers; i++) code.insert(code.end(), {4, 0, kCall, 0, kEnd});
  appendSection(m, 10, code);
  return m;
}

#if EMBER_HAVE_JIT
// 1,200 calls expand to about 35 MB: past the 16 MiB that any module may
// take whatever its size. The interpreter's code does not expand.
TEST(ValuesInBulk, ExpansionEndsAtTheCodeBudget) {
  Bytes module = callsOfAThousandResults(1200);
  Config jit;
  jit.engine = EngineKind::Jit;
  Engine engine(jit);
  auto compiled = compileModule(engine, module);
  ASSERT_FALSE(compiled);
  EXPECT_EQ(compiled.error().kind(), ErrorKind::Resource);
  EXPECT_NE(compiled.error().message().find("the limit for these function bodies"),
            std::string::npos)
      << compiled.error().message();
  // Below the budget the same code compiles.
  EXPECT_TRUE(compileModule(engine, callsOfAThousandResults(100)));
#if EMBER_HAVE_INTERP
  Config interp;
  interp.engine = EngineKind::Interpreter;
  Engine interpreter(interp);
  EXPECT_TRUE(compileModule(interpreter, module));
#endif
}
#endif

#if EMBER_HAVE_JIT
// Cut into many parts compiled on threads of their own, the same module
// must not get the minimum budget once per part: 1,200 calls in 16 parts
// are about 2 MB of code each, under 16 MiB, and 35 MB together. The
// error is the one a single thread gives, whatever the threads' timing.
TEST(ValuesInBulk, PartsShareTheModulesCodeBudget) {
  Config parallel;
  parallel.engine = EngineKind::Jit;
  parallel.compileThreads = 4;
  parallel.compilePartBytes = 1;
  Config serial = parallel;
  serial.compileThreads = 1;
  Engine engine(parallel), oneThread(serial);
  const Bytes module = callsOfAThousandResults(1200);
  auto compiled = compileModule(engine, module);
  ASSERT_FALSE(compiled);
  EXPECT_EQ(compiled.error().kind(), ErrorKind::Resource);
  auto alone = compileModule(oneThread, module);
  ASSERT_FALSE(alone);
  EXPECT_EQ(compiled.error().message(), alone.error().message());
  // Code unevenly spread over the parts' bytes is no reason to fail: 100
  // calls (2.9 MB) sit in parts with few body bytes.
  EXPECT_TRUE(compileModule(engine, callsOfAThousandResults(100)));
}
#endif

// Type 0 returns 1,000 i64s and function 0 returns zeros; function 1, of
// type [] -> [], is `prefix` repeated `times`.
Bytes repeatedInOneBody(const Bytes& prefix, uint32_t times) {
  constexpr uint32_t kResults = 1000;
  Bytes m = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  Bytes types = {2, 0x60, 0};
  appendLeb(types, kResults);
  types.insert(types.end(), kResults, kI64);
  types.insert(types.end(), {0x60, 0, 0});
  appendSection(m, 1, types);
  appendSection(m, 3, {2, 0, 1});
  Bytes zeros = {0};
  for (uint32_t i = 0; i < kResults; i++) zeros.insert(zeros.end(), {kI64Const, 0});
  zeros.push_back(kEnd);
  Bytes body = {0};
  for (uint32_t i = 0; i < times; i++) body.insert(body.end(), prefix.begin(), prefix.end());
  body.push_back(kEnd);
  Bytes code = {2};
  appendLeb(code, static_cast<uint32_t>(zeros.size()));
  code.insert(code.end(), zeros.begin(), zeros.end());
  appendLeb(code, static_cast<uint32_t>(body.size()));
  code.insert(code.end(), body.begin(), body.end());
  appendSection(m, 10, code);
  return m;
}

// Every value on the operand stack costs each compiler an entry, and a
// call's or a block's results push up to 1,000 for a few bytes: 10,000
// calls of function 0 in one body (a 23 KB module) held the interpreter's
// compile at 300 MB. The stack now stops at kMaxOperandStackHeight values
// with a Resource error; at the limit itself the body is merely invalid
// (the values are left over at its end).
class OperandStackLimit : public testing::TestWithParam<test::EngineCase> {
 protected:
  void expectLimitAt(const Bytes& prefix) {
    Engine engine(GetParam().config());
    const uint32_t atLimit = kMaxOperandStackHeight / 1000;
    auto over = compileModule(engine, repeatedInOneBody(prefix, atLimit + 1));
    ASSERT_FALSE(over);
    EXPECT_EQ(over.error().kind(), ErrorKind::Resource) << over.error().message();
    EXPECT_NE(over.error().message().find("operand stack too deep"), std::string::npos)
        << over.error().message();
    auto at = compileModule(engine, repeatedInOneBody(prefix, atLimit));
    ASSERT_FALSE(at);
    EXPECT_EQ(at.error().kind(), ErrorKind::Invalid) << at.error().message();
  }
};

TEST_P(OperandStackLimit, CallResults) { expectLimitAt({kCall, 0}); }

// `block (type 0) unreachable end`: 1,000 values for 4 bytes.
TEST_P(OperandStackLimit, BlockResults) { expectLimitAt({0x02, 0x00, 0x00, kEnd}); }

INSTANTIATE_TEST_SUITE_P(Engines, OperandStackLimit, testing::ValuesIn(test::engineCases()),
                         test::caseParamName);

class ManyLocalsStartAtZero : public testing::TestWithParam<test::EngineCase> {};

// Runs of every scalar type, a v128 run between them (when built), and
// enough of them to take the loop; params are set before the call, and
// some locals are written before others are read.
TEST_P(ManyLocalsStartAtZero, AroundCalls) {
  std::vector<LocalRun> runs = {{40, kI32}, {300, kI64}, {5, kF64}};
#if EMBER_HAVE_SIMD
  runs.push_back({70, kV128});
#endif
  runs.push_back({1000, kI32});
  // Locals count from 2 (two params): 2..41 i32, 42..341 i64, 342..346
  // f64, then the v128 run, then 1,000 i32.
  const uint32_t lastI32 = 2 + 40 + 300 + 5 + (EMBER_HAVE_SIMD ? 70 : 0) + 1000 - 1;
  const std::vector<std::pair<uint32_t, uint8_t>> probes = {
      {2, kI32},      {41, kI32},  {42, kI64},  {200, kI64},
      {341, kI64},    {342, kF64}, {346, kF64}, {lastI32 - 999, kI32},
      {lastI32, kI32}};
  // f1 reads the probed locals. Before its call it moves the params to
  // locals it does not read: a store that strayed there would not hide a
  // missing zero.
  const Bytes moveParams = {kLocalGet, 0, kLocalSet, 3, kLocalGet, 1, kLocalSet, 43};
  // f2, with the same locals, fills the probed ones from the params first,
  // so that f1's frame, at the same depth, starts over nonzero bytes.
  Bytes fill;
  for (auto [local, type] : probes) {
    fill.insert(fill.end(), {kLocalGet, static_cast<uint8_t>(type == kI32 ? 0 : 1)});
    if (type == kF64) fill.push_back(kF64ReinterpretI64);
    fill.push_back(kLocalSet);
    appendLeb(fill, local);
  }
  test::Harness h{GetParam().config()};
  auto module = compileModule(
      h.engine, moduleWith({bodyReading(runs, moveParams, probes), bodyReading(runs, fill, {})}));
  ASSERT_TRUE(module) << module.error().message();
  auto instance = h.linker.instantiate(h.store, module.value());
  ASSERT_TRUE(instance) << instance.error().message();
  const std::vector<Value> args = {test::i32(0xFFFFFFFFu), test::i64(0x5555555555555555ull)};
  EXPECT_EQ(h.one(instance.value(), "f1", args).i64, 0u);
  EXPECT_EQ(h.one(instance.value(), "f2", args).i64, 0u);  // reads nothing
  EXPECT_EQ(h.one(instance.value(), "f1", args).i64, 0u) << "after f2 filled the frame";
}

INSTANTIATE_TEST_SUITE_P(Engines, ManyLocalsStartAtZero, testing::ValuesIn(test::engineCases()),
                         test::caseParamName);

}  // namespace
}  // namespace ember
