// Tests of the streaming function-body validator (function_validator.h):
// valid and invalid bodies per instruction category, the polymorphic stack
// of unreachable code, multi-value blocks, every table-driven operator of
// opcodes.def, and the exact visitor call sequence (visitor.h contract).
//
// Modules are built by hand (ModuleBuilder below) so these tests depend on
// neither the decoder nor the module-level validator.
#include "runtime/format/function_validator.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "runtime/format/module.h"
#include "runtime/format/module_validator.h"
#include "runtime/format/opcodes.h"
#include "tests/format/wasm_bytes.h"

namespace ember {
namespace {

using test::Bytes;
using test::cat;
constexpr ValType I32 = ValType::I32;
constexpr ValType I64 = ValType::I64;
constexpr ValType F32 = ValType::F32;
constexpr ValType F64 = ValType::F64;
constexpr ValType V128 = ValType::V128;
constexpr ValType FuncRef = ValType::FuncRef;
constexpr ValType ExternRef = ValType::ExternRef;

// A few encodings used throughout (spec 5.4).
constexpr uint8_t kUnreachable = 0x00, kNop = 0x01, kBlock = 0x02, kLoop = 0x03, kIf = 0x04,
                  kElse = 0x05, kEnd = 0x0B, kBr = 0x0C, kBrIf = 0x0D, kBrTable = 0x0E,
                  kReturn = 0x0F, kCall = 0x10, kCallIndirect = 0x11, kDrop = 0x1A, kSelect = 0x1B,
                  kSelectT = 0x1C, kLocalGet = 0x20, kLocalSet = 0x21, kLocalTee = 0x22,
                  kGlobalGet = 0x23, kGlobalSet = 0x24, kI32Load = 0x28, kI32Store = 0x36,
                  kMemorySize = 0x3F, kMemoryGrow = 0x40, kI32Const = 0x41, kI64Const = 0x42,
                  kF32Const = 0x43, kF64Const = 0x44, kI32Eqz = 0x45, kI32Add = 0x6A,
                  kI64Add = 0x7C, kRefNull = 0xD0, kRefIsNull = 0xD1, kRefFunc = 0xD2, kVoid = 0x40,
                  kTypeI32 = 0x7F, kTypeI64 = 0x7E, kTypeF32 = 0x7D, kTypeF64 = 0x7C,
                  kTypeFuncRef = 0x70, kTypeExternRef = 0x6F;

// Builds a Module directly: types, functions with bodies, and whatever
// tables, memories, globals and segments a test needs.
class ModuleBuilder {
 public:
  uint32_t type(std::vector<ValType> params, std::vector<ValType> results) {
    module_.types.push_back({std::move(params), std::move(results)});
    return static_cast<uint32_t>(module_.types.size() - 1);
  }
  // Imports must be added before any defined function.
  uint32_t importFunc(uint32_t typeIndex) {
    module_.funcTypeIndices.push_back(typeIndex);
    module_.importedFuncCount++;
    module_.declaredFuncRefs.push_back(false);
    return static_cast<uint32_t>(module_.funcTypeIndices.size() - 1);
  }
  // `code` is the instruction sequence including the final `end`.
  uint32_t func(uint32_t typeIndex, Bytes code, std::vector<LocalRun> locals = {}) {
    FunctionBody body;
    body.offset = body.codeOffset = static_cast<uint32_t>(module_.bytes.size());
    module_.bytes.insert(module_.bytes.end(), code.begin(), code.end());
    body.end = static_cast<uint32_t>(module_.bytes.size());
    for (const LocalRun& run : locals) body.localCount += run.count;
    body.firstLocalRun = static_cast<uint32_t>(module_.localRuns.size());
    body.localRunCount = static_cast<uint32_t>(locals.size());
    module_.localRuns.insert(module_.localRuns.end(), locals.begin(), locals.end());
    module_.bodies.push_back(std::move(body));
    module_.funcTypeIndices.push_back(typeIndex);
    module_.declaredFuncRefs.push_back(false);
    return static_cast<uint32_t>(module_.funcTypeIndices.size() - 1);
  }
  void memory() { module_.memories.push_back({}); }
  void table(ValType elemType) { module_.tables.push_back({elemType, {}}); }
  void global(ValType type, bool isMutable) { module_.globals.push_back({{type, isMutable}, {}}); }
  void elemSegment(ValType elemType) {
    ElemSegment segment;
    segment.mode = SegmentMode::Passive;
    segment.elemType = elemType;
    module_.elemSegments.push_back(segment);
  }
  void dataCount(uint32_t count) {
    module_.dataCount = count;
    module_.dataSegments.resize(count);
  }
  void declareRef(uint32_t funcIndex) { module_.declaredFuncRefs[funcIndex] = true; }

  Module& module() { return module_; }

