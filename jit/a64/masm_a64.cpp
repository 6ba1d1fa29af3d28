// AArch64 lowering of the macro-assembler interface (jit/masm.h) over
// asmjit. AArch64 is three-operand and has most wasm operators as single
// instructions (sdiv/udiv, clz, csel/cset, frint*, saturating fcvtz*); the
// sequences here cover what it lacks: the division traps, the trapping
// float-to-int range checks, copysign, popcnt (through a vector register)
// and constants and offsets too wide for an instruction.
#include "jit/a64/masm_a64.h"

#include <asmjit/arm/a64utils.h>

#include <algorithm>
#include <bit>
#include <cassert>
#include <cstring>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "jit/a64/masm_a64_impl.h"
#include "jit/truncation.h"

namespace ember::a64 {

namespace {

using asmjit::arm::CondCode;

// Encoding 31 names sp for the masm (registers_a64.h): asmjit then picks
// the instruction forms that accept it.
aa::Gp gpx(Reg r) {
  assert(r.isGp());
  return r.code() == 31 ? aa::Gp(aa::sp) : aa::Gp(aa::x(r.code()));
}
aa::Gp gpw(Reg r) {
  assert(r.isGp() && r.code() != 31);
  return aa::w(r.code());
}
aa::Gp gpr(OpSize s, Reg r) { return s == OpSize::S64 ? gpx(r) : gpw(r); }
aa::Vec vecs(Reg r) {
  assert(r.isFp());
  return aa::s(r.code());
}
aa::Vec vecd(Reg r) {
  assert(r.isFp());
  return aa::d(r.code());
}
aa::Vec vecf(OpSize s, Reg r) { return s == OpSize::S64 ? vecd(r) : vecs(r); }

const aa::Gp kX16 = aa::x16, kW16 = aa::w16, kX17 = aa::x17, kW17 = aa::w17;
const aa::Gp kVmContextX = aa::x19, kMemoryBaseX = aa::x20;
const aa::Vec kFpScratchS = aa::s31, kFpScratchD = aa::d31;
aa::Gp scratch(OpSize s) { return s == OpSize::S64 ? kX16 : kW16; }
aa::Gp zero(OpSize s) { return s == OpSize::S64 ? aa::Gp(aa::xzr) : aa::Gp(aa::wzr); }
uint32_t widthOf(OpSize s) { return s == OpSize::S64 ? 64 : 32; }

// The immediate of a 32-bit operation is taken modulo 2^32; as a signed
// value so that small negative constants stay small.
int64_t immFor(OpSize s, int64_t imm) {
  return s == OpSize::S32 ? int64_t{static_cast<int32_t>(static_cast<uint32_t>(imm))} : imm;
}

// add/sub/cmp immediates: 12 bits, optionally shifted left by 12.
bool isAddImm(int64_t v) {
  return v >= 0 && (v < 4096 || ((v & 0xFFF) == 0 && v < (int64_t{1} << 24)));
}

CondCode condCode(IntCond c) {
  switch (c) {
    case IntCond::Eq:
      return CondCode::kEQ;
    case IntCond::Ne:
      return CondCode::kNE;
    case IntCond::LtS:
      return CondCode::kLT;
    case IntCond::LtU:
      return CondCode::kLO;
    case IntCond::GtS:
      return CondCode::kGT;
    case IntCond::GtU:
      return CondCode::kHI;
    case IntCond::LeS:
      return CondCode::kLE;
    case IntCond::LeU:
      return CondCode::kLS;
    case IntCond::GeS:
      return CondCode::kGE;
    case IntCond::GeU:
      return CondCode::kHS;
  }
  return CondCode::kEQ;
}

// After fcmp an unordered pair sets NZCV = 0011. MI, LS, GT and GE are all
// false then, and NE true: exactly the wasm results (spec 4.3.3). Their
// negations (PL, HI, LE, LT, EQ) are true when unordered, as !(a < b) is.
CondCode floatCondCode(FloatCond c) {
  switch (c) {
    case FloatCond::Eq:
      return CondCode::kEQ;
    case FloatCond::Ne:
      return CondCode::kNE;
    case FloatCond::Lt:
      return CondCode::kMI;
    case FloatCond::Gt:
      return CondCode::kGT;
    case FloatCond::Le:
      return CondCode::kLS;
    case FloatCond::Ge:
      return CondCode::kGE;
  }
  return CondCode::kEQ;
}

}  // namespace

// Fewest instructions for a constant: one orr when it is a logical
// (bitmask) immediate, else movz or movn for the first 16-bit chunk that is
// not the background (0 or 0xFFFF, whichever is more common) and movk for
// the others.
void emitMoveImm(aa::Assembler& a, OpSize s, const aa::Gp& dst, uint64_t v) {
  const uint32_t chunks = s == OpSize::S64 ? 4 : 2;
  if (s == OpSize::S32) v &= 0xFFFFFFFF;
  if (v == 0) {
    a.mov(dst, zero(s));
    return;
  }
  if (aa::Utils::isLogicalImm(v, widthOf(s))) {
    a.orr(dst, zero(s), v);
    return;
  }
  uint32_t zeros = 0, ones = 0;
  for (uint32_t i = 0; i < chunks; i++) {
    uint64_t c = (v >> (16 * i)) & 0xFFFF;
    zeros += c == 0;
    ones += c == 0xFFFF;
  }
  const bool inverted = ones > zeros;
  const uint64_t background = inverted ? 0xFFFF : 0;
  bool first = true;
  for (uint32_t i = 0; i < chunks; i++) {
    uint64_t c = (v >> (16 * i)) & 0xFFFF;
    if (c == background) continue;
    if (first && inverted)
      a.movn(dst, ~c & 0xFFFF, 16 * i);
    else if (first)
      a.movz(dst, c, 16 * i);
    else
      a.movk(dst, c, 16 * i);
    first = false;
  }
  if (first) a.movn(dst, 0, 0);  // all chunks 0xFFFF (not reached: -1 is a bitmask)
}

namespace {

// A float constant in the FP scratch register, through the GP scratch.
void loadFloatConstant(asmjit::a64::Assembler& a, OpSize s, uint64_t bits) {
  emitMoveImm(a, s, scratch(s), bits);
  a.fmov(s == OpSize::S64 ? kFpScratchD : kFpScratchS, scratch(s));
}

uint32_t log2Size(uint32_t size) { return static_cast<uint32_t>(std::countr_zero(size)); }

// Whether [base + offset] is encodable for an access of `size` bytes: the
// scaled unsigned 12-bit form, or the unscaled signed 9-bit one (ldur/stur,
// which asmjit picks by itself).
bool fitsMemOffset(int64_t offset, uint32_t size) {
  if (offset >= -256 && offset <= 255) return true;
  return offset >= 0 && offset % size == 0 && offset / size < 4096;
}

// The memory operand for `addr`; what does not fit the addressing modes is
// computed in x17 (kAddressScratchGp), which no Address from the code
// generator uses, so the base and value registers survive.
aa::Mem toMem(asmjit::a64::Assembler& a, const Address& addr, uint32_t size) {
  const aa::Gp base = gpx(addr.base);
  const int64_t offset = addr.offset;
  if (addr.index.isValid()) {
    const aa::Gp index = gpx(addr.index);
    if (offset == 0 && (addr.shift == 0 || addr.shift == log2Size(size))) {
      return aa::ptr(base, index, aa::lsl(addr.shift));
    }
    if (fitsMemOffset(offset, size)) {
      assert(addr.base.code() != 31 && "shifted-register add cannot take sp");
      a.add(kX17, base, index, aa::lsl(addr.shift));
      return aa::ptr(kX17, static_cast<int32_t>(offset));
    }
    emitMoveImm(a, OpSize::S64, kX17, static_cast<uint64_t>(offset));
    a.add(kX17, kX17, index, aa::lsl(addr.shift));
    return aa::ptr(base, kX17);
  }
  if (fitsMemOffset(offset, size)) return aa::ptr(base, static_cast<int32_t>(offset));
  emitMoveImm(a, OpSize::S64, kX17, static_cast<uint64_t>(offset));
  return aa::ptr(base, kX17);
}

// x16 = the address of builtin `id`, from the VMContext.
void loadBuiltinAddress(asmjit::a64::Assembler& a, const MasmOptions& options, uint32_t id) {
  const int64_t offset = int64_t{options.vmctx.builtins} + int64_t{id} * 8;
  assert(offset <= std::numeric_limits<int32_t>::max());
  a.ldr(kX16, toMem(a, Address(RegisterConventions::kVmContext, static_cast<int32_t>(offset)), 8));
}

// The trap builtin's arguments: the VMContext and the trap code.
void loadTrapArguments(asmjit::a64::Assembler& a, TrapCode code) {
  a.mov(aa::x0, kVmContextX);
  a.mov(aa::w1, static_cast<uint32_t>(code));
}

void emitLoad(asmjit::a64::Assembler& a, LoadKind kind, Reg dst, const aa::Mem& m) {
  switch (kind) {
    case LoadKind::I32:
    case LoadKind::I64Load32U:  // a 32-bit load zero-extends
      a.ldr(gpw(dst), m);
      break;
    case LoadKind::I64:
      a.ldr(gpx(dst), m);
      break;
    case LoadKind::F32:
      a.ldr(vecs(dst), m);
      break;
    case LoadKind::F64:
      a.ldr(vecd(dst), m);
      break;
    case LoadKind::V128:
      a.ldr(aa::v(dst.code()).q(), m);
      break;
    case LoadKind::I32Load8S:
      a.ldrsb(gpw(dst), m);
      break;
    case LoadKind::I32Load8U:
    case LoadKind::I64Load8U:
      a.ldrb(gpw(dst), m);
      break;
    case LoadKind::I32Load16S:
      a.ldrsh(gpw(dst), m);
      break;
    case LoadKind::I32Load16U:
    case LoadKind::I64Load16U:
      a.ldrh(gpw(dst), m);
      break;
    case LoadKind::I64Load8S:
      a.ldrsb(gpx(dst), m);
      break;
    case LoadKind::I64Load16S:
      a.ldrsh(gpx(dst), m);
      break;
    case LoadKind::I64Load32S:
      a.ldrsw(gpx(dst), m);
      break;
  }
}

void emitStore(asmjit::a64::Assembler& a, StoreKind kind, const aa::Mem& m, const aa::Reg& src) {
  switch (kind) {
    case StoreKind::I32:
    case StoreKind::I64:
    case StoreKind::Store32:
      a.str(src.as<aa::Gp>(), m);
      break;
    case StoreKind::F32:
    case StoreKind::F64:
    case StoreKind::V128:
      a.str(src.as<aa::Vec>(), m);
      break;
    case StoreKind::Store8:
      a.strb(src.as<aa::Gp>(), m);
      break;
    case StoreKind::Store16:
      a.strh(src.as<aa::Gp>(), m);
      break;
  }
}

// The register a store of the constant `bits` (not v128) reads: the zero
// register, or the GP scratch (x16) loaded with the value.
aa::Gp immediateSource(aa::Assembler& a, StoreKind kind, uint64_t bits) {
  const uint32_t size = accessSize(kind);
  if (size < 8) bits &= (uint64_t{1} << (8 * size)) - 1;
  const OpSize s = size == 8 ? OpSize::S64 : OpSize::S32;
  if (bits == 0) return zero(s);
  emitMoveImm(a, s, scratch(s), bits);
  return scratch(s);
}

// A constant's store kind: a float's bits go from a GP register.
StoreKind integerStore(StoreKind kind) {
  return kind == StoreKind::F32 ? StoreKind::I32 : kind == StoreKind::F64 ? StoreKind::I64 : kind;
}

// The register a store of `kind` reads, at the width it writes.
aa::Reg storeSource(StoreKind kind, Reg src) {
  switch (kind) {
    case StoreKind::I64:
      return gpx(src);
    case StoreKind::F32:
      return vecs(src);
    case StoreKind::F64:
      return vecd(src);
    case StoreKind::V128:
      return aa::v(src.code()).q();
    default:
      return gpw(src);
  }
}

// The valid inputs of a trapping truncation are those strictly inside
// (lower, upper) after rounding toward zero; `lowerInclusive` when `lower`
// itself still truncates into range (the next float below is already out).
struct TruncBounds {
  uint64_t lower;
  bool lowerInclusive;
  uint64_t upper;  // always exclusive: 2^(N-1) or 2^N
};

TruncBounds truncBounds(const TruncInfo& t) {
  const bool f32 = t.from == OpSize::S32;
  if (!t.isSigned) {  // (-1, 2^N)
    uint64_t minusOne = f32 ? 0xBF800000 : 0xBFF0000000000000;
    uint64_t upper = t.to == OpSize::S32 ? (f32 ? 0x4F800000 : 0x41F0000000000000)
                                         : (f32 ? 0x5F800000 : 0x43F0000000000000);
    return {minusOne, false, upper};
  }
  if (t.to == OpSize::S32) {
    // f64 represents -2^31 - 1, so (-2^31 - 1, 2^31); f32 does not: [-2^31, 2^31).
    return f32 ? TruncBounds{0xCF000000, true, 0x4F000000}
               : TruncBounds{0xC1E0000000200000, false, 0x41E0000000000000};
  }
  return f32 ? TruncBounds{0xDF000000, true, 0x5F000000}
             : TruncBounds{0xC3E0000000000000, true, 0x43E0000000000000};
}

// `sub x16, sp, #imm12, lsl #12` and `sub x16, x16, #imm12`, the
// prologue's new stack pointer, written as words so that endFunction can
// patch them; `b` and `nop` replace them for frames beyond their reach.
constexpr uint32_t kSubX16SpHigh = 0xD1400000 | (31 << 5) | 16;
constexpr uint32_t kSubX16X16Low = 0xD1000000 | (16 << 5) | 16;
constexpr uint32_t kMaxShortFrameBytes = (1u << 24) - 16;
constexpr uint32_t kBranch = 0x14000000;
constexpr uint32_t kNop = 0xD503201F;

// What a conditional branch may span, with room for the instruction.
constexpr uint64_t kCondBranchReach = (1u << 20) - 4;

// Rewrites the displacement field of the branch at `at` (as `format`
// encodes it) to `displacement` bytes.
void patchDisplacement(uint8_t* at, int64_t displacement, const asmjit::OffsetFormat& format) {
  uint32_t word;
  std::memcpy(&word, at, 4);
  const uint32_t mask = ((1u << format.immBitCount()) - 1) << format.immBitShift();
  const auto field = static_cast<uint32_t>(displacement >> format.immDiscardLsb());
  word = (word & ~mask) | ((field << format.immBitShift()) & mask);
  std::memcpy(at, &word, 4);
}

}  // namespace

#include "jit/masm_shared_operations.inc"

MacroAssembler::MacroAssembler(const MasmOptions& options)
    : options_(options), impl_(std::make_unique<Impl>()) {}

MacroAssembler::~MacroAssembler() = default;

Result<void> MacroAssembler::checkHostSupport() { return success(); }

// --- Functions, frames, finalisation ----------------------------------------

void MacroAssembler::emitPrologue() {
  auto& a = at().as;
  // The frame record (fp, lr) makes the x29 chain that backtraces walk.
  a.stp(aa::x29, aa::x30, aa::ptr_pre(aa::sp, -16));
  a.mov(aa::x29, aa::sp);
  // DESIGN decision 5: stack overflow is a compare, not a crash. The new
  // stack pointer is computed in x16 and checked against the limit before
  // sp moves, so a frame of any size never puts sp below the limit: the
  // trap stub runs at x29, on the stack the caller checked, and a signal
  // arriving in between finds a valid stack.
  // The frame size is known only once the whole body has been compiled
  // (Liftoff's PrepareStackFrame): two placeholder subs, patched later.
  impl_->buffer.setFrameSizePatch(codeOffset());
  a.embedUInt32(kSubX16SpHigh);
  a.embedUInt32(kSubX16X16Low);
  impl_->afterFrameSize = newLabel();
  bind(impl_->afterFrameSize);
  a.ldr(kX17, toMem(a, Address(RegisterConventions::kVmContext, options_.vmctx.stackLimit), 8));
  a.cmp(kX16, kX17);
  a.b(CondCode::kLO, impl_->label(trapLabel(TrapCode::StackExhausted)));
  a.mov(aa::sp, kX16);
}

void MacroAssembler::endFunction(uint32_t frameBytes) {
  if (impl_->buffer.frameSizePatch() >= 0) patchFrameSize(frameBytes);
  emitTrapStubs();
  impl_->buffer.endFunction();
  impl_->pendingBranches.clear();  // every label of the function is bound
  // v128 constants are shared only within a function: a function's bytes
  // must not depend on the functions before it, or a module compiled in
  // parts (jit/module_compiler.cpp) would differ from one pass.
  impl_->v128Constants.clear();
}

// Frames below 16 MiB fit the prologue's two subs (12 bits each, the high
// one shifted by 12). A larger frame replaces them with a branch to an
// out-of-line computation of x16 = sp - frame that jumps back.
void MacroAssembler::patchFrameSize(uint32_t frameBytes) {
  auto& a = at().as;
  const uint64_t aligned = (uint64_t{frameBytes} + RegisterConventions::kStackAlignment - 1) &
                           ~uint64_t{RegisterConventions::kStackAlignment - 1};
  uint32_t words[2];
  if (aligned <= kMaxShortFrameBytes) {
    words[0] = kSubX16SpHigh | static_cast<uint32_t>((aligned >> 12) << 10);
    words[1] = kSubX16X16Low | static_cast<uint32_t>((aligned & 0xFFF) << 10);
  } else {
    const uint32_t outOfLine = codeOffset();
    emitMoveImm(a, OpSize::S64, kX16, aligned);
    a.sub(kX16, aa::sp, kX16);
    a.b(impl_->label(impl_->afterFrameSize));
    const int64_t words26 = (int64_t{outOfLine} - impl_->buffer.frameSizePatch()) / 4;
    words[0] = kBranch | (static_cast<uint32_t>(words26) & 0x03FFFFFF);
    words[1] = kNop;
  }
  if (uint8_t* patch = impl_->buffer.bytesAt(impl_->buffer.frameSizePatch(), sizeof words))
    std::memcpy(patch, words, sizeof words);
}

// The pending trap entries (code_buffer.h), after the body or in an island.
// A code used by one operator gets a whole stub at its entry; the entries
// of a code used by several each `bl` back to that code's shared stub,
// which branches to the trap builtin without linking, so x30 stays the
// entry's return address and the trap's PC tells the operators apart. sp
// is 16-aligned at every instruction on AArch64, so the builtin can be
// entered directly.
void MacroAssembler::emitTrapStubs() {
  forEachTrapGroup(
      impl_->buffer.takeTrapEntries(), options_.trapBuiltin >= 0,
      [&](const TrapEntry& entry) { emitTrapStub(entry); },
      [&](std::span<const TrapEntry> group) {
        auto& a = impl_->as;
        const asmjit::Label shared = a.newLabel();
        a.bind(shared);
        loadTrapArguments(a, group.front().code);
        loadBuiltinAddress(a, options_, static_cast<uint32_t>(options_.trapBuiltin));
        a.br(kX16);
        for (const TrapEntry& entry : group) {
          bind(entry.label);
          a.bl(shared);
          impl_->buffer.recordTrapReturn(entry.wasmOffset);
        }
        // The last entry's return address must lie inside the function too.
        a.udf(0);
      });
}

void MacroAssembler::emitTrapStub(const TrapEntry& entry) {
  auto& a = impl_->as;
  bind(entry.label);
  if (options_.trapBuiltin >= 0) {
    loadTrapArguments(a, entry.code);
    callBuiltin(static_cast<uint32_t>(options_.trapBuiltin));
  }
  impl_->buffer.recordTrapSite(entry.code, entry.wasmOffset);
  a.udf(0);  // SIGILL
}

// Conditional branches reach +-1 MiB, and a function's trap stubs follow
// its body. Once the oldest branch to a pending stub is kIslandDistance
// behind, the stubs are emitted where the code has got to, jumped over
// (an island); later uses get new stubs. Checked at the start of every
// operation, which is an instruction boundary where nothing but registers
// and flags is live, and a `b` changes neither. Functions below the
// distance never get one.
constexpr uint32_t kIslandDistance = 256u << 10;

MacroAssembler::Impl& MacroAssembler::at() {
  const uint32_t oldest = impl_->buffer.oldestTrapStubUse(), now = impl_->buffer.codeOffset();
  if (oldest < now && now - oldest > kIslandDistance) {
    Label over = newLabel();
    impl_->as.b(impl_->label(over));
    emitTrapStubs();
    bind(over);
  }
  const auto& pending = impl_->pendingBranches;
  if (!pending.empty() && now - pending.front().offset > kIslandDistance) impl_->emitBranchVeneers();
  return *impl_;
}

void MacroAssembler::Impl::conditionalBranch(const CondBranch& branch, Label target, bool farAhead) {
  const asmjit::Label to = label(target);
  const asmjit::LabelEntry* entry = as.code()->labelEntry(to);
  const uint64_t here = as.offset();
  if (farAhead || (entry->isBound() && here - entry->offset() > kCondBranchReach)) {
    asmjit::Label skip = as.newLabel();
    branch.inverted().emit(as, skip);
    as.b(to);
    as.bind(skip);
    return;
  }
  if (!entry->isBound()) pendingBranches.push_back({to.id(), static_cast<uint32_t>(here)});
  branch.emit(as, to);
}

// The island for the pending branches whose labels are still unbound:
// `b over`, then per branch a `b label` that takes over the branch's link
// to the label (asmjit patches it when the label is bound, with the `b`'s
// +-128 MiB reach), while the branch itself is patched to the `b`.
void MacroAssembler::Impl::emitBranchVeneers() {
  asmjit::CodeHolder& code = *as.code();
  std::erase_if(pendingBranches,
                [&](const PendingBranch& p) { return code.labelEntry(p.labelId)->isBound(); });
  if (pendingBranches.empty()) return;
  asmjit::Label over = as.newLabel();
  as.b(over);
  for (const PendingBranch& p : pendingBranches) {
    for (asmjit::LabelLink* link = code.labelEntry(p.labelId)->links(); link; link = link->next) {
      if (link->offset != p.offset || link->relocId != asmjit::Globals::kInvalidId) continue;
      const uint64_t veneer = as.offset();
      as.embedUInt32(kBranch);
      patchDisplacement(as.bufferData() + p.offset, static_cast<int64_t>(veneer - p.offset),
                        link->format);
      link->offset = veneer;
      link->format.resetToImmValue(asmjit::OffsetType::kSignedOffset, 4, 0, 26, 2);
      break;
    }
  }
  as.bind(over);
  pendingBranches.clear();
}

void MacroAssembler::emitReturn() {
  auto& a = at().as;
  a.mov(aa::sp, aa::x29);
  a.ldp(aa::x29, aa::x30, aa::ptr_post(aa::sp, 16));
  a.ret(aa::x30);
}

namespace {
// sp +/- bytes; sp stays 16-aligned because `bytes` is a multiple of 16.
void adjustStack(asmjit::a64::Assembler& a, uint32_t bytes, bool grow) {
  assert(bytes % 16 == 0);
  if (bytes == 0) return;
  if (isAddImm(bytes)) {
    grow ? a.sub(aa::sp, aa::sp, bytes) : a.add(aa::sp, aa::sp, bytes);
    return;
  }
  emitMoveImm(a, OpSize::S64, kX16, bytes);
  grow ? a.sub(aa::sp, aa::sp, kX16) : a.add(aa::sp, aa::sp, kX16);
}
}  // namespace

void MacroAssembler::allocateStack(uint32_t bytes) { adjustStack(impl_->as, bytes, true); }

void MacroAssembler::freeStack(uint32_t bytes) { adjustStack(impl_->as, bytes, false); }

// --- Moves, loads, stores ---------------------------------------------------

void MacroAssembler::move(ValType type, Reg dst, Reg src) {
  if (dst == src) return;
  auto& a = at().as;
  if (regClassOf(type) == RegClass::Fp)
    a.mov(aa::v(dst.code()).b16(), aa::v(src.code()).b16());  // all 128 bits
  else if (type == ValType::I32)
    a.mov(gpw(dst), gpw(src));
  else
    a.mov(gpx(dst), gpx(src));
}

void MacroAssembler::moveImm(ValType type, Reg dst, uint64_t bits) {
  auto& a = at().as;
  switch (type) {
    case ValType::I32:
      emitMoveImm(a, OpSize::S32, gpw(dst), bits);
      break;
    case ValType::F32:
      if (static_cast<uint32_t>(bits) == 0) {
        a.fmov(vecs(dst), aa::wzr);
      } else {
        emitMoveImm(a, OpSize::S32, kW16, bits);
        a.fmov(vecs(dst), kW16);
      }
      break;
    case ValType::F64:
      if (bits == 0) {
        a.fmov(vecd(dst), aa::xzr);
      } else {
        emitMoveImm(a, OpSize::S64, kX16, bits);
        a.fmov(vecd(dst), kX16);
      }
      break;
    case ValType::V128: {
      // Only the zero v128 fits in `bits`; other v128 constants come with SIMD.
      assert(bits == 0);
      const aa::Vec v = aa::v(dst.code()).b16();
      a.eor(v, v, v);
      break;
    }
    default:
      emitMoveImm(a, OpSize::S64, gpx(dst), bits);
      break;  // i64, references
  }
}

void MacroAssembler::load(LoadKind kind, Reg dst, const Address& src) {
  auto& a = at().as;
  emitLoad(a, kind, dst, toMem(a, src, accessSize(kind)));
}

void MacroAssembler::store(StoreKind kind, const Address& dst, Reg src) {
  auto& a = at().as;
  emitStore(a, kind, toMem(a, dst, accessSize(kind)), storeSource(kind, src));
}

// Zero comes from wzr/xzr; anything else goes through the GP scratch. The
// address may need x17, never x16.
void MacroAssembler::storeImm(StoreKind kind, const Address& dst, uint64_t bits) {
  auto& a = at().as;
  if (kind == StoreKind::V128) {
    assert(bits == 0);
    Address high = dst;
    high.offset += 8;
    a.str(aa::xzr, toMem(a, dst, 8));
    a.str(aa::xzr, toMem(a, high, 8));
    return;
  }
  const aa::Gp value = immediateSource(a, kind, bits);
  emitStore(a, integerStore(kind), toMem(a, dst, accessSize(kind)), value);
}

namespace {
// dst = base + imm (64-bit), with sp allowed as base or dst.
void addImm64(asmjit::a64::Assembler& a, const aa::Gp& dst, const aa::Gp& base, int64_t imm) {
  if (isAddImm(imm)) {
    a.add(dst, base, imm);
  } else if (imm != std::numeric_limits<int64_t>::min() && isAddImm(-imm)) {
    a.sub(dst, base, -imm);
  } else {
    emitMoveImm(a, OpSize::S64, kX16, static_cast<uint64_t>(imm));
    a.add(dst, base, kX16);
  }
}
}  // namespace

void MacroAssembler::loadAddress(Reg dst, const Address& src) {
  auto& a = at().as;
  if (!src.index.isValid()) {
    addImm64(a, gpx(dst), gpx(src.base), src.offset);
    return;
  }
  assert(src.base.code() != 31 && "shifted-register add cannot take sp");
  if (src.offset == 0) {
    a.add(gpx(dst), gpx(src.base), gpx(src.index), aa::lsl(src.shift));
    return;
  }
  a.add(kX17, gpx(src.base), gpx(src.index), aa::lsl(src.shift));
  addImm64(a, gpx(dst), kX17, src.offset);
}

// Explicit bounds check (DESIGN decision 4): index + offset + size must not
// exceed the memory's length. 64-bit arithmetic cannot wrap: index < 2^32
// and offset < 2^32 (spec 2.4.7 memarg).
void MacroAssembler::emitBoundsCheck(Reg index, uint64_t offset, uint32_t size) {
  auto& a = at().as;
  const uint64_t end = offset + size;
  if (!index.isValid()) {  // a constant address: its end is known
    emitMoveImm(a, OpSize::S64, kX17, end);
  } else if (isAddImm(static_cast<int64_t>(end))) {
    // The masm keeps i32 values zero-extended (masm.h), so x(index) is the index.
    a.add(kX17, gpx(index), end);
  } else {
    emitMoveImm(a, OpSize::S64, kX17, end);
    a.add(kX17, kX17, gpx(index));
  }
  a.ldr(kX16, toMem(a, Address(RegisterConventions::kVmContext, options_.vmctx.memoryLength), 8));
  a.cmp(kX17, kX16);
  a.b(CondCode::kHI, impl_->label(trapLabel(TrapCode::MemoryOutOfBounds)));
}

// [membase + uxtw(index) + offset]. The extend costs nothing and keeps the
// access in the 4 GiB reservation even if an index were not zero-extended.
// Without an index, [membase + offset]: one instruction when the offset
// fits the access's immediate forms (`size` bytes).
aa::Mem heapOperand(aa::Assembler& a, Reg index, uint64_t offset, uint32_t size) {
  if (!index.isValid()) {  // a constant address
    if (fitsMemOffset(static_cast<int64_t>(offset), size))
      return aa::ptr(kMemoryBaseX, static_cast<int32_t>(offset));
    emitMoveImm(a, OpSize::S64, kX17, offset);
    return aa::ptr(kMemoryBaseX, kX17);
  }
  if (offset == 0) return aa::ptr(kMemoryBaseX, gpx(index), aa::uxtw(0));
  if (isAddImm(static_cast<int64_t>(offset))) {
    a.add(kX17, kMemoryBaseX, offset);
    return aa::ptr(kX17, gpx(index), aa::uxtw(0));
  }
  emitMoveImm(a, OpSize::S64, kX17, offset);
  a.add(kX17, kX17, gpx(index), aa::uxtw(0));
  return aa::ptr(kMemoryBaseX, kX17);
}

void MacroAssembler::loadHeap(LoadKind kind, Reg dst, Reg index, uint64_t offset,
                              BoundsCheck check) {
  auto& a = at().as;
  if (check == BoundsCheck::Explicit) emitBoundsCheck(index, offset, accessSize(kind));
  const aa::Mem m = heapOperand(a, index, offset, accessSize(kind));
  if (check == BoundsCheck::Guard) recordTrapSite(TrapCode::MemoryOutOfBounds);
  emitLoad(a, kind, dst, m);
}

void MacroAssembler::storeHeap(StoreKind kind, Reg value, Reg index, uint64_t offset,
                               BoundsCheck check) {
  auto& a = at().as;
  if (check == BoundsCheck::Explicit) emitBoundsCheck(index, offset, accessSize(kind));
  const aa::Mem m = heapOperand(a, index, offset, accessSize(kind));
  if (check == BoundsCheck::Guard) recordTrapSite(TrapCode::MemoryOutOfBounds);
  emitStore(a, kind, m, storeSource(kind, value));
}

void MacroAssembler::storeHeapImm(StoreKind kind, uint64_t bits, Reg index, uint64_t offset,
                                  BoundsCheck check) {
  auto& a = at().as;
  if (check == BoundsCheck::Explicit) emitBoundsCheck(index, offset, accessSize(kind));
  const aa::Gp value = immediateSource(a, kind, bits);  // x16 or the zero register
  const aa::Mem m = heapOperand(a, index, offset, accessSize(kind));
  if (check == BoundsCheck::Guard) recordTrapSite(TrapCode::MemoryOutOfBounds);
  emitStore(a, integerStore(kind), m, value);
}

void MacroAssembler::reloadMemoryBase() {
  auto& a = at().as;
  a.ldr(kMemoryBaseX,
        toMem(a, Address(RegisterConventions::kVmContext, options_.vmctx.memoryBase), 8));
}

// --- Integer operations -----------------------------------------------------
// Every 32-bit operation writes a w register, which zeroes the upper half:
// the masm's i32 invariant comes for free.

void MacroAssembler::add(OpSize s, Reg dst, Reg lhs, Reg rhs) {
  at().as.add(gpr(s, dst), gpr(s, lhs), gpr(s, rhs));
}

void MacroAssembler::add(OpSize s, Reg dst, Reg lhs, int64_t imm) {
  auto& a = at().as;
  const int64_t v = immFor(s, imm);
  if (v == 0) {
    move(s == OpSize::S64 ? ValType::I64 : ValType::I32, dst, lhs);
  } else if (isAddImm(v)) {
    a.add(gpr(s, dst), gpr(s, lhs), v);
  } else if (v != std::numeric_limits<int64_t>::min() && isAddImm(-v)) {
    a.sub(gpr(s, dst), gpr(s, lhs), -v);
  } else {
    emitMoveImm(a, s, scratch(s), static_cast<uint64_t>(v));
    a.add(gpr(s, dst), gpr(s, lhs), scratch(s));
  }
}

void MacroAssembler::sub(OpSize s, Reg dst, Reg lhs, Reg rhs) {
  at().as.sub(gpr(s, dst), gpr(s, lhs), gpr(s, rhs));
}

void MacroAssembler::sub(OpSize s, Reg dst, Reg lhs, int64_t imm) {
  // Modular arithmetic: lhs - imm == lhs + (-imm) in both widths.
  add(s, dst, lhs, static_cast<int64_t>(0 - static_cast<uint64_t>(imm)));
}

void MacroAssembler::mul(OpSize s, Reg dst, Reg lhs, Reg rhs) {
  at().as.mul(gpr(s, dst), gpr(s, lhs), gpr(s, rhs));
}

void MacroAssembler::mul(OpSize s, Reg dst, Reg lhs, int64_t imm) {
  auto& a = at().as;
  const uint64_t v =
      static_cast<uint64_t>(imm) & (s == OpSize::S64 ? ~uint64_t{0} : uint64_t{0xFFFFFFFF});
  if (v != 0 && std::has_single_bit(v)) {
    shl(s, dst, lhs, std::countr_zero(v));
    return;
  }
  emitMoveImm(a, s, scratch(s), v);
  a.mul(gpr(s, dst), gpr(s, lhs), scratch(s));
}

namespace {
enum class LogicOp { And, Or, Xor };

void logic(asmjit::a64::Assembler& a, LogicOp op, const aa::Gp& d, const aa::Gp& l,
           const asmjit::Operand_& r) {
  const asmjit::InstId id = op == LogicOp::And  ? aa::Inst::kIdAnd
                            : op == LogicOp::Or ? aa::Inst::kIdOrr
                                                : aa::Inst::kIdEor;
  a.emit(id, d, l, r);
}

// Logical immediates are bitmask patterns (a rotated run of ones repeated);
// other constants go through the scratch.
void logicImm(asmjit::a64::Assembler& a, LogicOp op, OpSize s, Reg dst, Reg lhs, int64_t imm) {
  uint64_t v = static_cast<uint64_t>(imm);
  if (s == OpSize::S32) v &= 0xFFFFFFFF;
  if (aa::Utils::isLogicalImm(v, widthOf(s))) {
    logic(a, op, gpr(s, dst), gpr(s, lhs), asmjit::Imm(v));
    return;
  }
  emitMoveImm(a, s, scratch(s), v);
  logic(a, op, gpr(s, dst), gpr(s, lhs), scratch(s));
}
}  // namespace

void MacroAssembler::bitAnd(OpSize s, Reg dst, Reg lhs, Reg rhs) {
  logic(impl_->as, LogicOp::And, gpr(s, dst), gpr(s, lhs), gpr(s, rhs));
}
void MacroAssembler::bitAnd(OpSize s, Reg dst, Reg lhs, int64_t imm) {
  logicImm(impl_->as, LogicOp::And, s, dst, lhs, imm);
}
void MacroAssembler::bitOr(OpSize s, Reg dst, Reg lhs, Reg rhs) {
  logic(impl_->as, LogicOp::Or, gpr(s, dst), gpr(s, lhs), gpr(s, rhs));
}
void MacroAssembler::bitOr(OpSize s, Reg dst, Reg lhs, int64_t imm) {
  logicImm(impl_->as, LogicOp::Or, s, dst, lhs, imm);
}
void MacroAssembler::bitXor(OpSize s, Reg dst, Reg lhs, Reg rhs) {
  logic(impl_->as, LogicOp::Xor, gpr(s, dst), gpr(s, lhs), gpr(s, rhs));
}
void MacroAssembler::bitXor(OpSize s, Reg dst, Reg lhs, int64_t imm) {
  logicImm(impl_->as, LogicOp::Xor, s, dst, lhs, imm);
}

void MacroAssembler::shl(OpSize s, Reg dst, Reg lhs, Reg rhs) {
  at().as.lsl(gpr(s, dst), gpr(s, lhs), gpr(s, rhs));
}
void MacroAssembler::shrS(OpSize s, Reg dst, Reg lhs, Reg rhs) {
  at().as.asr(gpr(s, dst), gpr(s, lhs), gpr(s, rhs));
}
void MacroAssembler::shrU(OpSize s, Reg dst, Reg lhs, Reg rhs) {
  at().as.lsr(gpr(s, dst), gpr(s, lhs), gpr(s, rhs));
}
void MacroAssembler::rotr(OpSize s, Reg dst, Reg lhs, Reg rhs) {
  at().as.ror(gpr(s, dst), gpr(s, lhs), gpr(s, rhs));
}
// There is no rotate left: rotl(x, n) == rotr(x, -n mod width).
void MacroAssembler::rotl(OpSize s, Reg dst, Reg lhs, Reg rhs) {
  auto& a = at().as;
  a.neg(scratch(s), gpr(s, rhs));
  a.ror(gpr(s, dst), gpr(s, lhs), scratch(s));
}

namespace {
enum class ShiftOp { Lsl, Asr, Lsr, Ror };

void shiftImm(MacroAssembler& m, asmjit::a64::Assembler& a, ShiftOp op, OpSize s, Reg dst, Reg lhs,
              int64_t imm) {
  const uint32_t count = static_cast<uint32_t>(imm) & (widthOf(s) - 1);
  const aa::Gp d = gpr(s, dst), l = gpr(s, lhs);
  if (count == 0) {
    // Still a 32-bit write, so the result is zero-extended.
    if (s == OpSize::S32)
      a.mov(d, l);
    else
      m.move(ValType::I64, dst, lhs);
    return;
  }
  switch (op) {
    case ShiftOp::Lsl:
      a.lsl(d, l, count);
      break;
    case ShiftOp::Asr:
      a.asr(d, l, count);
      break;
    case ShiftOp::Lsr:
      a.lsr(d, l, count);
      break;
    case ShiftOp::Ror:
      a.ror(d, l, count);
      break;
  }
}
}  // namespace

void MacroAssembler::shl(OpSize s, Reg dst, Reg lhs, int64_t imm) {
  shiftImm(*this, impl_->as, ShiftOp::Lsl, s, dst, lhs, imm);
}
void MacroAssembler::shrS(OpSize s, Reg dst, Reg lhs, int64_t imm) {
  shiftImm(*this, impl_->as, ShiftOp::Asr, s, dst, lhs, imm);
}
void MacroAssembler::shrU(OpSize s, Reg dst, Reg lhs, int64_t imm) {
  shiftImm(*this, impl_->as, ShiftOp::Lsr, s, dst, lhs, imm);
}
void MacroAssembler::rotr(OpSize s, Reg dst, Reg lhs, int64_t imm) {
  shiftImm(*this, impl_->as, ShiftOp::Ror, s, dst, lhs, imm);
}
void MacroAssembler::rotl(OpSize s, Reg dst, Reg lhs, int64_t imm) {
  const int64_t width = widthOf(s);
  shiftImm(*this, impl_->as, ShiftOp::Ror, s, dst, lhs,
           (width - (imm & (width - 1))) & (width - 1));
}

// Spec 4.3.2 idiv/irem: division by zero traps; INT_MIN / -1 overflows and
// traps. sdiv/udiv fault on neither (x / 0 gives 0, INT_MIN / -1 gives
// INT_MIN), so both are explicit checks. The remainder is
// lhs - (lhs / rhs) * rhs, which for INT_MIN % -1 is INT_MIN - INT_MIN = 0,
// exactly the spec's result, without a special case.
void MacroAssembler::divide(OpSize s, Reg dst, Reg lhs, Reg rhs, bool isSigned,
                            bool wantRemainder) {
  auto& a = at().as;
  const aa::Gp l = gpr(s, lhs), r = gpr(s, rhs);
  a.cbz(r, impl_->label(trapLabel(TrapCode::IntegerDivideByZero)));
  if (isSigned && !wantRemainder) {
    asmjit::Label divisorNotMinusOne = a.newLabel();
    a.cmn(r, 1);
    a.b(CondCode::kNE, divisorNotMinusOne);
    a.cmp(l, 1);  // lhs - 1 overflows exactly when lhs == INT_MIN
    a.b(CondCode::kVS, impl_->label(trapLabel(TrapCode::IntegerOverflow)));
    a.bind(divisorNotMinusOne);
  }
  const aa::Gp quotient = wantRemainder ? scratch(s) : gpr(s, dst);
  if (isSigned)
    a.sdiv(quotient, l, r);
  else
    a.udiv(quotient, l, r);
  if (wantRemainder) a.msub(gpr(s, dst), quotient, r, l);
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

// jit/constant_division.h: x17 = |x| (the flags of `cmp x, #0` say its
// sign, and nothing after changes them), then umulh.
void MacroAssembler::divRemByConstant(DivKind kind, Reg dst, Reg lhs, int32_t divisor) {
  auto& a = at().as;
  const uint32_t magnitude = divisorMagnitude(kind, divisor);
  const aa::Gp x = aa::x17, magic = aa::x16, d = gpx(dst);
  if (isSignedDivision(kind)) {
    a.cmp(gpw(lhs), 0);
    a.cneg(x.w(), gpw(lhs), CondCode::kLT);  // writing w17 zero-extends
  } else {
    a.mov(x.w(), gpw(lhs));
  }
  emitMoveImm(a, OpSize::S64, magic, divisionMagic(magnitude));
  if (isRemainder(kind)) {
    a.mul(x, magic, x);
    emitMoveImm(a, OpSize::S64, magic, magnitude);
  }
  a.umulh(d, magic, x);
  if (kind == DivKind::DivS)
    a.cneg(d.w(), d.w(), divisor < 0 ? CondCode::kGE : CondCode::kLT);
  else if (kind == DivKind::RemS)
    a.cneg(d.w(), d.w(), CondCode::kLT);
}

void MacroAssembler::clz(OpSize s, Reg dst, Reg src) { at().as.clz(gpr(s, dst), gpr(s, src)); }

void MacroAssembler::ctz(OpSize s, Reg dst, Reg src) {
  auto& a = at().as;
  a.rbit(gpr(s, dst), gpr(s, src));
  a.clz(gpr(s, dst), gpr(s, dst));
}

// No scalar popcount before FEAT_CSSC: count the bits of each byte in the
// FP scratch (cnt) and sum the bytes (addv). fmov to s31/d31 zeroes the
// rest of the vector.
void MacroAssembler::popcnt(OpSize s, Reg dst, Reg src) {
  auto& a = at().as;
  const aa::Vec bytes = aa::v31.b8();
  a.fmov(s == OpSize::S64 ? kFpScratchD : kFpScratchS, gpr(s, src));
  a.cnt(bytes, bytes);
  a.addv(aa::b31, bytes);
  a.fmov(gpw(dst), kFpScratchS);
}

void MacroAssembler::eqz(OpSize s, Reg dst, Reg src) { compare(IntCond::Eq, s, dst, src, 0); }

namespace {
// Sets the flags for lhs - imm: cmp, cmn for a negative immediate, or a
// register compare through the scratch.
void compareImm(asmjit::a64::Assembler& a, OpSize s, Reg lhs, int64_t imm) {
  const int64_t v = immFor(s, imm);
  if (isAddImm(v)) {
    a.cmp(gpr(s, lhs), v);
  } else if (v != std::numeric_limits<int64_t>::min() && isAddImm(-v)) {
    a.cmn(gpr(s, lhs), -v);
  } else {
    emitMoveImm(a, s, scratch(s), static_cast<uint64_t>(v));
    a.cmp(gpr(s, lhs), scratch(s));
  }
}
}  // namespace

void MacroAssembler::compare(IntCond cond, OpSize s, Reg dst, Reg lhs, Reg rhs) {
  auto& a = at().as;
  a.cmp(gpr(s, lhs), gpr(s, rhs));
  a.cset(gpw(dst), condCode(cond));
}

void MacroAssembler::compare(IntCond cond, OpSize s, Reg dst, Reg lhs, int64_t imm) {
  auto& a = at().as;
  compareImm(a, s, lhs, imm);
  a.cset(gpw(dst), condCode(cond));
}

void MacroAssembler::selectCompare(IntCond cond, OpSize s, Reg lhs, Reg rhs, ValType type,
                                   Reg dst, Reg ifTrue, Reg ifFalse) {
  auto& a = at().as;
  const OpSize vs = type == ValType::I32 ? OpSize::S32 : OpSize::S64;
  a.cmp(gpr(s, lhs), gpr(s, rhs));
  a.csel(gpr(vs, dst), gpr(vs, ifTrue), gpr(vs, ifFalse), condCode(cond));
}

void MacroAssembler::selectCompare(IntCond cond, OpSize s, Reg lhs, int64_t imm, ValType type,
                                   Reg dst, Reg ifTrue, Reg ifFalse) {
  auto& a = at().as;
  const OpSize vs = type == ValType::I32 ? OpSize::S32 : OpSize::S64;
  compareImm(a, s, lhs, imm);
  a.csel(gpr(vs, dst), gpr(vs, ifTrue), gpr(vs, ifFalse), condCode(cond));
}

void MacroAssembler::select(ValType type, Reg dst, Reg cond, Reg ifTrue, Reg ifFalse) {
  auto& a = at().as;
  a.cmp(gpw(cond), 0);
  switch (type) {
    case ValType::I32:
      a.csel(gpw(dst), gpw(ifTrue), gpw(ifFalse), CondCode::kNE);
      return;
    case ValType::F32:
      a.fcsel(vecs(dst), vecs(ifTrue), vecs(ifFalse), CondCode::kNE);
      return;
    case ValType::F64:
      a.fcsel(vecd(dst), vecd(ifTrue), vecd(ifFalse), CondCode::kNE);
      return;
    case ValType::V128: {
      // fcsel moves 64 bits at most: branch around a full-width move.
      asmjit::Label done = a.newLabel();
      const aa::Vec d = aa::v(dst.code()).b16();
      if (dst == ifTrue) {
        a.b(CondCode::kNE, done);
        a.mov(d, aa::v(ifFalse.code()).b16());
      } else {
        if (dst != ifFalse) a.mov(d, aa::v(ifFalse.code()).b16());
        a.b(CondCode::kEQ, done);  // mov leaves the flags alone
        a.mov(d, aa::v(ifTrue.code()).b16());
      }
      a.bind(done);
      return;
    }
    default:
      a.csel(gpx(dst), gpx(ifTrue), gpx(ifFalse), CondCode::kNE);
      return;
  }
}

// --- Float operations -------------------------------------------------------

void MacroAssembler::fadd(OpSize s, Reg dst, Reg lhs, Reg rhs) {
  at().as.fadd(vecf(s, dst), vecf(s, lhs), vecf(s, rhs));
}
void MacroAssembler::fsub(OpSize s, Reg dst, Reg lhs, Reg rhs) {
  at().as.fsub(vecf(s, dst), vecf(s, lhs), vecf(s, rhs));
}
void MacroAssembler::fmul(OpSize s, Reg dst, Reg lhs, Reg rhs) {
  at().as.fmul(vecf(s, dst), vecf(s, lhs), vecf(s, rhs));
}
void MacroAssembler::fdiv(OpSize s, Reg dst, Reg lhs, Reg rhs) {
  at().as.fdiv(vecf(s, dst), vecf(s, lhs), vecf(s, rhs));
}

// Spec 4.3.3 fmin/fmax: a NaN operand gives a NaN, and -0 < +0. AArch64's
// fmin/fmax (not fminnm/fmaxnm) do both: they return the NaN operand,
// quietened (an arithmetic NaN, canonical when the input was), and order
// the zeros.
void MacroAssembler::fmin(OpSize s, Reg dst, Reg lhs, Reg rhs) {
  at().as.fmin(vecf(s, dst), vecf(s, lhs), vecf(s, rhs));
}
void MacroAssembler::fmax(OpSize s, Reg dst, Reg lhs, Reg rhs) {
  at().as.fmax(vecf(s, dst), vecf(s, lhs), vecf(s, rhs));
}

// abs, neg and copysign only touch the sign bit: NaN payloads pass through
// unchanged, as spec 4.3.3 requires of these three (fabs/fneg do that).
void MacroAssembler::fabs(OpSize s, Reg dst, Reg src) {
  at().as.fabs(vecf(s, dst), vecf(s, src));
}
void MacroAssembler::fneg(OpSize s, Reg dst, Reg src) {
  at().as.fneg(vecf(s, dst), vecf(s, src));
}

// copysign in the GP scratch pair: both operands are read before dst is
// written, so any aliasing works.
void MacroAssembler::fcopysign(OpSize s, Reg dst, Reg lhs, Reg rhs) {
  auto& a = at().as;
  const bool f64 = s == OpSize::S64;
  const aa::Gp magnitude = f64 ? kX16 : kW16, sign = f64 ? kX17 : kW17;
  const uint32_t signBit = widthOf(s) - 1;
  a.fmov(magnitude, vecf(s, lhs));
  a.fmov(sign, vecf(s, rhs));
  a.lsr(sign, sign, signBit);
  a.bfi(magnitude, sign, signBit, 1);
  a.fmov(vecf(s, dst), magnitude);
}

void MacroAssembler::fsqrt(OpSize s, Reg dst, Reg src) {
  at().as.fsqrt(vecf(s, dst), vecf(s, src));
}

void MacroAssembler::fround(RoundMode mode, OpSize s, Reg dst, Reg src) {
  auto& a = at().as;
  const aa::Vec d = vecf(s, dst), x = vecf(s, src);
  switch (mode) {
    case RoundMode::Nearest:
      a.frintn(d, x);  // ties to even
      break;
    case RoundMode::Floor:
      a.frintm(d, x);
      break;
    case RoundMode::Ceil:
      a.frintp(d, x);
      break;
    case RoundMode::Trunc:
      a.frintz(d, x);
      break;
  }
}

void MacroAssembler::fcompare(FloatCond cond, OpSize s, Reg dst, Reg lhs, Reg rhs) {
  auto& a = at().as;
  a.fcmp(vecf(s, lhs), vecf(s, rhs));
  a.cset(gpw(dst), floatCondCode(cond));
}

void MacroAssembler::convert(Conversion conv, Reg dst, Reg src) {
  auto& a = at().as;
  using C = Conversion;
  switch (conv) {
    case C::I32WrapI64:
    case C::I64ExtendI32U:
      // A 32-bit mov zero-extends: wrap drops the upper half, extend_u
      // re-establishes the zero upper half even when dst == src.
      a.mov(gpw(dst), gpw(src));
      return;
    case C::I64ExtendI32S:
    case C::I64Extend32S:
      a.sxtw(gpx(dst), gpw(src));
      return;
    case C::I32Extend8S:
      a.sxtb(gpw(dst), gpw(src));
      return;
    case C::I32Extend16S:
      a.sxth(gpw(dst), gpw(src));
      return;
    case C::I64Extend8S:
      a.sxtb(gpx(dst), gpw(src));
      return;
    case C::I64Extend16S:
      a.sxth(gpx(dst), gpw(src));
      return;

    // fcvtzs/fcvtzu saturate and map NaN to 0: exactly trunc_sat.
    case C::I32TruncSatF32S:
    case C::I32TruncSatF64S:
    case C::I64TruncSatF32S:
    case C::I64TruncSatF64S:
    case C::I32TruncSatF32U:
    case C::I32TruncSatF64U:
    case C::I64TruncSatF32U:
    case C::I64TruncSatF64U: {
      const TruncInfo t = truncInfo(conv);
      if (t.isSigned)
        a.fcvtzs(gpr(t.to, dst), vecf(t.from, src));
      else
        a.fcvtzu(gpr(t.to, dst), vecf(t.from, src));
      return;
    }
    case C::I32TruncF32S:
    case C::I32TruncF64S:
    case C::I64TruncF32S:
    case C::I64TruncF64S:
    case C::I32TruncF32U:
    case C::I32TruncF64U:
    case C::I64TruncF32U:
    case C::I64TruncF64U:
      truncateChecked(conv, dst, src);
      return;

    // scvtf/ucvtf round to nearest even, as spec 4.3.5 convert requires.
    case C::F32ConvertI32S:
      a.scvtf(vecs(dst), gpw(src));
      return;
    case C::F32ConvertI32U:
      a.ucvtf(vecs(dst), gpw(src));
      return;
    case C::F32ConvertI64S:
      a.scvtf(vecs(dst), gpx(src));
      return;
    case C::F32ConvertI64U:
      a.ucvtf(vecs(dst), gpx(src));
      return;
    case C::F64ConvertI32S:
      a.scvtf(vecd(dst), gpw(src));
      return;
    case C::F64ConvertI32U:
      a.ucvtf(vecd(dst), gpw(src));
      return;
    case C::F64ConvertI64S:
      a.scvtf(vecd(dst), gpx(src));
      return;
    case C::F64ConvertI64U:
      a.ucvtf(vecd(dst), gpx(src));
      return;

    case C::F32DemoteF64:
      a.fcvt(vecs(dst), vecd(src));
      return;
    case C::F64PromoteF32:
      a.fcvt(vecd(dst), vecs(src));
      return;
    case C::I32ReinterpretF32:
      a.fmov(gpw(dst), vecs(src));
      return;
    case C::I64ReinterpretF64:
      a.fmov(gpx(dst), vecd(src));
      return;
    case C::F32ReinterpretI32:
      a.fmov(vecs(dst), gpw(src));
      return;
    case C::F64ReinterpretI64:
      a.fmov(vecd(dst), gpx(src));
      return;
  }
}

// Trapping truncation (spec 4.3.5 trunc): NaN is "invalid conversion to
// integer", an input whose truncation is out of range "integer overflow".
// fcvtz* saturates rather than signalling, so the range is checked on the
// float before converting, against bounds exact in the source format.
void MacroAssembler::truncateChecked(Conversion conv, Reg dst, Reg src) {
  auto& a = at().as;
  const TruncInfo t = truncInfo(conv);
  const TruncBounds bounds = truncBounds(t);
  const aa::Vec x = vecf(t.from, src);
  const aa::Vec bound = t.from == OpSize::S64 ? kFpScratchD : kFpScratchS;
  const asmjit::Label overflow = impl_->label(trapLabel(TrapCode::IntegerOverflow));
  a.fcmp(x, x);
  a.b(CondCode::kVS, impl_->label(trapLabel(TrapCode::InvalidConversionToInteger)));
  loadFloatConstant(a, t.from, bounds.lower);
  a.fcmp(x, bound);
  a.b(bounds.lowerInclusive ? CondCode::kLT : CondCode::kLE, overflow);
  loadFloatConstant(a, t.from, bounds.upper);
  a.fcmp(x, bound);
  a.b(CondCode::kGE, overflow);
  if (t.isSigned)
    a.fcvtzs(gpr(t.to, dst), x);
  else
    a.fcvtzu(gpr(t.to, dst), x);
}

// --- Control flow -----------------------------------------------------------

void MacroAssembler::jump(Label target) { at().as.b(impl_->label(target)); }

void MacroAssembler::cancelJump(uint32_t offset) {
  uint32_t word;
  uint8_t* b = impl_->buffer.bytesAt(offset, sizeof word);
  if (!b) return;
  std::memcpy(&word, b, sizeof word);
  if ((word & 0xFC000000u) != 0x14000000u) return;  // not an unconditional b
  constexpr uint32_t kNop = 0xD503201Fu;
  std::memcpy(b, &kNop, sizeof kNop);
}

void MacroAssembler::branch(IntCond cond, OpSize s, Reg lhs, Reg rhs, Label target) {
  auto& a = at().as;
  a.cmp(gpr(s, lhs), gpr(s, rhs));
  impl_->conditionalBranch(CondBranch::on(condCode(cond)), target);
}

void MacroAssembler::branch(IntCond cond, OpSize s, Reg lhs, int64_t imm, Label target) {
  auto& a = at().as;
  if (immFor(s, imm) == 0 && (cond == IntCond::Eq || cond == IntCond::Ne)) {
    impl_->conditionalBranch(cond == IntCond::Eq ? CondBranch::ifZero(gpr(s, lhs))
                                                 : CondBranch::ifNotZero(gpr(s, lhs)),
                             target);
    return;
  }
  compareImm(a, s, lhs, imm);
  impl_->conditionalBranch(CondBranch::on(condCode(cond)), target);
}

void MacroAssembler::branchIfZero(OpSize s, Reg value, Label target) {
  at().conditionalBranch(CondBranch::ifZero(gpr(s, value)), target);
}

void MacroAssembler::branchIfNotZero(OpSize s, Reg value, Label target) {
  at().conditionalBranch(CondBranch::ifNotZero(gpr(s, value)), target);
}

void MacroAssembler::branchFloat(FloatCond cond, OpSize s, Reg lhs, Reg rhs, Label target,
                                 bool whenTrue) {
  auto& a = at().as;
  a.fcmp(vecf(s, lhs), vecf(s, rhs));
  const CondCode cc = floatCondCode(cond);
  impl_->conditionalBranch(CondBranch::on(whenTrue ? cc : asmjit::arm::negateCond(cc)), target);
}

// br_table (spec 4.4.8) without absolute addresses: the table holds
// target - table as 4-byte signed words, next to the code (adr reaches it).
void MacroAssembler::jumpTable(Reg index, std::span<const Label> targets, Label defaultTarget) {
  auto& a = at().as;
  if (targets.empty()) {
    jump(defaultTarget);
    return;
  }
  // A table too large for the islands' margin: the pending trap stubs and
  // branches get their islands first, and the default is reached over the
  // table by `b`.
  const bool largeTable = targets.size() * 4 > kIslandDistance;
  if (largeTable) {
    if (impl_->buffer.oldestTrapStubUse() != UINT32_MAX) {
      Label over = newLabel();
      a.b(impl_->label(over));
      emitTrapStubs();
      bind(over);
    }
    impl_->emitBranchVeneers();
  }
  compareImm(a, OpSize::S32, index, static_cast<int64_t>(targets.size()));
  impl_->conditionalBranch(CondBranch::on(CondCode::kHS), defaultTarget, largeTable);
  asmjit::Label table = a.newLabel();
  a.adr(kX16, table);
  a.ldrsw(kX17, aa::ptr(kX16, gpx(index), aa::uxtw(2)));
  a.add(kX16, kX16, kX17);
  a.br(kX16);
  impl_->buffer.embedJumpTable(table, targets, 4);
}

// --- Calls ------------------------------------------------------------------

void MacroAssembler::call(Label target) { at().as.bl(impl_->label(target)); }

uint32_t MacroAssembler::emitDirectCall(uint32_t target) {
  constexpr uint32_t kBl = 0x94000000;
  auto& a = at().as;
  const uint32_t instruction = impl_->buffer.codeOffset();
  int64_t words = 0;
  if (target != kNoCall) words = (int64_t{target} - int64_t{instruction}) / 4;
  if (words < -(int64_t{1} << 25) || words >= (int64_t{1} << 25))
    impl_->buffer.reportUnsupported("a call beyond the reach of bl (128 MiB)");
  a.embedUInt32(kBl | (static_cast<uint32_t>(words) & 0x3FFFFFFu));
  return instruction;
}

void MacroAssembler::callIndirect(Reg target) { at().as.blr(gpx(target)); }

void MacroAssembler::callIndirect(const Address& target) {
  auto& a = at().as;
  a.ldr(kX16, toMem(a, target, 8));
  a.blr(kX16);
}

void MacroAssembler::callBuiltin(uint32_t builtinId) {
  auto& a = at().as;
  loadBuiltinAddress(a, options_, builtinId);
  a.blr(kX16);
}

// --- Interruption checks (DESIGN decision 8) --------------------------------

// ldr x16, [x19, #ptr]; ldr x16, [x16]; ldr x17, [x19, #limit]; cmp; b.hs stub.
// The counter is another thread's atomic: an aligned ldr is single-copy atomic.
void MacroAssembler::trapIfCounterReached(int32_t counterPtrOffset, int32_t limitOffset,
                                          TrapCode code) {
  auto& a = at().as;
  a.ldr(kX16, toMem(a, Address(RegisterConventions::kVmContext, counterPtrOffset), 8));
  a.ldr(kX16, aa::ptr(kX16));
  // toMem may put a large offset in x17; loading into x17 from it is fine.
  a.ldr(kX17, toMem(a, Address(RegisterConventions::kVmContext, limitOffset), 8));
  a.cmp(kX16, kX17);
  a.b(CondCode::kHS, impl_->label(trapLabel(code)));
}

// ldr x16, [x19, #ptr]; ldr x17, [x16, #field]; subs x17, x17, #1;
// str x17, [x16, #field]; b.mi stub.
void MacroAssembler::trapIfDecrementNegative(int32_t ptrOffset, int32_t fieldOffset,
                                             TrapCode code) {
  auto& a = at().as;
  assert(fitsMemOffset(fieldOffset, 8) && "the field is addressed from x16 directly");
  a.ldr(kX16, toMem(a, Address(RegisterConventions::kVmContext, ptrOffset), 8));
  a.ldr(kX17, aa::ptr(kX16, fieldOffset));
  a.subs(kX17, kX17, 1);
  a.str(kX17, aa::ptr(kX16, fieldOffset));
  a.b(CondCode::kMI, impl_->label(trapLabel(code)));
}


}  // namespace ember::a64
