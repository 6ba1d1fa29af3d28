// The asmjit x86 Assembler with its hottest instruction forms encoded
// directly (jit/x64/direct_encoder.h). Same interface: it hides the asmjit
// overloads it speeds up and falls back to them for any operand it does not
// handle, so the macro-assembler's code reads as plain asmjit.
//
// Branches to labels (jmp, jcc, call) keep asmjit's Label as the handle, so
// asmjit-encoded uses of a label (lea [label], short_() jumps) mix freely
// with direct ones: a bound label's offset is read from its LabelEntry; a
// jump or jcc to an unbound one is a rel32 chained as a fix-up and
// patched by bind() (which binds a label without asmjit links itself); a
// call to an unbound one gets the LabelLink asmjit itself records, because
// a call to a function compiled elsewhere stays unbound and
// CodeBuffer::pendingCalls reads those links. A fix-up still unpatched at
// finalize is a branch to an unbound label (unpatchedBranches()).
#pragma once

#include <asmjit/x86.h>

#include <cstdint>
#include <cstring>

#include "jit/x64/direct_encoder.h"

namespace ember::x64 {

class FastAssembler : public asmjit::x86::Assembler {
  using Base = asmjit::x86::Assembler;
  using Gp = asmjit::x86::Gp;
  using Xmm = asmjit::x86::Xmm;
  using Mem = asmjit::x86::Mem;
  using Imm = asmjit::Imm;
  using Label = asmjit::Label;
  using Error = asmjit::Error;
  static constexpr Error kOk = asmjit::kErrorOk;

 public:
  FastAssembler() { rel32Link_.resetToSimpleValue(asmjit::OffsetType::kSignedOffset, 4); }

  using Base::add;
  using Base::and_;
  using Base::call;
  using Base::cmov;
  using Base::imul;
  using Base::movabs;
  using Base::pop;
  using Base::rol;
  using Base::ror;
  using Base::sar;
  using Base::set;
  using Base::shl;
  using Base::shr;
  using Base::j;
  using Base::jmp;
  using Base::cmp;
  using Base::lea;
  using Base::mov;
  using Base::movaps;
  using Base::movsd;
  using Base::movss;
  using Base::movsx;
  using Base::movsxd;
  using Base::movzx;
  using Base::or_;
  using Base::push;
  using Base::ret;
  using Base::sub;
  using Base::test;
  using Base::xor_;

