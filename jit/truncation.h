// Properties of the float-to-int truncations (spec 4.3.5 trunc, trunc_sat):
// what each backend's lowering of a truncating Conversion branches on.
#pragma once

#include "jit/masm.h"

namespace ember {

struct TruncInfo {
  OpSize from;  // f32 / f64
  OpSize to;    // i32 / i64
  bool isSigned;
  bool saturating;
};

constexpr TruncInfo truncInfo(Conversion c) {
  constexpr OpSize F32 = OpSize::S32, F64 = OpSize::S64, I32 = OpSize::S32, I64 = OpSize::S64;
  switch (c) {
    case Conversion::I32TruncF32S:
      return {F32, I32, true, false};
    case Conversion::I32TruncF32U:
      return {F32, I32, false, false};
    case Conversion::I32TruncF64S:
      return {F64, I32, true, false};
    case Conversion::I32TruncF64U:
      return {F64, I32, false, false};
    case Conversion::I64TruncF32S:
      return {F32, I64, true, false};
    case Conversion::I64TruncF32U:
      return {F32, I64, false, false};
    case Conversion::I64TruncF64S:
      return {F64, I64, true, false};
    case Conversion::I64TruncF64U:
      return {F64, I64, false, false};
    case Conversion::I32TruncSatF32S:
      return {F32, I32, true, true};
    case Conversion::I32TruncSatF32U:
      return {F32, I32, false, true};
    case Conversion::I32TruncSatF64S:
      return {F64, I32, true, true};
    case Conversion::I32TruncSatF64U:
      return {F64, I32, false, true};
    case Conversion::I64TruncSatF32S:
      return {F32, I64, true, true};
    case Conversion::I64TruncSatF32U:
      return {F32, I64, false, true};
    case Conversion::I64TruncSatF64S:
      return {F64, I64, true, true};
    case Conversion::I64TruncSatF64U:
      return {F64, I64, false, true};
    default:
      break;
  }
  return {F32, I32, true, false};  // not a truncation
}

}  // namespace ember
