// Direct x86-64 encoding of the instruction forms the code generator emits
// most (register moves, loads and stores through a base + index + disp
// address, stores of immediates, integer ALU with a register or immediate),
// written straight into the asmjit Assembler's buffer, and jmp/jcc/call to
// a code offset (FastAssembler resolves the labels). asmjit's general
// encoder costs ~230 instructions per emitted instruction (~290 for a
// branch to a label), which was 40% of compile time; these forms cover
// most of what the JIT emits. Everything else still goes through asmjit.
//
// Each function returns false, having emitted nothing, for an operand it
// does not handle; the caller then uses asmjit. tests/jit/direct_encoder_test
// checks every form against asmjit's encoding of the same instruction.
#pragma once

#include <asmjit/x86.h>

#include <cstdint>
#include <cstring>

#define EMBER_ENCODE_INLINE [[gnu::always_inline]] inline

namespace ember::x64::direct {

// A memory operand in register codes: [base + index << shift + disp].
struct MemRef {
  uint8_t base = 0;
  uint8_t index = 0;
  bool hasIndex = false;
  uint8_t shift = 0;
  int32_t disp = 0;
};

constexpr uint8_t kRsp = 4;
constexpr uint8_t kRbp = 5;

// Only plain [gp64 base (+ gp64 index << shift) + disp32] operands; no
// segments, labels, RIP-relative or absolute forms, and no rsp index
// (which x86 cannot encode).
EMBER_ENCODE_INLINE bool toMemRef(const asmjit::x86::Mem& m, MemRef& out) {
  using asmjit::RegType;
  if (!m.hasBaseReg() || m.baseType() != RegType::kX86_Gpq || m.hasSegment()) return false;
  out.base = static_cast<uint8_t>(m.baseId());
  out.hasIndex = m.hasIndexReg();
  if (out.hasIndex) {
    if (m.indexType() != RegType::kX86_Gpq || m.indexId() == kRsp) return false;
    out.index = static_cast<uint8_t>(m.indexId());
    out.shift = static_cast<uint8_t>(m.shift());
  }
  out.disp = m.offsetLo32();
  return true;
}

// Encoders write through a cursor that lives in a register: `p` starts at
// the assembler's write position, with room for 16 bytes reserved (an
// instruction is at most 15). Nothing the encoder reads lives in memory a
// byte store could alias, so the compiler keeps it all in registers.
struct Cursor {
  uint8_t* p;

  EMBER_ENCODE_INLINE void byte(uint32_t b) { *p++ = static_cast<uint8_t>(b); }
  EMBER_ENCODE_INLINE void imm16(uint16_t v) { std::memcpy(p, &v, 2), p += 2; }
  EMBER_ENCODE_INLINE void imm32(uint32_t v) { std::memcpy(p, &v, 4), p += 4; }
  EMBER_ENCODE_INLINE void imm64(uint64_t v) { std::memcpy(p, &v, 8), p += 8; }

  // REX.W/R/X/B from the operand size and the high bits of the register
  // codes; `force` emits a bare REX (needed for spl/bpl/sil/dil).
  EMBER_ENCODE_INLINE void rex(bool w, uint32_t reg, uint32_t index, uint32_t base,
                               bool force = false) {
    uint32_t bits = (w ? 8u : 0u) | ((reg & 8u) >> 1) | ((index & 8u) >> 2) | ((base & 8u) >> 3);
    if (bits || force) byte(0x40 | bits);
  }

  // ModRM (+ SIB + displacement) for `reg` and a memory operand.
  EMBER_ENCODE_INLINE void modrmMem(uint32_t reg, MemRef m) {
    uint32_t regBits = (reg & 7u) << 3;
    bool needSib = m.hasIndex || (m.base & 7) == kRsp;
    uint32_t rm = needSib ? 4u : (m.base & 7u);
    // [rbp]/[r13] with mod 00 would mean RIP-relative / no base: use disp8.
    uint32_t mod = (m.disp == 0 && (m.base & 7) != kRbp) ? 0u
                   : (m.disp >= -128 && m.disp <= 127)   ? 1u
                                                         : 2u;
    byte((mod << 6) | regBits | rm);
    if (needSib) {
      uint32_t index = m.hasIndex ? (m.index & 7u) : 4u;  // 100: no index
      uint32_t scale = m.hasIndex ? m.shift : 0u;
      byte((scale << 6) | (index << 3) | (m.base & 7u));
    }
    if (mod == 1) byte(static_cast<uint8_t>(static_cast<int8_t>(m.disp)));
    if (mod == 2) imm32(static_cast<uint32_t>(m.disp));
  }
  EMBER_ENCODE_INLINE void modrmReg(uint32_t reg, uint32_t rm) {
    byte(0xC0 | ((reg & 7u) << 3) | (rm & 7u));
  }