  Error jmp(const Label& l) { return labelBranch(direct::Branch::Jmp, 0, l) ? kOk : Base::jmp(l); }
  Error call(const Label& l) {
    return labelBranch(direct::Branch::Call, 0, l) ? kOk : Base::call(l);
  }
  // `call rel32` to `target`, an offset in this section. Only a buffer
  // that cannot grow stops the direct form; asmjit then fails the same way
  // and records why (an absolute call it would emit instead fails finalize).
  Error callOffset(uint32_t target) {
    return done(direct::branchTo(*this, direct::Branch::Call, 0, target))
               ? kOk
               : Base::call(asmjit::Imm(target));
  }
  Error j(asmjit::x86::CondCode cc, const Label& l) {
    return labelBranch(direct::Branch::Jcc, static_cast<uint32_t>(cc), l) ? kOk : Base::j(cc, l);
  }
  // Every named jcc (jz, jae, ...) with a Label; other operands stay asmjit's.
#define EMBER_FAST_JCC(name, cc)                                                  \
  using Base::name;                                                               \
  Error name(const Label& l) {                                                    \
    return labelBranch(direct::Branch::Jcc, static_cast<uint32_t>(asmjit::x86::CondCode::cc), l) \
               ? kOk                                                              \
               : Base::name(l);                                                   \
  }
  EMBER_FAST_JCC(ja, kA)
  EMBER_FAST_JCC(jae, kAE)
  EMBER_FAST_JCC(jb, kB)
  EMBER_FAST_JCC(jbe, kBE)
  EMBER_FAST_JCC(jc, kC)
  EMBER_FAST_JCC(je, kE)
  EMBER_FAST_JCC(jg, kG)
  EMBER_FAST_JCC(jge, kGE)
  EMBER_FAST_JCC(jl, kL)
  EMBER_FAST_JCC(jle, kLE)
  EMBER_FAST_JCC(jna, kNA)
  EMBER_FAST_JCC(jnae, kNAE)
  EMBER_FAST_JCC(jnb, kNB)
  EMBER_FAST_JCC(jnbe, kNBE)
  EMBER_FAST_JCC(jnc, kNC)
  EMBER_FAST_JCC(jne, kNE)
  EMBER_FAST_JCC(jng, kNG)
  EMBER_FAST_JCC(jnge, kNGE)
  EMBER_FAST_JCC(jnl, kNL)
  EMBER_FAST_JCC(jnle, kNLE)
  EMBER_FAST_JCC(jno, kNO)
  EMBER_FAST_JCC(jnp, kNP)
  EMBER_FAST_JCC(jns, kNS)
  EMBER_FAST_JCC(jnz, kNZ)
  EMBER_FAST_JCC(jo, kO)
  EMBER_FAST_JCC(jp, kP)
  EMBER_FAST_JCC(jpe, kPE)
  EMBER_FAST_JCC(jpo, kPO)
  EMBER_FAST_JCC(js, kS)
  EMBER_FAST_JCC(jz, kZ)
#undef EMBER_FAST_JCC

  // A load or store from register codes, for callers that have no asmjit
  // operand to begin with (the masm's Address); false: nothing emitted.
  bool directLoad(direct::Load kind, uint8_t dst, const direct::MemRef& m) {
    return done(direct::load(*this, kind, dst, m));
  }
  bool directStore(direct::Store kind, const direct::MemRef& m, uint8_t src) {
    return done(direct::store(*this, kind, m, src));
  }
  // A register-to-register move from register codes (GP: 32 or 64 bits,
  // else an XMM movaps), without building and checking asmjit operands.
  bool directMove(bool gp, bool is64, uint8_t dst, uint8_t src) {
    return done(gp ? direct::moveGp(*this, is64, dst, src) : direct::moveXmm(*this, dst, src));
  }
  // The same for [rbp + disp], the frame slots of locals and spilled
  // values (the commonest operand): with the base fixed the encoder folds
  // away the SIB and mod-00 cases.
  bool directLoadFrame(direct::Load kind, uint8_t dst, int32_t disp) {
    return done(direct::load(*this, kind, dst, direct::MemRef{direct::kRbp, 0, false, 0, disp}));
  }
  bool directStoreFrame(direct::Store kind, int32_t disp, uint8_t src) {
    return done(direct::store(*this, kind, direct::MemRef{direct::kRbp, 0, false, 0, disp}, src));
  }

  // How many instructions took the direct path (tests check it is used).
  uint64_t directCount() const { return directCount_; }
  // Direct jumps to labels not bound yet; CodeBuffer::finalize fails unless 0.
  const uint32_t& unpatchedBranches() const { return unpatched_; }

  // asmjit's bind, except that a label nothing links to yet is bound by
  // setting its entry (what CodeHolder::bindLabel does before walking the
  // links); then the direct jumps to it are patched.
  Error bind(const Label& label) override {
    asmjit::LabelEntry* entry = _code ? _code->labelEntry(label) : nullptr;
    if (!entry || entry->isBound()) return Base::bind(label);  // asmjit reports the error
    const uint64_t chain = entry->_offset;
    if (!entry->links() && !_logger) {
      entry->_section = _section;
      entry->_offset = offset();
      resetInlineComment();
    } else if (Error err = Base::bind(label); err != kOk) {
      return err;
    }
    patchFixups(chain, offset());
    return kOk;
  }

