#include <cstdio>

#include "runtime/format/error.h"
#include "runtime/interp/code.h"
#include "runtime/interp/instruction_shape.h"

namespace ember::interp {
const char* iopName(IOp op) {
  switch (op) {
#define EMBER_X(Name, words) case IOp::Name: return #Name;
    EMBER_INTERP_SPECIAL_OPS(EMBER_X)
    EMBER_INTERP_FUSED_ACC_OPS(EMBER_X)
    EMBER_INTERP_SUPER_OPS(EMBER_X)
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
#define EMBER_V3(Name, expr) \
  case IOp::Name:            \
    return #Name;
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
  std::string out;
  const std::vector<uint32_t>& w = func.words;
  size_t pc = 0;
  while (pc < w.size()) {
    std::optional<IOp> op = opOfToken(w[pc]);
    uint32_t n = op ? instructionWords(*op, &w[pc], static_cast<uint32_t>(w.size() - pc)) : 0;
    if (n == 0) {
      out += formatText("%zu: <bad word %u>\n", pc, w[pc]);
      break;
    }
    out += formatText("%zu: %s", pc, iopName(*op));
    for (uint32_t k = 1; k < n; ++k) out += formatText(" %d", static_cast<int32_t>(w[pc + k]));
    out += '\n';
    pc += n;
  }
  return out;
}

}  // namespace ember::interp
