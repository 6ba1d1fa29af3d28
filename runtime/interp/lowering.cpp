#include "runtime/interp/lowering.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "runtime/format/function_validator.h"
#if EMBER_INTERP_SUPERINSTRUCTIONS
#include "runtime/interp/inlining.h"
#include "runtime/interp/numeric.h"
#include "runtime/interp/wide_multiply.h"
#endif

namespace ember::interp {
namespace {

// The branch instructions a compare (or eqz) fuses into: one that jumps
// when the compare holds, one that jumps when it does not (for `if`).
struct BranchForms {
  IOp whenTrue;
  IOp whenFalse;
  uint32_t operandWords;  // after the destination: 1 (eqz), 2, or 3 (64-bit immediate)
  bool writes = false;    // the fused branch still writes the destination (add + branch)
  bool swap = false;      // the branch takes the compare's two operands swapped
};

bool branchForms(IOp op, BranchForms& forms) {
  switch (op) {
#define EMBER_ICMP(Name, T, expr, Inverse)                                    \
  case IOp::Name: forms = {IOp::BrIf##Name, IOp::BrIf##Inverse, 2}; return true; \
  case IOp::Name##Imm:                                                        \
    forms = {IOp::BrIf##Name##Imm, IOp::BrIf##Inverse##Imm, 1 + T##_WORDS};   \
    return true;
#define U32_WORDS 1
#define U64_WORDS 2
#include "runtime/interp/ops.def"
#undef U32_WORDS
#undef U64_WORDS
    case IOp::I32Eqz: forms = {IOp::BrIfEqz, IOp::BrIfNez, 1}; return true;
    case IOp::I64Eqz: forms = {IOp::BrIfEqz64, IOp::BrIfNez64, 1}; return true;
    case IOp::I32AddImm:
    case IOp::I32SubImm: forms = {IOp::BrIfAddImmNez, IOp::BrIfAddImmEqz, 2, true}; return true;
    case IOp::I32AndImm: forms = {IOp::BrIfAndImmNez, IOp::BrIfAndImmEqz, 2}; return true;
    case IOp::GlobalGet: forms = {IOp::BrIfGlobalNez, IOp::BrIfGlobalEqz, 1}; return true;
#if EMBER_INTERP_SUPERINSTRUCTIONS
    case IOp::I32Load8U: forms = {IOp::BrIfLoad8UNez, IOp::BrIfLoad8UEqz, 3}; return true;
    case IOp::I32Load: forms = {IOp::BrIfLoadNez, IOp::BrIfLoadEqz, 3}; return true;
#endif
#define EMBER_FLOAT_FORMS(T)                                                                    \
  case IOp::T##Eq: forms = {IOp::BrIf##T##Eq, IOp::BrIfNot##T##Eq, 2}; return true;              \
  case IOp::T##Ne: forms = {IOp::BrIfNot##T##Eq, IOp::BrIf##T##Eq, 2}; return true;              \
  case IOp::T##Lt: forms = {IOp::BrIf##T##Lt, IOp::BrIfNot##T##Lt, 2}; return true;              \
  case IOp::T##Le: forms = {IOp::BrIf##T##Le, IOp::BrIfNot##T##Le, 2}; return true;              \
  case IOp::T##Gt: forms = {IOp::BrIf##T##Lt, IOp::BrIfNot##T##Lt, 2, false, true}; return true; \
  case IOp::T##Ge: forms = {IOp::BrIf##T##Le, IOp::BrIfNot##T##Le, 2, false, true}; return true;
    EMBER_FLOAT_FORMS(F32)
    EMBER_FLOAT_FORMS(F64)
#undef EMBER_FLOAT_FORMS
    default: return false;
  }
}

// The branches a 32-bit compare fuses into together with the add of a
// constant that computed its operand a (`i += c; br_if (i < n)`).
bool addBranchForms(IOp op, [[maybe_unused]] BranchForms& forms) {  // unused without the BrIfAdd forms
  switch (op) {
#define EMBER_ICMP(Name, T, expr, Inverse) EMBER_ADD_BRANCHES_##T(Name, Inverse)
#define EMBER_ADD_BRANCHES_U32(Name, Inverse)                                  \
  case IOp::Name: forms = {IOp::BrIfAdd##Name, IOp::BrIfAdd##Inverse, 4}; return true; \
  case IOp::Name##Imm:                                                        \
    forms = {IOp::BrIfAdd##Name##Imm, IOp::BrIfAdd##Inverse##Imm, 4};          \
    return true;
#define EMBER_ADD_BRANCHES_U64(Name, Inverse)
#include "runtime/interp/ops.def"
    default: return false;
  }
}

// The branches a 32-bit compare with a constant fuses into together with
// the add of a slot that computed its operand a (`k += step; br_if (k < n)`).
bool stepBranchForms([[maybe_unused]] IOp op, [[maybe_unused]] BranchForms& forms) {
#if EMBER_INTERP_SUPERINSTRUCTIONS
  switch (op) {
    case IOp::I32LtUImm: forms = {IOp::BrIfStepI32LtUImm, IOp::BrIfStepI32GeUImm, 4}; return true;
    case IOp::I32GeUImm: forms = {IOp::BrIfStepI32GeUImm, IOp::BrIfStepI32LtUImm, 4}; return true;
    case IOp::I32LtSImm: forms = {IOp::BrIfStepI32LtSImm, IOp::BrIfStepI32GeSImm, 4}; return true;
    case IOp::I32GeSImm: forms = {IOp::BrIfStepI32GeSImm, IOp::BrIfStepI32LtSImm, 4}; return true;
    default: break;
  }
#endif
  return false;
}

bool commutes(IOp op) {
  switch (op) {
    case IOp::I32Eq: case IOp::I32Ne: case IOp::I32Add: case IOp::I32Mul:
    case IOp::I32And: case IOp::I32Or: case IOp::I32Xor:
    case IOp::I64Eq: case IOp::I64Ne: case IOp::I64Add: case IOp::I64Mul:
    case IOp::I64And: case IOp::I64Or: case IOp::I64Xor:
      return true;
    default:
      return false;
  }
}

// The form of an arithmetic instruction that takes operand a from the
// dispatch loop's `acc` (the result of the instruction before it, which is
// one of these too); Count_ for the others.
IOp accFormOf(IOp op) {
  switch (op) {
#define EMBER_IBIN_I(Name, T, expr) \
  case IOp::Name: return IOp::Name##Acc; \
  case IOp::Name##Imm: return IOp::Name##ImmAcc;
#include "runtime/interp/ops.def"
    default: return IOp::Count_;
  }
}

// Instructions that leave their result in `acc` too: the arithmetic
// above, the fused arithmetic and the loads.
bool producesAcc(IOp op) {
  if (accFormOf(op) != IOp::Count_) return true;
  switch (op) {
    case IOp::I32AddShl: case IOp::I32MulAdd: case IOp::I64MulAdd: case IOp::I32XorShl:
    case IOp::I32XorShrU: case IOp::I64AddShrU: case IOp::I32XorRotl: case IOp::I64XorRotl:
    case IOp::I32ShrUAnd: case IOp::I64ShrUAnd:
#if EMBER_INTERP_SUPERINSTRUCTIONS
    case IOp::I64AddLtU: case IOp::I32AddLoad: case IOp::I64AddLoad:
    case IOp::I32AndNot: case IOp::I64AndNot: case IOp::I32RSubImm: case IOp::I64RSubImm:
    case IOp::I32RShlImm: case IOp::I64RShlImm: case IOp::I32DivUConst: case IOp::I32RemUConst:
    case IOp::I32AddLtUImm: case IOp::I32MulLoad: case IOp::I32MulLoadAdd: case IOp::I32AddXorRotl:
    case IOp::I32AddShrUImm: case IOp::I32AddAnd:
#endif
#define EMBER_X(Name, words) case IOp::Name:
    EMBER_INTERP_FUSED_ACC_OPS(EMBER_X)
#undef EMBER_X
      return true;
#define EMBER_ILOAD(Name, MemT, expr) case IOp::Name: case IOp::Name##Idx: return true;
#include "runtime/interp/ops.def"
    default:
      return false;
  }
}

// The form of a fused instruction that reads, from `acc`, the operand the
// instruction it replaced read from there (itself in builds without them).
IOp fusedAccFormOf(IOp op) {
#if !EMBER_INTERP_SUPERINSTRUCTIONS
  return op;
#else
  switch (op) {
    case IOp::I32AddShl: return IOp::I32AddShlAcc;
    case IOp::I32MulAdd: return IOp::I32MulAddAcc;
    case IOp::I64MulAdd: return IOp::I64MulAddAcc;
    case IOp::I32XorShl: return IOp::I32XorShlAcc;
    case IOp::I32XorShrU: return IOp::I32XorShrUAcc;
    case IOp::I64AddShrU: return IOp::I64AddShrUAcc;
    case IOp::I32XorRotl: return IOp::I32XorRotlAcc;
    case IOp::I64XorRotl: return IOp::I64XorRotlAcc;
    case IOp::I32ShrUAnd: return IOp::I32ShrUAndAcc;
    case IOp::I64ShrUAnd: return IOp::I64ShrUAndAcc;
    default: return op;
  }
#endif
}

bool isSignedDivision(IOp op) {
  return op == IOp::I32DivS || op == IOp::I32RemS || op == IOp::I64DivS || op == IOp::I64RemS;
}

bool hasV128(std::span<const ValType> types) {
  for (ValType t : types)
    if (t == ValType::V128) return true;
  return false;
}

// Slots the values of `types` take (two for a v128).
uint32_t slotCount(std::span<const ValType> types) {
  uint32_t n = 0;
  for (ValType t : types) n += t == ValType::V128 ? 2 : 1;
  return n;
}

// The instruction for `constant op x` where op does not commute, or
// Count_: `k - x` (a negation, a range check such as `'z' - c`) is one
// RSubImm, and `k << x` (a mask's bit, `1 << n`) one RShlImm, instead of
// a Const32 and the operator.
IOp reversedImmFormOf([[maybe_unused]] IOp op) {
#if EMBER_INTERP_SUPERINSTRUCTIONS
  switch (op) {
    case IOp::I32Sub: return IOp::I32RSubImm;
    case IOp::I64Sub: return IOp::I64RSubImm;
    case IOp::I32Shl: return IOp::I32RShlImm;
    case IOp::I64Shl: return IOp::I64RShlImm;
    default: break;
  }
#endif
  return IOp::Count_;
}

}  // namespace

Lowering::Lowering([[maybe_unused]] ModuleLowering& owner, const Module& module, ModuleCode& out,
                   std::span<const uint32_t> typeIds, LoweringOptions options)
    : module_(module), out_(out), typeIds_(typeIds), options_(options) {
#if EMBER_INTERP_SUPERINSTRUCTIONS
  owner_ = &owner;
#endif
}

// --- Emission -----------------------------------------------------------------

[[gnu::always_inline]] inline void Lowering::noteWasmOffset() {
  if (!validator_) return;
  uint32_t offset = validator_->offset();
  auto& offsets = func_->wasmOffsets;
  if (offsets.empty() || offsets.back().second != offset) offsets.emplace_back(here(), offset);
}

void Lowering::emitOp(IOp op, uint32_t dst) {
  noteWasmOffset();
  prevStart_ = lastStart_;
  prevOp_ = lastOp_;
  prevDst_ = lastDst_;
  lastStart_ = here();
  lastOp_ = op;
  lastDst_ = dst;
  code_.push_back(opToken(op));
  if (dst != kNoDst) code_.push_back(dst);
}

void Lowering::truncateCode(uint32_t start) {
  code_.resize(start);
  auto& offsets = func_->wasmOffsets;  // kept sorted by word
  while (!offsets.empty() && offsets.back().first >= start) offsets.pop_back();
  bindHere();
}

// Forward branch operands form a chain through the words themselves: each
// holds the position of the previous one until the target is known.
void Lowering::addFixup(uint32_t& chain) {
  uint32_t pos = here();
  code_.push_back(chain);
  chain = pos;
}

void Lowering::patchChain(uint32_t chain, uint32_t target) {
  while (chain != kNoFixup) {
    uint32_t next = code_[chain];
    code_[chain] = target - chain;
    chain = next;
  }
}

void Lowering::emitJumpTo(Control& target) {
  emitOp(IOp::Br);
  if (target.kind == Kind::Loop) emit(target.loopStart - here());
  else addFixup(target.endFixups);
}

// --- Operand stack ----------------------------------------------------------------

void Lowering::pushConst(uint64_t bits) {
  Operand v;
  v.where = Where::Const;
  v.bits = bits;
  stack_.push_back(v);
  if (height() > maxHeight_) maxHeight_ = height();
}

uint32_t Lowering::pushHome() {
  stack_.push_back(Operand());
  if (height() > maxHeight_) maxHeight_ = height();
  return home(height() - 1);
}

// Writes a value to `dstSlot` without changing where the stack says it is,
// so it may be used on a conditional path (branch moves, returns).
void Lowering::writeOperandTo(const Operand& v, uint32_t pos, uint32_t dstSlot) {
  switch (v.where) {
    case Where::Home:
      if (home(pos) == dstSlot) return;
      emitOp(IOp::Copy, dstSlot);
      emit(home(pos));
      return;
    case Where::Local:
      if (v.local == dstSlot) return;
      emitOp(IOp::Copy, dstSlot);
      emit(v.local);
      return;
    case Where::Const:
      if ((v.bits >> 32) == 0) {
        emitOp(IOp::Const32, dstSlot);
        emit(static_cast<uint32_t>(v.bits));
      } else {
        emitOp(IOp::Const64, dstSlot);
        emit(static_cast<uint32_t>(v.bits));
        emit(static_cast<uint32_t>(v.bits >> 32));
      }
      return;
  }
}

void Lowering::materialize(uint32_t pos) {
  Operand& v = stack_[pos];
  if (v.where == Where::Home) return;
  writeOperandTo(v, pos, home(pos));
  v.where = Where::Home;  // keeps its place in a reader chain (pushedAsLocal)
}

void Lowering::materializeRange(uint32_t from, uint32_t to) {
  for (uint32_t p = from; p < to; ++p) materialize(p);
}

// Every `local.get` pending below `to` into its home slot, in stack order.
// Positions below noLocalReadsBelow_ hold none (the last block entry
// materialized them), so each position is looked at once per push.
void Lowering::materializeLocalRefsBelow(uint32_t to) {
  for (uint32_t p = noLocalReadsBelow_; p < to; ++p)
    if (stack_[p].where == Where::Local) materialize(p);
}

uint32_t Lowering::slotOf(uint32_t pos) {
  const Operand& v = stack_[pos];
  if (v.where == Where::Local) return v.local;
  materialize(pos);
  return home(pos);
}

// A pending `local.get i` below the top must keep the old value when local
// i is overwritten, so it is copied to its home slot first.
void Lowering::preserveLocal(uint32_t local) {
  uint32_t top = height() - 1;
  preserved_.clear();
  for (uint32_t p = lastReader_[local]; p != kNoReader; p = stack_[p].previousReader) {
    if (p < top && stack_[p].where == Where::Local) preserved_.push_back(p);
  }
  for (auto it = preserved_.rbegin(); it != preserved_.rend(); ++it) materialize(*it);
  // Only the top may still read the local: the chain restarts there.
  const Operand& t = stack_[top];
  if (t.pushedAsLocal && t.local == local && lastReader_[local] == top) {
    stack_[top].previousReader = kNoReader;
  } else {
    lastReader_[local] = kNoReader;
  }
}

// --- Function framing ------------------------------------------------------------

void Lowering::beginFunction(uint32_t funcIndex, const FuncType& type,
                             std::span<const ValType> locals) {
  func_ = &out_.functions[funcIndex - module_.importedFuncCount];
  func_->wasmOffsets.clear();
#if EMBER_INTERP_SUPERINSTRUCTIONS
  func_->inlinedCalls.clear();
  func_->inlineBody = {};
  func_->wideMultiply = false;
#endif
  code_.clear();
  stack_.clear();
  controls_.clear();
  localSlots_ = static_cast<uint32_t>(locals.size());
  localSlot_.clear();
  if (hasV128(locals)) {
    localSlots_ = 0;
    for (ValType t : locals) {
      localSlot_.push_back(localSlots_);
      localSlots_ += t == ValType::V128 ? 2 : 1;
    }
  }
  // One more local, never written, reads as zero: the base of accesses at
  // a constant address (the constant goes into the access's `add`).
  zeroSlot_ = localSlots_++;
  lastReader_.assign(localSlots_, kNoReader);
  noLocalReadsBelow_ = 0;
  maxHeight_ = 0;
  resultCount_ = slotCount(type.results);
  controls_.push({Kind::Function, 0, 0, resultCount_, 0, kNoFixup, kNoFixup});
  func_->paramSlots = slotCount(type.params);
  func_->wideSignature = hasV128(type.params) || hasV128(type.results) ? &type : nullptr;
  bindHere();
  emitInterruptChecks();
#if EMBER_INTERP_SUPERINSTRUCTIONS
  entryWords_ = here();
  mayMultiplyWide_ = hasWideMultiplySignature(type);
#endif
}

// At a function's entry and a loop's header (the target of its back-edges),
// so a running call reaches a check in bounded time (DESIGN decision 8).
// Nothing may fuse with or retarget them: bindHere() after.
void Lowering::emitInterruptChecks() {
  if (!options_.epochChecks && !options_.fuelChecks) return;
  if (options_.epochChecks) emitOp(IOp::CheckEpoch);
  if (options_.fuelChecks) emitOp(IOp::CheckFuel);
  bindHere();
}

void Lowering::visitFunctionEnd(bool reachable) {
  if (reachable) emitReturn();
#if EMBER_INTERP_SUPERINSTRUCTIONS
  auto body = std::span(code_).subspan(entryWords_);
  uint64_t& budget = owner_->wideMultiplyBudget();
  if (mayMultiplyWide_ && body.size() <= kMaxWideMultiplyWords && body.size() <= budget) {
    budget -= body.size();
    if (auto store = wideMultiplyFirstStore(body, localSlots_))
      lowerAsWideMultiply(func_->wasmOffsetAt(entryWords_ + *store));
  }
#endif
  func_->words.assign(code_.begin(), code_.end());
  func_->localSlots = localSlots_;
  func_->frameSlots = localSlots_ + maxHeight_;
  func_->resultCount = resultCount_;
#if EMBER_INTERP_SUPERINSTRUCTIONS
  classifyForInlining(*func_);
#endif
}

#if EMBER_INTERP_SUPERINSTRUCTIONS
// The function computes a 128-bit product (wide_multiply.h): its code after
// the entry's interrupt checks becomes the one instruction that does it,
// whose trap is reported at the function's first store.
void Lowering::lowerAsWideMultiply(uint32_t firstStoreOffset) {
  truncateCode(entryWords_);
  func_->wasmOffsets.emplace_back(here(), firstStoreOffset);
  func_->wideMultiply = true;
  emit(opToken(IOp::I128MulStore));
  emit(0);  // out
  emit(0);  // add
  for (uint32_t param = 1; param < 5; ++param) emit(param);  // no v128: slot = index
  emit(opToken(IOp::Return0));
}
#endif

// --- Control ------------------------------------------------------------------------

void Lowering::visitUnreachable() { emitOp(IOp::Unreachable); }

// Entering a block: pending local reads below it are made real (a local may
// be written on one path inside the block and not on another), and the
// block's parameters go to their home slots, where a loop's back edges and
// an if's else arm expect them.
void Lowering::enterBlock(Kind kind, BlockType bt) {
  uint32_t params = slotCount(bt.params);
  uint32_t base = height() - params;
  materializeLocalRefsBelow(base);
  materializeRange(base, height());
  noLocalReadsBelow_ = height();
  controls_.push({kind, base, params, slotCount(bt.results), here(), kNoFixup, kNoFixup});
  if (kind == Kind::Loop) {
    bindHere();
    emitInterruptChecks();
  }
}

void Lowering::visitBlock(BlockType bt) { enterBlock(Kind::Block, bt); }
void Lowering::visitLoop(BlockType bt) { enterBlock(Kind::Loop, bt); }

// The condition is taken before enterBlock's copies are emitted; those
// copies write only home slots below the condition, never what a fused
// compare reads, so the compare can move after them.
void Lowering::visitIf(BlockType bt) {
  uint32_t condPos = height() - 1;
  Operand cond = stack_[condPos];
  uint32_t condSlot = cond.where == Where::Local ? cond.local : home(condPos);
  FusedCompare cmp{IOp::Count_, 0, {}, false};
  if (cond.where == Where::Home) cmp = takeCompare(condSlot, false);
  pop();
  enterBlock(Kind::If, bt);
  Control& c = controls_.back();
  if (cond.where == Where::Const) {
    if (static_cast<uint32_t>(cond.bits) == 0) {
      emitOp(IOp::Br);
      addFixup(c.elseFixup);
    }
    return;
  }
  emitCondBranch(cmp, condSlot, false, c.elseFixup);
}

void Lowering::visitElse(bool reachable) {
  Control& c = controls_.back();
  if (reachable) {
    materializeRange(c.height, height());
    emitOp(IOp::Br);
    addFixup(c.endFixups);
  }
  patchChain(c.elseFixup, here());
  c.elseFixup = kNoFixup;
  bindHere();
  truncate(c.height);
  for (uint32_t i = 0; i < c.params; ++i) pushHome();
  c.kind = Kind::Else;
}

void Lowering::visitEnd(bool reachable) {
  Control c = controls_.back();
  controls_.pop();
  if (reachable) materializeRange(c.height, height());
  // Without branches to it, the end is no label and a fallthrough value
  // may still be retargeted; otherwise (or after dead code) it is.
  if (!reachable || c.elseFixup != kNoFixup || c.endFixups != kNoFixup) {
    patchChain(c.elseFixup, here());
    patchChain(c.endFixups, here());
    bindHere();
  }
  truncate(c.height);
  for (uint32_t i = 0; i < c.results; ++i) pushHome();
}

bool Lowering::branchNeedsMoves(const Control& target) const {
  uint32_t n = branchArity(target);
  uint32_t top = height();
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t pos = top - n + i;
    if (stack_[pos].where != Where::Home || pos != target.height + i) return true;
  }
  return false;
}

// Copies the values a branch carries to the target's result slots. Sources
// sit at or above their destinations, so copying upward never overwrites a
// source before it is read. The stack's own state is left alone: the copies
// may be on a path that is not taken.
void Lowering::emitBranchMoves(const Control& target) {
  uint32_t n = branchArity(target);
  uint32_t top = height();
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t pos = top - n + i;
    writeOperandTo(stack_[pos], pos, home(target.height + i));
  }
}

void Lowering::emitBranch(Control& target) {
  if (target.kind == Kind::Function) return emitReturn();
  emitBranchMoves(target);
  emitJumpTo(target);
}

void Lowering::visitBr(uint32_t depth) { emitBranch(controls_[controls_.size() - 1 - depth]); }

// The instruction just emitted, when it computed the condition in
// `condSlot` and can fuse into the branch. A compare's result is dead after
// the branch, so it may only fuse when the condition is a home slot
// (`onlyWriting` otherwise: a local keeps the value, so only an add that
// still writes it fuses). An `i32.eqz` of a compare (or of a global) just
// before it, through the condition's home slot, fuses both: the branch
// tests the compare with the opposite sense.
Lowering::FusedCompare Lowering::takeCompare(uint32_t condSlot, bool onlyWriting, bool takeAdd) {
  FusedCompare cmp{IOp::Count_, 0, {}, false};
  BranchForms forms;
  if (lastDst_ != condSlot) return cmp;
  if (rangeCheckBranch(cmp, onlyWriting, takeAdd)) return cmp;
  uint32_t start = lastStart_;
  IOp op = lastOp_;
  if (op == IOp::I32Eqz && !onlyWriting && prevDst_ == condSlot &&
      code_[lastStart_ + 2] == condSlot && branchForms(prevOp_, forms) && !forms.writes) {
    start = prevStart_;
    op = prevOp_;
    cmp.inverted = true;
  } else if (!branchForms(op, forms)) {
    return cmp;
  }
  if (onlyWriting && !forms.writes) return cmp;
  cmp.op = op;
  if (forms.writes) {
    // dst src imm, as an add: x - c is x + (-c) in 32-bit wrapping arithmetic.
    uint32_t imm = code_[start + 3];
    cmp.words = 3;
    cmp.operands[0] = code_[start + 1];
    cmp.operands[1] = code_[start + 2];
    cmp.operands[2] = op == IOp::I32SubImm ? 0u - imm : imm;
  } else {
    cmp.words = forms.operandWords;
    for (uint32_t i = 0; i < cmp.words; ++i) cmp.operands[i] = code_[start + 2 + i];
    if (forms.swap) std::swap(cmp.operands[0], cmp.operands[1]);
    if (takeAdd && !cmp.inverted) takeCounterUpdate(cmp, start);
  }
  if (EMBER_INTERP_SUPERINSTRUCTIONS && (op == IOp::I32Load8U || op == IOp::I32Load))
    cmp.loadAt = func_->wasmOffsetAt(start);
  truncateCode(start);
  return cmp;
}

// A compare whose operand a the instruction before it computed as
// `src + constant` (a loop counter's update), or as `src + step` of a
// slot against a constant (a strided loop): the add fuses into the
// branch too, which still writes a. Only for br_if, where the fused
// instruction stays where the two were (an `if` moves its compare after
// the block's entry copies, and those may read the counter).
bool Lowering::takeCounterUpdate(FusedCompare& cmp, uint32_t& start) {
  BranchForms forms;
  bool sub = prevOp_ == IOp::I32SubImm || prevOp_ == IOp::I32SubImmAcc;
  bool add = prevOp_ == IOp::I32AddImm || prevOp_ == IOp::I32AddImmAcc;
  bool step = prevOp_ == IOp::I32Add && stepBranchForms(cmp.op, forms);
  if (!(add || sub || step) || prevDst_ != cmp.operands[0] ||
      !(step || addBranchForms(cmp.op, forms)))
    return false;
  uint32_t imm = code_[prevStart_ + 3];  // or the step's slot
  cmp.operands[3] = cmp.operands[1];  // b, or the compare's immediate
  cmp.operands[1] = code_[prevStart_ + 2];
  cmp.operands[2] = sub ? 0u - imm : imm;
  cmp.words = 4;
  cmp.withAdd = true;
  if (EMBER_INTERP_SUPERINSTRUCTIONS) cmp.stepInSlot = step;
  start = prevStart_;
  return true;
}

// Emits a conditional branch on the condition (or on the fused compare),
// taken when the condition is `ifTrue`, and links its target operand.
void Lowering::emitCondBranch(const FusedCompare& cmp, uint32_t condSlot, bool ifTrue,
                              uint32_t& chain) {
  BranchForms forms;
  bool fused = cmp.op != IOp::Count_ &&
               ((EMBER_INTERP_SUPERINSTRUCTIONS && cmp.stepInSlot) ? stepBranchForms(cmp.op, forms)
                : cmp.withAdd  ? addBranchForms(cmp.op, forms)
                               : branchForms(cmp.op, forms));
  if (fused) {
    emitOp(ifTrue != cmp.inverted ? forms.whenTrue : forms.whenFalse);
    if (EMBER_INTERP_SUPERINSTRUCTIONS && (cmp.op == IOp::I32Load8U || cmp.op == IOp::I32Load))
      attributeLastTo(cmp.loadAt);  // a trap there is the load's
    for (uint32_t i = 0; i < cmp.words; ++i) emit(cmp.operands[i]);
  } else {
    emitOp(ifTrue ? IOp::BrIfNez : IOp::BrIfEqz);
    emit(condSlot);
  }
  addFixup(chain);
}

void Lowering::visitBrIf(uint32_t depth) {
  Control& target = controls_[controls_.size() - 1 - depth];
  uint32_t condPos = height() - 1;
  Operand cond = stack_[condPos];
  uint32_t condSlot = cond.where == Where::Local ? cond.local : home(condPos);
  FusedCompare cmp{IOp::Count_, 0, {}, false};
  if (cond.where != Where::Const) cmp = takeCompare(condSlot, cond.where == Where::Local, true);
  pop();
  if (cond.where == Where::Const) {
    if (static_cast<uint32_t>(cond.bits) != 0) emitBranch(target);
    return;
  }
  if (target.kind != Kind::Function && !branchNeedsMoves(target)) {
    if (target.kind == Kind::Loop) {
      // Backward: link through a temporary chain, then resolve at once.
      uint32_t chain = kNoFixup;
      emitCondBranch(cmp, condSlot, true, chain);
      patchChain(chain, target.loopStart);
    } else {
      emitCondBranch(cmp, condSlot, true, target.endFixups);
    }
    return;
  }
  uint32_t skip = kNoFixup;
  emitCondBranch(cmp, condSlot, false, skip);
  emitBranch(target);
  patchChain(skip, here());
  bindHere();
}

void Lowering::visitBrTable(std::span<const uint32_t> targets, uint32_t defaultDepth) {
  uint32_t indexSlot = slotOf(height() - 1);
  pop();
  uint32_t count = static_cast<uint32_t>(targets.size());
  emitOp(IOp::BrTable);
  emit(indexSlot);
  emit(count);
  uint32_t table = here();
  code_.resize(code_.size() + count + 1, 0);
  // Entries whose target needs no value moves jump straight there; the
  // others go through a stub (moves + jump) emitted after the table, one per
  // distinct depth. What each depth needs is decided once (brTableTarget_,
  // reset after), so the cost is the table's size whatever the nesting.
  if (brTableTarget_.size() < controls_.size()) brTableTarget_.resize(controls_.size(), kUnseen);
  brTableDepths_.clear();
  for (uint32_t k = 0; k <= count; ++k) {
    uint32_t depth = k < count ? targets[k] : defaultDepth;
    Control& target = controls_[controls_.size() - 1 - depth];
    uint32_t word = table + k;
    uint32_t& decided = brTableTarget_[depth];
    if (decided == kUnseen) {
      brTableDepths_.push_back(depth);
      if (target.kind != Kind::Function && !branchNeedsMoves(target)) {
        decided = kDirect;
      } else {
        decided = here();
        bindHere();
        emitBranch(target);
      }
    }
    if (decided == kDirect) {
      if (target.kind == Kind::Loop) {
        code_[word] = target.loopStart - word;
      } else {
        code_[word] = target.endFixups;
        target.endFixups = word;
      }
      continue;
    }
    code_[word] = decided - word;
  }
  for (uint32_t depth : brTableDepths_) brTableTarget_[depth] = kUnseen;
}

// Results go to slots 0..n-1 of the frame, where the caller reads them.
void Lowering::emitReturn() {
  uint32_t n = resultCount_;
  uint32_t top = height();
  if (n == 0) return emitOp(IOp::Return0);
  if (n == 1) {
    const Operand& v = stack_[top - 1];
    uint32_t src = v.where == Where::Local ? v.local : home(top - 1);
    if (v.where == Where::Const) writeOperandTo(v, top - 1, src);
    emitOp(IOp::Return1);
    emit(src);
    return;
  }
  // Gather in home slots first: a result read from a local must not be
  // overwritten by an earlier result's copy into slot i.
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t pos = top - n + i;
    writeOperandTo(stack_[pos], pos, home(pos));
  }
  emitOp(IOp::ReturnN);
  emit(home(top - n));
  emit(n);
}

void Lowering::visitReturn() { emitReturn(); }

// Calls: the arguments are made contiguous in their home slots, and the
// callee's frame starts at the first one, so they become its parameters
// without a copy; its results come back in the same slots.
void Lowering::visitCall(uint32_t funcIndex, const FuncType& type) {
  uint32_t n = slotCount(type.params);
  bool wide = hasV128(type.params) || hasV128(type.results);
  uint32_t first = height() - n;
  if (inlineCall(funcIndex, first)) {
    truncate(first);
    for (uint32_t i = 0, r = slotCount(type.results); i < r; ++i) pushHome();
    return;
  }
  materializeRange(first, height());
  uint32_t argBase = home(first);
  if (funcIndex < module_.importedFuncCount) {
    emitOp(wide ? IOp::CallImportWide : IOp::CallImport);
    emit(funcIndex);
    emit(argBase);
    if (wide) emitPointer(&type);
  } else {
    const FunctionCode* callee = &out_.functions[funcIndex - module_.importedFuncCount];
    uint64_t bits;
    static_assert(sizeof callee <= sizeof bits);
    bits = reinterpret_cast<uintptr_t>(callee);
    emitOp(IOp::Call);
    emit(static_cast<uint32_t>(bits));
    emit(static_cast<uint32_t>(bits >> 32));
    emit(argBase);
  }
  truncate(first);
  for (uint32_t i = 0, n = slotCount(type.results); i < n; ++i) pushHome();
}

// A call to a small function whose code may be inlined runs a copy of it
// (inlining.h). Its parameters are read where the arguments are: a local,
// the zero slot for a zero constant, else the argument's home slot.
bool Lowering::inlineCall(uint32_t funcIndex, uint32_t firstArg) {
#if EMBER_INTERP_SUPERINSTRUCTIONS
  if (funcIndex < module_.importedFuncCount) return false;
  const FunctionCode* lowered = owner_->loweredForInlining(funcIndex - module_.importedFuncCount);
  if (!lowered || !lowered->inlineBody.inlinable) return false;
  const FunctionCode& callee = *lowered;
  uint64_t& budget = owner_->inlineBudget();
  // At most: a copy per written local, the body, a copy of the result.
  if (callee.inlineBody.words + 3 * (callee.inlineBody.writtenLocals.size() + 1) > budget) return false;
  paramSources_.clear();
  for (uint32_t pos = firstArg; pos < height(); ++pos) {
    const Operand& v = stack_[pos];
    if (v.where == Where::Local) {
      paramSources_.push_back(v.local);
    } else if (v.where == Where::Const && v.bits == 0) {
      paramSources_.push_back(zeroSlot_);
    } else {
      materialize(pos);
      paramSources_.push_back(home(pos));
    }
  }
  // The 128-bit multiply's result address computed just before (`sp + k`,
  // a frame object): the add goes into the copied instruction.
  uint32_t outAdd = 0;
  if (callee.wideMultiply && lastOp_ == IOp::I32AddImm && lastDst_ == home(firstArg) &&
      stack_[firstArg].where == Where::Home) {
    paramSources_[0] = code_[lastStart_ + 2];
    outAdd = code_[lastStart_ + 3];
    truncateCode(lastStart_);
  }
  noteWasmOffset();
  bindHere();  // nothing fuses with or retargets the copied code
  const uint32_t start = here();
  appendInlined(callee, {home(firstArg), paramSources_, zeroSlot_}, code_, func_->inlinedCalls);
  if (outAdd) code_[here() - 5] = outAdd;  // the copy ends with `I128MulStore out add ...`
  budget -= here() - start;
  maxHeight_ = std::max(maxHeight_, firstArg + callee.frameSlots);
  bindHere();
  return true;
#else
  (void)funcIndex;
  (void)firstArg;
  return false;
#endif
}

void Lowering::visitCallIndirect(uint32_t typeIndex, uint32_t tableIndex, const FuncType& type) {
  uint32_t n = slotCount(type.params);
  bool wide = hasV128(type.params) || hasV128(type.results);
  uint32_t indexPos = height() - 1;
  uint32_t first = indexPos - n;
  materializeRange(first, indexPos);
  uint32_t indexSlot = slotOf(indexPos);
  emitOp(wide ? IOp::CallIndirectWide : IOp::CallIndirect);
  emit(typeIds_[typeIndex]);
  emit(tableIndex);
  emit(indexSlot);
  emit(home(first));
  if (wide) emitPointer(&type);
  truncate(first);
  for (uint32_t i = 0, n = slotCount(type.results); i < n; ++i) pushHome();
}

// --- Parametric and variables -----------------------------------------------------

void Lowering::visitSelect(ValType type) {
  if (type == ValType::V128) return selectV128();
  uint32_t c = height() - 1;
  uint32_t sa = slotOf(c - 2), sb = slotOf(c - 1), sc = slotOf(c);
  truncate(c - 2);
  uint32_t dst = pushHome();
  emitOp(IOp::Select, dst);
  emit(sa);
  emit(sb);
  emit(sc);
}

void Lowering::visitLocalGet(uint32_t index, ValType type) {
  uint32_t slot = slotOfLocal(index);
  pushLocalRead(slot);
  if (type == ValType::V128) pushLocalRead(slot + 1);
}

void Lowering::visitLocalSet(uint32_t index, ValType type) {
  visitLocalTee(index, type);
  pop();
  if (type == ValType::V128) pop();
}

// The value is stored into the local; when the instruction just emitted
// computed it into its home slot, that instruction is retargeted to write
// the local directly (`a + b -> local` in one instruction).
void Lowering::visitLocalTee(uint32_t local, ValType type) {
  uint32_t index = slotOfLocal(local);
  if (type == ValType::V128) return localTeeV128(index);
  uint32_t pos = height() - 1;
  Operand v = stack_[pos];
  if (v.where == Where::Local && v.local == index) return;
  if (lastReader_[index] != kNoReader) preserveLocal(index);
  if (v.where == Where::Home && lastDst_ == home(pos) && lastOp_ != IOp::Count_ &&
      !writesV128(lastOp_)) {
    code_[lastStart_ + 1] = index;
    lastDst_ = index;
    pop();
    pushLocalRead(index);
    return;
  }
  writeOperandTo(v, pos, index);
}

void Lowering::visitGlobalGet(uint32_t index, ValType type) {
  if (type == ValType::V128) return globalGetV128(index);
  uint32_t dst = pushHome();
  emitOp(IOp::GlobalGet, dst);
  emit(index);
}

void Lowering::visitGlobalSet(uint32_t index, ValType type) {
  if (type == ValType::V128) return globalSetV128(index);
  uint32_t src = slotOf(height() - 1);
  pop();
  emitOp(IOp::GlobalSet);
  emit(index);
  emit(src);
}

// --- References and tables ------------------------------------------------------------

void Lowering::visitRefIsNull() { unop(IOp::I64Eqz); }

void Lowering::visitRefFunc(uint32_t funcIndex) {
  uint32_t dst = pushHome();
  emitOp(IOp::RefFunc, dst);
  emit(funcIndex);
}

void Lowering::visitTableGet(uint32_t table) {
  uint32_t index = slotOf(height() - 1);
  pop();
  uint32_t dst = pushHome();
  emitOp(IOp::TableGet, dst);
  emit(table);
  emit(index);
}

void Lowering::visitTableSet(uint32_t table) {
  uint32_t top = height() - 1;
  uint32_t index = slotOf(top - 1), value = slotOf(top);
  truncate(top - 1);
  emitOp(IOp::TableSet);
  emit(table);
  emit(index);
  emit(value);
}

void Lowering::visitTableSize(uint32_t table) {
  uint32_t dst = pushHome();
  emitOp(IOp::TableSize, dst);
  emit(table);
}

void Lowering::visitTableGrow(uint32_t table) {
  uint32_t top = height() - 1;
  uint32_t init = slotOf(top - 1), n = slotOf(top);
  truncate(top - 1);
  uint32_t dst = pushHome();
  emitOp(IOp::TableGrow, dst);
  emit(table);
  emit(init);
  emit(n);
}

void Lowering::visitTableFill(uint32_t table) {
  uint32_t top = height() - 1;
  uint32_t i = slotOf(top - 2), value = slotOf(top - 1), n = slotOf(top);
  truncate(top - 2);
  emitOp(IOp::TableFill);
  emit(table);
  emit(i);
  emit(value);
  emit(n);
}

void Lowering::visitTableCopy(uint32_t dstTable, uint32_t srcTable) {
  uint32_t top = height() - 1;
  uint32_t d = slotOf(top - 2), s = slotOf(top - 1), n = slotOf(top);
  truncate(top - 2);
  emitOp(IOp::TableCopy);
  emit(dstTable);
  emit(srcTable);
  emit(d);
  emit(s);
  emit(n);
}

void Lowering::visitTableInit(uint32_t elemIndex, uint32_t table) {
  uint32_t top = height() - 1;
  uint32_t d = slotOf(top - 2), s = slotOf(top - 1), n = slotOf(top);
  truncate(top - 2);
  emitOp(IOp::TableInit);
  emit(elemIndex);
  emit(table);
  emit(d);
  emit(s);
  emit(n);
}

void Lowering::visitElemDrop(uint32_t elemIndex) {
  emitOp(IOp::ElemDrop);
  emit(elemIndex);
}

// --- Memory --------------------------------------------------------------------------------

// The address at `pos` folded into the access, saving dispatches: a
// constant (added to the zero slot), `base + constant` computed by the
// instruction just emitted (the access's add wraps the same way) or, with
// `indexed`, `base + index` or `base + (index << k)` (I32AddShl) just
// emitted. A folded instruction is removed: its result was only the address.
Lowering::AddressMode Lowering::takeAddress(uint32_t pos, bool indexed) {
  AddressMode fold{AddressMode::None, 0, 0, 0};
  const Operand& v = stack_[pos];
  if (v.where == Where::Const)
    return {AddressMode::Add, zeroSlot_, static_cast<uint32_t>(v.bits), 0};
  if (v.where != Where::Home || lastDst_ != home(pos)) return fold;
  if (lastOp_ == IOp::I32AddImm) {
    fold = {AddressMode::Add, code_[lastStart_ + 2], code_[lastStart_ + 3], 0};
  } else if (indexed && lastOp_ == IOp::I32Add) {
    fold = {AddressMode::Indexed, code_[lastStart_ + 2], code_[lastStart_ + 3], 0};
  } else if (indexed && lastOp_ == IOp::I32AddShl) {
    fold = {AddressMode::Indexed, code_[lastStart_ + 2], code_[lastStart_ + 3],
            code_[lastStart_ + 4]};
  } else {
    return fold;
  }
  truncateCode(lastStart_);
  return fold;
}

#if EMBER_INTERP_SUPERINSTRUCTIONS
// A store's address `base + k` computed just before the load that gives
// the value (a struct copy, `d->f = s->f`, evaluates the destination's
// address first): the add moves into the store's access and the load
// moves up, one dispatch fewer. Only for a plain load that neither reads
// the address nor writes the base.
Lowering::AddressMode Lowering::foldAddressAcrossLoad(uint32_t pos) {
  const AddressMode none{AddressMode::None, 0, 0, 0};
  constexpr uint32_t kAddWords = 4, kLoadWords = 5;  // op dst src k; op dst addr add offset
  if (prevOp_ != IOp::I32AddImm || stack_[pos].where != Where::Home || prevDst_ != home(pos) ||
      lastStart_ != prevStart_ + kAddWords || here() != lastStart_ + kLoadWords)
    return none;
  switch (lastOp_) {
#define EMBER_ILOAD(Name, MemT, expr) case IOp::Name:
#include "runtime/interp/ops.def"
      break;
    default:
      return none;
  }
  const uint32_t base = code_[prevStart_ + 2], k = code_[prevStart_ + 3];
  uint32_t load[kLoadWords];
  std::memcpy(load, &code_[lastStart_], sizeof load);
  if (load[1] == base || load[2] == home(pos)) return none;
  const IOp loadOp = lastOp_;
  const uint32_t loadAt = func_->wasmOffsetAt(lastStart_);
  truncateCode(prevStart_);
  emitOp(loadOp, load[1]);
  attributeLastTo(loadAt);
  for (uint32_t i = 2; i < kLoadWords; ++i) emit(load[i]);
  return {AddressMode::Add, base, k, 0};
}

// A store of the value the load just emitted read into a temporary, `*d =
// *s` (a struct field or a global copied): one LoadStore of 4 or 8 bytes.
// It runs for the load, then from its word 4 on for the store, so that a
// trap in either names its own operator.
bool Lowering::fuseLoadStore(IOp store, uint32_t value, uint32_t addr, uint32_t add, uint32_t offset) {
  constexpr uint32_t kLoadWords = 5;  // op dst addr add offset
  const bool wide = store == IOp::I64Store || store == IOp::F64Store;
  const bool loadFits = wide ? lastOp_ == IOp::I64Load || lastOp_ == IOp::F64Load
                             : lastOp_ == IOp::I32Load || lastOp_ == IOp::F32Load;
  if (!(wide || store == IOp::I32Store || store == IOp::F32Store) || !loadFits ||
      lastDst_ != value || here() != lastStart_ + kLoadWords)
    return false;
  uint32_t source[3];
  std::memcpy(source, &code_[lastStart_ + 2], sizeof source);
  const uint32_t loadAt = func_->wasmOffsetAt(lastStart_);
  truncateCode(lastStart_);
  emitOp(wide ? IOp::I64LoadStore : IOp::I32LoadStore);
  attributeLastTo(loadAt);
  for (uint32_t word : source) emit(word);
  if (validator_) func_->wasmOffsets.emplace_back(here(), validator_->offset());
  for (uint32_t word : {addr, add, offset}) emit(word);
  return true;
}
#endif

// The instruction just emitted runs for the operator at `wasmOffset` (it
// took that operator's place in a fusion), for trap backtraces.
void Lowering::attributeLastTo(uint32_t wasmOffset) {
  if (!validator_) return;
  auto& offsets = func_->wasmOffsets;
  if (!offsets.empty() && offsets.back().first == lastStart_) offsets.back().second = wasmOffset;
  else if (offsets.empty() || offsets.back().second != wasmOffset) offsets.emplace_back(lastStart_, wasmOffset);
}

void Lowering::visitLoad(Opcode op, MemArg m) {
  IOp iop, idxOp;
  switch (op) {
#define EMBER_ILOAD(Name, MemT, expr) \
  case Opcode::Name: iop = IOp::Name, idxOp = IOp::Name##Idx; break;
#include "runtime/interp/ops.def"
    default: return simdLoad(op, m);
  }
  uint32_t top = height() - 1;
  AddressMode fold = takeAddress(top, true);
  uint32_t addr = fold.kind != AddressMode::None ? fold.base : slotOf(top);
  pop();
  uint32_t dst = pushHome();
  if (fold.kind == AddressMode::Indexed) {
    emitOp(idxOp, dst);
    emit(addr);
    emit(fold.index);
    emit(fold.shift);
  } else {
    emitOp(iop, dst);
    emit(addr);
    emit(fold.index);  // the add (0 when none)
  }
  emit(static_cast<uint32_t>(m.offset));
}

void Lowering::visitStore(Opcode op, MemArg m) {
  IOp iop, immOp, idxOp;
  bool is64;
  switch (op) {
#define EMBER_ISTORE(Name, T, MemT)                                                         \
  case Opcode::Name:                                                                        \
    iop = IOp::Name, immOp = IOp::Name##Imm, idxOp = IOp::Name##Idx, is64 = T##_IS64; break;
#define U32_IS64 false
#define U64_IS64 true
#include "runtime/interp/ops.def"
#undef U32_IS64
#undef U64_IS64
    default: return simdStore(m);
  }
  uint32_t top = height() - 1;
  // A constant value is stored as an immediate.
  const Operand v = stack_[top];
  bool immValue = v.where == Where::Const;
  // (A constant value has no indexed form.)
  AddressMode fold = foldAddressAcrossLoad(top - 1);
  if (fold.kind == AddressMode::None) fold = takeAddress(top - 1, !immValue);
  uint32_t addr = fold.kind != AddressMode::None ? fold.base : slotOf(top - 1);
  uint32_t value = immValue ? 0 : slotOf(top);
  truncate(top - 1);
  if (fold.kind != AddressMode::Indexed && v.where == Where::Home &&
      fuseLoadStore(iop, value, addr, fold.index, static_cast<uint32_t>(m.offset)))
    return;
  if (fold.kind == AddressMode::Indexed) {
    emitOp(idxOp);
    emit(addr);
    emit(fold.index);
    emit(fold.shift);
    emit(value);
  } else {
    emitOp(immValue ? immOp : iop);
    emit(addr);
    if (immValue) emitImm(v.bits, is64);
    else emit(value);
    emit(fold.index);  // the add (0 when none)
  }
  emit(static_cast<uint32_t>(m.offset));
}

void Lowering::visitMemorySize(uint32_t) {
  uint32_t dst = pushHome();
  emitOp(IOp::MemorySize, dst);
}

void Lowering::visitMemoryGrow(uint32_t) {
  uint32_t delta = slotOf(height() - 1);
  pop();
  uint32_t dst = pushHome();
  emitOp(IOp::MemoryGrow, dst);
  emit(delta);
}

void Lowering::visitMemoryInit(uint32_t dataIndex, uint32_t) {
  uint32_t top = height() - 1;
  uint32_t d = slotOf(top - 2), s = slotOf(top - 1), n = slotOf(top);
  truncate(top - 2);
  emitOp(IOp::MemoryInit);
  emit(dataIndex);
  emit(d);
  emit(s);
  emit(n);
}

void Lowering::visitDataDrop(uint32_t dataIndex) {
  emitOp(IOp::DataDrop);
  emit(dataIndex);
}

void Lowering::visitMemoryCopy(uint32_t, uint32_t) {
  uint32_t top = height() - 1;
  uint32_t d = slotOf(top - 2), s = slotOf(top - 1), n = slotOf(top);
  truncate(top - 2);
  emitOp(IOp::MemoryCopy);
  emit(d);
  emit(s);
  emit(n);
}

void Lowering::visitMemoryFill(uint32_t) {
  uint32_t top = height() - 1;
  uint32_t d = slotOf(top - 2), value = slotOf(top - 1), n = slotOf(top);
  truncate(top - 2);
  emitOp(IOp::MemoryFill);
  emit(d);
  emit(value);
  emit(n);
}

// --- Numeric ------------------------------------------------------------------------------

void Lowering::unop(IOp op) {
  uint32_t a = slotOf(height() - 1);
  pop();
  uint32_t dst = pushHome();
  emitOp(op, dst);
  emit(a);
}

// When the instruction just emitted (with no label since) left operand a
// in `acc` as well as its slot, the Acc form reads it from there: a chain
// of arithmetic then does not wait for each value to go through memory.
// A commutative operator takes it as b too, swapping its operands.
void Lowering::binop(IOp op) {
  uint32_t top = height() - 1;
  uint32_t a = slotOf(top - 1), b = slotOf(top);
  truncate(top - 1);
  uint32_t dst = pushHome();
  IOp acc = accFormOf(op);
  bool fromAcc = false;
  if (acc != IOp::Count_ && producesAcc(lastOp_)) {
    if (lastDst_ == a) {
      fromAcc = true;
    } else if (lastDst_ == b && commutes(op)) {
      std::swap(a, b);
      fromAcc = true;
    }
  }
  emitOp(op, dst);
  if (fromAcc) code_[lastStart_] = opToken(acc);
  emit(a);
  emit(b);
}

// A constant right operand becomes an immediate; a constant left operand
// too when the operator commutes or has a reversed form.
void Lowering::binopImm(IOp op, IOp immOp, bool commutative, bool is64) {
  uint32_t top = height() - 1;
  Operand a = stack_[top - 1], b = stack_[top];
  uint32_t src;
  uint64_t imm;
  if (b.where == Where::Const) {
    src = slotOf(top - 1);
    imm = b.bits;
  } else if (a.where == Where::Const &&
             (commutative || (immOp = reversedImmFormOf(op)) != IOp::Count_)) {
    src = slotOf(top);
    imm = a.bits;
  } else {
    return binop(op);
  }
  truncate(top - 1);
  uint32_t dst = pushHome();
  IOp acc = accFormOf(immOp);
  bool fromAcc = acc != IOp::Count_ && producesAcc(lastOp_) && lastDst_ == src;
  emitOp(immOp, dst);
  if (fromAcc) code_[lastStart_] = opToken(acc);
  emit(src);
  emitImm(imm, is64);
}

void Lowering::emitImm(uint64_t bits, bool is64) {
  emit(static_cast<uint32_t>(bits));
  if (is64) emit(static_cast<uint32_t>(bits >> 32));
}

// Division and remainder by a constant that cannot trap (not 0, and not -1
// for the signed ones) take the immediate form.
void Lowering::trapBinop(IOp op, IOp immOp, bool isSigned, bool is64) {
  const Operand& b = stack_[height() - 1];
  if (b.where == Where::Const) {
    uint64_t bits = is64 ? b.bits : static_cast<uint32_t>(b.bits);
    bool minusOne = is64 ? bits == ~uint64_t{0} : bits == 0xFFFFFFFFu;
    if (!is64 && !isSigned && divideByConstant(op, static_cast<uint32_t>(bits))) return;
    if (bits != 0 && !(isSigned && minusOne)) return binopImm(op, immOp, false, is64);
  }
  binop(op);
}


// Fusions of the instruction just emitted into the binary operator being
// lowered, when that instruction wrote its result into the home slot of
// one of the two operands (which the operator consumes, so it is dead
// after): the removed instruction's operands are read by the fused one.

// The position (top or top - 1) of that operand, or kNoDst. The other
// operand must be a local or home slot, so reading it emits nothing
// between the removed instruction and the fused one.
uint32_t Lowering::lastResultOperand() const {
  uint32_t top = height() - 1;
  uint32_t pos;
  if (stack_[top].where == Where::Home && lastDst_ == home(top)) pos = top;
  else if (stack_[top - 1].where == Where::Home && lastDst_ == home(top - 1)) pos = top - 1;
  else return kNoDst;
  uint32_t other = pos == top ? top - 1 : top;
  return stack_[other].where == Where::Const ? kNoDst : pos;
}

// Whether the instruction just emitted takes its operand a from `acc`
// (always false without the fused Acc forms, code.h, so that their
// lowering compiles away).
bool Lowering::lastReadsAcc() const {
  if (!EMBER_INTERP_SUPERINSTRUCTIONS) return false;
  IOp acc = accFormOf(lastOp_);
  return acc != IOp::Count_ && code_[lastStart_] == opToken(acc);
}

// Emits the fused `op` in place of the instruction just removed (which
// read `acc` when `removedReadAcc`); the removed instruction's operand then
// comes from `acc` too, as long as nothing was emitted since the removal
// (truncateCode leaves lastOp_ at Count_ until the next instruction).
void Lowering::emitFused(IOp op, bool removedReadAcc, uint32_t a, uint32_t b, uint32_t c) {
  removedReadAcc = removedReadAcc && lastOp_ == IOp::Count_;
  uint32_t top = height() - 1;
  truncate(top - 1);
  uint32_t dst = pushHome();
  emitOp(op, dst);
  if (removedReadAcc) code_[lastStart_] = opToken(fusedAccFormOf(op));
  emit(a);
  emit(b);
  emit(c);
}

// `a op (b shift k)` with the shift just emitted: array indexing
// (I32AddShl, which loads and stores fold in turn), hashing (xor of a
// shift), carries of multi-word arithmetic (I64AddShrU).
bool Lowering::fuseShiftInto(IOp shiftOp, IOp fused, uint32_t countMask) {
  if (lastOp_ != shiftOp) return false;
  uint32_t pos = lastResultOperand();
  if (pos == kNoDst) return false;
  uint32_t top = height() - 1;
  uint32_t index = code_[lastStart_ + 2], shift = code_[lastStart_ + 3] & countMask;
  bool removedReadAcc = lastReadsAcc();
  truncateCode(lastStart_);
  uint32_t base = slotOf(pos == top ? top - 1 : top);
  emitFused(fused, removedReadAcc, base, index, shift);
  return true;
}

// `(a op b) + c` with the op just emitted: a * b + c (dot products, one
// MulAdd) or c + (a <u b) (a multi-word add's carry, one AddLtU).
bool Lowering::fuseIntoAdd(IOp op, IOp fused) {
  if (lastOp_ != op) return false;
  uint32_t pos = lastResultOperand();
  if (pos == kNoDst) return false;
  uint32_t top = height() - 1;
  uint32_t a = code_[lastStart_ + 2], b = code_[lastStart_ + 3];
  bool removedReadAcc = lastReadsAcc();
  truncateCode(lastStart_);
  uint32_t c = slotOf(pos == top ? top - 1 : top);
  emitFused(fused, removedReadAcc, a, b, c);
  return true;
}

// A rotate by a constant of a xor just emitted (ChaCha, BLAKE, SipHash
// rounds): one XorRotl, the rotate right by k as a rotate left by w - k.
bool Lowering::fuseXorRotate(IOp xorOp, IOp fused, bool right, uint32_t width) {
  uint32_t top = height() - 1;
  if (lastOp_ != xorOp || stack_[top].where != Where::Const ||
      stack_[top - 1].where != Where::Home || lastDst_ != home(top - 1))
    return false;
  uint32_t k = static_cast<uint32_t>(stack_[top].bits) & (width - 1);
  if (right) k = (width - k) & (width - 1);
  uint32_t a = code_[lastStart_ + 2], b = code_[lastStart_ + 3];
  if (fused == IOp::I32XorRotl && fuseAddXorRotl(a, b, k)) return true;
  bool removedReadAcc = lastReadsAcc();
  truncateCode(lastStart_);
  emitFused(fused, removedReadAcc, a, b, k);
  return true;
}

// A bit field: `(a >> k) & mask` with the shift just emitted.
bool Lowering::fuseShiftAnd(IOp shiftOp, IOp fused, bool is64) {
  uint32_t top = height() - 1;
  if (lastOp_ != shiftOp || stack_[top].where != Where::Const ||
      stack_[top - 1].where != Where::Home || lastDst_ != home(top - 1))
    return false;
  uint64_t mask = stack_[top].bits;
  uint32_t a = code_[lastStart_ + 2], shift = code_[lastStart_ + 3] & (is64 ? 63 : 31);
  bool removedReadAcc = lastReadsAcc();
  truncateCode(lastStart_);
  truncate(top - 1);
  uint32_t dst = pushHome();
  emitOp(fused, dst);
  if (removedReadAcc) code_[lastStart_] = opToken(fusedAccFormOf(fused));
  emit(a);
  emit(shift);
  emitImm(mask, is64);
  return true;
}

#if EMBER_INTERP_SUPERINSTRUCTIONS
// `(a + c1) + c2` with the first add just emitted (a field of a struct in
// the stack frame: `sp + frameOffset + fieldOffset`): one add of c1 + c2,
// which wraps at 2^32 as the two do.
bool Lowering::foldAddImm() {
  uint32_t top = height() - 1;
  if (lastOp_ != IOp::I32AddImm || stack_[top].where != Where::Const ||
      stack_[top - 1].where != Where::Home || lastDst_ != home(top - 1))
    return false;
  code_[lastStart_ + 3] += static_cast<uint32_t>(stack_[top].bits);
  pop();
  return true;
}

// An integer compare (or eqz) writes 0 or 1 to its whole slot, which is
// its value extended to i64 too: extending the result just written emits
// nothing (and leaves the compare last, for the carry's AddLtU).
bool Lowering::extendsACompare() const {
  uint32_t top = height() - 1;
  if (stack_[top].where != Where::Home || lastDst_ != home(top)) return false;
  switch (lastOp_) {
#define EMBER_ICMP(Name, T, expr, Inverse) case IOp::Name: case IOp::Name##Imm:
#include "runtime/interp/ops.def"
    case IOp::I32Eqz: case IOp::I64Eqz:
      return true;
    default:
      return false;
  }
}

// `x + load(address)` with the full-width load just emitted (a sum over
// memory: array elements, the partial products of multi-word arithmetic),
// or `x * load` of a float (a dot product): one AddLoad / MulLoad, `dst x
// addr add offset`. Both operators commute, so the load may have been
// either operand. A trap in it is the load's, so it keeps the load's
// module offset.
bool Lowering::fuseLoadInto(IOp load, IOp fused) {
  if (lastOp_ != load) return false;
  uint32_t pos = lastResultOperand();
  if (pos == kNoDst) return false;
  uint32_t top = height() - 1;
  const uint32_t* access = &code_[lastStart_ + 2];
  const uint32_t addr = access[0], add = access[1], offset = access[2];
  const uint32_t loadAt = func_->wasmOffsetAt(lastStart_);
  truncateCode(lastStart_);
  uint32_t x = slotOf(pos == top ? top - 1 : top);
  truncate(top - 1);
  emitAtLoad(fused, loadAt);
  emit(x);
  emit(addr);
  emit(add);
  emit(offset);
  return true;
}

// Emits `op`, fused with a load, into a new home slot; a trap in it is the
// load's, so it takes the load's module offset.
void Lowering::emitAtLoad(IOp op, uint32_t loadAt) {
  emitOp(op, pushHome());
  attributeLastTo(loadAt);
}

// `x * load + c` with the MulLoad just emitted (an integer dot product,
// matrix multiplication): one MulLoadAdd, `dst x addr add offset c`.
bool Lowering::fuseMulLoadAdd() {
  if (lastOp_ != IOp::I32MulLoad) return false;
  uint32_t pos = lastResultOperand();
  if (pos == kNoDst) return false;
  uint32_t top = height() - 1;
  uint32_t operands[4];
  std::memcpy(operands, &code_[lastStart_ + 2], sizeof operands);  // x addr add offset
  const uint32_t loadAt = func_->wasmOffsetAt(lastStart_);
  truncateCode(lastStart_);
  uint32_t c = slotOf(pos == top ? top - 1 : top);
  truncate(top - 1);
  emitAtLoad(IOp::I32MulLoadAdd, loadAt);
  for (uint32_t word : operands) emit(word);
  emit(c);
  return true;
}

// `a & ~b` with the not (`b ^ -1`) just emitted: masks and constant-time
// selects (keccak's chi step, base64's range checks). One AndNot, which
// reads b from the not's operand slot: that slot still holds b, also when
// the not read it from acc.
bool Lowering::fuseAndNot(IOp xorImm, IOp fused, bool is64) {
  if (lastOp_ != xorImm) return false;
  uint64_t mask = code_[lastStart_ + 3];
  if (is64) mask |= uint64_t{code_[lastStart_ + 4]} << 32;
  if (mask != (is64 ? ~uint64_t{0} : 0xFFFFFFFFu)) return false;
  uint32_t pos = lastResultOperand();
  if (pos == kNoDst) return false;
  uint32_t top = height() - 1;
  uint32_t b = code_[lastStart_ + 2];
  truncateCode(lastStart_);
  uint32_t a = slotOf(pos == top ? top - 1 : top);
  truncate(top - 1);
  emitOp(fused, pushHome());
  emit(a);
  emit(b);
  return true;
}

// A not (`y ^ -1`) of an add, subtract or reverse subtract of a constant
// just emitted changes that instruction instead of adding one:
// `~(x + k)` is `~k - x`, `~(x - k)` is `(k - 1) - x`, and `~(k - x)` is
// `x + ~k` (constant-time code such as base64's: `~((c ^ m) + 1)`). The
// changed instruction reads x from its operand slot, which holds x also
// when it read it from acc.
bool Lowering::foldNotIntoAddImm(bool is64) {
  uint32_t top = height() - 1;
  const Operand& k = stack_[top];
  uint64_t ones = is64 ? ~uint64_t{0} : 0xFFFFFFFFu;
  if (k.where != Where::Const || (k.bits & ones) != ones || stack_[top - 1].where != Where::Home ||
      lastDst_ != home(top - 1))
    return false;
  const IOp add = is64 ? IOp::I64AddImm : IOp::I32AddImm;
  const IOp sub = is64 ? IOp::I64SubImm : IOp::I32SubImm;
  const IOp rsub = is64 ? IOp::I64RSubImm : IOp::I32RSubImm;
  if (lastOp_ != add && lastOp_ != sub && lastOp_ != rsub) return false;
  uint32_t* words = &code_[lastStart_];
  uint64_t imm = words[3] | (is64 ? uint64_t{words[4]} << 32 : 0);
  imm = lastOp_ == sub ? imm - 1 : ~imm;
  lastOp_ = lastOp_ == rsub ? add : rsub;
  words[0] = opToken(lastOp_);
  words[3] = static_cast<uint32_t>(imm);
  if (is64) words[4] = static_cast<uint32_t>(imm >> 32);
  pop();
  return true;
}

// `a / d` or `a % d` (u32) by a constant d >= 2: one multiply by d's magic
// number (numeric.h), a few cycles where a divide takes tens. A
// generator's `(x * k + c) % m` chains them, so the operand comes from
// `acc` when the instruction just emitted left it there.
bool Lowering::divideByConstant(IOp op, uint32_t d) {
  if (d < 2 || (op != IOp::I32DivU && op != IOp::I32RemU)) return false;
  bool div = op == IOp::I32DivU;
  uint32_t top = height() - 1;
  uint32_t src = slotOf(top - 1);
  truncate(top - 1);
  uint32_t dst = pushHome();
  bool fromAcc = producesAcc(lastOp_) && lastDst_ == src;
  emitOp(div ? IOp::I32DivUConst : IOp::I32RemUConst, dst);
  if (fromAcc) code_[lastStart_] = opToken(div ? IOp::I32DivUConstAcc : IOp::I32RemUConstAcc);
  emit(src);
  emit(d);
  emitImm(divisionMagic32(d), true);
  return true;
}

// `(x + k) <u n` with the add of a constant just emitted into an operand
// slot: a range check (`c - 'a' < 26`), one I32AddLtUImm. Its result goes
// to `acc` too, for the count or the or that usually takes it.
bool Lowering::fuseRangeCheck() {
  uint32_t top = height() - 1;
  const Operand& n = stack_[top];
  bool sub = lastOp_ == IOp::I32SubImm || lastOp_ == IOp::I32SubImmAcc;
  if (!(sub || lastOp_ == IOp::I32AddImm || lastOp_ == IOp::I32AddImmAcc) ||
      n.where != Where::Const || stack_[top - 1].where != Where::Home || lastDst_ != home(top - 1))
    return false;
  bool readAcc = lastReadsAcc();
  uint32_t x = code_[lastStart_ + 2], k = code_[lastStart_ + 3];
  uint32_t bound = static_cast<uint32_t>(n.bits);
  truncateCode(lastStart_);
  truncate(top - 1);
  emitOp(IOp::I32AddLtUImm, pushHome());
  if (readAcc) code_[lastStart_] = opToken(IOp::I32AddLtUImmAcc);
  emit(x);
  emit(sub ? 0u - k : k);
  emit(bound);
  return true;
}

// `rotl(z ^ s, k)` where the instruction before the xor was the add
// `s = x + y` (a ChaCha or BLAKE quarter round: `a += b; d = rotl(d ^ a,
// 16)`): one AddXorRotl, which still writes s, the round's next value.
bool Lowering::fuseAddXorRotl(uint32_t a, uint32_t b, uint32_t k) {
  if (prevOp_ != IOp::I32Add || (a != prevDst_ && b != prevDst_)) return false;
  const uint32_t* add = &code_[prevStart_];
  const bool addReadAcc = add[0] == opToken(IOp::I32AddAcc);
  const uint32_t z = a == prevDst_ ? b : a, s = add[1], x = add[2], y = add[3];
  truncateCode(prevStart_);
  truncate(height() - 2);
  emitOp(IOp::I32AddXorRotl, pushHome());
  if (addReadAcc) code_[lastStart_] = opToken(IOp::I32AddXorRotlAcc);
  for (uint32_t word : {z, s, x, y, k}) emit(word);
  return true;
}

// `(x + k) >> s` and `(x + k) & y`, with the add of a constant just
// emitted into the operand slot (constant-time code, base64's character
// classes: `((c - 'a') >> 8) & ...`): one AddShrUImm or AddAnd. It reads x
// from its slot, which holds it also when the add read it from acc.
bool Lowering::fuseAddImmInto(IOp fused) {
  if (lastOp_ != IOp::I32AddImm && lastOp_ != IOp::I32SubImm) return false;
  uint32_t top = height() - 1;
  uint32_t pos = fused == IOp::I32AddShrUImm ? top - 1 : lastResultOperand();
  if (pos == kNoDst || stack_[pos].where != Where::Home || lastDst_ != home(pos)) return false;
  const Operand& other = stack_[pos == top ? top - 1 : top];
  if ((fused == IOp::I32AddShrUImm) != (other.where == Where::Const)) return false;
  uint32_t x = code_[lastStart_ + 2], k = code_[lastStart_ + 3];
  if (lastOp_ == IOp::I32SubImm) k = 0u - k;
  truncateCode(lastStart_);
  uint32_t operand = fused == IOp::I32AddShrUImm ? static_cast<uint32_t>(other.bits) & 31
                                                 : slotOf(pos == top ? top - 1 : top);
  truncate(top - 1);
  emitOp(fused, pushHome());
  emit(x);
  emit(k);
  emit(operand);
  return true;
}

// A br_if on a range check branches on the add and compare it fused
// (BrIfAddI32LtUImm), writing the sum into the check's result slot, which
// the branch pops. It reads x from its slot, which holds it also when the
// check read it from acc.
bool Lowering::rangeCheckBranch(FusedCompare& cmp, bool onlyWriting, bool takeAdd) {
  if (lastOp_ != IOp::I32AddLtUImm || onlyWriting || !takeAdd) return false;
  const uint32_t* words = &code_[lastStart_];
  cmp = {IOp::I32LtUImm, 4, {words[1], words[2], words[3], words[4]}, false, true};
  truncateCode(lastStart_);
  return true;
}

// The fusions whose instructions, or the code that finds them, come with
// EMBER_INTERP_SUPERINSTRUCTIONS (the interpreter-only build has no page
// of code to spare).
bool Lowering::fuseSuperInstruction(Opcode op) {
  switch (op) {
    case Opcode::I32Add:
      return foldAddImm() || fuseLoadInto(IOp::I32Load, IOp::I32AddLoad) || fuseMulLoadAdd();
    case Opcode::I32Mul: return fuseLoadInto(IOp::I32Load, IOp::I32MulLoad);
    case Opcode::I64Add:
      return fuseIntoAdd(IOp::I64LtU, IOp::I64AddLtU) || fuseLoadInto(IOp::I64Load, IOp::I64AddLoad);
    case Opcode::F32Add: return fuseLoadInto(IOp::F32Load, IOp::F32AddLoad);
    case Opcode::F32Mul: return fuseLoadInto(IOp::F32Load, IOp::F32MulLoad);
    case Opcode::F64Add: return fuseLoadInto(IOp::F64Load, IOp::F64AddLoad);
    case Opcode::F64Mul: return fuseLoadInto(IOp::F64Load, IOp::F64MulLoad);
    case Opcode::I64ExtendI32U: case Opcode::I64ExtendI32S: return extendsACompare();
    case Opcode::I32Xor: return foldNotIntoAddImm(false);
    case Opcode::I64Xor: return foldNotIntoAddImm(true);
    case Opcode::I32LtU: return fuseRangeCheck();
    case Opcode::I32And:
      return fuseAndNot(IOp::I32XorImm, IOp::I32AndNot, false) || fuseAddImmInto(IOp::I32AddAnd);
    case Opcode::I32ShrU: return fuseAddImmInto(IOp::I32AddShrUImm);
    case Opcode::I64And: return fuseAndNot(IOp::I64XorImm, IOp::I64AndNot, true);
    default: return false;
  }
}
#endif

// The fusions above, for the operator being lowered.
bool Lowering::fuseWithLast(Opcode op) {
  if (lastOp_ == IOp::Count_) return false;
  if (fuseSuperInstruction(op)) return true;
  switch (op) {
    case Opcode::I32Add:
      return fuseShiftInto(IOp::I32ShlImm, IOp::I32AddShl, 31) ||
             fuseIntoAdd(IOp::I32Mul, IOp::I32MulAdd);
    case Opcode::I64Add:
      return fuseShiftInto(IOp::I64ShrUImm, IOp::I64AddShrU, 63) ||
             fuseIntoAdd(IOp::I64Mul, IOp::I64MulAdd);
    case Opcode::I32Xor:
      return fuseShiftInto(IOp::I32ShlImm, IOp::I32XorShl, 31) ||
             fuseShiftInto(IOp::I32ShrUImm, IOp::I32XorShrU, 31);
    case Opcode::I32Rotl: return fuseXorRotate(IOp::I32Xor, IOp::I32XorRotl, false, 32);
    case Opcode::I32Rotr: return fuseXorRotate(IOp::I32Xor, IOp::I32XorRotl, true, 32);
    case Opcode::I64Rotl: return fuseXorRotate(IOp::I64Xor, IOp::I64XorRotl, false, 64);
    case Opcode::I64Rotr: return fuseXorRotate(IOp::I64Xor, IOp::I64XorRotl, true, 64);
    case Opcode::I32And: return fuseShiftAnd(IOp::I32ShrUImm, IOp::I32ShrUAnd, false);
    case Opcode::I64And: return fuseShiftAnd(IOp::I64ShrUImm, IOp::I64ShrUAnd, true);
    default: return false;
  }
}

// Every numeric operator, load and store comes here by opcode: overriding
// one of their own methods would bring back the validator's switch of
// forwarding calls (visitor.h, about 7 KB of code).
static_assert(kVisitsNumericByOpcode<Lowering> && kVisitsLoadStoreByOpcode<Lowering>);

void Lowering::visitNumeric(Opcode op) {
  if (fuseWithLast(op)) return;
  switch (op) {
    case Opcode::I32ReinterpretF32:
    case Opcode::I64ReinterpretF64:
    case Opcode::F32ReinterpretI32:
    case Opcode::F64ReinterpretI64:
      return;  // slots hold raw bits: nothing to do
#define EMBER_ICMP(Name, T, expr, Inverse) \
  case Opcode::Name: return binopImm(IOp::Name, IOp::Name##Imm, commutes(IOp::Name), T##_IS64);
#define EMBER_IBIN_I(Name, T, expr) \
  case Opcode::Name: return binopImm(IOp::Name, IOp::Name##Imm, commutes(IOp::Name), T##_IS64);
#define EMBER_IBIN(Name, T, expr) case Opcode::Name: return binop(IOp::Name);
#define EMBER_ITRAPBIN(Name, T, fn) \
  case Opcode::Name: return trapBinop(IOp::Name, IOp::Name##Imm, isSignedDivision(IOp::Name), T##_IS64);
#define EMBER_IUN(Name, T, expr) case Opcode::Name: return unop(IOp::Name);
#define EMBER_ITRAPUN(Name, T, Out, fn) case Opcode::Name: return unop(IOp::Name);
#define U32_IS64 false
#define U64_IS64 true
#include "runtime/interp/ops.def"
#undef U32_IS64
#undef U64_IS64
    default:
      return simdNumeric(op);
  }
}

// --- Module -----------------------------------------------------------------------------------

#if EMBER_INTERP_SUPERINSTRUCTIONS
namespace {

uint32_t bodySize(const FunctionBody& body) { return body.end - body.offset; }

// Bodies lowered early for inlining: larger ones would not fit
// kMaxInlineWords.
constexpr uint32_t kMaxEarlyBodyBytes = 256;

}  // namespace
#endif

ModuleLowering::ModuleLowering(const Module& module, ModuleCode& out,
                               std::span<const uint32_t> typeIds, LoweringOptions options)
    : module_(module), out_(out), typeIds_(typeIds), options_(options) {
#if EMBER_INTERP_SUPERINSTRUCTIONS
  state_.assign(module.definedFuncCount(), State::Pending);
  for (const FunctionBody& b : module.bodies) inlineBudget_ += kInlineWordsPerBodyByte * bodySize(b);
#endif
}

Result<void> ModuleLowering::lower(FunctionValidator<Lowering>& validator, uint32_t index) {
#if EMBER_INTERP_SUPERINSTRUCTIONS
  state_[index] = State::Lowering;
  Result<void> r = validator.validate(module_.importedFuncCount + index);
  state_[index] = r.ok() ? State::Done : State::Failed;
  return r;
#else
  return validator.validate(module_.importedFuncCount + index);
#endif
}

struct ModuleLowering::Lowerer {
  Lowerer(ModuleLowering& owner)
      : lowering(owner, owner.module_, owner.out_, owner.typeIds_, owner.options_),
        validator(owner.module_, lowering) {
    lowering.setValidator(&validator);
  }
  Lowering lowering;
  FunctionValidator<Lowering> validator;
};

ModuleLowering::~ModuleLowering() = default;

#if EMBER_INTERP_SUPERINSTRUCTIONS
// A body that fails here is left to lowerAll, which reports errors in
// index order. The functions being lowered are paused meanwhile, so each
// depth has a lowering and validator of its own (kept for the next).
const FunctionCode* ModuleLowering::loweredForInlining(uint32_t index) {
  if (state_[index] == State::Pending && nesting_ < kMaxEarlyNesting &&
      bodySize(module_.bodies[index]) <= kMaxEarlyBodyBytes) {
    std::unique_ptr<Lowerer>& early = early_[nesting_];
    if (!early) early = std::make_unique<Lowerer>(*this);
    ++nesting_;
    (void)lower(early->validator, index);
    --nesting_;
  }
  return state_[index] == State::Done ? &out_.functions[index] : nullptr;
}
#endif

Result<void> ModuleLowering::lowerAll() {
  Lowerer main(*this);
  FunctionValidator<Lowering>& validator = main.validator;
  for (uint32_t i = 0; i < module_.definedFuncCount(); ++i) {
#if EMBER_INTERP_SUPERINSTRUCTIONS
    if (state_[i] == State::Done) continue;  // lowered early
#endif
    Result<void> r = lower(validator, i);
    // The error the spec reports: a malformed later body outranks this one.
    if (!r.ok()) return preferLaterMalformedBody(validator, module_, i + 1, std::move(r));
  }
  return {};
}

Result<std::unique_ptr<ModuleCode>> lowerModule(const Module& module,
                                                std::span<const uint32_t> typeIds,
                                                LoweringOptions options) {
  auto code = std::make_unique<ModuleCode>();
  code->module = &module;
  code->functions.resize(module.definedFuncCount());
  for (uint32_t i = 0; i < module.definedFuncCount(); ++i) {
    code->functions[i].funcIndex = module.importedFuncCount + i;
    code->functions[i].module = code.get();
  }
  EMBER_TRY(ModuleLowering(module, *code, typeIds, options).lowerAll());
  return code;
}

}  // namespace ember::interp