  Error mov(const Gp& dst, const Gp& src) {
    if (sameWidth32or64(dst, src) && done(direct::moveGp(*this, dst.isGpq(), id(dst), id(src))))
      return kOk;
    return Base::mov(dst, src);
  }
  Error mov(const Gp& dst, const Imm& imm) {
    if (moveImm(dst, imm)) return kOk;
    return Base::mov(dst, imm);
  }
  Error mov(const Gp& dst, const Mem& src) {
    direct::MemRef m;
    if (isGp32or64(dst) && sizeIs(src, dst.size()) && direct::toMemRef(src, m) &&
        done(direct::load(*this, dst.isGpq() ? direct::Load::W64 : direct::Load::W32, id(dst), m)))
      return kOk;
    return Base::mov(dst, src);
  }
  Error mov(const Mem& dst, const Gp& src) {
    direct::MemRef m;
    direct::Store kind;
    if (storeKindOf(src, kind) && sizeIs(dst, src.size()) && direct::toMemRef(dst, m) &&
        done(direct::store(*this, kind, m, id(src))))
      return kOk;
    return Base::mov(dst, src);
  }
  Error mov(const Mem& dst, const Imm& imm) {
    direct::MemRef m;
    if (storeImm(dst, imm, m)) return kOk;
    return Base::mov(dst, imm);
  }

  Error movzx(const Gp& dst, const Mem& src) {
    direct::MemRef m;
    if (dst.isGpd() && (src.size() == 1 || src.size() == 2) && direct::toMemRef(src, m) &&
        done(direct::load(*this, src.size() == 1 ? direct::Load::U8To32 : direct::Load::U16To32,
                          id(dst), m)))
      return kOk;
    return Base::movzx(dst, src);
  }
  Error movsx(const Gp& dst, const Mem& src) {
    direct::MemRef m;
    if (isGp32or64(dst) && (src.size() == 1 || src.size() == 2) && direct::toMemRef(src, m)) {
      bool wide = dst.isGpq();
      direct::Load kind = src.size() == 1 ? (wide ? direct::Load::S8To64 : direct::Load::S8To32)
                                          : (wide ? direct::Load::S16To64 : direct::Load::S16To32);
      if (done(direct::load(*this, kind, id(dst), m))) return kOk;
    }
    return Base::movsx(dst, src);
  }
  Error movsxd(const Gp& dst, const Mem& src) {
    direct::MemRef m;
    if (dst.isGpq() && sizeIs(src, 4) && direct::toMemRef(src, m) &&
        done(direct::load(*this, direct::Load::S32To64, id(dst), m)))
      return kOk;
    return Base::movsxd(dst, src);
  }

  Error movss(const Xmm& dst, const Mem& src) { return floatLoad(dst, src, false); }
  Error movsd(const Xmm& dst, const Mem& src) { return floatLoad(dst, src, true); }
  Error movss(const Mem& dst, const Xmm& src) { return floatStore(dst, src, false); }
  Error movsd(const Mem& dst, const Xmm& src) { return floatStore(dst, src, true); }
  Error movaps(const Xmm& dst, const Xmm& src) {
    if (dst.isXmm() && src.isXmm() && done(direct::moveXmm(*this, id(dst), id(src)))) return kOk;
    return Base::movaps(dst, src);
  }

  Error lea(const Gp& dst, const Mem& src) {
    direct::MemRef m;
    if (isGp32or64(dst) && direct::toMemRef(src, m) &&
        done(direct::lea(*this, dst.isGpq(), id(dst), m)))
      return kOk;
    return Base::lea(dst, src);
  }

