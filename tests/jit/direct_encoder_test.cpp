// The direct encoder (jit/x64/direct_encoder.h, through FastAssembler)
// against asmjit's own encoder: each form is emitted over every register
// and a spread of addressing modes by both, and the two listings must
// disassemble (Zydis) to the same instructions. Each test also checks that
// the direct path was taken, so a silent fallback to asmjit cannot pass.
#include <gtest/gtest.h>

#include <asmjit/x86.h>

#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "jit/disasm.h"
#include "jit/x64/fast_assembler.h"

namespace ember::x64 {
namespace {

namespace ax = asmjit::x86;

// Emits the same sequence through FastAssembler and plain asmjit.
struct Pair {
  asmjit::CodeHolder fastCode, plainCode;
  FastAssembler fast;
  ax::Assembler plain;
  Pair() {
    fastCode.init(asmjit::Environment::host());
    plainCode.init(asmjit::Environment::host());
    fastCode.attach(&fast);
    plainCode.attach(&plain);
  }
  std::vector<std::string> listing(asmjit::CodeHolder& code) {
    const asmjit::CodeBuffer& b = code.textSection()->buffer();
    return disassembleInstructions({b.data(), b.size()});
  }
  // Both listings, instruction by instruction, and the count of
  // instructions that took the direct path.
  void expectSame(uint64_t expectedDirect) {
    std::vector<std::string> fastList = listing(fastCode), plainList = listing(plainCode);
    ASSERT_EQ(fastList.size(), plainList.size());
    for (size_t i = 0; i < fastList.size(); ++i)
      ASSERT_EQ(fastList[i], plainList[i]) << "instruction " << i;
    EXPECT_EQ(fast.directCount(), expectedDirect);
  }
};

std::vector<uint8_t> bytesOf(asmjit::CodeHolder& code) {
  const asmjit::CodeBuffer& b = code.textSection()->buffer();
  return {b.data(), b.data() + b.size()};
}

std::vector<ax::Mem> addressModes(uint32_t size) {
  const int32_t disps[] = {0, 1, -1, 127, 128, -128, -129, 0x12345, INT32_MAX, INT32_MIN};
  std::vector<ax::Mem> modes;
  for (uint32_t base = 0; base < 16; ++base) {
    for (int32_t disp : disps) modes.push_back(ax::ptr(ax::gpq(base), disp, size));
    for (uint32_t index : {0u, 5u, 12u, 13u, 15u}) {
      for (uint32_t shift = 0; shift < 4; ++shift)
        modes.push_back(ax::ptr(ax::gpq(base), ax::gpq(index), shift, disps[(base + shift) % 10], size));
    }
  }
  return modes;
}

TEST(DirectEncoder, GeneralPurposeLoadsAndStores) {
  Pair p;
  uint64_t n = 0;
  for (const ax::Mem& m : addressModes(0)) {
    for (uint32_t r = 0; r < 16; r += 3) {
      auto both = [&](const std::function<void(ax::Assembler&)>& plainEmit,
                      const std::function<void(FastAssembler&)>& fastEmit) {
        plainEmit(p.plain);
        fastEmit(p.fast);
        ++n;
      };
      ax::Mem m8 = m, m16 = m, m32 = m, m64 = m;
      m8.setSize(1), m16.setSize(2), m32.setSize(4), m64.setSize(8);
      both([&](ax::Assembler& a) { a.mov(ax::gpd(r), m32); }, [&](FastAssembler& a) { a.mov(ax::gpd(r), m32); });
      both([&](ax::Assembler& a) { a.mov(ax::gpq(r), m); }, [&](FastAssembler& a) { a.mov(ax::gpq(r), m); });
      both([&](ax::Assembler& a) { a.movzx(ax::gpd(r), m8); }, [&](FastAssembler& a) { a.movzx(ax::gpd(r), m8); });
      both([&](ax::Assembler& a) { a.movzx(ax::gpd(r), m16); }, [&](FastAssembler& a) { a.movzx(ax::gpd(r), m16); });
      both([&](ax::Assembler& a) { a.movsx(ax::gpd(r), m8); }, [&](FastAssembler& a) { a.movsx(ax::gpd(r), m8); });
      both([&](ax::Assembler& a) { a.movsx(ax::gpq(r), m16); }, [&](FastAssembler& a) { a.movsx(ax::gpq(r), m16); });
      both([&](ax::Assembler& a) { a.movsxd(ax::gpq(r), m32); }, [&](FastAssembler& a) { a.movsxd(ax::gpq(r), m32); });
      both([&](ax::Assembler& a) { a.mov(m8, ax::gpb_lo(r)); }, [&](FastAssembler& a) { a.mov(m8, ax::gpb_lo(r)); });
      both([&](ax::Assembler& a) { a.mov(m16, ax::gpw(r)); }, [&](FastAssembler& a) { a.mov(m16, ax::gpw(r)); });
      both([&](ax::Assembler& a) { a.mov(m, ax::gpd(r)); }, [&](FastAssembler& a) { a.mov(m, ax::gpd(r)); });
      both([&](ax::Assembler& a) { a.mov(m64, ax::gpq(r)); }, [&](FastAssembler& a) { a.mov(m64, ax::gpq(r)); });
      both([&](ax::Assembler& a) { a.lea(ax::gpq(r), m); }, [&](FastAssembler& a) { a.lea(ax::gpq(r), m); });
      both([&](ax::Assembler& a) { a.lea(ax::gpd(r), m); }, [&](FastAssembler& a) { a.lea(ax::gpd(r), m); });
    }
  }
  p.expectSame(n);
}

TEST(DirectEncoder, FloatLoadsAndStores) {
  Pair p;
  uint64_t n = 0;
  for (const ax::Mem& m : addressModes(0)) {
    for (uint32_t r = 0; r < 16; r += 5) {
      p.plain.movss(ax::xmm(r), m), p.fast.movss(ax::xmm(r), m);
      p.plain.movsd(ax::xmm(r), m), p.fast.movsd(ax::xmm(r), m);
      p.plain.movss(m, ax::xmm(r)), p.fast.movss(m, ax::xmm(r));
      p.plain.movsd(m, ax::xmm(r)), p.fast.movsd(m, ax::xmm(r));
      n += 4;
    }
  }
  for (uint32_t d = 0; d < 16; ++d) {
    for (uint32_t s = 0; s < 16; ++s) p.plain.movaps(ax::xmm(d), ax::xmm(s)), p.fast.movaps(ax::xmm(d), ax::xmm(s)), ++n;
  }
  p.expectSame(n);
}

TEST(DirectEncoder, StoresOfImmediates) {
  Pair p;
  uint64_t n = 0;
  const int64_t values[] = {0, 1, -1, 127, 128, -129, 0x7FFF, -0x8000, INT32_MAX, INT32_MIN};
  for (const ax::Mem& base : addressModes(0)) {
    for (int64_t v : values) {
      for (uint32_t size : {1u, 2u, 4u, 8u}) {
        int64_t value = size == 1 ? static_cast<int8_t>(v) : size == 2 ? static_cast<int16_t>(v) : v;
        ax::Mem m = base;
        m.setSize(size);
        p.plain.mov(m, asmjit::Imm(value));
        p.fast.mov(m, asmjit::Imm(value));
        ++n;
      }
    }
  }
  p.expectSame(n);
}

TEST(DirectEncoder, RegisterMovesAndImmediates) {
  Pair p;
  uint64_t n = 0;
  for (uint32_t d = 0; d < 16; ++d) {
    for (uint32_t s = 0; s < 16; ++s) {
      p.plain.mov(ax::gpd(d), ax::gpd(s)), p.fast.mov(ax::gpd(d), ax::gpd(s));
      p.plain.mov(ax::gpq(d), ax::gpq(s)), p.fast.mov(ax::gpq(d), ax::gpq(s));
      n += 2;
    }
    for (int64_t v : {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{0x7FFFFFFF}, int64_t{0xFFFFFFFF},
                      int64_t{INT32_MIN}}) {
      p.plain.mov(ax::gpd(d), asmjit::Imm(v)), p.fast.mov(ax::gpd(d), asmjit::Imm(v));
      p.plain.mov(ax::gpq(d), asmjit::Imm(v)), p.fast.mov(ax::gpq(d), asmjit::Imm(v));
      n += v == int64_t{0xFFFFFFFF} ? 1 : 2;  // r64 with that value is asmjit's movabs
    }
  }
  p.expectSame(n);
}

TEST(DirectEncoder, IntegerAluForms) {
  Pair p;
  uint64_t n = 0;
  auto aluReg = [&](auto plainOp, auto fastOp) {
    for (uint32_t d = 0; d < 16; ++d) {
      for (uint32_t s = 0; s < 16; s += 3) {
        (p.plain.*plainOp)(ax::gpd(d), ax::gpd(s)), (p.fast.*fastOp)(ax::gpd(d), ax::gpd(s));
        (p.plain.*plainOp)(ax::gpq(d), ax::gpq(s)), (p.fast.*fastOp)(ax::gpq(d), ax::gpq(s));
        n += 2;
      }
    }
  };
  using PlainRR = asmjit::Error (ax::EmitterExplicitT<ax::Assembler>::*)(const ax::Gp&, const ax::Gp&);
  using FastRR = asmjit::Error (FastAssembler::*)(const ax::Gp&, const ax::Gp&);
  aluReg(static_cast<PlainRR>(&ax::Assembler::add), static_cast<FastRR>(&FastAssembler::add));
  aluReg(static_cast<PlainRR>(&ax::Assembler::sub), static_cast<FastRR>(&FastAssembler::sub));
  aluReg(static_cast<PlainRR>(&ax::Assembler::and_), static_cast<FastRR>(&FastAssembler::and_));
  aluReg(static_cast<PlainRR>(&ax::Assembler::or_), static_cast<FastRR>(&FastAssembler::or_));
  aluReg(static_cast<PlainRR>(&ax::Assembler::xor_), static_cast<FastRR>(&FastAssembler::xor_));
  aluReg(static_cast<PlainRR>(&ax::Assembler::cmp), static_cast<FastRR>(&FastAssembler::cmp));
  aluReg(static_cast<PlainRR>(&ax::Assembler::test), static_cast<FastRR>(&FastAssembler::test));

  const int64_t values[] = {0, 1, -1, 127, 128, -128, -129, 0x12345678, INT32_MIN, INT32_MAX};
  auto aluImm = [&](auto plainOp, auto fastOp) {
    for (uint32_t d = 0; d < 16; ++d) {
      for (int64_t v : values) {
        (p.plain.*plainOp)(ax::gpd(d), asmjit::Imm(v)), (p.fast.*fastOp)(ax::gpd(d), asmjit::Imm(v));
        (p.plain.*plainOp)(ax::gpq(d), asmjit::Imm(v)), (p.fast.*fastOp)(ax::gpq(d), asmjit::Imm(v));
        n += 2;
      }
    }
  };
  using PlainRI = asmjit::Error (ax::EmitterExplicitT<ax::Assembler>::*)(const ax::Gp&, const asmjit::Imm&);
  using FastRI = asmjit::Error (FastAssembler::*)(const ax::Gp&, const asmjit::Imm&);
  aluImm(static_cast<PlainRI>(&ax::Assembler::add), static_cast<FastRI>(&FastAssembler::add));
  aluImm(static_cast<PlainRI>(&ax::Assembler::sub), static_cast<FastRI>(&FastAssembler::sub));
  aluImm(static_cast<PlainRI>(&ax::Assembler::and_), static_cast<FastRI>(&FastAssembler::and_));
  aluImm(static_cast<PlainRI>(&ax::Assembler::or_), static_cast<FastRI>(&FastAssembler::or_));
  aluImm(static_cast<PlainRI>(&ax::Assembler::xor_), static_cast<FastRI>(&FastAssembler::xor_));
  aluImm(static_cast<PlainRI>(&ax::Assembler::cmp), static_cast<FastRI>(&FastAssembler::cmp));
  p.expectSame(n);
}

// cmp reg, [mem]; call [mem]; push reg; ret, leave, ud2.
TEST(DirectEncoder, CompareWithMemoryCallsThroughMemoryAndFrameInstructions) {
  Pair p;
  uint64_t n = 0;
  for (const ax::Mem& m : addressModes(0)) {
    ax::Mem m32 = m, m64 = m;
    m32.setSize(4), m64.setSize(8);
    for (uint32_t r = 0; r < 16; r += 5) {
      p.plain.cmp(ax::gpd(r), m32), p.fast.cmp(ax::gpd(r), m32), ++n;
      p.plain.cmp(ax::gpq(r), m), p.fast.cmp(ax::gpq(r), m), ++n;
    }
    p.plain.call(m64), p.fast.call(m64), ++n;
  }
  for (uint32_t r = 0; r < 16; ++r) p.plain.push(ax::gpq(r)), p.fast.push(ax::gpq(r)), ++n;
  p.plain.ret(), p.fast.ret(), ++n;
  p.plain.leave(), p.fast.leave(), ++n;
  p.plain.ud2(), p.fast.ud2(), ++n;
  p.expectSame(n);
  EXPECT_EQ(bytesOf(p.fastCode), bytesOf(p.plainCode));
}

// The frame-slot forms ([rbp + disp], what the masm uses for locals and
// spill slots) against asmjit's encoding of the same operand, byte for byte.
TEST(DirectEncoder, FrameSlotLoadsAndStores) {
  Pair p;
  uint64_t n = 0;
  const int32_t disps[] = {0, 8, -8, 127, 128, -128, -129, -0x12340, INT32_MAX, INT32_MIN};
  for (int32_t disp : disps) {
    for (uint32_t r = 0; r < 16; ++r) {
      p.plain.mov(ax::gpd(r), ax::dword_ptr(ax::rbp, disp));
      p.fast.directLoadFrame(direct::Load::W32, static_cast<uint8_t>(r), disp);
      p.plain.mov(ax::gpq(r), ax::qword_ptr(ax::rbp, disp));
      p.fast.directLoadFrame(direct::Load::W64, static_cast<uint8_t>(r), disp);
      p.plain.movsd(ax::xmm(r), ax::qword_ptr(ax::rbp, disp));
      p.fast.directLoadFrame(direct::Load::F64, static_cast<uint8_t>(r), disp);
      p.plain.mov(ax::dword_ptr(ax::rbp, disp), ax::gpd(r));
      p.fast.directStoreFrame(direct::Store::W32, disp, static_cast<uint8_t>(r));
      p.plain.mov(ax::qword_ptr(ax::rbp, disp), ax::gpq(r));
      p.fast.directStoreFrame(direct::Store::W64, disp, static_cast<uint8_t>(r));
      p.plain.movss(ax::dword_ptr(ax::rbp, disp), ax::xmm(r));
      p.fast.directStoreFrame(direct::Store::F32, disp, static_cast<uint8_t>(r));
      n += 6;
    }
  }
  p.expectSame(n);
  EXPECT_EQ(bytesOf(p.fastCode), bytesOf(p.plainCode));
}

// Shifts and rotates (by one, by an imm8, by cl), imul, setcc, cmovcc,
// movzx r32, r8, pop, int3 and movabs: every register, byte for byte.
TEST(DirectEncoder, ShiftsMultipliesConditionsAndStackForms) {
  Pair p;
  uint64_t n = 0;
  using PlainShiftImm = asmjit::Error (ax::EmitterExplicitT<ax::Assembler>::*)(const ax::Gp&, const asmjit::Imm&);
  using FastShiftImm = asmjit::Error (FastAssembler::*)(const ax::Gp&, const asmjit::Imm&);
  using PlainShiftCl = asmjit::Error (ax::EmitterExplicitT<ax::Assembler>::*)(const ax::Gp&, const ax::Gp&);
  using FastShiftCl = asmjit::Error (FastAssembler::*)(const ax::Gp&, const ax::Gp&);
  auto shifts = [&](PlainShiftImm plainImm, FastShiftImm fastImm, PlainShiftCl plainCl,
                    FastShiftCl fastCl) {
    for (uint32_t d = 0; d < 16; ++d) {
      for (int64_t count : {0, 1, 2, 7, 31, 32, 63, 64, 255}) {
        (p.plain.*plainImm)(ax::gpd(d), asmjit::Imm(count)), (p.fast.*fastImm)(ax::gpd(d), asmjit::Imm(count));
        (p.plain.*plainImm)(ax::gpq(d), asmjit::Imm(count)), (p.fast.*fastImm)(ax::gpq(d), asmjit::Imm(count));
        n += 2;
      }
      (p.plain.*plainCl)(ax::gpd(d), ax::cl), (p.fast.*fastCl)(ax::gpd(d), ax::cl);
      (p.plain.*plainCl)(ax::gpq(d), ax::cl), (p.fast.*fastCl)(ax::gpq(d), ax::cl);
      n += 2;
    }
  };
  shifts(&ax::Assembler::shl, &FastAssembler::shl, &ax::Assembler::shl, &FastAssembler::shl);
  shifts(&ax::Assembler::shr, &FastAssembler::shr, &ax::Assembler::shr, &FastAssembler::shr);
  shifts(&ax::Assembler::sar, &FastAssembler::sar, &ax::Assembler::sar, &FastAssembler::sar);
  shifts(&ax::Assembler::rol, &FastAssembler::rol, &ax::Assembler::rol, &FastAssembler::rol);
  shifts(&ax::Assembler::ror, &FastAssembler::ror, &ax::Assembler::ror, &FastAssembler::ror);

  const int64_t values[] = {0, 1, -1, 127, 128, -128, -129, 0x12345678, INT32_MIN, INT32_MAX};
  for (uint32_t d = 0; d < 16; ++d) {
    for (uint32_t s = 0; s < 16; s += 3) {
      p.plain.imul(ax::gpd(d), ax::gpd(s)), p.fast.imul(ax::gpd(d), ax::gpd(s));
      p.plain.imul(ax::gpq(d), ax::gpq(s)), p.fast.imul(ax::gpq(d), ax::gpq(s));
      n += 2;
      for (int64_t v : values) {
        p.plain.imul(ax::gpd(d), ax::gpd(s), asmjit::Imm(v)), p.fast.imul(ax::gpd(d), ax::gpd(s), asmjit::Imm(v));
        p.plain.imul(ax::gpq(d), ax::gpq(s), asmjit::Imm(v)), p.fast.imul(ax::gpq(d), ax::gpq(s), asmjit::Imm(v));
        n += 2;
      }
      for (uint32_t cc = 0; cc < 16; ++cc) {
        auto c = static_cast<ax::CondCode>(cc);
        p.plain.cmov(c, ax::gpd(d), ax::gpd(s)), p.fast.cmov(c, ax::gpd(d), ax::gpd(s));
        p.plain.cmov(c, ax::gpq(d), ax::gpq(s)), p.fast.cmov(c, ax::gpq(d), ax::gpq(s));
        n += 2;
      }
      p.plain.movzx(ax::gpd(d), ax::gpb_lo(s)), p.fast.movzx(ax::gpd(d), ax::gpb_lo(s)), ++n;
    }
    for (uint32_t cc = 0; cc < 16; ++cc)
      p.plain.set(static_cast<ax::CondCode>(cc), ax::gpb_lo(d)), p.fast.set(static_cast<ax::CondCode>(cc), ax::gpb_lo(d)), ++n;
    p.plain.pop(ax::gpq(d)), p.fast.pop(ax::gpq(d)), ++n;
    p.plain.movabs(ax::gpq(d), asmjit::Imm(int64_t{0x123456789A})), p.fast.movabs(ax::gpq(d), asmjit::Imm(int64_t{0x123456789A})), ++n;
  }
  // The two-operand imul by an immediate is the three-operand one on itself.
  p.plain.imul(ax::ecx, asmjit::Imm(300)), p.fast.imul(ax::ecx, asmjit::Imm(300)), ++n;
  p.plain.imul(ax::r9, asmjit::Imm(-3)), p.fast.imul(ax::r9, asmjit::Imm(-3)), ++n;
  // A uint32 immediate (asmjit encodes it without the imm8 form) is left
  // to asmjit, so the bytes stay the same.
  for (int64_t v : {int64_t{0xFFFFFFFF}, int64_t{0xFFFFFF80}, int64_t{0x80000000}})
    p.plain.imul(ax::edx, ax::esi, asmjit::Imm(v)), p.fast.imul(ax::edx, ax::esi, asmjit::Imm(v));
  p.plain.int3(), p.fast.int3(), ++n;
  p.expectSame(n);
  EXPECT_EQ(bytesOf(p.fastCode), bytesOf(p.plainCode));
}

// Forms the direct encoder leaves to asmjit still come out right, and are
// not counted as direct.
TEST(DirectEncoder, FallsBackForOtherOperands) {
  Pair p;
  p.plain.mov(ax::gpq(3), asmjit::Imm(int64_t{0x123456789A})), p.fast.mov(ax::gpq(3), asmjit::Imm(int64_t{0x123456789A}));
  p.plain.mov(ax::gpw(1), ax::gpw(2)), p.fast.mov(ax::gpw(1), ax::gpw(2));
  p.plain.movzx(ax::gpq(1), ax::byte_ptr(ax::rax)), p.fast.movzx(ax::gpq(1), ax::byte_ptr(ax::rax));
  p.plain.add(ax::gpq(4), asmjit::Imm(int64_t{0xFFFFFFFF})), p.fast.add(ax::gpq(4), asmjit::Imm(int64_t{0xFFFFFFFF}));
  p.expectSame(0);
  EXPECT_TRUE(p.fastCode.textSection()->buffer().size() > 0);
}

// Enough instructions to make the code buffer grow many times, mixing
// direct and asmjit-encoded ones, with labels bound between them.
TEST(DirectEncoder, BufferGrowthAndLabels) {
  Pair p;
  asmjit::Label plainLabel = p.plain.newLabel(), fastLabel = p.fast.newLabel();
  p.plain.bind(plainLabel), p.fast.bind(fastLabel);
  uint64_t n = 0;
  for (uint32_t i = 0; i < 50000; ++i) {
    ax::Mem m = ax::ptr(ax::gpq(i % 16), ax::gpq((i / 16) % 4), i % 4, static_cast<int32_t>(i * 37));
    p.plain.mov(ax::gpd(i % 16), m), p.fast.mov(ax::gpd(i % 16), m), ++n;
    p.plain.add(ax::gpq(i % 16), asmjit::Imm(i)), p.fast.add(ax::gpq(i % 16), asmjit::Imm(i)), ++n;
    if (i % 1000 == 0) p.plain.jnz(plainLabel), p.fast.jnz(fastLabel), ++n;
  }
  p.expectSame(n);
}

// --- Branches to labels ----------------------------------------------------
// Compared byte for byte (not only as listings: the rel8/rel32 choice and
// the patched displacements are the point).


// Every way the masm names a branch to a label: jmp, call, j(cc) for each
// of the 16 condition codes, and the named jcc forms.
constexpr int kNamedJccCount = 30;
template <typename Assembler>
void emitBranch(Assembler& a, int kind, const asmjit::Label& l) {
  switch (kind) {
    case 0: a.jmp(l); return;
    case 1: a.call(l); return;
    case 2: a.ja(l); return;
    case 3: a.jae(l); return;
    case 4: a.jb(l); return;
    case 5: a.jbe(l); return;
    case 6: a.jc(l); return;
    case 7: a.je(l); return;
    case 8: a.jg(l); return;
    case 9: a.jge(l); return;
    case 10: a.jl(l); return;
    case 11: a.jle(l); return;
    case 12: a.jna(l); return;
    case 13: a.jnae(l); return;
    case 14: a.jnb(l); return;
    case 15: a.jnbe(l); return;
    case 16: a.jnc(l); return;
    case 17: a.jne(l); return;
    case 18: a.jng(l); return;
    case 19: a.jnge(l); return;
    case 20: a.jnl(l); return;
    case 21: a.jnle(l); return;
    case 22: a.jno(l); return;
    case 23: a.jnp(l); return;
    case 24: a.jns(l); return;
    case 25: a.jnz(l); return;
    case 26: a.jo(l); return;
    case 27: a.jp(l); return;
    case 28: a.jpe(l); return;
    case 29: a.jpo(l); return;
    case 30: a.js(l); return;
    case 31: a.jz(l); return;
    default: a.j(static_cast<ax::CondCode>(kind - 32), l); return;
  }
}
constexpr int kBranchKinds = 2 + kNamedJccCount + 16;

void padWithNops(ax::Assembler& plain, FastAssembler& fast, uint32_t bytes) {
  for (uint32_t i = 0; i < bytes; ++i) plain.nop(), fast.nop();
}

// Backward branches over distances around the rel8 limit and far beyond:
// asmjit picks rel8 when the displacement from the short form's end fits.
TEST(DirectEncoder, BackwardBranchesShortAndLong) {
  const uint32_t gaps[] = {0, 1, 100, 125, 126, 127, 128, 129, 130, 131, 132, 133, 200, 70000};
  for (int kind = 0; kind < kBranchKinds; ++kind) {
    Pair p;
    uint64_t n = 0;
    for (uint32_t gap : gaps) {
      asmjit::Label pl = p.plain.newLabel(), fl = p.fast.newLabel();
      p.plain.bind(pl), p.fast.bind(fl);
      padWithNops(p.plain, p.fast, gap);
      emitBranch(p.plain, kind, pl), emitBranch(p.fast, kind, fl), ++n;
    }
    ASSERT_EQ(bytesOf(p.fastCode), bytesOf(p.plainCode)) << "branch kind " << kind;
    EXPECT_EQ(p.fast.directCount(), n) << "branch kind " << kind;
  }
}

// Hand-checked encodings, so that both encoders agreeing on a wrong form
// cannot pass: rel8 at the limit, rel32 one byte beyond it.
TEST(DirectEncoder, BackwardBranchEncodings) {
  auto encode = [](int kind, uint32_t gap) {
    Pair p;
    asmjit::Label l = p.fast.newLabel();
    p.fast.bind(l);
    for (uint32_t i = 0; i < gap; ++i) p.fast.nop();
    emitBranch(p.fast, kind, l);
    std::vector<uint8_t> b = bytesOf(p.fastCode);
    return std::vector<uint8_t>(b.begin() + gap, b.end());
  };
  EXPECT_EQ(encode(0, 126), (std::vector<uint8_t>{0xEB, 0x80}));  // -128
  EXPECT_EQ(encode(0, 127), (std::vector<uint8_t>{0xE9, 0x7C, 0xFF, 0xFF, 0xFF}));  // -132
  EXPECT_EQ(encode(31, 0), (std::vector<uint8_t>{0x74, 0xFE}));  // jz to itself
  EXPECT_EQ(encode(31, 127), (std::vector<uint8_t>{0x0F, 0x84, 0x7B, 0xFF, 0xFF, 0xFF}));  // -133
  EXPECT_EQ(encode(1, 0), (std::vector<uint8_t>{0xE8, 0xFB, 0xFF, 0xFF, 0xFF}));  // call: no rel8
  for (int cc = 0; cc < 16; ++cc) {
    EXPECT_EQ(encode(32 + cc, 10), (std::vector<uint8_t>{static_cast<uint8_t>(0x70 + cc), 0xF4}));
    EXPECT_EQ(encode(32 + cc, 200),
              (std::vector<uint8_t>{0x0F, static_cast<uint8_t>(0x80 + cc), 0x32, 0xFF, 0xFF, 0xFF}));
  }
}

// Forward branches to an unbound label are rel32 with a fix-up, patched
// when the label is bound, over short and long distances.
TEST(DirectEncoder, ForwardBranchesResolve) {
  const uint32_t gaps[] = {0, 1, 120, 130, 70000};
  for (int kind = 0; kind < kBranchKinds; ++kind) {
    for (uint32_t gap : gaps) {
      Pair p;
      asmjit::Label pl = p.plain.newLabel(), fl = p.fast.newLabel();
      emitBranch(p.plain, kind, pl), emitBranch(p.fast, kind, fl);
      padWithNops(p.plain, p.fast, gap);
      p.plain.bind(pl), p.fast.bind(fl);
      ASSERT_EQ(bytesOf(p.fastCode), bytesOf(p.plainCode)) << "branch kind " << kind << " gap " << gap;
      EXPECT_EQ(p.fast.directCount(), 1u);
      // The displacement is the label's offset from the instruction's end.
      std::vector<uint8_t> b = bytesOf(p.fastCode);
      uint32_t size = (kind == 0 || kind == 1) ? 5 : 6;
      int32_t rel;
      std::memcpy(&rel, b.data() + size - 4, 4);
      EXPECT_EQ(rel, static_cast<int32_t>(gap)) << "branch kind " << kind;
    }
  }
}

// One label used by direct branches before and after it is bound and by
// asmjit-encoded instructions (lea [label], short_() jumps, jumps under an
// asmjit label bound by asmjit), in both directions: the bytes match plain
// asmjit's, and the asmjit forms were not counted as direct.
TEST(DirectEncoder, DirectAndAsmjitLabelUsesInteroperate) {
  Pair p;
  auto both = [&](auto&& emit) { emit(p.plain), emit(p.fast); };
  asmjit::Label pl = p.plain.newLabel(), fl = p.fast.newLabel();
  asmjit::Label pTop = p.plain.newLabel(), fTop = p.fast.newLabel();
  p.plain.bind(pTop), p.fast.bind(fTop);
  p.plain.lea(ax::rax, ax::ptr(pl)), p.fast.lea(ax::rax, ax::ptr(fl));
  p.plain.jz(pl), p.fast.jz(fl);                   // direct, forward
  p.plain.short_().jnz(pl), p.fast.short_().jnz(fl);  // asmjit rel8 link
  p.plain.call(pl), p.fast.call(fl);               // direct, forward
  both([](auto& a) { a.nop(); });
  p.plain.bind(pl), p.fast.bind(fl);
  p.plain.jmp(pl), p.fast.jmp(fl);  // direct, backward
  p.plain.lea(ax::rcx, ax::ptr(pl)), p.fast.lea(ax::rcx, ax::ptr(fl));
  p.plain.j(ax::CondCode::kG, pTop), p.fast.j(ax::CondCode::kG, fTop);  // direct, backward
  p.plain.short_().jmp(pTop), p.fast.short_().jmp(fTop);             // asmjit
  ASSERT_EQ(bytesOf(p.fastCode), bytesOf(p.plainCode));
  EXPECT_EQ(p.fast.directCount(), 4u);
  EXPECT_EQ(p.fastCode.unresolvedLinkCount(), 0u);
}

// A call to a label never bound (a function compiled elsewhere) leaves the
// same link asmjit leaves, which is what CodeBuffer::pendingCalls reads.
TEST(DirectEncoder, UnboundCallLeavesAsmjitsLink) {
  Pair p;
  asmjit::Label pl = p.plain.newLabel(), fl = p.fast.newLabel();
  p.plain.nop(), p.fast.nop();
  p.plain.call(pl), p.fast.call(fl);
  p.plain.call(pl), p.fast.call(fl);
  ASSERT_EQ(bytesOf(p.fastCode), bytesOf(p.plainCode));
  EXPECT_EQ(p.fast.directCount(), 2u);
  EXPECT_EQ(p.fast.unpatchedBranches(), 0u);  // calls are not FastAssembler's fix-ups
  const asmjit::LabelLink* fast = p.fastCode.labelEntry(fl)->links();
  const asmjit::LabelLink* plain = p.plainCode.labelEntry(pl)->links();
  int links = 0;
  for (; fast && plain; fast = fast->next, plain = plain->next, ++links) {
    EXPECT_EQ(fast->offset, plain->offset);
    EXPECT_EQ(fast->rel, plain->rel);
    EXPECT_EQ(fast->relocId, plain->relocId);
    EXPECT_EQ(fast->format.type(), plain->format.type());
    EXPECT_EQ(fast->format.valueSize(), plain->format.valueSize());
    EXPECT_EQ(fast->format.valueOffset(), plain->format.valueOffset());
    EXPECT_EQ(fast->format.immBitCount(), plain->format.immBitCount());
    EXPECT_EQ(fast->format.regionSize(), plain->format.regionSize());
  }
  EXPECT_EQ(fast, nullptr);
  EXPECT_EQ(plain, nullptr);
  EXPECT_EQ(links, 2);
}

// Direct jumps to a label not bound yet are counted until it is bound (the
// count CodeBuffer::finalize checks), and only that label's are patched.
TEST(DirectEncoder, UnpatchedJumpsAreCountedUntilBound) {
  Pair p;
  asmjit::Label a = p.fast.newLabel(), b = p.fast.newLabel();
  p.fast.jmp(a), p.fast.jz(b), p.fast.jnz(a);
  EXPECT_EQ(p.fast.unpatchedBranches(), 3u);
  p.fast.bind(a);
  EXPECT_EQ(p.fast.unpatchedBranches(), 1u);
  p.fast.jmp(b);  // a second fix-up chained to b
  EXPECT_EQ(p.fast.unpatchedBranches(), 2u);
  p.fast.nop();
  p.fast.bind(b);
  EXPECT_EQ(p.fast.unpatchedBranches(), 0u);
  // jmp a (5) jz b (6) jnz a (6) | a: jmp b (5) nop | b:
  const std::vector<uint8_t> expected = {0xE9, 0x0C, 0, 0, 0, 0x0F, 0x84, 0x0C, 0, 0, 0, 0x0F, 0x85, 0, 0, 0, 0,
                                         0xE9, 0x01, 0, 0, 0, 0x90};
  EXPECT_EQ(bytesOf(p.fastCode), expected);
}

}  // namespace
}  // namespace ember::x64
