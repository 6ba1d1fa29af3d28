// The SIMD operators (WebAssembly 2.0 fixed-width SIMD): v128 values live
// in FP registers (xmm / NEON v) and 16-byte frame slots like any other
// value of the value stack. Operators without immediates are routed by the
// shape of their signature (jit/simd_shape.h) to one masm operation each;
// the backends switch on the opcode. A v128 constant goes to a register at
// once (a StackEntry keeps 64 bits of constant; 16 bytes per stack entry
// for the rare v128.const is not worth it).
#include "jit/codegen.h"
#include "jit/simd_shape.h"

namespace ember {

void Codegen::visitV128Const(const V128Bytes& bytes) {
  settleTop();
  Reg r = allocate(RegClass::Fp);
  masm_.moveV128(r, bytes);
  pushRegister(ValType::V128, r);
}

// Operands are read in place: a local's cached copy is not copied first,
// since every masm SIMD operation takes a destination apart from its
// sources (AVX's three-operand forms need no copy at all).
Codegen::SimdOperand Codegen::readSimdOperand(RegisterSet exclude) {
  SimdOperand x;
  x.reg = readRegister(pop(), x.owned, exclude);
  return x;
}

// Where an operation on `x` puts its result: over `x` when the value is
// the operator's own, else a fresh register; `x`'s register is then free
// to reuse whichever it is.
Reg Codegen::simdResultRegister(const SimdOperand& x, RegisterSet exclude) {
  return x.owned ? x.reg : allocate(RegClass::Fp, exclude | RegisterSet{x.reg});
}

void Codegen::emitSimd(Opcode op) {
  constexpr ValType V128 = ValType::V128;
  switch (simdShapeOf(op)) {
    case SimdShape::NotSimd:
      return unsupported(opcodeName(op));
    case SimdShape::Unary: {
      SimdOperand x = readSimdOperand();
      Reg dst = simdResultRegister(x);
      masm_.simdUnary(op, dst, x.reg);
      return pushRegister(V128, dst);
    }
    case SimdShape::Binary: {
      SimdOperand r = readSimdOperand();
      SimdOperand l = readSimdOperand(RegisterSet{r.reg});
      Reg dst = simdResultRegister(l, RegisterSet{r.reg});
      masm_.simdBinary(op, dst, l.reg, r.reg);
      releaseRead(r.reg, r.owned);
      return pushRegister(V128, dst);
    }
    case SimdShape::Ternary: {
      Reg c = popToRegister();
      Reg b = popToRegister();
      Reg a = popToRegister();
      masm_.simdTernary(op, a, a, b, c);
      release(c);
      release(b);
      return pushRegister(V128, a);
    }
    case SimdShape::Test: {
      Reg src = popToRegister();
      Reg dst = allocate(RegClass::Gp);
      masm_.simdTest(op, dst, src);
      release(src);
      return pushRegister(ValType::I32, dst);
    }
    case SimdShape::Shift: {
      StackEntry count = pop();
      if (count.isConstant()) {
        SimdOperand v = readSimdOperand();
        Reg dst = simdResultRegister(v);
        masm_.simdShift(op, dst, v.reg, static_cast<int64_t>(static_cast<uint32_t>(count.bits)));
        return pushRegister(V128, dst);
      }
      Reg c = toRegister(count);
      SimdOperand v = readSimdOperand(RegisterSet{c});
      Reg dst = simdResultRegister(v, RegisterSet{c});
      masm_.simdShift(op, dst, v.reg, c);
      release(c);
      return pushRegister(V128, dst);
    }
    case SimdShape::Splat: {
      Reg src = popToRegister();
      Reg dst = src.isFp() ? src : allocate(RegClass::Fp);
      masm_.simdSplat(op, dst, src);
      if (dst != src) release(src);
      return pushRegister(V128, dst);
    }
  }
}

void Codegen::visitI8x16Shuffle(const V128Bytes& lanes) {
  SimdOperand r = readSimdOperand();
  SimdOperand l = readSimdOperand(RegisterSet{r.reg});
  Reg dst = simdResultRegister(l, RegisterSet{r.reg});
  masm_.simdShuffle(dst, l.reg, r.reg, lanes);
  releaseRead(r.reg, r.owned);
  pushRegister(ValType::V128, dst);
}

void Codegen::visitExtractLane(Opcode op, uint8_t lane) {
  ValType type = simdLaneType(op);
  Reg src = popToRegister();
  Reg dst = regClassOf(type) == RegClass::Fp ? src : allocate(RegClass::Gp);
  masm_.simdExtractLane(op, dst, src, lane);
  if (dst != src) release(src);
  pushRegister(type, dst);
}

void Codegen::visitReplaceLane(Opcode op, uint8_t lane) {
  Reg value = popToRegister();
  Reg vector = popToRegister();
  masm_.simdReplaceLane(op, vector, vector, value, lane);
  release(value);
  pushRegister(ValType::V128, vector);
}

void Codegen::emitSimdLoad(Opcode op, MemArg memArg) {
  uint32_t size = simdAccessSize(op);
  if (size == 0) return unsupported(opcodeName(op));
  Reg index = popToRegister();
  Reg dst = allocate(RegClass::Fp);
  masm_.loadHeapSimd(op, dst, index, memArg.offset, boundsFor(memArg.offset, size));
  release(index);
  pushRegister(ValType::V128, dst);
}

void Codegen::visitLoadLane(Opcode op, MemArg memArg, uint8_t lane) {
  if (memArg.memoryIndex != 0) return unsupported("multiple memories");
  uint32_t size = simdAccessSize(op);
  Reg vector = popToRegister();
  Reg index = popToRegister();
  masm_.loadHeapLane(op, vector, index, memArg.offset, lane, boundsFor(memArg.offset, size));
  release(index);
  pushRegister(ValType::V128, vector);
}

void Codegen::visitStoreLane(Opcode op, MemArg memArg, uint8_t lane) {
  if (memArg.memoryIndex != 0) return unsupported("multiple memories");
  uint32_t size = simdAccessSize(op);
  Reg vector = popToRegister();
  Reg index = popToRegister();
  masm_.storeHeapLane(op, vector, index, memArg.offset, lane, boundsFor(memArg.offset, size));
  release(index);
  release(vector);
}

}  // namespace ember