  Error add(const Gp& d, const Gp& s) { return alu(direct::Alu::Add, d, s); }
  Error or_(const Gp& d, const Gp& s) { return alu(direct::Alu::Or, d, s); }
  Error and_(const Gp& d, const Gp& s) { return alu(direct::Alu::And, d, s); }
  Error sub(const Gp& d, const Gp& s) { return alu(direct::Alu::Sub, d, s); }
  Error xor_(const Gp& d, const Gp& s) { return alu(direct::Alu::Xor, d, s); }
  Error cmp(const Gp& d, const Gp& s) { return alu(direct::Alu::Cmp, d, s); }
  Error add(const Gp& d, const Imm& i) { return alu(direct::Alu::Add, d, i); }
  Error or_(const Gp& d, const Imm& i) { return alu(direct::Alu::Or, d, i); }
  Error and_(const Gp& d, const Imm& i) { return alu(direct::Alu::And, d, i); }
  Error sub(const Gp& d, const Imm& i) { return alu(direct::Alu::Sub, d, i); }
  Error xor_(const Gp& d, const Imm& i) { return alu(direct::Alu::Xor, d, i); }
  Error cmp(const Gp& d, const Imm& i) { return alu(direct::Alu::Cmp, d, i); }

  Error cmp(const Gp& d, const Mem& src) {
    direct::MemRef m;
    if (isGp32or64(d) && sizeIs(src, d.size()) && direct::toMemRef(src, m) &&
        done(direct::aluRegMem(*this, direct::Alu::Cmp, d.isGpq(), id(d), m)))
      return kOk;
    return Base::cmp(d, src);
  }

  // The frame's and the trap stubs' fixed instructions.
  Error ret() { return done(direct::opcodeOnly(*this, 0xC3)) ? kOk : Base::ret(); }
  Error leave() { return done(direct::opcodeOnly(*this, 0xC9)) ? kOk : Base::leave(); }
  Error ud2() { return done(direct::opcodeOnly(*this, 0x0F, 0x0B)) ? kOk : Base::ud2(); }
  Error push(const Gp& r) {
    if (r.isGpq() && r.id() < 16 && done(direct::pushReg(*this, id(r)))) return kOk;
    return Base::push(r);
  }
  Error call(const Mem& target) {
    direct::MemRef m;
    if (sizeIs(target, 8) && direct::toMemRef(target, m) && done(direct::callMem(*this, m)))
      return kOk;
    return Base::call(target);
  }

  Error pop(const Gp& r) {
    if (r.isGpq() && r.id() < 16 && done(direct::popReg(*this, id(r)))) return kOk;
    return Base::pop(r);
  }
  Error int3() { return done(direct::opcodeOnly(*this, 0xCC)) ? kOk : Base::int3(); }
  Error movabs(const Gp& dst, const Imm& imm) {
    if (dst.isGpq() && dst.id() < 16 && imm.type() == asmjit::ImmType::kInt &&
        done(direct::moveImm64(*this, id(dst), static_cast<uint64_t>(imm.value()))))
      return kOk;
    return Base::movabs(dst, imm);
  }

  Error shl(const Gp& d, const Imm& n) { return shift(direct::Shift::Shl, d, n) ? kOk : Base::shl(d, n); }
  Error shr(const Gp& d, const Imm& n) { return shift(direct::Shift::Shr, d, n) ? kOk : Base::shr(d, n); }
  Error sar(const Gp& d, const Imm& n) { return shift(direct::Shift::Sar, d, n) ? kOk : Base::sar(d, n); }
  Error rol(const Gp& d, const Imm& n) { return shift(direct::Shift::Rol, d, n) ? kOk : Base::rol(d, n); }
  Error ror(const Gp& d, const Imm& n) { return shift(direct::Shift::Ror, d, n) ? kOk : Base::ror(d, n); }
  Error shl(const Gp& d, const Gp& n) { return shift(direct::Shift::Shl, d, n) ? kOk : Base::shl(d, n); }
  Error shr(const Gp& d, const Gp& n) { return shift(direct::Shift::Shr, d, n) ? kOk : Base::shr(d, n); }
  Error sar(const Gp& d, const Gp& n) { return shift(direct::Shift::Sar, d, n) ? kOk : Base::sar(d, n); }
  Error rol(const Gp& d, const Gp& n) { return shift(direct::Shift::Rol, d, n) ? kOk : Base::rol(d, n); }
  Error ror(const Gp& d, const Gp& n) { return shift(direct::Shift::Ror, d, n) ? kOk : Base::ror(d, n); }

