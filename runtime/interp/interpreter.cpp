#include "runtime/interp/interpreter.h"

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <cstring>
#include <new>
#include <span>

#include "abi/builtin_ids.h"
#include "runtime/bulk_pieces.h"
#include "runtime/format/types.h"
#include "runtime/interp/numeric.h"
#include "runtime/interp/op_profile.h"
#include "runtime/interp/simd.h"
#include "runtime/zeroed_allocation.h"

// Direct threading through computed goto where the compiler has it (GCC,
// Clang); a switch elsewhere, or when EMBER_INTERP_SWITCH is defined. The
// profiling build (op_profile.h) uses the switch, whose tokens are IOps.
#if defined(__GNUC__) && !defined(EMBER_INTERP_SWITCH) && !defined(EMBER_INTERP_PROFILE)
#define EMBER_THREADED 1
#else
#define EMBER_THREADED 0
#endif

namespace ember::interp {
namespace {

using U32 = uint32_t;
using U64 = uint64_t;
using F32 = float;
using F64 = double;

// Slots hold raw bits; 32-bit values sit zero-extended in the low half.
template <typename T>
inline T get(uint64_t slot) {
  if constexpr (std::is_same_v<T, uint32_t>) return static_cast<uint32_t>(slot);
  else if constexpr (std::is_same_v<T, uint64_t>) return slot;
  else if constexpr (std::is_same_v<T, float>) return f32FromBits(static_cast<uint32_t>(slot));
  else return f64FromBits(slot);
}
inline void put(uint64_t& slot, bool v) { slot = v ? 1 : 0; }
inline void put(uint64_t& slot, uint32_t v) { slot = v; }
inline void put(uint64_t& slot, uint64_t v) { slot = v; }
inline void put(uint64_t& slot, float v) { slot = bitsOf(v); }
inline void put(uint64_t& slot, double v) { slot = bitsOf(v); }
template <typename I>
inline void putInt(uint64_t& slot, I v) {
  if constexpr (sizeof(I) == 4) slot = static_cast<uint32_t>(v);
  else slot = static_cast<uint64_t>(v);
}
// Immediates take one word for 32-bit operators, two (low first) for
// 64-bit ones.
template <typename T>
constexpr uint32_t kImmWords = sizeof(T) / 4;
template <typename T>
inline T imm(const uint32_t* words) {
  if constexpr (std::is_same_v<T, uint32_t>) return words[0];
  else return words[0] | (static_cast<uint64_t>(words[1]) << 32);
}
inline void* toPtr(uint64_t bits) { return reinterpret_cast<void*>(static_cast<uintptr_t>(bits)); }
inline uint64_t fromPtr(const void* p) { return reinterpret_cast<uintptr_t>(p); }

// The instructions with a handler of their own; the tokens of the others
// (SIMD in a build without it) are `unreachable`'s.
constexpr uint32_t kHandlerCount = EMBER_HAVE_SIMD ? kIOpCount : kScalarIOpCount;
int32_t gTokens[kHandlerCount];

// Values of the given types between cells (one each) and slots (two for a
// v128, one otherwise).
void slotsToCells(std::span<const ValType> types, const uint64_t* slots, ValueCell* cells) {
  for (ValType t : types) {
    *cells++ = ValueCell{slots[0], t == ValType::V128 ? slots[1] : 0};
    slots += t == ValType::V128 ? 2 : 1;
  }
}
void cellsToSlots(std::span<const ValType> types, const ValueCell* cells, uint64_t* slots) {
  for (ValType t : types) {
    slots[0] = cells->lo;
    if (t == ValType::V128) slots[1] = cells->hi;
    slots += t == ValType::V128 ? 2 : 1;
    ++cells;
  }
}

}  // namespace

Machine::Machine(uint32_t maxCallDepth, size_t stackSlots, size_t wasmStackSlots)
    : wasmStackSlots_(wasmStackSlots), maxDepth_(maxCallDepth) {
  // Zeroed allocation: on POSIX, fresh zero pages touched only as used.
  stack_ = static_cast<uint64_t*>(allocateZeroed(stackSlots, sizeof(uint64_t)));
  stackEnd_ = stack_ ? stack_ + stackSlots : nullptr;
  allocEnd_ = stackEnd_;
  top_ = stack_;
  frames_.reset(new (std::nothrow) Frame[maxCallDepth + 1]);
}

Machine::~Machine() { freeZeroed(stack_); }

// The dispatch loop. Registers: pc (next instruction), fp (frame), ctx
// (instance), memBase/memSize (memory 0, reloaded after anything that may
// grow it). With `m == nullptr` it only fills the handler token table.
bool execute(Machine* m, VMContext* ctx, const FunctionCode* func, uint64_t* fp) {
#if EMBER_THREADED
  // Handler offsets from the first handler: 4 bytes each and, unlike a
  // table of label addresses, no load-time relocation each in a PIE.
  // Without SIMD (EMBER_SIMD=OFF) the validator refuses v128 operators, so
  // their handlers and their entries are left out (kHandlerCount).
  // One entry list per operator family, as in code.h:
  // clang-format off
#define LABEL(Name) \
  static_cast<int32_t>(static_cast<const char*>(&&L_##Name) - static_cast<const char*>(&&L_Unreachable))
  static const int32_t kLabelOffsets[] = {
#define EMBER_X(Name, words) LABEL(Name),
      EMBER_INTERP_SPECIAL_OPS(EMBER_X)
      EMBER_INTERP_FUSED_ACC_OPS(EMBER_X)
      EMBER_INTERP_SUPER_OPS(EMBER_X)
#undef EMBER_X
#define EMBER_ICMP(Name, T, expr, Inverse) \
  LABEL(Name), LABEL(Name##Imm), LABEL(BrIf##Name), LABEL(BrIf##Name##Imm), EMBER_ADD_BRANCHES_##T(Name)
#define EMBER_ADD_BRANCHES_U32(Name) LABEL(BrIfAdd##Name), LABEL(BrIfAdd##Name##Imm),
#define EMBER_ADD_BRANCHES_U64(Name)
#define EMBER_IBIN_I(Name, T, expr) LABEL(Name), LABEL(Name##Imm), LABEL(Name##Acc), LABEL(Name##ImmAcc),
#define EMBER_IBIN(Name, T, expr) LABEL(Name),
#define EMBER_ITRAPBIN(Name, T, fn) LABEL(Name), LABEL(Name##Imm),
#define EMBER_IUN(Name, T, expr) LABEL(Name),
#define EMBER_ITRAPUN(Name, T, Out, fn) LABEL(Name),
#define EMBER_ILOAD(Name, MemT, expr) LABEL(Name), LABEL(Name##Idx),
#define EMBER_ISTORE(Name, T, MemT) LABEL(Name), LABEL(Name##Imm), LABEL(Name##Idx),
#include "runtime/interp/ops.def"
#if EMBER_HAVE_SIMD
#define EMBER_X(Name, words) LABEL(Name),
      EMBER_INTERP_SIMD_SPECIAL_OPS(EMBER_X)
#undef EMBER_X
#define EMBER_V1(Name, expr) LABEL(Name),
#define EMBER_V2(Name, expr) LABEL(Name),
#define EMBER_V3(Name, expr) LABEL(Name),
#define EMBER_VTEST(Name, expr) LABEL(Name),
#define EMBER_VSHIFT(Name, expr) LABEL(Name), LABEL(Name##Imm),
#define EMBER_VSPLAT(Name, expr) LABEL(Name),
#define EMBER_VEXTRACT(Name, expr) LABEL(Name),
#define EMBER_VREPLACE(Name, T) LABEL(Name),
#define EMBER_VLOAD(Name, bytes, expr) LABEL(Name),
#define EMBER_VLOADLANE(Name, T) LABEL(Name),
#define EMBER_VSTORELANE(Name, T) LABEL(Name),
#include "runtime/interp/simd_ops.def"
#endif
  };
#undef LABEL
  // clang-format on
  static_assert(sizeof(kLabelOffsets) / sizeof(kLabelOffsets[0]) == kHandlerCount);
  const char* const base = static_cast<const char*>(&&L_Unreachable);
  if (!m) {
    std::memcpy(gTokens, kLabelOffsets, sizeof gTokens);
    return true;
  }
#define OP(Name) L_##Name:
// SIMD handlers: marked cold so that the register allocator keeps serving
// the scalar handlers and the call paths first (they then cost nothing in
// code without v128). Clang takes the attribute on functions only.
#if defined(__clang__)
#define VOP(Name) L_##Name:
#else
#define VOP(Name) L_##Name: __attribute__((cold));
#endif
#define DISPATCH() goto* static_cast<const void*>(base + static_cast<int32_t>(*pc))
#else
  if (!m) {
    for (uint32_t i = 0; i < kHandlerCount; ++i) gTokens[i] = static_cast<int32_t>(i);
    return true;
  }
#define OP(Name) case IOp::Name:
#define VOP(Name) case IOp::Name:
#define DISPATCH() goto dispatch
#endif
#define NEXT(n) \
  do {          \
    pc += (n);  \
    DISPATCH(); \
  } while (0)
#define JUMP_REL(k)                                                          \
  do {                                                                       \
    pc += static_cast<ptrdiff_t>(k) + static_cast<int32_t>(pc[k]);            \
    DISPATCH();                                                              \
  } while (0)
#define TRAP(code)              \
  do {                          \
    trapCode = TrapCode::code;  \
    goto trap;                  \
  } while (0)
#define SLOT(n) fp[pc[n]]

  Frame* const frames = m->frames_.get();
  const uint32_t maxDepth = m->maxDepth_;
  uint64_t* const stackEnd = m->stackEnd_;
  const uint32_t entryDepth = m->depth_ + 1;
  uint32_t depth = entryDepth;
  const uint32_t* pc = func->entry();
  // The running function of each depth is frames[depth].func, written at
  // the call and read only where needed (host calls, traps): not keeping it
  // in a variable leaves one more register to the handlers.
  frames[depth].func = func;
  uint8_t* memBase = ctx->memoryBase;
  uint64_t memSize = ctx->memory->length;
  TrapCode trapCode = TrapCode::Unreachable;
  uint64_t acc = 0;  // the last arithmetic or loaded value (EMBER_IBIN_I)
  // Call operands, shared by the call paths below.
  const FunctionCode* callee = nullptr;
  const VMFunction* target = nullptr;
  uint32_t argBase = 0;
  const uint32_t* retPc = nullptr;
#if EMBER_HAVE_SIMD
  const FuncType* wideSig = nullptr;  // a host call's signature with a v128
#endif
  using namespace simd;  // the expressions of simd_ops.def

#if EMBER_THREADED
  DISPATCH();
#else
dispatch:
#ifdef EMBER_INTERP_PROFILE
  profileInstruction(frames[depth].func, pc);
#endif
  switch (static_cast<IOp>(*pc)) {
#endif

  // --- Control ------------------------------------------------------------------
  OP(Unreachable) TRAP(Unreachable);
  OP(Br) JUMP_REL(1);
  OP(BrIfNez) {
    if (static_cast<uint32_t>(SLOT(1)) != 0) JUMP_REL(2);
    NEXT(3);
  }
  OP(BrIfEqz) {
    if (static_cast<uint32_t>(SLOT(1)) == 0) JUMP_REL(2);
    NEXT(3);
  }
  OP(BrIfNez64) {
    if (SLOT(1) != 0) JUMP_REL(2);
    NEXT(3);
  }
  OP(BrIfEqz64) {
    if (SLOT(1) == 0) JUMP_REL(2);
    NEXT(3);
  }
  // A loop counter's update and test in one (`i32.add`/`sub` with a
  // constant, then `br_if` on the result).
  OP(BrIfAddImmNez) {
    uint32_t v = static_cast<uint32_t>(SLOT(2)) + pc[3];
    SLOT(1) = v;
    if (v != 0) JUMP_REL(4);
    NEXT(5);
  }
  OP(BrIfAddImmEqz) {
    uint32_t v = static_cast<uint32_t>(SLOT(2)) + pc[3];
    SLOT(1) = v;
    if (v == 0) JUMP_REL(4);
    NEXT(5);
  }
  // A flag test (`i32.and` with a constant, then a branch on the result).
  OP(BrIfAndImmNez) {
    if ((static_cast<uint32_t>(SLOT(1)) & pc[2]) != 0) JUMP_REL(3);
    NEXT(4);
  }
  OP(BrIfAndImmEqz) {
    if ((static_cast<uint32_t>(SLOT(1)) & pc[2]) == 0) JUMP_REL(3);
    NEXT(4);
  }
  // A global (a flag the program polls) tested by a branch.
  OP(BrIfGlobalNez) {
    if (static_cast<uint32_t>(ctx->globals[pc[1]]->value.lo) != 0) JUMP_REL(2);
    NEXT(3);
  }
  OP(BrIfGlobalEqz) {
    if (static_cast<uint32_t>(ctx->globals[pc[1]]->value.lo) == 0) JUMP_REL(2);
    NEXT(3);
  }
#define EMBER_FLOAT_BRANCH(Name, T, expr) \
  OP(BrIf##Name) {                        \
    T a = get<T>(SLOT(1));                \
    T b = get<T>(SLOT(2));                \
    if (expr) JUMP_REL(3);                \
    NEXT(4);                              \
  }                                       \
  OP(BrIfNot##Name) {                     \
    T a = get<T>(SLOT(1));                \
    T b = get<T>(SLOT(2));                \
    if (!(expr)) JUMP_REL(3);             \
    NEXT(4);                              \
  }
  EMBER_FLOAT_BRANCH(F32Eq, F32, a == b)
  EMBER_FLOAT_BRANCH(F32Lt, F32, a < b)
  EMBER_FLOAT_BRANCH(F32Le, F32, a <= b)
  EMBER_FLOAT_BRANCH(F64Eq, F64, a == b)
  EMBER_FLOAT_BRANCH(F64Lt, F64, a < b)
  EMBER_FLOAT_BRANCH(F64Le, F64, a <= b)
#undef EMBER_FLOAT_BRANCH
  OP(BrTable) {
    uint32_t i = static_cast<uint32_t>(SLOT(1));
    uint32_t n = pc[2];
    JUMP_REL(3 + (i < n ? i : n));
  }
  OP(Return0) goto doReturn;
  OP(Return1) {
    fp[0] = SLOT(1);
    goto doReturn;
  }
  OP(ReturnN) {
    const uint32_t src = pc[1], n = pc[2];
    for (uint32_t i = 0; i < n; ++i) fp[i] = fp[src + i];
    goto doReturn;
  }

  // --- Variables ----------------------------------------------------------------
  OP(Copy) {
    SLOT(1) = SLOT(2);
    NEXT(3);
  }
  // Fused arithmetic (lowering.cpp, fuseWithLast) reads operands a and b
  // from words 2 and 3 (a bit field only a); its Acc form (code.h) takes
  // the one the removed instruction read from `acc` from there instead.
#define EMBER_FUSED_FORM(Label, words, aFrom, bFrom, expr) \
  OP(Label) {                                              \
    const uint64_t a = (aFrom), b = (bFrom);               \
    (void)b;                                               \
    acc = (expr);                                          \
    SLOT(1) = acc;                                         \
    NEXT(words);                                           \
  }
#if EMBER_INTERP_SUPERINSTRUCTIONS
#define EMBER_FUSED_ACC_FORM(...) EMBER_FUSED_FORM(__VA_ARGS__)
#else
#define EMBER_FUSED_ACC_FORM(...)
#endif
#define EMBER_FUSED(Name, words, accIsA, expr)                                          \
  EMBER_FUSED_FORM(Name, words, SLOT(2), SLOT(3), expr)                                 \
  EMBER_FUSED_ACC_FORM(Name##Acc, words, (accIsA) ? acc : SLOT(2), (accIsA) ? SLOT(3) : acc, expr)
  // The bit fields have one operand; word 3 is the shift count.
#define EMBER_FUSED_FIELD(Name, words, expr)      \
  EMBER_FUSED_FORM(Name, words, SLOT(2), 0, expr) \
  EMBER_FUSED_ACC_FORM(Name##Acc, words, acc, 0, expr)
#define U32(x) static_cast<uint32_t>(x)
  EMBER_FUSED(I32AddShl, 5, false, U32(U32(a) + (U32(b) << pc[4])))
  EMBER_FUSED(I32MulAdd, 5, true, U32(U32(a) * U32(b) + U32(SLOT(4))))
  EMBER_FUSED(I64MulAdd, 5, true, a * b + SLOT(4))
  EMBER_FUSED(I32XorShl, 5, false, U32(U32(a) ^ (U32(b) << pc[4])))
  EMBER_FUSED(I32XorShrU, 5, false, U32(a) ^ (U32(b) >> pc[4]))
  EMBER_FUSED(I64AddShrU, 5, false, a + (b >> pc[4]))
  EMBER_FUSED(I32XorRotl, 5, true, rotl32(U32(a) ^ U32(b), pc[4]))
  EMBER_FUSED(I64XorRotl, 5, true, rotl64(a ^ b, pc[4]))
  EMBER_FUSED_FIELD(I32ShrUAnd, 5, (U32(a) >> pc[3]) & pc[4])
  EMBER_FUSED_FIELD(I64ShrUAnd, 6, (a >> pc[3]) & imm<U64>(pc + 4))
#if EMBER_INTERP_SUPERINSTRUCTIONS
  EMBER_FUSED_FORM(I64AddLtU, 5, SLOT(2), SLOT(3), SLOT(4) + uint64_t{a < b})
  EMBER_FUSED_FORM(I32AndNot, 4, SLOT(2), SLOT(3), U32(a & ~b))
  EMBER_FUSED_FORM(I64AndNot, 4, SLOT(2), SLOT(3), a & ~b)
  EMBER_FUSED_FORM(I32RSubImm, 4, SLOT(2), pc[3], U32(b - a))
  EMBER_FUSED_FORM(I64RSubImm, 5, SLOT(2), imm<U64>(pc + 3), b - a)
  EMBER_FUSED_FORM(I32RShlImm, 4, SLOT(2), pc[3], U32(U32(b) << (a & 31)))
  EMBER_FUSED_FORM(I64RShlImm, 5, SLOT(2), imm<U64>(pc + 3), b << (a & 63))
  EMBER_FUSED_FORM(I32AddLtUImm, 5, SLOT(2), 0, uint64_t{U32(U32(a) + pc[3]) < pc[4]})
  EMBER_FUSED_FORM(I32AddLtUImmAcc, 5, acc, 0, uint64_t{U32(U32(a) + pc[3]) < pc[4]})
  EMBER_FUSED_FORM(I32AddShrUImm, 5, SLOT(2), 0, U32(U32(a) + pc[3]) >> (pc[4] & 31))
  EMBER_FUSED_FORM(I32AddAnd, 5, SLOT(2), SLOT(4), U32(U32(a) + pc[3]) & U32(b))
  EMBER_FUSED_FORM(I32DivUConst, 6, SLOT(2), 0, divUByMagic32(U32(a), imm<U64>(pc + 4)))
  EMBER_FUSED_FORM(I32RemUConst, 6, SLOT(2), 0, remUByMagic32(U32(a), imm<U64>(pc + 4), pc[3]))
  EMBER_FUSED_FORM(I32DivUConstAcc, 6, acc, 0, divUByMagic32(U32(a), imm<U64>(pc + 4)))
  EMBER_FUSED_FORM(I32RemUConstAcc, 6, acc, 0, remUByMagic32(U32(a), imm<U64>(pc + 4), pc[3]))
#endif
#undef U32
#undef EMBER_FUSED_FIELD
#undef EMBER_FUSED
#undef EMBER_FUSED_ACC_FORM
#undef EMBER_FUSED_FORM
  OP(Const32) {
    SLOT(1) = pc[2];
    NEXT(3);
  }
  OP(Const64) {
    SLOT(1) = pc[2] | (static_cast<uint64_t>(pc[3]) << 32);
    NEXT(4);
  }
  OP(Select) {
    SLOT(1) = static_cast<uint32_t>(SLOT(4)) ? SLOT(2) : SLOT(3);
    NEXT(5);
  }
  OP(GlobalGet) {
    SLOT(1) = ctx->globals[pc[2]]->value.lo;
    NEXT(3);
  }
  OP(GlobalSet) {
    ctx->globals[pc[1]]->value.lo = SLOT(2);
    NEXT(3);
  }

  // --- Calls ----------------------------------------------------------------------
  OP(Call) {
    callee = reinterpret_cast<const FunctionCode*>(
        static_cast<uintptr_t>(pc[1] | (static_cast<uint64_t>(pc[2]) << 32)));
    argBase = pc[3];
    retPc = pc + 4;
    goto callSameInstance;
  }
  OP(CallImport) {
    target = ctx->functions[pc[1]];
    argBase = pc[2];
    retPc = pc + 3;
    goto callFunction;
  }
  OP(CallIndirect) {
    const VMTable* table = ctx->tables[pc[2]];
    uint32_t i = static_cast<uint32_t>(SLOT(3));
    if (i >= table->size) TRAP(UndefinedElement);
    target = static_cast<const VMFunction*>(table->elements[i]);
    if (!target) TRAP(UninitializedElement);
    if (target->typeId != pc[1]) TRAP(IndirectCallTypeMismatch);
    argBase = pc[4];
    retPc = pc + 5;
    goto callFunction;
  }

  // --- Memory ------------------------------------------------------------------------
  // `T v` read from (u32)(SLOT(w) + pc[w + 1]) + pc[w + 2]: the operands of
  // every plain load, fused or not (`addr add offset` at word w).
#define EMBER_LOAD_AT(T, v, w)                                                                 \
  T v;                                                                                         \
  {                                                                                            \
    uint64_t ea = static_cast<uint64_t>(static_cast<uint32_t>(SLOT(w)) + pc[(w) + 1]) + pc[(w) + 2]; \
    if (ea + sizeof(T) > memSize) TRAP(MemoryOutOfBounds);                                     \
    std::memcpy(&v, memBase + ea, sizeof v);                                                   \
  }
#define EMBER_ILOAD(Name, MemT, expr)                                   \
  OP(Name) {                                                            \
    EMBER_LOAD_AT(MemT, v, 2)                                           \
    acc = (expr);                                                       \
    SLOT(1) = acc;                                                      \
    NEXT(5);                                                            \
  }                                                                     \
  OP(Name##Idx) { /* dst base index shift offset */                    \
    uint64_t ea = static_cast<uint64_t>(static_cast<uint32_t>(SLOT(2)) + \
                                        (static_cast<uint32_t>(SLOT(3)) << pc[4])) + pc[5]; \
    if (ea + sizeof(MemT) > memSize) TRAP(MemoryOutOfBounds);           \
    MemT v;                                                             \
    std::memcpy(&v, memBase + ea, sizeof v);                            \
    acc = (expr);                                                       \
    SLOT(1) = acc;                                                      \
    NEXT(6);                                                            \
  }
#define EMBER_ISTORE(Name, T, MemT)                                     \
  OP(Name) {                                                            \
    uint64_t ea = static_cast<uint64_t>(static_cast<uint32_t>(SLOT(1)) + pc[3]) + pc[4]; \
    if (ea + sizeof(MemT) > memSize) TRAP(MemoryOutOfBounds);           \
    MemT v = static_cast<MemT>(get<T>(SLOT(2)));                        \
    std::memcpy(memBase + ea, &v, sizeof v);                            \
    NEXT(5);                                                            \
  }                                                                     \
  OP(Name##Imm) { /* addr imm add offset */                            \
    constexpr uint32_t w = kImmWords<T>;                                \
    uint64_t ea = static_cast<uint64_t>(static_cast<uint32_t>(SLOT(1)) + pc[2 + w]) + pc[3 + w]; \
    if (ea + sizeof(MemT) > memSize) TRAP(MemoryOutOfBounds);           \
    MemT v = static_cast<MemT>(imm<T>(pc + 2));                         \
    std::memcpy(memBase + ea, &v, sizeof v);                            \
    NEXT(4 + w);                                                        \
  }                                                                     \
  OP(Name##Idx) { /* base index shift value offset */                  \
    uint64_t ea = static_cast<uint64_t>(static_cast<uint32_t>(SLOT(1)) + \
                                        (static_cast<uint32_t>(SLOT(2)) << pc[3])) + pc[5]; \
    if (ea + sizeof(MemT) > memSize) TRAP(MemoryOutOfBounds);           \
    MemT v = static_cast<MemT>(get<T>(SLOT(4)));                        \
    std::memcpy(memBase + ea, &v, sizeof v);                            \
    NEXT(6);                                                            \
  }
#include "runtime/interp/ops.def"

#if EMBER_INTERP_SUPERINSTRUCTIONS
  // x op a load (lowering.cpp, fuseLoadInto): `dst x addr add offset`,
  // then any further operand.
#define EMBER_OP_LOAD(Name, T, words, expr)                                                \
  OP(Name) {                                                                               \
    EMBER_LOAD_AT(T, v, 3)                                                                 \
    const T x = get<T>(SLOT(2));                                                           \
    if constexpr (std::is_integral_v<T>) {                                                 \
      put(acc, static_cast<T>(expr));                                                      \
      SLOT(1) = acc;                                                                       \
    } else { /* a float goes to memory from its register, as F64Mul's result does */      \
      put(SLOT(1), static_cast<T>(expr));                                                  \
    }                                                                                      \
    NEXT(words);                                                                           \
  }
  EMBER_OP_LOAD(I32AddLoad, U32, 6, x + v)
  EMBER_OP_LOAD(I64AddLoad, U64, 6, x + v)
  EMBER_OP_LOAD(F32AddLoad, F32, 6, x + v)
  EMBER_OP_LOAD(F32MulLoad, F32, 6, x * v)
  EMBER_OP_LOAD(F64AddLoad, F64, 6, x + v)
  EMBER_OP_LOAD(F64MulLoad, F64, 6, x * v)
  EMBER_OP_LOAD(I32MulLoad, U32, 6, x * v)
  EMBER_OP_LOAD(I32MulLoadAdd, U32, 7, x * v + static_cast<uint32_t>(SLOT(6)))
#undef EMBER_OP_LOAD

  // A sum and the rotate of a xor with it (lowering.cpp, fuseAddXorRotl):
  // the sum is written before z is read, as the two instructions did.
#define EMBER_ADD_XOR_ROTL(Name, aFrom)                               \
  OP(Name) {                                                          \
    const uint32_t s = static_cast<uint32_t>((aFrom) + SLOT(5));      \
    SLOT(3) = s;                                                      \
    acc = rotl32(static_cast<uint32_t>(SLOT(2)) ^ s, pc[6]);          \
    SLOT(1) = acc;                                                    \
    NEXT(7);                                                          \
  }
  EMBER_ADD_XOR_ROTL(I32AddXorRotl, SLOT(4))
  EMBER_ADD_XOR_ROTL(I32AddXorRotlAcc, acc)
#undef EMBER_ADD_XOR_ROTL

  // A copy through memory (lowering.cpp, fuseLoadStore). A trap in the
  // store is reported from word 4, where the store's module offset starts.
#define EMBER_LOAD_STORE(Name, T)                                                        \
  OP(Name) {                                                                             \
    EMBER_LOAD_AT(T, v, 1)                                                               \
    uint64_t ea = static_cast<uint64_t>(static_cast<uint32_t>(SLOT(4)) + pc[5]) + pc[6]; \
    if (ea + sizeof(T) > memSize) {                                                      \
      pc += 4;                                                                           \
      TRAP(MemoryOutOfBounds);                                                           \
    }                                                                                    \
    std::memcpy(memBase + ea, &v, sizeof v);                                             \
    NEXT(7);                                                                             \
  }
  EMBER_LOAD_STORE(I32LoadStore, uint32_t)
  EMBER_LOAD_STORE(I64LoadStore, uint64_t)
#undef EMBER_LOAD_STORE

  // A branch on a value loaded (lowering.cpp, branchForms): `addr add
  // offset target`.
#define EMBER_BRANCH_ON_LOAD(Name, T, test)                                              \
  OP(Name) {                                                                             \
    EMBER_LOAD_AT(T, v, 1)                                                               \
    if (test) JUMP_REL(4);                                                               \
    NEXT(5);                                                                             \
  }
  EMBER_BRANCH_ON_LOAD(BrIfLoad8UNez, uint8_t, v != 0)
  EMBER_BRANCH_ON_LOAD(BrIfLoad8UEqz, uint8_t, v == 0)
  EMBER_BRANCH_ON_LOAD(BrIfLoadNez, uint32_t, v != 0)
  EMBER_BRANCH_ON_LOAD(BrIfLoadEqz, uint32_t, v == 0)
#undef EMBER_BRANCH_ON_LOAD

  // A strided loop's update and test (lowering.cpp, takeCounterUpdate):
  // `a src step b target`, a = src + step written, then compared with b.
#define EMBER_STEP_BRANCH(Name, expr)                                     \
  OP(Name) {                                                              \
    const uint32_t a = static_cast<uint32_t>(SLOT(2) + SLOT(3)), b = pc[4]; \
    SLOT(1) = a;                                                          \
    if (expr) JUMP_REL(5);                                                \
    NEXT(6);                                                              \
  }
  EMBER_STEP_BRANCH(BrIfStepI32LtUImm, a < b)
  EMBER_STEP_BRANCH(BrIfStepI32GeUImm, a >= b)
  EMBER_STEP_BRANCH(BrIfStepI32LtSImm, int32_t(a) < int32_t(b))
  EMBER_STEP_BRANCH(BrIfStepI32GeSImm, int32_t(a) >= int32_t(b))
#undef EMBER_STEP_BRANCH

  OP(I128MulStore) {  // out add aLo aHi bLo bHi
    uint64_t ea = static_cast<uint32_t>(SLOT(1) + pc[2]);
    // The high half's store is first and highest: if it fits, both do.
    if (ea + 16 > memSize) TRAP(MemoryOutOfBounds);
    const U128 product = multiply128({SLOT(3), SLOT(4)}, {SLOT(5), SLOT(6)});
    std::memcpy(memBase + ea + 8, &product.hi, 8);
    std::memcpy(memBase + ea, &product.lo, 8);
    NEXT(7);
  }
#endif
#undef EMBER_LOAD_AT

  OP(MemorySize) {
    SLOT(1) = static_cast<uint32_t>(memSize / 65536);
    NEXT(2);
  }
  OP(MemoryGrow) {
    m->depth_ = depth;
    int64_t old = ctx->store->builtins->memoryGrow(ctx, 0, static_cast<uint32_t>(SLOT(2)));
    memBase = ctx->memoryBase;
    memSize = ctx->memory->length;
    SLOT(1) = static_cast<uint32_t>(old);
    NEXT(3);
  }
  OP(MemoryFill) {
    uint32_t d = static_cast<uint32_t>(SLOT(1)), n = static_cast<uint32_t>(SLOT(3));
    if (static_cast<uint64_t>(d) + n > memSize) TRAP(MemoryOutOfBounds);
    if (!fillInPieces(ctx, memBase + d, static_cast<uint8_t>(SLOT(2)), n)) TRAP(Interrupted);
    NEXT(4);
  }
  OP(MemoryCopy) {
    uint32_t d = static_cast<uint32_t>(SLOT(1)), s = static_cast<uint32_t>(SLOT(2));
    uint32_t n = static_cast<uint32_t>(SLOT(3));
    if (static_cast<uint64_t>(d) + n > memSize || static_cast<uint64_t>(s) + n > memSize)
      TRAP(MemoryOutOfBounds);
    if (!moveInPieces(ctx, memBase + d, memBase + s, n)) TRAP(Interrupted);
    NEXT(4);
  }
  OP(MemoryInit) {
    const VMDataSegment& seg = ctx->dataSegments[pc[1]];
    uint32_t d = static_cast<uint32_t>(SLOT(2)), s = static_cast<uint32_t>(SLOT(3));
    uint32_t n = static_cast<uint32_t>(SLOT(4));
    if (static_cast<uint64_t>(s) + n > seg.size || static_cast<uint64_t>(d) + n > memSize)
      TRAP(MemoryOutOfBounds);
    if (!moveInPieces(ctx, memBase + d, seg.bytes + s, n)) TRAP(Interrupted);
    NEXT(5);
  }
  OP(DataDrop) {
    ctx->dataSegments[pc[1]].size = 0;
    NEXT(2);
  }

  // --- References and tables -------------------------------------------------------
  OP(RefFunc) {
    SLOT(1) = fromPtr(ctx->functions[pc[2]]);
    NEXT(3);
  }
  OP(TableGet) {
    const VMTable* t = ctx->tables[pc[2]];
    uint32_t i = static_cast<uint32_t>(SLOT(3));
    if (i >= t->size) TRAP(TableOutOfBounds);
    SLOT(1) = fromPtr(t->elements[i]);
    NEXT(4);
  }
  OP(TableSet) {
    VMTable* t = ctx->tables[pc[1]];
    uint32_t i = static_cast<uint32_t>(SLOT(2));
    if (i >= t->size) TRAP(TableOutOfBounds);
    t->elements[i] = toPtr(SLOT(3));
    NEXT(4);
  }
  OP(TableSize) {
    SLOT(1) = static_cast<uint32_t>(ctx->tables[pc[2]]->size);
    NEXT(3);
  }
  OP(TableGrow) {
    m->depth_ = depth;
    int64_t old = ctx->store->builtins->tableGrow(ctx, pc[2], static_cast<uint32_t>(SLOT(4)),
                                                   toPtr(SLOT(3)));
    if (old == kGrowInterrupted) [[unlikely]]
      TRAP(Interrupted);
    SLOT(1) = static_cast<uint32_t>(old);
    NEXT(5);
  }
  OP(TableFill) {
    VMTable* t = ctx->tables[pc[1]];
    uint32_t i = static_cast<uint32_t>(SLOT(2)), n = static_cast<uint32_t>(SLOT(4));
    if (static_cast<uint64_t>(i) + n > t->size) TRAP(TableOutOfBounds);
    if (!fillInPieces(ctx, t->elements + i, toPtr(SLOT(3)), n)) TRAP(Interrupted);
    NEXT(5);
  }
  OP(TableCopy) {
    VMTable* dt = ctx->tables[pc[1]];
    const VMTable* st = ctx->tables[pc[2]];
    uint32_t d = static_cast<uint32_t>(SLOT(3)), s = static_cast<uint32_t>(SLOT(4));
    uint32_t n = static_cast<uint32_t>(SLOT(5));
    if (static_cast<uint64_t>(d) + n > dt->size || static_cast<uint64_t>(s) + n > st->size)
      TRAP(TableOutOfBounds);
    if (!moveInPieces(ctx, dt->elements + d, st->elements + s, n * sizeof(void*)))
      TRAP(Interrupted);
    NEXT(6);
  }
  OP(TableInit) {
    const VMElemSegment& seg = ctx->elemSegments[pc[1]];
    VMTable* t = ctx->tables[pc[2]];
    uint32_t d = static_cast<uint32_t>(SLOT(3)), s = static_cast<uint32_t>(SLOT(4));
    uint32_t n = static_cast<uint32_t>(SLOT(5));
    if (static_cast<uint64_t>(s) + n > seg.size || static_cast<uint64_t>(d) + n > t->size)
      TRAP(TableOutOfBounds);
    if (!moveInPieces(ctx, t->elements + d, seg.items + s, n * sizeof(void*))) TRAP(Interrupted);
    NEXT(6);
  }
  OP(ElemDrop) {
    ctx->store->builtins->elemDrop(ctx, pc[1]);
    NEXT(2);
  }

  // --- Interruption (emitted only when enabled) -----------------------------------
  OP(CheckEpoch) {
    if (ctx->epochCounter->load(std::memory_order_relaxed) >= ctx->epochDeadline)
      TRAP(Interrupted);
    NEXT(1);
  }
  OP(CheckFuel) {
    if (--ctx->store->fuel < 0) TRAP(OutOfFuel);
    NEXT(1);
  }

  // --- Numeric ---------------------------------------------------------------------------
#define EMBER_ICMP(Name, T, expr, Inverse) \
  OP(Name) {                               \
    T a = get<T>(SLOT(2));                 \
    T b = get<T>(SLOT(3));                 \
    put(SLOT(1), (expr));                  \
    NEXT(4);                               \
  }                                        \
  OP(Name##Imm) {                          \
    T a = get<T>(SLOT(2));                 \
    T b = imm<T>(pc + 3);                  \
    put(SLOT(1), (expr));                  \
    NEXT(3 + kImmWords<T>);                \
  }                                        \
  OP(BrIf##Name) {                         \
    T a = get<T>(SLOT(1));                 \
    T b = get<T>(SLOT(2));                 \
    if (expr) JUMP_REL(3);                 \
    NEXT(4);                               \
  }                                        \
  OP(BrIf##Name##Imm) {                    \
    T a = get<T>(SLOT(1));                 \
    T b = imm<T>(pc + 2);                  \
    if (expr) JUMP_REL(2 + kImmWords<T>);  \
    NEXT(3 + kImmWords<T>);                \
  }                                        \
  EMBER_ADD_BRANCHES_##T(Name, expr)
// A loop counter's update and test: `a src imm b target`, a = src + imm is
// written first (b may be a's own slot), then compared with b.
#define EMBER_ADD_BRANCHES_U32(Name, expr)                 \
  OP(BrIfAdd##Name) {                                      \
    uint32_t a = static_cast<uint32_t>(SLOT(2)) + pc[3];   \
    SLOT(1) = a;                                           \
    uint32_t b = get<uint32_t>(SLOT(4));                   \
    if (expr) JUMP_REL(5);                                 \
    NEXT(6);                                               \
  }                                                        \
  OP(BrIfAdd##Name##Imm) {                                 \
    uint32_t a = static_cast<uint32_t>(SLOT(2)) + pc[3];   \
    SLOT(1) = a;                                           \
    uint32_t b = pc[4];                                    \
    if (expr) JUMP_REL(5);                                 \
    NEXT(6);                                               \
  }
#define EMBER_ADD_BRANCHES_U64(Name, expr)
// These also leave their result in `acc`, and their Acc forms take
// operand a from it instead of its slot (the lowering emits them right
// after an instruction that wrote that slot and acc): a chain of
// arithmetic passes values in a register rather than through memory.
#define EMBER_IBIN_I(Name, T, expr)         \
  OP(Name) {                                \
    T a = get<T>(SLOT(2));                  \
    T b = get<T>(SLOT(3));                  \
    put(acc, static_cast<T>(expr));         \
    SLOT(1) = acc;                          \
    NEXT(4);                                \
  }                                         \
  OP(Name##Imm) {                           \
    T a = get<T>(SLOT(2));                  \
    T b = imm<T>(pc + 3);                   \
    put(acc, static_cast<T>(expr));         \
    SLOT(1) = acc;                          \
    NEXT(3 + kImmWords<T>);                 \
  }                                         \
  OP(Name##Acc) {                           \
    T a = get<T>(acc);                      \
    T b = get<T>(SLOT(3));                  \
    put(acc, static_cast<T>(expr));         \
    SLOT(1) = acc;                          \
    NEXT(4);                                \
  }                                         \
  OP(Name##ImmAcc) {                        \
    T a = get<T>(acc);                      \
    T b = imm<T>(pc + 3);                   \
    put(acc, static_cast<T>(expr));         \
    SLOT(1) = acc;                          \
    NEXT(3 + kImmWords<T>);                 \
  }
#define EMBER_IBIN(Name, T, expr) \
  OP(Name) {                      \
    T a = get<T>(SLOT(2));        \
    T b = get<T>(SLOT(3));        \
    put(SLOT(1), (expr));         \
    NEXT(4);                      \
  }
#define EMBER_ITRAPBIN(Name, T, fn)               \
  OP(Name) {                                      \
    T a = get<T>(SLOT(2));                        \
    T b = get<T>(SLOT(3));                        \
    T r;                                          \
    if (!fn(a, b, r, trapCode)) goto trap;        \
    put(SLOT(1), r);                              \
    NEXT(4);                                      \
  }                                               \
  OP(Name##Imm) { /* the lowering never passes a divisor that traps */ \
    T a = get<T>(SLOT(2));                        \
    T b = imm<T>(pc + 3);                         \
    T r;                                          \
    if (!fn(a, b, r, trapCode)) goto trap;        \
    put(SLOT(1), r);                              \
    NEXT(3 + kImmWords<T>);                       \
  }
#define EMBER_IUN(Name, T, expr) \
  OP(Name) {                     \
    T a = get<T>(SLOT(2));       \
    put(SLOT(1), (expr));        \
    NEXT(3);                     \
  }
#define EMBER_ITRAPUN(Name, T, Out, fn)       \
  OP(Name) {                                  \
    T a = get<T>(SLOT(2));                    \
    Out r;                                    \
    if (!fn(a, r, trapCode)) goto trap;       \
    putInt(SLOT(1), r);                       \
    NEXT(3);                                  \
  }
#include "runtime/interp/ops.def"

  // --- SIMD ------------------------------------------------------------------------------
#if EMBER_HAVE_SIMD
#include "runtime/interp/interpreter_simd.inc"
#endif

#if !EMBER_THREADED
    default:
      TRAP(Unreachable);
  }
#endif

  // --- Call paths ---------------------------------------------------------------------
callFunction:
  if (target->kind == VMFunctionKind::Host) goto callHost;
  callee = static_cast<const FunctionCode*>(target->code);
  if (target->context != ctx) goto callOtherInstance;
callSameInstance: {
#ifdef EMBER_INTERP_PROFILE
  profileCall(callee);
#endif
  uint64_t* newFp = fp + argBase;
  if (depth >= maxDepth || newFp + callee->frameSlots > stackEnd) TRAP(StackExhausted);
  frames[depth].pc = retPc;
  frames[depth].fp = fp;
  frames[depth].ctx = ctx;
  frames[++depth].func = callee;
  fp = newFp;
  for (uint32_t i = callee->paramSlots; i < callee->localSlots; ++i) fp[i] = 0;
  pc = callee->entry();
  DISPATCH();
}
callOtherInstance: {
  uint64_t* newFp = fp + argBase;
  if (depth >= maxDepth || newFp + callee->frameSlots > stackEnd) TRAP(StackExhausted);
  frames[depth].pc = retPc;
  frames[depth].fp = fp;
  frames[depth].ctx = ctx;
  frames[++depth].func = callee;
  fp = newFp;
  ctx = target->context;
  memBase = ctx->memoryBase;
  memSize = ctx->memory->length;
  for (uint32_t i = callee->paramSlots; i < callee->localSlots; ++i) fp[i] = 0;
  pc = callee->entry();
  DISPATCH();
}
callHost: {
  // Arguments go to 16-byte cells above this frame; a nested entry from the
  // host function starts above the cells.
  uintptr_t above = reinterpret_cast<uintptr_t>(fp + frames[depth].func->frameSlots);
  ValueCell* cells = reinterpret_cast<ValueCell*>((above + 15) & ~uintptr_t{15});
  uint32_t count = std::max(target->paramCount, target->resultCount);
  uint64_t* cellsEnd = reinterpret_cast<uint64_t*>(cells + count);
  if (cellsEnd > stackEnd || m->nesting_ >= Machine::kMaxNesting) TRAP(StackExhausted);
  for (uint32_t i = 0; i < target->paramCount; ++i) cells[i] = ValueCell{fp[argBase + i], 0};
  uint64_t* savedTop = m->top_;
  m->top_ = cellsEnd;
  m->depth_ = depth;
  bool ok = ctx->store->builtins->callHost(ctx, target, cells);
  m->top_ = savedTop;
  memBase = ctx->memoryBase;
  memSize = ctx->memory->length;
  if (!ok) TRAP(HostError);
  for (uint32_t i = 0; i < target->resultCount; ++i) fp[argBase + i] = cells[i].lo;
  pc = retPc;
  DISPATCH();
}

#if EMBER_HAVE_SIMD
// A host callee whose signature has a v128: cells map onto slots by type.
callHostWide: {
  uintptr_t above = reinterpret_cast<uintptr_t>(fp + frames[depth].func->frameSlots);
  ValueCell* cells = reinterpret_cast<ValueCell*>((above + 15) & ~uintptr_t{15});
  uint32_t count = std::max(target->paramCount, target->resultCount);
  uint64_t* cellsEnd = reinterpret_cast<uint64_t*>(cells + count);
  if (cellsEnd > stackEnd || m->nesting_ >= Machine::kMaxNesting) TRAP(StackExhausted);
  slotsToCells(wideSig->params, fp + argBase, cells);
  uint64_t* savedTop = m->top_;
  m->top_ = cellsEnd;
  m->depth_ = depth;
  bool ok = ctx->store->builtins->callHost(ctx, target, cells);
  m->top_ = savedTop;
  memBase = ctx->memoryBase;
  memSize = ctx->memory->length;
  if (!ok) TRAP(HostError);
  cellsToSlots(wideSig->results, cells, fp + argBase);
  pc = retPc;
  DISPATCH();
}
#endif

doReturn: {
  if (depth == entryDepth) {
    m->depth_ = entryDepth - 1;
    return true;
  }
  const Frame& caller = frames[--depth];
  pc = caller.pc;
  fp = caller.fp;
  // memBase and memSize are current for the caller's instance: its
  // memory grows only through MemoryGrow and host calls, which reload them.
  if (caller.ctx != ctx) {
    ctx = caller.ctx;
    memBase = ctx->memoryBase;
    memSize = ctx->memory->length;
  }
  DISPATCH();
}

trap:
  m->recordTrap(trapCode, frames, entryDepth, depth, pc, ctx);
  m->depth_ = entryDepth - 1;
  return false;

#undef OP
#undef VOP
#undef DISPATCH
#undef NEXT
#undef JUMP_REL
#undef TRAP
#undef SLOT
}

uint32_t FunctionCode::wasmOffsetAt(uint32_t word) const {
  auto after = std::upper_bound(wasmOffsets.begin(), wasmOffsets.end(), word,
                                [](uint32_t w, const auto& entry) { return w < entry.first; });
  return after == wasmOffsets.begin() ? UINT32_MAX : std::prev(after)->second;
}

// Inlined calls nest or are disjoint, so the last one starting at or
// before `word` either holds it or is a finished call inside (or beside)
// the ones that do: its enclosing calls are the only candidates left.
#if EMBER_INTERP_SUPERINSTRUCTIONS
const FunctionCode::InlinedCall* FunctionCode::inlinedCallAt(uint32_t word) const {
  auto after = std::upper_bound(inlinedCalls.begin(), inlinedCalls.end(), word,
                                [](uint32_t w, const InlinedCall& call) { return w < call.first; });
  if (after == inlinedCalls.begin()) return nullptr;
  for (const InlinedCall* call = &*std::prev(after);;) {
    if (word < call->end) return call;
    if (call->parent == kNoParent) return nullptr;
    call = &inlinedCalls[call->parent];
  }
}
#endif

// Out of the dispatch loop, whose register allocation is sensitive to
// every line in it. The innermost pc is at the trapping instruction;
// callers' saved pcs are just past their call.
void Machine::recordTrap(TrapCode code, const Frame* frames, uint32_t entryDepth, uint32_t depth,
                         const uint32_t* pc, const VMContext* ctx) {
  trap_ = code;
  backtrace_.clear();
  omitted_ = 0;
  for (uint32_t k = depth + 1; k-- > entryDepth;) {
    if (backtrace_.size() >= kMaxBacktrace) {
      omitted_ = k + 1 - entryDepth;
      break;
    }
    const Frame& f = frames[k];
    const uint32_t* at = k == depth ? pc : f.pc - 1;
    addTrapFrames(*f.func, k == depth ? ctx : f.ctx, static_cast<uint32_t>(at - f.func->entry()));
  }
}

// The frame running `func` at `word`, after the frames of the calls
// inlined there (innermost first), as if they had been called.
void Machine::addTrapFrames(const FunctionCode& func, const VMContext* ctx, uint32_t word) {
#if EMBER_INTERP_SUPERINSTRUCTIONS
  for (const auto* in = func.inlinedCallAt(word); in;
       in = in->parent == FunctionCode::kNoParent ? nullptr : &func.inlinedCalls[in->parent]) {
    if (backtrace_.size() == kMaxBacktrace) return;
    backtrace_.push_back({in->callee->module, in->callee->funcIndex, ctx,
                          in->callee->wasmOffsetAt(word - in->first)});
  }
#endif
  if (backtrace_.size() == kMaxBacktrace) return;
  backtrace_.push_back({func.module, func.funcIndex, ctx, func.wasmOffsetAt(word)});
}

uint32_t opToken(IOp op) {
  static const bool ready = execute(nullptr, nullptr, nullptr, nullptr);
  (void)ready;
  uint32_t index = static_cast<uint32_t>(op);
  if (index >= kHandlerCount) index = static_cast<uint32_t>(IOp::Unreachable);
  return static_cast<uint32_t>(gTokens[index]);
}

bool invoke(Machine& m, const VMFunction& f, ValueCell* cells) {
  const auto* code = static_cast<const FunctionCode*>(f.code);
  uint64_t* fp = m.top_;
  uintptr_t sp = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  if (!m.stack_ || !m.frames_ || m.depth_ >= m.maxDepth_ || m.nesting_ >= Machine::kMaxNesting ||
      fp + code->frameSlots > m.stackEnd_ || sp < m.nativeStackLimit_)
    return m.fail(TrapCode::StackExhausted);
  if (code->wideSignature) cellsToSlots(code->wideSignature->params, cells, fp);
  else
    for (uint32_t i = 0; i < f.paramCount; ++i) fp[i] = cells[i].lo;
  for (uint32_t i = code->paramSlots; i < code->localSlots; ++i) fp[i] = 0;
  uint64_t* savedTop = m.top_;
  uint32_t savedDepth = m.depth_;
  // Config::wasmStackBytes: the outermost call's budget, shared by nested ones.
  if (m.nesting_ == 0 && m.wasmStackSlots_ &&
      static_cast<size_t>(m.allocEnd_ - fp) > m.wasmStackSlots_)
    m.stackEnd_ = fp + m.wasmStackSlots_;
  ++m.nesting_;
  bool ok = execute(&m, f.context, code, fp);
  --m.nesting_;
  if (m.nesting_ == 0) m.stackEnd_ = m.allocEnd_;
#ifdef EMBER_INTERP_PROFILE
  if (m.nesting_ == 0) profileReport();
#endif
  m.top_ = savedTop;
  m.depth_ = savedDepth;
  if (!ok) return false;
  if (code->wideSignature) slotsToCells(code->wideSignature->results, fp, cells);
  else
    for (uint32_t i = 0; i < f.resultCount; ++i) cells[i] = ValueCell{fp[i], 0};
  return true;
}

}  // namespace ember::interp
