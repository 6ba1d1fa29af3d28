// AArch64 lowering of the SIMD operations of the masm (jit/masm_operations.inc)
// over NEON. Most wasm SIMD operators are one NEON instruction; the tables
// below map those, and the sequences after them cover the rest: shuffles
// (tbl/tbx), bitmask, all_true/any_true, pmin/pmax, i64x2.mul, narrowing
// into a destination that is also an operand, and the memory forms.
// Scratch: v31 (kScratchFp), x16 and x17, as for every masm operation.
#include <algorithm>
#include <array>
#include <cassert>
#include <cstring>

#include "jit/a64/masm_a64_impl.h"
#include "jit/simd_shape.h"

namespace ember::a64 {

namespace {

using asmjit::InstId;
using Inst = aa::Inst;
using asmjit::arm::CondCode;

const aa::Gp kX16 = aa::x16, kW16 = aa::w16, kX17 = aa::x17;
const aa::Vec kScratch = aa::v31;

// The arrangement an operand is used with: a whole q register viewed as
// lanes (B16 ... D2), its low half (B8 ... S2), or a scalar (B ... D).
enum class Shape : uint8_t { B16, H8, S4, D2, B8, H4, S2, B, H, S, D };

aa::Vec vec(uint32_t code, Shape shape) {
  const aa::Vec v = aa::v(code);
  switch (shape) {
    case Shape::B16:
      return v.b16();
    case Shape::H8:
      return v.h8();
    case Shape::S4:
      return v.s4();
    case Shape::D2:
      return v.d2();
    case Shape::B8:
      return v.b8();
    case Shape::H4:
      return v.h4();
    case Shape::S2:
      return v.s2();
    case Shape::B:
      return aa::v(code).b();
    case Shape::H:
      return aa::v(code).h();
    case Shape::S:
      return aa::s(code);
    case Shape::D:
      return aa::d(code);
  }
  return v.b16();
}
aa::Vec vec(Reg r, Shape shape) {
  assert(r.isFp());
  return vec(r.code(), shape);
}
aa::Vec q(Reg r) { return vec(r, Shape::B16); }

// Element `lane` of a vector register whose lanes are `bytes` wide.
aa::Vec element(uint32_t code, uint32_t bytes, uint32_t lane) {
  const aa::Vec v = aa::v(code);
  switch (bytes) {
    case 1:
      return v.b(lane);
    case 2:
      return v.h(lane);
    case 4:
      return v.s(lane);
    default:
      return v.d(lane);
  }
}
Shape scalarShape(uint32_t bytes) {
  return bytes == 1 ? Shape::B : bytes == 2 ? Shape::H : bytes == 4 ? Shape::S : Shape::D;
}
aa::Gp gpFor(uint32_t bytes, Reg r) {
  return bytes == 8 ? aa::Gp(aa::x(r.code())) : aa::Gp(aa::w(r.code()));
}

void moveQ(aa::Assembler& a, Reg dst, Reg src) {
  if (dst != src) a.mov(q(dst), q(src));
}

// A repeated 16- or 32-bit lane as one movi/mvni: an 8-bit immediate
// shifted left by a multiple of 8, or the complement of one.
bool emitShiftedMovi(aa::Assembler& a, uint32_t code, uint32_t lane, uint32_t laneBits) {
  const Shape shape = laneBits == 32 ? Shape::S4 : Shape::H8;
  const uint32_t mask = laneBits == 32 ? 0xFFFFFFFFu : 0xFFFFu;
  for (uint32_t shift = 0; shift < laneBits; shift += 8) {
    const uint32_t outside = mask & ~(0xFFu << shift);
    if ((lane & outside) == 0) {
      a.movi(vec(code, shape), (lane >> shift) & 0xFF, aa::lsl(shift));
      return true;
    }
    if ((~lane & outside) == 0) {
      a.mvni(vec(code, shape), (~lane >> shift) & 0xFF, aa::lsl(shift));
      return true;
    }
  }
  return false;
}

// A 16-byte constant in at most three instructions, when it has such a
// form: one movi/mvni (equal bytes, bytes of 0 or 0xFF, one shifted byte
// per 16- or 32-bit lane), or a dup of a repeated 16- or 32-bit lane built
// in w16 (at most two instructions for 32 bits).
bool loadShortV128Constant(aa::Assembler& a, uint32_t code, const uint8_t bytes[16]) {
  uint64_t lo, hi;
  std::memcpy(&lo, bytes, 8);
  std::memcpy(&hi, bytes + 8, 8);
  if (lo != hi) return false;
  const uint32_t lane32 = static_cast<uint32_t>(lo), lane16 = lane32 & 0xFFFF;
  const bool repeats32 = lane32 == static_cast<uint32_t>(lo >> 32);
  const bool repeats16 = repeats32 && lane16 == lane32 >> 16;
  bool byteMask = true;
  for (int i = 0; i < 8; i++) {
    const uint8_t b = static_cast<uint8_t>(lo >> (8 * i));
    byteMask = byteMask && (b == 0 || b == 0xFF);
  }
  if (repeats16 && (lane16 & 0xFF) == lane16 >> 8) {
    a.movi(vec(code, Shape::B16), lane16 & 0xFF);
  } else if (byteMask) {
    a.movi(vec(code, Shape::D2), lo);
  } else if (repeats16 && emitShiftedMovi(a, code, lane16, 16)) {
  } else if (repeats32 && emitShiftedMovi(a, code, lane32, 32)) {
  } else if (repeats16) {
    emitMoveImm(a, OpSize::S32, kW16, lane16);
    a.dup(vec(code, Shape::H8), kW16);
  } else if (repeats32) {
    emitMoveImm(a, OpSize::S32, kW16, lane32);
    a.dup(vec(code, Shape::S4), kW16);
  } else {
    return false;
  }
  return true;
}

// What an `ldr q` (literal) reaches (+-1 MiB), with a margin for the
// instructions between the lookup and the load.
constexpr uint32_t kLiteralReach = (1u << 20) - 4096;

// --- The operators that are one instruction --------------------------------------

// dst = op(src) with the arrangements given.
struct UnaryForm {
  InstId id;
  Shape dst, src;
};

bool unaryForm(Opcode op, UnaryForm& f) {
  using S = Shape;
  switch (op) {
    case Opcode::V128Not:
      f = {Inst::kIdMvn_v, S::B16, S::B16};
      return true;
    case Opcode::I8x16Abs:
      f = {Inst::kIdAbs_v, S::B16, S::B16};
      return true;
    case Opcode::I8x16Neg:
      f = {Inst::kIdNeg_v, S::B16, S::B16};
      return true;
    case Opcode::I8x16Popcnt:
      f = {Inst::kIdCnt_v, S::B16, S::B16};
      return true;
    case Opcode::I16x8Abs:
      f = {Inst::kIdAbs_v, S::H8, S::H8};
      return true;
    case Opcode::I16x8Neg:
      f = {Inst::kIdNeg_v, S::H8, S::H8};
      return true;
    case Opcode::I32x4Abs:
      f = {Inst::kIdAbs_v, S::S4, S::S4};
      return true;
    case Opcode::I32x4Neg:
      f = {Inst::kIdNeg_v, S::S4, S::S4};
      return true;
    case Opcode::I64x2Abs:
      f = {Inst::kIdAbs_v, S::D2, S::D2};
      return true;
    case Opcode::I64x2Neg:
      f = {Inst::kIdNeg_v, S::D2, S::D2};
      return true;
    // Widening: the low half (sxtl/uxtl) or the high half (the "2" forms).
    case Opcode::I16x8ExtendLowI8x16S:
      f = {Inst::kIdSxtl_v, S::H8, S::B8};
      return true;
    case Opcode::I16x8ExtendHighI8x16S:
      f = {Inst::kIdSxtl2_v, S::H8, S::B16};
      return true;
    case Opcode::I16x8ExtendLowI8x16U:
      f = {Inst::kIdUxtl_v, S::H8, S::B8};
      return true;
    case Opcode::I16x8ExtendHighI8x16U:
      f = {Inst::kIdUxtl2_v, S::H8, S::B16};
      return true;
    case Opcode::I32x4ExtendLowI16x8S:
      f = {Inst::kIdSxtl_v, S::S4, S::H4};
      return true;
    case Opcode::I32x4ExtendHighI16x8S:
      f = {Inst::kIdSxtl2_v, S::S4, S::H8};
      return true;
    case Opcode::I32x4ExtendLowI16x8U:
      f = {Inst::kIdUxtl_v, S::S4, S::H4};
      return true;
    case Opcode::I32x4ExtendHighI16x8U:
      f = {Inst::kIdUxtl2_v, S::S4, S::H8};
      return true;
    case Opcode::I64x2ExtendLowI32x4S:
      f = {Inst::kIdSxtl_v, S::D2, S::S2};
      return true;
    case Opcode::I64x2ExtendHighI32x4S:
      f = {Inst::kIdSxtl2_v, S::D2, S::S4};
      return true;
    case Opcode::I64x2ExtendLowI32x4U:
      f = {Inst::kIdUxtl_v, S::D2, S::S2};
      return true;
    case Opcode::I64x2ExtendHighI32x4U:
      f = {Inst::kIdUxtl2_v, S::D2, S::S4};
      return true;
    case Opcode::I16x8ExtaddPairwiseI8x16S:
      f = {Inst::kIdSaddlp_v, S::H8, S::B16};
      return true;
    case Opcode::I16x8ExtaddPairwiseI8x16U:
      f = {Inst::kIdUaddlp_v, S::H8, S::B16};
      return true;
    case Opcode::I32x4ExtaddPairwiseI16x8S:
      f = {Inst::kIdSaddlp_v, S::S4, S::H8};
      return true;
    case Opcode::I32x4ExtaddPairwiseI16x8U:
      f = {Inst::kIdUaddlp_v, S::S4, S::H8};
      return true;
    // Floats: frintp/m/z/n are ceil/floor/trunc/nearest; NaNs stay NaNs.
    case Opcode::F32x4Abs:
      f = {Inst::kIdFabs_v, S::S4, S::S4};
      return true;
    case Opcode::F32x4Neg:
      f = {Inst::kIdFneg_v, S::S4, S::S4};
      return true;
    case Opcode::F32x4Sqrt:
      f = {Inst::kIdFsqrt_v, S::S4, S::S4};
      return true;
    case Opcode::F32x4Ceil:
      f = {Inst::kIdFrintp_v, S::S4, S::S4};
      return true;
    case Opcode::F32x4Floor:
      f = {Inst::kIdFrintm_v, S::S4, S::S4};
      return true;
    case Opcode::F32x4Trunc:
      f = {Inst::kIdFrintz_v, S::S4, S::S4};
      return true;
    case Opcode::F32x4Nearest:
      f = {Inst::kIdFrintn_v, S::S4, S::S4};
      return true;
    case Opcode::F64x2Abs:
      f = {Inst::kIdFabs_v, S::D2, S::D2};
      return true;
    case Opcode::F64x2Neg:
      f = {Inst::kIdFneg_v, S::D2, S::D2};
      return true;
    case Opcode::F64x2Sqrt:
      f = {Inst::kIdFsqrt_v, S::D2, S::D2};
      return true;
    case Opcode::F64x2Ceil:
      f = {Inst::kIdFrintp_v, S::D2, S::D2};
      return true;
    case Opcode::F64x2Floor:
      f = {Inst::kIdFrintm_v, S::D2, S::D2};
      return true;
    case Opcode::F64x2Trunc:
      f = {Inst::kIdFrintz_v, S::D2, S::D2};
      return true;
    case Opcode::F64x2Nearest:
      f = {Inst::kIdFrintn_v, S::D2, S::D2};
      return true;
    // fcvtzs/fcvtzu saturate and give 0 for NaN: trunc_sat exactly.
    case Opcode::I32x4TruncSatF32x4S:
      f = {Inst::kIdFcvtzs_v, S::S4, S::S4};
      return true;
    case Opcode::I32x4TruncSatF32x4U:
      f = {Inst::kIdFcvtzu_v, S::S4, S::S4};
      return true;
    case Opcode::F32x4ConvertI32x4S:
      f = {Inst::kIdScvtf_v, S::S4, S::S4};
      return true;
    case Opcode::F32x4ConvertI32x4U:
      f = {Inst::kIdUcvtf_v, S::S4, S::S4};
      return true;
    // The 64-bit destination forms write zeros to the high half.
    case Opcode::F32x4DemoteF64x2Zero:
      f = {Inst::kIdFcvtn_v, S::S2, S::D2};
      return true;
    case Opcode::F64x2PromoteLowF32x4:
      f = {Inst::kIdFcvtl_v, S::D2, S::S2};
      return true;
    default:
      return false;
  }
}

// dst = op(lhs, rhs), or op(rhs, lhs) with `swap` (a < b is b > a), then
// inverted with `invert` (ne is not eq: true for NaN lanes, as wasm wants).
struct BinaryForm {
  InstId id;
  Shape dst, src;
  bool swap = false;
  bool invert = false;
};

// The ten integer compares of a lane shape; unsigned ones are cmhi/cmhs.
bool intCompareForm(Opcode op, Opcode eq, Shape s, BinaryForm& f) {
  const int k = static_cast<int>(op) - static_cast<int>(eq);
  switch (k) {
    case 0:  // eq
      f = {Inst::kIdCmeq_v, s, s};
      return true;
    case 1:  // ne
      f = {Inst::kIdCmeq_v, s, s, false, true};
      return true;
    case 2:  // lt_s
      f = {Inst::kIdCmgt_v, s, s, true};
      return true;
    case 3:  // lt_u
      f = {Inst::kIdCmhi_v, s, s, true};
      return true;
    case 4:  // gt_s
      f = {Inst::kIdCmgt_v, s, s};
      return true;
    case 5:  // gt_u
      f = {Inst::kIdCmhi_v, s, s};
      return true;
    case 6:  // le_s
      f = {Inst::kIdCmge_v, s, s, true};
      return true;
    case 7:  // le_u
      f = {Inst::kIdCmhs_v, s, s, true};
      return true;
    case 8:  // ge_s
      f = {Inst::kIdCmge_v, s, s};
      return true;
    case 9:  // ge_u
      f = {Inst::kIdCmhs_v, s, s};
      return true;
    default:
      return false;
  }
}

// eq ne lt gt le ge of float lanes: false on NaN lanes except ne.
bool floatCompareForm(Opcode op, Opcode eq, Shape s, BinaryForm& f) {
  const int k = static_cast<int>(op) - static_cast<int>(eq);
  switch (k) {
    case 0:
      f = {Inst::kIdFcmeq_v, s, s};
      return true;
    case 1:
      f = {Inst::kIdFcmeq_v, s, s, false, true};
      return true;
    case 2:
      f = {Inst::kIdFcmgt_v, s, s, true};
      return true;
    case 3:
      f = {Inst::kIdFcmgt_v, s, s};
      return true;
    case 4:
      f = {Inst::kIdFcmge_v, s, s, true};
      return true;
    case 5:
      f = {Inst::kIdFcmge_v, s, s};
      return true;
    default:
      return false;
  }
}

bool binaryForm(Opcode op, BinaryForm& f) {
  using S = Shape;
  // The compares are contiguous in opcodes.def (0xFD23 ... 0xFD4C, and
  // i64x2's 0xFDD6 ... 0xFDDB), in the order the helpers above expect.
  static_assert(static_cast<int>(Opcode::I8x16GeU) - static_cast<int>(Opcode::I8x16Eq) == 9);
  static_assert(static_cast<int>(Opcode::I32x4GeU) - static_cast<int>(Opcode::I32x4Eq) == 9);
  static_assert(static_cast<int>(Opcode::F64x2Ge) - static_cast<int>(Opcode::F64x2Eq) == 5);
  static_assert(static_cast<int>(Opcode::I64x2GeS) - static_cast<int>(Opcode::I64x2Eq) == 5);
  if (intCompareForm(op, Opcode::I8x16Eq, S::B16, f) ||
      intCompareForm(op, Opcode::I16x8Eq, S::H8, f) ||
      intCompareForm(op, Opcode::I32x4Eq, S::S4, f) ||
      floatCompareForm(op, Opcode::F32x4Eq, S::S4, f) ||
      floatCompareForm(op, Opcode::F64x2Eq, S::D2, f)) {
    return true;
  }
  switch (op) {
    // i64x2 has only the signed compares, in the order eq ne lt gt le ge.
    case Opcode::I64x2Eq:
      f = {Inst::kIdCmeq_v, S::D2, S::D2};
      return true;
    case Opcode::I64x2Ne:
      f = {Inst::kIdCmeq_v, S::D2, S::D2, false, true};
      return true;
    case Opcode::I64x2LtS:
      f = {Inst::kIdCmgt_v, S::D2, S::D2, true};
      return true;
    case Opcode::I64x2GtS:
      f = {Inst::kIdCmgt_v, S::D2, S::D2};
      return true;
    case Opcode::I64x2LeS:
      f = {Inst::kIdCmge_v, S::D2, S::D2, true};
      return true;
    case Opcode::I64x2GeS:
      f = {Inst::kIdCmge_v, S::D2, S::D2};
      return true;
    case Opcode::V128And:
      f = {Inst::kIdAnd_v, S::B16, S::B16};
      return true;
    case Opcode::V128Andnot:  // lhs & ~rhs
      f = {Inst::kIdBic_v, S::B16, S::B16};
      return true;
    case Opcode::V128Or:
      f = {Inst::kIdOrr_v, S::B16, S::B16};
      return true;
    case Opcode::V128Xor:
      f = {Inst::kIdEor_v, S::B16, S::B16};
      return true;
    // tbl gives 0 for an index >= 16, as swizzle does.
    case Opcode::I8x16Swizzle:
      f = {Inst::kIdTbl_v, S::B16, S::B16};
      return true;
    case Opcode::I8x16Add:
      f = {Inst::kIdAdd_v, S::B16, S::B16};
      return true;
    case Opcode::I8x16AddSatS:
      f = {Inst::kIdSqadd_v, S::B16, S::B16};
      return true;
    case Opcode::I8x16AddSatU:
      f = {Inst::kIdUqadd_v, S::B16, S::B16};
      return true;
    case Opcode::I8x16Sub:
      f = {Inst::kIdSub_v, S::B16, S::B16};
      return true;
    case Opcode::I8x16SubSatS:
      f = {Inst::kIdSqsub_v, S::B16, S::B16};
      return true;
    case Opcode::I8x16SubSatU:
      f = {Inst::kIdUqsub_v, S::B16, S::B16};
      return true;
    case Opcode::I8x16MinS:
      f = {Inst::kIdSmin_v, S::B16, S::B16};
      return true;
    case Opcode::I8x16MinU:
      f = {Inst::kIdUmin_v, S::B16, S::B16};
      return true;
    case Opcode::I8x16MaxS:
      f = {Inst::kIdSmax_v, S::B16, S::B16};
      return true;
    case Opcode::I8x16MaxU:
      f = {Inst::kIdUmax_v, S::B16, S::B16};
      return true;
    case Opcode::I8x16AvgrU:  // (a + b + 1) >> 1 without overflow
      f = {Inst::kIdUrhadd_v, S::B16, S::B16};
      return true;
    case Opcode::I16x8Add:
      f = {Inst::kIdAdd_v, S::H8, S::H8};
      return true;
    case Opcode::I16x8AddSatS:
      f = {Inst::kIdSqadd_v, S::H8, S::H8};
      return true;
    case Opcode::I16x8AddSatU:
      f = {Inst::kIdUqadd_v, S::H8, S::H8};
      return true;
    case Opcode::I16x8Sub:
      f = {Inst::kIdSub_v, S::H8, S::H8};
      return true;
    case Opcode::I16x8SubSatS:
      f = {Inst::kIdSqsub_v, S::H8, S::H8};
      return true;
    case Opcode::I16x8SubSatU:
      f = {Inst::kIdUqsub_v, S::H8, S::H8};
      return true;
    case Opcode::I16x8Mul:
      f = {Inst::kIdMul_v, S::H8, S::H8};
      return true;
    case Opcode::I16x8MinS:
      f = {Inst::kIdSmin_v, S::H8, S::H8};
      return true;
    case Opcode::I16x8MinU:
      f = {Inst::kIdUmin_v, S::H8, S::H8};
      return true;
    case Opcode::I16x8MaxS:
      f = {Inst::kIdSmax_v, S::H8, S::H8};
      return true;
    case Opcode::I16x8MaxU:
      f = {Inst::kIdUmax_v, S::H8, S::H8};
      return true;
    case Opcode::I16x8AvgrU:
      f = {Inst::kIdUrhadd_v, S::H8, S::H8};
      return true;
    // sqrdmulh: saturate((2ab + 2^15) >> 16) == saturate((ab + 2^14) >> 15).
    case Opcode::I16x8Q15mulrSatS:
      f = {Inst::kIdSqrdmulh_v, S::H8, S::H8};
      return true;
    case Opcode::I32x4Add:
      f = {Inst::kIdAdd_v, S::S4, S::S4};
      return true;
    case Opcode::I32x4Sub:
      f = {Inst::kIdSub_v, S::S4, S::S4};
      return true;
    case Opcode::I32x4Mul:
      f = {Inst::kIdMul_v, S::S4, S::S4};
      return true;
    case Opcode::I32x4MinS:
      f = {Inst::kIdSmin_v, S::S4, S::S4};
      return true;
    case Opcode::I32x4MinU:
      f = {Inst::kIdUmin_v, S::S4, S::S4};
      return true;
    case Opcode::I32x4MaxS:
      f = {Inst::kIdSmax_v, S::S4, S::S4};
      return true;
    case Opcode::I32x4MaxU:
      f = {Inst::kIdUmax_v, S::S4, S::S4};
      return true;
    case Opcode::I64x2Add:
      f = {Inst::kIdAdd_v, S::D2, S::D2};
      return true;
    case Opcode::I64x2Sub:
      f = {Inst::kIdSub_v, S::D2, S::D2};
      return true;
    // Widening multiplies of the low (smull) or high (smull2) halves.
    case Opcode::I16x8ExtmulLowI8x16S:
      f = {Inst::kIdSmull_v, S::H8, S::B8};
      return true;
    case Opcode::I16x8ExtmulHighI8x16S:
      f = {Inst::kIdSmull2_v, S::H8, S::B16};
      return true;
    case Opcode::I16x8ExtmulLowI8x16U:
      f = {Inst::kIdUmull_v, S::H8, S::B8};
      return true;
    case Opcode::I16x8ExtmulHighI8x16U:
      f = {Inst::kIdUmull2_v, S::H8, S::B16};
      return true;
    case Opcode::I32x4ExtmulLowI16x8S:
      f = {Inst::kIdSmull_v, S::S4, S::H4};
      return true;
    case Opcode::I32x4ExtmulHighI16x8S:
      f = {Inst::kIdSmull2_v, S::S4, S::H8};
      return true;
    case Opcode::I32x4ExtmulLowI16x8U:
      f = {Inst::kIdUmull_v, S::S4, S::H4};
      return true;
    case Opcode::I32x4ExtmulHighI16x8U:
      f = {Inst::kIdUmull2_v, S::S4, S::H8};
      return true;
    case Opcode::I64x2ExtmulLowI32x4S:
      f = {Inst::kIdSmull_v, S::D2, S::S2};
      return true;
    case Opcode::I64x2ExtmulHighI32x4S:
      f = {Inst::kIdSmull2_v, S::D2, S::S4};
      return true;
    case Opcode::I64x2ExtmulLowI32x4U:
      f = {Inst::kIdUmull_v, S::D2, S::S2};
      return true;
    case Opcode::I64x2ExtmulHighI32x4U:
      f = {Inst::kIdUmull2_v, S::D2, S::S4};
      return true;
    // fmin/fmax return a NaN when either lane is NaN and order -0 < +0:
    // wasm's min/max (spec 4.3.3 fmin/fmax).
    case Opcode::F32x4Add:
      f = {Inst::kIdFadd_v, S::S4, S::S4};
      return true;
    case Opcode::F32x4Sub:
      f = {Inst::kIdFsub_v, S::S4, S::S4};
      return true;
    case Opcode::F32x4Mul:
      f = {Inst::kIdFmul_v, S::S4, S::S4};
      return true;
    case Opcode::F32x4Div:
      f = {Inst::kIdFdiv_v, S::S4, S::S4};
      return true;
    case Opcode::F32x4Min:
      f = {Inst::kIdFmin_v, S::S4, S::S4};
      return true;
    case Opcode::F32x4Max:
      f = {Inst::kIdFmax_v, S::S4, S::S4};
      return true;
    case Opcode::F64x2Add:
      f = {Inst::kIdFadd_v, S::D2, S::D2};
      return true;
    case Opcode::F64x2Sub:
      f = {Inst::kIdFsub_v, S::D2, S::D2};
      return true;
    case Opcode::F64x2Mul:
      f = {Inst::kIdFmul_v, S::D2, S::D2};
      return true;
    case Opcode::F64x2Div:
      f = {Inst::kIdFdiv_v, S::D2, S::D2};
      return true;
    case Opcode::F64x2Min:
      f = {Inst::kIdFmin_v, S::D2, S::D2};
      return true;
    case Opcode::F64x2Max:
      f = {Inst::kIdFmax_v, S::D2, S::D2};
      return true;
    default:
      return false;
  }
}

// Lane width in bytes of the operators that depend on it.
uint32_t shiftLaneBytes(Opcode op) {
  switch (op) {
    case Opcode::I8x16Shl:
    case Opcode::I8x16ShrS:
    case Opcode::I8x16ShrU:
      return 1;
    case Opcode::I16x8Shl:
    case Opcode::I16x8ShrS:
    case Opcode::I16x8ShrU:
      return 2;
    case Opcode::I32x4Shl:
    case Opcode::I32x4ShrS:
    case Opcode::I32x4ShrU:
      return 4;
    default:
      return 8;
  }
}
enum class ShiftKind { Left, RightSigned, RightUnsigned };
ShiftKind shiftKind(Opcode op) {
  switch (op) {
    case Opcode::I8x16Shl:
    case Opcode::I16x8Shl:
    case Opcode::I32x4Shl:
    case Opcode::I64x2Shl:
      return ShiftKind::Left;
    case Opcode::I8x16ShrS:
    case Opcode::I16x8ShrS:
    case Opcode::I32x4ShrS:
    case Opcode::I64x2ShrS:
      return ShiftKind::RightSigned;
    default:
      return ShiftKind::RightUnsigned;
  }
}
Shape laneShape(uint32_t bytes) {
  return bytes == 1 ? Shape::B16 : bytes == 2 ? Shape::H8 : bytes == 4 ? Shape::S4 : Shape::D2;
}

// i16x8.relaxed_dot_i8x16_i7x16_s as Ember defines it (interp/simd.h):
// signed products of the low bytes in v31, of the high ones in dst, then
// addp's wrapping sums of adjacent pairs.
void relaxedDotI8x16(aa::Assembler& a, Reg dst, Reg lhs, Reg rhs) {
  a.smull(kScratch.h8(), vec(lhs, Shape::B8), vec(rhs, Shape::B8));
  a.smull2(vec(dst, Shape::H8), vec(lhs, Shape::B16), vec(rhs, Shape::B16));
  a.addp(vec(dst, Shape::H8), kScratch.h8(), vec(dst, Shape::H8));
}

// pmin/pmax: dst = mask ? ifMask : other, the mask already in v31. bit
// inserts where the mask is set, bif where it is clear.
void selectByScratchMask(aa::Assembler& a, Reg dst, Reg ifMask, Reg other) {
  if (dst == other) {
    a.bit(q(dst), q(ifMask), kScratch.b16());
  } else if (dst == ifMask) {
    a.bif(q(dst), q(other), kScratch.b16());
  } else {
    a.mov(q(dst), q(other));
    a.bit(q(dst), q(ifMask), kScratch.b16());
  }
}

}  // namespace

// --- Constants, unary and binary operators -----------------------------------------

void MacroAssembler::moveV128(Reg dst, const V128Bytes& value) {
  at();
  loadV128(dst.code(), value.bytes);
}

// Other constants are data in the code: the first use jumps over its 16
// bytes (16-aligned) and loads them with `ldr q` (literal); later uses in
// reach in the same function only load (endFunction forgets them). One taken branch
// instead of up to ten instructions building the halves in x16. Only the
// last few constants are searched: a body of distinct constants would
// otherwise cost a search of every one in reach per constant (quadratic:
// 40,000 took 3.8 s under qemu, 20,000 a quarter of that).
void MacroAssembler::loadV128(uint32_t vecCode, const uint8_t bytes[16]) {
  auto& a = impl_->as;
  if (loadShortV128Constant(a, vecCode, bytes)) return;
  auto& pool = impl_->v128Constants;
  const uint32_t now = impl_->buffer.codeOffset();
  constexpr size_t kSearched = 16;
  const auto searched =
      pool.rbegin() + static_cast<std::ptrdiff_t>(std::min(pool.size(), kSearched));
  for (auto it = pool.rbegin(); it != searched && now - it->offset < kLiteralReach; ++it) {
    if (std::memcmp(it->bytes, bytes, 16) == 0) {
      a.ldr(aa::v(vecCode).q(), aa::ptr(it->label));
      return;
    }
  }
  const asmjit::Label over = a.newLabel();
  MacroAssembler::Impl::PooledV128 entry{{}, a.newLabel(), 0};
  std::memcpy(entry.bytes, bytes, 16);
  a.b(over);
  a.align(asmjit::AlignMode::kData, 16);
  entry.offset = impl_->buffer.codeOffset();
  a.bind(entry.label);
  a.embed(bytes, 16);
  a.bind(over);
  a.ldr(aa::v(vecCode).q(), aa::ptr(entry.label));
  pool.push_back(entry);
}

void MacroAssembler::simdUnary(Opcode op, Reg dst, Reg src) {
  auto& a = at().as;
  UnaryForm f;
  if (unaryForm(op, f)) {
    a.emit(f.id, vec(dst, f.dst), vec(src, f.src));
    return;
  }
  switch (op) {
    // fcvtz* to 64-bit lanes saturates; sq/uqxtn then saturate to 32 bits
    // and zero the high half.
    case Opcode::I32x4TruncSatF64x2SZero:
      a.fcvtzs(vec(dst, Shape::D2), vec(src, Shape::D2));
      a.sqxtn(vec(dst, Shape::S2), vec(dst, Shape::D2));
      return;
    case Opcode::I32x4TruncSatF64x2UZero:
      a.fcvtzu(vec(dst, Shape::D2), vec(src, Shape::D2));
      a.uqxtn(vec(dst, Shape::S2), vec(dst, Shape::D2));
      return;
    // Every i32 is exact in f64: widen, then convert.
    case Opcode::F64x2ConvertLowI32x4S:
      a.sxtl(vec(dst, Shape::D2), vec(src, Shape::S2));
      a.scvtf(vec(dst, Shape::D2), vec(dst, Shape::D2));
      return;
    case Opcode::F64x2ConvertLowI32x4U:
      a.uxtl(vec(dst, Shape::D2), vec(src, Shape::S2));
      a.ucvtf(vec(dst, Shape::D2), vec(dst, Shape::D2));
      return;
    default:
      impl_->buffer.reportUnsupported("SIMD unary operator not lowered for AArch64");
      return;
  }
}

void MacroAssembler::simdBinary(Opcode op, Reg dst, Reg lhs, Reg rhs) {
  auto& a = at().as;
  BinaryForm f;
  if (binaryForm(op, f)) {
    const Reg first = f.swap ? rhs : lhs, second = f.swap ? lhs : rhs;
    a.emit(f.id, vec(dst, f.dst), vec(first, f.src), vec(second, f.src));
    if (f.invert) a.mvn(q(dst), q(dst));
    return;
  }
  switch (op) {
    // Narrowing writes the low half (zeroing the high one) before reading
    // rhs: a dst that is rhs is built in the scratch.
    case Opcode::I8x16NarrowI16x8S:
    case Opcode::I8x16NarrowI16x8U:
    case Opcode::I16x8NarrowI32x4S:
    case Opcode::I16x8NarrowI32x4U: {
      const bool bytes = op == Opcode::I8x16NarrowI16x8S || op == Opcode::I8x16NarrowI16x8U;
      const bool isSigned = op == Opcode::I8x16NarrowI16x8S || op == Opcode::I16x8NarrowI32x4S;
      const uint32_t out = dst == rhs ? kScratch.id() : dst.code();
      const Shape narrowLo = bytes ? Shape::B8 : Shape::H4, narrowHi = bytes ? Shape::B16 : Shape::H8,
                  wide = bytes ? Shape::H8 : Shape::S4;
      // sqxtun: signed in, unsigned saturation out (narrow_u reads signed lanes).
      a.emit(isSigned ? Inst::kIdSqxtn_v : Inst::kIdSqxtun_v, vec(out, narrowLo), vec(lhs, wide));
      a.emit(isSigned ? Inst::kIdSqxtn2_v : Inst::kIdSqxtun2_v, vec(out, narrowHi), vec(rhs, wide));
      if (out != dst.code()) a.mov(q(dst), kScratch.b16());
      return;
    }
    case Opcode::I16x8RelaxedDotI8x16I7x16S:
      return relaxedDotI8x16(a, dst, lhs, rhs);
    // Products of lanes 0-3 in v31, 4-7 in dst, then pairwise sums (wrapping).
    case Opcode::I32x4DotI16x8S:
      a.smull(kScratch.s4(), vec(lhs, Shape::H4), vec(rhs, Shape::H4));
      a.smull2(vec(dst, Shape::S4), vec(lhs, Shape::H8), vec(rhs, Shape::H8));
      a.addp(vec(dst, Shape::S4), kScratch.s4(), vec(dst, Shape::S4));
      return;
    // pmin = rhs < lhs ? rhs : lhs; pmax = lhs < rhs ? rhs : lhs. A compare
    // with a NaN is false, so lhs is kept, as the spec's definition says.
    case Opcode::F32x4Pmin:
    case Opcode::F64x2Pmin:
    case Opcode::F32x4Pmax:
    case Opcode::F64x2Pmax: {
      const Shape s = op == Opcode::F32x4Pmin || op == Opcode::F32x4Pmax ? Shape::S4 : Shape::D2;
      const bool isMin = op == Opcode::F32x4Pmin || op == Opcode::F64x2Pmin;
      a.fcmgt(vec(kScratch.id(), s), vec(isMin ? lhs : rhs, s), vec(isMin ? rhs : lhs, s));
      selectByScratchMask(a, dst, rhs, lhs);
      return;
    }
    // NEON has no 64-bit lane multiply: one lane at a time in x16/x17.
    case Opcode::I64x2Mul:
      a.umov(kX16, aa::v(lhs.code()).d(0));
      a.umov(kX17, aa::v(rhs.code()).d(0));
      a.mul(kX16, kX16, kX17);
      a.fmov(aa::d31, kX16);
      a.umov(kX16, aa::v(lhs.code()).d(1));
      a.umov(kX17, aa::v(rhs.code()).d(1));
      a.mul(kX16, kX16, kX17);
      a.ins(kScratch.d(1), kX16);
      a.mov(q(dst), kScratch.b16());
      return;
    default:
      impl_->buffer.reportUnsupported("SIMD binary operator not lowered for AArch64");
      return;
  }
}

// Relaxed madd/nmadd are a multiply then an add, rounded twice, as on
// x86-64 (whose baseline has no fused form), so the ISAs agree.
void MacroAssembler::simdTernary(Opcode op, Reg dst, Reg a, Reg b, Reg c) {
  auto& as = at().as;
  const Shape s =
      op == Opcode::F64x2RelaxedMadd || op == Opcode::F64x2RelaxedNmadd ? Shape::D2 : Shape::S4;
  switch (op) {
    case Opcode::V128Bitselect:
      return simdBitselect(dst, a, b, c);
    case Opcode::F32x4RelaxedMadd:
    case Opcode::F64x2RelaxedMadd:
      as.fmul(vec(dst, s), vec(a, s), vec(b, s));
      as.fadd(vec(dst, s), vec(dst, s), vec(c, s));
      return;
    case Opcode::F32x4RelaxedNmadd:
    case Opcode::F64x2RelaxedNmadd:  // c - a * b
      as.fmul(vec(dst, s), vec(a, s), vec(b, s));
      as.fsub(vec(dst, s), vec(c, s), vec(dst, s));
      return;
    case Opcode::I32x4RelaxedDotI8x16I7x16AddS:
      relaxedDotI8x16(as, dst, a, b);
      as.saddlp(vec(dst, Shape::S4), vec(dst, Shape::H8));
      as.add(vec(dst, Shape::S4), vec(dst, Shape::S4), vec(c, Shape::S4));
      return;
    default:
      impl_->buffer.reportUnsupported("SIMD ternary operator not lowered for AArch64");
      return;
  }
}

// bsl keeps the mask in its destination, bit the false value, bif the true one.
void MacroAssembler::simdBitselect(Reg dst, Reg ifTrue, Reg ifFalse, Reg mask) {
  auto& a = at().as;
  if (dst == mask) {
    a.bsl(q(dst), q(ifTrue), q(ifFalse));
  } else if (dst == ifFalse) {
    a.bit(q(dst), q(ifTrue), q(mask));
  } else if (dst == ifTrue) {
    a.bif(q(dst), q(ifFalse), q(mask));
  } else {
    a.mov(q(dst), q(mask));
    a.bsl(q(dst), q(ifTrue), q(ifFalse));
  }
}

// --- Tests: any_true, all_true, bitmask ---------------------------------------------

void MacroAssembler::simdTest(Opcode op, Reg dst, Reg src) {
  auto& a = at().as;
  const aa::Gp out = aa::w(dst.code());
  switch (op) {
    case Opcode::V128AnyTrue:  // the pairwise maximum of 32-bit lanes fits 64 bits
      a.umaxp(kScratch.s4(), vec(src, Shape::S4), vec(src, Shape::S4));
      a.fmov(kX16, aa::d31);
      a.cmp(kX16, 0);
      a.cset(out, CondCode::kNE);
      return;
    case Opcode::I8x16AllTrue:
    case Opcode::I16x8AllTrue:
    case Opcode::I32x4AllTrue: {  // the smallest lane is not zero
      const uint32_t bytes = op == Opcode::I8x16AllTrue ? 1 : op == Opcode::I16x8AllTrue ? 2 : 4;
      a.uminv(vec(kScratch.id(), scalarShape(bytes)), vec(src, laneShape(bytes)));
      a.fmov(kW16, aa::s31);
      a.cmp(kW16, 0);
      a.cset(out, CondCode::kNE);
      return;
    }
    case Opcode::I64x2AllTrue:  // no lane equals zero
      a.cmeq(kScratch.d2(), vec(src, Shape::D2), 0);
      a.umaxp(kScratch.s4(), kScratch.s4(), kScratch.s4());
      a.fmov(kX16, aa::d31);
      a.cmp(kX16, 0);
      a.cset(out, CondCode::kEQ);
      return;
    // The sign bits, shifted down to bit 0 of each lane, are gathered by
    // shift-right-and-accumulate steps that each fold pairs of lanes into
    // the wider lane's low bits: the low byte of each 64-bit half ends up
    // holding that half's mask bits (the bits above them are never carried
    // into it). The two bytes are then joined.
    case Opcode::I8x16Bitmask:
      a.ushr(kScratch.b16(), vec(src, Shape::B16), 7);
      a.usra(kScratch.h8(), kScratch.h8(), 7);
      a.usra(kScratch.s4(), kScratch.s4(), 14);
      a.usra(kScratch.d2(), kScratch.d2(), 28);
      a.umov(out, kScratch.b(0));
      a.umov(kW16, kScratch.b(8));
      a.orr(out, out, kW16, aa::lsl(8));
      return;
    case Opcode::I16x8Bitmask:
      a.ushr(kScratch.h8(), vec(src, Shape::H8), 15);
      a.usra(kScratch.s4(), kScratch.s4(), 15);
      a.usra(kScratch.d2(), kScratch.d2(), 30);
      a.umov(out, kScratch.b(0));
      a.umov(kW16, kScratch.b(8));
      a.orr(out, out, kW16, aa::lsl(4));
      return;
    case Opcode::I32x4Bitmask:
      a.ushr(kScratch.s4(), vec(src, Shape::S4), 31);
      a.usra(kScratch.d2(), kScratch.d2(), 31);
      a.umov(out, kScratch.b(0));
      a.umov(kW16, kScratch.b(8));
      a.orr(out, out, kW16, aa::lsl(2));
      return;
    case Opcode::I64x2Bitmask:
      a.ushr(kScratch.d2(), vec(src, Shape::D2), 63);
      a.umov(out, kScratch.b(0));
      a.umov(kW16, kScratch.b(8));
      a.orr(out, out, kW16, aa::lsl(1));
      return;
    default:
      impl_->buffer.reportUnsupported("SIMD test operator not lowered for AArch64");
      return;
  }
}

// --- Shifts ---------------------------------------------------------------------------

// sshl/ushl shift each lane by the signed low byte of the count's lane: a
// negative count shifts right. The count is taken modulo the lane width
// first (spec: the shift amount is count mod lane bits).
void MacroAssembler::simdShift(Opcode op, Reg dst, Reg src, Reg count) {
  auto& a = at().as;
  const uint32_t bytes = shiftLaneBytes(op);
  const ShiftKind kind = shiftKind(op);
  a.and_(kW16, aa::w(count.code()), bytes * 8 - 1);
  if (kind != ShiftKind::Left) a.neg(kW16, kW16);
  const Shape s = laneShape(bytes);
  a.dup(vec(kScratch.id(), s), bytes == 8 ? kX16 : kW16);
  a.emit(kind == ShiftKind::RightSigned ? Inst::kIdSshl_v : Inst::kIdUshl_v, vec(dst, s),
         vec(src, s), vec(kScratch.id(), s));
}

void MacroAssembler::simdShift(Opcode op, Reg dst, Reg src, int64_t count) {
  auto& a = at().as;
  const uint32_t bytes = shiftLaneBytes(op);
  const uint32_t n = static_cast<uint32_t>(count) & (bytes * 8 - 1);
  if (n == 0) {
    moveQ(a, dst, src);
    return;
  }
  const Shape s = laneShape(bytes);
  switch (shiftKind(op)) {
    case ShiftKind::Left:
      a.shl(vec(dst, s), vec(src, s), n);
      break;
    case ShiftKind::RightSigned:
      a.sshr(vec(dst, s), vec(src, s), n);
      break;
    case ShiftKind::RightUnsigned:
      a.ushr(vec(dst, s), vec(src, s), n);
      break;
  }
}

// --- Lanes: splat, extract, replace, shuffle ---------------------------------------------

void MacroAssembler::simdSplat(Opcode op, Reg dst, Reg src) {
  auto& a = at().as;
  switch (op) {
    case Opcode::I8x16Splat:
      a.dup(vec(dst, Shape::B16), aa::w(src.code()));
      return;
    case Opcode::I16x8Splat:
      a.dup(vec(dst, Shape::H8), aa::w(src.code()));
      return;
    case Opcode::I32x4Splat:
      a.dup(vec(dst, Shape::S4), aa::w(src.code()));
      return;
    case Opcode::I64x2Splat:
      a.dup(vec(dst, Shape::D2), aa::x(src.code()));
      return;
    case Opcode::F32x4Splat:
      a.dup(vec(dst, Shape::S4), aa::v(src.code()).s(0));
      return;
    case Opcode::F64x2Splat:
      a.dup(vec(dst, Shape::D2), aa::v(src.code()).d(0));
      return;
    default:
      impl_->buffer.reportUnsupported("SIMD splat not lowered for AArch64");
      return;
  }
}

void MacroAssembler::simdExtractLane(Opcode op, Reg dst, Reg src, uint8_t lane) {
  auto& a = at().as;
  const aa::Vec v = aa::v(src.code());
  switch (op) {
    case Opcode::I8x16ExtractLaneS:  // smov to a w register: sign-extended to 32 bits only
      a.smov(aa::w(dst.code()), v.b(lane));
      return;
    case Opcode::I8x16ExtractLaneU:
      a.umov(aa::w(dst.code()), v.b(lane));
      return;
    case Opcode::I16x8ExtractLaneS:
      a.smov(aa::w(dst.code()), v.h(lane));
      return;
    case Opcode::I16x8ExtractLaneU:
      a.umov(aa::w(dst.code()), v.h(lane));
      return;
    case Opcode::I32x4ExtractLane:
      a.umov(aa::w(dst.code()), v.s(lane));
      return;
    case Opcode::I64x2ExtractLane:
      a.umov(aa::x(dst.code()), v.d(lane));
      return;
    // The scalar dup zeroes the rest of dst, as a scalar load would.
    case Opcode::F32x4ExtractLane:
      a.dup(aa::s(dst.code()), v.s(lane));
      return;
    case Opcode::F64x2ExtractLane:
      a.dup(aa::d(dst.code()), v.d(lane));
      return;
    default:
      impl_->buffer.reportUnsupported("SIMD extract_lane not lowered for AArch64");
      return;
  }
}

void MacroAssembler::simdReplaceLane(Opcode op, Reg dst, Reg src, Reg value, uint8_t lane) {
  auto& a = at().as;
  uint32_t bytes = 0;
  bool isFloat = false;
  switch (op) {
    case Opcode::I8x16ReplaceLane:
      bytes = 1;
      break;
    case Opcode::I16x8ReplaceLane:
      bytes = 2;
      break;
    case Opcode::I32x4ReplaceLane:
      bytes = 4;
      break;
    case Opcode::I64x2ReplaceLane:
      bytes = 8;
      break;
    case Opcode::F32x4ReplaceLane:
      bytes = 4;
      isFloat = true;
      break;
    case Opcode::F64x2ReplaceLane:
      bytes = 8;
      isFloat = true;
      break;
    default:
      impl_->buffer.reportUnsupported("SIMD replace_lane not lowered for AArch64");
      return;
  }
  if (!isFloat) {
    moveQ(a, dst, src);
    a.ins(element(dst.code(), bytes, lane), gpFor(bytes, value));
    return;
  }
  // A float value may be dst itself: then src is copied to the scratch first.
  const uint32_t out = dst != src && dst == value ? kScratch.id() : dst.code();
  if (out != src.code()) a.mov(vec(out, Shape::B16), q(src));
  a.ins(element(out, bytes, lane), element(value.code(), bytes, 0));
  if (out != dst.code()) a.mov(q(dst), kScratch.b16());
}

namespace {

// --- Shuffles that one permute instruction does --------------------------------------
// A pattern is the source byte (0-15 the first operand, 16-31 the second)
// of each result byte; `e` is the element size in bytes.
using BytePattern = std::array<uint8_t, 16>;

// The first operand's element `k` (< 16 / e), or the second's with k + n.
uint8_t elementByte(uint32_t e, uint32_t k, uint32_t byteInElement) {
  return static_cast<uint8_t>(k * e + byteInElement);
}

enum class Permute : uint8_t { Zip1, Zip2, Uzp1, Uzp2, Trn1, Trn2 };

BytePattern permutePattern(Permute p, uint32_t e) {
  const uint32_t n = 16 / e;
  BytePattern out{};
  for (uint32_t i = 0; i < 16; i++) {
    const uint32_t k = i / e, b = i % e;
    uint32_t src = 0;  // element of the 2n-element concatenation
    switch (p) {
      case Permute::Zip1:
        src = (k % 2 ? n : 0) + k / 2;
        break;
      case Permute::Zip2:
        src = (k % 2 ? n : 0) + n / 2 + k / 2;
        break;
      case Permute::Uzp1:
        src = 2 * k;  // runs on into the second operand
        break;
      case Permute::Uzp2:
        src = 2 * k + 1;
        break;
      case Permute::Trn1:
        src = k % 2 ? n + k - 1 : k;
        break;
      case Permute::Trn2:
        src = k % 2 ? n + k : k + 1;
        break;
    }
    out[i] = elementByte(e, src, b);
  }
  return out;
}

InstId permuteInst(Permute p) {
  switch (p) {
    case Permute::Zip1:
      return Inst::kIdZip1_v;
    case Permute::Zip2:
      return Inst::kIdZip2_v;
    case Permute::Uzp1:
      return Inst::kIdUzp1_v;
    case Permute::Uzp2:
      return Inst::kIdUzp2_v;
    case Permute::Trn1:
      return Inst::kIdTrn1_v;
    case Permute::Trn2:
      return Inst::kIdTrn2_v;
  }
  return Inst::kIdZip1_v;
}

// Whether `lanes` is `pattern` over (lhs, rhs), or over (rhs, lhs) when
// `swapped`. With lhs == rhs both halves name the same register.
bool matches(const uint8_t* lanes, const BytePattern& pattern, bool swapped, bool sameOperand) {
  for (int i = 0; i < 16; i++) {
    uint8_t want = swapped ? pattern[i] ^ 16 : pattern[i];
    uint8_t got = lanes[i];
    if (sameOperand) {
      want &= 15;
      got &= 15;
    }
    if (got != want) return false;
  }
  return true;
}

// One instruction for the shuffle if there is one: a move, a lane dup, ext,
// zip/uzp/trn, or rev16/32/64 of one operand.
bool emitPermute(aa::Assembler& a, Reg dst, Reg lhs, Reg rhs, const uint8_t* lanes) {
  const bool same = lhs == rhs;
  for (bool swapped : {false, true}) {
    const Reg x = swapped ? rhs : lhs, y = swapped ? lhs : rhs;
    BytePattern identity{};
    for (uint8_t i = 0; i < 16; i++) identity[i] = i;
    if (matches(lanes, identity, swapped, same)) {
      moveQ(a, dst, x);
      return true;
    }
    for (uint32_t e : {8u, 4u, 2u, 1u}) {
      for (uint32_t k = 0; k < 16 / e; k++) {  // dup of element k of x
        BytePattern p{};
        for (uint32_t i = 0; i < 16; i++) p[i] = elementByte(e, k, i % e);
        if (matches(lanes, p, swapped, same)) {
          a.dup(vec(dst, laneShape(e)), element(x.code(), e, k));
          return true;
        }
      }
    }
    for (uint32_t imm = 1; imm < 16; imm++) {
      BytePattern p{};
      for (uint32_t i = 0; i < 16; i++) p[i] = static_cast<uint8_t>(imm + i);
      if (matches(lanes, p, swapped, same)) {
        a.ext(q(dst), q(x), q(y), imm);
        return true;
      }
      for (uint8_t& b : p) b &= 15;  // a rotation of x alone
      if (matches(lanes, p, swapped, same)) {
        a.ext(q(dst), q(x), q(x), imm);
        return true;
      }
    }
    for (Permute perm : {Permute::Zip1, Permute::Zip2, Permute::Uzp1, Permute::Uzp2,
                         Permute::Trn1, Permute::Trn2}) {
      for (uint32_t e : {8u, 4u, 2u, 1u}) {
        if (matches(lanes, permutePattern(perm, e), swapped, same)) {
          a.emit(permuteInst(perm), vec(dst, laneShape(e)), vec(x, laneShape(e)),
                 vec(y, laneShape(e)));
          return true;
        }
      }
    }
    // rev<c*8>: the e-byte elements of each c-byte container reversed.
    for (uint32_t c : {8u, 4u, 2u}) {
      for (uint32_t e = 1; e < c; e *= 2) {
        BytePattern p{};
        for (uint32_t i = 0; i < 16; i++) {
          p[i] = static_cast<uint8_t>(i / c * c + (c / e - 1 - i % c / e) * e + i % e);
        }
        if (matches(lanes, p, swapped, same)) {
          const InstId id = c == 8 ? Inst::kIdRev64_v : c == 4 ? Inst::kIdRev32_v : Inst::kIdRev16_v;
          a.emit(id, vec(dst, laneShape(e)), vec(x, laneShape(e)));
          return true;
        }
      }
    }
  }
  return false;
}

// A rotation of the bytes of each 32- or 64-bit lane of one operand (what
// a rotate by a multiple of 8 bits compiles to, e.g. BLAKE's rot8): ushr
// then sli (shift left and insert), through v31 when dst is the operand.
bool emitLaneByteRotate(aa::Assembler& a, Reg dst, Reg lhs, Reg rhs, const uint8_t* lanes) {
  const bool same = lhs == rhs;
  for (bool swapped : {false, true}) {
    const Reg x = swapped ? rhs : lhs;
    for (uint32_t c : {4u, 8u}) {
      for (uint32_t r = 1; r < c; r++) {  // result byte i is byte i + r of its lane
        BytePattern p{};
        for (uint32_t i = 0; i < 16; i++) p[i] = static_cast<uint8_t>(i / c * c + (i % c + r) % c);
        if (!matches(lanes, p, swapped, same)) continue;
        const Shape s = c == 4 ? Shape::S4 : Shape::D2;
        const uint32_t out = dst == x ? kScratch.id() : dst.code();
        a.ushr(vec(out, s), vec(x, s), 8 * r);
        a.sli(vec(out, s), vec(x, s), 8 * (c - r));
        if (out != dst.code()) a.mov(q(dst), kScratch.b16());
        return true;
      }
    }
  }
  return false;
}

}  // namespace

// tbl looks bytes up in one table register or in two consecutive ones, and
// gives 0 for an index beyond the table; tbx leaves those bytes unchanged.
// Two operands in consecutive registers take one tbl; otherwise the bytes of
// one operand come first (tbl, indices of the other's lanes out of range),
// then the other's (tbx). The first is the one dst is not, so that the
// second is still intact when read.
void MacroAssembler::simdShuffle(Reg dst, Reg lhs, Reg rhs, const V128Bytes& lanes) {
  auto& a = at().as;
  uint8_t index[16];
  bool anyLhs = false, anyRhs = false;
  for (int i = 0; i < 16; i++) {
    index[i] = lanes.bytes[i] & 31;
    (index[i] < 16 ? anyLhs : anyRhs) = true;
  }
  const auto tableIndices = [&](uint8_t base, uint8_t span) {
    uint8_t out[16];
    for (int i = 0; i < 16; i++) {
      const uint8_t k = static_cast<uint8_t>(index[i] - base);
      out[i] = k < span ? k : 0xFF;
    }
    loadV128(kScratch.id(), out);
  };
  if (emitPermute(a, dst, lhs, rhs, index) || emitLaneByteRotate(a, dst, lhs, rhs, index)) return;
  if (lhs == rhs || !anyRhs || !anyLhs) {  // one table register
    const Reg table = !anyLhs ? rhs : lhs;
    uint8_t one[16];
    for (int i = 0; i < 16; i++) one[i] = index[i] & 15;
    loadV128(kScratch.id(), one);
    a.tbl(q(dst), q(table), kScratch.b16());
    return;
  }
  if (rhs.code() == lhs.code() + 1) {
    tableIndices(0, 32);
    a.tbl(q(dst), q(lhs), q(rhs), kScratch.b16());
    return;
  }
  const bool lhsFirst = dst != rhs;
  tableIndices(lhsFirst ? 0 : 16, 16);
  a.tbl(q(dst), q(lhsFirst ? lhs : rhs), kScratch.b16());
  tableIndices(lhsFirst ? 16 : 0, 16);
  a.tbx(q(dst), q(lhsFirst ? rhs : lhs), kScratch.b16());
}

// --- Memory ------------------------------------------------------------------------------
// How many bytes each operator accesses: simdAccessSize (jit/simd_shape.h).

// One scalar load of the accessed bytes (ldr b/h/s/d zeroes the rest of the
// register, which is load*_zero), then widening or a lane broadcast. The
// access is the instruction recorded in guard mode, as in loadHeap.
void MacroAssembler::loadHeapSimd(Opcode op, Reg dst, Reg index, uint64_t offset,
                                  BoundsCheck check) {
  auto& a = at().as;
  const uint32_t bytes = simdAccessSize(op);
  if (check == BoundsCheck::Explicit) emitBoundsCheck(index, offset, bytes);
  const aa::Mem m = heapOperand(a, index, offset, bytes);
  if (check == BoundsCheck::Guard) recordTrapSite(TrapCode::MemoryOutOfBounds);
  a.ldr(vec(dst, scalarShape(bytes)), m);
  const uint32_t d = dst.code();
  switch (op) {
    case Opcode::V128Load8x8S:
      a.sxtl(vec(d, Shape::H8), vec(d, Shape::B8));
      return;
    case Opcode::V128Load8x8U:
      a.uxtl(vec(d, Shape::H8), vec(d, Shape::B8));
      return;
    case Opcode::V128Load16x4S:
      a.sxtl(vec(d, Shape::S4), vec(d, Shape::H4));
      return;
    case Opcode::V128Load16x4U:
      a.uxtl(vec(d, Shape::S4), vec(d, Shape::H4));
      return;
    case Opcode::V128Load32x2S:
      a.sxtl(vec(d, Shape::D2), vec(d, Shape::S2));
      return;
    case Opcode::V128Load32x2U:
      a.uxtl(vec(d, Shape::D2), vec(d, Shape::S2));
      return;
    case Opcode::V128Load8Splat:
    case Opcode::V128Load16Splat:
    case Opcode::V128Load32Splat:
    case Opcode::V128Load64Splat:
      a.dup(vec(d, laneShape(bytes)), element(d, bytes, 0));
      return;
    case Opcode::V128Load32Zero:
    case Opcode::V128Load64Zero:
      return;
    default:
      impl_->buffer.reportUnsupported("SIMD load not lowered for AArch64");
      return;
  }
}

// The lane is loaded into the scratch, then inserted: dst keeps its other lanes.
void MacroAssembler::loadHeapLane(Opcode op, Reg dst, Reg index, uint64_t offset, uint8_t lane,
                                  BoundsCheck check) {
  auto& a = at().as;
  const uint32_t bytes = simdAccessSize(op);
  if (check == BoundsCheck::Explicit) emitBoundsCheck(index, offset, bytes);
  const aa::Mem m = heapOperand(a, index, offset, bytes);
  if (check == BoundsCheck::Guard) recordTrapSite(TrapCode::MemoryOutOfBounds);
  a.ldr(vec(kScratch.id(), scalarShape(bytes)), m);
  a.ins(element(dst.code(), bytes, lane), element(kScratch.id(), bytes, 0));
}

// Lane 0 is stored straight from src (str b/h/s/d); another lane is first
// moved to lane 0 of the scratch.
void MacroAssembler::storeHeapLane(Opcode op, Reg src, Reg index, uint64_t offset, uint8_t lane,
                                   BoundsCheck check) {
  auto& a = at().as;
  const uint32_t bytes = simdAccessSize(op);
  if (check == BoundsCheck::Explicit) emitBoundsCheck(index, offset, bytes);
  uint32_t from = src.code();
  if (lane != 0) {
    a.dup(vec(kScratch.id(), scalarShape(bytes)), element(src.code(), bytes, lane));
    from = kScratch.id();
  }
  const aa::Mem m = heapOperand(a, index, offset, bytes);
  if (check == BoundsCheck::Guard) recordTrapSite(TrapCode::MemoryOutOfBounds);
  a.str(vec(from, scalarShape(bytes)), m);
}

}  // namespace ember::a64