  Error imul(const Gp& d, const Gp& s) {
    if (sameWidth32or64(d, s) && done(direct::imulReg(*this, d.isGpq(), id(d), id(s)))) return kOk;
    return Base::imul(d, s);
  }
  Error imul(const Gp& d, const Gp& s, const Imm& i) {
    if (sameWidth32or64(d, s) && isInt32(i) &&
        done(direct::imulImm(*this, d.isGpq(), id(d), id(s), static_cast<int32_t>(i.value()))))
      return kOk;
    return Base::imul(d, s, i);
  }
  Error imul(const Gp& d, const Imm& i) { return imul(d, d, i); }

  Error set(asmjit::x86::CondCode cc, const Gp& d) {
    if (d.isGpbLo() && d.id() < 16 && done(direct::setByte(*this, static_cast<uint32_t>(cc), id(d))))
      return kOk;
    return Base::set(cc, d);
  }
  Error cmov(asmjit::x86::CondCode cc, const Gp& d, const Gp& s) {
    if (sameWidth32or64(d, s) &&
        done(direct::cmove(*this, static_cast<uint32_t>(cc), d.isGpq(), id(d), id(s))))
      return kOk;
    return Base::cmov(cc, d, s);
  }
  Error cmovz(const Gp& d, const Gp& s) { return cmov(asmjit::x86::CondCode::kZ, d, s); }
  Error movzx(const Gp& d, const Gp& s) {
    if (d.isGpd() && d.id() < 16 && s.isGpbLo() && s.id() < 16 &&
        done(direct::zeroExtendByte(*this, id(d), id(s))))
      return kOk;
    return Base::movzx(d, s);
  }

  Error test(const Gp& lhs, const Gp& rhs) {
    if (sameWidth32or64(lhs, rhs) && done(direct::testReg(*this, lhs.isGpq(), id(lhs), id(rhs))))
      return kOk;
    return Base::test(lhs, rhs);
  }

 private:
  static uint8_t id(const asmjit::BaseReg& r) { return static_cast<uint8_t>(r.id()); }
  static bool isGp32or64(const Gp& r) { return (r.isGpd() || r.isGpq()) && r.id() < 16; }
  static bool sameWidth32or64(const Gp& a, const Gp& b) {
    return isGp32or64(a) && isGp32or64(b) && a.isGpq() == b.isGpq();
  }
  // An int32 immediate. (asmjit also takes a uint32 one for a 32-bit
  // register, but encodes imul's without the imm8 form: that stays its own.)
  static bool isInt32(const Imm& i) {
    return i.type() == asmjit::ImmType::kInt && i.value() >= INT32_MIN && i.value() <= INT32_MAX;
  }
  // A shift or rotate of a 32/64-bit register by an immediate (taken mod
  // the width, as the hardware does: asmjit emits it as given, so only
  // counts below 256 are ours) or by cl.
  bool shift(direct::Shift op, const Gp& d, const Imm& n) {
    if (!isGp32or64(d) || n.type() != asmjit::ImmType::kInt || n.value() < 0 || n.value() > 255)
      return false;
    return done(direct::shiftImm(*this, op, d.isGpq(), id(d), static_cast<uint8_t>(n.value())));
  }
  bool shift(direct::Shift op, const Gp& d, const Gp& n) {
    if (!isGp32or64(d) || !n.isGpbLo() || n.id() != 1) return false;  // cl only
    return done(direct::shiftByCl(*this, op, d.isGpq(), id(d)));
  }

