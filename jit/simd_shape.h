// How the code generator routes a SIMD operator to the macro-assembler: by
// the shape of its signature in runtime/format/opcodes.def, so the ~200
// operators without immediates need no case of their own in the code
// generator (each backend switches on the opcode inside the operation).
#pragma once

#include <cstdint>

#include "runtime/format/opcodes.h"
#include "runtime/format/types.h"

namespace ember {

enum class SimdShape : uint8_t {
  NotSimd,  // no v128 operand or result: a scalar operator
  Unary,    // v128 -> v128                  masm simdUnary
  Binary,   // v128 x v128 -> v128           masm simdBinary
  Ternary,  // v128 x v128 x v128 -> v128    masm simdTernary
  Test,     // v128 -> i32                   masm simdTest
  Shift,    // v128 x i32 -> v128            masm simdShift
  Splat,    // scalar -> v128                masm simdSplat
};

namespace simd_shape_detail {
constexpr ValType I32 = ValType::I32, I64 = ValType::I64, F32 = ValType::F32,
                  F64 = ValType::F64, V128 = ValType::V128;
constexpr SimdShape shape1(ValType out, ValType a) {
  if (out == V128) return a == V128 ? SimdShape::Unary : SimdShape::Splat;
  return a == V128 ? SimdShape::Test : SimdShape::NotSimd;
}
constexpr SimdShape shape2(ValType out, ValType a, ValType b) {
  if (out != V128 || a != V128) return SimdShape::NotSimd;
  return b == V128 ? SimdShape::Binary : SimdShape::Shift;
}
constexpr SimdShape shape3(ValType out, ValType a, ValType b, ValType c) {
  return out == V128 && a == V128 && b == V128 && c == V128 ? SimdShape::Ternary
                                                            : SimdShape::NotSimd;
}
}  // namespace simd_shape_detail

constexpr SimdShape simdShapeOf(Opcode op) {
  using namespace simd_shape_detail;
  switch (op) {
#define EMBER_OP1(Name, code, text, Out, A) \
  case Opcode::Name:                        \
    return shape1(Out, A);
#define EMBER_OP2(Name, code, text, Out, A, B) \
  case Opcode::Name:                           \
    return shape2(Out, A, B);
#define EMBER_OP3(Name, code, text, Out, A, B, C) \
  case Opcode::Name:                              \
    return shape3(Out, A, B, C);
#include "runtime/format/opcodes.def"
    default:
      return SimdShape::NotSimd;
  }
}

// Bytes a SIMD memory operator other than v128.load/store accesses
// (load*x*, load*_splat, load*_zero, load*_lane, store*_lane); 0 for others.
constexpr uint32_t simdAccessSize(Opcode op) {
  switch (op) {
    case Opcode::V128Load8Splat:
    case Opcode::V128Load8Lane:
    case Opcode::V128Store8Lane:
      return 1;
    case Opcode::V128Load16Splat:
    case Opcode::V128Load16Lane:
    case Opcode::V128Store16Lane:
      return 2;
    case Opcode::V128Load32Splat:
    case Opcode::V128Load32Zero:
    case Opcode::V128Load32Lane:
    case Opcode::V128Store32Lane:
      return 4;
    case Opcode::V128Load8x8S:
    case Opcode::V128Load8x8U:
    case Opcode::V128Load16x4S:
    case Opcode::V128Load16x4U:
    case Opcode::V128Load32x2S:
    case Opcode::V128Load32x2U:
    case Opcode::V128Load64Splat:
    case Opcode::V128Load64Zero:
    case Opcode::V128Load64Lane:
    case Opcode::V128Store64Lane:
      return 8;
    default:
      return 0;
  }
}

// The scalar type of a lane operator's lane (extract_lane's result,
// replace_lane's operand); i8 and i16 lanes travel as i32.
constexpr ValType simdLaneType(Opcode op) {
  switch (op) {
    case Opcode::I64x2ExtractLane:
    case Opcode::I64x2ReplaceLane:
      return ValType::I64;
    case Opcode::F32x4ExtractLane:
    case Opcode::F32x4ReplaceLane:
      return ValType::F32;
    case Opcode::F64x2ExtractLane:
    case Opcode::F64x2ReplaceLane:
      return ValType::F64;
    default:
      return ValType::I32;
  }
}

}  // namespace ember
