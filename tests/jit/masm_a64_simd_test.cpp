// Tests of the AArch64 SIMD lowering (jit/a64/masm_a64_simd.cpp), without the
// code generator:
//  - every operator of runtime/interp/simd_ops.def assembles with every
//    aliasing of its registers (asmjit rejects a form NEON lacks);
//  - listings of the sequences that are not one instruction (the expected
//    disassembly, from aarch64-linux-gnu-objdump, beside each word);
//  - execution (on AArch64 or under qemu): each operator runs on edge-case
//    and random vectors and is compared with the interpreter's semantics,
//    the rows of simd_ops.def themselves, while every other allocatable
//    register is checked to keep its value.
#include <gtest/gtest.h>
#include <setjmp.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "jit/masm.h"
#include "runtime/interp/simd.h"
#include "tests/jit/masm_test_shared.h"

#if defined(__aarch64__)  // used by the execution tests only
namespace ember::interp {
namespace {

// The oracle: simd_ops.def's expressions, as the interpreter evaluates them.
simd::V128 oracleUnary(Opcode op, const simd::V128& a) {
  using namespace simd;
  switch (op) {
#define EMBER_V1(Name, expr) \
  case Opcode::Name:         \
    return expr;
#include "runtime/interp/simd_ops.def"
    default:
      std::abort();
  }
}
simd::V128 oracleBinary(Opcode op, const simd::V128& a, const simd::V128& b) {
  using namespace simd;
  switch (op) {
#define EMBER_V2(Name, expr) \
  case Opcode::Name:         \
    return expr;
#include "runtime/interp/simd_ops.def"
    default:
      std::abort();
  }
}
simd::V128 oracleTernary(Opcode op, const simd::V128& a, const simd::V128& b, const simd::V128& c) {
  using namespace simd;
  switch (op) {
#define EMBER_V3(Name, expr) \
  case Opcode::Name:         \
    return expr;
#include "runtime/interp/simd_ops.def"
    default:
      std::abort();
  }
}
uint32_t oracleTest(Opcode op, const simd::V128& a) {
  using namespace simd;
  switch (op) {
#define EMBER_VTEST(Name, expr) \
  case Opcode::Name:            \
    return expr;
#include "runtime/interp/simd_ops.def"
    default:
      std::abort();
  }
}
simd::V128 oracleShift(Opcode op, const simd::V128& a, uint64_t s) {
  using namespace simd;
  switch (op) {
#define EMBER_VSHIFT(Name, expr) \
  case Opcode::Name:             \
    return expr;
#include "runtime/interp/simd_ops.def"
    default:
      std::abort();
  }
}
simd::V128 oracleSplat(Opcode op, uint64_t x) {
  using namespace simd;
  switch (op) {
#define EMBER_VSPLAT(Name, expr) \
  case Opcode::Name:             \
    return expr;
#include "runtime/interp/simd_ops.def"
    default:
      std::abort();
  }
}
uint64_t oracleExtract(Opcode op, const simd::V128& a, int n) {
  using namespace simd;
  switch (op) {
#define EMBER_VEXTRACT(Name, expr) \
  case Opcode::Name:               \
    return expr;
#include "runtime/interp/simd_ops.def"
    default:
      std::abort();
  }
}
simd::V128 oracleReplace(Opcode op, simd::V128 a, uint64_t x, int n) {
  using namespace simd;
  switch (op) {
#define EMBER_VREPLACE(Name, T) \
  case Opcode::Name:            \
    setLane<T>(a, n, static_cast<T>(x)); \
    return a;
#include "runtime/interp/simd_ops.def"
    default:
      std::abort();
  }
}
simd::V128 oracleLoad(Opcode op, const uint8_t* p) {
  using namespace simd;
  switch (op) {
#define EMBER_VLOAD(Name, bytes, expr) \
  case Opcode::Name:                   \
    return expr;
#include "runtime/interp/simd_ops.def"
    default:
      std::abort();
  }
}

}  // namespace
}  // namespace ember::interp
#endif