  // An operand size of 0 means "implied by the register", as in asmjit.
  static bool sizeIs(const Mem& m, uint32_t size) { return m.size() == 0 || m.size() == size; }

  bool done(bool encoded) {
    directCount_ += encoded;
    return encoded;
  }

  static bool storeKindOf(const Gp& r, direct::Store& kind) {
    if (r.id() >= 16) return false;
    if (r.isGpbLo()) return kind = direct::Store::W8, true;
    if (r.isGpw()) return kind = direct::Store::W16, true;
    if (r.isGpd()) return kind = direct::Store::W32, true;
    if (r.isGpq()) return kind = direct::Store::W64, true;
    return false;
  }

  // mov r32, imm keeps the low 32 bits (asmjit accepts int32 and uint32
  // values); mov r64, imm sign-extends an imm32, and wider values are
  // left to asmjit's movabs.
  bool moveImm(const Gp& dst, const Imm& imm) {
    if (!isGp32or64(dst) || imm.type() != asmjit::ImmType::kInt) return false;
    int64_t v = imm.value();
    if (dst.isGpd()) {
      if (v < INT32_MIN || v > int64_t{UINT32_MAX}) return false;
      return done(direct::moveImm32(*this, id(dst), static_cast<uint32_t>(v)));
    }
    if (v >= INT32_MIN && v <= INT32_MAX)
      return done(direct::moveSignedImm32To64(*this, id(dst), static_cast<int32_t>(v)));
    return false;  // movabs stays with asmjit
  }

  bool storeImm(const Mem& dst, const Imm& imm, direct::MemRef& m) {
    if (imm.type() != asmjit::ImmType::kInt || !direct::toMemRef(dst, m)) return false;
    int64_t v = imm.value();
    switch (dst.size()) {
      case 1:
        return v >= INT8_MIN && v <= UINT8_MAX &&
               done(direct::storeImm(*this, direct::Store::W8, m, static_cast<uint32_t>(v)));
      case 2:
        return v >= INT16_MIN && v <= UINT16_MAX &&
               done(direct::storeImm(*this, direct::Store::W16, m, static_cast<uint32_t>(v)));
      case 4:
        return v >= INT32_MIN && v <= int64_t{UINT32_MAX} &&
               done(direct::storeImm(*this, direct::Store::W32, m, static_cast<uint32_t>(v)));
      case 8:
        return v >= INT32_MIN && v <= INT32_MAX &&
               done(direct::storeImm(*this, direct::Store::W64, m, static_cast<uint32_t>(v)));
      default:
        return false;
    }
  }

  Error floatLoad(const Xmm& dst, const Mem& src, bool is64) {
    direct::MemRef m;
    if (dst.isXmm() && sizeIs(src, is64 ? 8 : 4) && direct::toMemRef(src, m) &&
        done(direct::load(*this, is64 ? direct::Load::F64 : direct::Load::F32, id(dst), m)))
      return kOk;
    return is64 ? Base::movsd(dst, src) : Base::movss(dst, src);
  }
  Error floatStore(const Mem& dst, const Xmm& src, bool is64) {
    direct::MemRef m;
    if (src.isXmm() && sizeIs(dst, is64 ? 8 : 4) && direct::toMemRef(dst, m) &&
        done(direct::store(*this, is64 ? direct::Store::F64 : direct::Store::F32, m, id(src))))
      return kOk;
    return is64 ? Base::movsd(dst, src) : Base::movss(dst, src);
  }