 private:
  Module module_;
};

Result<void> validateFunc(const Module& module, uint32_t funcIndex) {
  NullVisitor visitor;
  FunctionValidator<NullVisitor> validator(module, visitor);
  return validator.validate(funcIndex);
}

// Validates `code` as the body of a function of type params -> results in
// a module with one memory, a funcref table, and two globals
// (0: immutable i32, 1: mutable i64).
Result<void> validateBody(Bytes code, std::vector<ValType> params = {},
                          std::vector<ValType> results = {}, std::vector<LocalRun> locals = {}) {
  ModuleBuilder b;
  b.memory();
  b.table(FuncRef);
  b.global(I32, false);
  b.global(I64, true);
  uint32_t f =
      b.func(b.type(std::move(params), std::move(results)), std::move(code), std::move(locals));
  return validateFunc(b.module(), f);
}

testing::AssertionResult isValid(const Result<void>& r) {
  if (r.ok()) return testing::AssertionSuccess();
  return testing::AssertionFailure() << "unexpected error: " << r.error().message();
}

testing::AssertionResult failsWith(const Result<void>& r, ErrorKind kind,
                                   const std::string& phrase) {
  if (r.ok())
    return testing::AssertionFailure()
           << "accepted, expected " << errorKindName(kind) << " \"" << phrase << "\"";
  if (r.error().kind() != kind || r.error().message().find(phrase) == std::string::npos) {
    return testing::AssertionFailure()
           << "got " << errorKindName(r.error().kind()) << ": " << r.error().message();
  }
  return testing::AssertionSuccess();
}

testing::AssertionResult isInvalid(const Result<void>& r,
                                   const std::string& phrase = "type mismatch") {
  return failsWith(r, ErrorKind::Invalid, phrase);
}
testing::AssertionResult isMalformed(const Result<void>& r, const std::string& phrase) {
  return failsWith(r, ErrorKind::Malformed, phrase);
}

// A constant of each type, zero-valued.
Bytes constOf(ValType type) {
  switch (type) {
    case ValType::I32:
      return {kI32Const, 0};
    case ValType::I64:
      return {kI64Const, 0};
    case ValType::F32:
      return {kF32Const, 0, 0, 0, 0};
    case ValType::F64:
      return {kF64Const, 0, 0, 0, 0, 0, 0, 0, 0};
    case ValType::V128: {
      Bytes b = {0xFD, 0x0C};
      b.resize(18, 0);
      return b;
    }
    case ValType::FuncRef:
      return {kRefNull, kTypeFuncRef};
    case ValType::ExternRef:
      return {kRefNull, kTypeExternRef};
    default:
      return {};
  }
}

// The opcode's encoding: one byte, or prefix then LEB u32 sub-opcode.
// Relaxed SIMD codes (0xFE00 + n, opcodes.def) are 0xFD and sub-opcode 0x100 + n.
Bytes encodeOpcode(uint32_t code) {
  if (code < 0x100) return {static_cast<uint8_t>(code)};
  const bool relaxed = code >> 8 == 0xFE;
  uint32_t sub = relaxed ? 0x100 + (code & 0xFF) : code & 0xFF;
  Bytes b = {relaxed ? kPrefixSimd : static_cast<uint8_t>(code >> 8)};
  if (sub < 0x80)
    b.push_back(static_cast<uint8_t>(sub));
  else
    b.insert(b.end(), {static_cast<uint8_t>(sub | 0x80), static_cast<uint8_t>(sub >> 7)});
  return b;
}

ValType otherType(ValType type) { return type == I32 ? I64 : I32; }

// ===========================================================================
// Basics: numeric operators, function results, locals, globals
// ===========================================================================

TEST(FunctionValidator, AcceptsSimpleArithmetic) {
  EXPECT_TRUE(isValid(validateBody({kI32Const, 1, kI32Const, 2, kI32Add, kDrop, kEnd})));
  EXPECT_TRUE(isValid(validateBody({kI32Const, 1, kEnd}, {}, {I32})));
  EXPECT_TRUE(
      isValid(validateBody({kLocalGet, 0, kLocalGet, 1, kI64Add, kEnd}, {I64, I64}, {I64})));
}

TEST(FunctionValidator, RejectsOperandTypeMismatchWithLocation) {
  Result<void> r = validateBody({kI32Const, 1, kI64Const, 2, kI32Add, kDrop, kEnd});
  ASSERT_TRUE(isInvalid(r));
  // The error names the operator, the function and the i32.add's offset (4).
  EXPECT_NE(r.error().message().find("i32.add"), std::string::npos) << r.error().message();
  EXPECT_NE(r.error().message().find("function 0"), std::string::npos) << r.error().message();
  EXPECT_NE(r.error().message().find("byte offset 4"), std::string::npos) << r.error().message();
}

TEST(FunctionValidator, RejectsPopFromEmptyStack) {
  EXPECT_TRUE(isInvalid(validateBody({kI32Add, kDrop, kEnd})));
  EXPECT_TRUE(isInvalid(validateBody({kI32Const, 0, kI32Add, kDrop, kEnd})));
  EXPECT_TRUE(isInvalid(validateBody({kDrop, kEnd})));
  // A block cannot pop values pushed outside it.
  EXPECT_TRUE(isInvalid(validateBody({kI32Const, 0, kBlock, kVoid, kDrop, kEnd, kEnd})));
}

TEST(FunctionValidator, ChecksFunctionResults) {
  EXPECT_TRUE(isInvalid(validateBody({kEnd}, {}, {I32})));
  EXPECT_TRUE(isInvalid(validateBody({kI64Const, 0, kEnd}, {}, {I32})));
  EXPECT_TRUE(isInvalid(validateBody({kI32Const, 0, kI32Const, 0, kEnd}, {}, {I32})));
  EXPECT_TRUE(isInvalid(validateBody({kI32Const, 0, kEnd})));
  EXPECT_TRUE(isValid(validateBody({kI32Const, 0, kI64Const, 0, kEnd}, {}, {I32, I64})));
}

TEST(FunctionValidator, LocalsIncludeParamsThenDeclaredRuns) {
  std::vector<LocalRun> locals = {{2, F32}, {1, I64}};
  // Locals: 0 = i32 param, 1..2 = f32, 3 = i64.
  EXPECT_TRUE(isValid(validateBody(
      {kLocalGet, 2, kLocalSet, 1, kLocalGet, 3, kLocalTee, 3, kDrop, kEnd}, {I32}, {}, locals)));
  EXPECT_TRUE(isInvalid(validateBody({kLocalGet, 3, kLocalSet, 1, kEnd}, {I32}, {}, locals)));
  EXPECT_TRUE(
      isInvalid(validateBody({kLocalGet, 4, kDrop, kEnd}, {I32}, {}, locals), "unknown local"));
  EXPECT_TRUE(isInvalid(
      validateBody({kF32Const, 0, 0, 0, 0, kLocalTee, 0, kDrop, kEnd}, {I32}, {}, locals)));
  // The locals limit holds even for a Module the decoder did not build.
  EXPECT_TRUE(isMalformed(validateBody({kEnd}, {}, {}, {{kMaxFunctionLocals, I32}, {1, I64}}),
                          "too many locals"));
  EXPECT_TRUE(isValid(validateBody({kLocalGet, 0xCF, 0x86, 0x03, kDrop, kEnd}, {}, {},
                                   {{kMaxFunctionLocals, I32}})));
}

TEST(FunctionValidator, ChecksGlobals) {
  EXPECT_TRUE(isValid(validateBody({kGlobalGet, 0, kDrop, kI64Const, 5, kGlobalSet, 1, kEnd})));
  EXPECT_TRUE(isInvalid(validateBody({kI32Const, 5, kGlobalSet, 0, kEnd}), "global is immutable"));
  EXPECT_TRUE(isInvalid(validateBody({kI32Const, 5, kGlobalSet, 1, kEnd})));
  EXPECT_TRUE(isInvalid(validateBody({kGlobalGet, 2, kDrop, kEnd}), "unknown global"));
}

TEST(FunctionValidator, ChecksCalls) {
  ModuleBuilder b;
  uint32_t binop = b.type({I32, I64}, {F32});
  uint32_t callee = b.importFunc(binop);
  uint32_t ok = b.func(b.type({}, {F32}),
                       {kI32Const, 0, kI64Const, 0, kCall, static_cast<uint8_t>(callee), kEnd});
  uint32_t swapped = b.func(b.type({}, {F32}), {kI64Const, 0, kI32Const, 0, kCall, 0, kEnd});
  uint32_t unknown = b.func(b.type({}, {}), {kCall, 9, kEnd});
  EXPECT_TRUE(isValid(validateFunc(b.module(), ok)));
  EXPECT_TRUE(isInvalid(validateFunc(b.module(), swapped)));
  EXPECT_TRUE(isInvalid(validateFunc(b.module(), unknown), "unknown function"));
}

TEST(FunctionValidator, ChecksCallIndirect) {
  ModuleBuilder b;
  b.table(ExternRef);
  b.table(FuncRef);
  uint32_t t = b.type({I32}, {I32});
  // call_indirect type 0, table 1; the table index padded to five bytes
  // (as some toolchains emit, see the bench corpus README).
  uint32_t padded =
      b.func(t, {kLocalGet, 0, kLocalGet, 0, kCallIndirect, 0, 0x81, 0x80, 0x80, 0x80, 0x00, kEnd});
  uint32_t externTable = b.func(t, {kLocalGet, 0, kLocalGet, 0, kCallIndirect, 0, 0, kEnd});
  uint32_t noTable = b.func(t, {kLocalGet, 0, kLocalGet, 0, kCallIndirect, 0, 2, kEnd});
  uint32_t noType = b.func(t, {kLocalGet, 0, kLocalGet, 0, kCallIndirect, 7, 1, kEnd});
  uint32_t noIndex = b.func(t, {kLocalGet, 0, kCallIndirect, 0, 1, kEnd});
  EXPECT_TRUE(isValid(validateFunc(b.module(), padded)));
  EXPECT_TRUE(isInvalid(validateFunc(b.module(), externTable)));
  EXPECT_TRUE(isInvalid(validateFunc(b.module(), noTable), "unknown table"));
  EXPECT_TRUE(isInvalid(validateFunc(b.module(), noType), "unknown type"));
  EXPECT_TRUE(isInvalid(validateFunc(b.module(), noIndex)));
}

TEST(FunctionValidator, RejectsFunctionWithoutBody) {
  ModuleBuilder b;
  uint32_t imported = b.importFunc(b.type({}, {}));
  EXPECT_TRUE(isInvalid(validateFunc(b.module(), imported), "unknown function"));
  EXPECT_TRUE(isInvalid(validateFunc(b.module(), 5), "unknown function"));
}

// ===========================================================================
// Blocks, branches, multi-value
// ===========================================================================

TEST(FunctionValidator, BlocksAndBranches) {
  EXPECT_TRUE(isValid(validateBody({kBlock, kTypeI32, kI32Const, 1, kEnd, kEnd}, {}, {I32})));
  EXPECT_TRUE(
      isValid(validateBody({kBlock, kTypeI32, kI32Const, 1, kBr, 0, kEnd, kEnd}, {}, {I32})));
  EXPECT_TRUE(isValid(validateBody({kLoop, kVoid, kLocalGet, 0, kBrIf, 0, kEnd, kEnd}, {I32})));
  EXPECT_TRUE(
      isValid(validateBody({kI32Const, 7, kBr, 0, kEnd}, {}, {I32})));  // br to the function
  EXPECT_TRUE(isInvalid(validateBody({kBlock, kVoid, kBr, 2, kEnd, kEnd}), "unknown label"));
  EXPECT_TRUE(
      isInvalid(validateBody({kBlock, kTypeI32, kI64Const, 1, kBr, 0, kEnd, kEnd}, {}, {I32})));
  EXPECT_TRUE(isInvalid(validateBody({kBlock, kTypeI32, kEnd, kEnd}, {}, {I32})));
  // br_if leaves the label's values on the stack.
  EXPECT_TRUE(isValid(validateBody(
      {kBlock, kTypeI32, kI32Const, 1, kLocalGet, 0, kBrIf, 0, kEnd, kEnd}, {I32}, {I32})));
  EXPECT_TRUE(isInvalid(validateBody({kBlock, kVoid, kI64Const, 0, kBrIf, 0, kEnd, kEnd})));
}

TEST(FunctionValidator, IfElse) {
  EXPECT_TRUE(isValid(validateBody(
      {kLocalGet, 0, kIf, kTypeI32, kI32Const, 1, kElse, kI32Const, 2, kEnd, kEnd}, {I32}, {I32})));
  EXPECT_TRUE(isValid(validateBody({kLocalGet, 0, kIf, kVoid, kNop, kEnd, kEnd}, {I32})));
  // The condition must be i32.
  EXPECT_TRUE(isInvalid(validateBody({kI64Const, 0, kIf, kVoid, kEnd, kEnd})));
  // Each arm must produce the results.
  EXPECT_TRUE(isInvalid(
      validateBody({kLocalGet, 0, kIf, kTypeI32, kI32Const, 1, kElse, kEnd, kEnd}, {I32}, {I32})));
  // Without else, the empty else arm must map params to results.
  EXPECT_TRUE(isInvalid(
      validateBody({kLocalGet, 0, kIf, kTypeI32, kI32Const, 1, kEnd, kEnd}, {I32}, {I32})));
  EXPECT_TRUE(isInvalid(
      validateBody({kLocalGet, 0, kIf, kTypeI32, kUnreachable, kEnd, kEnd}, {I32}, {I32})));
}

TEST(FunctionValidator, MultiValueBlockTypes) {
  ModuleBuilder b;
  b.memory();
  uint32_t pair = b.type({I32, I64}, {I64, I32});  // type 0 as a block type
  uint32_t toF32 = b.type({I32}, {F32});           // type 1
  uint32_t f = b.type({}, {I64, I32});
  // block (type 0) swaps its two params through locals.
  uint32_t swap = b.func(f,
                         {kI32Const, 1, kI64Const, 2, kBlock, 0, kLocalSet, 1, kLocalSet, 0,
                          kLocalGet, 1, kLocalGet, 0, kEnd, kEnd},
                         {{1, I32}, {1, I64}});
  // loop (type 1): a branch to a loop carries its params (i32), not results.
  uint32_t loopParams = b.func(b.type({}, {F32}),
                               {kI32Const, 1, kLoop, 1, kLocalTee, 0, kLocalGet, 0, kBrIf, 0, kDrop,
                                kF32Const, 0, 0, 0, 0, kEnd, kEnd},
                               {{1, I32}});
  // if (type 1): both arms start from the i32 param.
  uint32_t ifParams = b.func(
      b.type({}, {F32}), {kI32Const, 1,     kI32Const, 0, kIf, 1, kDrop, kF32Const, 0,   0, 0, 0,
                          kElse,     kDrop, kF32Const, 0, 0,   0, 0,     kEnd,      kEnd});
  uint32_t wrongParams = b.func(f, {kI64Const, 1, kI32Const, 2, kBlock, 0, kEnd, kEnd});
  uint32_t unknownType = b.func(b.type({}, {}), {kBlock, 9, kEnd, kEnd});
  (void)toF32;
  (void)pair;
  EXPECT_TRUE(isValid(validateFunc(b.module(), swap)));
  EXPECT_TRUE(isValid(validateFunc(b.module(), loopParams)));
  EXPECT_TRUE(isValid(validateFunc(b.module(), ifParams)));
  EXPECT_TRUE(isInvalid(validateFunc(b.module(), wrongParams)));
  EXPECT_TRUE(isInvalid(validateFunc(b.module(), unknownType), "unknown type"));
}

TEST(FunctionValidator, BlockTypeIndexAsMultiByteS33) {
  ModuleBuilder b;
  for (int i = 0; i < 70; ++i) b.type({}, {});
  uint32_t t = b.type({}, {I32});  // index 70 needs two LEB bytes: 0xC6 0x00
  uint32_t f = b.func(t, {kBlock, 0xC6, 0x00, kI32Const, 3, kEnd, kEnd});
  EXPECT_TRUE(isValid(validateFunc(b.module(), f)));
  // A single-byte negative s33 that is no value type is not a block type.
  EXPECT_TRUE(isMalformed(validateBody({kBlock, 0x41, kEnd, kEnd}), "malformed"));
}

TEST(FunctionValidator, BrTable) {
  // br_table 0 1 (default 1) with a matching i32 result on both labels.
  EXPECT_TRUE(isValid(validateBody({kBlock, kTypeI32, kBlock, kTypeI32, kI32Const, 5, kLocalGet, 0,
                                    kBrTable, 1, 0, 1, kEnd, kEnd, kEnd},
                                   {I32}, {I32})));
  // Arity differs between targets.
  EXPECT_TRUE(isInvalid(validateBody({kBlock, kVoid, kBlock, kTypeI32, kI32Const, 5, kLocalGet, 0,
                                      kBrTable, 1, 0, 1, kEnd, kDrop, kEnd, kEnd},
                                     {I32})));
  // Same arity, different type.
  EXPECT_TRUE(
      isInvalid(validateBody({kBlock, kTypeI64, kBlock, kTypeI32, kI32Const, 5, kLocalGet, 0,
                              kBrTable, 1, 0, 1, kEnd, kDrop, kI64Const, 0, kEnd, kDrop, kEnd},
                             {I32})));
  EXPECT_TRUE(
      isInvalid(validateBody({kLocalGet, 0, kBrTable, 1, 0, 3, kEnd}, {I32}), "unknown label"));
  EXPECT_TRUE(isInvalid(validateBody({kI64Const, 0, kBrTable, 0, 0, kEnd})));
  // A forged huge count is rejected without allocating.
  EXPECT_TRUE(isMalformed(
      validateBody({kLocalGet, 0, kBrTable, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0, kEnd}, {I32}),
      "unexpected end"));
}

TEST(FunctionValidator, Return) {
  EXPECT_TRUE(isValid(
      validateBody({kBlock, kVoid, kI32Const, 1, kReturn, kEnd, kI32Const, 2, kEnd}, {}, {I32})));
  EXPECT_TRUE(isInvalid(validateBody({kI64Const, 1, kReturn, kEnd}, {}, {I32})));
}

// ===========================================================================
// Unreachable code: the polymorphic stack (appendix A.3)
// ===========================================================================

TEST(FunctionValidator, UnreachableCodeIsPolymorphic) {
  EXPECT_TRUE(isValid(validateBody({kUnreachable, kI32Add, kDrop, kEnd})));
  EXPECT_TRUE(isValid(validateBody({kUnreachable, kEnd}, {}, {I32, F64})));
  EXPECT_TRUE(isValid(validateBody({kI32Const, 0, kReturn, kI32Eqz, kEnd}, {}, {I32})));
  EXPECT_TRUE(isValid(validateBody(
      {kBlock, kTypeI32, kI32Const, 0, kBr, 0, kI64Add, kDrop, kI32Const, 0, kEnd, kEnd}, {},
      {I32})));
  // Known types still clash after unreachable.
  EXPECT_TRUE(isInvalid(validateBody({kUnreachable, kI64Const, 0, kI32Add, kDrop, kEnd})));
  EXPECT_TRUE(isInvalid(validateBody({kUnreachable, kI64Const, 0, kEnd}, {}, {I32})));
  // Unreachability does not leak out of a nested block (unreached-invalid.wast).
  EXPECT_TRUE(isInvalid(validateBody(
      {kBlock, kVoid, kBlock, kVoid, kUnreachable, kEnd, kI32Add, kDrop, kEnd, kEnd})));
  EXPECT_TRUE(isInvalid(validateBody({kI32Const, 3, kBlock, kVoid, kUnreachable, kEnd, kEnd})));
  EXPECT_TRUE(isInvalid(
      validateBody({kBlock, kVoid, kBlock, kVoid, kUnreachable, kEnd, kEnd, kEnd}, {}, {I32})));
}

TEST(FunctionValidator, BrTableAfterUnreachableMeetsBottom) {
  // unreached-valid.wast "meet-bottom": f32 and f64 labels both accept the
  // unknown value.
  Bytes meet = {kBlock, kTypeF64, kBlock, kTypeF32, kUnreachable, kI32Const, 1, kBrTable, 2, 0,
                1,      1,        kEnd,   kDrop,    kF64Const,    0,         0, 0,        0, 0,
                0,      0,        0,      kEnd,     kDrop,        kEnd};
  EXPECT_TRUE(isValid(validateBody(meet)));
  // But arities must still agree (unreached-invalid.wast).
  Bytes arity = {kBlock, kVoid, kBlock, kTypeF32, kUnreachable, kI32Const, 1,    kBrTable,
                 2,      0,     1,      0,        kEnd,         kDrop,     kEnd, kEnd};
  EXPECT_TRUE(isInvalid(validateBody(arity)));
  // And a known operand type must match every label.
  Bytes known = {kBlock,    kTypeI32, kUnreachable, kF32Const, 0, 0,    0,     0,
                 kI32Const, 1,        kBrTable,     0,         0, kEnd, kDrop, kEnd};
  EXPECT_TRUE(isInvalid(validateBody(known)));
}

TEST(FunctionValidator, SelectInUnreachableCode) {
  // unreached-valid.wast: untyped select of unknowns, then numeric ops.
  EXPECT_TRUE(isValid(validateBody({kUnreachable, kSelect, kI32Eqz, kDrop, kEnd})));
  EXPECT_TRUE(isValid(validateBody({kUnreachable, kSelect, kRefIsNull, kDrop, kEnd})));
  EXPECT_TRUE(isValid(
      validateBody({kUnreachable, kI64Const, 0, kI32Const, 0, kSelect, kI64Add, kEnd}, {}, {I64})));
  // The result has the type of the known operand.
  EXPECT_TRUE(isInvalid(
      validateBody({kUnreachable, kI64Const, 1, kI32Const, 1, kSelect, kEnd}, {}, {I32})));
  // select always leaves a value.
  EXPECT_TRUE(isInvalid(validateBody({kUnreachable, kSelect, kEnd})));
}

// ===========================================================================
// Parametric, reference and table operators
// ===========================================================================

TEST(FunctionValidator, Select) {
  EXPECT_TRUE(isValid(
      validateBody({kI32Const, 1, kI32Const, 2, kLocalGet, 0, kSelect, kEnd}, {I32}, {I32})));
  EXPECT_TRUE(isValid(validateBody(
      cat({constOf(V128), constOf(V128), {kLocalGet, 0, kSelect, kDrop, kEnd}}), {I32})));
  EXPECT_TRUE(isInvalid(
      validateBody({kI32Const, 1, kI64Const, 2, kLocalGet, 0, kSelect, kDrop, kEnd}, {I32})));
  // Untyped select refuses references.
  EXPECT_TRUE(isInvalid(validateBody(
      cat({constOf(FuncRef), constOf(FuncRef), {kLocalGet, 0, kSelect, kDrop, kEnd}}), {I32})));
  // select t: exactly one type.
  EXPECT_TRUE(isValid(validateBody(cat({constOf(FuncRef),
                                        constOf(FuncRef),
                                        {kLocalGet, 0, kSelectT, 1, kTypeFuncRef, kDrop, kEnd}}),
                                   {I32})));
  EXPECT_TRUE(
      isInvalid(validateBody(cat({constOf(I32),
                                  constOf(I32),
                                  {kLocalGet, 0, kSelectT, 2, kTypeI32, kTypeI32, kDrop, kEnd}}),
                             {I32}),
                "invalid result arity"));
  EXPECT_TRUE(isInvalid(
      validateBody({kI32Const, 1, kI32Const, 1, kLocalGet, 0, kSelectT, 0, kDrop, kEnd}, {I32}),
      "invalid result arity"));
  EXPECT_TRUE(isInvalid(validateBody(
      {kI32Const, 1, kI32Const, 1, kLocalGet, 0, kSelectT, 1, kTypeI64, kDrop, kEnd}, {I32})));
}

TEST(FunctionValidator, References) {
  ModuleBuilder b;
  uint32_t t = b.type({}, {});
  uint32_t declared = b.func(t, {kRefFunc, 0, kRefIsNull, kDrop, kEnd});
  uint32_t undeclared = b.func(t, {kRefFunc, 1, kDrop, kEnd});
  uint32_t unknown = b.func(t, {kRefFunc, 50, kDrop, kEnd});
  uint32_t nullExtern = b.func(b.type({}, {ExternRef}), {kRefNull, kTypeExternRef, kEnd});
  uint32_t nullWrong = b.func(b.type({}, {ExternRef}), {kRefNull, kTypeFuncRef, kEnd});
  uint32_t isNullOfI32 = b.func(t, {kI32Const, 0, kRefIsNull, kDrop, kEnd});
  uint32_t badRefType = b.func(t, {kRefNull, kTypeI32, kDrop, kEnd});
  b.declareRef(declared);
  EXPECT_TRUE(isValid(validateFunc(b.module(), declared)));
  EXPECT_TRUE(isInvalid(validateFunc(b.module(), undeclared), "undeclared function reference"));
  EXPECT_TRUE(isInvalid(validateFunc(b.module(), unknown), "unknown function"));
  EXPECT_TRUE(isValid(validateFunc(b.module(), nullExtern)));
  EXPECT_TRUE(isInvalid(validateFunc(b.module(), nullWrong)));
  EXPECT_TRUE(isInvalid(validateFunc(b.module(), isNullOfI32)));
  EXPECT_TRUE(isMalformed(validateFunc(b.module(), badRefType), "malformed reference type"));
}

TEST(FunctionValidator, TableOperators) {
  ModuleBuilder b;
  b.table(FuncRef);
  b.table(ExternRef);
  b.elemSegment(FuncRef);
  uint32_t t = b.type({}, {});
  uint32_t getSet =
      b.func(t, {kI32Const, 0, kI32Const, 0, 0x25, 0, 0x26, 0, kEnd});  // table.set 0 (table.get 0)
  uint32_t setWrong = b.func(t, {kI32Const, 0, kRefNull, kTypeFuncRef, 0x26, 1, kEnd});
  uint32_t sizeGrowFill = b.func(t, {0xFC,      16,
                                     1,         kDrop,  // size
                                     kRefNull,  kTypeExternRef,
                                     kI32Const, 1,
                                     0xFC,      15,
                                     1,         kDrop,  // grow
                                     kI32Const, 0,
                                     kRefNull,  kTypeExternRef,
                                     kI32Const, 1,
                                     0xFC,      17,
                                     1,  // fill
                                     kEnd});
  uint32_t copy = b.func(t, {kI32Const, 0, kI32Const, 0, kI32Const, 0, 0xFC, 14, 0, 0, kEnd});
  uint32_t copyMixed = b.func(t, {kI32Const, 0, kI32Const, 0, kI32Const, 0, 0xFC, 14, 0, 1, kEnd});
  uint32_t init =
      b.func(t, {kI32Const, 0, kI32Const, 0, kI32Const, 0, 0xFC, 12, 0, 0, 0xFC, 13, 0, kEnd});
  uint32_t initMixed = b.func(t, {kI32Const, 0, kI32Const, 0, kI32Const, 0, 0xFC, 12, 0, 1, kEnd});
  uint32_t unknownElem = b.func(t, {0xFC, 13, 1, kEnd});
  uint32_t unknownTable = b.func(t, {0xFC, 16, 2, kDrop, kEnd});
  EXPECT_TRUE(isValid(validateFunc(b.module(), getSet)));
  EXPECT_TRUE(isInvalid(validateFunc(b.module(), setWrong)));
  EXPECT_TRUE(isValid(validateFunc(b.module(), sizeGrowFill)));
  EXPECT_TRUE(isValid(validateFunc(b.module(), copy)));
  EXPECT_TRUE(isInvalid(validateFunc(b.module(), copyMixed)));
  EXPECT_TRUE(isValid(validateFunc(b.module(), init)));
  EXPECT_TRUE(isInvalid(validateFunc(b.module(), initMixed)));
  EXPECT_TRUE(isInvalid(validateFunc(b.module(), unknownElem), "unknown elem segment"));
  EXPECT_TRUE(isInvalid(validateFunc(b.module(), unknownTable), "unknown table"));
}

// ===========================================================================
// Memory
// ===========================================================================

TEST(FunctionValidator, LoadsStoresAndAlignment) {
  EXPECT_TRUE(isValid(validateBody({kI32Const, 0, kI32Load, 2, 0, kEnd}, {}, {I32})));
  EXPECT_TRUE(
      isValid(validateBody({kI32Const, 0, kI32Const, 0, kI32Store, 0, 0x80, 0x80, 0x04, kEnd})));
  EXPECT_TRUE(isInvalid(validateBody({kI32Const, 0, kI32Load, 3, 0, kEnd}, {}, {I32}),
                        "alignment must not be larger than natural"));
  EXPECT_TRUE(isInvalid(validateBody({kI32Const, 0, 0x2D /*i32.load8_u*/, 1, 0, kEnd}, {}, {I32}),
                        "alignment must not be larger than natural"));
  EXPECT_TRUE(isInvalid(validateBody({kI64Const, 0, kI32Load, 2, 0, kEnd}, {}, {I32})));
  EXPECT_TRUE(isInvalid(validateBody({kI32Const, 0, kI64Const, 0, kI32Store, 2, 0, kEnd})));
  // Offsets are u32.
  EXPECT_TRUE(isMalformed(
      validateBody({kI32Const, 0, kI32Load, 2, 0x80, 0x80, 0x80, 0x80, 0x10, kEnd}, {}, {I32}),
      "integer too large"));
  // An exponent of 32 or more (bit 6 is multi-memory's index flag) is
  // malformed, not merely too large (later spec tests' align.wast).
  for (uint8_t flags : {0x20, 0x21, 0x3F, 0x40, 0x41})
    EXPECT_TRUE(isMalformed(validateBody({kI32Const, 0, kI32Load, flags, 0, kEnd}, {}, {I32}),
                            "malformed memop flags"))
        << int{flags};
  EXPECT_TRUE(isInvalid(validateBody({kI32Const, 0, kI32Load, 0x1F, 0, kEnd}, {}, {I32}),
                        "alignment must not be larger than natural"));
  ModuleBuilder b;
  uint32_t f = b.func(b.type({}, {I32}), {kI32Const, 0, kI32Load, 2, 0, kEnd});
  EXPECT_TRUE(isInvalid(validateFunc(b.module(), f), "unknown memory"));
}

TEST(FunctionValidator, MemorySizeAndGrow) {
  EXPECT_TRUE(isValid(validateBody({kMemorySize, 0, kMemoryGrow, 0, kEnd}, {}, {I32})));
  EXPECT_TRUE(isMalformed(validateBody({kMemorySize, 1, kEnd}, {}, {I32}), "zero byte expected"));
  // The reserved byte is a byte, not a LEB.
  EXPECT_TRUE(
      isMalformed(validateBody({kMemorySize, 0x80, 0x00, kEnd}, {}, {I32}), "zero byte expected"));
  EXPECT_TRUE(isInvalid(validateBody({kI64Const, 0, kMemoryGrow, 0, kEnd}, {}, {I32})));
}

TEST(FunctionValidator, BulkMemory) {
  ModuleBuilder b;
  b.memory();
  b.dataCount(2);
  uint32_t t = b.type({}, {});
  uint32_t init =
      b.func(t, {kI32Const, 0, kI32Const, 0, kI32Const, 0, 0xFC, 8, 1, 0, 0xFC, 9, 0, kEnd});
  uint32_t copyFill = b.func(t, {kI32Const, 0, kI32Const, 0, kI32Const, 0, 0xFC, 10, 0, 0,
                                 kI32Const, 0, kI32Const, 0, kI32Const, 0, 0xFC, 11, 0, kEnd});
  uint32_t unknownData = b.func(t, {0xFC, 9, 2, kEnd});
  uint32_t copyReserved =
      b.func(t, {kI32Const, 0, kI32Const, 0, kI32Const, 0, 0xFC, 10, 0, 1, kEnd});
  uint32_t fillI64 = b.func(t, {kI32Const, 0, kI32Const, 0, kI64Const, 0, 0xFC, 11, 0, kEnd});
  EXPECT_TRUE(isValid(validateFunc(b.module(), init)));
  EXPECT_TRUE(isValid(validateFunc(b.module(), copyFill)));
  EXPECT_TRUE(isInvalid(validateFunc(b.module(), unknownData), "unknown data segment"));
  EXPECT_TRUE(isMalformed(validateFunc(b.module(), copyReserved), "zero byte expected"));
  EXPECT_TRUE(isInvalid(validateFunc(b.module(), fillI64)));
  // Without a data count section, memory.init and data.drop cannot be decoded.
  b.module().dataCount.reset();
  EXPECT_TRUE(isMalformed(validateFunc(b.module(), init), "data count section required"));
  EXPECT_TRUE(isValid(validateFunc(b.module(), copyFill)));
}

// ===========================================================================
// Malformed bodies
// ===========================================================================

TEST(FunctionValidator, MalformedBodies) {
  EXPECT_TRUE(isMalformed(validateBody({0xFF, kEnd}), "illegal opcode"));
  EXPECT_TRUE(isMalformed(validateBody({0x06, kEnd}), "illegal opcode"));  // try: not in 2.0
  EXPECT_TRUE(isMalformed(validateBody({0xFC, 0x12, kEnd}), "illegal opcode"));
  EXPECT_TRUE(isMalformed(validateBody({0xFD, 0x9A, 0x01, kEnd}),
                          "illegal opcode"));  // hole in the SIMD table
  EXPECT_TRUE(isMalformed(validateBody({0xFD, 0x80, 0x80, 0x04, kEnd}), "illegal opcode"));
  EXPECT_TRUE(isMalformed(validateBody({}), "unexpected end"));
  EXPECT_TRUE(isMalformed(validateBody({kNop}), "unexpected end"));
  EXPECT_TRUE(isMalformed(validateBody({kBlock, kVoid, kEnd}), "unexpected end"));
  EXPECT_TRUE(isMalformed(validateBody({kEnd, kNop}), "operators remaining after end of function"));
  EXPECT_TRUE(isMalformed(validateBody({kI32Const}), "unexpected end"));
  EXPECT_TRUE(
      isMalformed(validateBody({kI32Const, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, kDrop, kEnd}),
                  "integer representation too long"));
  EXPECT_TRUE(isMalformed(validateBody({kF64Const, 0, 0, 0}), "unexpected end"));
  EXPECT_TRUE(isMalformed(validateBody({kElse, kEnd}), "else"));
  EXPECT_TRUE(isMalformed(validateBody({kBlock, kVoid, kElse, kEnd, kEnd}), "else"));
  EXPECT_TRUE(isMalformed(validateBody({kLocalGet, 0, kIf, kVoid, kElse, kElse, kEnd, kEnd}, {I32}),
                          "else"));
}

// The spec decodes a module before validating it, so a decoding error
// after a type error in the same body is what gets reported.
TEST(FunctionValidator, MalformedOutranksEarlierInvalid) {
  EXPECT_TRUE(isInvalid(validateBody({kI64Const, 0, kI32Eqz, kDrop, kEnd})));
  EXPECT_TRUE(
      isMalformed(validateBody({kI64Const, 0, kI32Eqz, kDrop, 0xFF, kEnd}), "illegal opcode"));
  EXPECT_TRUE(
      isMalformed(validateBody({kI64Const, 0, kI32Eqz, kDrop, kEnd, kNop}), "operators remaining"));
  // The failing operator opened a frame (unknown block type): it still
  // needs its end.
  EXPECT_TRUE(isInvalid(validateBody({kBlock, 0x30, kEnd, kEnd}), "unknown type"));
  EXPECT_TRUE(isMalformed(validateBody({kBlock, 0x30, kEnd}), "unexpected end"));
  // ... or was an if (i64 condition), whose else is then legal once.
  EXPECT_TRUE(isInvalid(validateBody({kI64Const, 0, kIf, kVoid, kElse, kEnd, kEnd})));
  EXPECT_TRUE(
      isMalformed(validateBody({kI64Const, 0, kIf, kVoid, kElse, kElse, kEnd, kEnd}), "else"));
  // ... or closed one (the function's own end, with a wrong result).
  EXPECT_TRUE(isMalformed(validateBody({kI64Const, 0, kEnd, kNop}), "operators remaining"));
  // ... or failed on a later immediate (lane index checked after the memarg
  // and lane are both read).
  Bytes laneThenJunk = cat({constOf(I32), constOf(V128), {0xFD, 0x54, 0, 0, 16, kDrop, kEnd}});
  EXPECT_TRUE(isInvalid(validateBody(laneThenJunk), "invalid lane index"));
  laneThenJunk.back() = 0xFF;
  EXPECT_TRUE(isMalformed(validateBody(laneThenJunk), "illegal opcode"));
}

TEST(FunctionValidator, MalformedOutranksInvalidAcrossBodies) {
  ModuleBuilder b;
  uint32_t t = b.type({}, {});
  uint32_t invalidBody = b.func(t, {kI32Const, 0, kEnd});
  uint32_t malformedBody = b.func(t, {kNop});
  Result<void> r = validateModuleAndBodies(b.module());
  ASSERT_TRUE(isMalformed(r, "unexpected end"));
  EXPECT_NE(r.error().message().find("function 1"), std::string::npos) << r.error().message();
  // checkEncoding decodes only.
  NullVisitor visitor;
  FunctionValidator<NullVisitor> validator(b.module(), visitor);
  EXPECT_TRUE(isValid(validator.checkEncoding(invalidBody)));
  EXPECT_TRUE(isMalformed(validator.checkEncoding(malformedBody), "unexpected end"));
  // Once the malformed body is fixed, the invalid one is reported.
  b.module().bytes.back() = kEnd;
  EXPECT_TRUE(isInvalid(validateModuleAndBodies(b.module())));
}

TEST(FunctionValidator, DataIndexWithoutAnyDataSegments) {
  // No data count section and no data section: the index is unknown
  // whatever the encoding (memory_init.wast expects an invalid module).
  EXPECT_TRUE(isInvalid(validateBody({0xFC, 9, 0, kEnd}), "unknown data segment"));
  EXPECT_TRUE(
      isInvalid(validateBody({kI32Const, 0, kI32Const, 0, kI32Const, 0, 0xFC, 8, 0, 0, kEnd}),
                "unknown data segment"));
}

TEST(FunctionValidator, MalformedOffsetIsTheBadImmediate) {
  Result<void> r = validateBody({kNop, kI32Const, 0xFF, 0xFF, 0xFF, 0xFF, 0x4F, kDrop, kEnd});
  ASSERT_TRUE(isMalformed(r, "integer too large"));
  EXPECT_NE(r.error().message().find("byte offset 2"), std::string::npos) << r.error().message();
}

// ===========================================================================
// Every table-driven operator of opcodes.def, scalar and SIMD
// ===========================================================================

struct TableOp {
  const char* name;
  uint32_t code;
  ValType out;  // Bottom: none
  std::vector<ValType> operands;
  int naturalAlign;  // loads and stores; -1 otherwise
};

std::vector<TableOp> tableOps() {
  constexpr ValType None = ValType::Bottom;
  std::vector<TableOp> ops;
#define EMBER_LOAD_OP(Name, code, text, Type, align) \
  ops.push_back({text, code, ValType::Type, {I32}, align});
#define EMBER_STORE_OP(Name, code, text, Type, align) \
  ops.push_back({text, code, None, {I32, ValType::Type}, align});
#define EMBER_OP1(Name, code, text, Out, A) \
  ops.push_back({text, code, ValType::Out, {ValType::A}, -1});
#define EMBER_OP2(Name, code, text, Out, A, B) \
  ops.push_back({text, code, ValType::Out, {ValType::A, ValType::B}, -1});
#define EMBER_OP3(Name, code, text, Out, A, B, C) \
  ops.push_back({text, code, ValType::Out, {ValType::A, ValType::B, ValType::C}, -1});
#include "runtime/format/opcodes.def"
  return ops;
}

Bytes tableOpBody(const TableOp& op, const std::vector<ValType>& operands, uint8_t align) {
  Bytes body;
  for (ValType t : operands) body = cat({body, constOf(t)});
  body = cat({body, encodeOpcode(op.code)});
  if (op.naturalAlign >= 0) body = cat({body, {align, 0}});
  if (op.out != ValType::Bottom) body.push_back(kDrop);
  body.push_back(kEnd);
  return body;
}

TEST(FunctionValidator, EveryTableDrivenOperator) {
  std::vector<TableOp> ops = tableOps();
  int simd = 0, relaxed = 0;
  for (const TableOp& op : ops) {
    SCOPED_TRACE(op.name);
    if ((op.code >> 8) == kPrefixSimd) simd++;
    if ((op.code >> 8) == 0xFE) relaxed++;
    uint8_t align = static_cast<uint8_t>(op.naturalAlign < 0 ? 0 : op.naturalAlign);
    EXPECT_TRUE(isValid(validateBody(tableOpBody(op, op.operands, align))));
    // Each operand position with a wrong type is rejected.
    for (size_t i = 0; i < op.operands.size(); ++i) {
      std::vector<ValType> wrong = op.operands;
      wrong[i] = otherType(wrong[i]);
      EXPECT_TRUE(isInvalid(validateBody(tableOpBody(op, wrong, align)))) << "operand " << i;
    }
    // One operand short.
    std::vector<ValType> shorter(op.operands.begin() + 1, op.operands.end());
    EXPECT_TRUE(isInvalid(validateBody(tableOpBody(op, shorter, align))));
    // The result type is the declared one: consuming it as another type fails.
    if (op.out != ValType::Bottom) {
      Bytes body = tableOpBody(op, op.operands, align);
      body.resize(body.size() - 2);  // drop the `drop end`
      EXPECT_TRUE(isInvalid(validateBody(cat({body, {kEnd}}), {}, {otherType(op.out)})));
      EXPECT_TRUE(isValid(validateBody(cat({body, {kEnd}}), {}, {op.out})));
    }
    if (op.naturalAlign >= 0) {
      EXPECT_TRUE(isInvalid(validateBody(tableOpBody(op, op.operands, align + 1)),
                            "alignment must not be larger than natural"));
    }
  }
  // The table-driven SIMD rows; with v128.const, i8x16.shuffle, the 14
  // extract/replace_lane and the 8 load/store_lane operators (tested below)
  // they make the 236 SIMD operators of 2.0.
  EXPECT_EQ(simd, 236 - 1 - 1 - 14 - 8);
  EXPECT_EQ(relaxed, 6);  // the relaxed SIMD rows; the other 13 decode as 2.0 operators
}

// Relaxed SIMD (WebAssembly 3.0): sub-opcodes 0x100-0x113 of 0xFD, those that
// may behave as a 2.0 operator decoded as that one and typed like it.
TEST(FunctionValidator, RelaxedSimdOperators) {
  const Bytes v = constOf(V128);
  auto relaxed = [](uint32_t sub) { return encodeOpcode(0xFE00 + (sub - 0x100)); };
  auto unary = [&](uint32_t sub) { return cat({v, relaxed(sub), {kDrop, kEnd}}); };
  auto binary = [&](uint32_t sub) { return cat({v, v, relaxed(sub), {kDrop, kEnd}}); };
  auto ternary = [&](uint32_t sub) { return cat({v, v, v, relaxed(sub), {kDrop, kEnd}}); };
  for (uint32_t sub : {0x101u, 0x102u, 0x103u, 0x104u})
    EXPECT_TRUE(isValid(validateBody(unary(sub))));
  for (uint32_t sub : {0x100u, 0x10Du, 0x10Eu, 0x10Fu, 0x110u, 0x111u, 0x112u})
    EXPECT_TRUE(isValid(validateBody(binary(sub)))) << std::hex << sub;
  for (uint32_t sub : {0x105u, 0x106u, 0x107u, 0x108u, 0x109u, 0x10Au, 0x10Bu, 0x10Cu, 0x113u})
    EXPECT_TRUE(isValid(validateBody(ternary(sub)))) << std::hex << sub;
  EXPECT_TRUE(isInvalid(validateBody(binary(0x105))));  // madd takes three
  EXPECT_TRUE(isInvalid(validateBody(cat({v, v, constOf(I32), relaxed(0x109), {kDrop, kEnd}}))));
  // relaxed_dot_bf16x8_add_f32x4 (0x114) left the proposal.
  EXPECT_TRUE(isMalformed(validateBody(ternary(0x114)), "illegal opcode"));
  EXPECT_TRUE(isMalformed(validateBody(ternary(0x1FF)), "illegal opcode"));
}

// ===========================================================================
// SIMD operators with immediates
// ===========================================================================

TEST(FunctionValidator, SimdLaneOperators) {
  Bytes v = constOf(V128);
  struct Lane {
    uint8_t sub;
    int lanes;
    ValType scalar;
    bool replace;
  };
  const Lane laneOps[] = {{0x15, 16, I32, false}, {0x16, 16, I32, false}, {0x17, 16, I32, true},
                          {0x18, 8, I32, false},  {0x19, 8, I32, false},  {0x1A, 8, I32, true},
                          {0x1B, 4, I32, false},  {0x1C, 4, I32, true},   {0x1D, 2, I64, false},
                          {0x1E, 2, I64, true},   {0x1F, 4, F32, false},  {0x20, 4, F32, true},
                          {0x21, 2, F64, false},  {0x22, 2, F64, true}};
  for (const Lane& op : laneOps) {
    SCOPED_TRACE(op.sub);
    auto body = [&](uint8_t lane, ValType scalar) {
      Bytes b = v;
      if (op.replace) b = cat({b, constOf(scalar)});
      return cat({b, {0xFD, op.sub, lane, kDrop, kEnd}});
    };
    EXPECT_TRUE(isValid(validateBody(body(static_cast<uint8_t>(op.lanes - 1), op.scalar))));
    EXPECT_TRUE(isInvalid(validateBody(body(static_cast<uint8_t>(op.lanes), op.scalar)),
                          "invalid lane index"));
    if (op.replace) {
      EXPECT_TRUE(isInvalid(validateBody(body(0, otherType(op.scalar)))));
    }
    // Extract results have the scalar type.
    if (!op.replace) {
      EXPECT_TRUE(isValid(validateBody(cat({v, {0xFD, op.sub, 0, kEnd}}), {}, {op.scalar})));
      EXPECT_TRUE(isInvalid(validateBody(cat({v, {0xFD, op.sub, 0, kEnd}}), {}, {V128})));
    }
  }
}

TEST(FunctionValidator, SimdShuffleAndConst) {
  Bytes v = constOf(V128);
  Bytes lanes = {0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 31};
  EXPECT_TRUE(isValid(validateBody(cat({v, v, {0xFD, 0x0D}, lanes, {kEnd}}), {}, {V128})));
  lanes[15] = 32;
  EXPECT_TRUE(isInvalid(validateBody(cat({v, v, {0xFD, 0x0D}, lanes, {kEnd}}), {}, {V128}),
                        "invalid lane index"));
  lanes[15] = 0;
  EXPECT_TRUE(
      isInvalid(validateBody(cat({v, constOf(I32), {0xFD, 0x0D}, lanes, {kEnd}}), {}, {V128})));
  EXPECT_TRUE(isMalformed(validateBody({0xFD, 0x0C, 1, 2, 3}), "unexpected end"));
  // Sub-opcodes are LEB u32: 0x0C padded to two bytes is still v128.const.
  EXPECT_TRUE(isValid(validateBody(cat({{0xFD, 0x8C, 0x00}, Bytes(16, 0), {kEnd}}), {}, {V128})));
}

TEST(FunctionValidator, SimdLoadStoreLane) {
  Bytes v = constOf(V128);
  for (uint8_t width = 0; width < 4; ++width) {
    SCOPED_TRACE(width);
    uint8_t load = static_cast<uint8_t>(0x54 + width), store = static_cast<uint8_t>(0x58 + width);
    uint8_t lastLane = static_cast<uint8_t>((16 >> width) - 1);
    EXPECT_TRUE(isValid(
        validateBody(cat({constOf(I32), v, {0xFD, load, width, 0, lastLane, kEnd}}), {}, {V128})));
    EXPECT_TRUE(
        isValid(validateBody(cat({constOf(I32), v, {0xFD, store, width, 0, lastLane, kEnd}}))));
    EXPECT_TRUE(isInvalid(
        validateBody(cat({constOf(I32),
                          v,
                          {0xFD, load, width, 0, static_cast<uint8_t>(lastLane + 1), kEnd}}),
                     {}, {V128}),
        "invalid lane index"));
    EXPECT_TRUE(isInvalid(
        validateBody(
            cat({constOf(I32), v, {0xFD, store, static_cast<uint8_t>(width + 1), 0, 0, kEnd}})),
        "alignment must not be larger than natural"));
    EXPECT_TRUE(isInvalid(validateBody(cat({v, v, {0xFD, store, 0, 0, 0, kEnd}}))));
  }
}

// ===========================================================================
// The visitor contract (visitor.h)
// ===========================================================================

// Records every call it gets as a short string; also checks what the
// validator exposes while each call runs.
class RecordingVisitor : public OperatorVisitor<RecordingVisitor> {
 public:
  std::vector<std::string> calls;
  const FunctionValidator<RecordingVisitor>* validator = nullptr;
  std::vector<uint32_t> offsets;
  std::vector<uint32_t> depths;
  std::vector<std::vector<ValType>> stacks;

