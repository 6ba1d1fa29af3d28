// x86-64 lowering of the macro-assembler interface (jit/masm.h) over asmjit.
// Sequences for the operators x86 has no single instruction for (division
// traps, NaN-aware min/max and compares, unsigned and trapping conversions)
// are written out with the spec rule they implement.
#include "jit/x64/masm_x64.h"

#include <asmjit/x86.h>

#include <algorithm>
#include <cassert>
#include <cstring>
#include <limits>
#include <string>
#include <utility>

#include "jit/code_buffer.h"
#include "jit/truncation.h"
#include "jit/x64/fast_assembler.h"
#include "jit/x64/masm_x64_impl.h"

namespace ember::x64 {

namespace {

using asmjit::Imm;

// Branches to labels inside one operation's sequence use the rel8 form
// (`a.short_()`): those sequences are far shorter than 128 bytes. Branches
// to trap stubs and to the code generator's labels keep rel32.

// The immediate of a 32-bit operation is taken modulo 2^32; a 64-bit one
// must fit in a sign-extended imm32 to be encoded (checked by the caller).
int32_t imm32Of(OpSize s, int64_t imm) {
  return s == OpSize::S32 ? static_cast<int32_t>(static_cast<uint32_t>(imm))
                          : static_cast<int32_t>(imm);
}
bool encodableImm(OpSize s, int64_t imm) { return s == OpSize::S32 || fitsInt32(imm); }

ax::Mem toMem(const Address& a, uint32_t size) {
  if (a.index.isValid()) return ax::ptr(gpq(a.base), gpq(a.index), a.shift, a.offset, size);
  return ax::ptr(gpq(a.base), a.offset, size);
}

ax::CondCode condCode(IntCond c) {
  switch (c) {
    case IntCond::Eq:
      return ax::CondCode::kE;
    case IntCond::Ne:
      return ax::CondCode::kNE;
    case IntCond::LtS:
      return ax::CondCode::kL;
    case IntCond::LtU:
      return ax::CondCode::kB;
    case IntCond::GtS:
      return ax::CondCode::kG;
    case IntCond::GtU:
      return ax::CondCode::kA;
    case IntCond::LeS:
      return ax::CondCode::kLE;
    case IntCond::LeU:
      return ax::CondCode::kBE;
    case IntCond::GeS:
      return ax::CondCode::kGE;
    case IntCond::GeU:
      return ax::CondCode::kAE;
  }
  return ax::CondCode::kE;
}

void emitMoveImm32(FastAssembler& a, const ax::Gp& dst32, uint32_t v) {
  if (v == 0)
    a.xor_(dst32, dst32);
  else
    a.mov(dst32, Imm(v));
}

// A float constant in the FP scratch register, through the GP scratch.
void loadFloatConstant(FastAssembler& a, OpSize s, uint64_t bits) {
  if (s == OpSize::S32) {
    a.mov(ax::r11d, Imm(static_cast<uint32_t>(bits)));
    a.movd(kFpScratch, ax::r11d);
  } else {
    emitMoveImm64(a, ax::r11, bits);
    a.movq(kFpScratch, ax::r11);
  }
}

// The direct encoder's form of each load and store kind: the instruction
// emitLoad/emitStore pick through asmjit operands, without building them
// (a load is the commonest instruction the JIT emits). V128 stays there.
bool directLoadOf(LoadKind kind, direct::Load& out) {
  switch (kind) {
    case LoadKind::I32: out = direct::Load::W32; return true;
    case LoadKind::I64: out = direct::Load::W64; return true;
    case LoadKind::F32: out = direct::Load::F32; return true;
    case LoadKind::F64: out = direct::Load::F64; return true;
    case LoadKind::I32Load8S: out = direct::Load::S8To32; return true;
    case LoadKind::I32Load8U: out = direct::Load::U8To32; return true;
    case LoadKind::I32Load16S: out = direct::Load::S16To32; return true;
    case LoadKind::I32Load16U: out = direct::Load::U16To32; return true;
    case LoadKind::I64Load8S: out = direct::Load::S8To64; return true;
    case LoadKind::I64Load8U: out = direct::Load::U8To32; return true;  // zero-extends to 64
    case LoadKind::I64Load16S: out = direct::Load::S16To64; return true;
    case LoadKind::I64Load16U: out = direct::Load::U16To32; return true;
    case LoadKind::I64Load32S: out = direct::Load::S32To64; return true;
    case LoadKind::I64Load32U: out = direct::Load::W32; return true;
    default: return false;
  }
}
bool directStoreOf(StoreKind kind, direct::Store& out) {
  switch (kind) {
    case StoreKind::I32:
    case StoreKind::Store32: out = direct::Store::W32; return true;
    case StoreKind::I64: out = direct::Store::W64; return true;
    case StoreKind::F32: out = direct::Store::F32; return true;
    case StoreKind::F64: out = direct::Store::F64; return true;
    case StoreKind::Store8: out = direct::Store::W8; return true;
    case StoreKind::Store16: out = direct::Store::W16; return true;
    default: return false;
  }
}
// An Address as the direct encoder's operand (x86 cannot index by rsp).
bool toMemRef(const Address& a, direct::MemRef& out) {
  if (!a.base.isGp() || (a.index.isValid() && (!a.index.isGp() || a.index.code() == direct::kRsp)))
    return false;
  out.base = a.base.code();
  out.hasIndex = a.index.isValid();
  out.index = out.hasIndex ? a.index.code() : 0;
  out.shift = out.hasIndex ? a.shift : 0;
  out.disp = a.offset;
  return true;
}
// heapOperand's [r15 + index + offset] when the offset fits a disp32.
bool heapRef(Reg index, uint64_t offset, direct::MemRef& out) {
  if (offset > static_cast<uint64_t>(std::numeric_limits<int32_t>::max())) return false;
  return toMemRef(Address(Reg::gp(15), index, 0, static_cast<int32_t>(offset)), out);
}
// [rbp + disp]: locals and spill slots, which the encoder has a form for.
bool isFrameSlot(const Address& a) {
  return a.base == RegisterConventions::kFramePointer && !a.index.isValid();
}

void emitLoad(FastAssembler& a, LoadKind kind, Reg dst, ax::Mem m) {
  m.setSize(accessSize(kind));
  switch (kind) {
    case LoadKind::I32:
      a.mov(gpd(dst), m);
      break;
    case LoadKind::I64:
      a.mov(gpq(dst), m);
      break;
    case LoadKind::F32:
      a.movss(xmmr(dst), m);
      break;
    case LoadKind::F64:
      a.movsd(xmmr(dst), m);
      break;
    case LoadKind::V128:
      a.movdqu(xmmr(dst), m);
      break;
    case LoadKind::I32Load8S:
      a.movsx(gpd(dst), m);
      break;
    case LoadKind::I32Load8U:
      a.movzx(gpd(dst), m);
      break;
    case LoadKind::I32Load16S:
      a.movsx(gpd(dst), m);
      break;
    case LoadKind::I32Load16U:
      a.movzx(gpd(dst), m);
      break;
    case LoadKind::I64Load8S:
      a.movsx(gpq(dst), m);
      break;
    case LoadKind::I64Load8U:
      a.movzx(gpd(dst), m);
      break;  // zero-extends to 64
    case LoadKind::I64Load16S:
      a.movsx(gpq(dst), m);
      break;
    case LoadKind::I64Load16U:
      a.movzx(gpd(dst), m);
      break;
    case LoadKind::I64Load32S:
      a.movsxd(gpq(dst), m);
      break;
    case LoadKind::I64Load32U:
      a.mov(gpd(dst), m);
      break;
  }
}

void emitStore(FastAssembler& a, StoreKind kind, ax::Mem m, Reg src) {
  m.setSize(accessSize(kind));
  switch (kind) {
    case StoreKind::I32:
    case StoreKind::Store32:
      a.mov(m, gpd(src));
      break;
    case StoreKind::I64:
      a.mov(m, gpq(src));
      break;
    case StoreKind::F32:
      a.movss(m, xmmr(src));
      break;
    case StoreKind::F64:
      a.movsd(m, xmmr(src));
      break;
    case StoreKind::V128:
      a.movdqu(m, xmmr(src));
      break;
    case StoreKind::Store8:
      a.mov(m, gpb(src));
      break;
    case StoreKind::Store16:
      a.mov(m, gpw(src));
      break;
  }
}

// mov [m], imm: the instruction carries the value, which for a 64-bit
// store must be an int32 (sign-extended); not for v128.
void emitStoreImm(FastAssembler& a, StoreKind kind, ax::Mem m, uint64_t bits) {
  m.setSize(accessSize(kind));
  switch (kind) {
    case StoreKind::Store8:
      a.mov(m, Imm(static_cast<uint8_t>(bits)));
      break;
    case StoreKind::Store16:
      a.mov(m, Imm(static_cast<uint16_t>(bits)));
      break;
    case StoreKind::I32:
    case StoreKind::F32:
    case StoreKind::Store32:
      a.mov(m, Imm(static_cast<int32_t>(bits)));
      break;
    case StoreKind::I64:
    case StoreKind::F64:
      assert(fitsInt32(static_cast<int64_t>(bits)));
      a.mov(m, Imm(static_cast<int64_t>(bits)));
      break;
    case StoreKind::V128:
      assert(false && "a v128 constant is stored from a register");
      break;
  }
}

// dst = lhs op rhs on x86's two-operand `op dst, src` form.
template <typename Op>
void intBinop(FastAssembler& a, OpSize s, Reg dst, Reg lhs, Reg rhs, bool commutative, Op op) {
  const ax::Gp d = gpr(s, dst);
  if (dst == lhs) {
    op(d, gpr(s, rhs));
  } else if (dst == rhs) {
    if (commutative) {
      op(d, gpr(s, lhs));
    } else {
      a.mov(scratch(s), gpr(s, rhs));
      a.mov(d, gpr(s, lhs));
      op(d, scratch(s));
    }
  } else {
    a.mov(d, gpr(s, lhs));
    op(d, gpr(s, rhs));
  }
}

// The VMContext's slot holding builtin `id`'s address.
ax::Mem builtinSlot(const MasmOptions& options, uint32_t id) {
  int64_t offset = int64_t{options.vmctx.builtins} + int64_t{id} * 8;
  assert(fitsInt32(offset));
  return ax::qword_ptr(ax::r14, static_cast<int32_t>(offset));
}

// The trap builtin's arguments: the VMContext and the trap code.
void loadTrapArguments(FastAssembler& a, TrapCode code) {
  a.mov(ax::rdi, ax::r14);
  a.mov(ax::esi, Imm(static_cast<uint32_t>(code)));
}

// dst = lhs op imm for the ALU operations with an imm32 form.
template <typename Op>
void intBinopImm(FastAssembler& a, OpSize s, Reg dst, Reg lhs, int64_t imm, Op op) {
  const ax::Gp d = gpr(s, dst);
  if (!encodableImm(s, imm)) {
    emitMoveImm64(a, ax::r11, static_cast<uint64_t>(imm));
    if (dst != lhs) a.mov(d, gpq(lhs));
    op(d, ax::r11);
    return;
  }
  if (dst != lhs) a.mov(d, gpr(s, lhs));
  op(d, Imm(imm32Of(s, imm)));
}

template <typename Op>
void floatBinop(FastAssembler& a, Reg dst, Reg lhs, Reg rhs, bool commutative, Op op) {
  const ax::Xmm d = xmmr(dst);
  if (dst == lhs) {
    op(d, xmmr(rhs));
  } else if (dst == rhs) {
    if (commutative) {
      op(d, xmmr(lhs));
    } else {
      a.movaps(kFpScratch, xmmr(rhs));
      a.movaps(d, xmmr(lhs));
      op(d, kFpScratch);
    }
  } else {
    a.movaps(d, xmmr(lhs));
    op(d, xmmr(rhs));
  }
}

enum class ShiftOp { Shl, Sar, Shr, Rol, Ror };

template <typename Count>
void emitShift(FastAssembler& a, ShiftOp op, const ax::Gp& d, const Count& count) {
  switch (op) {
    case ShiftOp::Shl:
      a.shl(d, count);
      break;
    case ShiftOp::Sar:
      a.sar(d, count);
      break;
    case ShiftOp::Shr:
      a.shr(d, count);
      break;
    case ShiftOp::Rol:
      a.rol(d, count);
      break;
    case ShiftOp::Ror:
      a.ror(d, count);
      break;
  }
}

void shiftByImm(FastAssembler& a, bool bmi2, ShiftOp op, OpSize s, Reg dst, Reg lhs, int64_t imm) {
  const uint32_t bits = s == OpSize::S64 ? 64 : 32;
  uint32_t count = static_cast<uint32_t>(imm) & (bits - 1);
  const ax::Gp d = gpr(s, dst);
  if (bmi2 && dst != lhs && count != 0 && (op == ShiftOp::Rol || op == ShiftOp::Ror)) {
    // rorx is three-operand and leaves the flags alone.
    a.rorx(d, gpr(s, lhs), Imm(op == ShiftOp::Ror ? count : bits - count));
    return;
  }
  if (dst != lhs) a.mov(d, gpr(s, lhs));
  if (count != 0) emitShift(a, op, d, Imm(count));
}

// Variable shifts need the count in cl without BMI2 (and rotates always do).
// rcx may hold a live value, so it is parked in the GP scratch around it.
void shiftByReg(FastAssembler& a, bool bmi2, ShiftOp op, OpSize s, Reg dst, Reg lhs, Reg rhs) {
  const ax::Gp d = gpr(s, dst);
  if (bmi2 && op != ShiftOp::Rol && op != ShiftOp::Ror) {
    // The count is masked to the width by the hardware, as wasm requires.
    if (op == ShiftOp::Shl)
      a.shlx(d, gpr(s, lhs), gpr(s, rhs));
    else if (op == ShiftOp::Sar)
      a.sarx(d, gpr(s, lhs), gpr(s, rhs));
    else
      a.shrx(d, gpr(s, lhs), gpr(s, rhs));
    return;
  }
  if (rhs == rcx && dst != rcx) {
    if (dst != lhs) a.mov(d, gpr(s, lhs));
    emitShift(a, op, d, ax::cl);
  } else if (dst == rcx) {
    // rcx is overwritten anyway: shift a copy in the scratch.
    a.mov(scratch(s), gpr(s, lhs));
    if (rhs != rcx) a.mov(ax::ecx, gpd(rhs));
    emitShift(a, op, scratch(s), ax::cl);
    a.mov(d, scratch(s));
  } else {
    a.mov(ax::r11, ax::rcx);
    a.mov(ax::ecx, gpd(rhs));
    const Reg src = lhs == rcx ? r11 : lhs;
    if (dst != src) a.mov(d, gpr(s, src));
    emitShift(a, op, d, ax::cl);
    a.mov(ax::rcx, ax::r11);
  }
}

// ucomiss/ucomisd: ZF,PF,CF = 1,1,1 when unordered; CF = lhs < rhs.
void ucomis(FastAssembler& a, OpSize s, const ax::Xmm& l, const ax::Xmm& r) {
  if (s == OpSize::S32)
    a.ucomiss(l, r);
  else
    a.ucomisd(l, r);
}

void cvttToInt(FastAssembler& a, OpSize from, const ax::Gp& d, const ax::Xmm& x) {
  if (from == OpSize::S32)
    a.cvttss2si(d, x);
  else
    a.cvttsd2si(d, x);
}
void cvtFromInt(FastAssembler& a, OpSize to, const ax::Xmm& d, const ax::Gp& g) {
  if (to == OpSize::S32)
    a.cvtsi2ss(d, g);
  else
    a.cvtsi2sd(d, g);
}

// 2^63 as f32 / f64.
constexpr uint64_t kTwoPow63F32 = 0x5F000000;
constexpr uint64_t kTwoPow63F64 = 0x43E0000000000000;

}  // namespace


#include "jit/masm_shared_operations.inc"

const CpuFeatures& CpuFeatures::host() {
  static const CpuFeatures features = [] {
    const auto& x86 = asmjit::CpuInfo::host().features().x86();
    CpuFeatures f;
    f.sse41 = x86.hasSSE4_1();
    f.popcnt = x86.hasPOPCNT();
    f.lzcnt = x86.hasLZCNT();
    f.bmi1 = x86.hasBMI();
    f.bmi2 = x86.hasBMI2();
    f.sse42 = x86.hasSSE4_2();
    f.avx = x86.hasAVX();
    f.avx2 = x86.hasAVX2();
    return f;
  }();
  return features;
}

MacroAssembler::MacroAssembler(const MasmOptions& options, const CpuFeatures& features)
    : options_(options), features_(features), impl_(std::make_unique<Impl>()) {
  assert(features_.sse41 && "checkHostSupport() first");
  if (options.baselineCpuFeatures) {
    features_ = CpuFeatures{};
    features_.sse41 = true;
  }
}

MacroAssembler::~MacroAssembler() = default;

Result<void> MacroAssembler::checkHostSupport() {
  if (!CpuFeatures::host().sse41) {
    return Error(ErrorKind::Resource,
                 "the x86-64 JIT needs SSE4.1 (roundss/roundsd), which this CPU lacks");
  }
  return success();
}

// --- Functions, frames, finalisation ----------------------------------------

void MacroAssembler::emitPrologue() {
  auto& a = impl_->as;
  a.push(ax::rbp);
  a.mov(ax::rbp, ax::rsp);
  // DESIGN decision 5: stack overflow is a compare, not a crash. The new
  // stack pointer is computed in the scratch and checked against the limit
  // before rsp moves, so a frame of any size never puts rsp below the
  // limit: the trap stub runs at rbp, on the stack the caller checked, and
  // a signal arriving in between finds a valid stack.
  // `lea r11, [rsp + disp32]` with a placeholder: the frame size is known
  // only once the whole body has been compiled (Liftoff's PrepareStackFrame).
  static constexpr uint8_t kLeaR11RspDisp32[] = {0x4C, 0x8D, 0x9C, 0x24, 0, 0, 0, 0};
  impl_->buffer.setFrameSizePatch(codeOffset() + 4);
  a.embed(kLeaR11RspDisp32, sizeof kLeaR11RspDisp32);
  a.cmp(ax::r11, ax::qword_ptr(ax::r14, options_.vmctx.stackLimit));
  a.jb(impl_->label(trapLabel(TrapCode::StackExhausted)));
  a.mov(ax::rsp, ax::r11);
}

void MacroAssembler::endFunction(uint32_t frameBytes) {
  CodeBuffer& buffer = impl_->buffer;
  if (buffer.frameSizePatch() >= 0) {
    uint64_t aligned = (uint64_t{frameBytes} + RegisterConventions::kStackAlignment - 1) &
                       ~uint64_t{RegisterConventions::kStackAlignment - 1};
    assert(aligned <= uint64_t{std::numeric_limits<int32_t>::max()});
    int32_t size = -static_cast<int32_t>(aligned);  // the lea's displacement
    if (uint8_t* field = buffer.bytesAt(buffer.frameSizePatch(), sizeof size))
      std::memcpy(field, &size, sizeof size);
  }
  emitTrapStubs();
  buffer.endFunction();
}

// The trap entries of the function (code_buffer.h), after its body. A code
// used by one operator gets a whole stub at its entry; the entries of a
// code used by several each call that code's shared stub, which calls the
// trap builtin with the entry's return address as its own, so the trap's
// PC tells the operators apart. The shared stub comes first: a call back
// to a bound label is encoded directly.
void MacroAssembler::emitTrapStubs() {
  forEachTrapGroup(
      impl_->buffer.takeTrapEntries(), options_.trapBuiltin >= 0,
      [&](const TrapEntry& entry) { emitTrapStub(entry); },
      [&](std::span<const TrapEntry> group) {
        auto& a = impl_->as;
        const asmjit::Label shared = a.newLabel();
        a.bind(shared);
        // The builtin is a SysV function and never returns: the entry's
        // return address goes back on top of a 16-byte aligned stack, as if
        // the entry had called the builtin.
        a.pop(ax::rdx);
        a.and_(ax::rsp, -16);
        a.push(ax::rdx);
        loadTrapArguments(a, group.front().code);
        a.jmp(builtinSlot(options_, static_cast<uint32_t>(options_.trapBuiltin)));
        for (const TrapEntry& entry : group) {
          bind(entry.label);
          a.call(shared);
          impl_->buffer.recordTrapReturn(entry.wasmOffset);
        }
        // The last entry's return address must lie inside the function too.
        a.int3();
      });
}

void MacroAssembler::emitTrapStub(const TrapEntry& entry) {
  auto& a = impl_->as;
  bind(entry.label);
  if (options_.trapBuiltin >= 0) {
    // The builtin is a SysV function and never returns; the stub may be
    // reached with any stack alignment.
    a.and_(ax::rsp, -16);
    loadTrapArguments(a, entry.code);
    callBuiltin(static_cast<uint32_t>(options_.trapBuiltin));
  }
  impl_->buffer.recordTrapSite(entry.code, entry.wasmOffset);
  a.ud2();
}

void MacroAssembler::emitReturn() {
  impl_->as.leave();
  impl_->as.ret();
}

void MacroAssembler::allocateStack(uint32_t bytes) {
  if (bytes != 0) impl_->as.sub(ax::rsp, Imm(bytes));
}

void MacroAssembler::freeStack(uint32_t bytes) {
  if (bytes != 0) impl_->as.add(ax::rsp, Imm(bytes));
}

// --- Moves, loads, stores ---------------------------------------------------

void MacroAssembler::move(ValType type, Reg dst, Reg src) {
  if (dst == src) return;
  const bool gp = regClassOf(type) == RegClass::Gp;
  if (impl_->as.directMove(gp, type != ValType::I32, dst.code(), src.code())) return;
  auto& a = impl_->as;
  if (!gp)
    a.movaps(xmmr(dst), xmmr(src));
  else if (type == ValType::I32)
    a.mov(gpd(dst), gpd(src));
  else
    a.mov(gpq(dst), gpq(src));
}

void MacroAssembler::moveImm(ValType type, Reg dst, uint64_t bits) {
  auto& a = impl_->as;
  switch (type) {
    case ValType::I32:
      emitMoveImm32(a, gpd(dst), static_cast<uint32_t>(bits));
      break;
    case ValType::F32:
    case ValType::F64:
    case ValType::V128:
      // Only the zero v128 fits in `bits`; other v128 constants come with SIMD.
      assert(type != ValType::V128 || bits == 0);
      if (bits == 0) {
        a.xorps(xmmr(dst), xmmr(dst));
      } else if (type == ValType::F32) {
        a.mov(ax::r11d, Imm(static_cast<uint32_t>(bits)));
        a.movd(xmmr(dst), ax::r11d);
      } else {
        emitMoveImm64(a, ax::r11, bits);
        a.movq(xmmr(dst), ax::r11);
      }
      break;
    default:
      emitMoveImm64(a, gpq(dst), bits);
      break;  // i64, references
  }
}

void MacroAssembler::load(LoadKind kind, Reg dst, const Address& src) {
  direct::Load d;
  direct::MemRef m;
  if (directLoadOf(kind, d)) {
    if (isFrameSlot(src) ? impl_->as.directLoadFrame(d, dst.code(), src.offset)
                         : toMemRef(src, m) && impl_->as.directLoad(d, dst.code(), m))
      return;
  }
  emitLoad(impl_->as, kind, dst, toMem(src, 0));
}

void MacroAssembler::store(StoreKind kind, const Address& dst, Reg src) {
  direct::Store d;
  direct::MemRef m;
  if (directStoreOf(kind, d)) {
    if (isFrameSlot(dst) ? impl_->as.directStoreFrame(d, dst.offset, src.code())
                         : toMemRef(dst, m) && impl_->as.directStore(d, m, src.code()))
      return;
  }
  emitStore(impl_->as, kind, toMem(dst, 0), src);
}

void MacroAssembler::storeImm(StoreKind kind, const Address& dst, uint64_t bits) {
  auto& a = impl_->as;
  ax::Mem m = toMem(dst, accessSize(kind));
  if (kind == StoreKind::V128) {
    assert(bits == 0);
    m.setSize(8);
    a.mov(m, Imm(0));
    m.addOffset(8);
    a.mov(m, Imm(0));
  } else if (accessSize(kind) == 8 && !fitsInt32(static_cast<int64_t>(bits))) {
    emitMoveImm64(a, ax::r11, bits);
    a.mov(m, ax::r11);
  } else {
    emitStoreImm(a, kind, m, bits);
  }
}

void MacroAssembler::loadAddress(Reg dst, const Address& src) {
  impl_->as.lea(gpq(dst), toMem(src, 0));
}

// Explicit bounds check (DESIGN decision 4): index + offset + size must not
// exceed the memory's length. The sum needs 64 bits: index < 2^32 and
// offset < 2^32 (spec 2.4.7 memarg).
void MacroAssembler::emitBoundsCheck(Reg index, uint64_t offset, uint32_t size) {
  auto& a = impl_->as;
  uint64_t end = offset + size;
  const bool fitsImm32 = end <= static_cast<uint64_t>(std::numeric_limits<int32_t>::max());
  if (!index.isValid() && fitsImm32) {  // a constant address: compare the length with its end
    a.cmp(ax::qword_ptr(ax::r14, options_.vmctx.memoryLength), Imm(static_cast<int32_t>(end)));
    a.jb(impl_->label(trapLabel(TrapCode::MemoryOutOfBounds)));
    return;
  }
  if (!index.isValid()) {
    emitMoveImm64(a, ax::r11, end);
  } else if (fitsImm32) {
    a.lea(ax::r11, ax::ptr(gpq(index), static_cast<int32_t>(end)));
  } else {
    emitMoveImm64(a, ax::r11, end);
    a.add(ax::r11, gpq(index));
  }
  a.cmp(ax::r11, ax::qword_ptr(ax::r14, options_.vmctx.memoryLength));
  a.ja(impl_->label(trapLabel(TrapCode::MemoryOutOfBounds)));
}


void MacroAssembler::loadHeap(LoadKind kind, Reg dst, Reg index, uint64_t offset,
                              BoundsCheck check) {
  if (check == BoundsCheck::Explicit) emitBoundsCheck(index, offset, accessSize(kind));
  direct::Load d;
  direct::MemRef ref;
  if (directLoadOf(kind, d) && heapRef(index, offset, ref)) {
    if (check == BoundsCheck::Guard) recordTrapSite(TrapCode::MemoryOutOfBounds);
    if (!impl_->as.directLoad(d, dst.code(), ref))
      emitLoad(impl_->as, kind, dst, heapOperand(impl_->as, index, offset));  // emits no code here
    return;
  }
  ax::Mem m = heapOperand(impl_->as, index, offset);
  if (check == BoundsCheck::Guard) recordTrapSite(TrapCode::MemoryOutOfBounds);
  emitLoad(impl_->as, kind, dst, m);
}

void MacroAssembler::storeHeap(StoreKind kind, Reg value, Reg index, uint64_t offset,
                               BoundsCheck check) {
  if (check == BoundsCheck::Explicit) emitBoundsCheck(index, offset, accessSize(kind));
  direct::Store d;
  direct::MemRef ref;
  if (directStoreOf(kind, d) && heapRef(index, offset, ref)) {
    if (check == BoundsCheck::Guard) recordTrapSite(TrapCode::MemoryOutOfBounds);
    if (!impl_->as.directStore(d, ref, value.code()))
      emitStore(impl_->as, kind, heapOperand(impl_->as, index, offset), value);  // emits no code here
    return;
  }
  ax::Mem m = heapOperand(impl_->as, index, offset);
  if (check == BoundsCheck::Guard) recordTrapSite(TrapCode::MemoryOutOfBounds);
  emitStore(impl_->as, kind, m, value);
}

void MacroAssembler::storeHeapImm(StoreKind kind, uint64_t bits, Reg index, uint64_t offset,
                                  BoundsCheck check) {
  if (check == BoundsCheck::Explicit) emitBoundsCheck(index, offset, accessSize(kind));
  ax::Mem m = heapOperand(impl_->as, index, offset);
  if (check == BoundsCheck::Guard) recordTrapSite(TrapCode::MemoryOutOfBounds);
  emitStoreImm(impl_->as, kind, m, bits);
}

void MacroAssembler::reloadMemoryBase() {
  impl_->as.mov(ax::r15, ax::qword_ptr(ax::r14, options_.vmctx.memoryBase));
}

// --- Integer operations -----------------------------------------------------

void MacroAssembler::add(OpSize s, Reg dst, Reg lhs, Reg rhs) {
  auto& a = impl_->as;
  if (dst != lhs && dst != rhs) {
    // lea is three-operand; the 32-bit form truncates and zero-extends.
    a.lea(gpr(s, dst), ax::ptr(gpq(lhs), gpq(rhs)));
    return;
  }
  intBinop(a, s, dst, lhs, rhs, true, [&](auto d, auto r) { a.add(d, r); });
}

void MacroAssembler::add(OpSize s, Reg dst, Reg lhs, int64_t imm) {
  auto& a = impl_->as;
  if (encodableImm(s, imm) && dst != lhs) {
    a.lea(gpr(s, dst), ax::ptr(gpq(lhs), imm32Of(s, imm)));
    return;
  }
  if (encodableImm(s, imm) && imm32Of(s, imm) == 0) return;
  intBinopImm(a, s, dst, lhs, imm, [&](auto d, auto r) { a.add(d, r); });
}

void MacroAssembler::sub(OpSize s, Reg dst, Reg lhs, Reg rhs) {
  auto& a = impl_->as;
  if (dst == rhs && dst != lhs) {
    a.neg(gpr(s, dst));  // dst = -rhs + lhs
    a.add(gpr(s, dst), gpr(s, lhs));
    return;
  }
  intBinop(a, s, dst, lhs, rhs, false, [&](auto d, auto r) { a.sub(d, r); });
}

void MacroAssembler::sub(OpSize s, Reg dst, Reg lhs, int64_t imm) {
  // Modular arithmetic: lhs - imm == lhs + (-imm) in both widths.
  add(s, dst, lhs, static_cast<int64_t>(0 - static_cast<uint64_t>(imm)));
}

void MacroAssembler::mul(OpSize s, Reg dst, Reg lhs, Reg rhs) {
  auto& a = impl_->as;
  intBinop(a, s, dst, lhs, rhs, true, [&](auto d, auto r) { a.imul(d, r); });
}

void MacroAssembler::mul(OpSize s, Reg dst, Reg lhs, int64_t imm) {
  auto& a = impl_->as;
  if (encodableImm(s, imm)) {
    a.imul(gpr(s, dst), gpr(s, lhs), Imm(imm32Of(s, imm)));
    return;
  }
  intBinopImm(a, s, dst, lhs, imm, [&](auto d, auto r) { a.imul(d, r); });
}

void MacroAssembler::bitAnd(OpSize s, Reg dst, Reg lhs, Reg rhs) {
  auto& a = impl_->as;
  intBinop(a, s, dst, lhs, rhs, true, [&](auto d, auto r) { a.and_(d, r); });
}
void MacroAssembler::bitAnd(OpSize s, Reg dst, Reg lhs, int64_t imm) {
  auto& a = impl_->as;
  if (s == OpSize::S64 && imm == 0xFFFFFFFF) {
    // The mask has no 32-bit immediate form; a 32-bit mov zero-extends.
    a.mov(gpd(dst), gpd(lhs));
    return;
  }
  intBinopImm(a, s, dst, lhs, imm, [&](auto d, auto r) { a.and_(d, r); });
}
void MacroAssembler::bitOr(OpSize s, Reg dst, Reg lhs, Reg rhs) {
  auto& a = impl_->as;
  intBinop(a, s, dst, lhs, rhs, true, [&](auto d, auto r) { a.or_(d, r); });
}
void MacroAssembler::bitOr(OpSize s, Reg dst, Reg lhs, int64_t imm) {
  auto& a = impl_->as;
  intBinopImm(a, s, dst, lhs, imm, [&](auto d, auto r) { a.or_(d, r); });
}
void MacroAssembler::bitXor(OpSize s, Reg dst, Reg lhs, Reg rhs) {
  auto& a = impl_->as;
  intBinop(a, s, dst, lhs, rhs, true, [&](auto d, auto r) { a.xor_(d, r); });
}
void MacroAssembler::bitXor(OpSize s, Reg dst, Reg lhs, int64_t imm) {
  auto& a = impl_->as;
  intBinopImm(a, s, dst, lhs, imm, [&](auto d, auto r) { a.xor_(d, r); });
}

void MacroAssembler::shl(OpSize s, Reg dst, Reg lhs, Reg rhs) {
  shiftByReg(impl_->as, features_.bmi2, ShiftOp::Shl, s, dst, lhs, rhs);
}
void MacroAssembler::shl(OpSize s, Reg dst, Reg lhs, int64_t imm) {
  shiftByImm(impl_->as, features_.bmi2, ShiftOp::Shl, s, dst, lhs, imm);
}
void MacroAssembler::shrS(OpSize s, Reg dst, Reg lhs, Reg rhs) {
  shiftByReg(impl_->as, features_.bmi2, ShiftOp::Sar, s, dst, lhs, rhs);
}
void MacroAssembler::shrS(OpSize s, Reg dst, Reg lhs, int64_t imm) {
  shiftByImm(impl_->as, features_.bmi2, ShiftOp::Sar, s, dst, lhs, imm);
}
void MacroAssembler::shrU(OpSize s, Reg dst, Reg lhs, Reg rhs) {
  shiftByReg(impl_->as, features_.bmi2, ShiftOp::Shr, s, dst, lhs, rhs);
}
void MacroAssembler::shrU(OpSize s, Reg dst, Reg lhs, int64_t imm) {
  shiftByImm(impl_->as, features_.bmi2, ShiftOp::Shr, s, dst, lhs, imm);
}
void MacroAssembler::rotl(OpSize s, Reg dst, Reg lhs, Reg rhs) {
  shiftByReg(impl_->as, features_.bmi2, ShiftOp::Rol, s, dst, lhs, rhs);
}
void MacroAssembler::rotl(OpSize s, Reg dst, Reg lhs, int64_t imm) {
  shiftByImm(impl_->as, features_.bmi2, ShiftOp::Rol, s, dst, lhs, imm);
}
void MacroAssembler::rotr(OpSize s, Reg dst, Reg lhs, Reg rhs) {
  shiftByReg(impl_->as, features_.bmi2, ShiftOp::Ror, s, dst, lhs, rhs);
}
void MacroAssembler::rotr(OpSize s, Reg dst, Reg lhs, int64_t imm) {
  shiftByImm(impl_->as, features_.bmi2, ShiftOp::Ror, s, dst, lhs, imm);
}

// Spec 4.3.2 idiv/irem: division by zero traps; INT_MIN / -1 overflows and
// traps, while INT_MIN % -1 is 0. x86's idiv faults on both, so both are
// handled before it. rax and rdx are clobbered (kDivRemClobbers).
void MacroAssembler::divide(OpSize s, Reg dst, Reg lhs, Reg rhs, bool isSigned,
                            bool wantRemainder) {
  auto& a = impl_->as;
  const ax::Gp l = gpr(s, lhs), r = gpr(s, rhs);
  a.test(r, r);
  a.jz(impl_->label(trapLabel(TrapCode::IntegerDivideByZero)));
  asmjit::Label done;
  if (isSigned) {
    asmjit::Label divisorNotMinusOne = a.newLabel();
    a.cmp(r, -1);
    a.short_().jne(divisorNotMinusOne);
    if (wantRemainder) {
      done = a.newLabel();
      a.xor_(gpd(dst), gpd(dst));  // x % -1 == 0 for every x
      a.short_().jmp(done);
    } else {
      a.cmp(l, 1);  // lhs - 1 overflows exactly when lhs == INT_MIN
      a.jo(impl_->label(trapLabel(TrapCode::IntegerOverflow)));
    }
    a.bind(divisorNotMinusOne);
  }
  ax::Gp divisor = r;
  if (rhs == rax || rhs == rdx) {
    a.mov(scratch(s), r);
    divisor = scratch(s);
  }
  if (lhs != rax) a.mov(gpr(s, rax), l);
  if (!isSigned)
    a.xor_(ax::edx, ax::edx);
  else if (s == OpSize::S64)
    a.cqo();
  else
    a.cdq();
  // Cannot fault after the checks above; recorded all the same so that a
  // stray #DE still maps to a wasm trap rather than a crash.
  recordTrapSite(TrapCode::IntegerDivideByZero);
  if (isSigned)
    a.idiv(divisor);
  else
    a.div(divisor);
  const Reg result = wantRemainder ? rdx : rax;
  if (dst != result) a.mov(gpr(s, dst), gpr(s, result));
  if (done.isValid()) a.bind(done);
}

void MacroAssembler::divS(OpSize s, Reg dst, Reg lhs, Reg rhs) {
  divide(s, dst, lhs, rhs, true, false);
}
void MacroAssembler::divU(OpSize s, Reg dst, Reg lhs, Reg rhs) {
  divide(s, dst, lhs, rhs, false, false);
}
void MacroAssembler::remS(OpSize s, Reg dst, Reg lhs, Reg rhs) {
  divide(s, dst, lhs, rhs, true, true);
}
void MacroAssembler::remU(OpSize s, Reg dst, Reg lhs, Reg rhs) {
  divide(s, dst, lhs, rhs, false, true);
}

// jit/constant_division.h: rdx = the high half of M * |x| (the quotient),
// or of (M * |x| mod 2^64) * |d| (the remainder); r11d keeps x's sign mask.
void MacroAssembler::divRemByConstant(DivKind kind, Reg dst, Reg lhs, int32_t divisor) {
  auto& a = impl_->as;
  const uint32_t magnitude = divisorMagnitude(kind, divisor);
  const bool isSigned = isSignedDivision(kind);
  a.mov(ax::eax, gpd(lhs));  // zero-extends
  if (isSigned) {            // eax = |x| as unsigned, r11d = 0 or -1
    a.cdq();
    a.xor_(ax::eax, ax::edx);
    a.sub(ax::eax, ax::edx);
    a.mov(ax::r11d, ax::edx);
  }
  emitMoveImm64(a, ax::rdx, divisionMagic(magnitude));
  if (isRemainder(kind)) {
    a.imul(ax::rax, ax::rdx);
    a.mov(ax::edx, Imm(magnitude));
  }
  a.mul(ax::rdx);
  if (isSigned) {  // negate when the sign mask (flipped for a negative divisor) says so
    if (kind == DivKind::DivS && divisor < 0) a.not_(ax::r11d);
    a.xor_(ax::edx, ax::r11d);
    a.sub(ax::edx, ax::r11d);
  }
  a.mov(gpd(dst), ax::edx);
}

void MacroAssembler::clz(OpSize s, Reg dst, Reg src) {
  auto& a = impl_->as;
  const ax::Gp d = gpr(s, dst);
  if (features_.lzcnt) {
    a.lzcnt(d, gpr(s, src));
    return;
  }
  // bsr gives the index of the highest set bit and sets ZF for 0 (leaving
  // dst undefined). clz = (bits - 1) ^ index; the zero case selects
  // 2 * bits - 1 so that the same xor yields `bits`.
  const uint32_t bits = s == OpSize::S64 ? 64 : 32;
  a.mov(ax::r11d, Imm(2 * bits - 1));
  a.bsr(d, gpr(s, src));
  a.cmovz(d, scratch(s));
  a.xor_(d, Imm(bits - 1));
}

void MacroAssembler::ctz(OpSize s, Reg dst, Reg src) {
  auto& a = impl_->as;
  const ax::Gp d = gpr(s, dst);
  if (features_.bmi1) {
    a.tzcnt(d, gpr(s, src));
    return;
  }
  a.mov(ax::r11d, Imm(s == OpSize::S64 ? 64 : 32));
  a.bsf(d, gpr(s, src));
  a.cmovz(d, scratch(s));
}

void MacroAssembler::popcnt(OpSize s, Reg dst, Reg src) {
  auto& a = impl_->as;
  const ax::Gp d = gpr(s, dst);
  if (features_.popcnt) {
    a.popcnt(d, gpr(s, src));
    return;
  }
  // Only CPUs from before 2008 lack popcnt: count one bit per iteration.
  asmjit::Label loop = a.newLabel(), done = a.newLabel();
  a.mov(scratch(s), gpr(s, src));
  a.xor_(d.r32(), d.r32());
  a.test(scratch(s), scratch(s));
  a.short_().jz(done);
  a.bind(loop);
  a.shr(scratch(s), 1);
  a.adc(d, 0);
  a.test(scratch(s), scratch(s));
  a.short_().jnz(loop);
  a.bind(done);
}

void MacroAssembler::eqz(OpSize s, Reg dst, Reg src) { compare(IntCond::Eq, s, dst, src, 0); }

void MacroAssembler::compare(IntCond cond, OpSize s, Reg dst, Reg lhs, Reg rhs) {
  auto& a = impl_->as;
  // Clearing dst first (when it is not an operand) saves the movzx.
  const bool clearFirst = dst != lhs && dst != rhs;
  if (clearFirst) a.xor_(gpd(dst), gpd(dst));
  a.cmp(gpr(s, lhs), gpr(s, rhs));
  a.set(condCode(cond), gpb(dst));
  if (!clearFirst) a.movzx(gpd(dst), gpb(dst));
}

void MacroAssembler::compare(IntCond cond, OpSize s, Reg dst, Reg lhs, int64_t imm) {
  auto& a = impl_->as;
  const bool clearFirst = dst != lhs;
  if (!encodableImm(s, imm)) emitMoveImm64(a, ax::r11, static_cast<uint64_t>(imm));
  if (clearFirst) a.xor_(gpd(dst), gpd(dst));
  if (!encodableImm(s, imm))
    a.cmp(gpq(lhs), ax::r11);
  else if (imm32Of(s, imm) == 0)
    a.test(gpr(s, lhs), gpr(s, lhs));
  else
    a.cmp(gpr(s, lhs), Imm(imm32Of(s, imm)));
  a.set(condCode(cond), gpb(dst));
  if (!clearFirst) a.movzx(gpd(dst), gpb(dst));
}

namespace {
// The flags are set: dst = condition ? ifTrue : ifFalse (mov leaves the
// flags alone).
void emitConditionalMove(FastAssembler& a, IntCond cond, ValType type, Reg dst, Reg ifTrue,
                         Reg ifFalse) {
  const OpSize s = type == ValType::I32 ? OpSize::S32 : OpSize::S64;
  const ax::Gp d = gpr(s, dst);
  if (dst == ifFalse) {
    a.cmov(condCode(cond), d, gpr(s, ifTrue));
  } else if (dst == ifTrue) {
    a.cmov(condCode(negate(cond)), d, gpr(s, ifFalse));
  } else {
    a.mov(d, gpr(s, ifFalse));
    a.cmov(condCode(cond), d, gpr(s, ifTrue));
  }
}
}  // namespace

void MacroAssembler::selectCompare(IntCond cond, OpSize s, Reg lhs, Reg rhs, ValType type,
                                   Reg dst, Reg ifTrue, Reg ifFalse) {
  auto& a = impl_->as;
  a.cmp(gpr(s, lhs), gpr(s, rhs));
  emitConditionalMove(a, cond, type, dst, ifTrue, ifFalse);
}

void MacroAssembler::selectCompare(IntCond cond, OpSize s, Reg lhs, int64_t imm, ValType type,
                                   Reg dst, Reg ifTrue, Reg ifFalse) {
  auto& a = impl_->as;
  if (!encodableImm(s, imm)) {
    emitMoveImm64(a, ax::r11, static_cast<uint64_t>(imm));
    a.cmp(gpq(lhs), ax::r11);
  } else if (imm32Of(s, imm) == 0 && (cond == IntCond::Eq || cond == IntCond::Ne)) {
    a.test(gpr(s, lhs), gpr(s, lhs));
  } else {
    a.cmp(gpr(s, lhs), Imm(imm32Of(s, imm)));
  }
  emitConditionalMove(a, cond, type, dst, ifTrue, ifFalse);
}

void MacroAssembler::select(ValType type, Reg dst, Reg cond, Reg ifTrue, Reg ifFalse) {
  auto& a = impl_->as;
  if (regClassOf(type) == RegClass::Gp) {
    const OpSize s = type == ValType::I32 ? OpSize::S32 : OpSize::S64;
    const ax::Gp d = gpr(s, dst);
    a.test(gpd(cond), gpd(cond));
    if (dst == ifFalse) {
      a.cmovnz(d, gpr(s, ifTrue));
    } else if (dst == ifTrue) {
      a.cmovz(d, gpr(s, ifFalse));
    } else {
      a.mov(d, gpr(s, ifFalse));  // mov leaves the flags alone
      a.cmovnz(d, gpr(s, ifTrue));
    }
    return;
  }
  const ax::Xmm d = xmmr(dst);
  asmjit::Label skip = a.newLabel();
  if (dst == ifFalse) {
    a.test(gpd(cond), gpd(cond));
    a.short_().jz(skip);
    a.movaps(d, xmmr(ifTrue));
  } else if (dst == ifTrue) {
    a.test(gpd(cond), gpd(cond));
    a.short_().jnz(skip);
    a.movaps(d, xmmr(ifFalse));
  } else {
    a.movaps(d, xmmr(ifFalse));
    a.test(gpd(cond), gpd(cond));
    a.short_().jz(skip);
    a.movaps(d, xmmr(ifTrue));
  }
  a.bind(skip);
}

// --- Float operations -------------------------------------------------------

void MacroAssembler::fadd(OpSize s, Reg dst, Reg lhs, Reg rhs) {
  auto& a = impl_->as;
  floatBinop(a, dst, lhs, rhs, true,
             [&](auto d, auto r) { s == OpSize::S32 ? a.addss(d, r) : a.addsd(d, r); });
}
void MacroAssembler::fsub(OpSize s, Reg dst, Reg lhs, Reg rhs) {
  auto& a = impl_->as;
  floatBinop(a, dst, lhs, rhs, false,
             [&](auto d, auto r) { s == OpSize::S32 ? a.subss(d, r) : a.subsd(d, r); });
}
void MacroAssembler::fmul(OpSize s, Reg dst, Reg lhs, Reg rhs) {
  auto& a = impl_->as;
  floatBinop(a, dst, lhs, rhs, true,
             [&](auto d, auto r) { s == OpSize::S32 ? a.mulss(d, r) : a.mulsd(d, r); });
}
void MacroAssembler::fdiv(OpSize s, Reg dst, Reg lhs, Reg rhs) {
  auto& a = impl_->as;
  floatBinop(a, dst, lhs, rhs, false,
             [&](auto d, auto r) { s == OpSize::S32 ? a.divss(d, r) : a.divsd(d, r); });
}

// Spec 4.3.3 fmin/fmax: a NaN operand gives a NaN, and -0 < +0. minss/maxss
// do neither (they return the second operand), so they only handle the
// ordered, unequal case. Equal operands differ at most in the sign of zero:
// or-ing the bits gives min's -0, and-ing gives max's +0. For NaN, an add
// propagates (and quiets) the NaN operand.
void MacroAssembler::fmin(OpSize s, Reg dst, Reg lhs, Reg rhs) {
  auto& a = impl_->as;
  const bool f32 = s == OpSize::S32;
  asmjit::Label unordered = a.newLabel(), unequal = a.newLabel(), done = a.newLabel();
  ucomis(a, s, xmmr(lhs), xmmr(rhs));
  a.short_().jp(unordered);
  a.short_().jne(unequal);
  floatBinop(a, dst, lhs, rhs, true, [&](auto d, auto r) { a.orps(d, r); });
  a.short_().jmp(done);
  a.bind(unequal);
  floatBinop(a, dst, lhs, rhs, true, [&](auto d, auto r) { f32 ? a.minss(d, r) : a.minsd(d, r); });
  a.short_().jmp(done);
  a.bind(unordered);
  floatBinop(a, dst, lhs, rhs, true, [&](auto d, auto r) { f32 ? a.addss(d, r) : a.addsd(d, r); });
  a.bind(done);
}

void MacroAssembler::fmax(OpSize s, Reg dst, Reg lhs, Reg rhs) {
  auto& a = impl_->as;
  const bool f32 = s == OpSize::S32;
  asmjit::Label unordered = a.newLabel(), unequal = a.newLabel(), done = a.newLabel();
  ucomis(a, s, xmmr(lhs), xmmr(rhs));
  a.short_().jp(unordered);
  a.short_().jne(unequal);
  floatBinop(a, dst, lhs, rhs, true, [&](auto d, auto r) { a.andps(d, r); });
  a.short_().jmp(done);
  a.bind(unequal);
  floatBinop(a, dst, lhs, rhs, true, [&](auto d, auto r) { f32 ? a.maxss(d, r) : a.maxsd(d, r); });
  a.short_().jmp(done);
  a.bind(unordered);
  floatBinop(a, dst, lhs, rhs, true, [&](auto d, auto r) { f32 ? a.addss(d, r) : a.addsd(d, r); });
  a.bind(done);
}

namespace {
// Clears the sign bit of the low f32/f64 lane by shifting it out and back.
void clearSignBit(FastAssembler& a, OpSize s, const ax::Xmm& x) {
  if (s == OpSize::S32) {
    a.pslld(x, 1);
    a.psrld(x, 1);
  } else {
    a.psllq(x, 1);
    a.psrlq(x, 1);
  }
}
// The FP scratch holds just the sign bit of the low lane.
void signMaskInScratch(FastAssembler& a, OpSize s) {
  a.pcmpeqd(kFpScratch, kFpScratch);
  if (s == OpSize::S32)
    a.pslld(kFpScratch, 31);
  else
    a.psllq(kFpScratch, 63);
}
}  // namespace

// abs, neg and copysign only touch the sign bit: NaN payloads pass through
// unchanged, as spec 4.3.3 requires of these three.
void MacroAssembler::fabs(OpSize s, Reg dst, Reg src) {
  move(ValType::F64, dst, src);
  clearSignBit(impl_->as, s, xmmr(dst));
}

void MacroAssembler::fneg(OpSize s, Reg dst, Reg src) {
  auto& a = impl_->as;
  signMaskInScratch(a, s);
  move(ValType::F64, dst, src);
  a.xorps(xmmr(dst), kFpScratch);
}

void MacroAssembler::fcopysign(OpSize s, Reg dst, Reg lhs, Reg rhs) {
  auto& a = impl_->as;
  signMaskInScratch(a, s);
  a.andps(kFpScratch, xmmr(rhs));  // rhs is read before dst may overwrite it
  move(ValType::F64, dst, lhs);
  clearSignBit(a, s, xmmr(dst));
  a.orps(xmmr(dst), kFpScratch);
}

void MacroAssembler::fsqrt(OpSize s, Reg dst, Reg src) {
  auto& a = impl_->as;
  if (s == OpSize::S32)
    a.sqrtss(xmmr(dst), xmmr(src));
  else
    a.sqrtsd(xmmr(dst), xmmr(src));
}

void MacroAssembler::fround(RoundMode mode, OpSize s, Reg dst, Reg src) {
  auto& a = impl_->as;
  // roundss/roundsd immediate: 0 nearest-even, 1 down, 2 up, 3 toward zero.
  uint32_t imm = 0;
  switch (mode) {
    case RoundMode::Nearest:
      imm = 0;
      break;
    case RoundMode::Floor:
      imm = 1;
      break;
    case RoundMode::Ceil:
      imm = 2;
      break;
    case RoundMode::Trunc:
      imm = 3;
      break;
  }
  if (s == OpSize::S32)
    a.roundss(xmmr(dst), xmmr(src), Imm(imm));
  else
    a.roundsd(xmmr(dst), xmmr(src), Imm(imm));
}

// After ucomis, "above" (CF = 0 and ZF = 0) and "above or equal" (CF = 0)
// are false when unordered, so lt/le swap the operands to use them too.
// Only eq and ne must look at the parity flag.
void MacroAssembler::fcompare(FloatCond cond, OpSize s, Reg dst, Reg lhs, Reg rhs) {
  auto& a = impl_->as;
  const ax::Gp d32 = gpd(dst), d8 = gpb(dst);
  const ax::Xmm l = xmmr(lhs), r = xmmr(rhs);
  switch (cond) {
    case FloatCond::Eq:
      ucomis(a, s, l, r);
      a.sete(d8);
      a.setnp(ax::r11b);
      a.and_(d8, ax::r11b);
      a.movzx(d32, d8);
      return;
    case FloatCond::Ne:
      ucomis(a, s, l, r);
      a.setne(d8);
      a.setp(ax::r11b);
      a.or_(d8, ax::r11b);
      a.movzx(d32, d8);
      return;
    default:
      break;
  }
  const bool swap = cond == FloatCond::Lt || cond == FloatCond::Le;
  const bool orEqual = cond == FloatCond::Le || cond == FloatCond::Ge;
  a.xor_(d32, d32);
  ucomis(a, s, swap ? r : l, swap ? l : r);
  if (orEqual)
    a.setae(d8);
  else
    a.seta(d8);
}

void MacroAssembler::convert(Conversion conv, Reg dst, Reg src) {
  auto& a = impl_->as;
  using C = Conversion;
  switch (conv) {
    case C::I32WrapI64:
    case C::I64ExtendI32U:
      // A 32-bit mov zero-extends: wrap drops the upper half, extend_u
      // re-establishes the zero upper half even when dst == src.
      a.mov(gpd(dst), gpd(src));
      return;
    case C::I64ExtendI32S:
    case C::I64Extend32S:
      a.movsxd(gpq(dst), gpd(src));
      return;
    case C::I32Extend8S:
      a.movsx(gpd(dst), gpb(src));
      return;
    case C::I32Extend16S:
      a.movsx(gpd(dst), gpw(src));
      return;
    case C::I64Extend8S:
      a.movsx(gpq(dst), gpb(src));
      return;
    case C::I64Extend16S:
      a.movsx(gpq(dst), gpw(src));
      return;

    case C::I32TruncF32S:
    case C::I32TruncF64S:
    case C::I64TruncF32S:
    case C::I64TruncF64S:
    case C::I32TruncSatF32S:
    case C::I32TruncSatF64S:
    case C::I64TruncSatF32S:
    case C::I64TruncSatF64S:
      truncateSigned(conv, dst, src);
      return;
    case C::I32TruncF32U:
    case C::I32TruncF64U:
    case C::I32TruncSatF32U:
    case C::I32TruncSatF64U:
      truncateUnsigned32(conv, dst, src);
      return;
    case C::I64TruncF32U:
    case C::I64TruncF64U:
    case C::I64TruncSatF32U:
    case C::I64TruncSatF64U:
      truncateUnsigned64(conv, dst, src);
      return;

    // xorps first breaks cvtsi2ss's false dependency on dst's old value.
    case C::F32ConvertI32S:
      a.xorps(xmmr(dst), xmmr(dst));
      a.cvtsi2ss(xmmr(dst), gpd(src));
      return;
    case C::F64ConvertI32S:
      a.xorps(xmmr(dst), xmmr(dst));
      a.cvtsi2sd(xmmr(dst), gpd(src));
      return;
    case C::F32ConvertI64S:
      a.xorps(xmmr(dst), xmmr(dst));
      a.cvtsi2ss(xmmr(dst), gpq(src));
      return;
    case C::F64ConvertI64S:
      a.xorps(xmmr(dst), xmmr(dst));
      a.cvtsi2sd(xmmr(dst), gpq(src));
      return;
    // A u32 is exactly representable as an i64: convert it zero-extended.
    case C::F32ConvertI32U:
      a.mov(ax::r11d, gpd(src));
      a.xorps(xmmr(dst), xmmr(dst));
      a.cvtsi2ss(xmmr(dst), ax::r11);
      return;
    case C::F64ConvertI32U:
      a.mov(ax::r11d, gpd(src));
      a.xorps(xmmr(dst), xmmr(dst));
      a.cvtsi2sd(xmmr(dst), ax::r11);
      return;
    case C::F32ConvertI64U:
      convertUnsigned64ToFloat(OpSize::S32, dst, src);
      return;
    case C::F64ConvertI64U:
      convertUnsigned64ToFloat(OpSize::S64, dst, src);
      return;

    case C::F32DemoteF64:
      a.cvtsd2ss(xmmr(dst), xmmr(src));
      return;
    case C::F64PromoteF32:
      a.cvtss2sd(xmmr(dst), xmmr(src));
      return;
    case C::I32ReinterpretF32:
      a.movd(gpd(dst), xmmr(src));
      return;
    case C::I64ReinterpretF64:
      a.movq(gpq(dst), xmmr(src));
      return;
    case C::F32ReinterpretI32:
      a.movd(xmmr(dst), gpd(src));
      return;
    case C::F64ReinterpretI64:
      a.movq(xmmr(dst), gpq(src));
      return;
  }
}

// cvttss2si/cvttsd2si return INT_MIN ("integer indefinite") for NaN and
// out-of-range inputs, and for inputs that truncate to INT_MIN exactly. Only
// that result takes the slow path, which tells the cases apart: NaN, below
// the lowest valid input, or non-negative (any positive overflow).
void MacroAssembler::truncateSigned(Conversion conv, Reg dst, Reg src) {
  auto& a = impl_->as;
  const TruncInfo info = truncInfo(conv);
  const ax::Gp d = gpr(info.to, dst);
  const ax::Xmm x = xmmr(src);
  asmjit::Label done = a.newLabel();
  cvttToInt(a, info.from, d, x);
  a.cmp(d, 1);  // overflows exactly when d == INT_MIN
  a.short_().jno(done);
  ucomis(a, info.from, x, x);
  if (!info.saturating) {
    a.jp(impl_->label(trapLabel(TrapCode::InvalidConversionToInteger)));
    const asmjit::Label overflow = impl_->label(trapLabel(TrapCode::IntegerOverflow));
    // Inputs in (INT_MIN - 1, INT_MIN] truncate to INT_MIN. f64 represents
    // -2^31 - 1, where "> -2^31 - 1" is the test; elsewhere the bound is
    // -2^(N-1) itself (the next representable value below is already out).
    if (info.from == OpSize::S64 && info.to == OpSize::S32) {
      loadFloatConstant(a, OpSize::S64, 0xC1E0000000200000);  // -2147483649.0
      ucomis(a, info.from, x, kFpScratch);
      a.jbe(overflow);
    } else {
      uint64_t minBits = info.from == OpSize::S32
                             ? (info.to == OpSize::S32 ? 0xCF000000 : 0xDF000000)
                             : 0xC3E0000000000000;  // -2^31f, -2^63f, -2^63
      loadFloatConstant(a, info.from, minBits);
      ucomis(a, info.from, x, kFpScratch);
      a.jb(overflow);
    }
    a.xorps(kFpScratch, kFpScratch);
    ucomis(a, info.from, x, kFpScratch);
    a.jae(overflow);
  } else {
    // Saturate: NaN -> 0, negative overflow -> INT_MIN (already in d),
    // positive overflow -> INT_MAX == ~INT_MIN.
    asmjit::Label nan = a.newLabel();
    a.short_().jp(nan);
    a.xorps(kFpScratch, kFpScratch);
    ucomis(a, info.from, x, kFpScratch);
    a.short_().jb(done);
    a.not_(d);
    a.short_().jmp(done);
    a.bind(nan);
    a.xor_(d.r32(), d.r32());
  }
  a.bind(done);
}

// To u32 through the 64-bit signed conversion, which is exact on the whole
// valid range (-1, 2^32): the result is valid iff its upper half is zero.
void MacroAssembler::truncateUnsigned32(Conversion conv, Reg dst, Reg src) {
  auto& a = impl_->as;
  const TruncInfo info = truncInfo(conv);
  const ax::Gp d64 = gpq(dst);
  const ax::Xmm x = xmmr(src);
  asmjit::Label done = a.newLabel();
  cvttToInt(a, info.from, d64, x);
  a.mov(ax::r11, d64);
  a.shr(ax::r11, 32);
  a.short_().jz(done);
  if (!info.saturating) {
    ucomis(a, info.from, x, x);
    a.jp(impl_->label(trapLabel(TrapCode::InvalidConversionToInteger)));
    a.jmp(impl_->label(trapLabel(TrapCode::IntegerOverflow)));
  } else {
    // NaN and negative inputs -> 0, large ones -> UINT32_MAX.
    a.xor_(d64.r32(), d64.r32());
    a.xorps(kFpScratch, kFpScratch);
    ucomis(a, info.from, x, kFpScratch);
    a.short_().jbe(done);
    a.mov(d64.r32(), Imm(0xFFFFFFFFu));
  }
  a.bind(done);
}

// To u64: inputs below 2^63 use the signed conversion directly; inputs at or
// above it are converted as 2^63 - x (exact there, Sterbenz) and the result
// mapped back: x = 2^63 + (-(2^63 - x)).
void MacroAssembler::truncateUnsigned64(Conversion conv, Reg dst, Reg src) {
  auto& a = impl_->as;
  const TruncInfo info = truncInfo(conv);
  const ax::Gp d = gpq(dst);
  const ax::Xmm x = xmmr(src);
  asmjit::Label big = a.newLabel(), done = a.newLabel(), zero = a.newLabel(), max = a.newLabel();
  const asmjit::Label overflow =
      info.saturating ? max : impl_->label(trapLabel(TrapCode::IntegerOverflow));
  loadFloatConstant(a, info.from, info.from == OpSize::S32 ? kTwoPow63F32 : kTwoPow63F64);
  ucomis(a, info.from, x, kFpScratch);
  if (info.saturating)
    a.short_().jp(zero);
  else
    a.jp(impl_->label(trapLabel(TrapCode::InvalidConversionToInteger)));
  a.short_().jae(big);
  cvttToInt(a, info.from, d, x);
  a.test(d, d);
  a.short_().jns(done);  // x <= -1 gives a negative result: out of range
  if (info.saturating) {
    a.bind(zero);
    a.xor_(d.r32(), d.r32());
    a.short_().jmp(done);
  } else {
    a.jmp(overflow);
  }
  a.bind(big);
  if (info.from == OpSize::S32)
    a.subss(kFpScratch, x);
  else
    a.subsd(kFpScratch, x);
  cvttToInt(a, info.from, d, kFpScratch);
  a.cmp(d, 1);  // INT64_MIN: x >= 2^64 (or +inf)
  a.jo(overflow);
  a.neg(d);
  a.btc(d, 63);
  if (info.saturating) {
    a.short_().jmp(done);
    a.bind(max);
    a.mov(d, -1);
  }
  a.bind(done);
}

// u64 -> float: values with the top bit set are halved first, keeping the
// lost bit as a sticky bit so the final rounding is still correct, then
// doubled (exact).
void MacroAssembler::convertUnsigned64ToFloat(OpSize to, Reg dst, Reg src) {
  auto& a = impl_->as;
  const ax::Xmm d = xmmr(dst);
  const ax::Gp s = gpq(src);
  asmjit::Label big = a.newLabel(), even = a.newLabel(), done = a.newLabel();
  a.xorps(d, d);
  a.test(s, s);
  a.short_().js(big);
  cvtFromInt(a, to, d, s);
  a.short_().jmp(done);
  a.bind(big);
  a.mov(ax::r11, s);
  a.shr(ax::r11, 1);
  a.short_().jnc(even);
  a.or_(ax::r11, 1);
  a.bind(even);
  cvtFromInt(a, to, d, ax::r11);
  if (to == OpSize::S32)
    a.addss(d, d);
  else
    a.addsd(d, d);
  a.bind(done);
}

// --- Control flow -----------------------------------------------------------

void MacroAssembler::jump(Label target) { impl_->as.jmp(impl_->label(target)); }

void MacroAssembler::cancelJump(uint32_t offset) {
  static constexpr uint8_t kNop5[] = {0x0F, 0x1F, 0x44, 0x00, 0x00};
  uint8_t* jmp = impl_->buffer.bytesAt(offset, sizeof kNop5);
  if (!jmp || jmp[0] != 0xE9) return;  // not the rel32 form: leave the jump
  std::memcpy(jmp, kNop5, sizeof kNop5);
}

void MacroAssembler::branch(IntCond cond, OpSize s, Reg lhs, Reg rhs, Label target) {
  auto& a = impl_->as;
  a.cmp(gpr(s, lhs), gpr(s, rhs));
  a.j(condCode(cond), impl_->label(target));
}

void MacroAssembler::branch(IntCond cond, OpSize s, Reg lhs, int64_t imm, Label target) {
  auto& a = impl_->as;
  if (!encodableImm(s, imm)) {
    emitMoveImm64(a, ax::r11, static_cast<uint64_t>(imm));
    a.cmp(gpq(lhs), ax::r11);
  } else if (imm32Of(s, imm) == 0 && (cond == IntCond::Eq || cond == IntCond::Ne)) {
    a.test(gpr(s, lhs), gpr(s, lhs));
  } else {
    a.cmp(gpr(s, lhs), Imm(imm32Of(s, imm)));
  }
  a.j(condCode(cond), impl_->label(target));
}

void MacroAssembler::branchIfZero(OpSize s, Reg value, Label target) {
  branch(IntCond::Eq, s, value, int64_t{0}, target);
}

void MacroAssembler::branchIfNotZero(OpSize s, Reg value, Label target) {
  branch(IntCond::Ne, s, value, int64_t{0}, target);
}

// Which flags mean "true" after ucomis, per condition, as in fcompare.
void MacroAssembler::branchFloat(FloatCond cond, OpSize s, Reg lhs, Reg rhs, Label target,
                                 bool whenTrue) {
  auto& a = impl_->as;
  const asmjit::Label t = impl_->label(target);
  const ax::Xmm l = xmmr(lhs), r = xmmr(rhs);
  if (cond == FloatCond::Eq || cond == FloatCond::Ne) {
    ucomis(a, s, l, r);
    // eq is ZF = 1 and PF = 0; ne is its exact complement.
    if ((cond == FloatCond::Eq) == whenTrue) {
      asmjit::Label skip = a.newLabel();
      a.short_().jp(skip);
      a.je(t);
      a.bind(skip);
    } else {
      a.jp(t);
      a.jne(t);
    }
    return;
  }
  const bool swap = cond == FloatCond::Lt || cond == FloatCond::Le;
  const bool orEqual = cond == FloatCond::Le || cond == FloatCond::Ge;
  ucomis(a, s, swap ? r : l, swap ? l : r);
  // Negations: !(a) = be (CF or ZF, including unordered), !(ae) = b.
  if (whenTrue)
    orEqual ? a.jae(t) : a.ja(t);
  else
    orEqual ? a.jb(t) : a.jbe(t);
}

// br_table (spec 4.4.8) without absolute addresses: the table holds
// target - table, 8 bytes each, so one scratch register suffices to
// compute the target.
void MacroAssembler::jumpTable(Reg index, std::span<const Label> targets, Label defaultTarget) {
  auto& a = impl_->as;
  if (targets.empty()) {
    jump(defaultTarget);
    return;
  }
  a.cmp(gpd(index), Imm(static_cast<uint32_t>(targets.size())));
  a.jae(impl_->label(defaultTarget));
  asmjit::Label table = a.newLabel();
  a.lea(ax::r11, ax::ptr(table));
  a.add(ax::r11, ax::qword_ptr(ax::r11, gpq(index), 3));
  a.jmp(ax::r11);
  impl_->buffer.embedJumpTable(table, targets, 8);
}

// --- Calls ------------------------------------------------------------------

void MacroAssembler::call(Label target) { impl_->as.call(impl_->label(target)); }

uint32_t MacroAssembler::emitDirectCall(uint32_t target) {
  const uint32_t instruction = impl_->buffer.codeOffset();
  impl_->as.callOffset(target == kNoCall ? instruction + 5 : target);
  return instruction;
}

void MacroAssembler::callIndirect(Reg target) { impl_->as.call(gpq(target)); }

void MacroAssembler::callIndirect(const Address& target) { impl_->as.call(toMem(target, 8)); }

void MacroAssembler::callBuiltin(uint32_t builtinId) {
  impl_->as.call(builtinSlot(options_, builtinId));
}

// --- Interruption checks (DESIGN decision 8) --------------------------------

// mov r11, [r14 + ptr]; mov r11, [r11]; cmp r11, [r14 + limit]; jae stub.
// The counter is another thread's atomic: an aligned 8-byte load is atomic.
void MacroAssembler::trapIfCounterReached(int32_t counterPtrOffset, int32_t limitOffset,
                                          TrapCode code) {
  auto& a = impl_->as;
  a.mov(ax::r11, ax::qword_ptr(ax::r14, counterPtrOffset));
  a.mov(ax::r11, ax::qword_ptr(ax::r11));
  a.cmp(ax::r11, ax::qword_ptr(ax::r14, limitOffset));
  a.jae(impl_->label(trapLabel(code)));
}

// mov r11, [r14 + ptr]; sub qword [r11 + field], 1; js stub.
void MacroAssembler::trapIfDecrementNegative(int32_t ptrOffset, int32_t fieldOffset,
                                             TrapCode code) {
  auto& a = impl_->as;
  a.mov(ax::r11, ax::qword_ptr(ax::r14, ptrOffset));
  a.sub(ax::qword_ptr(ax::r11, fieldOffset), 1);
  a.js(impl_->label(trapLabel(code)));
}

}  // namespace ember::x64