  Error alu(direct::Alu op, const Gp& d, const Gp& s) {
    if (sameWidth32or64(d, s) && done(direct::aluReg(*this, op, d.isGpq(), id(d), id(s))))
      return kOk;
    return baseAlu(op, d, s);
  }
  // r32 takes the low 32 bits of an int32 or uint32 value; r64 needs a
  // value that sign-extends from 32 bits.
  Error alu(direct::Alu op, const Gp& d, const Imm& imm) {
    if (isGp32or64(d) && imm.type() == asmjit::ImmType::kInt) {
      int64_t v = imm.value();
      bool fits = d.isGpq() ? (v >= INT32_MIN && v <= INT32_MAX)
                            : (v >= INT32_MIN && v <= int64_t{UINT32_MAX});
      if (fits && done(direct::aluImm(*this, op, d.isGpq(), id(d),
                                      static_cast<int32_t>(static_cast<uint32_t>(v)))))
        return kOk;
    }
    return baseAlu(op, d, imm);
  }
  template <typename Operand>
  Error baseAlu(direct::Alu op, const Gp& d, const Operand& s) {
    switch (op) {
      case direct::Alu::Add: return Base::add(d, s);
      case direct::Alu::Or: return Base::or_(d, s);
      case direct::Alu::And: return Base::and_(d, s);
      case direct::Alu::Sub: return Base::sub(d, s);
      case direct::Alu::Xor: return Base::xor_(d, s);
      case direct::Alu::Cmp: return Base::cmp(d, s);
    }
    return Base::cmp(d, s);
  }

  // A branch to a label in this section, when no instruction option (such
  // as short_()) asks for something else.
  bool labelBranch(direct::Branch kind, uint32_t cond, const Label& label) {
    if (_instOptions != asmjit::InstOptions::kNone) return false;
    asmjit::LabelEntry* entry = _code->labelEntry(label);
    if (!entry) return false;
    if (entry->isBound())
      return entry->isBoundTo(_section) && done(direct::branchTo(*this, kind, cond, entry->offset()));
    return done(forwardBranch(kind, cond, entry));
  }
  // The rel32 form: a fix-up for jmp/jcc; for a call, a zero placeholder
  // and the link asmjit would record (field offset, addend -4: relative to
  // the instruction's end).
  bool forwardBranch(direct::Branch kind, uint32_t cond, asmjit::LabelEntry* entry) {
    direct::Cursor w;
    if (!direct::begin(*this, w)) return false;
    const size_t field = offset() + (kind == direct::Branch::Jcc ? 2 : 1);
    if (kind == direct::Branch::Call) {
      if (!_code->newLabelLink(entry, _section->id(), field, -4, rel32Link_)) return false;
      direct::branchOpcodeRel32(w, kind, cond);
      w.imm32(0);
    } else {
      if (field >= UINT32_MAX) return false;
      direct::branchOpcodeRel32(w, kind, cond);
      addFixup(entry, field, w);
    }
    return direct::end(*this, w);
  }

  // Fix-ups cost no memory of their own: until a label is bound asmjit has
  // no use for its entry's offset (zero when created), so that holds 1 +
  // the rel32 field of the newest direct jump to it, and each such field
  // holds 1 + the previous one's (0 ends the chain) until bind() writes
  // the displacements.
  void addFixup(asmjit::LabelEntry* entry, size_t field, direct::Cursor& w) {
    w.imm32(static_cast<uint32_t>(entry->_offset));
    entry->_offset = field + 1;
    ++unpatched_;
  }
  // A displacement beyond rel32 stays unpatched (and fails finalize).
  void patchFixups(uint64_t chain, size_t target) {
    while (chain != 0) {
      const size_t field = static_cast<size_t>(chain - 1);
      uint32_t next;
      std::memcpy(&next, _bufferData + field, 4);
      const int64_t rel = static_cast<int64_t>(target) - static_cast<int64_t>(field + 4);
      if (rel >= INT32_MIN && rel <= INT32_MAX) {
        const int32_t rel32 = static_cast<int32_t>(rel);
        std::memcpy(_bufferData + field, &rel32, 4);
        --unpatched_;
      }
      chain = next;
    }
  }

  asmjit::OffsetFormat rel32Link_;
  uint32_t unpatched_ = 0;
  uint64_t directCount_ = 0;
};

}  // namespace ember::x64
