#include <cstdio>
#include <unordered_map>

#include "runtime/format/error.h"
#include "runtime/interp/code.h"

namespace ember::interp {
namespace {

// Operand words of each instruction (BrTable: variable).
uint32_t operandWords(IOp op) {
  switch (op) {
#define EMBER_X(Name, words) case IOp::Name: return words - 1;
    EMBER_INTERP_SPECIAL_OPS(EMBER_X)
    EMBER_INTERP_FUSED_ACC_OPS(EMBER_X)
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

}  // namespace

const char* iopName(IOp op) {
  switch (op) {
#define EMBER_X(Name, words) case IOp::Name: return #Name;
    EMBER_INTERP_SPECIAL_OPS(EMBER_X)
    EMBER_INTERP_FUSED_ACC_OPS(EMBER_X)
#undef EMBER_X
#define EMBER_ICMP(Name, T, expr, Inverse)                                    \
  case IOp::Name: return #Name;                                               \
  case IOp::Name##Imm: return #Name "Imm";                                    \
  case IOp::BrIf##Name: return "BrIf" #Name;                                  \
  case IOp::BrIf##Name##Imm: return "BrIf" #Name "Imm";                       \
  EMBER_ADD_BRANCHES_##T(Name)
#define EMBER_ADD_BRANCHES_U32(Name)                 \
  case IOp::BrIfAdd##Name: return "BrIfAdd" #Name; \
  case IOp::BrIfAdd##Name##Imm: return "BrIfAdd" #Name "Imm";
#define EMBER_ADD_BRANCHES_U64(Name)
#define EMBER_IBIN_I(Name, T, expr)           \
  case IOp::Name: return #Name;               \
  case IOp::Name##Imm: return #Name "Imm";    \
  case IOp::Name##Acc: return #Name "Acc";    \
  case IOp::Name##ImmAcc: return #Name "ImmAcc";
#define EMBER_IBIN(Name, T, expr) case IOp::Name: return #Name;
#define EMBER_ITRAPBIN(Name, T, fn) \
  case IOp::Name: return #Name;     \
  case IOp::Name##Imm: return #Name "Imm";
#define EMBER_IUN(Name, T, expr) case IOp::Name: return #Name;
#define EMBER_ITRAPUN(Name, T, Out, fn) case IOp::Name: return #Name;
#define EMBER_ILOAD(Name, MemT, expr) \
  case IOp::Name: return #Name;       \
  case IOp::Name##Idx: return #Name "Idx";
#define EMBER_ISTORE(Name, T, MemT) \
  case IOp::Name: return #Name;     \
  case IOp::Name##Idx: return #Name "Idx"; \
  case IOp::Name##Imm: return #Name "Imm";
#include "runtime/interp/ops.def"
#define EMBER_X(Name, words) case IOp::Name: return #Name;
    EMBER_INTERP_SIMD_SPECIAL_OPS(EMBER_X)
#undef EMBER_X
#define EMBER_V1(Name, expr) case IOp::Name: return #Name;
#define EMBER_V2(Name, expr) case IOp::Name: return #Name;
#define EMBER_VTEST(Name, expr) case IOp::Name: return #Name;
#define EMBER_VSHIFT(Name, expr) \
  case IOp::Name: return #Name;    \
  case IOp::Name##Imm: return #Name "Imm";
#define EMBER_VSPLAT(Name, expr) case IOp::Name: return #Name;
#define EMBER_VEXTRACT(Name, expr) case IOp::Name: return #Name;
#define EMBER_VREPLACE(Name, T) case IOp::Name: return #Name;
#define EMBER_VLOAD(Name, bytes, expr) case IOp::Name: return #Name;
#define EMBER_VLOADLANE(Name, T) case IOp::Name: return #Name;
#define EMBER_VSTORELANE(Name, T) case IOp::Name: return #Name;
#include "runtime/interp/simd_ops.def"
    default: return "?";
  }
}

// Operands are printed as raw words; the reader knows each instruction's
// shape from code.h / ops.def.
std::string disassemble(const FunctionCode& func) {
  std::unordered_map<uint32_t, IOp> byToken;
  for (uint32_t i = 0; i < kIOpCount; ++i) byToken[opToken(static_cast<IOp>(i))] = static_cast<IOp>(i);
  std::string out;
  const std::vector<uint32_t>& w = func.words;
  size_t pc = 0;
  while (pc < w.size()) {
    auto it = byToken.find(w[pc]);
    if (it == byToken.end()) {
      out += formatText("%zu: <bad word %u>\n", pc, w[pc]);
      break;
    }
    IOp op = it->second;
    uint32_t n = op == IOp::BrTable && pc + 2 < w.size() ? 3 + w[pc + 2] : operandWords(op);
    out += formatText("%zu: %s", pc, iopName(op));
    for (uint32_t k = 1; k <= n && pc + k < w.size(); ++k)
      out += formatText(" %d", static_cast<int32_t>(w[pc + k]));
    out += '\n';
    pc += 1 + n;
  }
  return out;
}

}  // namespace ember::interp