  void beginFunction(uint32_t index, const FuncType& type, std::span<const ValType> locals) {
    std::string s = "begin " + std::to_string(index) + " " + type.toString() + " locals";
    for (ValType t : locals) s += std::string(" ") + valTypeName(t);
    calls.push_back(s);
  }
  void visitFunctionEnd(bool reachable) {
    record(std::string("function_end ") + (reachable ? "live" : "dead"));
  }
  void visitUnreachable() { record("unreachable"); }
  void visitNop() { record("nop"); }
  void visitBlock(BlockType t) { record("block " + arity(t)); }
  void visitLoop(BlockType t) { record("loop " + arity(t)); }
  void visitIf(BlockType t) { record("if " + arity(t)); }
  void visitElse(bool reachable) { record(std::string("else ") + (reachable ? "live" : "dead")); }
  void visitEnd(bool reachable) { record(std::string("end ") + (reachable ? "live" : "dead")); }
  void visitBr(uint32_t depth) { record("br " + std::to_string(depth)); }
  void visitBrIf(uint32_t depth) { record("br_if " + std::to_string(depth)); }
  void visitBrTable(std::span<const uint32_t> targets, uint32_t defaultDepth) {
    std::string s = "br_table";
    for (uint32_t t : targets) s += " " + std::to_string(t);
    record(s + " default " + std::to_string(defaultDepth));
  }
  void visitReturn() { record("return"); }
  void visitCall(uint32_t index, const FuncType& type) {
    record("call " + std::to_string(index) + " " + type.toString());
  }
  void visitDrop(ValType t) { record(std::string("drop ") + valTypeName(t)); }
  void visitSelect(ValType t) { record(std::string("select ") + valTypeName(t)); }
  void visitLocalGet(uint32_t i, ValType t) {
    record("local.get " + std::to_string(i) + " " + valTypeName(t));
  }
  void visitLocalSet(uint32_t i, ValType t) {
    record("local.set " + std::to_string(i) + " " + valTypeName(t));
  }
  void visitI32Const(int32_t v) { record("i32.const " + std::to_string(v)); }
  void visitI64Const(int64_t v) { record("i64.const " + std::to_string(v)); }
  void visitF32Const(uint32_t bits) { record("f32.const " + std::to_string(bits)); }
  void visitNumeric(Opcode op) { record(opcodeName(op)); }
  void visitLoad(Opcode op, MemArg m) {
    record(std::string(opcodeName(op)) + " align=" + std::to_string(m.alignLog2) +
           " offset=" + std::to_string(m.offset));
  }
  void visitExtractLane(Opcode op, uint8_t lane) {
    record(std::string(opcodeName(op)) + " " + std::to_string(lane));
  }
  void visitLoadLane(Opcode op, MemArg m, uint8_t lane) {
    record(std::string(opcodeName(op)) + " offset=" + std::to_string(m.offset) + " lane " +
           std::to_string(lane));
  }

