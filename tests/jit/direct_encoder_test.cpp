// The direct encoder (jit/x64/direct_encoder.h, through FastAssembler)
// against asmjit's own encoder: each form is emitted over every register
// and a spread of addressing modes by both, and the two listings must
// disassemble (Zydis) to the same instructions. Each test also checks that
// the direct path was taken, so a silent fallback to asmjit cannot pass.
#include <gtest/gtest.h>

#include <asmjit/x86.h>

#include <cstdint>
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
    if (i % 1000 == 0) p.plain.jnz(plainLabel), p.fast.jnz(fastLabel);
  }
  p.expectSame(n);
}

}  // namespace
}  // namespace ember::x64