namespace ember {
namespace {

using namespace ember::a64;
using namespace ember::masm_test;
using interp::simd::V128;

// --- The operators, by shape ---------------------------------------------------------

#define EMBER_LIST(Name, ...) Opcode::Name,
const std::vector<Opcode> kUnary = {
#define EMBER_V1 EMBER_LIST
#include "runtime/interp/simd_ops.def"
};
const std::vector<Opcode> kBinary = {
#define EMBER_V2 EMBER_LIST
#include "runtime/interp/simd_ops.def"
};
const std::vector<Opcode> kTernary = {
#define EMBER_V3 EMBER_LIST
#include "runtime/interp/simd_ops.def"
};
const std::vector<Opcode> kTests = {
#define EMBER_VTEST EMBER_LIST
#include "runtime/interp/simd_ops.def"
};
const std::vector<Opcode> kShifts = {
#define EMBER_VSHIFT EMBER_LIST
#include "runtime/interp/simd_ops.def"
};
const std::vector<Opcode> kSplats = {
#define EMBER_VSPLAT EMBER_LIST
#include "runtime/interp/simd_ops.def"
};
const std::vector<Opcode> kExtracts = {
#define EMBER_VEXTRACT EMBER_LIST
#include "runtime/interp/simd_ops.def"
};
const std::vector<Opcode> kReplaces = {
#define EMBER_VREPLACE EMBER_LIST
#include "runtime/interp/simd_ops.def"
};
const std::vector<Opcode> kLoads = {
#define EMBER_VLOAD EMBER_LIST
#include "runtime/interp/simd_ops.def"
};
const std::vector<Opcode> kLoadLanes = {
#define EMBER_VLOADLANE EMBER_LIST
#include "runtime/interp/simd_ops.def"
};
const std::vector<Opcode> kStoreLanes = {
#define EMBER_VSTORELANE EMBER_LIST
#include "runtime/interp/simd_ops.def"
};
#undef EMBER_LIST

// Lane width in bytes of a lane-indexed operator (extract, replace, memory).
uint32_t laneBytes(Opcode op) {
  switch (op) {
    case Opcode::I8x16ExtractLaneS:
    case Opcode::I8x16ExtractLaneU:
    case Opcode::I8x16ReplaceLane:
    case Opcode::V128Load8Lane:
    case Opcode::V128Store8Lane:
      return 1;
    case Opcode::I16x8ExtractLaneS:
    case Opcode::I16x8ExtractLaneU:
    case Opcode::I16x8ReplaceLane:
    case Opcode::V128Load16Lane:
    case Opcode::V128Store16Lane:
      return 2;
    case Opcode::I32x4ExtractLane:
    case Opcode::I32x4ReplaceLane:
    case Opcode::F32x4ExtractLane:
    case Opcode::F32x4ReplaceLane:
    case Opcode::V128Load32Lane:
    case Opcode::V128Store32Lane:
      return 4;
    default:
      return 8;
  }
}
bool hasFloatLaneOperand(Opcode op) {
  return op == Opcode::F32x4Splat || op == Opcode::F64x2Splat ||
         op == Opcode::F32x4ExtractLane || op == Opcode::F64x2ExtractLane ||
         op == Opcode::F32x4ReplaceLane || op == Opcode::F64x2ReplaceLane;
}
#if defined(__aarch64__)  // used by the execution tests only
uint32_t loadBytes(Opcode op) {
  switch (op) {
    case Opcode::V128Load8Splat:
      return 1;
    case Opcode::V128Load16Splat:
      return 2;
    case Opcode::V128Load32Splat:
    case Opcode::V128Load32Zero:
      return 4;
    default:
      return 8;
  }
}

// Float lanes of an arithmetic result, where any NaN is a correct lane (the
// spec allows any arithmetic NaN): 4 or 2, else 0 (compared bit for bit).
int nanLenientLanes(Opcode op) {
  switch (op) {
    case Opcode::F32x4Add:
    case Opcode::F32x4Sub:
    case Opcode::F32x4Mul:
    case Opcode::F32x4Div:
    case Opcode::F32x4Min:
    case Opcode::F32x4Max:
    case Opcode::F32x4Sqrt:
    case Opcode::F32x4Ceil:
    case Opcode::F32x4Floor:
    case Opcode::F32x4Trunc:
    case Opcode::F32x4Nearest:
    case Opcode::F32x4DemoteF64x2Zero:
    case Opcode::F32x4RelaxedMadd:
    case Opcode::F32x4RelaxedNmadd:
      return 4;
    case Opcode::F64x2Add:
    case Opcode::F64x2Sub:
    case Opcode::F64x2Mul:
    case Opcode::F64x2Div:
    case Opcode::F64x2Min:
    case Opcode::F64x2Max:
    case Opcode::F64x2Sqrt:
    case Opcode::F64x2Ceil:
    case Opcode::F64x2Floor:
    case Opcode::F64x2Trunc:
    case Opcode::F64x2Nearest:
    case Opcode::F64x2PromoteLowF32x4:
    case Opcode::F64x2RelaxedMadd:
    case Opcode::F64x2RelaxedNmadd:
      return 2;
    default:
      return 0;
  }
}

std::string hexOf(const V128& v) {
  std::string s;
  char buf[4];
  for (int i = 15; i >= 0; i--) {
    std::snprintf(buf, sizeof buf, "%02x", v.b[i]);
    s += buf;
  }
  return s;
}

bool sameResult(Opcode op, const V128& got, const V128& want) {
  const int lanes = nanLenientLanes(op);
  if (lanes == 0) return std::memcmp(got.b, want.b, 16) == 0;
  for (int i = 0; i < lanes; i++) {
    if (lanes == 4) {
      uint32_t g = interp::simd::lane<uint32_t>(got, i), w = interp::simd::lane<uint32_t>(want, i);
      if (std::isnan(bitsF32(w)) ? !std::isnan(bitsF32(g)) : g != w) return false;
    } else {
      uint64_t g = interp::simd::lane<uint64_t>(got, i), w = interp::simd::lane<uint64_t>(want, i);
      if (std::isnan(bitsF64(w)) ? !std::isnan(bitsF64(g)) : g != w) return false;
    }
  }
  return true;
}
#endif

// --- Register assignments ------------------------------------------------------------

// dst, then up to three vector operands, covering the aliasings.
struct VecRegs {
  Reg dst, a, b, c;
};
const std::vector<VecRegs> kVecRegs = {
    {v(2), v(3), v(4), v(5)},     // all different
    {v(3), v(3), v(4), v(5)},     // dst == a
    {v(4), v(3), v(4), v(5)},     // dst == b
    {v(5), v(3), v(4), v(5)},     // dst == c
    {v(6), v(6), v(6), v(6)},     // all the same
    {v(0), v(7), v(7), v(1)},     // a == b
    {v(9), v(7), v(8), v(10)},    // b is the register after a (tbl pairs)
    {v(8), v(7), v(8), v(8)},     // ... and dst too
    {v(30), v(29), v(0), v(30)},  // the highest allocatable register
};

// --- Listings ---------------------------------------------------------------------------

std::vector<uint32_t> words(const std::function<void(MacroAssembler&)>& body) {
  MacroAssembler masm(testOptions());
  masm.beginFunction(0);
  uint32_t begin = masm.codeOffset();
  body(masm);
  uint32_t end = masm.codeOffset();
  masm.endFunction(0);
  auto code = masm.finalize();
  EXPECT_TRUE(code.ok()) << code.error().message();
  if (!code.ok()) return {};
  std::vector<uint32_t> out((end - begin) / 4);
  std::memcpy(out.data(), code->bytes.data() + begin, out.size() * 4);
  return out;
}

std::string hex(const std::vector<uint32_t>& ws) {
  std::string out;
  char buf[16];
  for (uint32_t w : ws) {
    std::snprintf(buf, sizeof buf, "%08x\n", w);
    out += buf;
  }
  return out;
}

// Every operator, with every aliasing of its registers, assembles (an
// encoding asmjit rejects fails finalize()).
TEST(MasmA64Simd, EveryOperatorAssemblesWithEveryAliasing) {
  V128Bytes shuffles[3];
  for (int i = 0; i < 16; i++) {
    shuffles[0].bytes[i] = static_cast<uint8_t>((i * 7) & 31);  // both operands
    shuffles[1].bytes[i] = static_cast<uint8_t>(15 - i);         // lhs only
    shuffles[2].bytes[i] = static_cast<uint8_t>(16 + (i ^ 3));   // rhs only
  }
  for (const VecRegs& r : kVecRegs) {
    MacroAssembler m(testOptions());
    m.beginFunction(0);
    for (Opcode op : kUnary) m.simdUnary(op, r.dst, r.a);
    for (Opcode op : kBinary) m.simdBinary(op, r.dst, r.a, r.b);
    m.simdBitselect(r.dst, r.a, r.b, r.c);
    for (Opcode op : kTernary) m.simdTernary(op, r.dst, r.a, r.b, r.c);
    for (Opcode op : kTests) m.simdTest(op, x(3), r.a);
    for (Opcode op : kShifts) {
      m.simdShift(op, r.dst, r.a, x(4));
      for (int64_t count : {0, 1, 7, 8, 15, 31, 33, 63, 64, -1}) m.simdShift(op, r.dst, r.a, count);
    }
    for (Opcode op : kSplats) m.simdSplat(op, r.dst, hasFloatLaneOperand(op) ? r.a : x(5));
    for (Opcode op : kExtracts) {
      for (uint32_t lane = 0; lane < 16 / laneBytes(op); lane++) {
        m.simdExtractLane(op, hasFloatLaneOperand(op) ? r.dst : x(6), r.a, static_cast<uint8_t>(lane));
      }
    }
    for (Opcode op : kReplaces) {
      for (uint32_t lane = 0; lane < 16 / laneBytes(op); lane++) {
        m.simdReplaceLane(op, r.dst, r.a, hasFloatLaneOperand(op) ? r.b : x(7),
                          static_cast<uint8_t>(lane));
      }
    }
    for (const V128Bytes& s : shuffles) m.simdShuffle(r.dst, r.a, r.b, s);
    for (BoundsCheck check : {BoundsCheck::Guard, BoundsCheck::Explicit}) {
      for (uint64_t offset : {uint64_t{0}, uint64_t{16}, uint64_t{0xFFFFFFFF}}) {
        for (Opcode op : kLoads) {
          if (op != Opcode::V128Load) m.loadHeapSimd(op, r.dst, x(8), offset, check);
        }
        for (Opcode op : kLoadLanes) m.loadHeapLane(op, r.dst, x(8), offset, 1, check);
        for (Opcode op : kStoreLanes) {
          m.storeHeapLane(op, r.a, x(8), offset, 0, check);
          m.storeHeapLane(op, r.a, x(8), offset, 1, check);
        }
      }
    }
    m.endFunction(0);
    auto code = m.finalize();
    EXPECT_TRUE(code.ok()) << "dst v" << int(r.dst.code()) << ": " << code.error().message();
  }
}

// The listings below were checked with aarch64-linux-gnu-objdump.
TEST(MasmA64Simd, BitmaskGathersSignBitsWithShiftAccumulate) {
  EXPECT_EQ(hex(words([](MacroAssembler& m) { m.simdTest(Opcode::I8x16Bitmask, x(3), v(4)); })),
            "6f09049f\n"   // ushr  v31.16b, v4.16b, #7
            "6f1917ff\n"   // usra  v31.8h, v31.8h, #7
            "6f3217ff\n"   // usra  v31.4s, v31.4s, #14
            "6f6417ff\n"   // usra  v31.2d, v31.2d, #28
            "0e013fe3\n"   // umov  w3, v31.b[0]
            "0e113ff0\n"   // umov  w16, v31.b[8]
            "2a102063\n");  // orr   w3, w3, w16, lsl #8
}

TEST(MasmA64Simd, ShuffleOfTwoRegistersIsTblThenTbx) {
  V128Bytes lanes;
  for (int i = 0; i < 16; i++) lanes.bytes[i] = static_cast<uint8_t>(i % 2 == 0 ? i : 16 + i);
  // dst is rhs: rhs's bytes are looked up first, so lhs is read intact.
  const std::string listing =
      hex(words([&](MacroAssembler& m) { m.simdShuffle(v(4), v(2), v(4), lanes); }));
  // The index vectors are data in the code, jumped over and loaded with
  // ldr q (literal).
  EXPECT_EQ(listing,
            "14000008\n"   // b     #+0x20
            "00000000\n"   //       (alignment to 16)
            "00000000\n"
            "00000000\n"
            "03ff01ff\n"   //       rhs's indices (0xff: from lhs)
            "07ff05ff\n"
            "0bff09ff\n"
            "0fff0dff\n"
            "9cffff9f\n"   // ldr   q31, #-0x10
            "4e1f0084\n"   // tbl   v4.16b, {v4.16b}, v31.16b
            "14000006\n"   // b     #+0x18
            "00000000\n"
            "ff02ff00\n"   //       lhs's indices
            "ff06ff04\n"
            "ff0aff08\n"
            "ff0eff0c\n"
            "9cffff9f\n"   // ldr   q31, #-0x10
            "4e1f1044\n");  // tbx   v4.16b, {v2.16b}, v31.16b  // tbx   v4.16b, {v2.16b}, v31.16b
}

// Shuffles one permute instruction does (zip, uzp, trn, ext, dup, rev, a
// move), written out by hand, and one that needs a table lookup.
const std::vector<std::vector<uint8_t>> kPermutes = {
    {0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23},            // zip1 .16b
    {8, 9, 10, 11, 24, 25, 26, 27, 12, 13, 14, 15, 28, 29, 30, 31},      // zip2 .4s
    {0, 1, 4, 5, 8, 9, 12, 13, 16, 17, 20, 21, 24, 25, 28, 29},          // uzp1 .8h
    {18, 19, 22, 23, 26, 27, 30, 31, 2, 3, 6, 7, 10, 11, 14, 15},        // uzp2 .8h, swapped
    {4, 5, 6, 7, 20, 21, 22, 23, 12, 13, 14, 15, 28, 29, 30, 31},        // trn2 .4s
    {16, 0, 18, 2, 20, 4, 22, 6, 24, 8, 26, 10, 28, 12, 30, 14},         // trn1 .16b, swapped
    {4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19},          // ext #4
    {28, 29, 30, 31, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11},              // ext #12, swapped
    {12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11},              // ext of lhs with itself
    {28, 29, 30, 31, 28, 29, 30, 31, 28, 29, 30, 31, 28, 29, 30, 31},    // dup rhs.s[3]
    {5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5},                    // dup lhs.b[5]
    {2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13},              // rev32 .8h
    {23, 22, 21, 20, 19, 18, 17, 16, 31, 30, 29, 28, 27, 26, 25, 24},    // rev64 .16b of rhs
    {16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31},    // rhs itself
    {1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12},              // rot8 of i32 lanes
    {19, 20, 21, 22, 23, 16, 17, 18, 27, 28, 29, 30, 31, 24, 25, 26},    // rot24 of rhs's i64 lanes
    {3, 1, 2, 0, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},              // one table: tbl
    {0, 17, 2, 19, 4, 21, 6, 23, 8, 25, 10, 27, 12, 29, 14, 31},         // blend: tbl + tbx
};
constexpr size_t kOneInstructionPermutes = 14;  // the first ones; then two rotations

TEST(MasmA64Simd, PermuteShufflesAreOneInstruction) {
  for (size_t k = 0; k < kPermutes.size(); k++) {
    V128Bytes lanes;
    std::memcpy(lanes.bytes, kPermutes[k].data(), 16);
    const size_t n = words([&](MacroAssembler& m) { m.simdShuffle(v(1), v(2), v(5), lanes); }).size();
    if (k < kOneInstructionPermutes) {
      EXPECT_EQ(n, 1u) << "pattern " << k;
    } else if (k < kOneInstructionPermutes + 2) {
      EXPECT_EQ(n, 2u) << "pattern " << k;  // ushr + sli (dst is not the operand)
    } else {
      EXPECT_GT(n, 2u) << "pattern " << k;  // the last two need tables
    }
  }
}

// v128 constants, one per path of the constant builder, with the number of
// instructions each should take.
struct ConstantCase {
  uint64_t lo, hi;
  size_t words;
};
const std::vector<ConstantCase> kConstants = {
    {0, 0, 1},                                          // movi .16b, #0
    {0x5A5A5A5A5A5A5A5Aull, 0x5A5A5A5A5A5A5A5Aull, 1},  // movi .16b
    {0xFF0000FFFF00FF00ull, 0xFF0000FFFF00FF00ull, 1},  // movi .2d (byte mask)
    {0x3F0000003F000000ull, 0x3F0000003F000000ull, 1},  // movi .4s, lsl #24 (f32 0.5)
    {0x3F8000003F800000ull, 0x3F8000003F800000ull, 2},  // orr w16 + dup .4s (f32 1.0)
    {0x7FFFFFFF7FFFFFFFull, 0x7FFFFFFF7FFFFFFFull, 1},  // mvni .4s, lsl #24
    {0x00FF00FF00FF00FFull, 0x00FF00FF00FF00FFull, 1},  // movi .8h
    {0x12FF12FF12FF12FFull, 0x12FF12FF12FF12FFull, 1},  // mvni .8h, lsl #8
    {0x1234123412341234ull, 0x1234123412341234ull, 2},  // mov w16 + dup .8h
    {0x1234567812345678ull, 0x1234567812345678ull, 3},  // movz/movk w16 + dup .4s
    // The others are data in the code (0: see ConstantsTakeTheShortestForm).
    {0x0123456789ABCDEFull, 0x0123456789ABCDEFull, 0},
    {0x0123456789ABCDEFull, 0, 0},
    {0, 0x0123456789ABCDEFull, 0},
    {0x0706050403020100ull, 0x0F0E0D0C0B0A0908ull, 0},
};

TEST(MasmA64Simd, ConstantsTakeTheShortestForm) {
  for (const ConstantCase& c : kConstants) {
    V128Bytes bytes;
    std::memcpy(bytes.bytes, &c.lo, 8);
    std::memcpy(bytes.bytes + 8, &c.hi, 8);
    if (c.words != 0) {
      EXPECT_EQ(words([&](MacroAssembler& m) { m.moveV128(v(3), bytes); }).size(), c.words)
          << std::hex << c.hi << " " << c.lo;
      continue;
    }
    // A branch over the 16 bytes (after alignment padding), the bytes, an
    // ldr q (literal) of them; a second use is the ldr alone.
    size_t firstUse = 0;
    const std::vector<uint32_t> ws = words([&](MacroAssembler& m) {
      m.moveV128(v(3), bytes);
      firstUse = m.codeOffset();
      m.moveV128(v(7), bytes);
    });
    ASSERT_GE(ws.size(), 7u);
    EXPECT_EQ(ws.front() & 0xFC000000, 0x14000000u) << "b";
    EXPECT_EQ(std::memcmp(&ws[ws.size() - 6], bytes.bytes, 16), 0);
    EXPECT_EQ(ws[ws.size() - 2] & 0xFF00001F, 0x9C000003u) << "ldr q3, <literal>";
    EXPECT_EQ(ws.back() & 0xFF00001F, 0x9C000007u) << "ldr q7, <literal>";
    EXPECT_EQ(ws.size() * 4 - firstUse, 4u);
  }
}

TEST(MasmA64Simd, NarrowIntoItsRhsGoesThroughTheScratch) {
  EXPECT_EQ(hex(words([](MacroAssembler& m) {
              m.simdBinary(Opcode::I8x16NarrowI16x8S, v(4), v(3), v(4));
            })),
            "0e21487f\n"   // sqxtn  v31.8b, v3.8h
            "4e21489f\n"   // sqxtn2 v31.16b, v4.8h
            "4ebf1fe4\n");  // mov    v4.16b, v31.16b
}

TEST(MasmA64Simd, GuardModeRecordsTheAccessItself) {
  MacroAssembler m(testOptions());
  m.beginFunction(0);
  m.simdShift(Opcode::I8x16Shl, v(1), v(1), 1);
  const uint32_t before = m.codeOffset();
  m.storeHeapLane(Opcode::V128Store16Lane, v(2), x(3), 0, 5, BoundsCheck::Guard);
  m.endFunction(0);
  auto code = m.finalize();
  ASSERT_TRUE(code.ok());
  ASSERT_EQ(code->trapSites.size(), 1u);
  EXPECT_EQ(code->trapSites[0].codeOffset, before + 4);  // after the lane's dup: the str
  uint32_t word;
  std::memcpy(&word, code->bytes.data() + code->trapSites[0].codeOffset, 4);
  EXPECT_EQ(word, 0x7c234a9fu);  // str h31, [x20, w3, uxtw]
}

}  // namespace
}  // namespace ember