 private:
  static std::string arity(BlockType t) {
    return std::to_string(t.params.size()) + "->" + std::to_string(t.results.size());
  }
  void record(std::string s) {
    calls.push_back(std::move(s));
    offsets.push_back(validator->offset());
    depths.push_back(validator->controlDepth());
    std::span<const ValType> types = validator->operandTypes();
    stacks.emplace_back(types.begin(), types.end());
  }
};

// A visitor that only overrides the per-operator method: the generated
// forwarding must not also call visitNumeric.
class AddCounter : public OperatorVisitor<AddCounter> {
 public:
  int adds = 0, numerics = 0;
  void visitI32Add() { adds++; }
  void visitNumeric(Opcode) { numerics++; }
};

// Visitors that override no per-operator method get the opcode directly
// (visitor.h); the tests below see the same calls either way.
static_assert(kVisitsNumericByOpcode<RecordingVisitor> &&
              kVisitsLoadStoreByOpcode<RecordingVisitor>);
static_assert(!kVisitsNumericByOpcode<AddCounter> && kVisitsLoadStoreByOpcode<AddCounter>);

std::vector<std::string> record(const Module& module, uint32_t funcIndex,
                                RecordingVisitor& visitor) {
  FunctionValidator<RecordingVisitor> validator(module, visitor);
  visitor.validator = &validator;
  Result<void> r = validator.validate(funcIndex);
  EXPECT_TRUE(isValid(r));
  return visitor.calls;
}

TEST(FunctionValidatorVisitor, SeesOperatorsWithImmediates) {
  ModuleBuilder b;
  b.memory();
  uint32_t f =
      b.func(b.type({I32}, {I32}),
             {kLocalGet, 0, kI32Const, 0x7F, kI32Add, kI32Const, 0, kI32Load, 2, 8, kI32Add, kEnd},
             {{1, F32}});
  RecordingVisitor v;
  std::vector<std::string> expected = {"begin 0 [i32] -> [i32] locals i32 f32",
                                       "local.get 0 i32",
                                       "i32.const -1",
                                       "i32.add",
                                       "i32.const 0",
                                       "i32.load align=2 offset=8",
                                       "i32.add",
                                       "function_end live"};
  EXPECT_EQ(record(b.module(), f, v), expected);
  // Offsets are module offsets of each operator; the type stack is the one
  // after the operator.
  EXPECT_EQ(v.offsets, (std::vector<uint32_t>{0, 2, 4, 5, 7, 10, 11}));
  EXPECT_EQ(v.stacks[1], (std::vector<ValType>{I32, I32}));
  EXPECT_EQ(v.stacks[2], (std::vector<ValType>{I32}));
  EXPECT_EQ(v.depths.back(), 0u);
  EXPECT_EQ(v.depths.front(), 1u);
}

TEST(FunctionValidatorVisitor, DeadCodeIsNotVisited) {
  ModuleBuilder b;
  uint32_t f =
      b.func(b.type({I32}, {I32}), {kBlock,    kTypeI32,  // block (result i32)
                                    kI32Const, 1,
                                    kBr,       0,  //   br 0
                                    kI32Const, 2,
                                    kI32Add,  //   dead
                                    kBlock,    kVoid,
                                    kNop,      kEnd,  //   dead nested block: not reported at all
                                    kEnd,             // end: dead before it
                                    kLocalGet, 0,
                                    kIf,       kTypeI32,  // if
                                    kI32Const, 3,
                                    kReturn,   kDrop,  //   return, then dead drop
                                    kElse,     kI32Const,
                                    4,         kEnd,  // else (then arm was dead) ... end (live)
                                    kI32Add,   kUnreachable,
                                    kNop,      kEnd});  // function end after unreachable
  RecordingVisitor v;
  std::vector<std::string> expected = {"begin 0 [i32] -> [i32] locals i32",
                                       "block 0->1",
                                       "i32.const 1",
                                       "br 0",
                                       "end dead",
                                       "local.get 0 i32",
                                       "if 0->1",
                                       "i32.const 3",
                                       "return",
                                       "else dead",
                                       "i32.const 4",
                                       "end live",
                                       "i32.add",
                                       "unreachable",
                                       "function_end dead"};
  EXPECT_EQ(record(b.module(), f, v), expected);
  // After br, the stack is cut back to the block's height; after the
  // block's end it holds the block's result.
  EXPECT_EQ(v.stacks[2], std::vector<ValType>{});
  EXPECT_EQ(v.stacks[3], std::vector<ValType>{I32});
  EXPECT_EQ(v.depths[0], 2u);  // inside the block
}

TEST(FunctionValidatorVisitor, FramesOpenedInDeadCodeAreNotReported) {
  ModuleBuilder b;
  uint32_t f = b.func(b.type({}, {}), {kUnreachable,                                       //
                                       kBlock, kVoid, kNop, kLoop, kVoid, kEnd, kEnd,      // dead
                                       kI32Const, 0, kIf, kVoid, kNop, kElse, kNop, kEnd,  // dead
                                       kEnd});
  RecordingVisitor v;
  std::vector<std::string> expected = {"begin 0 [] -> [] locals", "unreachable",
                                       "function_end dead"};
  EXPECT_EQ(record(b.module(), f, v), expected);
}

// Only falling off a loop's body reaches its end: after a loop whose body
// ends in br, the code up to the enclosing frame's end (or else) is dead,
// though typed as reachable, and that end is reported as dead. An else arm
// and the code after an outer end are live again.
TEST(FunctionValidatorVisitor, CodeAfterALoopThatCannotFallThroughIsNotVisited) {
  ModuleBuilder b;
  uint32_t f =
      b.func(b.type({I32}, {I32}), {kBlock,    kVoid,                // block
                                    kLoop,     kVoid,                //   loop
                                    kLocalGet, 0,     kBrIf,     1,  //     br_if 1
                                    kBr,       0,                    //     br 0
                                    kEnd,  //   end (dead: no fall-through)
                                    kI32Const, 7,     kLocalSet, 0,  //   dead, typed as reachable
                                    kBlock,    kVoid, kNop,      kEnd,   //   dead nested block
                                    kEnd,                                // end: dead before it
                                    kLocalGet, 0,     kIf,       kVoid,  // if
                                    kLoop,     kVoid, kBr,       0,     kEnd,  //   loop br 0 end
                                    kNop,                                      //   dead
                                    kElse,     kNop,  kEnd,                    // else nop end
                                    kLocalGet, 0,     kEnd});
  RecordingVisitor v;
  std::vector<std::string> expected = {"begin 0 [i32] -> [i32] locals i32",
                                       "block 0->0",
                                       "loop 0->0",
                                       "local.get 0 i32",
                                       "br_if 1",
                                       "br 0",
                                       "end dead",
                                       "end dead",
                                       "local.get 0 i32",
                                       "if 0->0",
                                       "loop 0->0",
                                       "br 0",
                                       "end dead",
                                       "else dead",
                                       "nop",
                                       "end live",
                                       "local.get 0 i32",
                                       "function_end live"};
  EXPECT_EQ(record(b.module(), f, v), expected);
}

TEST(FunctionValidatorVisitor, BranchesAndCalls) {
  ModuleBuilder b;
  b.memory();
  uint32_t callee = b.importFunc(b.type({I64}, {}));
  uint32_t f =
      b.func(b.type({I32}, {}), {kLoop,     kVoid,               //
                                 kLocalGet, 0,     kBrIf,    0,  //
                                 kBlock,    kVoid,               //
                                 kLocalGet, 0,     kBrTable, 2,
                                 0,         1,     1,                                       //
                                 kEnd,                                                      //
                                 kI64Const, 9,     kCall,    static_cast<uint8_t>(callee),  //
                                 kEnd,      kEnd});
  RecordingVisitor v;
  std::vector<std::string> expected = {"begin 1 [i32] -> [] locals i32",
                                       "loop 0->0",
                                       "local.get 0 i32",
                                       "br_if 0",
                                       "block 0->0",
                                       "local.get 0 i32",
                                       "br_table 0 1 default 1",
                                       "end dead",
                                       "i64.const 9",
                                       "call 0 [i64] -> []",
                                       "end live",
                                       "function_end live"};
  EXPECT_EQ(record(b.module(), f, v), expected);
}

TEST(FunctionValidatorVisitor, SelectAndDropTypesAndSimd) {
  ModuleBuilder b;
  b.memory();
  uint32_t f = b.func(
      b.type({}, {}),
      cat({{kF32Const, 0, 0, 0x80, 0x3F, kF32Const, 0, 0, 0, 0, kI32Const, 1, kSelect, kDrop},
           constOf(V128),
           {0xFD, 0x1F, 3, kDrop},  // f32x4.extract_lane 3
           constOf(I32),
           constOf(V128),                //
           {0xFD, 0x55, 1, 4, 7, kDrop,  // v128.load16_lane offset=4 lane 7
            kEnd}}));
  RecordingVisitor v;
  std::vector<std::string> expected = {"begin 0 [] -> [] locals",
                                       "f32.const 1065353216",
                                       "f32.const 0",
                                       "i32.const 1",
                                       "select f32",
                                       "drop f32",
                                       "f32x4.extract_lane 3",
                                       "drop f32",
                                       "i32.const 0",
                                       "v128.load16_lane offset=4 lane 7",
                                       "drop v128",
                                       "function_end live"};
  EXPECT_EQ(record(b.module(), f, v), expected);
}

TEST(FunctionValidatorVisitor, PerOperatorMethodsOverrideTheGenericOne) {
  ModuleBuilder b;
  uint32_t f = b.func(b.type({}, {I32}), {kI32Const, 1, kI32Const, 2, kI32Add, kI32Eqz, kEnd});
  AddCounter v;
  FunctionValidator<AddCounter> validator(b.module(), v);
  ASSERT_TRUE(isValid(validator.validate(f)));
  EXPECT_EQ(v.adds, 1);
  EXPECT_EQ(v.numerics, 1);  // i32.eqz only
}

TEST(FunctionValidatorVisitor, ValidatorIsReusableAcrossFunctions) {
  ModuleBuilder b;
  uint32_t t = b.type({}, {I32});
  uint32_t bad = b.func(
      t, {kBlock, kVoid, kBlock, kVoid, kI64Const, 0, kEnd, kEnd, kEnd});  // type error inside
  uint32_t good = b.func(t, {kI32Const, 4, kEnd});
  RecordingVisitor v;
  FunctionValidator<RecordingVisitor> validator(b.module(), v);
  v.validator = &validator;
  EXPECT_TRUE(isInvalid(validator.validate(bad)));
  v.calls.clear();
  EXPECT_TRUE(isValid(validator.validate(good)));
  std::vector<std::string> expected = {"begin 1 [] -> [i32] locals", "i32.const 4",
                                       "function_end live"};
  EXPECT_EQ(v.calls, expected);
  EXPECT_TRUE(isInvalid(validator.validate(bad)));
}

TEST(FunctionValidatorVisitor, BlockTypeSpansOutliveTheCall) {
  struct Keeper : OperatorVisitor<Keeper> {
    std::vector<BlockType> kept;
    void visitBlock(BlockType t) { kept.push_back(t); }
  };
  ModuleBuilder b;
  uint32_t multi = b.type({}, {I32, I64});
  uint32_t f =
      b.func(b.type({}, {}), {kBlock,    kTypeF64, kF64Const, 0,      0,
                              0,         0,        0,         0,      0,
                              0,         kEnd,     kDrop,     kBlock, static_cast<uint8_t>(multi),
                              kI32Const, 0,        kI64Const, 0,      kEnd,
                              kDrop,     kDrop,    kEnd});
  Keeper keeper;
  {
    FunctionValidator<Keeper> validator(b.module(), keeper);
    ASSERT_TRUE(isValid(validator.validate(f)));
  }  // the validator and its buffers are gone
  ASSERT_EQ(keeper.kept.size(), 2u);
  EXPECT_EQ(std::vector<ValType>(keeper.kept[0].results.begin(), keeper.kept[0].results.end()),
            std::vector<ValType>{F64});
  EXPECT_EQ(std::vector<ValType>(keeper.kept[1].results.begin(), keeper.kept[1].results.end()),
            (std::vector<ValType>{I32, I64}));
}

// A visitor that fails (an operator it cannot translate) ends the walk: no
// method runs after its failure, and validate() returns its error, even
// though the rest of the body is valid.
TEST(FunctionValidatorVisitor, VisitorFailureEndsTheWalk) {
  struct FailsAtSecondAdd : OperatorVisitor<FailsAtSecondAdd> {
    int adds = 0;
    int callsAfterFailure = 0;
    std::optional<Error> error;
    const Error* failure() const { return error ? &*error : nullptr; }
    void visitI32Add() {
      if (error) callsAfterFailure++;
      if (++adds == 2) error.emplace(ErrorKind::Unsupported, "second add");
    }
    void visitNumeric(Opcode) { callsAfterFailure += error ? 1 : 0; }
    void visitEnd(bool) { callsAfterFailure += error ? 1 : 0; }
    void visitFunctionEnd(bool) { callsAfterFailure += error ? 1 : 0; }
  };
  ModuleBuilder b;
  uint32_t f = b.func(b.type({}, {I32}),
                      {kI32Const, 1, kI32Const, 2, kI32Add, kI32Const, 3, kI32Add, kI32Const, 4,
                       kI32Add, kBlock, kVoid, kEnd, kEnd});
  FailsAtSecondAdd visitor;
  FunctionValidator<FailsAtSecondAdd> validator(b.module(), visitor);
  Result<void> r = validator.validate(f);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind(), ErrorKind::Unsupported);
  EXPECT_EQ(r.error().message(), "second add");
  EXPECT_EQ(visitor.adds, 2);
  EXPECT_EQ(visitor.callsAfterFailure, 0);

  // A visitor that failed in beginFunction sees no operator at all.
  struct FailsAtBegin : OperatorVisitor<FailsAtBegin> {
    std::optional<Error> error;
    int operators = 0;
    const Error* failure() const { return error ? &*error : nullptr; }
    void beginFunction(uint32_t, const FuncType&, std::span<const ValType>) {
      error.emplace(ErrorKind::Unsupported, "locals");
    }
    void visitI32Const(int32_t) { operators++; }
  };
  FailsAtBegin early;
  FunctionValidator<FailsAtBegin> validator2(b.module(), early);
  Result<void> r2 = validator2.validate(f);
  ASSERT_FALSE(r2.ok());
  EXPECT_EQ(r2.error().message(), "locals");
  EXPECT_EQ(early.operators, 0);
}

}  // namespace
}  // namespace ember
