#include "runtime/interp/instruction_shape.h"

#include <algorithm>
#include <array>
#include <utility>

namespace ember::interp {
namespace {

// Operand words of each instruction (BrTable: variable; shapeOf says 0).
uint32_t operandWords(IOp op) {
  switch (op) {
#define EMBER_X(Name, words) case IOp::Name: return words - 1;
    EMBER_INTERP_SPECIAL_OPS(EMBER_X)
    EMBER_INTERP_FUSED_ACC_OPS(EMBER_X)
    EMBER_INTERP_SUPER_OPS(EMBER_X)
#undef EMBER_X
#define EMBER_ICMP(Name, T, expr, Inverse)            \
  case IOp::Name: case IOp::BrIf##Name: return 3;      \
  case IOp::Name##Imm: case IOp::BrIf##Name##Imm: return 2 + T##_WORDS; \
  EMBER_ADD_BRANCHES_##T(Name)
#define EMBER_ADD_BRANCHES_U32(Name) case IOp::BrIfAdd##Name: case IOp::BrIfAdd##Name##Imm: return 5;
#define EMBER_ADD_BRANCHES_U64(Name)
#define EMBER_IBIN_I(Name, T, expr)          \
  case IOp::Name: case IOp::Name##Acc: return 3; \
  case IOp::Name##Imm: case IOp::Name##ImmAcc: return 2 + T##_WORDS;
#define EMBER_IBIN(Name, T, expr) case IOp::Name: return 3;
#define EMBER_ITRAPBIN(Name, T, fn) \
  case IOp::Name: return 3;         \
  case IOp::Name##Imm: return 2 + T##_WORDS;
#define EMBER_IUN(Name, T, expr) case IOp::Name: return 2;
#define EMBER_ITRAPUN(Name, T, Out, fn) case IOp::Name: return 2;
#define EMBER_ILOAD(Name, MemT, expr) \
  case IOp::Name: return 4;           \
  case IOp::Name##Idx: return 5;
#define EMBER_ISTORE(Name, T, MemT) \
  case IOp::Name: return 4;         \
  case IOp::Name##Idx: return 5;    \
  case IOp::Name##Imm: return 3 + T##_WORDS;
#define U32_WORDS 1
#define U64_WORDS 2
#define F32_WORDS 1
#define F64_WORDS 2
#include "runtime/interp/ops.def"
#undef U32_WORDS
#undef U64_WORDS
#undef F32_WORDS
#undef F64_WORDS
#define EMBER_X(Name, words) case IOp::Name: return words - 1;
    EMBER_INTERP_SIMD_SPECIAL_OPS(EMBER_X)
#undef EMBER_X
#define EMBER_V1(Name, expr) case IOp::Name: return 2;
#define EMBER_V2(Name, expr) case IOp::Name: return 3;
#define EMBER_V3(Name, expr) \
  case IOp::Name:            \
    return 4;
#define EMBER_VTEST(Name, expr) case IOp::Name: return 2;
#define EMBER_VSHIFT(Name, expr) case IOp::Name: case IOp::Name##Imm: return 3;
#define EMBER_VSPLAT(Name, expr) case IOp::Name: return 2;
#define EMBER_VEXTRACT(Name, expr) case IOp::Name: return 3;
#define EMBER_VREPLACE(Name, T) case IOp::Name: return 4;
#define EMBER_VLOAD(Name, bytes, expr) case IOp::Name: return 4;
#define EMBER_VLOADLANE(Name, T) case IOp::Name: return 6;
#define EMBER_VSTORELANE(Name, T) case IOp::Name: return 5;
#include "runtime/interp/simd_ops.def"
    default: return 0;
  }
}


constexpr uint32_t word(uint32_t k) { return 1u << k; }
constexpr uint32_t kDst = word(1);

// The slot operands of the instructions that may run inlined
// (InstructionShape::slotsKnown); false for the others.
bool listSlots(IOp op, InstructionShape& s) {
  auto known = [&s](uint32_t reads, uint32_t writes) {
    s.reads = reads;
    s.writes = writes;
    s.slotsKnown = true;
    return true;
  };
  auto branch = [&s, &known](uint32_t reads, uint32_t writes) {
    s.branches = true;
    return known(reads, writes);
  };
  switch (op) {
    case IOp::Br: case IOp::BrIfGlobalNez: case IOp::BrIfGlobalEqz: return branch(0, 0);
    case IOp::BrIfNez: case IOp::BrIfEqz: case IOp::BrIfNez64: case IOp::BrIfEqz64:
    case IOp::BrIfAndImmNez: case IOp::BrIfAndImmEqz: case IOp::BrTable:
      return branch(word(1), 0);
    case IOp::BrIfAddImmNez: case IOp::BrIfAddImmEqz: return branch(word(2), kDst);
#define EMBER_X(Name, words) case IOp::Name:
    EMBER_INTERP_FLOAT_BRANCH_OPS(EMBER_X)
#undef EMBER_X
      return branch(word(1) | word(2), 0);
    case IOp::Unreachable: case IOp::CheckEpoch: case IOp::CheckFuel: return known(0, 0);
    case IOp::Copy: return known(word(2), kDst);
    case IOp::Const32: case IOp::Const64: case IOp::GlobalGet: case IOp::MemorySize:
      return known(0, kDst);
    case IOp::GlobalSet: return known(word(2), 0);
    case IOp::Select: return known(word(2) | word(3) | word(4), kDst);
    case IOp::MemoryFill: case IOp::MemoryCopy: return known(word(1) | word(2) | word(3), 0);
#if EMBER_INTERP_SUPERINSTRUCTIONS
    case IOp::I64AddLtU: return known(word(2) | word(3) | word(4), kDst);
    case IOp::I32AndNot: case IOp::I64AndNot: return known(word(2) | word(3), kDst);
    case IOp::I32RSubImm: case IOp::I64RSubImm: case IOp::I32RShlImm: case IOp::I64RShlImm:
    case IOp::I32AddLtUImm: case IOp::I32AddLtUImmAcc:
    case IOp::I32DivUConst: case IOp::I32RemUConst: case IOp::I32DivUConstAcc:
    case IOp::I32RemUConstAcc:
      return known(word(2), kDst);
    case IOp::I32AddLoad: case IOp::I64AddLoad: case IOp::F32AddLoad: case IOp::F32MulLoad:
    case IOp::F64AddLoad: case IOp::F64MulLoad: case IOp::I32MulLoad:
      return known(word(2) | word(3), kDst);
    case IOp::I32MulLoadAdd: return known(word(2) | word(3) | word(6), kDst);
    case IOp::I32AddShrUImm: return known(word(2), kDst);
    case IOp::I32AddAnd: return known(word(2) | word(4), kDst);
    case IOp::I32AddXorRotl: case IOp::I32AddXorRotlAcc:
      return known(word(2) | word(4) | word(5), kDst | word(3));
    case IOp::I32LoadStore: case IOp::I64LoadStore: return known(word(1) | word(4), 0);
    case IOp::BrIfLoad8UNez: case IOp::BrIfLoad8UEqz: case IOp::BrIfLoadNez: case IOp::BrIfLoadEqz:
      return branch(word(1), 0);
    case IOp::BrIfStepI32LtUImm: case IOp::BrIfStepI32GeUImm: case IOp::BrIfStepI32LtSImm:
    case IOp::BrIfStepI32GeSImm:
      return branch(word(2) | word(3), kDst);
    case IOp::I128MulStore: return known(word(1) | word(3) | word(4) | word(5) | word(6), 0);
#endif
    // A call's argument base is where the callee's frame starts: the
    // arguments were written there, and the results come back there.
    case IOp::Call: return known(0, word(3));
    case IOp::CallImport: return known(0, word(2));
    case IOp::CallIndirect: return known(word(3), word(4));
    // Fused arithmetic: `dst a b ...`; an Acc form's unused operand names
    // the slot its acc value was written to, so renaming it is harmless.
#if EMBER_INTERP_SUPERINSTRUCTIONS
#define EMBER_FUSED_SHAPE(Name, reads) \
  case IOp::Name: case IOp::Name##Acc: return known(reads, kDst);
#else
#define EMBER_FUSED_SHAPE(Name, reads) case IOp::Name: return known(reads, kDst);
#endif
    EMBER_FUSED_SHAPE(I32AddShl, word(2) | word(3))
    EMBER_FUSED_SHAPE(I32XorShl, word(2) | word(3))
    EMBER_FUSED_SHAPE(I32XorShrU, word(2) | word(3))
    EMBER_FUSED_SHAPE(I64AddShrU, word(2) | word(3))
    EMBER_FUSED_SHAPE(I32XorRotl, word(2) | word(3))
    EMBER_FUSED_SHAPE(I64XorRotl, word(2) | word(3))
    EMBER_FUSED_SHAPE(I32MulAdd, word(2) | word(3) | word(4))
    EMBER_FUSED_SHAPE(I64MulAdd, word(2) | word(3) | word(4))
    EMBER_FUSED_SHAPE(I32ShrUAnd, word(2))
    EMBER_FUSED_SHAPE(I64ShrUAnd, word(2))
#undef EMBER_FUSED_SHAPE
    // ops.def: `dst a b`, `dst a imm`; Acc forms as above.
#define EMBER_ICMP(Name, T, expr, Inverse)                      \
  case IOp::Name: return known(word(2) | word(3), kDst);        \
  case IOp::Name##Imm: return known(word(2), kDst);             \
  case IOp::BrIf##Name: return branch(word(1) | word(2), 0);    \
  case IOp::BrIf##Name##Imm: return branch(word(1), 0);         \
  EMBER_ADD_BRANCHES_##T(Name)
  // `a src imm b target`: a is written before b is read (b may be a).
#define EMBER_ADD_BRANCHES_U32(Name)                                        \
  case IOp::BrIfAdd##Name: return branch(word(2) | word(4), kDst);         \
  case IOp::BrIfAdd##Name##Imm: return branch(word(2), kDst);
#define EMBER_ADD_BRANCHES_U64(Name)
#define EMBER_IBIN_I(Name, T, expr)                                                   \
  case IOp::Name: case IOp::Name##Acc: return known(word(2) | word(3), kDst);          \
  case IOp::Name##Imm: case IOp::Name##ImmAcc: return known(word(2), kDst);
#define EMBER_IBIN(Name, T, expr) case IOp::Name: return known(word(2) | word(3), kDst);
#define EMBER_ITRAPBIN(Name, T, fn)                             \
  case IOp::Name: return known(word(2) | word(3), kDst);        \
  case IOp::Name##Imm: return known(word(2), kDst);
#define EMBER_IUN(Name, T, expr) case IOp::Name: return known(word(2), kDst);
#define EMBER_ITRAPUN(Name, T, Out, fn) case IOp::Name: return known(word(2), kDst);
#define EMBER_ILOAD(Name, MemT, expr)                           \
  case IOp::Name: return known(word(2), kDst);                  \
  case IOp::Name##Idx: return known(word(2) | word(3), kDst);
#define EMBER_ISTORE(Name, T, MemT)                                       \
  case IOp::Name: return known(word(1) | word(2), 0);                     \
  case IOp::Name##Imm: return known(word(1), 0);                          \
  case IOp::Name##Idx: return known(word(1) | word(2) | word(4), 0);
#include "runtime/interp/ops.def"
    default:
      return false;
  }
}

}  // namespace

InstructionShape shapeOf(IOp op) {
  InstructionShape s;
  s.operandWords = op == IOp::BrTable ? 0 : operandWords(op);  // its table says (instructionWords)
  listSlots(op, s);
  return s;
}

std::optional<IOp> opOfToken(uint32_t token) {
  // Tokens are fixed once the dispatch loop has run (opToken): sorted once.
  static const auto byToken = [] {
    std::array<std::pair<uint32_t, IOp>, kIOpCount> table;
    for (uint32_t i = 0; i < kIOpCount; ++i) table[i] = {opToken(static_cast<IOp>(i)), static_cast<IOp>(i)};
    std::sort(table.begin(), table.end());
    return table;
  }();
  auto it = std::lower_bound(byToken.begin(), byToken.end(), std::make_pair(token, IOp{}));
  if (it == byToken.end() || it->first != token) return std::nullopt;
  return it->second;
}

uint32_t instructionWords(IOp op, const uint32_t* code, uint32_t available) {
  uint32_t n = op == IOp::BrTable ? (available > 2 ? 4 + code[2] : 0) : 1 + operandWords(op);
  return n != 0 && n <= available ? n : 0;
}

}  // namespace ember::interp
