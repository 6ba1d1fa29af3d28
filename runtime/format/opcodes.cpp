#include "runtime/format/opcodes.h"

#include "runtime/format/types.h"

namespace ember {

const char* opcodeName(Opcode op) {
  switch (op) {
#define EMBER_SPECIAL_OP(Name, code, text) case Opcode::Name: return text;
#define EMBER_LOAD_OP(Name, code, text, Type, align) case Opcode::Name: return text;
#define EMBER_STORE_OP(Name, code, text, Type, align) case Opcode::Name: return text;
#define EMBER_OP1(Name, code, text, Out, A) case Opcode::Name: return text;
#define EMBER_OP2(Name, code, text, Out, A, B) case Opcode::Name: return text;
#define EMBER_OP3(Name, code, text, Out, A, B, C) case Opcode::Name: return text;
#include "runtime/format/opcodes.def"
  }
  return "<unknown>";
}

uint32_t prefixedOpcode(uint8_t prefix, uint32_t sub) {
  if (sub <= 0xFF) return uint32_t{prefix} << 8 | sub;
  // Without SIMD the validators refuse 0xFD first; the table stays out.
  return kHaveSimd && prefix == kPrefixSimd ? relaxedSimdOpcode(sub) : 0;
}

uint32_t relaxedSimdOpcode(uint32_t sub) {
  auto code = [](Opcode op) { return static_cast<uint32_t>(op); };
  switch (sub) {
    case 0x100:
      return code(Opcode::I8x16Swizzle);
    case 0x101:
      return code(Opcode::I32x4TruncSatF32x4S);
    case 0x102:
      return code(Opcode::I32x4TruncSatF32x4U);
    case 0x103:
      return code(Opcode::I32x4TruncSatF64x2SZero);
    case 0x104:
      return code(Opcode::I32x4TruncSatF64x2UZero);
    case 0x105:
      return code(Opcode::F32x4RelaxedMadd);
    case 0x106:
      return code(Opcode::F32x4RelaxedNmadd);
    case 0x107:
      return code(Opcode::F64x2RelaxedMadd);
    case 0x108:
      return code(Opcode::F64x2RelaxedNmadd);
    case 0x109:  // i8x16, i16x8, i32x4 and i64x2.relaxed_laneselect: any mask works bitwise
    case 0x10A:
    case 0x10B:
    case 0x10C:
      return code(Opcode::V128Bitselect);
    case 0x10D:
      return code(Opcode::F32x4Min);
    case 0x10E:
      return code(Opcode::F32x4Max);
    case 0x10F:
      return code(Opcode::F64x2Min);
    case 0x110:
      return code(Opcode::F64x2Max);
    case 0x111:
      return code(Opcode::I16x8Q15mulrSatS);
    case 0x112:
      return code(Opcode::I16x8RelaxedDotI8x16I7x16S);
    case 0x113:
      return code(Opcode::I32x4RelaxedDotI8x16I7x16AddS);
    default:
      return 0;  // 0x114, relaxed_dot_bf16x8_add_f32x4, left the proposal
  }
}

}  // namespace ember
