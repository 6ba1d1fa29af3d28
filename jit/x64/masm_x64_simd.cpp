// x86-64 lowering of the SIMD operations (jit/masm_operations.inc, "SIMD"):
// v128 values in xmm registers. SSE4.1 (with SSSE3) is the baseline the
// whole JIT requires; with AVX the two-input operations use their VEX
// three-operand forms, which save the copy of the first operand, and AVX2
// adds broadcasts for splats. SSE4.2's pcmpgtq serves the i64x2 compares
// when present. Where x86 has no instruction, the sequence is written out
// with the rule it implements; the ideas follow V8's and Cranelift's x64
// lowerings. Temporaries: the FP scratch (xmm15) and the second vector
// scratch (xmm14, RegisterConventions::kScratchFp2), plus the GP scratch for
// counts and lane moves. Vector constants (masks, shuffle controls,
// v128.const) are loaded from the function's constant pool
// (CodeBuffer::referToConstant128), one instruction where building one
// through a GP register took up to four.
#include <cstring>
#include <optional>
#include <utility>

#include "jit/simd_shape.h"
#include "jit/x64/masm_x64_impl.h"

namespace ember::x64 {

namespace {

using Id = asmjit::InstId;
namespace Inst = ax::Inst;
const ax::Xmm s1 = kFpScratch;
const ax::Xmm s2 = kFpScratch2;

bool same(const ax::Xmm& a, const ax::Xmm& b) { return a.id() == b.id(); }

// The shared building blocks of the lowerings below.
class SimdEmitter {
 public:
  SimdEmitter(FastAssembler& a, CodeBuffer& buffer, const CpuFeatures& f)
      : a(a), buffer(buffer), avx(f.avx), f(f) {}

  FastAssembler& a;
  CodeBuffer& buffer;
  const bool avx;
  const CpuFeatures& f;

