#include "jit/codegen.h"

#include "jit/bounds_check.h"

#include <algorithm>
#include <cassert>
#include <iterator>


namespace ember {

namespace {

// The immediate form of a constant operand: i32 constants are used as their
// signed 32-bit value, the masm widens as needed.
int64_t immediateOf(const StackEntry& e) {
  return e.type == ValType::I32 ? static_cast<int64_t>(static_cast<int32_t>(e.bits))
                                : static_cast<int64_t>(e.bits);
}

}  // namespace

Codegen::Codegen(const Module& module, MacroAssembler& masm, const JitOptions& options)
    : module_(module), masm_(masm), options_(options) {}

void Codegen::unsupported(const char* what) {
  if (status_.ok()) {
    status_ =
        Error(ErrorKind::Unsupported,
              formatMessage("function %u: the JIT does not support %s yet", funcIndex_, what));
  }
}

// Also ends the compile at once when the code outgrew the memory reserved
// for it: every instruction after that fails in the assembler, slowly
// (20,000 calls of a 1,000-result function took 11 s to fail).
void Codegen::checkCodeBudget() {
  if (!status_.ok()) return;
  if (masm_.outgrewReservedDestination()) {
    status_ = Error(ErrorKind::Resource, "the machine code outgrew the memory reserved for it");
    return;
  }
  const uint64_t emitted = masm_.codeOffset();
  const bool within =
      sharedBudget_ ? sharedBudget_->allows(emitted, sharedBudgetAdded_) : emitted <= codeBudget_;
  if (within) return;
  const uint64_t limit = sharedBudget_ ? sharedBudget_->limit() : codeBudget_;
  status_ = Error(ErrorKind::Resource,
                  formatMessage("function %u: the machine code passes %llu bytes, the limit for "
                                "these function bodies (%u bytes per body byte, at least %llu)",
                                funcIndex_, static_cast<unsigned long long>(limit),
                                options_.maxCodeBytesPerBodyByte,
                                static_cast<unsigned long long>(options_.minCodeBudget)));
}

// --- Registers and the value stack --------------------------------------------

// --- Function framing ------------------------------------------------------------

void Codegen::beginFunction(uint32_t funcIndex, const FuncType& type,
                            std::span<const ValType> locals) {
  funcIndex_ = funcIndex;
  regs_.reset();
  frames_.clear();
  localTypes_.assign(locals.begin(), locals.end());
  locals_.reset(locals.size());
  localWriteTick_.assign(locals.size(), 0);
  promiseTick_.assign(locals.size(), 0);
  dirtyPromiseTick_.assign(locals.size(), 0);
  loopTick_ = 0;
  unboundEdges_ = 0;
  readTick_ = 0;
  std::fill(std::begin(lastPromisedRead_), std::end(lastPromisedRead_), 0);
  loopFrames_.clear();
  preheaders_.clear();
  preheaderLoads_.clear();
  contextSwitches_.clear();
  const FunctionBody& body = module_.bodies[funcIndex - module_.importedFuncCount];
  const std::span<const LocalRun> declared = module_.localsOf(body);
  const uint32_t offset = layOutLocals(type.params, declared);
  assert(localSlots_.size() == locals.size());
  stack_.reset(offset, locals.size());
  frameBytes_ = offset;

  masm_.beginFunction(funcIndex);
  masm_.emitPrologue();
  masm_.store(StoreKind::I64, masm_.frameSlot(kVmContextSlot), RegisterConventions::kVmContext);
  emitInterruptChecks();
  layout_ = &callLayout(module_.funcTypeIndices[funcIndex], type);
  for (size_t i = 0; i < type.params.size(); i++) {
    const ValueLocation& loc = layout_->params[i];
    uint32_t index = static_cast<uint32_t>(i);
    if (loc.inRegister()) {
      regs_.take(loc.reg);  // the argument register is the parameter's copy
      cacheLocal(index, loc.reg, /*dirty=*/true);
    } else {
      transfer_.copySlot(localAddress(index), masm_.callerArea(loc.stackOffset), type.params[i]);
    }
  }
  // Declared locals start at zero (spec 4.4.10, function invocation). The
  // stores wait like a dirty copy's: until then a read is the constant, and
  // a local written first is never stored as zero. v128 locals (no
  // constant entry) are stored at once. Many locals are zeroed at once,
  // all together, by a loop of a fixed size.
  zeroPending_.assign(locals.size(), 0);
  zeroPendingCount_ = 0;
  const uint32_t declaredFrom =
      type.params.empty() ? kLocalsBase : localSlots_[type.params.size() - 1];
  const uint64_t declaredBytes = frameBytes_ - declaredFrom;
  if (declaredBytes > kMaxUnrolledZeroBytes &&
      declaredBytes > uint64_t{kMaxZeroBytesPerBodyByte} * (body.end - body.offset)) {
    zeroFrameRange(declaredFrom, frameBytes_);
  } else {
    zeroDeclaredLocals(static_cast<uint32_t>(type.params.size()), declared);
  }
  pushFunctionFrame(type);
}

// The frame offsets of the locals, a run of declared ones at a time: after
// a run's first, its slots are evenly spaced, so 50,000 declared locals
// cost a fill, not 50,000 steps of a carried alignment (most of such a
// function's compile time before). Returns the end of the last slot.
uint32_t Codegen::layOutLocals(std::span<const ValType> params,
                               std::span<const LocalRun> declared) {
  localSlots_.clear();
  uint32_t offset = kLocalsBase;
  auto place = [&](ValType t, uint32_t count) {
    const uint32_t size = slotSizeOf(t);
    offset = (offset + size + size - 1) & ~(size - 1);  // the run's first slot
    const size_t first = localSlots_.size();
    localSlots_.resize(first + count);
    uint32_t* slots = localSlots_.data() + first;
    for (uint32_t j = 0; j < count; j++) slots[j] = offset + j * size;
    offset += (count - 1) * size;
  };
  for (ValType t : params) place(t, 1);
  for (const LocalRun& run : declared) {
    if (run.count != 0) place(run.type, run.count);
  }
  return offset;
}

// Scalars wait for their first read or a join (zeroPending_); v128 locals
// are stored now.
void Codegen::zeroDeclaredLocals(uint32_t paramCount, std::span<const LocalRun> declared) {
  uint32_t index = paramCount;
  for (const LocalRun& run : declared) {
    if (run.type == ValType::V128) {
      for (uint32_t j = 0; j < run.count; j++)
        masm_.storeImm(StoreKind::V128, localAddress(index + j), 0);
    } else {
      std::fill_n(zeroPending_.begin() + index, run.count, uint8_t{1});
      zeroPendingCount_ += run.count;
    }
    index += run.count;
  }
}

void Codegen::pushFunctionFrame(const FuncType& type) {
  BlockFrame& f = frames_.push();
  f.kind = BlockFrame::Kind::Function;
  f.results = type.results;
  f.height = f.targetHeight = 0;
}

// Counts the 8-byte slots down in the scratch register, which addresses
// them (the masm's own temporaries are not it).
void Codegen::zeroFrameRange(uint32_t low, uint32_t high) {
  assert((high - low) % 8 == 0 && high > low);
  const Reg count = RegisterConventions::kScratchGp;
  masm_.moveImm(ValType::I64, count, (high - low) / 8);
  const Label again = masm_.newLabel();
  masm_.bind(again);
  // Slot n (n = count .. 1) is at fp - high + 8 * (n - 1).
  masm_.storeImm(
      StoreKind::I64,
      Address(RegisterConventions::kFramePointer, count, 3, -static_cast<int32_t>(high) - 8), 0);
  masm_.sub(OpSize::S64, count, count, 1);
  masm_.branch(IntCond::Ne, OpSize::S64, count, 0, again);
}

void Codegen::visitFunctionEnd(bool reachable) {
  if (reachable) emitReturnSequence();
  emitPreheaders();
  emitContextSwitches();
  frames_.pop();
  uint32_t frameBytes = std::max(frameBytes_, stack_.maxSlot());
  masm_.endFunction(frameBytes);
  checkCodeBudget();
}

// --- Control flow ------------------------------------------------------------------

// --- Parametric and variable operators ------------------------------------------

void Codegen::visitDrop(ValType) {
  releaseEntry(popCondition());
}

void Codegen::visitSelect(ValType type) {
  if (regClassOf(type) == RegClass::Gp && !stack_.empty() &&
      stack_.top().kind == StackEntry::Kind::Condition && !pendingCondition_.isFloat) {
    return emitSelectOnCondition(type);
  }
  Reg cond = popToRegister();
  Reg ifFalse = popToRegister();
  Reg ifTrue = popToRegister();
  masm_.select(type, ifFalse, cond, ifTrue, ifFalse);
  release(cond);
  release(ifTrue);
  pushRegister(type, ifFalse);
}

// select on a pending integer comparison: compare and conditional move,
// without the 0/1 value (bz2's and richards' selects).
void Codegen::emitSelectOnCondition(ValType type) {
  StackEntry condition = popCondition();
  const PendingCondition c = pendingCondition_;  // a copy: the pops below settle nothing
  RegisterSet operands{c.lhs};
  if (c.rhs.isValid()) operands.add(c.rhs);
  Reg ifFalse = popToRegister(operands);
  StackEntry trueEntry = pop();
  bool trueOwned;
  Reg ifTrue = readRegister(trueEntry, trueOwned, operands | RegisterSet{ifFalse});
  if (c.rhs.isValid())
    masm_.selectCompare(c.intCond, c.size, c.lhs, c.rhs, type, ifFalse, ifTrue, ifFalse);
  else
    masm_.selectCompare(c.intCond, c.size, c.lhs, c.imm, type, ifFalse, ifTrue, ifFalse);
  releaseEntry(condition);
  releaseRead(ifTrue, trueOwned);
  pushRegister(type, ifFalse);
}

// A pending condition on top is settled out of line: the common path then
// calls nothing and needs no saved registers (local.get is the commonest
// operator).
void Codegen::visitLocalGet(uint32_t index, ValType type) {
  if (!stack_.empty() && stack_.top().kind == StackEntry::Kind::Condition) [[unlikely]]
    return settleThenGetLocal(index, type);
  if (zeroPending_[index]) return pushConstant(type, 0);
  StackEntry e;
  e.kind = StackEntry::Kind::Local;
  e.type = type;
  e.local = index;
  stack_.push(e);
}

void Codegen::settleThenGetLocal(uint32_t index, ValType type) {
  settleTop();
  visitLocalGet(index, type);
}

// A local set keeps the value in a register as the local's dirty copy: the
// store to its slot waits until the slot must be current (value_stack.h).
// A value from another local or a slot goes through a register first; a
// constant is stored at once (it needs no register).
void Codegen::visitLocalSet(uint32_t index, ValType type) {
  StackEntry v = pop();
  setLocal(index, v);
  (void)type;
}

// local.set, then a read of the local: its copy feeds the next operator.
void Codegen::visitLocalTee(uint32_t index, ValType type) {
  StackEntry v = pop();
  bool constant = v.isConstant();
  setLocal(index, v);
  if (constant) {
    v.slot = 0;
    stack_.push(v);
  } else {
    visitLocalGet(index, type);
  }
}

void Codegen::setLocal(uint32_t index, StackEntry& v) {
  if (v.kind == StackEntry::Kind::Local || v.kind == StackEntry::Kind::Spilled) {
    v.reg = toRegister(v);
    v.kind = StackEntry::Kind::Register;
  }
  materializeLocal(index);
  dropCachedLocal(index);
  noteLocalWrite(index);
  if (zeroPending_[index]) {
    zeroPending_[index] = 0;
    zeroPendingCount_--;
  }
  if (v.inRegister()) {
    cacheLocal(index, v.reg, /*dirty=*/true);
  } else {
    transfer_.store(v, localAddress(index));
  }
}

void Codegen::loadFromContextArray(Reg dst, int32_t arrayOffset, uint32_t index) {
  masm_.load(LoadKind::I64, dst, masm_.vmContext(arrayOffset));
  masm_.load(LoadKind::I64, dst, Address(dst, static_cast<int32_t>(index * 8)));
}

// Globals live behind VMContext::globals[i] (abi/vm_context.h), a cell each;
// the first ones' cells are also in the VMContext itself, one load closer.
void Codegen::loadGlobalCell(Reg dst, uint32_t index) {
  if (index < kVMFirstGlobals) {
    int32_t slot = options_.layout.firstGlobals + static_cast<int32_t>(index * 8);
    masm_.load(LoadKind::I64, dst, masm_.vmContext(slot));
    return;
  }
  loadFromContextArray(dst, options_.layout.globals, index);
}

void Codegen::visitGlobalGet(uint32_t index, ValType type) {
  settleTop();
  Reg cell = allocate(RegClass::Gp);
  loadGlobalCell(cell, index);
  Reg dst = regClassOf(type) == RegClass::Gp ? cell : allocate(RegClass::Fp);
  masm_.load(loadKindOf(type), dst, Address(cell, 0));
  if (dst != cell) release(cell);
  pushRegister(type, dst);
}

// The value is read in place (a local's copy, as C's stack-pointer
// updates `local.tee; global.set` leave it) and a constant is stored as
// one (v128 ones through a register).
void Codegen::visitGlobalSet(uint32_t index, ValType type) {
  StackEntry v = pop();
  const bool immediate = v.isConstant() && type != ValType::V128;
  bool owned = false;
  const Reg value = immediate ? Reg() : readRegister(v, owned);
  Reg cell = allocate(RegClass::Gp, immediate ? RegisterSet{} : RegisterSet{value});
  loadGlobalCell(cell, index);
  if (immediate)
    masm_.storeImm(storeKindOf(type), Address(cell, 0), v.bits);
  else
    masm_.store(storeKindOf(type), Address(cell, 0), value);
  release(cell);
  if (!immediate) releaseRead(value, owned);
}

// --- Integer operators -----------------------------------------------------------

void Codegen::emitIntOp(IntOp op, OpSize s, Reg dst, Reg lhs, Reg rhs) {
  switch (op) {
    case IntOp::Add:
      masm_.add(s, dst, lhs, rhs);
      break;
    case IntOp::Sub:
      masm_.sub(s, dst, lhs, rhs);
      break;
    case IntOp::Mul:
      masm_.mul(s, dst, lhs, rhs);
      break;
    case IntOp::And:
      masm_.bitAnd(s, dst, lhs, rhs);
      break;
    case IntOp::Or:
      masm_.bitOr(s, dst, lhs, rhs);
      break;
    case IntOp::Xor:
      masm_.bitXor(s, dst, lhs, rhs);
      break;
    case IntOp::Shl:
      masm_.shl(s, dst, lhs, rhs);
      break;
    case IntOp::ShrS:
      masm_.shrS(s, dst, lhs, rhs);
      break;
    case IntOp::ShrU:
      masm_.shrU(s, dst, lhs, rhs);
      break;
    case IntOp::Rotl:
      masm_.rotl(s, dst, lhs, rhs);
      break;
    case IntOp::Rotr:
      masm_.rotr(s, dst, lhs, rhs);
      break;
  }
}

void Codegen::emitIntOpImm(IntOp op, OpSize s, Reg dst, Reg lhs, int64_t imm) {
  switch (op) {
    case IntOp::Add:
      masm_.add(s, dst, lhs, imm);
      break;
    case IntOp::Sub:
      masm_.sub(s, dst, lhs, imm);
      break;
    case IntOp::Mul:
      masm_.mul(s, dst, lhs, imm);
      break;
    case IntOp::And:
      masm_.bitAnd(s, dst, lhs, imm);
      break;
    case IntOp::Or:
      masm_.bitOr(s, dst, lhs, imm);
      break;
    case IntOp::Xor:
      masm_.bitXor(s, dst, lhs, imm);
      break;
    case IntOp::Shl:
      masm_.shl(s, dst, lhs, imm);
      break;
    case IntOp::ShrS:
      masm_.shrS(s, dst, lhs, imm);
      break;
    case IntOp::ShrU:
      masm_.shrU(s, dst, lhs, imm);
      break;
    case IntOp::Rotl:
      masm_.rotl(s, dst, lhs, imm);
      break;
    case IntOp::Rotr:
      masm_.rotr(s, dst, lhs, imm);
      break;
  }
}

// dst = lhs op rhs, in lhs's register; a constant operand becomes an
// immediate (either side, for commutative operators). Operands that are
// locals with a register copy are read in place.
void Codegen::emitIntBinary(IntOp op, OpSize s, ValType type) {
  StackEntry rhs = pop();
  bool commutative = op == IntOp::Add || op == IntOp::Mul || op == IntOp::And || op == IntOp::Or ||
                     op == IntOp::Xor;
  auto withImmediate = [&](const StackEntry& operand, int64_t imm) {
    // An add into a fresh register is one lea; other operators would need
    // a move after loading a local, so they load it into the result.
    bool owned;
    Reg src = readRegister(operand, owned, {}, /*mayOwnLoad=*/op != IntOp::Add);
    Reg dst = owned ? src : allocate(RegClass::Gp, RegisterSet{src});
    emitIntOpImm(op, s, dst, src, imm);
    pushRegister(type, dst);
  };
  if (!rhs.isConstant() && commutative && stack_.top().isConstant()) {
    StackEntry lhs = pop();
    return withImmediate(rhs, immediateOf(lhs));
  }
  if (rhs.isConstant()) {
    StackEntry lhs = pop();
    return withImmediate(lhs, immediateOf(rhs));
  }
  const bool lhsIsLocal = stack_.top().kind == StackEntry::Kind::Local;
  if (op == IntOp::Add && lhsIsLocal && rhs.kind == StackEntry::Kind::Local &&
      locals_.regOf(stack_.top().local).isValid() && !locals_.regOf(rhs.local).isValid() &&
      regs_.freeSet().ofClass(RegClass::Gp).count() >= 2)
    return emitAddToCopy(s, type, rhs);
  // A right operand loaded now is kept as a copy, unless a local on the
  // left can then be read in place with the result going over the load.
  bool rhsOwned;
  Reg r = readRegister(rhs, rhsOwned, {}, /*mayOwnLoad=*/commutative && lhsIsLocal);
  StackEntry lhs = pop();
  // A local is read in place, its copy kept for later reads, where that
  // costs no move: into an owned right operand, or from a copy already
  // held into a fresh register (x86's lea, three-operand AArch64); a local
  // loaded now otherwise takes the result itself.
  if (lhsIsLocal) {
    const bool intoRight = commutative && rhsOwned;
    bool lhsOwned;
    Reg l = readRegister(lhs, lhsOwned, RegisterSet{r}, /*mayOwnLoad=*/!intoRight);
    if (intoRight) {  // r = r op l
      emitIntOp(op, s, r, r, l);
      pushRegister(type, r);
      return;
    }
    Reg dst = lhsOwned ? l : allocate(RegClass::Gp, RegisterSet{l, r});
    emitIntOp(op, s, dst, l, r);
    releaseRead(r, rhsOwned);
    pushRegister(type, dst);
    return;
  }
  Reg l = toRegister(lhs, RegisterSet{r});
  emitIntOp(op, s, l, l, r);
  releaseRead(r, rhsOwned);
  pushRegister(type, l);
}

// A local in a register plus a local that is not, while two registers are
// free: the sum goes to a fresh register in one instruction (x86's lea)
// and the right local is kept as a copy, where loading it into the result
// would not keep it. A loop's index added to one base after another is
// then loaded once. (Under register pressure the extra register would
// cost a dirty copy's store.)
void Codegen::emitAddToCopy(OpSize s, ValType type, const StackEntry& rhs) {
  StackEntry lhs = pop();
  bool lhsOwned, rhsOwned;
  Reg l = readRegister(lhs, lhsOwned);
  // The result first: it takes the lowest free register, as the load it
  // replaces would have (rax, where a return wants it).
  Reg dst = allocate(RegClass::Gp, RegisterSet{l});
  Reg r = readRegister(rhs, rhsOwned, RegisterSet{l, dst});
  masm_.add(s, dst, l, r);
  releaseRead(r, rhsOwned);
  releaseRead(l, lhsOwned);
  pushRegister(type, dst);
}

// Division uses rdx:rax: no other live value may stay there.
void Codegen::emitDivRem(DivKind op, OpSize s, ValType type) {
  if (s == OpSize::S32 && stack_.top().isConstant()) {
    const auto divisor = static_cast<int32_t>(stack_.top().bits);
    if (divisor == 1 || divisionByMultiplication(op, divisor)) return emitDivRemByConstant(op, type);
  }
  Reg r = popToRegister();
  Reg l = popToRegister();
  for (Reg fixed : RegisterConventions::kDivRemClobbers) {
    if (fixed != l && fixed != r) evict(fixed);
  }
  switch (op) {
    case DivKind::DivS:
      masm_.divS(s, l, l, r);
      break;
    case DivKind::DivU:
      masm_.divU(s, l, l, r);
      break;
    case DivKind::RemS:
      masm_.remS(s, l, l, r);
      break;
    case DivKind::RemU:
      masm_.remU(s, l, l, r);
      break;
  }
  release(r);
  pushRegister(type, l);
}

// By 1 the quotient is the dividend and the remainder 0; by any other
// divisor that cannot trap, a multiplication (jit/constant_division.h).
void Codegen::emitDivRemByConstant(DivKind op, ValType type) {
  const auto divisor = static_cast<int32_t>(pop().bits);
  if (divisor == 1) {
    if (isRemainder(op)) {
      releaseEntry(pop());
      pushConstant(type, 0);
    }
    return;  // x / 1 is x, already on the stack
  }
  Reg l = popToRegister();
  for (Reg fixed : RegisterConventions::kDivRemClobbers) {
    if (fixed != l) evict(fixed);
  }
  masm_.divRemByConstant(op, l, l, divisor);
  pushRegister(type, l);
}

void Codegen::emitIntUnary(IntUnary op, OpSize s, ValType type) {
  Reg r = popToRegister();
  switch (op) {
    case IntUnary::Clz:
      masm_.clz(s, r, r);
      break;
    case IntUnary::Ctz:
      masm_.ctz(s, r, r);
      break;
    case IntUnary::Popcnt:
      masm_.popcnt(s, r, r);
      break;
  }
  pushRegister(type, r);
}

void Codegen::emitEqz(OpSize s) {
  // eqz of a pending comparison is the opposite comparison (br_if on
  // `a < b; eqz` stays one compare-and-branch).
  if (!stack_.empty() && stack_.top().kind == StackEntry::Kind::Condition) {
    PendingCondition& pending = pendingCondition_;
    if (pending.isFloat)
      pending.negated = !pending.negated;
    else
      pending.intCond = negate(pending.intCond);
    return;
  }
  PendingCondition c;
  c.intCond = IntCond::Eq;
  c.size = s;
  StackEntry operand = pop();
  c.lhs = readRegister(operand, c.lhsOwned);
  c.imm = 0;
  pushCondition(c);
}

void Codegen::emitIntCompare(IntCond cond, OpSize s) {
  StackEntry rhs = pop();
  PendingCondition c;
  c.size = s;
  if (rhs.isConstant()) {
    c.intCond = cond;
    StackEntry lhs = pop();
    c.lhs = readRegister(lhs, c.lhsOwned);
    c.imm = immediateOf(rhs);
  } else if (stack_.top().isConstant()) {
    StackEntry lhs = pop();
    c.intCond = swapOperands(cond);
    c.lhs = readRegister(rhs, c.lhsOwned);
    c.imm = immediateOf(lhs);
  } else {
    c.intCond = cond;
    c.rhs = readRegister(rhs, c.rhsOwned);
    StackEntry lhs = pop();
    c.lhs = readRegister(lhs, c.lhsOwned, RegisterSet{c.rhs});
  }
  pushCondition(c);
}

// --- Float operators -------------------------------------------------------------

void Codegen::emitFloatBinary(FloatOp op, OpSize s, ValType type) {
  StackEntry rhs = pop();
  bool rhsOwned;
  Reg r = readRegister(rhs, rhsOwned);
  Reg l = popToRegister(RegisterSet{r});
  switch (op) {
    case FloatOp::Add:
      masm_.fadd(s, l, l, r);
      break;
    case FloatOp::Sub:
      masm_.fsub(s, l, l, r);
      break;
    case FloatOp::Mul:
      masm_.fmul(s, l, l, r);
      break;
    case FloatOp::Div:
      masm_.fdiv(s, l, l, r);
      break;
    case FloatOp::Min:
      masm_.fmin(s, l, l, r);
      break;
    case FloatOp::Max:
      masm_.fmax(s, l, l, r);
      break;
    case FloatOp::Copysign:
      masm_.fcopysign(s, l, l, r);
      break;
  }
  releaseRead(r, rhsOwned);
  pushRegister(type, l);
}

void Codegen::emitFloatUnary(FloatUnary op, OpSize s, ValType type) {
  Reg r = popToRegister();
  switch (op) {
    case FloatUnary::Abs:
      masm_.fabs(s, r, r);
      break;
    case FloatUnary::Neg:
      masm_.fneg(s, r, r);
      break;
    case FloatUnary::Sqrt:
      masm_.fsqrt(s, r, r);
      break;
    case FloatUnary::Ceil:
      masm_.fround(RoundMode::Ceil, s, r, r);
      break;
    case FloatUnary::Floor:
      masm_.fround(RoundMode::Floor, s, r, r);
      break;
    case FloatUnary::Trunc:
      masm_.fround(RoundMode::Trunc, s, r, r);
      break;
    case FloatUnary::Nearest:
      masm_.fround(RoundMode::Nearest, s, r, r);
      break;
  }
  pushRegister(type, r);
}

void Codegen::emitFloatCompare(FloatCond cond, OpSize s) {
  PendingCondition c;
  c.isFloat = true;
  c.floatCond = cond;
  c.size = s;
  StackEntry rhs = pop();
  c.rhs = readRegister(rhs, c.rhsOwned);
  StackEntry lhs = pop();
  c.lhs = readRegister(lhs, c.lhsOwned, RegisterSet{c.rhs});
  pushCondition(c);
}

// The result gets its own register: a truncation still reads its source
// after writing parts of the destination.
void Codegen::emitConversion(Conversion conv, ValType to) {
  Reg src = popToRegister();
  Reg dst = allocate(regClassOf(to), RegisterSet{src});
  masm_.convert(conv, dst, src);
  release(src);
  pushRegister(to, dst);
}

// Every numeric operator, load and store comes here by opcode (visitor.h):
// the validator then needs no switch of forwarding calls, about 8 KB of
// code in each build with the JIT.
static_assert(kVisitsNumericByOpcode<Codegen> && kVisitsLoadStoreByOpcode<Codegen>);

void Codegen::visitNumeric(Opcode op) {
  constexpr OpSize S32 = OpSize::S32, S64 = OpSize::S64;
  constexpr ValType I32 = ValType::I32, I64 = ValType::I64, F32 = ValType::F32, F64 = ValType::F64;
  // One row per operator family; kept in table form.
  // clang-format off
  switch (op) {
    case Opcode::I32Eqz: return emitEqz(S32);
    case Opcode::I64Eqz: return emitEqz(S64);
#define EMBER_CMP(Name, cond, size) \
  case Opcode::Name: return emitIntCompare(IntCond::cond, size);
    EMBER_CMP(I32Eq, Eq, S32) EMBER_CMP(I32Ne, Ne, S32) EMBER_CMP(I32LtS, LtS, S32)
    EMBER_CMP(I32LtU, LtU, S32) EMBER_CMP(I32GtS, GtS, S32) EMBER_CMP(I32GtU, GtU, S32)
    EMBER_CMP(I32LeS, LeS, S32) EMBER_CMP(I32LeU, LeU, S32) EMBER_CMP(I32GeS, GeS, S32)
    EMBER_CMP(I32GeU, GeU, S32)
    EMBER_CMP(I64Eq, Eq, S64) EMBER_CMP(I64Ne, Ne, S64) EMBER_CMP(I64LtS, LtS, S64)
    EMBER_CMP(I64LtU, LtU, S64) EMBER_CMP(I64GtS, GtS, S64) EMBER_CMP(I64GtU, GtU, S64)
    EMBER_CMP(I64LeS, LeS, S64) EMBER_CMP(I64LeU, LeU, S64) EMBER_CMP(I64GeS, GeS, S64)
    EMBER_CMP(I64GeU, GeU, S64)
#undef EMBER_CMP
#define EMBER_FCMP(Name, cond, size) \
  case Opcode::Name: return emitFloatCompare(FloatCond::cond, size);
    EMBER_FCMP(F32Eq, Eq, S32) EMBER_FCMP(F32Ne, Ne, S32) EMBER_FCMP(F32Lt, Lt, S32)
    EMBER_FCMP(F32Gt, Gt, S32) EMBER_FCMP(F32Le, Le, S32) EMBER_FCMP(F32Ge, Ge, S32)
    EMBER_FCMP(F64Eq, Eq, S64) EMBER_FCMP(F64Ne, Ne, S64) EMBER_FCMP(F64Lt, Lt, S64)
    EMBER_FCMP(F64Gt, Gt, S64) EMBER_FCMP(F64Le, Le, S64) EMBER_FCMP(F64Ge, Ge, S64)
#undef EMBER_FCMP
#define EMBER_IUN(Name, op, size, type) \
  case Opcode::Name: return emitIntUnary(IntUnary::op, size, type);
    EMBER_IUN(I32Clz, Clz, S32, I32) EMBER_IUN(I32Ctz, Ctz, S32, I32)
    EMBER_IUN(I32Popcnt, Popcnt, S32, I32) EMBER_IUN(I64Clz, Clz, S64, I64)
    EMBER_IUN(I64Ctz, Ctz, S64, I64) EMBER_IUN(I64Popcnt, Popcnt, S64, I64)
#undef EMBER_IUN
#define EMBER_IBIN(Prefix, size, type)                                     \
  case Opcode::Prefix##Add: return emitIntBinary(IntOp::Add, size, type);   \
  case Opcode::Prefix##Sub: return emitIntBinary(IntOp::Sub, size, type);   \
  case Opcode::Prefix##Mul: return emitIntBinary(IntOp::Mul, size, type);   \
  case Opcode::Prefix##And: return emitIntBinary(IntOp::And, size, type);   \
  case Opcode::Prefix##Or: return emitIntBinary(IntOp::Or, size, type);     \
  case Opcode::Prefix##Xor: return emitIntBinary(IntOp::Xor, size, type);   \
  case Opcode::Prefix##Shl: return emitIntBinary(IntOp::Shl, size, type);   \
  case Opcode::Prefix##ShrS: return emitIntBinary(IntOp::ShrS, size, type); \
  case Opcode::Prefix##ShrU: return emitIntBinary(IntOp::ShrU, size, type); \
  case Opcode::Prefix##Rotl: return emitIntBinary(IntOp::Rotl, size, type); \
  case Opcode::Prefix##Rotr: return emitIntBinary(IntOp::Rotr, size, type); \
  case Opcode::Prefix##DivS: return emitDivRem(DivKind::DivS, size, type);    \
  case Opcode::Prefix##DivU: return emitDivRem(DivKind::DivU, size, type);    \
  case Opcode::Prefix##RemS: return emitDivRem(DivKind::RemS, size, type);    \
  case Opcode::Prefix##RemU: return emitDivRem(DivKind::RemU, size, type);
    EMBER_IBIN(I32, S32, I32)
    EMBER_IBIN(I64, S64, I64)
#undef EMBER_IBIN
#define EMBER_FLOAT(Prefix, size, type)                                                \
  case Opcode::Prefix##Add: return emitFloatBinary(FloatOp::Add, size, type);           \
  case Opcode::Prefix##Sub: return emitFloatBinary(FloatOp::Sub, size, type);           \
  case Opcode::Prefix##Mul: return emitFloatBinary(FloatOp::Mul, size, type);           \
  case Opcode::Prefix##Div: return emitFloatBinary(FloatOp::Div, size, type);           \
  case Opcode::Prefix##Min: return emitFloatBinary(FloatOp::Min, size, type);           \
  case Opcode::Prefix##Max: return emitFloatBinary(FloatOp::Max, size, type);           \
  case Opcode::Prefix##Copysign: return emitFloatBinary(FloatOp::Copysign, size, type); \
  case Opcode::Prefix##Abs: return emitFloatUnary(FloatUnary::Abs, size, type);         \
  case Opcode::Prefix##Neg: return emitFloatUnary(FloatUnary::Neg, size, type);         \
  case Opcode::Prefix##Sqrt: return emitFloatUnary(FloatUnary::Sqrt, size, type);       \
  case Opcode::Prefix##Ceil: return emitFloatUnary(FloatUnary::Ceil, size, type);       \
  case Opcode::Prefix##Floor: return emitFloatUnary(FloatUnary::Floor, size, type);     \
  case Opcode::Prefix##Trunc: return emitFloatUnary(FloatUnary::Trunc, size, type);     \
  case Opcode::Prefix##Nearest: return emitFloatUnary(FloatUnary::Nearest, size, type);
    EMBER_FLOAT(F32, S32, F32)
    EMBER_FLOAT(F64, S64, F64)
#undef EMBER_FLOAT
#define EMBER_CONV(Name, to) \
  case Opcode::Name: return emitConversion(Conversion::Name, to);
    EMBER_CONV(I32WrapI64, I32) EMBER_CONV(I64ExtendI32S, I64) EMBER_CONV(I64ExtendI32U, I64)
    EMBER_CONV(I32Extend8S, I32) EMBER_CONV(I32Extend16S, I32) EMBER_CONV(I64Extend8S, I64)
    EMBER_CONV(I64Extend16S, I64) EMBER_CONV(I64Extend32S, I64)
    EMBER_CONV(I32TruncF32S, I32) EMBER_CONV(I32TruncF32U, I32) EMBER_CONV(I32TruncF64S, I32)
    EMBER_CONV(I32TruncF64U, I32) EMBER_CONV(I64TruncF32S, I64) EMBER_CONV(I64TruncF32U, I64)
    EMBER_CONV(I64TruncF64S, I64) EMBER_CONV(I64TruncF64U, I64)
    EMBER_CONV(I32TruncSatF32S, I32) EMBER_CONV(I32TruncSatF32U, I32)
    EMBER_CONV(I32TruncSatF64S, I32) EMBER_CONV(I32TruncSatF64U, I32)
    EMBER_CONV(I64TruncSatF32S, I64) EMBER_CONV(I64TruncSatF32U, I64)
    EMBER_CONV(I64TruncSatF64S, I64) EMBER_CONV(I64TruncSatF64U, I64)
    EMBER_CONV(F32ConvertI32S, F32) EMBER_CONV(F32ConvertI32U, F32)
    EMBER_CONV(F32ConvertI64S, F32) EMBER_CONV(F32ConvertI64U, F32)
    EMBER_CONV(F64ConvertI32S, F64) EMBER_CONV(F64ConvertI32U, F64)
    EMBER_CONV(F64ConvertI64S, F64) EMBER_CONV(F64ConvertI64U, F64)
    EMBER_CONV(F32DemoteF64, F32) EMBER_CONV(F64PromoteF32, F64)
    EMBER_CONV(I32ReinterpretF32, I32) EMBER_CONV(I64ReinterpretF64, I64)
    EMBER_CONV(F32ReinterpretI32, F32) EMBER_CONV(F64ReinterpretI64, F64)
#undef EMBER_CONV
    default:
      return emitSimd(op);
  }
  // clang-format on
}

// --- Memory ------------------------------------------------------------------------

namespace {

struct AccessInfo {
  bool ok;
  LoadKind load;
  StoreKind store;
  ValType type;
};

[[gnu::always_inline]] inline AccessInfo accessOf(Opcode op) {
  switch (op) {
    case Opcode::I32Load:
      return {true, LoadKind::I32, StoreKind::I32, ValType::I32};
    case Opcode::I64Load:
      return {true, LoadKind::I64, StoreKind::I64, ValType::I64};
    case Opcode::F32Load:
      return {true, LoadKind::F32, StoreKind::F32, ValType::F32};
    case Opcode::F64Load:
      return {true, LoadKind::F64, StoreKind::F64, ValType::F64};
    case Opcode::I32Load8S:
      return {true, LoadKind::I32Load8S, StoreKind::I32, ValType::I32};
    case Opcode::I32Load8U:
      return {true, LoadKind::I32Load8U, StoreKind::I32, ValType::I32};
    case Opcode::I32Load16S:
      return {true, LoadKind::I32Load16S, StoreKind::I32, ValType::I32};
    case Opcode::I32Load16U:
      return {true, LoadKind::I32Load16U, StoreKind::I32, ValType::I32};
    case Opcode::I64Load8S:
      return {true, LoadKind::I64Load8S, StoreKind::I64, ValType::I64};
    case Opcode::I64Load8U:
      return {true, LoadKind::I64Load8U, StoreKind::I64, ValType::I64};
    case Opcode::I64Load16S:
      return {true, LoadKind::I64Load16S, StoreKind::I64, ValType::I64};
    case Opcode::I64Load16U:
      return {true, LoadKind::I64Load16U, StoreKind::I64, ValType::I64};
    case Opcode::I64Load32S:
      return {true, LoadKind::I64Load32S, StoreKind::I64, ValType::I64};
    case Opcode::I64Load32U:
      return {true, LoadKind::I64Load32U, StoreKind::I64, ValType::I64};
    case Opcode::I32Store:
      return {true, LoadKind::I32, StoreKind::I32, ValType::I32};
    case Opcode::I64Store:
      return {true, LoadKind::I64, StoreKind::I64, ValType::I64};
    case Opcode::F32Store:
      return {true, LoadKind::F32, StoreKind::F32, ValType::F32};
    case Opcode::F64Store:
      return {true, LoadKind::F64, StoreKind::F64, ValType::F64};
    case Opcode::I32Store8:
      return {true, LoadKind::I32, StoreKind::Store8, ValType::I32};
    case Opcode::I32Store16:
      return {true, LoadKind::I32, StoreKind::Store16, ValType::I32};
    case Opcode::I64Store8:
      return {true, LoadKind::I64, StoreKind::Store8, ValType::I64};
    case Opcode::I64Store16:
      return {true, LoadKind::I64, StoreKind::Store16, ValType::I64};
    case Opcode::I64Store32:
      return {true, LoadKind::I64, StoreKind::Store32, ValType::I64};
    case Opcode::V128Load:
    case Opcode::V128Store:
      return {true, LoadKind::V128, StoreKind::V128, ValType::V128};
    default:
      return {false, LoadKind::I32, StoreKind::I32, ValType::I32};
  }
}

}  // namespace

void Codegen::visitLoad(Opcode op, MemArg memArg) {
  AccessInfo info = accessOf(op);
  if (!info.ok && memArg.memoryIndex == 0) return emitSimdLoad(op, memArg);
  if (!info.ok || memArg.memoryIndex != 0) return unsupported(opcodeName(op));
  const BoundsCheck check = boundsFor(memArg.offset, accessSize(info.load));
  StackEntry address = pop();
  if (address.isConstant()) {
    Reg dst = allocate(regClassOf(info.load));
    masm_.loadHeap(info.load, dst, Reg(), constantAddress(address, memArg), check);
    return pushRegister(info.type, dst);
  }
  bool owned;
  Reg index = readRegister(address, owned);
  Reg dst = regClassOf(info.load) == RegClass::Gp && owned
                ? index
                : allocate(regClassOf(info.load), RegisterSet{index});
  masm_.loadHeap(info.load, dst, index, memArg.offset, check);
  if (dst != index) releaseRead(index, owned);
  pushRegister(info.type, dst);
}

// A constant is stored from the instruction (x86's immediate; AArch64's
// zero or scratch register), without a register of its own: zeroing
// stores of C structs are common. A 64-bit constant beyond an int32 and
// a v128 one take the register path.
void Codegen::visitStore(Opcode op, MemArg memArg) {
  AccessInfo info = accessOf(op);
  if (!info.ok || memArg.memoryIndex != 0) return unsupported(opcodeName(op));
  StackEntry valueEntry = pop();
  const bool immediate = valueEntry.isConstant() && valueEntry.type != ValType::V128 &&
                         (accessSize(info.store) < 8 || static_cast<int64_t>(valueEntry.bits) ==
                                                            static_cast<int32_t>(valueEntry.bits));
  bool valueOwned = false, indexOwned;
  const Reg value = immediate ? Reg() : readRegister(valueEntry, valueOwned);
  const BoundsCheck check = boundsFor(memArg.offset, accessSize(info.store));
  auto store = [&](Reg index, uint64_t offset) {
    if (immediate)
      masm_.storeHeapImm(info.store, valueEntry.bits, index, offset, check);
    else
      masm_.storeHeap(info.store, value, index, offset, check);
  };
  StackEntry address = pop();
  if (address.isConstant()) {
    store(Reg(), constantAddress(address, memArg));
  } else {
    Reg index = readRegister(address, indexOwned, immediate ? RegisterSet{} : RegisterSet{value});
    store(index, memArg.offset);
    releaseRead(index, indexOwned);
  }
  if (!immediate) releaseRead(value, valueOwned);
}

void Codegen::visitMemorySize(uint32_t memory) {
  if (memory != 0) return unsupported("multiple memories");
  settleTop();
  Reg r = allocate(RegClass::Gp);
  masm_.load(LoadKind::I64, r, masm_.vmContext(options_.layout.memoryLength));
  masm_.shrU(OpSize::S64, r, r, int64_t{16});  // bytes to 64 KiB pages
  pushRegister(ValType::I32, r);
}

void Codegen::visitMemoryGrow(uint32_t memory) {
  StackEntry delta = pop();
  BuiltinArg args[] = {{nullptr, memory}, {&delta, 0}};
  emitBuiltinCall(BuiltinId::MemoryGrow, args);
  emitGrowResult();
}

// A grow builtin returns an int64 (old size or -1; an interrupted table.grow
// trapped before this); the i32 result must have its upper half clear
// (masm.h contract).
void Codegen::emitGrowResult() {
  Reg rax = RegisterConventions::kResultGp[0];
  regs_.take(rax);
  Reg dst = allocate(RegClass::Gp, RegisterSet{rax});
  masm_.move(ValType::I32, dst, rax);
  release(rax);
  masm_.reloadMemoryBase();
  pushRegister(ValType::I32, dst);
}

// A bulk builtin's BulkResult (abi/builtin_ids.h). It can only be
// "interrupted" when the store has a deadline, so only code with epoch
// checks tests for it.
void Codegen::emitBulkResultCheck(TrapCode outOfBounds) {
  Reg result = RegisterConventions::kResultGp[0];
  masm_.trapIfZero(OpSize::S32, result, outOfBounds);
  if (options_.epochChecks)
    masm_.trapIf(IntCond::Eq, OpSize::S32, result, kBulkInterrupted, TrapCode::Interrupted);
}

void Codegen::visitMemoryFill(uint32_t memory) {
  StackEntry n = pop(), value = pop(), dst = pop();
  BuiltinArg args[] = {{nullptr, memory}, {&dst, 0}, {&value, 0}, {&n, 0}};
  emitBuiltinCall(BuiltinId::MemoryFill, args);
  emitBulkResultCheck(TrapCode::MemoryOutOfBounds);
}

void Codegen::visitMemoryCopy(uint32_t dstMemory, uint32_t srcMemory) {
  StackEntry n = pop(), src = pop(), dst = pop();
  BuiltinArg args[] = {{nullptr, dstMemory}, {nullptr, srcMemory}, {&dst, 0}, {&src, 0}, {&n, 0}};
  emitBuiltinCall(BuiltinId::MemoryCopy, args);
  emitBulkResultCheck(TrapCode::MemoryOutOfBounds);
}

void Codegen::visitMemoryInit(uint32_t dataIndex, uint32_t memory) {
  StackEntry n = pop(), src = pop(), dst = pop();
  BuiltinArg args[] = {{nullptr, memory}, {nullptr, dataIndex}, {&dst, 0}, {&src, 0}, {&n, 0}};
  emitBuiltinCall(BuiltinId::MemoryInit, args);
  emitBulkResultCheck(TrapCode::MemoryOutOfBounds);
}

void Codegen::visitDataDrop(uint32_t dataIndex) {
  BuiltinArg args[] = {{nullptr, dataIndex}};
  emitBuiltinCall(BuiltinId::DataDrop, args);
}

// --- References and tables -----------------------------------------------------------

void Codegen::visitRefIsNull() {
  PendingCondition c;
  c.intCond = IntCond::Eq;
  c.size = OpSize::S64;
  c.lhs = popToRegister();
  pushCondition(c);
}

// A funcref is the VMFunction* of the function index space.
void Codegen::visitRefFunc(uint32_t funcIndex) {
  settleTop();
  Reg r = allocate(RegClass::Gp);
  loadFromContextArray(r, options_.layout.functions, funcIndex);
  pushRegister(ValType::FuncRef, r);
}

// Table 0's VMTable is mirrored in the VMContext (one load less, which
// matters most on call_indirect's way to its target); other tables are
// reached through the context's array of them.
Address Codegen::tableAddress(Reg scratch, uint32_t table) {
  if (table == 0) return masm_.vmContext(options_.layout.table0);
  loadFromContextArray(scratch, options_.layout.tables, table);
  return Address(scratch, 0);
}

static Address field(Address object, int32_t offset) {
  return Address(object.base, object.offset + offset);
}

void Codegen::loadCheckedTableElements(Reg dst, Reg scratch, uint32_t table, Reg index,
                                       TrapCode outOfBounds) {
  Address vmTable = tableAddress(dst, table);
  masm_.load(LoadKind::I64, scratch, field(vmTable, offsetof(VMTable, size)));
  masm_.trapIf(IntCond::GeU, OpSize::S64, index, scratch, outOfBounds);
  masm_.load(LoadKind::I64, dst, field(vmTable, offsetof(VMTable, elements)));
}

void Codegen::visitTableGet(uint32_t table) {
  Reg index = popToRegister();
  Reg t = allocate(RegClass::Gp);
  Reg size = allocate(RegClass::Gp);
  loadCheckedTableElements(t, size, table, index, TrapCode::TableOutOfBounds);
  release(size);
  masm_.load(LoadKind::I64, index, Address(t, index, 3, 0));
  release(t);
  pushRegister(module_.tables[table].elemType, index);
}

void Codegen::visitTableSet(uint32_t table) {
  Reg value = popToRegister();
  Reg index = popToRegister();
  Reg t = allocate(RegClass::Gp);
  Reg size = allocate(RegClass::Gp);
  loadCheckedTableElements(t, size, table, index, TrapCode::TableOutOfBounds);
  release(size);
  masm_.store(StoreKind::I64, Address(t, index, 3, 0), value);
  release(t);
  release(index);
  release(value);
}

void Codegen::visitTableSize(uint32_t table) {
  settleTop();
  Reg r = allocate(RegClass::Gp);
  masm_.load(LoadKind::I32, r, field(tableAddress(r, table), offsetof(VMTable, size)));
  pushRegister(ValType::I32, r);
}

void Codegen::visitTableGrow(uint32_t table) {
  StackEntry delta = pop(), init = pop();
  BuiltinArg args[] = {{nullptr, table}, {&delta, 0}, {&init, 0}};
  emitBuiltinCall(BuiltinId::TableGrow, args);
  if (options_.epochChecks) {
    masm_.trapIf(IntCond::Eq, OpSize::S64, RegisterConventions::kResultGp[0], kGrowInterrupted,
                 TrapCode::Interrupted);
  }
  emitGrowResult();
}

void Codegen::visitTableFill(uint32_t table) {
  StackEntry n = pop(), value = pop(), index = pop();
  BuiltinArg args[] = {{nullptr, table}, {&index, 0}, {&value, 0}, {&n, 0}};
  emitBuiltinCall(BuiltinId::TableFill, args);
  emitBulkResultCheck(TrapCode::TableOutOfBounds);
}

void Codegen::visitTableCopy(uint32_t dstTable, uint32_t srcTable) {
  StackEntry n = pop(), src = pop(), dst = pop();
  BuiltinArg args[] = {{nullptr, dstTable}, {nullptr, srcTable}, {&dst, 0}, {&src, 0}, {&n, 0}};
  emitBuiltinCall(BuiltinId::TableCopy, args);
  emitBulkResultCheck(TrapCode::TableOutOfBounds);
}

void Codegen::visitTableInit(uint32_t elemIndex, uint32_t table) {
  StackEntry n = pop(), src = pop(), dst = pop();
  BuiltinArg args[] = {{nullptr, table}, {nullptr, elemIndex}, {&dst, 0}, {&src, 0}, {&n, 0}};
  emitBuiltinCall(BuiltinId::TableInit, args);
  emitBulkResultCheck(TrapCode::TableOutOfBounds);
}

void Codegen::visitElemDrop(uint32_t elemIndex) {
  BuiltinArg args[] = {{nullptr, elemIndex}};
  emitBuiltinCall(BuiltinId::ElemDrop, args);
}

// --- Calls -----------------------------------------------------------------------------

}  // namespace ember
