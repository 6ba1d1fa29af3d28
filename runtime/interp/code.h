// The interpreter's internal code: what the lowering (lowering.h) produces
// once per function and the dispatch loop (interpreter.h) runs.
//
// Instructions are runs of 32-bit words. Word 0 selects the handler: with
// computed goto it is the handler's address as an offset from a base label
// (direct threading, one load and one indirect jump per instruction), with
// the portable switch it is the IOp value. The following words are operands:
// slot indices relative to the frame pointer, 32-bit immediates, or branch
// offsets (relative to the operand word that holds them). Every instruction
// that produces a single value names its destination slot in word 1.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ember {
struct Module;
struct FuncType;
}

namespace ember::interp {

// Control, variable, call, table and bulk-memory instructions (written by
// hand); operand words after the name.
#define EMBER_INTERP_SPECIAL_OPS(X)                                            \
  X(Unreachable, 1)  /* */                                                      \
  X(Br, 2)           /* off */                                                  \
  X(BrIfNez, 3)      /* cond off: branch if the i32 is non-zero */              \
  X(BrIfEqz, 3)      /* cond off */                                             \
  X(BrIfNez64, 3)    /* cond off: i64 / reference */                            \
  X(BrIfEqz64, 3)    /* cond off */                                             \
  X(BrIfAddImmNez, 5) /* dst src imm off: dst = src + imm (i32), branch if != 0 */ \
  X(BrIfAddImmEqz, 5) /* dst src imm off: the same, branch if == 0 */         \
  X(BrIfAndImmNez, 4) /* a imm off: branch if (a & imm) != 0 (i32) */          \
  X(BrIfAndImmEqz, 4) /* a imm off: branch if (a & imm) == 0 */                \
  X(BrIfGlobalNez, 3) /* index off: branch if the i32 global is non-zero */     \
  X(BrIfGlobalEqz, 3) /* index off */                                          \
  X(BrTable, 0)      /* index count off[count + 1]: 4 + count words */          \
  X(Return0, 1)      /* */                                                      \
  X(Return1, 2)      /* src: copies src to slot 0 */                            \
  X(ReturnN, 3)      /* src n: copies slots src.. to 0.. */                     \
  X(Copy, 3)         /* dst src */                                              \
  X(I32AddShl, 5)    /* dst a b shift: a + (b << shift), an address computation */ \
  X(I32MulAdd, 5)    /* dst a b c: a * b + c */                                  \
  X(I64MulAdd, 5)    /* dst a b c */                                             \
  X(I32XorShl, 5)    /* dst a b k: a ^ (b << k) */                               \
  X(I32XorShrU, 5)   /* dst a b k: a ^ (b >> k) */                               \
  X(I64AddShrU, 5)   /* dst a b k: a + (b >> k) */                               \
  X(I32XorRotl, 5)   /* dst a b k: rotl(a ^ b, k) */                             \
  X(I64XorRotl, 5)   /* dst a b k */                                             \
  X(I32ShrUAnd, 5)   /* dst a k mask: (a >> k) & mask */                         \
  X(I64ShrUAnd, 6)   /* dst a k maskLo maskHi */                                 \
  X(Const32, 3)      /* dst imm */                                              \
  X(Const64, 4)      /* dst lo hi */                                            \
  X(Select, 5)       /* dst a b cond */                                         \
  X(GlobalGet, 3)    /* dst index */                                            \
  X(GlobalSet, 3)    /* index src */                                            \
  X(Call, 4)         /* calleeLo calleeHi argBase: a FunctionCode* */           \
  X(CallImport, 3)   /* funcIndex argBase: through VMContext::functions */      \
  X(CallIndirect, 5) /* typeId table index argBase */                           \
  X(MemorySize, 2)   /* dst */                                                  \
  X(MemoryGrow, 3)   /* dst delta */                                            \
  X(MemoryFill, 4)   /* d value n */                                            \
  X(MemoryCopy, 4)   /* d s n */                                                \
  X(MemoryInit, 5)   /* segment d s n */                                        \
  X(DataDrop, 2)     /* segment */                                              \
  X(RefFunc, 3)      /* dst funcIndex */                                        \
  X(TableGet, 4)     /* dst table index */                                      \
  X(TableSet, 4)     /* table index value */                                    \
  X(TableSize, 3)    /* dst table */                                            \
  X(TableGrow, 5)    /* dst table init n */                                     \
  X(TableFill, 5)    /* table i value n */                                      \
  X(TableCopy, 6)    /* dstTable srcTable d s n */                              \
  X(TableInit, 6)    /* segment table d s n */                                  \
  X(ElemDrop, 2)     /* segment */                                            \
  X(CheckEpoch, 1)   /* traps "interrupted" once the epoch reaches the deadline */ \
  X(CheckFuel, 1)    /* takes one unit of fuel, traps "out of fuel" below zero */ \
  EMBER_INTERP_FLOAT_BRANCH_OPS(X)

// A float compare fused with the branch on its result: `a b off`, branch if
// the compare holds (BrIfF64Lt) or does not (BrIfNotF64Lt, which NaN takes).
// Gt and Ge are Lt and Le with the operands swapped, Ne is not-Eq.
#define EMBER_INTERP_FLOAT_BRANCH_OPS(X)                                       \
  X(BrIfF32Eq, 4) X(BrIfNotF32Eq, 4) X(BrIfF32Lt, 4) X(BrIfNotF32Lt, 4)        \
  X(BrIfF32Le, 4) X(BrIfNotF32Le, 4) X(BrIfF64Eq, 4) X(BrIfNotF64Eq, 4)        \
  X(BrIfF64Lt, 4) X(BrIfNotF64Lt, 4) X(BrIfF64Le, 4) X(BrIfNotF64Le, 4)

// The fused instructions above with the operand the removed instruction
// took from acc read from acc too (lowering.cpp, emitFused). They cost ten
// handlers of code for speed, so they come with
// EMBER_INTERP_SUPERINSTRUCTIONS only.
#if EMBER_INTERP_SUPERINSTRUCTIONS
#define EMBER_INTERP_FUSED_ACC_OPS(X)                                          \
  X(I32AddShlAcc, 5)  /* dst a - shift: a + (acc << shift) */                  \
  X(I32MulAddAcc, 5)  /* dst - b c: acc * b + c */                             \
  X(I64MulAddAcc, 5)  /* dst - b c */                                          \
  X(I32XorShlAcc, 5)  /* dst a - k: a ^ (acc << k) */                          \
  X(I32XorShrUAcc, 5) /* dst a - k: a ^ (acc >> k) */                          \
  X(I64AddShrUAcc, 5) /* dst a - k: a + (acc >> k) */                          \
  X(I32XorRotlAcc, 5) /* dst - b k: rotl(acc ^ b, k) */                        \
  X(I64XorRotlAcc, 5) /* dst - b k */                                          \
  X(I32ShrUAndAcc, 5) /* dst - k mask: (acc >> k) & mask */                    \
  X(I64ShrUAndAcc, 6) /* dst - k maskLo maskHi */
#else
#define EMBER_INTERP_FUSED_ACC_OPS(X)
#endif

// More super-instructions that cost handlers for speed
// (EMBER_INTERP_SUPERINSTRUCTIONS only).
#if EMBER_INTERP_SUPERINSTRUCTIONS
#define EMBER_INTERP_SUPER_OPS(X)                                              \
  X(I64AddLtU, 5)     /* dst a b c: c + (a <u b), a multi-word add's carry */  \
  X(I32AddLoad, 6)    /* dst x addr add offset: x + the i32 at (u32)(addr + add) + offset */ \
  X(I64AddLoad, 6)    /* dst x addr add offset */                              \
  X(F32AddLoad, 6)    /* dst x addr add offset: x + the f32 there */          \
  X(F32MulLoad, 6)    /* dst x addr add offset: x * the f32 there */          \
  X(F64AddLoad, 6)    /* dst x addr add offset */                              \
  X(F64MulLoad, 6)    /* dst x addr add offset (dot products) */               \
  X(I32MulLoad, 6)    /* dst x addr add offset: x * the i32 there */           \
  X(I32MulLoadAdd, 7) /* dst x addr add offset c: x * the i32 there + c */     \
  X(I32AndNot, 4)     /* dst a b: a & ~b (masks, constant-time selects) */     \
  X(I64AndNot, 4)     /* dst a b */                                            \
  X(I32RSubImm, 4)    /* dst a imm: imm - a */                                 \
  X(I64RSubImm, 5)    /* dst a lo hi */                                        \
  X(I32RShlImm, 4)    /* dst a imm: imm << a (a bit of a mask: 1 << n) */      \
  X(I64RShlImm, 5)    /* dst a lo hi */                                        \
  X(I32AddLtUImm, 5)  /* dst x k n: (u32)(x + k) < n, a range check          \
                         ('a' <= c && c <= 'z' is c + -97 < 26) */            \
  X(I32AddLtUImmAcc, 5) /* dst - k n: (u32)(acc + k) < n */                    \
  X(BrIfStepI32LtUImm, 6) /* a src step b off: a = src + step (a slot) is   \
                             written, branch if a <u b (a strided loop) */   \
  X(BrIfStepI32GeUImm, 6) /* a src step b off: the same, branch if a >=u b */ \
  X(BrIfStepI32LtSImm, 6) /* a src step b off: signed */                     \
  X(BrIfStepI32GeSImm, 6) /* a src step b off */                             \
  X(I32AddShrUImm, 5) /* dst x k s: (x + k) >> s (constant-time compares:   \
                         the sign of x - c moved to the low bits) */          \
  X(I32AddAnd, 5)     /* dst x k y: (x + k) & y (constant-time selects) */    \
  X(I32AddXorRotl, 7) /* dst z s a b k: s = a + b is written, then           \
                         dst = rotl(z ^ s, k) (a ChaCha or BLAKE round step) */ \
  X(I32AddXorRotlAcc, 7) /* dst z s - b k: s = acc + b, the same */           \
  X(I32LoadStore, 7)  /* src add offset dst add offset: the 4 bytes at       \
                         (u32)(src + add) + offset copied to (u32)(dst + add) + \
                         offset (a struct field, a global); a trap in the     \
                         store is reported from word 4 */                     \
  X(I64LoadStore, 7)  /* src add offset dst add offset: 8 bytes */            \
  X(BrIfLoad8UNez, 5) /* addr add offset off: branch if the byte at          \
                         (u32)(addr + add) + offset is not zero (a string's end) */ \
  X(BrIfLoad8UEqz, 5) /* addr add offset off: ... is zero */                  \
  X(BrIfLoadNez, 5)   /* addr add offset off: the i32 there (a null pointer) */ \
  X(BrIfLoadEqz, 5)   /* addr add offset off */                               \
  X(I32DivUConst, 6)  /* dst a d mLo mHi: a / d for d >= 2, by multiplying by \
                         m = ceil(2^64 / d) (numeric.h, divUByMagic32) */      \
  X(I32RemUConst, 6)  /* dst a d mLo mHi: a % d */                             \
  X(I32DivUConstAcc, 6) /* dst - d mLo mHi: acc / d */                         \
  X(I32RemUConstAcc, 6) /* dst - d mLo mHi: acc % d */                         \
  X(I128MulStore, 7)  /* out add aLo aHi bLo bHi: (aHi:aLo) * (bHi:bLo), high  \
                         half stored at (u32)(out + add) + 8, then low half at \
                         (u32)(out + add) (wide_multiply.h) */
#else
#define EMBER_INTERP_SUPER_OPS(X)
#endif

// Hand-written SIMD instructions (the rest are in simd_ops.def). A v128
// occupies two consecutive slots; operands name the first.
#define EMBER_INTERP_SIMD_SPECIAL_OPS(X)                                              \
  X(Copy128, 3)          /* dst src */                                                \
  X(V128Const, 6)        /* dst w0 w1 w2 w3 */                                        \
  X(Select128, 5)        /* dst a b cond */                                           \
  X(GlobalGet128, 3)     /* dst index */                                              \
  X(GlobalSet128, 3)     /* index src */                                              \
  X(V128Store, 5)        /* addr value add offset */                                  \
  X(I8x16Shuffle, 8)     /* dst a b lanes[4 words] */                                 \
  X(I32x4Shuffle, 8)     /* dst a b lanes[4]: 32-bit lanes, each rotated (simd.h) */  \
  X(I32x4RotrImm, 5)     /* dst a bits 32-bits: each 32-bit lane rotated right */     \
  X(I64x2RotrImm, 5)     /* dst a bits 64-bits: each 64-bit lane rotated right */     \
  X(CallImportWide, 5)   /* funcIndex argBase typeLo typeHi: v128 in the signature */ \
  X(CallIndirectWide, 7) /* typeId table index argBase typeLo typeHi */

enum class IOp : uint16_t {
#define EMBER_X(Name, words) Name,
  EMBER_INTERP_SPECIAL_OPS(EMBER_X)
  EMBER_INTERP_FUSED_ACC_OPS(EMBER_X)
  EMBER_INTERP_SUPER_OPS(EMBER_X)
#define EMBER_ICMP(Name, T, expr, Inverse) \
  Name, Name##Imm, BrIf##Name, BrIf##Name##Imm, EMBER_ADD_BRANCHES_##T(Name)
#define EMBER_ADD_BRANCHES_U32(Name) BrIfAdd##Name, BrIfAdd##Name##Imm,
#define EMBER_ADD_BRANCHES_U64(Name)
#define EMBER_IBIN_I(Name, T, expr) Name, Name##Imm, Name##Acc, Name##ImmAcc,
#define EMBER_IBIN(Name, T, expr) Name,
#define EMBER_ITRAPBIN(Name, T, fn) Name, Name##Imm,
#define EMBER_IUN(Name, T, expr) Name,
#define EMBER_ITRAPUN(Name, T, Out, fn) Name,
#define EMBER_ILOAD(Name, MemT, expr) Name, Name##Idx,
#define EMBER_ISTORE(Name, T, MemT) Name, Name##Imm, Name##Idx,
#include "runtime/interp/ops.def"
  EMBER_INTERP_SIMD_SPECIAL_OPS(EMBER_X)
#define EMBER_V1(Name, expr) Name,
#define EMBER_V2(Name, expr) Name,
#define EMBER_V3(Name, expr) Name,
#define EMBER_VTEST(Name, expr) Name,
#define EMBER_VSHIFT(Name, expr) Name, Name##Imm,
#define EMBER_VSPLAT(Name, expr) Name,
#define EMBER_VEXTRACT(Name, expr) Name,
#define EMBER_VREPLACE(Name, T) Name,
#define EMBER_VLOAD(Name, bytes, expr) Name,
#define EMBER_VLOADLANE(Name, T) Name,
#define EMBER_VSTORELANE(Name, T) Name,
#include "runtime/interp/simd_ops.def"
#undef EMBER_X
  Count_
};

constexpr uint32_t kIOpCount = static_cast<uint32_t>(IOp::Count_);
// The SIMD instructions come last, from Copy128 on: a build without SIMD
// (EMBER_SIMD=OFF) has no handler table entries for them.
constexpr uint32_t kScalarIOpCount = static_cast<uint32_t>(IOp::Copy128);

struct ModuleCode;

// One defined function, lowered. The frame is `frameSlots` 8-byte slots:
// parameters, then declared locals (zeroed on entry), then the operand
// stack; results are returned in the first `resultCount` slots. A v128
// value (parameter, local, operand or result) takes two consecutive slots.
struct FunctionCode {
  std::vector<uint32_t> words;
  // Where each run of words came from: (first word, module byte offset of
  // the operator that emitted it), in word order. For trap backtraces.
  std::vector<std::pair<uint32_t, uint32_t>> wasmOffsets;
  uint32_t funcIndex = 0;   // function index space of the module
  uint32_t paramSlots = 0;
  uint32_t localSlots = 0;  // parameters + declared locals
  uint32_t frameSlots = 0;  // locals + maximum operand stack height
  uint32_t resultCount = 0;  // slots
  // The signature when it has a v128 (whose cells then do not map one to
  // one onto slots); nullptr otherwise.
  const FuncType* wideSignature = nullptr;
  const ModuleCode* module = nullptr;

#if EMBER_INTERP_SUPERINSTRUCTIONS  // inlining.h comes with them
  // Whether calls to this function may run a copy of its code instead
  // (inlining.h): the words before its final return, and that return's
  // source slot. Code with branches also lists the parameters and declared
  // locals it writes anywhere (a copy gives them slots of their own first).
  // Each instruction's length and slot operands are kept, decoded once.
  static constexpr uint32_t kNoSlot = 0xFFFFFFFFu;
  struct InlineStep {
    uint32_t words;
    uint32_t reads;   // bit k: operand word k names a slot read
    uint32_t writes;  // ... a slot written
  };
  struct InlineBody {
    bool inlinable = false;
    bool straightLine = true;
    uint32_t words = 0;
    uint32_t resultSlot = kNoSlot;
    std::vector<uint32_t> writtenLocals;
    std::vector<InlineStep> steps;
  } inlineBody;
  // The calls inlined into this function, by first word (an enclosing
  // call before those inlined into its callee): words [first, end) run
  // `callee`'s code, its word k at first + k. A trap there is reported in
  // the callee's frame (and those of the calls enclosing it), then this
  // one's at the call.
  static constexpr uint32_t kNoParent = 0xFFFFFFFFu;
  struct InlinedCall {
    uint32_t first;
    uint32_t end;
    const FunctionCode* callee;
    uint32_t parent = kNoParent;  // index of the enclosing inlined call
  };
  std::vector<InlinedCall> inlinedCalls;
  // Lowered to one I128MulStore (wide_multiply.h).
  bool wideMultiply = false;
#endif

  const uint32_t* entry() const { return words.data(); }
  // The module byte offset of the operator that emitted word `word`, or
  // UINT32_MAX when unknown.
  uint32_t wasmOffsetAt(uint32_t word) const;
#if EMBER_INTERP_SUPERINSTRUCTIONS
  // The innermost inlined call whose code holds word `word`, or nullptr;
  // `parent` leads to those enclosing it.
  const InlinedCall* inlinedCallAt(uint32_t word) const;
#endif
};

// All lowered functions of one module; shared by every instance of it.
struct ModuleCode {
  const Module* module = nullptr;      // for names in backtraces
  std::vector<FunctionCode> functions;  // defined functions, in order
};

// The handler token of an instruction (word 0), as the dispatch loop
// expects it in this build.
uint32_t opToken(IOp op);

// Instruction names and a listing of a function's code, for tests and
// debugging ("12: I32AddImm s5 s2 #1").
const char* iopName(IOp op);
std::string disassemble(const FunctionCode& func);

}  // namespace ember::interp