  void copy(const ax::Xmm& d, const ax::Xmm& s) {
    if (!same(d, s)) a.movaps(d, s);
  }
  // d = l op r with x86's `op d, src` form (or VEX `op d, l, r`). A
  // non-commutative op with d == r goes through the scratch s1.
  void binop(Id sse, Id vex, const ax::Xmm& d, const ax::Xmm& l, const ax::Xmm& r,
             bool commutative) {
    if (avx) {
      a.emit(vex, d, l, r);
    } else if (same(d, l)) {
      a.emit(sse, d, r);
    } else if (same(d, r)) {
      if (commutative) {
        a.emit(sse, d, l);
      } else {
        a.movaps(s1, r);
        a.movaps(d, l);
        a.emit(sse, d, s1);
      }
    } else {
      a.movaps(d, l);
      a.emit(sse, d, r);
    }
  }
  // cmpps/cmppd with a predicate.
  void compareFloat(Id sse, Id vex, const ax::Xmm& d, const ax::Xmm& l, const ax::Xmm& r,
                    uint32_t predicate) {
    if (avx) {
      a.emit(vex, d, l, r, Imm(predicate));
      return;
    }
    if (same(d, r) && !same(d, l)) {
      a.movaps(s1, r);
      a.movaps(d, l);
      a.emit(sse, d, s1, Imm(predicate));
      return;
    }
    copy(d, l);
    a.emit(sse, d, r, Imm(predicate));
  }
  // d = op(d) by an immediate count (psllw ...), from `s`.
  void shiftImm(Id sse, Id vex, const ax::Xmm& d, const ax::Xmm& s, uint32_t count) {
    if (avx) {
      a.emit(vex, d, s, Imm(count));
      return;
    }
    copy(d, s);
    a.emit(sse, d, Imm(count));
  }
  void shiftXmm(Id sse, Id vex, const ax::Xmm& d, const ax::Xmm& s, const ax::Xmm& count) {
    if (avx) {
      a.emit(vex, d, s, count);
      return;
    }
    copy(d, s);
    a.emit(sse, d, count);
  }
  void allOnes(const ax::Xmm& d) { a.pcmpeqd(d, d); }
  void zero(const ax::Xmm& d) { a.pxor(d, d); }
  // d = ~d (uses s1).
  void invert(const ax::Xmm& d) {
    allOnes(s1);
    a.pxor(d, s1);
  }
  // d = the 128-bit constant hi:lo, through the GP scratch.
  void constant(const ax::Xmm& d, uint64_t lo, uint64_t hi) {
    if (lo == 0 && hi == 0) return zero(d);
    if (lo == ~uint64_t{0} && hi == ~uint64_t{0}) return allOnes(d);
    a.movdqa(d, ax::xmmword_ptr(ax::rip));  // the displacement is written later
    buffer.referToConstant128(lo, hi);
  }
  // d = x's bytes picked by the control constant (lo, hi), read from the
  // pool by the pshufb itself (its 16-byte slots are aligned, as SSE's
  // memory operand needs) instead of through a scratch register.
  void shuffleBytes(const ax::Xmm& d, const ax::Xmm& x, uint64_t lo, uint64_t hi) {
    if (avx) {
      a.vpshufb(d, x, ax::xmmword_ptr(ax::rip));  // the displacement is written later
    } else {
      copy(d, x);
      a.pshufb(d, ax::xmmword_ptr(ax::rip));
    }
    buffer.referToConstant128(lo, hi);
  }
  void splat8(const ax::Xmm& d, uint8_t v) { splat64(d, v * 0x0101010101010101ull); }
  void splat16(const ax::Xmm& d, uint16_t v) { splat64(d, v * 0x0001000100010001ull); }
  void splat32(const ax::Xmm& d, uint32_t v) { splat64(d, v * 0x0000000100000001ull); }
  void splat64(const ax::Xmm& d, uint64_t v) { constant(d, v, v); }
};

// The operators that are one instruction: SSE form, VEX form, commutative.
struct SimpleBinary {
  Id sse = Inst::kIdNone;
  Id vex = Inst::kIdNone;
  bool commutative = false;
};

SimpleBinary simpleBinary(Opcode op) {
#define EMBER_C(Name, ins, vex) \
  case Opcode::Name:            \
    return {Inst::kId##ins, Inst::kId##vex, true};
#define EMBER_N(Name, ins, vex) \
  case Opcode::Name:            \
    return {Inst::kId##ins, Inst::kId##vex, false};
  switch (op) {
    EMBER_C(V128And, Pand, Vpand) EMBER_C(V128Or, Por, Vpor) EMBER_C(V128Xor, Pxor, Vpxor)
    EMBER_C(I8x16Eq, Pcmpeqb, Vpcmpeqb) EMBER_C(I16x8Eq, Pcmpeqw, Vpcmpeqw) EMBER_C(I32x4Eq, Pcmpeqd, Vpcmpeqd)
    EMBER_C(I64x2Eq, Pcmpeqq, Vpcmpeqq)
    EMBER_N(I8x16GtS, Pcmpgtb, Vpcmpgtb) EMBER_N(I16x8GtS, Pcmpgtw, Vpcmpgtw) EMBER_N(I32x4GtS, Pcmpgtd, Vpcmpgtd)
    EMBER_C(I8x16Add, Paddb, Vpaddb) EMBER_C(I8x16AddSatS, Paddsb, Vpaddsb) EMBER_C(I8x16AddSatU, Paddusb, Vpaddusb)
    EMBER_N(I8x16Sub, Psubb, Vpsubb) EMBER_N(I8x16SubSatS, Psubsb, Vpsubsb) EMBER_N(I8x16SubSatU, Psubusb, Vpsubusb)
    EMBER_C(I8x16MinS, Pminsb, Vpminsb) EMBER_C(I8x16MinU, Pminub, Vpminub) EMBER_C(I8x16MaxS, Pmaxsb, Vpmaxsb)
    EMBER_C(I8x16MaxU, Pmaxub, Vpmaxub) EMBER_C(I8x16AvgrU, Pavgb, Vpavgb)
    EMBER_C(I16x8Add, Paddw, Vpaddw) EMBER_C(I16x8AddSatS, Paddsw, Vpaddsw) EMBER_C(I16x8AddSatU, Paddusw, Vpaddusw)
    EMBER_N(I16x8Sub, Psubw, Vpsubw) EMBER_N(I16x8SubSatS, Psubsw, Vpsubsw) EMBER_N(I16x8SubSatU, Psubusw, Vpsubusw)
    EMBER_C(I16x8Mul, Pmullw, Vpmullw) EMBER_C(I16x8MinS, Pminsw, Vpminsw) EMBER_C(I16x8MinU, Pminuw, Vpminuw)
    EMBER_C(I16x8MaxS, Pmaxsw, Vpmaxsw) EMBER_C(I16x8MaxU, Pmaxuw, Vpmaxuw) EMBER_C(I16x8AvgrU, Pavgw, Vpavgw)
    EMBER_C(I32x4Add, Paddd, Vpaddd) EMBER_N(I32x4Sub, Psubd, Vpsubd) EMBER_C(I32x4Mul, Pmulld, Vpmulld)
    EMBER_C(I32x4MinS, Pminsd, Vpminsd) EMBER_C(I32x4MinU, Pminud, Vpminud) EMBER_C(I32x4MaxS, Pmaxsd, Vpmaxsd)
    EMBER_C(I32x4MaxU, Pmaxud, Vpmaxud) EMBER_C(I32x4DotI16x8S, Pmaddwd, Vpmaddwd)
    EMBER_C(I64x2Add, Paddq, Vpaddq) EMBER_N(I64x2Sub, Psubq, Vpsubq)
    EMBER_N(I8x16NarrowI16x8S, Packsswb, Vpacksswb) EMBER_N(I8x16NarrowI16x8U, Packuswb, Vpackuswb)
    EMBER_N(I16x8NarrowI32x4S, Packssdw, Vpackssdw) EMBER_N(I16x8NarrowI32x4U, Packusdw, Vpackusdw)
    EMBER_C(F32x4Add, Addps, Vaddps) EMBER_N(F32x4Sub, Subps, Vsubps) EMBER_C(F32x4Mul, Mulps, Vmulps)
    EMBER_N(F32x4Div, Divps, Vdivps)
    EMBER_C(F64x2Add, Addpd, Vaddpd) EMBER_N(F64x2Sub, Subpd, Vsubpd) EMBER_C(F64x2Mul, Mulpd, Vmulpd)
    EMBER_N(F64x2Div, Divpd, Vdivpd)
    default:
      return {};
  }
#undef EMBER_C
#undef EMBER_N
}

// Lane-wise integer comparisons other than eq/gt_s, from min/max:
// l >= r  <=>  max(l, r) == l, and l <= r  <=>  min(l, r) == l.
struct MinMaxCompare {
  Id sse = Inst::kIdNone;
  Id vex = Inst::kIdNone;
  Id eqSse = Inst::kIdNone;
  Id eqVex = Inst::kIdNone;
  bool negate = false;
};

MinMaxCompare minMaxCompare(Opcode op) {
#define EMBER_MM(Name, ins, vex, eq, veq, neg) \
  case Opcode::Name:                           \
    return {Inst::kId##ins, Inst::kId##vex, Inst::kId##eq, Inst::kId##veq, neg};
  switch (op) {
    EMBER_MM(I8x16GeS, Pmaxsb, Vpmaxsb, Pcmpeqb, Vpcmpeqb, false) EMBER_MM(I8x16LeS, Pminsb, Vpminsb, Pcmpeqb, Vpcmpeqb, false)
    EMBER_MM(I8x16GeU, Pmaxub, Vpmaxub, Pcmpeqb, Vpcmpeqb, false) EMBER_MM(I8x16LeU, Pminub, Vpminub, Pcmpeqb, Vpcmpeqb, false)
    EMBER_MM(I8x16LtU, Pmaxub, Vpmaxub, Pcmpeqb, Vpcmpeqb, true) EMBER_MM(I8x16GtU, Pminub, Vpminub, Pcmpeqb, Vpcmpeqb, true)
    EMBER_MM(I16x8GeS, Pmaxsw, Vpmaxsw, Pcmpeqw, Vpcmpeqw, false) EMBER_MM(I16x8LeS, Pminsw, Vpminsw, Pcmpeqw, Vpcmpeqw, false)
    EMBER_MM(I16x8GeU, Pmaxuw, Vpmaxuw, Pcmpeqw, Vpcmpeqw, false) EMBER_MM(I16x8LeU, Pminuw, Vpminuw, Pcmpeqw, Vpcmpeqw, false)
    EMBER_MM(I16x8LtU, Pmaxuw, Vpmaxuw, Pcmpeqw, Vpcmpeqw, true) EMBER_MM(I16x8GtU, Pminuw, Vpminuw, Pcmpeqw, Vpcmpeqw, true)
    EMBER_MM(I32x4GeS, Pmaxsd, Vpmaxsd, Pcmpeqd, Vpcmpeqd, false) EMBER_MM(I32x4LeS, Pminsd, Vpminsd, Pcmpeqd, Vpcmpeqd, false)
    EMBER_MM(I32x4GeU, Pmaxud, Vpmaxud, Pcmpeqd, Vpcmpeqd, false) EMBER_MM(I32x4LeU, Pminud, Vpminud, Pcmpeqd, Vpcmpeqd, false)
    EMBER_MM(I32x4LtU, Pmaxud, Vpmaxud, Pcmpeqd, Vpcmpeqd, true) EMBER_MM(I32x4GtU, Pminud, Vpminud, Pcmpeqd, Vpcmpeqd, true)
    default:
      return {};
  }
#undef EMBER_MM
}

// cmpps/cmppd predicates: eq 0, lt 1, le 2, neq (unordered: true for NaN) 4.
// gt and ge swap the operands of lt and le.
struct FloatCompare {
  bool ok = false;
  bool f64 = false;
  uint32_t predicate = 0;
  bool swap = false;
};

FloatCompare floatCompare(Opcode op) {
  switch (op) {
    case Opcode::F32x4Eq: return {true, false, 0, false};
    case Opcode::F32x4Ne: return {true, false, 4, false};
    case Opcode::F32x4Lt: return {true, false, 1, false};
    case Opcode::F32x4Le: return {true, false, 2, false};
    case Opcode::F32x4Gt: return {true, false, 1, true};
    case Opcode::F32x4Ge: return {true, false, 2, true};
    case Opcode::F64x2Eq: return {true, true, 0, false};
    case Opcode::F64x2Ne: return {true, true, 4, false};
    case Opcode::F64x2Lt: return {true, true, 1, false};
    case Opcode::F64x2Le: return {true, true, 2, false};
    case Opcode::F64x2Gt: return {true, true, 1, true};
    case Opcode::F64x2Ge: return {true, true, 2, true};
    default: return {};
  }
}

// i64x2.gt_s: pcmpgtq (SSE4.2), else from 32-bit compares: the high dwords
// decide unless they are equal, then the borrow of r - l (its high dword's
// sign) says whether the low dwords compare l > r unsigned.
void greaterI64(SimdEmitter& e, const ax::Xmm& d, const ax::Xmm& l, const ax::Xmm& r) {
  FastAssembler& a = e.a;
  if (e.f.sse42) {
    e.binop(Inst::kIdPcmpgtq, Inst::kIdVpcmpgtq, d, l, r, false);
    return;
  }
  a.movaps(s2, r);
  a.psubq(s2, l);
  a.movaps(s1, l);
  a.pcmpeqd(s1, r);
  a.pand(s2, s1);
  a.movaps(s1, l);
  a.pcmpgtd(s1, r);
  a.por(s2, s1);
  a.pshufd(d, s2, Imm(0xF5));  // each lane's high dword to both halves
}

// f32x4/f64x2.min and max (spec 4.3.3 fmin/fmax: NaN if either is NaN, -0 <
// +0). minps/maxps return their second operand for NaN or equal inputs, so
// both orders are combined: or-ing gives min's -0, and for max the xor
// finds where they disagree (+-0), or and sub turn that into +0. A lane
// with a NaN operand then gets l + r, the NaN quieted, as the scalar
// fmin/fmax and the interpreter do (runtime/interp/numeric.h), so every
// engine returns the same NaN bits.
void floatMinMax(SimdEmitter& e, bool isF64, bool isMax, const ax::Xmm& d, const ax::Xmm& l,
                 const ax::Xmm& r) {
  FastAssembler& a = e.a;
  const Id op = isMax ? (isF64 ? Inst::kIdMaxpd : Inst::kIdMaxps)
                      : (isF64 ? Inst::kIdMinpd : Inst::kIdMinps);
  a.movaps(s1, l);
  a.emit(op, s1, r);  // s1 = op(l, r)
  a.movaps(s2, r);
  a.emit(op, s2, l);  // s2 = op(r, l)
  if (isMax) {
    a.xorps(s2, s1);
    a.orps(s1, s2);
    a.emit(isF64 ? Inst::kIdSubpd : Inst::kIdSubps, s1, s2);
  } else {
    a.orps(s1, s2);
  }
  // s1 is a NaN exactly in the lanes with a NaN operand. With two NaN
  // operands addps returns its first, so r + l picks rhs's payload, which
  // is what the interpreter's vectorised `a + b` gives (either is allowed).
  a.movaps(s2, r);
  a.emit(isF64 ? Inst::kIdAddpd : Inst::kIdAddps, s2, l);
  a.movaps(d, s1);
  a.emit(isF64 ? Inst::kIdCmppd : Inst::kIdCmpps, d, d, Imm(3));  // unordered: NaN lanes
  a.xorps(s2, s1);
  a.andps(s2, d);
  a.xorps(s1, s2);  // s1 ^ ((s1 ^ sum) & mask)
  a.movaps(d, s1);
}

// Extended multiplies: both halves widened (low or high 8 bytes), then one
// multiply.
void extendedMultiply(SimdEmitter& e, Id widen, Id mul, bool high, const ax::Xmm& d,
                      const ax::Xmm& l, const ax::Xmm& r) {
  FastAssembler& a = e.a;
  if (high) {
    a.pshufd(s1, r, Imm(0xEE));
    a.emit(widen, s1, s1);
    a.pshufd(d, l, Imm(0xEE));
    a.emit(widen, d, d);
  } else {
    a.emit(widen, s1, r);
    a.emit(widen, d, l);
  }
  a.emit(mul, d, s1);
}

// i64x2.extmul_*_i32x4: pmuldq/pmuludq multiply dwords 0 and 2 into qwords.
void extendedMultiply64(SimdEmitter& e, bool isSigned, bool high, const ax::Xmm& d,
                        const ax::Xmm& l, const ax::Xmm& r) {
  FastAssembler& a = e.a;
  const uint32_t order = high ? 0xFA : 0x50;  // dwords 2,2,3,3 or 0,0,1,1
  a.pshufd(s1, r, Imm(order));
  a.pshufd(d, l, Imm(order));
  if (isSigned)
    a.pmuldq(d, s1);
  else
    a.pmuludq(d, s1);
}

// i64x2.mul: lo(l)*lo(r) + ((hi(l)*lo(r) + lo(l)*hi(r)) << 32).
void multiplyI64(SimdEmitter& e, const ax::Xmm& d, const ax::Xmm& l, const ax::Xmm& r) {
  FastAssembler& a = e.a;
  a.movaps(s1, l);
  a.psrlq(s1, 32);
  a.pmuludq(s1, r);
  a.movaps(s2, r);
  a.psrlq(s2, 32);
  a.pmuludq(s2, l);
  a.paddq(s1, s2);
  a.psllq(s1, 32);
  e.binop(Inst::kIdPmuludq, Inst::kIdVpmuludq, d, l, r, true);
  a.paddq(d, s1);
}

// i16x8.relaxed_dot_i8x16_i7x16_s as Ember defines it (interp/simd.h):
// signed products of the low and of the high bytes, then phaddw's wrapping
// sums of adjacent pairs. (pmaddubsw would be shorter, but it reads one
// side unsigned and saturates, which NEON's lowering does not.)
void relaxedDotI8x16(SimdEmitter& e, const ax::Xmm& d, const ax::Xmm& l, const ax::Xmm& r) {
  extendedMultiply(e, Inst::kIdPmovsxbw, Inst::kIdPmullw, true, s2, l, r);
  extendedMultiply(e, Inst::kIdPmovsxbw, Inst::kIdPmullw, false, d, l, r);
  e.binop(Inst::kIdPhaddw, Inst::kIdVphaddw, d, d, s2, false);
}

// Shuffle control bytes: pshufb zeroes a lane whose control byte has bit 7.
uint64_t shuffleControl(const V128Bytes& lanes, int half, bool fromRight) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--) {
    uint8_t lane = lanes.bytes[half * 8 + i];
    bool right = lane >= 16;
    uint8_t control = right == fromRight ? (lane & 15) : 0x80;
    v = (v << 8) | control;
  }
  return v;
}

}  // namespace

// --- Constants, whole-vector operations --------------------------------------

void MacroAssembler::moveV128(Reg dst, const V128Bytes& value) {
  SimdEmitter e(impl_->as, impl_->buffer, features_);
  uint64_t lo, hi;
  std::memcpy(&lo, value.bytes, 8);
  std::memcpy(&hi, value.bytes + 8, 8);
  e.constant(xmmr(dst), lo, hi);
}

void MacroAssembler::simdBitselect(Reg dst, Reg ifTrue, Reg ifFalse, Reg mask) {
  // (t & m) | (f & ~m) == ((t ^ f) & m) ^ f
  FastAssembler& a = impl_->as;
  const ax::Xmm d = xmmr(dst), t = xmmr(ifTrue), f = xmmr(ifFalse), m = xmmr(mask);
  if (features_.avx) {
    a.vpxor(s1, t, f);
    a.vpand(s1, s1, m);
    a.vpxor(d, s1, f);
    return;
  }
  a.movaps(s1, t);
  a.pxor(s1, f);
  a.pand(s1, m);
  a.pxor(s1, f);
  a.movaps(d, s1);
}

// Relaxed madd/nmadd are a multiply then an add, rounded twice (SSE4.1 has
// no fused form); the dot product with accumulator widens the i16 pair
// sums with pmaddwd by ones.
void MacroAssembler::simdTernary(Opcode op, Reg dst, Reg a, Reg b, Reg c) {
  SimdEmitter e(impl_->as, impl_->buffer, features_);
  const ax::Xmm d = xmmr(dst), x = xmmr(a), y = xmmr(b), z = xmmr(c);
  const bool f64 = op == Opcode::F64x2RelaxedMadd || op == Opcode::F64x2RelaxedNmadd;
  switch (op) {
    case Opcode::V128Bitselect:
      return simdBitselect(dst, a, b, c);
    case Opcode::F32x4RelaxedMadd:
    case Opcode::F64x2RelaxedMadd:
      e.binop(f64 ? Inst::kIdMulpd : Inst::kIdMulps, f64 ? Inst::kIdVmulpd : Inst::kIdVmulps, d, x,
              y, true);
      return e.binop(f64 ? Inst::kIdAddpd : Inst::kIdAddps, f64 ? Inst::kIdVaddpd : Inst::kIdVaddps,
                     d, d, z, true);
    case Opcode::F32x4RelaxedNmadd:
    case Opcode::F64x2RelaxedNmadd:  // c - a * b
      e.binop(f64 ? Inst::kIdMulpd : Inst::kIdMulps, f64 ? Inst::kIdVmulpd : Inst::kIdVmulps, d, x,
              y, true);
      return e.binop(f64 ? Inst::kIdSubpd : Inst::kIdSubps, f64 ? Inst::kIdVsubpd : Inst::kIdVsubps,
                     d, z, d, false);
    case Opcode::I32x4RelaxedDotI8x16I7x16AddS:
      relaxedDotI8x16(e, d, x, y);
      e.splat16(s1, 1);
      e.binop(Inst::kIdPmaddwd, Inst::kIdVpmaddwd, d, d, s1, true);
      return e.binop(Inst::kIdPaddd, Inst::kIdVpaddd, d, d, z, true);
    default:
      impl_->buffer.reportUnsupported("SIMD ternary operator not lowered for x86-64");
      return;
  }
}

void MacroAssembler::simdShuffle(Reg dst, Reg lhs, Reg rhs, const V128Bytes& lanes) {
  FastAssembler& a = impl_->as;
  SimdEmitter e(a, impl_->buffer, features_);
  const ax::Xmm d = xmmr(dst), l = xmmr(lhs), r = xmmr(rhs);
  bool anyLeft = false, anyRight = false;
  for (uint8_t lane : lanes.bytes) (lane >= 16 ? anyRight : anyLeft) = true;
  if (lhs == rhs || !anyLeft || !anyRight) {
    // One source: its lanes by index modulo 16.
    uint64_t lo = 0, hi = 0;
    for (int i = 7; i >= 0; i--) {
      lo = (lo << 8) | (lanes.bytes[i] & 15);
      hi = (hi << 8) | (lanes.bytes[8 + i] & 15);
    }
    e.shuffleBytes(d, anyLeft ? l : r, lo, hi);
    return;
  }
  // The right source's lanes first, into s2: `d` may be either source.
  e.shuffleBytes(s2, r, shuffleControl(lanes, 0, true), shuffleControl(lanes, 1, true));
  e.shuffleBytes(d, l, shuffleControl(lanes, 0, false), shuffleControl(lanes, 1, false));
  e.binop(Inst::kIdPor, Inst::kIdVpor, d, d, s2, true);
}

// --- v128 x v128 -> v128 --------------------------------------------------------

void MacroAssembler::simdBinary(Opcode op, Reg dst, Reg lhs, Reg rhs) {
  FastAssembler& a = impl_->as;
  SimdEmitter e(a, impl_->buffer, features_);
  const ax::Xmm d = xmmr(dst), l = xmmr(lhs), r = xmmr(rhs);
  if (SimpleBinary s = simpleBinary(op); s.sse != Inst::kIdNone) {
    e.binop(s.sse, s.vex, d, l, r, s.commutative);
    return;
  }
  if (MinMaxCompare m = minMaxCompare(op); m.sse != Inst::kIdNone) {
    e.binop(m.sse, m.vex, s2, l, r, true);
    e.binop(m.eqSse, m.eqVex, d, s2, l, true);
    if (m.negate) e.invert(d);
    return;
  }
  if (FloatCompare c = floatCompare(op); c.ok) {
    Id sse = c.f64 ? Inst::kIdCmppd : Inst::kIdCmpps;
    Id vex = c.f64 ? Inst::kIdVcmppd : Inst::kIdVcmpps;
    if (c.swap)
      e.compareFloat(sse, vex, d, r, l, c.predicate);
    else
      e.compareFloat(sse, vex, d, l, r, c.predicate);
    return;
  }
  switch (op) {
    case Opcode::I8x16Ne:
    case Opcode::I16x8Ne:
    case Opcode::I32x4Ne:
    case Opcode::I64x2Ne: {
      Id eq = op == Opcode::I8x16Ne   ? Inst::kIdPcmpeqb
              : op == Opcode::I16x8Ne ? Inst::kIdPcmpeqw
              : op == Opcode::I32x4Ne ? Inst::kIdPcmpeqd
                                      : Inst::kIdPcmpeqq;
      Id veq = op == Opcode::I8x16Ne   ? Inst::kIdVpcmpeqb
               : op == Opcode::I16x8Ne ? Inst::kIdVpcmpeqw
               : op == Opcode::I32x4Ne ? Inst::kIdVpcmpeqd
                                       : Inst::kIdVpcmpeqq;
      e.binop(eq, veq, d, l, r, true);
      e.invert(d);
      return;
    }
    case Opcode::I8x16LtS:
      return e.binop(Inst::kIdPcmpgtb, Inst::kIdVpcmpgtb, d, r, l, false);
    case Opcode::I16x8LtS:
      return e.binop(Inst::kIdPcmpgtw, Inst::kIdVpcmpgtw, d, r, l, false);
    case Opcode::I32x4LtS:
      return e.binop(Inst::kIdPcmpgtd, Inst::kIdVpcmpgtd, d, r, l, false);
    case Opcode::I64x2GtS:
      return greaterI64(e, d, l, r);
    case Opcode::I64x2LtS:
      return greaterI64(e, d, r, l);
    case Opcode::I64x2GeS:  // !(r > l)
      greaterI64(e, d, r, l);
      return e.invert(d);
    case Opcode::I64x2LeS:  // !(l > r)
      greaterI64(e, d, l, r);
      return e.invert(d);
    case Opcode::V128Andnot:  // l & ~r: pandn computes ~first & second
      return e.binop(Inst::kIdPandn, Inst::kIdVpandn, d, r, l, false);
    case Opcode::F32x4Min:
      return floatMinMax(e, false, false, d, l, r);
    case Opcode::F32x4Max:
      return floatMinMax(e, false, true, d, l, r);
    case Opcode::F64x2Min:
      return floatMinMax(e, true, false, d, l, r);
    case Opcode::F64x2Max:
      return floatMinMax(e, true, true, d, l, r);
    // pmin(l, r) = r < l ? r : l, which is minps(r, l) (minps returns its
    // second operand unless the first is smaller); pmax likewise.
    case Opcode::F32x4Pmin:
      return e.binop(Inst::kIdMinps, Inst::kIdVminps, d, r, l, false);
    case Opcode::F32x4Pmax:
      return e.binop(Inst::kIdMaxps, Inst::kIdVmaxps, d, r, l, false);
    case Opcode::F64x2Pmin:
      return e.binop(Inst::kIdMinpd, Inst::kIdVminpd, d, r, l, false);
    case Opcode::F64x2Pmax:
      return e.binop(Inst::kIdMaxpd, Inst::kIdVmaxpd, d, r, l, false);
    case Opcode::I8x16Swizzle:
      // Indices >= 16 select 0: adding 0x70 with unsigned saturation sets
      // their bit 7, which makes pshufb write 0, and keeps the low 4 bits
      // of the others.
      e.splat8(s1, 0x70);
      a.paddusb(s1, r);
      e.copy(d, l);
      a.pshufb(d, s1);
      return;
    case Opcode::I16x8RelaxedDotI8x16I7x16S:
      return relaxedDotI8x16(e, d, l, r);
    case Opcode::I16x8Q15mulrSatS:
      // pmulhrsw is q15mulr except 0x8000 * 0x8000, which gives 0x8000
      // where the spec saturates to 0x7fff.
      e.binop(Inst::kIdPmulhrsw, Inst::kIdVpmulhrsw, d, l, r, true);
      e.splat16(s1, 0x8000);
      a.pcmpeqw(s1, d);
      a.pxor(d, s1);
      return;
    case Opcode::I64x2Mul:
      return multiplyI64(e, d, l, r);
    case Opcode::I16x8ExtmulLowI8x16S:
      return extendedMultiply(e, Inst::kIdPmovsxbw, Inst::kIdPmullw, false, d, l, r);
    case Opcode::I16x8ExtmulHighI8x16S:
      return extendedMultiply(e, Inst::kIdPmovsxbw, Inst::kIdPmullw, true, d, l, r);
    case Opcode::I16x8ExtmulLowI8x16U:
      return extendedMultiply(e, Inst::kIdPmovzxbw, Inst::kIdPmullw, false, d, l, r);
    case Opcode::I16x8ExtmulHighI8x16U:
      return extendedMultiply(e, Inst::kIdPmovzxbw, Inst::kIdPmullw, true, d, l, r);
    case Opcode::I32x4ExtmulLowI16x8S:
      return extendedMultiply(e, Inst::kIdPmovsxwd, Inst::kIdPmulld, false, d, l, r);
    case Opcode::I32x4ExtmulHighI16x8S:
      return extendedMultiply(e, Inst::kIdPmovsxwd, Inst::kIdPmulld, true, d, l, r);
    case Opcode::I32x4ExtmulLowI16x8U:
      return extendedMultiply(e, Inst::kIdPmovzxwd, Inst::kIdPmulld, false, d, l, r);
    case Opcode::I32x4ExtmulHighI16x8U:
      return extendedMultiply(e, Inst::kIdPmovzxwd, Inst::kIdPmulld, true, d, l, r);
    case Opcode::I64x2ExtmulLowI32x4S:
      return extendedMultiply64(e, true, false, d, l, r);
    case Opcode::I64x2ExtmulHighI32x4S:
      return extendedMultiply64(e, true, true, d, l, r);
    case Opcode::I64x2ExtmulLowI32x4U:
      return extendedMultiply64(e, false, false, d, l, r);
    case Opcode::I64x2ExtmulHighI32x4U:
      return extendedMultiply64(e, false, true, d, l, r);
    default:
      impl_->buffer.reportUnsupported("SIMD binary operator not lowered for x86-64");
      return;
  }
}

// --- v128 -> v128 -------------------------------------------------------------------

void MacroAssembler::simdUnary(Opcode op, Reg dst, Reg src) {
  FastAssembler& a = impl_->as;
  SimdEmitter e(a, impl_->buffer, features_);
  const ax::Xmm d = xmmr(dst), x = xmmr(src);
  auto signMask = [&](Id shift, int count, Id combine) {
    e.allOnes(s1);
    a.emit(shift, s1, Imm(count));
    e.copy(d, x);
    a.emit(combine, d, s1);
  };
  auto negate = [&](Id sub) {
    if (same(d, x)) {
      a.movaps(s1, x);
      e.zero(d);
      a.emit(sub, d, s1);
    } else {
      e.zero(d);
      a.emit(sub, d, x);
    }
  };
  auto extendHigh = [&](Id widen) {
    a.pshufd(s1, x, Imm(0xEE));  // the high 8 bytes to the low half
    a.emit(widen, d, s1);
  };
  switch (op) {
    case Opcode::V128Not:
      e.copy(d, x);
      return e.invert(d);
    case Opcode::I8x16Abs:
      return (void)a.pabsb(d, x);
    case Opcode::I16x8Abs:
      return (void)a.pabsw(d, x);
    case Opcode::I32x4Abs:
      return (void)a.pabsd(d, x);
    case Opcode::I64x2Abs:
      // (x ^ sign) - sign, sign = each lane's high dword shifted out.
      a.pshufd(s1, x, Imm(0xF5));
      a.psrad(s1, 31);
      e.copy(d, x);
      a.pxor(d, s1);
      a.psubq(d, s1);
      return;
    case Opcode::I8x16Neg:
      return negate(Inst::kIdPsubb);
    case Opcode::I16x8Neg:
      return negate(Inst::kIdPsubw);
    case Opcode::I32x4Neg:
      return negate(Inst::kIdPsubd);
    case Opcode::I64x2Neg:
      return negate(Inst::kIdPsubq);
    // abs clears each lane's sign bit (and with all-ones shifted right by
    // one), neg flips it (xor with all-ones shifted left to the sign).
    case Opcode::F32x4Abs:
      return signMask(Inst::kIdPsrld, 1, Inst::kIdAndps);
    case Opcode::F64x2Abs:
      return signMask(Inst::kIdPsrlq, 1, Inst::kIdAndps);
    case Opcode::F32x4Neg:
      return signMask(Inst::kIdPslld, 31, Inst::kIdXorps);
    case Opcode::F64x2Neg:
      return signMask(Inst::kIdPsllq, 63, Inst::kIdXorps);
    case Opcode::F32x4Sqrt:
      return (void)a.sqrtps(d, x);
    case Opcode::F64x2Sqrt:
      return (void)a.sqrtpd(d, x);
    // roundps/roundpd immediates: 0 nearest-even, 1 floor, 2 ceil, 3 trunc.
    case Opcode::F32x4Nearest:
      return (void)a.roundps(d, x, Imm(0));
    case Opcode::F32x4Floor:
      return (void)a.roundps(d, x, Imm(1));
    case Opcode::F32x4Ceil:
      return (void)a.roundps(d, x, Imm(2));
    case Opcode::F32x4Trunc:
      return (void)a.roundps(d, x, Imm(3));
    case Opcode::F64x2Nearest:
      return (void)a.roundpd(d, x, Imm(0));
    case Opcode::F64x2Floor:
      return (void)a.roundpd(d, x, Imm(1));
    case Opcode::F64x2Ceil:
      return (void)a.roundpd(d, x, Imm(2));
    case Opcode::F64x2Trunc:
      return (void)a.roundpd(d, x, Imm(3));
    case Opcode::I8x16Popcnt:
      // Per byte: x - ((x >> 1) & 0x55), then 2-bit and 4-bit sums (the
      // 16-bit shifts move bits across bytes; the masks drop them).
      a.movaps(s1, x);
      a.psrlw(s1, 1);
      e.splat8(s2, 0x55);
      a.pand(s1, s2);
      e.copy(d, x);
      a.psubb(d, s1);
      a.movaps(s1, d);
      a.psrlw(s1, 2);
      e.splat8(s2, 0x33);
      a.pand(s1, s2);
      a.pand(d, s2);
      a.paddb(d, s1);
      a.movaps(s1, d);
      a.psrlw(s1, 4);
      a.paddb(d, s1);
      e.splat8(s2, 0x0F);
      a.pand(d, s2);
      return;
    case Opcode::I16x8ExtendLowI8x16S:
      return (void)a.pmovsxbw(d, x);
    case Opcode::I16x8ExtendLowI8x16U:
      return (void)a.pmovzxbw(d, x);
    case Opcode::I32x4ExtendLowI16x8S:
      return (void)a.pmovsxwd(d, x);
    case Opcode::I32x4ExtendLowI16x8U:
      return (void)a.pmovzxwd(d, x);
    case Opcode::I64x2ExtendLowI32x4S:
      return (void)a.pmovsxdq(d, x);
    case Opcode::I64x2ExtendLowI32x4U:
      return (void)a.pmovzxdq(d, x);
    case Opcode::I16x8ExtendHighI8x16S:
      return extendHigh(Inst::kIdPmovsxbw);
    case Opcode::I16x8ExtendHighI8x16U:
      return extendHigh(Inst::kIdPmovzxbw);
    case Opcode::I32x4ExtendHighI16x8S:
      return extendHigh(Inst::kIdPmovsxwd);
    case Opcode::I32x4ExtendHighI16x8U:
      return extendHigh(Inst::kIdPmovzxwd);
    case Opcode::I64x2ExtendHighI32x4S:
      return extendHigh(Inst::kIdPmovsxdq);
    case Opcode::I64x2ExtendHighI32x4U:
      return extendHigh(Inst::kIdPmovzxdq);
    case Opcode::I16x8ExtaddPairwiseI8x16S:
      // pmaddubsw multiplies unsigned bytes of its first operand by signed
      // bytes of its second and adds pairs: ones (unsigned) x x (signed).
      e.splat8(s1, 1);
      a.pmaddubsw(s1, x);
      a.movaps(d, s1);
      return;
    case Opcode::I16x8ExtaddPairwiseI8x16U:
      e.splat8(s1, 1);
      e.copy(d, x);
      a.pmaddubsw(d, s1);
      return;
    case Opcode::I32x4ExtaddPairwiseI16x8S:
      e.splat16(s1, 1);
      e.copy(d, x);
      a.pmaddwd(d, s1);
      return;
    case Opcode::I32x4ExtaddPairwiseI16x8U:
      // Bias to signed (x ^ 0x8000 = x - 32768), add pairs, add 2 * 32768.
      e.splat16(s1, 0x8000);
      e.copy(d, x);
      a.pxor(d, s1);
      e.splat16(s1, 1);
      a.pmaddwd(d, s1);
      e.splat32(s1, 0x10000);
      a.paddd(d, s1);
      return;
    case Opcode::F32x4DemoteF64x2Zero:
      return (void)a.cvtpd2ps(d, x);
    case Opcode::F64x2PromoteLowF32x4:
      return (void)a.cvtps2pd(d, x);
    case Opcode::F32x4ConvertI32x4S:
      return (void)a.cvtdq2ps(d, x);
    case Opcode::F32x4ConvertI32x4U:
      // Low 16 bits and the rest converted apart (each exactly), the rest
      // halved first so it fits cvtdq2ps's signed range; one rounding in
      // the final add.
      e.zero(s1);
      a.pblendw(s1, x, Imm(0x55));
      e.copy(d, x);
      a.psubd(d, s1);
      a.cvtdq2ps(s1, s1);
      a.psrld(d, 1);
      a.cvtdq2ps(d, d);
      a.addps(d, d);
      a.addps(d, s1);
      return;
    case Opcode::F64x2ConvertLowI32x4S:
      return (void)a.cvtdq2pd(d, x);
    case Opcode::F64x2ConvertLowI32x4U:
      // 2^52 + u as a double has u in its low mantissa bits: pair each
      // dword with 0x43300000 as the high half, then subtract 2^52.
      e.splat32(s1, 0x43300000);
      e.copy(d, x);
      a.unpcklps(d, s1);
      e.splat64(s1, 0x4330000000000000ull);
      a.subpd(d, s1);
      return;
    case Opcode::I32x4TruncSatF32x4S:
      // NaN lanes to 0; cvttps2dq gives 0x80000000 out of range, which is
      // right for large negatives and flipped to 0x7fffffff for positives.
      e.copy(d, x);
      a.movaps(s1, d);
      a.cmpps(s1, s1, Imm(0));  // not NaN
      a.andps(d, s1);
      a.pxor(s1, d);  // sign bit: input >= 0
      a.cvttps2dq(d, d);
      a.pand(s1, d);
      a.psrad(s1, 31);
      a.pxor(d, s1);
      return;
    case Opcode::I32x4TruncSatF32x4U:
      // Clamp below at 0 (NaN too: maxps returns its second operand), then
      // convert x and x - 2^31 and combine; >= 2^32 saturates.
      e.copy(d, x);
      e.zero(s1);
      a.maxps(d, s1);
      e.splat32(s1, 0x4F000000);  // 2^31
      a.movaps(s2, d);
      a.subps(s2, s1);
      a.cmpps(s1, s2, Imm(2));  // 2^31 <= x - 2^31: x >= 2^32
      a.cvttps2dq(s2, s2);
      a.pxor(s2, s1);
      e.zero(s1);
      a.pmaxsd(s2, s1);
      a.cvttps2dq(d, d);
      a.paddd(d, s2);
      return;
    case Opcode::I32x4TruncSatF64x2SZero:
      // NaN to 0 and clamp above at INT32_MAX with minpd; below, cvttpd2dq
      // gives 0x80000000, which is INT32_MIN. Upper lanes 0.
      e.copy(d, x);
      a.movaps(s1, d);
      a.cmppd(s1, s1, Imm(0));  // not NaN
      e.splat64(s2, 0x41DFFFFFFFC00000ull);  // 2147483647.0
      a.andps(s1, s2);
      a.minpd(d, s1);
      a.cvttpd2dq(d, d);
      return;
    case Opcode::I32x4TruncSatF64x2UZero:
      // Clamp to [0, 2^32 - 1] (NaN to 0), truncate, then 2^52 + v holds v
      // in the low dword of each lane; gather those dwords, zero above.
      e.copy(d, x);
      e.zero(s1);
      a.maxpd(d, s1);
      e.splat64(s1, 0x41EFFFFFFFE00000ull);  // 4294967295.0
      a.minpd(d, s1);
      a.roundpd(d, d, Imm(3));
      e.splat64(s1, 0x4330000000000000ull);  // 2^52
      a.addpd(d, s1);
      e.zero(s1);
      a.shufps(d, s1, Imm(0x88));
      return;
    default:
      impl_->buffer.reportUnsupported("SIMD unary operator not lowered for x86-64");
      return;
  }
}

// --- v128 -> i32 -------------------------------------------------------------------

void MacroAssembler::simdTest(Opcode op, Reg dst, Reg src) {
  FastAssembler& a = impl_->as;
  SimdEmitter e(a, impl_->buffer, features_);
  const ax::Xmm x = xmmr(src);
  const ax::Gp d = gpd(dst);
  auto allTrue = [&](Id eq) {
    // No lane equal to zero.
    e.zero(s1);
    a.emit(eq, s1, x);
    a.xor_(d, d);
    a.ptest(s1, s1);
    a.setz(gpb(dst));
  };
  switch (op) {
    case Opcode::V128AnyTrue:
      a.xor_(d, d);
      a.ptest(x, x);
      a.setnz(gpb(dst));
      return;
    case Opcode::I8x16AllTrue:
      return allTrue(Inst::kIdPcmpeqb);
    case Opcode::I16x8AllTrue:
      return allTrue(Inst::kIdPcmpeqw);
    case Opcode::I32x4AllTrue:
      return allTrue(Inst::kIdPcmpeqd);
    case Opcode::I64x2AllTrue:
      return allTrue(Inst::kIdPcmpeqq);
    case Opcode::I8x16Bitmask:
      return (void)a.pmovmskb(d, x);
    case Opcode::I16x8Bitmask:
      // Saturating narrowing keeps each lane's sign in a byte.
      a.movaps(s1, x);
      a.packsswb(s1, s1);
      a.pmovmskb(d, s1);
      a.movzx(d, gpb(dst));
      return;
    case Opcode::I32x4Bitmask:
      return (void)a.movmskps(d, x);
    case Opcode::I64x2Bitmask:
      return (void)a.movmskpd(d, x);
    default:
      impl_->buffer.reportUnsupported("SIMD test operator not lowered for x86-64");
      return;
  }
}

// --- Shifts ------------------------------------------------------------------------

namespace {

struct LaneShift {
  int laneBits = 0;  // 0: not a shift
  enum Kind { Shl, ShrS, ShrU } kind = Shl;
};

LaneShift laneShiftOf(Opcode op) {
  switch (op) {
    case Opcode::I8x16Shl: return {8, LaneShift::Shl};
    case Opcode::I8x16ShrS: return {8, LaneShift::ShrS};
    case Opcode::I8x16ShrU: return {8, LaneShift::ShrU};
    case Opcode::I16x8Shl: return {16, LaneShift::Shl};
    case Opcode::I16x8ShrS: return {16, LaneShift::ShrS};
    case Opcode::I16x8ShrU: return {16, LaneShift::ShrU};
    case Opcode::I32x4Shl: return {32, LaneShift::Shl};
    case Opcode::I32x4ShrS: return {32, LaneShift::ShrS};
    case Opcode::I32x4ShrU: return {32, LaneShift::ShrU};
    case Opcode::I64x2Shl: return {64, LaneShift::Shl};
    case Opcode::I64x2ShrS: return {64, LaneShift::ShrS};
    case Opcode::I64x2ShrU: return {64, LaneShift::ShrU};
    default: return {};
  }
}

// The word/dword/qword shift instruction (SSE, VEX) of a lane shift.
std::pair<Id, Id> shiftInstruction(int laneBits, LaneShift::Kind kind) {
  switch (laneBits) {
    case 16:
      return kind == LaneShift::Shl    ? std::pair{Inst::kIdPsllw, Inst::kIdVpsllw}
             : kind == LaneShift::ShrS ? std::pair{Inst::kIdPsraw, Inst::kIdVpsraw}
                                       : std::pair{Inst::kIdPsrlw, Inst::kIdVpsrlw};
    case 32:
      return kind == LaneShift::Shl    ? std::pair{Inst::kIdPslld, Inst::kIdVpslld}
             : kind == LaneShift::ShrS ? std::pair{Inst::kIdPsrad, Inst::kIdVpsrad}
                                       : std::pair{Inst::kIdPsrld, Inst::kIdVpsrld};
    default:
      return kind == LaneShift::Shl ? std::pair{Inst::kIdPsllq, Inst::kIdVpsllq}
                                    : std::pair{Inst::kIdPsrlq, Inst::kIdVpsrlq};
  }
}

// A lane shift by a count that is an immediate (`count` valid) or in s2
// (the count register already masked and moved there). i8x16 has no shift
// instruction: shl/shr_u shift words and mask off the bits that crossed
// into the neighbour byte; shr_s widens each byte to the high half of a
// word and shifts words arithmetically by 8 more.
void emitLaneShift(SimdEmitter& e, LaneShift s, const ax::Xmm& d, const ax::Xmm& x,
                   std::optional<uint32_t> count) {
  FastAssembler& a = e.a;
  auto shift = [&](Id sse, Id vex, const ax::Xmm& dd, const ax::Xmm& src, uint32_t extra) {
    if (count)
      e.shiftImm(sse, vex, dd, src, *count + extra);
    else
      e.shiftXmm(sse, vex, dd, src, s2);
  };
  if (s.laneBits == 8) {
    if (s.kind == LaneShift::ShrS) {
      if (!count) {
        a.add(ax::r11d, Imm(8));
        a.movd(s2, ax::r11d);
      }
      a.movaps(s1, x);
      a.punpckhbw(s1, s1);
      e.copy(d, x);
      a.punpcklbw(d, d);
      shift(Inst::kIdPsraw, Inst::kIdVpsraw, s1, s1, 8);
      shift(Inst::kIdPsraw, Inst::kIdVpsraw, d, d, 8);
      a.packsswb(d, s1);
      return;
    }
    bool left = s.kind == LaneShift::Shl;
    Id sse = left ? Inst::kIdPsllw : Inst::kIdPsrlw;
    Id vex = left ? Inst::kIdVpsllw : Inst::kIdVpsrlw;
    shift(sse, vex, d, x, 0);
    if (count) {
      uint8_t mask = left ? static_cast<uint8_t>(0xFF << *count) : static_cast<uint8_t>(0xFF >> *count);
      e.splat8(s1, mask);
    } else {
      // The byte mask, shifted the same way in each word of all-ones, then
      // its right byte broadcast (byte 0 for shl, byte 1 for shr_u).
      e.allOnes(s1);
      a.emit(sse, s1, s2);
      if (left) {
        e.zero(s2);
      } else {
        e.allOnes(s2);
        a.pabsb(s2, s2);  // bytes of 1
      }
      a.pshufb(s1, s2);
    }
    a.pand(d, s1);
    return;
  }
  if (s.laneBits == 64 && s.kind == LaneShift::ShrS) {
    // No psraq: ((x >>> n) ^ m) - m with m = the sign bit >>> n.
    e.allOnes(s1);
    a.psllq(s1, 63);
    if (count)
      a.psrlq(s1, *count);
    else
      a.psrlq(s1, s2);
    shift(Inst::kIdPsrlq, Inst::kIdVpsrlq, d, x, 0);
    a.pxor(d, s1);
    a.psubq(d, s1);
    return;
  }
  auto [sse, vex] = shiftInstruction(s.laneBits, s.kind);
  shift(sse, vex, d, x, 0);
}

}  // namespace

void MacroAssembler::simdShift(Opcode op, Reg dst, Reg src, Reg count) {
  FastAssembler& a = impl_->as;
  SimdEmitter e(a, impl_->buffer, features_);
  LaneShift s = laneShiftOf(op);
  if (s.laneBits == 0) return impl_->buffer.reportUnsupported("SIMD shift not lowered for x86-64");
  a.mov(ax::r11d, gpd(count));
  a.and_(ax::r11d, Imm(s.laneBits - 1));
  if (!(s.laneBits == 8 && s.kind == LaneShift::ShrS)) a.movd(s2, ax::r11d);
  emitLaneShift(e, s, xmmr(dst), xmmr(src), std::nullopt);
}

void MacroAssembler::simdShift(Opcode op, Reg dst, Reg src, int64_t count) {
  SimdEmitter e(impl_->as, impl_->buffer, features_);
  LaneShift s = laneShiftOf(op);
  if (s.laneBits == 0) return impl_->buffer.reportUnsupported("SIMD shift not lowered for x86-64");
  emitLaneShift(e, s, xmmr(dst), xmmr(src), static_cast<uint32_t>(count) & (s.laneBits - 1));
}

// --- Lanes -----------------------------------------------------------------------------

void MacroAssembler::simdSplat(Opcode op, Reg dst, Reg src) {
  FastAssembler& a = impl_->as;
  SimdEmitter e(a, impl_->buffer, features_);
  const ax::Xmm d = xmmr(dst);
  switch (op) {
    case Opcode::I8x16Splat:
      a.movd(d, gpd(src));
      if (features_.avx2) return (void)a.vpbroadcastb(d, d);
      e.zero(s1);
      a.pshufb(d, s1);
      return;
    case Opcode::I16x8Splat:
      a.movd(d, gpd(src));
      if (features_.avx2) return (void)a.vpbroadcastw(d, d);
      a.pshuflw(d, d, Imm(0));
      a.pshufd(d, d, Imm(0));
      return;
    case Opcode::I32x4Splat:
      a.movd(d, gpd(src));
      a.pshufd(d, d, Imm(0));
      return;
    case Opcode::I64x2Splat:
      a.movq(d, gpq(src));
      a.punpcklqdq(d, d);
      return;
    case Opcode::F32x4Splat:
      a.pshufd(d, xmmr(src), Imm(0));
      return;
    case Opcode::F64x2Splat:
      a.movddup(d, xmmr(src));
      return;
    default:
      impl_->buffer.reportUnsupported("SIMD splat not lowered for x86-64");
      return;
  }
}

void MacroAssembler::simdExtractLane(Opcode op, Reg dst, Reg src, uint8_t lane) {
  FastAssembler& a = impl_->as;
  SimdEmitter e(a, impl_->buffer, features_);
  const ax::Xmm x = xmmr(src);
  switch (op) {
    case Opcode::I8x16ExtractLaneS:
      a.pextrb(gpd(dst), x, Imm(lane));
      a.movsx(gpd(dst), gpb(dst));
      return;
    case Opcode::I8x16ExtractLaneU:
      return (void)a.pextrb(gpd(dst), x, Imm(lane));
    case Opcode::I16x8ExtractLaneS:
      a.pextrw(gpd(dst), x, Imm(lane));
      a.movsx(gpd(dst), gpw(dst));
      return;
    case Opcode::I16x8ExtractLaneU:
      return (void)a.pextrw(gpd(dst), x, Imm(lane));
    case Opcode::I32x4ExtractLane:
      if (lane == 0) return (void)a.movd(gpd(dst), x);
      return (void)a.pextrd(gpd(dst), x, Imm(lane));
    case Opcode::I64x2ExtractLane:
      if (lane == 0) return (void)a.movq(gpq(dst), x);
      return (void)a.pextrq(gpq(dst), x, Imm(lane));
    // A scalar float lives in lane 0; the other lanes are ignored.
    case Opcode::F32x4ExtractLane:
      if (lane == 0) return e.copy(xmmr(dst), x);
      return (void)a.pshufd(xmmr(dst), x, Imm(lane));
    case Opcode::F64x2ExtractLane:
      if (lane == 0) return e.copy(xmmr(dst), x);
      return (void)a.pshufd(xmmr(dst), x, Imm(0xEE));
    default:
      impl_->buffer.reportUnsupported("SIMD extract_lane not lowered for x86-64");
      return;
  }
}

void MacroAssembler::simdReplaceLane(Opcode op, Reg dst, Reg src, Reg value, uint8_t lane) {
  FastAssembler& a = impl_->as;
  SimdEmitter e(a, impl_->buffer, features_);
  const ax::Xmm d = xmmr(dst);
  ax::Xmm v = value.isFp() ? xmmr(value) : s1;
  if (value.isFp() && value == dst && dst != src) {
    a.movaps(s1, v);
    v = s1;
  }
  e.copy(d, xmmr(src));
  switch (op) {
    case Opcode::I8x16ReplaceLane:
      return (void)a.pinsrb(d, gpd(value), Imm(lane));
    case Opcode::I16x8ReplaceLane:
      return (void)a.pinsrw(d, gpd(value), Imm(lane));
    case Opcode::I32x4ReplaceLane:
      return (void)a.pinsrd(d, gpd(value), Imm(lane));
    case Opcode::I64x2ReplaceLane:
      return (void)a.pinsrq(d, gpq(value), Imm(lane));
    case Opcode::F32x4ReplaceLane:
      return (void)a.insertps(d, v, Imm(lane << 4));
    case Opcode::F64x2ReplaceLane:
      if (lane == 0) return (void)a.movsd(d, v);
      return (void)a.movlhps(d, v);
    default:
      impl_->buffer.reportUnsupported("SIMD replace_lane not lowered for x86-64");
      return;
  }
}

// --- Memory ------------------------------------------------------------------------------

void MacroAssembler::loadHeapSimd(Opcode op, Reg dst, Reg index, uint64_t offset,
                                  BoundsCheck check) {
  FastAssembler& a = impl_->as;
  SimdEmitter e(a, impl_->buffer, features_);
  const ax::Xmm d = xmmr(dst);
  uint32_t size = 0;
  switch (op) {
    case Opcode::V128Load8Splat: size = 1; break;
    case Opcode::V128Load16Splat: size = 2; break;
    case Opcode::V128Load32Splat:
    case Opcode::V128Load32Zero: size = 4; break;
    default: size = 8; break;
  }
  if (check == BoundsCheck::Explicit) emitBoundsCheck(index, offset, size);
  ax::Mem m = heapOperand(a, index, offset);
  m.setSize(size);
  if (check == BoundsCheck::Guard) recordTrapSite(TrapCode::MemoryOutOfBounds);
  // The memory operand is the first instruction: the trap site.
  switch (op) {
    case Opcode::V128Load8x8S:
      return (void)a.pmovsxbw(d, m);
    case Opcode::V128Load8x8U:
      return (void)a.pmovzxbw(d, m);
    case Opcode::V128Load16x4S:
      return (void)a.pmovsxwd(d, m);
    case Opcode::V128Load16x4U:
      return (void)a.pmovzxwd(d, m);
    case Opcode::V128Load32x2S:
      return (void)a.pmovsxdq(d, m);
    case Opcode::V128Load32x2U:
      return (void)a.pmovzxdq(d, m);
    case Opcode::V128Load8Splat:
      if (features_.avx2) return (void)a.vpbroadcastb(d, m);
      a.pinsrb(d, m, Imm(0));
      e.zero(s1);
      a.pshufb(d, s1);
      return;
    case Opcode::V128Load16Splat:
      if (features_.avx2) return (void)a.vpbroadcastw(d, m);
      a.pinsrw(d, m, Imm(0));
      a.pshuflw(d, d, Imm(0));
      a.pshufd(d, d, Imm(0));
      return;
    case Opcode::V128Load32Splat:
      if (features_.avx) return (void)a.vbroadcastss(d, m);
      a.movss(d, m);
      a.pshufd(d, d, Imm(0));
      return;
    case Opcode::V128Load64Splat:
      return (void)a.movddup(d, m);
    case Opcode::V128Load32Zero:
      return (void)a.movss(d, m);
    case Opcode::V128Load64Zero:
      return (void)a.movsd(d, m);
    default:
      impl_->buffer.reportUnsupported("SIMD load not lowered for x86-64");
      return;
  }
}

// Lane accesses take their size from simdAccessSize (jit/simd_shape.h).

void MacroAssembler::loadHeapLane(Opcode op, Reg dst, Reg index, uint64_t offset, uint8_t lane,
                                  BoundsCheck check) {
  FastAssembler& a = impl_->as;
  uint32_t size = simdAccessSize(op);
  if (check == BoundsCheck::Explicit) emitBoundsCheck(index, offset, size);
  ax::Mem m = heapOperand(a, index, offset);
  m.setSize(size);
  if (check == BoundsCheck::Guard) recordTrapSite(TrapCode::MemoryOutOfBounds);
  const ax::Xmm d = xmmr(dst);
  switch (size) {
    case 1: return (void)a.pinsrb(d, m, Imm(lane));
    case 2: return (void)a.pinsrw(d, m, Imm(lane));
    case 4: return (void)a.pinsrd(d, m, Imm(lane));
    default: return (void)a.pinsrq(d, m, Imm(lane));
  }
}

void MacroAssembler::storeHeapLane(Opcode op, Reg src, Reg index, uint64_t offset, uint8_t lane,
                                   BoundsCheck check) {
  FastAssembler& a = impl_->as;
  uint32_t size = simdAccessSize(op);
  if (check == BoundsCheck::Explicit) emitBoundsCheck(index, offset, size);
  ax::Mem m = heapOperand(a, index, offset);
  m.setSize(size);
  if (check == BoundsCheck::Guard) recordTrapSite(TrapCode::MemoryOutOfBounds);
  const ax::Xmm x = xmmr(src);
  switch (size) {
    case 1: return (void)a.pextrb(m, x, Imm(lane));
    case 2: return (void)a.pextrw(m, x, Imm(lane));
    case 4: return (void)a.pextrd(m, x, Imm(lane));
    default: return (void)a.pextrq(m, x, Imm(lane));
  }
}

}  // namespace ember::x64
