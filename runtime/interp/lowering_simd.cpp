// Lowering of the SIMD (v128) operators (see lowering.h). A v128 value is
// two entries of the operand stack, its low and high 8 bytes, so the
// scalar bookkeeping (home slots, pending local reads, constants, branch
// moves, calls) carries it unchanged as two 8-byte halves; the instructions
// here need both halves in consecutive slots and ask v128SlotOf for them.
#include <cstring>
#include <optional>

#include "runtime/interp/lowering.h"

namespace ember::interp {
namespace {

// The shape of a SIMD instruction (simd_ops.def), by wasm operator.
enum class Shape : uint8_t { None, V1, V2, V3, Test, Shift, Splat, Load };

Shape shapeOf(Opcode op, IOp& iop) {
  switch (op) {
#define EMBER_V1(Name, expr) case Opcode::Name: iop = IOp::Name; return Shape::V1;
#define EMBER_V2(Name, expr) case Opcode::Name: iop = IOp::Name; return Shape::V2;
#define EMBER_V3(Name, expr) \
  case Opcode::Name:         \
    iop = IOp::Name;         \
    return Shape::V3;
#define EMBER_VTEST(Name, expr) case Opcode::Name: iop = IOp::Name; return Shape::Test;
#define EMBER_VSHIFT(Name, expr) case Opcode::Name: iop = IOp::Name; return Shape::Shift;
#define EMBER_VSPLAT(Name, expr) case Opcode::Name: iop = IOp::Name; return Shape::Splat;
#define EMBER_VLOAD(Name, bytes, expr) case Opcode::Name: iop = IOp::Name; return Shape::Load;
#define EMBER_VEXTRACT(Name, expr) case Opcode::Name: iop = IOp::Name; return Shape::None;
#define EMBER_VREPLACE(Name, T) case Opcode::Name: iop = IOp::Name; return Shape::None;
#define EMBER_VLOADLANE(Name, T) case Opcode::Name: iop = IOp::Name; return Shape::None;
#define EMBER_VSTORELANE(Name, T) case Opcode::Name: iop = IOp::Name; return Shape::None;
#include "runtime/interp/simd_ops.def"
    default: return Shape::None;
  }
}

IOp simdIOp(Opcode op) {
  IOp iop = IOp::Count_;
  shapeOf(op, iop);
  return iop;
}

uint64_t halfOf(const V128Bytes& bytes, int half) {
  uint64_t v;
  std::memcpy(&v, reinterpret_cast<const uint8_t*>(&bytes) + 8 * half, 8);
  return v;
}

}  // namespace

// Instructions that write a whole v128 to their destination: only those
// may be retargeted to a v128 local (and never to a scalar one).
bool Lowering::writesV128(IOp op) {
  switch (op) {
    case IOp::Copy128: case IOp::V128Const: case IOp::Select128: case IOp::GlobalGet128:
    case IOp::I8x16Shuffle:
    case IOp::I32x4Shuffle:
    case IOp::I32x4RotrImm: case IOp::I64x2RotrImm:
#define EMBER_V1(Name, expr) case IOp::Name:
#define EMBER_V2(Name, expr) case IOp::Name:
#define EMBER_V3(Name, expr) case IOp::Name:
#define EMBER_VSHIFT(Name, expr) case IOp::Name: case IOp::Name##Imm:
#define EMBER_VSPLAT(Name, expr) case IOp::Name:
#define EMBER_VREPLACE(Name, T) case IOp::Name:
#define EMBER_VLOAD(Name, bytes, expr) case IOp::Name:
#define EMBER_VLOADLANE(Name, T) case IOp::Name:
#include "runtime/interp/simd_ops.def"
      return true;
    default:
      return false;
  }
}

uint32_t Lowering::pushV128() {
  uint32_t first = pushHome();
  pushHome();
  return first;
}

// Both halves in consecutive slots: a v128 local as it is, otherwise the
// home slots (a constant with one V128Const).
uint32_t Lowering::v128SlotOf(uint32_t pos) {
  Operand& lo = stack_[pos];
  Operand& hi = stack_[pos + 1];
  if (lo.where == Where::Local && hi.where == Where::Local && hi.local == lo.local + 1)
    return lo.local;
  if (lo.where == Where::Const && hi.where == Where::Const) {
    writeV128To(pos, home(pos));
    lo.where = hi.where = Where::Home;
    return home(pos);
  }
  materialize(pos);
  materialize(pos + 1);
  return home(pos);
}

// Like writeOperandTo, for the v128 at pos..pos+1: one instruction when the
// halves are together.
void Lowering::writeV128To(uint32_t pos, uint32_t dstSlot) {
  const Operand& lo = stack_[pos];
  const Operand& hi = stack_[pos + 1];
  if (lo.where == Where::Const && hi.where == Where::Const) {
    emitOp(IOp::V128Const, dstSlot);
    emitImm(lo.bits, true);
    emitImm(hi.bits, true);
    return;
  }
  uint32_t src = kNoDst;
  if (lo.where == Where::Local && hi.where == Where::Local && hi.local == lo.local + 1)
    src = lo.local;
  else if (lo.where == Where::Home && hi.where == Where::Home)
    src = home(pos);
  if (src == kNoDst) {
    writeOperandTo(lo, pos, dstSlot);
    writeOperandTo(hi, pos + 1, dstSlot + 1);
    return;
  }
  if (src == dstSlot) return;
  emitOp(IOp::Copy128, dstSlot);
  emit(src);
}

void Lowering::localTeeV128(uint32_t slot) {
  uint32_t pos = height() - 2;
  const Operand lo = stack_[pos];
  const Operand hi = stack_[pos + 1];
  if (lo.where == Where::Local && lo.local == slot) return;
  preserveLocal(slot);
  preserveLocal(slot + 1);
  if (lo.where == Where::Home && hi.where == Where::Home && lastDst_ == home(pos) &&
      writesV128(lastOp_)) {
    code_[lastStart_ + 1] = slot;
    lastDst_ = slot;
    truncate(pos);  // the value now reads the local (keeping its reader chains)
    pushLocalRead(slot);
    pushLocalRead(slot + 1);
    return;
  }
  writeV128To(pos, slot);
}

void Lowering::selectV128() {
  uint32_t c = height() - 1;
  uint32_t sc = slotOf(c);
  uint32_t sa = v128SlotOf(c - 4), sb = v128SlotOf(c - 2);
  truncate(c - 4);
  uint32_t dst = pushV128();
  emitOp(IOp::Select128, dst);
  emit(sa);
  emit(sb);
  emit(sc);
}

void Lowering::globalGetV128(uint32_t index) {
  uint32_t dst = pushV128();
  emitOp(IOp::GlobalGet128, dst);
  emit(index);
}

void Lowering::globalSetV128(uint32_t index) {
  uint32_t src = v128SlotOf(height() - 2);
  truncate(height() - 2);
  emitOp(IOp::GlobalSet128);
  emit(index);
  emit(src);
}

void Lowering::visitV128Const(const V128Bytes& bytes) {
  pushConst(halfOf(bytes, 0));
  pushConst(halfOf(bytes, 1));
}

// A shuffle whose every 32-bit result lane is a 32-bit lane of a or b,
// possibly rotated by whole bytes (how compilers spell lane permutations and
// rotates by 8 and 16, as in BLAKE and ChaCha rounds), takes 4 lane moves
// instead of 16 byte moves, and the same rotation of every lane of one
// operand takes vector shifts.
void Lowering::visitI8x16Shuffle(const V128Bytes& bytes) {
  uint8_t lanes[16];
  std::memcpy(lanes, &bytes, 16);
  uint32_t top = height();
  uint32_t sa = v128SlotOf(top - 4), sb = v128SlotOf(top - 2);
  truncate(top - 4);
  uint32_t dst = pushV128();
  uint32_t words[4];
  bool lanewise = true;
  for (int k = 0; k < 4 && lanewise; ++k) {
    const uint8_t* g = lanes + 4 * k;
    uint32_t rotate = g[0] & 3u;
    for (int j = 0; j < 4; ++j) lanewise = lanewise && g[j] == ((g[0] & ~3u) | ((j + rotate) & 3u));
    words[k] = (g[0] / 4u) | (8u * rotate) << 8;
  }
  if (lanewise) {
    uint32_t rotate = words[0] >> 8, source = words[0] & 4u;
    bool uniform = rotate != 0;
    for (uint32_t k = 0; k < 4; ++k) uniform = uniform && words[k] == ((rotate << 8) | source | k);
    if (uniform) {
      emitOp(IOp::I32x4RotrImm, dst);
      emit(source ? sb : sa);
      emit(rotate);
      emit(32u - rotate);
      return;
    }
    emitOp(IOp::I32x4Shuffle, dst);
    emit(sa);
    emit(sb);
    for (uint32_t w : words) emit(w);
    return;
  }
  emitOp(IOp::I8x16Shuffle, dst);
  emit(sa);
  emit(sb);
  emitImm(halfOf(bytes, 0), true);
  emitImm(halfOf(bytes, 1), true);
}

void Lowering::visitExtractLane(Opcode op, uint8_t lane) {
  uint32_t top = height();
  uint32_t sa = v128SlotOf(top - 2);
  truncate(top - 2);
  uint32_t dst = pushHome();
  emitOp(simdIOp(op), dst);
  emit(sa);
  emit(lane);
}

void Lowering::visitReplaceLane(Opcode op, uint8_t lane) {
  uint32_t top = height();
  uint32_t sx = slotOf(top - 1);
  uint32_t sa = v128SlotOf(top - 3);
  truncate(top - 3);
  uint32_t dst = pushV128();
  emitOp(simdIOp(op), dst);
  emit(sa);
  emit(sx);
  emit(lane);
}

// The address add is folded first (it must be the instruction just
// emitted); the v128 operand's copies then write only its home slots.
void Lowering::visitLoadLane(Opcode op, MemArg m, uint8_t lane) {
  uint32_t top = height();
  AddressFold fold = takeAddressAdd(top - 3);
  uint32_t addr = fold.folded ? fold.base : slotOf(top - 3);
  uint32_t sv = v128SlotOf(top - 2);
  truncate(top - 3);
  uint32_t dst = pushV128();
  emitOp(simdIOp(op), dst);
  emit(addr);
  emit(sv);
  emit(fold.add);
  emit(static_cast<uint32_t>(m.offset));
  emit(lane);
}

void Lowering::visitStoreLane(Opcode op, MemArg m, uint8_t lane) {
  uint32_t top = height();
  AddressFold fold = takeAddressAdd(top - 3);
  uint32_t addr = fold.folded ? fold.base : slotOf(top - 3);
  uint32_t sv = v128SlotOf(top - 2);
  truncate(top - 3);
  emitOp(simdIOp(op));
  emit(addr);
  emit(sv);
  emit(fold.add);
  emit(static_cast<uint32_t>(m.offset));
  emit(lane);
}

void Lowering::simdLoad(Opcode op, MemArg m) {
  uint32_t top = height() - 1;
  AddressFold fold = takeAddressAdd(top);
  uint32_t addr = fold.folded ? fold.base : slotOf(top);
  pop();
  uint32_t dst = pushV128();
  emitOp(simdIOp(op), dst);
  emit(addr);
  emit(fold.add);
  emit(static_cast<uint32_t>(m.offset));
}

void Lowering::simdStore(MemArg m) {  // v128.store, the only SIMD store with a memarg alone
  uint32_t top = height();
  AddressFold fold = takeAddressAdd(top - 3);
  uint32_t addr = fold.folded ? fold.base : slotOf(top - 3);
  uint32_t sv = v128SlotOf(top - 2);
  truncate(top - 3);
  emitOp(IOp::V128Store);
  emit(addr);
  emit(sv);
  emit(fold.add);
  emit(static_cast<uint32_t>(m.offset));
}

// A splat of a constant is a constant (pending, like v128.const).
void Lowering::splatConstant(Opcode op, uint64_t bits) {
  uint64_t half;
  switch (op) {
    case Opcode::I8x16Splat: half = (bits & 0xFF) * 0x0101010101010101ull; break;
    case Opcode::I16x8Splat: half = (bits & 0xFFFF) * 0x0001000100010001ull; break;
    case Opcode::I32x4Splat:
    case Opcode::F32x4Splat: half = (bits & 0xFFFFFFFFull) * 0x0000000100000001ull; break;
    default: half = bits; break;  // I64x2Splat, F64x2Splat
  }
  pop();
  pushConst(half);
  pushConst(half);
}

void Lowering::simdNumeric(Opcode op) {
  IOp iop = IOp::Count_;
  Shape shape = shapeOf(op, iop);
  if (shape == Shape::V3) {
    uint32_t top = height();
    uint32_t sa = v128SlotOf(top - 6), sb = v128SlotOf(top - 4), sc = v128SlotOf(top - 2);
    truncate(top - 6);
    uint32_t dst = pushV128();
    emitOp(iop, dst);
    emit(sa);
    emit(sb);
    emit(sc);
    return;
  }
  uint32_t top = height();
  uint32_t a, dst;
  std::optional<uint32_t> b;  // the second operand: a slot, or a shift's count
  switch (shape) {
    case Shape::V1:
      a = v128SlotOf(top - 2);
      truncate(top - 2);
      dst = pushV128();
      break;
    case Shape::V2:
      if (op == Opcode::V128Or && fuseRotate()) return;
      a = v128SlotOf(top - 4);
      b = v128SlotOf(top - 2);
      truncate(top - 4);
      dst = pushV128();
      break;
    case Shape::Test:
      a = v128SlotOf(top - 2);
      truncate(top - 2);
      dst = pushHome();
      break;
    case Shape::Shift:
      if (stack_[top - 1].where == Where::Const) {  // the count as an immediate
        iop = static_cast<IOp>(static_cast<uint32_t>(iop) + 1);  // NameImm follows Name
        // Only the count modulo the lane width matters, and every width
        // divides 128. Unmasked, a count of -1 was kNoDst: the operand was
        // left out and the next instruction decoded from the wrong place.
        b = static_cast<uint32_t>(stack_[top - 1].bits) & 127;
      } else {
        b = slotOf(top - 1);
      }
      a = v128SlotOf(top - 3);
      truncate(top - 3);
      dst = pushV128();
      break;
    case Shape::Splat:
      if (stack_[top - 1].where == Where::Const) return splatConstant(op, stack_[top - 1].bits);
      a = slotOf(top - 1);
      truncate(top - 1);
      dst = pushV128();
      break;
    default:
      return;  // not a SIMD operator: every other numeric one is in ops.def
  }
  if (shape == Shape::Shift) {
    // Only a shift right after the previous one, with no label bound in
    // between (bindHere() clears lastOp_), pairs with it.
    bool follows = lastOp_ != IOp::Count_ && lastStart_ == shiftStarts_[1];
    shiftStarts_[0] = follows ? shiftStarts_[1] : kNoFixup;
    shiftStarts_[1] = here();
  }
  emitOp(iop, dst);
  emit(a);
  if (b) emit(*b);
}

// `v128.or` of the two instructions just emitted, when they are a shift
// left and a logical shift right by constants that add up to the lane
// width, of the same source: a rotate (BLAKE, ChaCha and Argon2 rounds
// rotate this way by 7, 12, 24, 63, ...), emitted as one instruction.
bool Lowering::fuseRotate() {
  uint32_t top = height();
  uint32_t first = shiftStarts_[0], second = shiftStarts_[1];
  if (first == kNoFixup || second == kNoFixup || lastStart_ != second || lastOp_ == IOp::Count_ ||
      second != first + 4 || here() != second + 4)
    return false;
  for (uint32_t p = top - 4; p < top; ++p)
    if (stack_[p].where != Where::Home) return false;
  auto opAt = [&](uint32_t start) {
    for (uint32_t i = 0; i < kIOpCount; ++i)
      if (opToken(static_cast<IOp>(i)) == code_[start]) return static_cast<IOp>(i);
    return IOp::Count_;
  };
  IOp op1 = opAt(first), op2 = lastOp_;
  uint32_t dst1 = code_[first + 1], src1 = code_[first + 2], n1 = code_[first + 3];
  uint32_t dst2 = code_[second + 1], src2 = code_[second + 2], n2 = code_[second + 3];
  if (dst1 != home(top - 4) || dst2 != home(top - 2) || src1 != src2 || src1 == dst1) return false;
  IOp rot;
  uint32_t width, shr, shl;
  auto match = [&](IOp shlOp, IOp shrOp, uint32_t w) {
    if (op1 == shlOp && op2 == shrOp) shl = n1, shr = n2;
    else if (op1 == shrOp && op2 == shlOp) shr = n1, shl = n2;
    else return false;
    width = w;
    return true;
  };
  if (match(IOp::I32x4ShlImm, IOp::I32x4ShrUImm, 32)) rot = IOp::I32x4RotrImm;
  else if (match(IOp::I64x2ShlImm, IOp::I64x2ShrUImm, 64)) rot = IOp::I64x2RotrImm;
  else return false;
  if (((shl + shr) & (width - 1)) != 0 || (shl & (width - 1)) == 0) return false;
  code_.resize(first);
  shiftStarts_[0] = shiftStarts_[1] = kNoFixup;
  truncate(top - 4);
  uint32_t dst = pushV128();
  emitOp(rot, dst);
  emit(src1);
  emit(shr & (width - 1));
  emit(shl & (width - 1));
  return true;
}

}  // namespace ember::interp