// Running code needs an AArch64 CPU (or qemu).
#if defined(__aarch64__)

namespace ember {
namespace {

using namespace ember::a64;
using namespace ember::masm_test;
using interp::simd::V128;

extern "C" void ember_simd_test_enter(TestVm* vm, uint8_t* memoryBase, const void* code);

// Saves what AAPCS64 makes callee-saved (wasm code treats x21-x28 and all
// vector registers as caller-saved), pins vmctx and the memory base, calls.
asm(R"(
  .text
  .globl ember_simd_test_enter
  .type ember_simd_test_enter, %function
ember_simd_test_enter:
  stp x29, x30, [sp, #-160]!
  mov x29, sp
  stp x19, x20, [sp, #16]
  stp x21, x22, [sp, #32]
  stp x23, x24, [sp, #48]
  stp x25, x26, [sp, #64]
  stp x27, x28, [sp, #80]
  stp d8, d9, [sp, #96]
  stp d10, d11, [sp, #112]
  stp d12, d13, [sp, #128]
  stp d14, d15, [sp, #144]
  mov x19, x0
  mov x20, x1
  blr x2
  ldp x19, x20, [sp, #16]
  ldp x21, x22, [sp, #32]
  ldp x23, x24, [sp, #48]
  ldp x25, x26, [sp, #64]
  ldp x27, x28, [sp, #80]
  ldp d8, d9, [sp, #96]
  ldp d10, d11, [sp, #112]
  ldp d12, d13, [sp, #128]
  ldp d14, d15, [sp, #144]
  ldp x29, x30, [sp], #160
  ret
  .size ember_simd_test_enter, .-ember_simd_test_enter
)");

sigjmp_buf gTrapJump;
volatile int gTrapCode = -1;

uint64_t sentinelFor(Reg r) { return 0x5EA1'0000'0000'0000ull + r.code(); }

[[noreturn]] void trapBuiltin(void*, uint32_t code) {
  gTrapCode = static_cast<int>(code);
  siglongjmp(gTrapJump, 1);
}

// The test's linear memory: operands, results and register images at fixed
// offsets, and a data area for the memory operators.
constexpr int32_t kOperandA = 0, kOperandB = 16, kOperandC = 32, kResult = 48, kScalar = 64;
constexpr int32_t kFpIn = 256, kFpOut = 1024, kGpOut = 2048;
constexpr uint64_t kData = 4096;
constexpr size_t kMemorySize = 65536;

class Harness {
 public:
  Harness() {
    void* p = mmap(nullptr, kMemorySize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) std::abort();
    mem_ = static_cast<uint8_t*>(p);
    vm_.memoryBase = mem_;
    vm_.memoryLength = kMemorySize;
    vm_.builtins[kTrapBuiltin] = reinterpret_cast<void*>(&trapBuiltin);
    for (int r = 0; r < 32; r++) {
      for (int i = 0; i < 16; i++) mem_[kFpIn + 16 * r + i] = static_cast<uint8_t>(0xA0 + r + i * 3);
    }
  }
  ~Harness() { munmap(mem_, kMemorySize); }
  uint8_t* mem() { return mem_; }
  V128 vecAt(int32_t off) const { return interp::simd::load(mem_ + off); }
  uint64_t u64At(int32_t off) const {
    uint64_t v;
    std::memcpy(&v, mem_ + off, 8);
    return v;
  }

  // The function: sentinels into every allocatable register, the operands
  // (vector `vecOps` from kOperandA.., a GP one from kScalar) into theirs,
  // `op`, the result to kResult and every register's image out.
  struct Code {
    std::vector<uint8_t> bytes;
    void* exec = nullptr;
    size_t size = 0;
    ~Code() {
      if (exec) munmap(exec, size);
    }
  };
  void compile(Code& out, std::vector<Reg> vecOps, Reg gpOp, Reg dst,
               const std::function<void(MacroAssembler&)>& op) {
    MacroAssembler m(testOptions());
    m.beginFunction(0);
    m.emitPrologue();
    for (Reg r : RegisterConventions::kAllocatableFp) {
      m.load(LoadKind::V128, r, Address(RegisterConventions::kMemoryBase, kFpIn + 16 * r.code()));
    }
    for (Reg r : RegisterConventions::kAllocatableGp) m.moveImm(ValType::I64, r, sentinelFor(r));
    for (size_t i = 0; i < vecOps.size(); i++) {
      m.load(LoadKind::V128, vecOps[i],
             Address(RegisterConventions::kMemoryBase, kOperandA + 16 * static_cast<int32_t>(i)));
    }
    if (gpOp.isValid()) m.load(LoadKind::I64, gpOp, Address(RegisterConventions::kMemoryBase, kScalar));
    op(m);
    if (dst.isValid()) {
      m.store(dst.isFp() ? StoreKind::V128 : StoreKind::I64,
              Address(RegisterConventions::kMemoryBase, kResult), dst);
    }
    for (Reg r : RegisterConventions::kAllocatableFp) {
      m.store(StoreKind::V128, Address(RegisterConventions::kMemoryBase, kFpOut + 16 * r.code()), r);
    }
    for (Reg r : RegisterConventions::kAllocatableGp) {
      m.store(StoreKind::I64, Address(RegisterConventions::kMemoryBase, kGpOut + 8 * r.code()), r);
    }
    m.emitReturn();
    m.endFunction(16);
    auto code = m.finalize();
    if (!code.ok()) {
      ADD_FAILURE() << code.error().message();
      return;
    }
    out.size = (code->bytes.size() + 4095) / 4096 * 4096;
    out.exec = mmap(nullptr, out.size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    std::memcpy(out.exec, code->bytes.data(), code->bytes.size());
    mprotect(out.exec, out.size, PROT_READ | PROT_EXEC);
    __builtin___clear_cache(static_cast<char*>(out.exec), static_cast<char*>(out.exec) + out.size);
  }

  // Runs; the trap code, or -1.
  int run(const Code& code) {
    static const Code* running;
    running = &code;
    gTrapCode = -1;
    if (sigsetjmp(gTrapJump, 1) == 0) ember_simd_test_enter(&vm_, mem_, running->exec);
    return gTrapCode;
  }

  // Every allocatable register other than dst holds what it was given:
  // its operand (`vecOps`, `gpOp`) or its sentinel.
  void checkPreserved(const std::vector<Reg>& vecOps, Reg gpOp, Reg dst, const std::string& what) {
    for (Reg r : RegisterConventions::kAllocatableFp) {
      if (r == dst) continue;
      int32_t from = kFpIn + 16 * r.code();
      for (size_t i = 0; i < vecOps.size(); i++) {  // the last one loaded
        if (vecOps[i] == r) from = kOperandA + 16 * static_cast<int32_t>(i);
      }
      EXPECT_EQ(std::memcmp(mem_ + kFpOut + 16 * r.code(), mem_ + from, 16), 0)
          << what << ": v" << int(r.code()) << " changed";
    }
    for (Reg r : RegisterConventions::kAllocatableGp) {
      if (r == dst) continue;
      const uint64_t want = r == gpOp ? u64At(kScalar) : sentinelFor(r);
      EXPECT_EQ(u64At(kGpOut + 8 * r.code()), want) << what << ": x" << int(r.code()) << " changed";
    }
  }

  TestVm& vm() { return vm_; }

 private:
  uint8_t* mem_ = nullptr;
  TestVm vm_;
};

// Deterministic inputs: lanes of edge values of every lane type, and random bytes.
class Inputs {
 public:
  explicit Inputs(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    state_ = state_ * 6364136223846793005ull + 1442695040888963407ull;
    return state_ >> 11 ^ state_ << 7;
  }
  V128 vector(int kind) {
    V128 v;
    static const uint8_t kBytes[] = {0, 1, 2, 0x7F, 0x80, 0x81, 0xFE, 0xFF, 0x40, 0x10};
    static const uint16_t kHalves[] = {0, 1, 0xFFFF, 0x7FFF, 0x8000, 0x8001, 0x4000, 0xC000, 0x00FF, 0xFF80};
    static const uint32_t kWords[] = {0, 1, 0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, 0x80000001, 0x0000FFFF,
                                      0xFFFF8000, 0x00007FFF, 0x12345678};
    static const std::vector<uint64_t> f32 = f32Values(), f64 = f64Values(), i64 = kI64Values;
    for (int i = 0; i < 16; i++) v.b[i] = static_cast<uint8_t>(next());
    switch (kind % 7) {
      case 0:
        break;
      case 1:
        for (int i = 0; i < 16; i++) v.b[i] = kBytes[next() % 10];
        break;
      case 2:
        for (int i = 0; i < 8; i++) interp::simd::setLane<uint16_t>(v, i, kHalves[next() % 10]);
        break;
      case 3:
        for (int i = 0; i < 4; i++) interp::simd::setLane<uint32_t>(v, i, kWords[next() % 10]);
        break;
      case 4:
        for (int i = 0; i < 2; i++) interp::simd::setLane<uint64_t>(v, i, i64[next() % i64.size()]);
        break;
      case 5:
        for (int i = 0; i < 4; i++) {
          interp::simd::setLane<uint32_t>(v, i, static_cast<uint32_t>(f32[next() % f32.size()]));
        }
        break;
      case 6:
        for (int i = 0; i < 2; i++) interp::simd::setLane<uint64_t>(v, i, f64[next() % f64.size()]);
        break;
    }
    return v;
  }

 private:
  uint64_t state_;
};

constexpr int kRounds = 42;  // input sets per operator and register assignment

void setVec(Harness& h, int32_t off, const V128& v) { std::memcpy(h.mem() + off, v.b, 16); }

TEST(MasmA64SimdRun, UnaryBinaryAndTernaryMatchTheInterpreter) {
  Harness h;
  for (const VecRegs& r : kVecRegs) {
    for (Opcode op : kUnary) {
      Harness::Code code;
      h.compile(code, {r.a}, Reg(), r.dst, [&](MacroAssembler& m) { m.simdUnary(op, r.dst, r.a); });
      Inputs in(static_cast<uint64_t>(op));
      for (int round = 0; round < kRounds; round++) {
        const V128 a = in.vector(round);
        setVec(h, kOperandA, a);
        h.run(code);
        const V128 want = interp::oracleUnary(op, a);
        const std::string what = "unary 0x" + std::to_string(static_cast<int>(op)) + " dst v" +
                                 std::to_string(r.dst.code()) + " a=" + hexOf(a);
        EXPECT_TRUE(sameResult(op, h.vecAt(kResult), want))
            << what << " got " << hexOf(h.vecAt(kResult)) << " want " << hexOf(want);
        h.checkPreserved({r.a}, Reg(), r.dst, what);
      }
    }
    for (Opcode op : kBinary) {
      Harness::Code code;
      const std::vector<Reg> ops = {r.a, r.b};
      h.compile(code, ops, Reg(), r.dst,
                [&](MacroAssembler& m) { m.simdBinary(op, r.dst, r.a, r.b); });
      Inputs in(static_cast<uint64_t>(op) * 31);
      for (int round = 0; round < kRounds; round++) {
        V128 a = in.vector(round), b = in.vector(round + (round / 7));
        if (op == Opcode::I8x16Swizzle && round % 2) {
          for (auto& x : b.b) x &= 0x1F;  // more in-range indices
        }
        setVec(h, kOperandA, a);
        setVec(h, kOperandB, b);
        h.run(code);
        if (r.a == r.b) a = b;  // b was loaded last: the register holds it
        const V128 want = interp::oracleBinary(op, a, b);
        const std::string what = "binary 0x" + std::to_string(static_cast<int>(op)) + " dst v" +
                                 std::to_string(r.dst.code()) + " a=" + hexOf(a) + " b=" + hexOf(b);
        EXPECT_TRUE(sameResult(op, h.vecAt(kResult), want))
            << what << " got " << hexOf(h.vecAt(kResult)) << " want " << hexOf(want);
        h.checkPreserved(ops, Reg(), r.dst, what);
      }
    }
    Harness::Code code;
    const std::vector<Reg> ops = {r.a, r.b, r.c};
    h.compile(code, ops, Reg(), r.dst,
              [&](MacroAssembler& m) { m.simdBitselect(r.dst, r.a, r.b, r.c); });
    Inputs in(99);
    for (int round = 0; round < 8; round++) {
      V128 a = in.vector(0), b = in.vector(0), c = in.vector(0);
      setVec(h, kOperandA, a);
      setVec(h, kOperandB, b);
      setVec(h, kOperandC, c);
      h.run(code);
      // Registers loaded later overwrite earlier ones that share them.
      a = r.a == r.c ? c : r.a == r.b ? b : a;
      b = r.b == r.c ? c : b;
      const V128 want = interp::simd::bitselect(a, b, c);
      EXPECT_EQ(hexOf(h.vecAt(kResult)), hexOf(want)) << "bitselect dst v" << int(r.dst.code());
    }
    // The other ternary operators write dst before reading all of b and c,
    // as simdTernary allows: the code generator's dst is a.
    if (r.dst == r.b || r.dst == r.c) continue;
    for (Opcode op : kTernary) {
      Harness::Code ternary;
      h.compile(ternary, ops, Reg(), r.dst,
                [&](MacroAssembler& m) { m.simdTernary(op, r.dst, r.a, r.b, r.c); });
      Inputs values(static_cast<uint64_t>(op) * 17);
      for (int round = 0; round < kRounds; round++) {
        V128 a = values.vector(round), b = values.vector(round + 1), c = values.vector(round + 2);
        setVec(h, kOperandA, a);
        setVec(h, kOperandB, b);
        setVec(h, kOperandC, c);
        h.run(ternary);
        a = r.a == r.c ? c : r.a == r.b ? b : a;
        b = r.b == r.c ? c : b;
        const V128 want = interp::oracleTernary(op, a, b, c);
        EXPECT_TRUE(sameResult(op, h.vecAt(kResult), want))
            << "ternary 0x" << static_cast<int>(op) << " dst v" << int(r.dst.code()) << " got "
            << hexOf(h.vecAt(kResult)) << " want " << hexOf(want);
        h.checkPreserved(ops, Reg(), r.dst, "ternary");
      }
    }
  }
}

TEST(MasmA64SimdRun, ConstantsHaveTheirBytes) {
  Harness h;
  for (const ConstantCase& c : kConstants) {
    for (Reg dst : {v(0), v(17), v(30)}) {
      V128Bytes bytes;
      std::memcpy(bytes.bytes, &c.lo, 8);
      std::memcpy(bytes.bytes + 8, &c.hi, 8);
      Harness::Code code;
      h.compile(code, {}, Reg(), dst, [&](MacroAssembler& m) { m.moveV128(dst, bytes); });
      h.run(code);
      EXPECT_EQ(h.u64At(kResult), c.lo);
      EXPECT_EQ(h.u64At(kResult + 8), c.hi);
      h.checkPreserved({}, Reg(), dst, "constant");
    }
  }
}

TEST(MasmA64SimdRun, ShufflesMatchTheInterpreter) {
  Harness h;
  Inputs in(7);
  for (const VecRegs& r : kVecRegs) {
    for (int pattern = 0; pattern < 12 + static_cast<int>(kPermutes.size()); pattern++) {
      V128Bytes lanes;
      for (int i = 0; i < 16; i++) {
        const uint64_t n = in.next();
        lanes.bytes[i] = static_cast<uint8_t>(pattern % 3 == 0   ? n % 16         // lhs only
                                              : pattern % 3 == 1 ? 16 + n % 16    // rhs only
                                                                 : n % 32);       // both
        if (pattern >= 12) lanes.bytes[i] = kPermutes[pattern - 12][i];
      }
      Harness::Code code;
      const std::vector<Reg> ops = {r.a, r.b};
      h.compile(code, ops, Reg(), r.dst,
                [&](MacroAssembler& m) { m.simdShuffle(r.dst, r.a, r.b, lanes); });
      V128 a = in.vector(0), b = in.vector(0);
      setVec(h, kOperandA, a);
      setVec(h, kOperandB, b);
      h.run(code);
      if (r.a == r.b) a = b;
      const V128 want = interp::simd::shuffle(a, b, lanes.bytes);
      EXPECT_EQ(hexOf(h.vecAt(kResult)), hexOf(want)) << "shuffle dst v" << int(r.dst.code())
                                                      << " pattern " << pattern;
      h.checkPreserved(ops, Reg(), r.dst, "shuffle");
    }
  }
}

TEST(MasmA64SimdRun, TestsShiftsAndLanesMatchTheInterpreter) {
  Harness h;
  Inputs in(3);
  const Reg gpDst = x(22), gpSrc = x(5);
  for (const VecRegs& r : kVecRegs) {
    for (Opcode op : kTests) {
      Harness::Code code;
      h.compile(code, {r.a}, Reg(), gpDst, [&](MacroAssembler& m) { m.simdTest(op, gpDst, r.a); });
      for (int round = 0; round < kRounds; round++) {
        V128 a = in.vector(round);
        if (round % 3 == 0) {  // all lanes non-zero, for all_true
          for (auto& x : a.b) x |= 1;
        }
        setVec(h, kOperandA, a);
        h.run(code);
        EXPECT_EQ(h.u64At(kResult), uint64_t{interp::oracleTest(op, a)})
            << "test 0x" << std::hex << static_cast<int>(op) << " a=" << hexOf(a);
        h.checkPreserved({r.a}, Reg(), gpDst, "test");
      }
    }
    for (Opcode op : kShifts) {
      Harness::Code byReg;
      h.compile(byReg, {r.a}, gpSrc, r.dst,
                [&](MacroAssembler& m) { m.simdShift(op, r.dst, r.a, gpSrc); });
      for (uint64_t count : {0ull, 1ull, 3ull, 7ull, 8ull, 9ull, 15ull, 16ull, 31ull, 32ull, 33ull,
                             63ull, 64ull, 65ull, 0xFFFFFFFFull, 0x80000001ull}) {
        const V128 a = in.vector(static_cast<int>(count));
        setVec(h, kOperandA, a);
        std::memcpy(h.mem() + kScalar, &count, 8);
        h.run(byReg);
        const V128 want = interp::oracleShift(op, a, count);
        EXPECT_EQ(hexOf(h.vecAt(kResult)), hexOf(want))
            << "shift 0x" << std::hex << static_cast<int>(op) << " by register " << count;
        h.checkPreserved({r.a}, gpSrc, r.dst, "shift");
        Harness::Code byImm;
        h.compile(byImm, {r.a}, Reg(), r.dst, [&](MacroAssembler& m) {
          m.simdShift(op, r.dst, r.a, static_cast<int64_t>(static_cast<int32_t>(count)));
        });
        h.run(byImm);
        EXPECT_EQ(hexOf(h.vecAt(kResult)), hexOf(want))
            << "shift 0x" << std::hex << static_cast<int>(op) << " by constant " << count;
      }
    }
    for (Opcode op : kSplats) {
      const bool fp = hasFloatLaneOperand(op);
      Harness::Code code;
      // A float operand is the vector register r.a, loaded from kOperandA.
      if (fp) {
        h.compile(code, {r.a}, Reg(), r.dst, [&](MacroAssembler& m) { m.simdSplat(op, r.dst, r.a); });
      } else {
        h.compile(code, {}, gpSrc, r.dst, [&](MacroAssembler& m) { m.simdSplat(op, r.dst, gpSrc); });
      }
      for (int round = 0; round < 8; round++) {
        const V128 a = in.vector(round);
        const uint64_t x = interp::simd::lane<uint64_t>(a, 0);
        setVec(h, kOperandA, a);
        std::memcpy(h.mem() + kScalar, &x, 8);
        h.run(code);
        EXPECT_EQ(hexOf(h.vecAt(kResult)), hexOf(interp::oracleSplat(op, x)))
            << "splat 0x" << std::hex << static_cast<int>(op);
      }
    }
    for (Opcode op : kExtracts) {
      const bool fp = hasFloatLaneOperand(op);
      const Reg dst = fp ? r.dst : gpDst;
      for (int lane = 0; lane < static_cast<int>(16 / laneBytes(op)); lane++) {
        Harness::Code code;
        h.compile(code, {r.a}, Reg(), dst, [&](MacroAssembler& m) {
          m.simdExtractLane(op, dst, r.a, static_cast<uint8_t>(lane));
        });
        const V128 a = in.vector(lane);
        setVec(h, kOperandA, a);
        h.run(code);
        const uint64_t want = interp::oracleExtract(op, a, lane);
        // A float lane is compared in its width; a GP result must be zero-extended.
        const uint64_t got = fp && laneBytes(op) == 4 ? uint64_t{h.vecAt(kResult).b[0]} |
                                                            uint64_t{h.vecAt(kResult).b[1]} << 8 |
                                                            uint64_t{h.vecAt(kResult).b[2]} << 16 |
                                                            uint64_t{h.vecAt(kResult).b[3]} << 24
                                                      : h.u64At(kResult);
        EXPECT_EQ(got, want) << "extract 0x" << std::hex << static_cast<int>(op) << " lane " << lane;
        h.checkPreserved({r.a}, Reg(), dst, "extract");
      }
    }
    for (Opcode op : kReplaces) {
      const bool fp = hasFloatLaneOperand(op);
      for (int lane = 0; lane < static_cast<int>(16 / laneBytes(op)); lane++) {
        Harness::Code code;
        std::vector<Reg> ops = {r.a};
        if (fp) ops.push_back(r.b);
        h.compile(code, ops, fp ? Reg() : gpSrc, r.dst, [&](MacroAssembler& m) {
          m.simdReplaceLane(op, r.dst, r.a, fp ? r.b : gpSrc, static_cast<uint8_t>(lane));
        });
        V128 a = in.vector(lane), b = in.vector(lane + 1);
        setVec(h, kOperandA, a);
        setVec(h, kOperandB, b);
        uint64_t x = in.next();
        std::memcpy(h.mem() + kScalar, &x, 8);
        h.run(code);
        if (fp && r.a == r.b) a = b;
        if (fp) x = interp::simd::lane<uint64_t>(b, 0);
        EXPECT_EQ(hexOf(h.vecAt(kResult)), hexOf(interp::oracleReplace(op, a, x, lane)))
            << "replace 0x" << std::hex << static_cast<int>(op) << " lane " << lane << " dst v"
            << int(r.dst.code());
        h.checkPreserved(ops, fp ? Reg() : gpSrc, r.dst, "replace");
      }
    }
  }
}

TEST(MasmA64SimdRun, MemoryOperatorsMatchTheInterpreterInBothBoundsModes) {
  Harness h;
  Inputs in(11);
  const Reg index = x(9);
  for (int i = 0; i < 256; i++) h.mem()[kData + i] = static_cast<uint8_t>(in.next());
  for (BoundsCheck check : {BoundsCheck::Guard, BoundsCheck::Explicit}) {
    for (const VecRegs& r : {kVecRegs[0], kVecRegs[8]}) {
      for (uint64_t offset : {uint64_t{0}, uint64_t{3}, uint64_t{4097}}) {
        const uint64_t at = kData + 17;  // unaligned
        const uint64_t idx = at - (offset > at ? 0 : offset);
        const uint64_t addr = idx + offset;
        for (Opcode op : kLoads) {
          if (op == Opcode::V128Load) continue;
          Harness::Code code;
          h.compile(code, {}, index, r.dst,
                    [&](MacroAssembler& m) { m.loadHeapSimd(op, r.dst, index, offset, check); });
          std::memcpy(h.mem() + kScalar, &idx, 8);
          EXPECT_EQ(h.run(code), -1);
          EXPECT_EQ(hexOf(h.vecAt(kResult)), hexOf(interp::oracleLoad(op, h.mem() + addr)))
              << "load 0x" << std::hex << static_cast<int>(op) << " offset " << offset;
          h.checkPreserved({}, index, r.dst, "load");
        }
        for (Opcode op : kLoadLanes) {
          const uint32_t bytes = laneBytes(op);
          for (uint32_t lane = 0; lane < 16 / bytes; lane += 1 + (bytes == 1)) {
            Harness::Code code;
            h.compile(code, {r.dst}, index, r.dst, [&](MacroAssembler& m) {
              m.loadHeapLane(op, r.dst, index, offset, static_cast<uint8_t>(lane), check);
            });
            V128 a = in.vector(0);
            setVec(h, kOperandA, a);
            std::memcpy(h.mem() + kScalar, &idx, 8);
            EXPECT_EQ(h.run(code), -1);
            std::memcpy(a.b + lane * bytes, h.mem() + addr, bytes);
            EXPECT_EQ(hexOf(h.vecAt(kResult)), hexOf(a))
                << "load lane 0x" << std::hex << static_cast<int>(op) << " lane " << lane;
            h.checkPreserved({}, index, r.dst, "load lane");
          }
        }
        for (Opcode op : kStoreLanes) {
          const uint32_t bytes = laneBytes(op);
          for (uint32_t lane = 0; lane < 16 / bytes; lane += 1 + (bytes == 1)) {
            Harness::Code code;
            h.compile(code, {r.a}, index, Reg(), [&](MacroAssembler& m) {
              m.storeHeapLane(op, r.a, index, offset, static_cast<uint8_t>(lane), check);
            });
            const V128 a = in.vector(0);
            setVec(h, kOperandA, a);
            std::memcpy(h.mem() + kScalar, &idx, 8);
            uint8_t before[32];
            std::memcpy(before, h.mem() + addr - 8, 32);
            EXPECT_EQ(h.run(code), -1);
            uint8_t want[32];
            std::memcpy(want, before, 32);
            std::memcpy(want + 8, a.b + lane * bytes, bytes);
            EXPECT_EQ(std::memcmp(h.mem() + addr - 8, want, 32), 0)
                << "store lane 0x" << std::hex << static_cast<int>(op) << " lane " << lane;
            h.checkPreserved({r.a}, index, Reg(), "store lane");
          }
        }
      }
    }
  }
}

// Explicit checks: the last in-bounds access runs, one byte further traps.
TEST(MasmA64SimdRun, ExplicitChecksTrapJustPastTheEnd) {
  Harness h;
  const Reg index = x(9);
  h.vm().memoryLength = 8192;
  std::vector<std::pair<Opcode, std::function<void(MacroAssembler&, uint64_t)>>> cases;
  for (Opcode op : kLoads) {
    if (op == Opcode::V128Load) continue;
    cases.push_back({op, [op, index](MacroAssembler& m, uint64_t off) {
                       m.loadHeapSimd(op, v(1), index, off, BoundsCheck::Explicit);
                     }});
  }
  for (Opcode op : kLoadLanes) {
    cases.push_back({op, [op, index](MacroAssembler& m, uint64_t off) {
                       m.loadHeapLane(op, v(1), index, off, 1, BoundsCheck::Explicit);
                     }});
  }
  for (Opcode op : kStoreLanes) {
    cases.push_back({op, [op, index](MacroAssembler& m, uint64_t off) {
                       m.storeHeapLane(op, v(1), index, off, 1, BoundsCheck::Explicit);
                     }});
  }
  for (auto& [op, emit] : cases) {
    const bool isLoad = std::find(kLoads.begin(), kLoads.end(), op) != kLoads.end();
    const uint32_t bytes = isLoad ? loadBytes(op) : laneBytes(op);
    for (uint64_t offset : {uint64_t{0}, uint64_t{100}}) {
      Harness::Code code;
      h.compile(code, {}, index, Reg(), [&](MacroAssembler& m) { emit(m, offset); });
      const uint64_t last = 8192 - bytes - offset;
      std::memcpy(h.mem() + kScalar, &last, 8);
      EXPECT_EQ(h.run(code), -1) << "op 0x" << std::hex << static_cast<int>(op);
      const uint64_t past = last + 1;
      std::memcpy(h.mem() + kScalar, &past, 8);
      EXPECT_EQ(h.run(code), static_cast<int>(TrapCode::MemoryOutOfBounds))
          << "op 0x" << std::hex << static_cast<int>(op);
    }
  }
}

}  // namespace
}  // namespace ember

#endif  // __aarch64__