  // [prefix] [REX] opcode (one or two bytes) ModRM... for `op reg, [mem]`.
  EMBER_ENCODE_INLINE void memForm(uint32_t prefix, bool w, uint32_t reg, MemRef m, uint32_t op0,
                                   int32_t op1 = -1, bool forceRex = false) {
    if (prefix) byte(prefix);
    rex(w, reg, m.hasIndex ? m.index : 0, m.base, forceRex);
    byte(op0);
    if (op1 >= 0) byte(static_cast<uint32_t>(op1));
    modrmMem(reg, m);
  }
};

// Room for one instruction at the assembler's cursor. False only when the
// buffer cannot grow (asmjit then reports the failure on its next emit).
EMBER_ENCODE_INLINE bool begin(asmjit::x86::Assembler& a, Cursor& c) {
  if (a.remainingSpace() < 16) [[unlikely]] {
    asmjit::CodeBuffer& buffer = a._section->_buffer;
    if (a.offset() > buffer._size) buffer._size = a.offset();
    if (a.code()->growBuffer(&buffer, 16) != asmjit::kErrorOk) return false;
  }
  c.p = a._bufferPtr;
  return true;
}

// Commits what was written, keeping the section's size in step as asmjit's
// own encoder does.
EMBER_ENCODE_INLINE bool end(asmjit::x86::Assembler& a, Cursor c) {
  a._bufferPtr = c.p;
  asmjit::CodeBuffer& buffer = a._section->_buffer;
  size_t offset = a.offset();
  if (offset > buffer._size) buffer._size = offset;
  return true;
}

// Which load: the destination width and how the memory value is extended.
enum class Load : uint8_t { U8To32, S8To32, S8To64, U16To32, S16To32, S16To64, S32To64, W32, W64, F32, F64 };
enum class Store : uint8_t { W8, W16, W32, W64, F32, F64 };

EMBER_ENCODE_INLINE bool load(asmjit::x86::Assembler& a, Load kind, uint8_t dst, MemRef m) {
  Cursor w;
  if (!begin(a, w)) return false;
  switch (kind) {
    case Load::U8To32: w.memForm(0, false, dst, m, 0x0F, 0xB6); break;
    case Load::S8To32: w.memForm(0, false, dst, m, 0x0F, 0xBE); break;
    case Load::S8To64: w.memForm(0, true, dst, m, 0x0F, 0xBE); break;
    case Load::U16To32: w.memForm(0, false, dst, m, 0x0F, 0xB7); break;
    case Load::S16To32: w.memForm(0, false, dst, m, 0x0F, 0xBF); break;
    case Load::S16To64: w.memForm(0, true, dst, m, 0x0F, 0xBF); break;
    case Load::S32To64: w.memForm(0, true, dst, m, 0x63); break;
    case Load::W32: w.memForm(0, false, dst, m, 0x8B); break;
    case Load::W64: w.memForm(0, true, dst, m, 0x8B); break;
    case Load::F32: w.memForm(0xF3, false, dst, m, 0x0F, 0x10); break;
    case Load::F64: w.memForm(0xF2, false, dst, m, 0x0F, 0x10); break;
  }
  return end(a, w);
}

EMBER_ENCODE_INLINE bool store(asmjit::x86::Assembler& a, Store kind, MemRef m, uint8_t src) {
  Cursor w;
  if (!begin(a, w)) return false;
  switch (kind) {
    case Store::W8: w.memForm(0, false, src, m, 0x88, -1, src >= 4); break;
    case Store::W16: w.memForm(0x66, false, src, m, 0x89); break;
    case Store::W32: w.memForm(0, false, src, m, 0x89); break;
    case Store::W64: w.memForm(0, true, src, m, 0x89); break;
    case Store::F32: w.memForm(0xF3, false, src, m, 0x0F, 0x11); break;
    case Store::F64: w.memForm(0xF2, false, src, m, 0x0F, 0x11); break;
  }
  return end(a, w);
}

// mov [m], imm: W64 sign-extends a 32-bit immediate.
EMBER_ENCODE_INLINE bool storeImm(asmjit::x86::Assembler& a, Store kind, MemRef m, uint32_t imm) {
  Cursor w;
  if (!begin(a, w)) return false;
  switch (kind) {
    case Store::W8: w.memForm(0, false, 0, m, 0xC6); w.byte(imm); break;
    case Store::W16: w.memForm(0x66, false, 0, m, 0xC7); w.imm16(static_cast<uint16_t>(imm)); break;
    case Store::W32: w.memForm(0, false, 0, m, 0xC7); w.imm32(imm); break;
    case Store::W64: w.memForm(0, true, 0, m, 0xC7); w.imm32(imm); break;
    default: return false;
  }
  return end(a, w);
}

// lea dst, [m] (32-bit form truncates the address and zero-extends).
EMBER_ENCODE_INLINE bool lea(asmjit::x86::Assembler& a, bool is64, uint8_t dst, MemRef m) {
  Cursor w;
  if (!begin(a, w)) return false;
  w.memForm(0, is64, dst, m, 0x8D);
  return end(a, w);
}

// mov dst, src between general-purpose registers.
EMBER_ENCODE_INLINE bool moveGp(asmjit::x86::Assembler& a, bool is64, uint8_t dst, uint8_t src) {
  Cursor w;
  if (!begin(a, w)) return false;
  w.rex(is64, src, 0, dst);
  w.byte(0x89);
  w.modrmReg(src, dst);
  return end(a, w);
}

// movaps dst, src between XMM registers.
EMBER_ENCODE_INLINE bool moveXmm(asmjit::x86::Assembler& a, uint8_t dst, uint8_t src) {
  Cursor w;
  if (!begin(a, w)) return false;
  w.rex(false, dst, 0, src);
  w.byte(0x0F);
  w.byte(0x28);
  w.modrmReg(dst, src);
  return end(a, w);
}

// mov dst32, imm32 (zero-extends); mov dst64, simm32; movabs dst64, imm64.
EMBER_ENCODE_INLINE bool moveImm32(asmjit::x86::Assembler& a, uint8_t dst, uint32_t imm) {
  Cursor w;
  if (!begin(a, w)) return false;
  w.rex(false, 0, 0, dst);
  w.byte(0xB8 + (dst & 7u));
  w.imm32(imm);
  return end(a, w);
}
EMBER_ENCODE_INLINE bool moveSignedImm32To64(asmjit::x86::Assembler& a, uint8_t dst, int32_t imm) {
  Cursor w;
  if (!begin(a, w)) return false;
  w.rex(true, 0, 0, dst);
  w.byte(0xC7);
  w.modrmReg(0, dst);
  w.imm32(static_cast<uint32_t>(imm));
  return end(a, w);
}
EMBER_ENCODE_INLINE bool moveImm64(asmjit::x86::Assembler& a, uint8_t dst, uint64_t imm) {
  Cursor w;
  if (!begin(a, w)) return false;
  w.rex(true, 0, 0, dst);
  w.byte(0xB8 + (dst & 7u));
  w.imm64(imm);
  return end(a, w);
}

// The classic ALU group: the /digit of the 0x81/0x83 forms; the register
// form's opcode is digit * 8 + 1 (op r/m, reg).
enum class Alu : uint8_t { Add = 0, Or = 1, And = 4, Sub = 5, Xor = 6, Cmp = 7 };

// op dst, src
EMBER_ENCODE_INLINE bool aluReg(asmjit::x86::Assembler& a, Alu op, bool is64, uint8_t dst, uint8_t src) {
  Cursor w;
  if (!begin(a, w)) return false;
  w.rex(is64, src, 0, dst);
  w.byte(static_cast<uint32_t>(op) * 8 + 1);
  w.modrmReg(src, dst);
  return end(a, w);
}

// op dst, imm (sign-extended imm8 when it fits, else imm32).
EMBER_ENCODE_INLINE bool aluImm(asmjit::x86::Assembler& a, Alu op, bool is64, uint8_t dst, int32_t imm) {
  Cursor w;
  if (!begin(a, w)) return false;
  w.rex(is64, 0, 0, dst);
  bool short8 = imm >= -128 && imm <= 127;
  if (!short8 && dst == 0) {  // eax/rax have a form without ModRM, a byte shorter
    w.byte(static_cast<uint32_t>(op) * 8 + 5);
    w.imm32(static_cast<uint32_t>(imm));
    return end(a, w);
  }
  w.byte(short8 ? 0x83 : 0x81);
  w.modrmReg(static_cast<uint8_t>(op), dst);
  if (short8)
    w.byte(static_cast<uint8_t>(static_cast<int8_t>(imm)));
  else
    w.imm32(static_cast<uint32_t>(imm));
  return end(a, w);
}

// test lhs, rhs
EMBER_ENCODE_INLINE bool testReg(asmjit::x86::Assembler& a, bool is64, uint8_t lhs, uint8_t rhs) {
  Cursor w;
  if (!begin(a, w)) return false;
  w.rex(is64, rhs, 0, lhs);
  w.byte(0x85);
  w.modrmReg(rhs, lhs);
  return end(a, w);
}

// op reg, [m] for the ALU group (op r, r/m: digit * 8 + 3).
EMBER_ENCODE_INLINE bool aluRegMem(asmjit::x86::Assembler& a, Alu op, bool is64, uint8_t reg, MemRef m) {
  Cursor w;
  if (!begin(a, w)) return false;
  w.memForm(0, is64, reg, m, static_cast<uint32_t>(op) * 8 + 3);
  return end(a, w);
}

// An instruction of one or two opcode bytes and no operands (ret, leave,
// ud2).
EMBER_ENCODE_INLINE bool opcodeOnly(asmjit::x86::Assembler& a, uint32_t op0, int32_t op1 = -1) {
  Cursor w;
  if (!begin(a, w)) return false;
  w.byte(op0);
  if (op1 >= 0) w.byte(static_cast<uint32_t>(op1));
  return end(a, w);
}

// push r64 (50+r; 64-bit without REX.W).
EMBER_ENCODE_INLINE bool pushReg(asmjit::x86::Assembler& a, uint8_t reg) {
  Cursor w;
  if (!begin(a, w)) return false;
  w.rex(false, 0, 0, reg);
  w.byte(0x50 + (reg & 7u));
  return end(a, w);
}

// pop r64 (58+r).
EMBER_ENCODE_INLINE bool popReg(asmjit::x86::Assembler& a, uint8_t reg) {
  Cursor w;
  if (!begin(a, w)) return false;
  w.rex(false, 0, 0, reg);
  w.byte(0x58 + (reg & 7u));
  return end(a, w);
}

// The shift and rotate group: the /digit of D1 (by one), C1 (by an imm8)
// and D3 (by cl).
enum class Shift : uint8_t { Rol = 0, Ror = 1, Shl = 4, Shr = 5, Sar = 7 };

EMBER_ENCODE_INLINE bool shiftImm(asmjit::x86::Assembler& a, Shift op, bool is64, uint8_t dst,
                                  uint8_t count) {
  Cursor w;
  if (!begin(a, w)) return false;
  w.rex(is64, 0, 0, dst);
  w.byte(count == 1 ? 0xD1 : 0xC1);
  w.modrmReg(static_cast<uint8_t>(op), dst);
  if (count != 1) w.byte(count);
  return end(a, w);
}
EMBER_ENCODE_INLINE bool shiftByCl(asmjit::x86::Assembler& a, Shift op, bool is64, uint8_t dst) {
  Cursor w;
  if (!begin(a, w)) return false;
  w.rex(is64, 0, 0, dst);
  w.byte(0xD3);
  w.modrmReg(static_cast<uint8_t>(op), dst);
  return end(a, w);
}

// imul dst, src (0F AF /r); imul dst, src, imm (6B /r ib, 69 /r id).
EMBER_ENCODE_INLINE bool imulReg(asmjit::x86::Assembler& a, bool is64, uint8_t dst, uint8_t src) {
  Cursor w;
  if (!begin(a, w)) return false;
  w.rex(is64, dst, 0, src);
  w.byte(0x0F);
  w.byte(0xAF);
  w.modrmReg(dst, src);
  return end(a, w);
}
EMBER_ENCODE_INLINE bool imulImm(asmjit::x86::Assembler& a, bool is64, uint8_t dst, uint8_t src,
                                 int32_t imm) {
  Cursor w;
  if (!begin(a, w)) return false;
  w.rex(is64, dst, 0, src);
  bool short8 = imm >= -128 && imm <= 127;
  w.byte(short8 ? 0x6B : 0x69);
  w.modrmReg(dst, src);
  if (short8)
    w.byte(static_cast<uint8_t>(static_cast<int8_t>(imm)));
  else
    w.imm32(static_cast<uint32_t>(imm));
  return end(a, w);
}

// setcc r8 (0F 90+cc /0) and cmovcc dst, src (0F 40+cc /r), `cond` as in
// Branch. The byte registers 4-7 need a REX to mean spl/bpl/sil/dil.
EMBER_ENCODE_INLINE bool setByte(asmjit::x86::Assembler& a, uint32_t cond, uint8_t dst) {
  Cursor w;
  if (!begin(a, w)) return false;
  w.rex(false, 0, 0, dst, dst >= 4);
  w.byte(0x0F);
  w.byte(0x90 + cond);
  w.modrmReg(0, dst);
  return end(a, w);
}
EMBER_ENCODE_INLINE bool cmove(asmjit::x86::Assembler& a, uint32_t cond, bool is64, uint8_t dst,
                               uint8_t src) {
  Cursor w;
  if (!begin(a, w)) return false;
  w.rex(is64, dst, 0, src);
  w.byte(0x0F);
  w.byte(0x40 + cond);
  w.modrmReg(dst, src);
  return end(a, w);
}

// movzx r32, r8 (0F B6 /r).
EMBER_ENCODE_INLINE bool zeroExtendByte(asmjit::x86::Assembler& a, uint8_t dst, uint8_t src) {
  Cursor w;
  if (!begin(a, w)) return false;
  w.rex(false, dst, 0, src, src >= 4);
  w.byte(0x0F);
  w.byte(0xB6);
  w.modrmReg(dst, src);
  return end(a, w);
}

// call qword ptr [m] (FF /2; 64-bit without REX.W).
EMBER_ENCODE_INLINE bool callMem(asmjit::x86::Assembler& a, MemRef m) {
  Cursor w;
  if (!begin(a, w)) return false;
  w.memForm(0, false, 2, m, 0xFF);
  return end(a, w);
}

// Branches: jmp (EB rel8 / E9 rel32), jcc (70+cc rel8 / 0F 80+cc rel32)
// and call (E8 rel32, no short form). `cond` is the x86 condition code
// (asmjit's x86::CondCode values), used by Jcc only.
enum class Branch : uint8_t { Jmp, Jcc, Call };

// The rel32 form's opcode bytes; returns their count (the rel32 follows).
EMBER_ENCODE_INLINE uint32_t branchOpcodeRel32(Cursor& w, Branch kind, uint32_t cond) {
  switch (kind) {
    case Branch::Jmp: w.byte(0xE9); return 1;
    case Branch::Call: w.byte(0xE8); return 1;
    case Branch::Jcc: w.byte(0x0F), w.byte(0x80 + cond); return 2;
  }
  return 0;
}

// A branch to `target`, an offset already emitted in this section: the
// rel8 form when the displacement from the short form's end fits, else
// rel32, as asmjit picks for a bound label.
EMBER_ENCODE_INLINE bool branchTo(asmjit::x86::Assembler& a, Branch kind, uint32_t cond,
                                  uint64_t target) {
  const int64_t at = static_cast<int64_t>(a.offset());
  const int64_t to = static_cast<int64_t>(target);
  const int64_t rel8 = to - (at + 2);
  Cursor w;
  if (kind != Branch::Call && rel8 >= -128 && rel8 <= 127) {
    if (!begin(a, w)) return false;
    w.byte(kind == Branch::Jmp ? 0xEB : 0x70 + cond);
    w.byte(static_cast<uint8_t>(static_cast<int8_t>(rel8)));
    return end(a, w);
  }
  const int64_t rel32 = to - (at + (kind == Branch::Jcc ? 6 : 5));
  if (rel32 < INT32_MIN || rel32 > INT32_MAX) return false;
  if (!begin(a, w)) return false;
  branchOpcodeRel32(w, kind, cond);
  w.imm32(static_cast<uint32_t>(static_cast<int32_t>(rel32)));
  return end(a, w);
}

}  // namespace ember::x64::direct
