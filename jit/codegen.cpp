#include "jit/codegen.h"

#include <algorithm>
#include <cassert>
#include <iterator>


namespace ember {

namespace {

bool fitsInt32(int64_t v) { return v >= INT32_MIN && v <= INT32_MAX; }

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

// --- Registers and the value stack --------------------------------------------

Reg Codegen::allocate(RegClass c, RegisterSet exclude) {
  if (auto r = regs_.tryAllocate(c, exclude)) return *r;
  // A cached copy of a local costs nothing to forget.
  RegisterSet copies = locals_.registers().ofClass(c) - exclude;
  if (!copies.empty()) {
    Reg r = locals_.dropRegister(copies.first());
    return r;  // stays taken: ownership passes from the cache to the caller
  }
  // Out of registers: spill the oldest entry holding one of this class; its
  // value is used last (Liftoff spills round-robin, Winch everything).
  if (StackEntry* e = stack_.lowestInRegister(c, exclude)) {
    Reg r = e->reg;
    spill(*e);
    regs_.take(r);
    return r;
  }
  assert(false && "no register left to spill");
  return Reg();
}

void Codegen::releaseEntry(const StackEntry& e) {
  if (e.kind == StackEntry::Kind::Register) {
    release(e.reg);
  } else if (e.kind == StackEntry::Kind::Condition) {
    release(e.cond.lhs);
    if (e.cond.rhs.isValid()) release(e.cond.rhs);
  }
}

void Codegen::evict(Reg r) {
  if (regs_.isFree(r)) return;
  if (locals_.holds(r)) {
    release(locals_.dropRegister(r));
    return;
  }
  if (StackEntry* e = stack_.holderOf(r)) {
    spill(*e);
    return;
  }
  // Otherwise `r` may be an operand of a pending condition (only ever on top).
  if (!stack_.empty() && stack_.top().kind == StackEntry::Kind::Condition) {
    StackEntry& top = stack_.top();
    materializeCondition(top);
    if (top.reg == r) spill(top);
  }
}

void Codegen::spill(StackEntry& e) {
  switch (e.kind) {
    case StackEntry::Kind::Spilled:
      return;
    case StackEntry::Kind::Condition:
      materializeCondition(e);
      [[fallthrough]];
    case StackEntry::Kind::Register:
      masm_.store(storeKindOf(e.type), slotAddress(e.slot), e.reg);
      release(e.reg);
      break;
    case StackEntry::Kind::Constant:
      masm_.storeImm(storeKindOf(e.type), slotAddress(e.slot), e.bits);
      break;
    case StackEntry::Kind::Local:
      transfer_.copySlot(slotAddress(e.slot), localAddress(e.local));
      break;
  }
  e.kind = StackEntry::Kind::Spilled;
  e.reg = Reg();
}

void Codegen::spillAll() {
  for (uint32_t i = stack_.spilledBelow(); i < stack_.size(); i++) spill(stack_.at(i));
  stack_.markAllSpilled();
}

// In stack order, as every spill sequence is (the code depends on it).
void Codegen::spillRegistersBelow(uint32_t end) {
  stack_.registerPositions(end, positions_);
  for (uint32_t position : positions_) spill(stack_.at(position));
}

void Codegen::spillRegisters() {
  spillRegistersBelow(stack_.size());
  if (!stack_.empty() && stack_.top().kind == StackEntry::Kind::Condition) spill(stack_.top());
}

void Codegen::materializeCondition(StackEntry& e) {
  if (e.kind != StackEntry::Kind::Condition) return;
  const PendingCondition& c = e.cond;
  Reg dst;
  if (c.isFloat) {
    dst = allocate(RegClass::Gp);
    masm_.fcompare(c.floatCond, c.size, dst, c.lhs, c.rhs);
    release(c.lhs);
    release(c.rhs);
  } else {
    dst = c.lhs;  // the masm's compare allows dst == lhs
    if (c.rhs.isValid()) {
      masm_.compare(c.intCond, c.size, dst, c.lhs, c.rhs);
      release(c.rhs);
    } else {
      masm_.compare(c.intCond, c.size, dst, c.lhs, c.imm);
    }
  }
  e.kind = StackEntry::Kind::Register;
  e.type = ValType::I32;
  e.reg = dst;
  stack_.noteRegister(e);
}

void Codegen::settleTop() {
  if (!stack_.empty()) materializeCondition(stack_.top());
}

StackEntry Codegen::pop() {
  settleTop();
  return stack_.pop();
}

StackEntry Codegen::popCondition() { return stack_.pop(); }

Reg Codegen::toRegister(const StackEntry& e, RegisterSet exclude) {
  assert(e.kind != StackEntry::Kind::Condition);
  if (e.inRegister()) return e.reg;
  if (e.kind == StackEntry::Kind::Local) return loadLocal(e, exclude);
  Reg r = allocate(regClassOf(e.type), exclude);
  transfer_.load(e, r);
  return r;
}

// A local read into a register the caller owns (and may overwrite): a move
// from its cached copy, else a load. (Leaving a copy behind after a load
// grew the sightglass code by 4% for reuse we cannot yet measure.)
Reg Codegen::loadLocal(const StackEntry& e, RegisterSet exclude) {
  RegClass c = regClassOf(e.type);
  Reg copy = locals_.regOf(e.local);
  Reg r = allocate(c, exclude);  // may forget `copy`, whose register still holds the value
  if (copy.isValid()) {
    masm_.move(e.type, r, copy);
    return r;
  }
  masm_.load(loadKindOf(e.type), r, localAddress(e.local));
  return r;
}

void Codegen::dropCachedLocal(uint32_t index) {
  Reg r = locals_.dropLocal(index);
  if (r.isValid()) release(r);
}

void Codegen::clearLocalCache() {
  for (Reg r : locals_.registers()) release(locals_.dropRegister(r));
}

Reg Codegen::popToRegister(RegisterSet exclude) {
  StackEntry e = pop();
  return toRegister(e, exclude);
}

void Codegen::pushRegister(ValType type, Reg r) {
  settleTop();
  StackEntry e;
  e.kind = StackEntry::Kind::Register;
  e.type = type;
  e.reg = r;
  stack_.push(e);
}

void Codegen::pushConstant(ValType type, uint64_t bits) {
  settleTop();
  StackEntry e;
  e.kind = StackEntry::Kind::Constant;
  e.type = type;
  e.bits = type == ValType::I32 || type == ValType::F32 ? (bits & 0xFFFFFFFFu) : bits;
  stack_.push(e);
}

void Codegen::pushSpilled(ValType type) {
  StackEntry e;
  e.kind = StackEntry::Kind::Spilled;
  e.type = type;
  stack_.push(e);
}

void Codegen::pushCondition(const PendingCondition& c) {
  settleTop();
  StackEntry e;
  e.kind = StackEntry::Kind::Condition;
  e.type = ValType::I32;
  e.cond = c;
  stack_.push(e);
}

// local.set must not change what earlier local.get entries read.
void Codegen::materializeLocal(uint32_t index) {
  stack_.takeLocalReaders(index, positions_);
  for (uint32_t position : positions_) spill(stack_.at(position));
}

// --- Function framing ------------------------------------------------------------

void Codegen::beginFunction(uint32_t funcIndex, const FuncType& type,
                            std::span<const ValType> locals) {
  funcIndex_ = funcIndex;
  regs_.reset();
  frames_.clear();
  localTypes_.assign(locals.begin(), locals.end());
  locals_.reset(locals.size());
  localSlots_.clear();
  uint32_t offset = kLocalsBase;
  for (ValType t : locals) {
    uint32_t size = slotSizeOf(t);
    offset = (offset + size + size - 1) & ~(size - 1);
    localSlots_.push_back(offset);
    if (t == ValType::V128) unsupported("v128 locals");
  }
  stack_.reset(offset, locals.size());
  frameBytes_ = offset;

  masm_.beginFunction(funcIndex);
  masm_.emitPrologue();
  masm_.store(StoreKind::I64, masm_.frameSlot(kVmContextSlot), RegisterConventions::kVmContext);
  emitInterruptChecks();
  layout_ = computeCallLayout(type.params, type.results);
  for (size_t i = 0; i < type.params.size(); i++) {
    const ValueLocation& loc = layout_.params[i];
    uint32_t index = static_cast<uint32_t>(i);
    if (loc.inRegister()) {
      masm_.store(storeKindOf(type.params[i]), localAddress(index), loc.reg);
      regs_.take(loc.reg);  // the argument register keeps a copy
      cacheLocal(index, loc.reg);
    } else {
      transfer_.copySlot(localAddress(index), masm_.callerArea(loc.stackOffset));
    }
  }
  // Declared locals start at zero (spec 4.4.10, function invocation).
  for (size_t i = type.params.size(); i < locals.size(); i++) {
    masm_.storeImm(StoreKind::I64, localAddress(static_cast<uint32_t>(i)), 0);
  }

  BlockFrame& f = frames_.push();
  f.kind = BlockFrame::Kind::Function;
  f.results.assign(type.results.begin(), type.results.end());
  f.height = f.targetHeight = 0;
}

void Codegen::visitFunctionEnd(bool reachable) {
  if (reachable) emitReturnSequence();
  frames_.pop();
  uint32_t frameBytes = std::max(frameBytes_, stack_.maxSlot());
  masm_.endFunction(frameBytes);
}

void Codegen::emitReturnSequence() {
  settleTop();
  const BlockFrame& f = frames_.byDepth(frames_.size() - 1);
  uint32_t base = stack_.size() - static_cast<uint32_t>(f.results.size());
  transferToLocations(base, layout_.results, CallArea::Caller);
  masm_.emitReturn();
}

// --- Control flow ------------------------------------------------------------------

void Codegen::openFrame(BlockFrame::Kind kind, BlockType type) {
  spillAll();
  BlockFrame& f = frames_.push();
  f.kind = kind;
  f.params.assign(type.params.begin(), type.params.end());
  f.results.assign(type.results.begin(), type.results.end());
  f.height = f.targetHeight = stack_.size() - static_cast<uint32_t>(f.params.size());
  f.label = masm_.newLabel();
  assignMergeRegisters(f);
}

// Carried values go to registers when each class needs at most
// kMaxMergeRegsPerClass of them. An `if` with parameters uses slots: without
// an else arm its false path passes the parameters through from their slots.
void Codegen::assignMergeRegisters(BlockFrame& f) {
  const auto& kGp = RegisterConventions::kMergeGp;
  const auto& kFp = RegisterConventions::kMergeFp;
  static_assert(std::size(RegisterConventions::kMergeGp) == kMaxMergeRegsPerClass);
  static_assert(std::size(RegisterConventions::kMergeFp) == kMaxMergeRegsPerClass);
  f.mergeRegs.clear();
  if (f.kind == BlockFrame::Kind::If && !f.params.empty()) return;
  uint32_t gp = 0, fp = 0;
  for (ValType t : f.branchTypes()) {
    uint32_t& used = regClassOf(t) == RegClass::Gp ? gp : fp;
    if (used == kMaxMergeRegsPerClass) {
      f.mergeRegs.clear();
      return;
    }
    f.mergeRegs.push_back(regClassOf(t) == RegClass::Gp ? kGp[used] : kFp[used]);
    used++;
  }
}

void Codegen::pushMergedValues(const BlockFrame& f, const std::vector<ValType>& types) {
  for (size_t k = 0; k < types.size(); k++) {
    if (f.mergeRegs.empty()) {
      pushSpilled(types[k]);
    } else {
      regs_.take(f.mergeRegs[k]);
      pushRegister(types[k], f.mergeRegs[k]);
    }
  }
}

void Codegen::visitBlock(BlockType type) {
  openFrame(BlockFrame::Kind::Block, type);
}

void Codegen::visitLoop(BlockType type) {
  openFrame(BlockFrame::Kind::Loop, type);
  // The header is a merge point: the parameters move to the merge state.
  BlockFrame& f = frames_.top();
  emitBranchMoves(f);
  resetStackTo(f.height);
  clearLocalCache();  // a label: other paths have other copies
  pushMergedValues(f, f.params);
  masm_.bind(f.label);
  emitInterruptChecks();
}

// DESIGN decision 8: a running call reaches one of these in bounded time
// (straight-line code between them is bounded by the function's size). They
// use only the masm's scratch registers: the argument registers at entry and
// the merge registers at a loop header stay live across them.
void Codegen::emitInterruptChecks() {
  const JitContextLayout& l = options_.layout;
  if (options_.epochChecks)
    masm_.trapIfCounterReached(l.epochCounter, l.epochDeadline, TrapCode::Interrupted);
  if (options_.fuelChecks)
    masm_.trapIfDecrementNegative(l.store, l.storeFuel, TrapCode::OutOfFuel);
}

// An if with parameters keeps them below its height for the else arm and
// works on copies: the then arm may reuse their slots.
void Codegen::visitIf(BlockType type) {
  StackEntry cond = popCondition();
  spillAll();
  uint32_t n = static_cast<uint32_t>(type.params.size());
  uint32_t originals = stack_.size() - n;
  for (uint32_t k = 0; k < n; k++) {
    ValType t = stack_.at(originals + k).type;
    uint32_t from = stack_.at(originals + k).slot;
    pushSpilled(t);
    transfer_.copySlot(slotAddress(stack_.top().slot), slotAddress(from));
  }
  BlockFrame& f = frames_.push();
  f.kind = BlockFrame::Kind::If;
  f.params.assign(type.params.begin(), type.params.end());
  f.results.assign(type.results.begin(), type.results.end());
  f.targetHeight = originals;
  f.height = stack_.size() - n;
  f.label = masm_.newLabel();
  f.elseLabel = masm_.newLabel();
  assignMergeRegisters(f);
  branchOn(cond, false, f.elseLabel);
}

void Codegen::visitElse(bool reachable) {
  BlockFrame& f = frames_.top();
  if (reachable) {
    settleTop();
    emitBranchMoves(f);
    masm_.jump(f.label);
  }
  masm_.bind(f.elseLabel);
  f.hasElse = true;
  resetStackTo(f.height);
  clearLocalCache();
  uint32_t n = static_cast<uint32_t>(f.params.size());
  for (uint32_t k = 0; k < n; k++) {
    uint32_t from = stack_.at(f.targetHeight + k).slot;
    pushSpilled(f.params[k]);
    transfer_.copySlot(slotAddress(stack_.top().slot), slotAddress(from));
  }
}

void Codegen::visitEnd(bool reachable) {
  BlockFrame& f = frames_.top();
  if (f.kind == BlockFrame::Kind::Loop) {
    // Nothing branches to a loop's end: its results stay where they are.
    if (!reachable) {
      resetStackTo(f.height);
      for (ValType t : f.results) pushSpilled(t);
    }
    frames_.pop();
    return;
  }
  if (reachable) {
    settleTop();
    emitBranchMoves(f);
  }
  // An if without else passes its parameters through on the false path; they
  // already sit in the target slots (validation makes params == results).
  if (f.kind == BlockFrame::Kind::If && !f.hasElse) masm_.bind(f.elseLabel);
  masm_.bind(f.label);
  resetStackTo(f.targetHeight);
  clearLocalCache();
  pushMergedValues(f, f.results);
  frames_.pop();
}

void Codegen::resetStackTo(uint32_t height) {
  while (stack_.size() > height) releaseEntry(stack_.pop());
}

// The branch's values are the top `arity` entries; they go to the canonical
// slots of positions targetHeight.. . Ascending order is safe: a source
// position is never below its destination (see control_frames.h).
void Codegen::emitBranchMoves(BlockFrame& f) {
  const std::vector<ValType>& types = f.branchTypes();
  uint32_t arity = static_cast<uint32_t>(types.size());
  uint32_t base = stack_.size() - arity;
  if (!f.mergeRegs.empty()) {
    for (uint32_t k = 0; k < arity; k++) transfer_.toRegister(stack_.at(base + k), f.mergeRegs[k]);
    transfer_.execute();
    return;
  }
  uint32_t slot = f.targetHeight == 0 ? stack_.spillBase() : stack_.at(f.targetHeight - 1).slot;
  for (uint32_t k = 0; k < arity; k++) {
    uint32_t size = slotSizeOf(types[k]);
    slot = (slot + size + size - 1) & ~(size - 1);
    transfer_.toSlot(stack_.at(base + k), slot);
  }
  transfer_.execute();
}

void Codegen::emitBranchTo(BlockFrame& f) {
  if (f.kind == BlockFrame::Kind::Function) {
    emitReturnSequence();
    return;
  }
  emitBranchMoves(f);
  masm_.jump(f.label);
}

void Codegen::branchOn(const StackEntry& cond, bool whenTrue, Label target) {
  if (cond.kind == StackEntry::Kind::Condition) {
    const PendingCondition& c = cond.cond;
    if (c.isFloat) {
      masm_.branchFloat(c.floatCond, c.size, c.lhs, c.rhs, target, whenTrue);
    } else {
      IntCond ic = whenTrue ? c.intCond : negate(c.intCond);
      if (c.rhs.isValid())
        masm_.branch(ic, c.size, c.lhs, c.rhs, target);
      else
        masm_.branch(ic, c.size, c.lhs, c.imm, target);
    }
    releaseEntry(cond);
    return;
  }
  Reg r = toRegister(cond);
  if (whenTrue)
    masm_.branchIfNotZero(OpSize::S32, r, target);
  else
    masm_.branchIfZero(OpSize::S32, r, target);
  release(r);
}

void Codegen::visitUnreachable() {
  masm_.trap(TrapCode::Unreachable);
}

void Codegen::visitBr(uint32_t depth) {
  settleTop();
  emitBranchTo(frames_.byDepth(depth));
}

void Codegen::visitBrIf(uint32_t depth) {
  StackEntry cond = popCondition();
  settleTop();
  BlockFrame& f = frames_.byDepth(depth);
  if (f.kind != BlockFrame::Kind::Function && f.branchTypes().empty()) {
    branchOn(cond, true, f.label);  // nothing to carry: branch straight there
    return;
  }
  Label skip = masm_.newLabel();
  branchOn(cond, false, skip);
  emitBranchTo(f);
  masm_.bind(skip);
}

void Codegen::visitBrTable(std::span<const uint32_t> targets, uint32_t defaultDepth) {
  Reg index = popToRegister();
  settleTop();
  // One stub per distinct target depth holds that branch's moves; targets
  // that need none are jumped to directly. Only the depths used are touched
  // (a br_table in deep nesting costs its own size, not the depth).
  if (brTableStubs_.size() < frames_.size()) brTableStubs_.resize(frames_.size());
  stubDepths_.clear();
  auto labelFor = [&](uint32_t depth) {
    BlockFrame& f = frames_.byDepth(depth);
    if (f.kind != BlockFrame::Kind::Function && f.branchTypes().empty()) return f.label;
    if (!brTableStubs_[depth].isValid()) {
      brTableStubs_[depth] = masm_.newLabel();
      stubDepths_.push_back(depth);
    }
    return brTableStubs_[depth];
  };
  brTableLabels_.clear();
  for (uint32_t depth : targets) brTableLabels_.push_back(labelFor(depth));
  Label defaultLabel = labelFor(defaultDepth);
  masm_.jumpTable(index, brTableLabels_, defaultLabel);
  release(index);
  std::sort(stubDepths_.begin(), stubDepths_.end());
  for (uint32_t depth : stubDepths_) {
    masm_.bind(brTableStubs_[depth]);
    brTableStubs_[depth] = Label();
    emitBranchTo(frames_.byDepth(depth));
  }
}

void Codegen::visitReturn() {
  emitReturnSequence();
}

// --- Parametric and variable operators ------------------------------------------

void Codegen::visitDrop(ValType) {
  releaseEntry(popCondition());
}

void Codegen::visitSelect(ValType type) {
  Reg cond = popToRegister();
  Reg ifFalse = popToRegister();
  Reg ifTrue = popToRegister();
  masm_.select(type, ifFalse, cond, ifTrue, ifFalse);
  release(cond);
  release(ifTrue);
  pushRegister(type, ifFalse);
}

void Codegen::visitLocalGet(uint32_t index, ValType type) {
  settleTop();
  StackEntry e;
  e.kind = StackEntry::Kind::Local;
  e.type = type;
  e.local = index;
  stack_.push(e);
}

void Codegen::visitLocalSet(uint32_t index, ValType type) {
  StackEntry v = pop();
  materializeLocal(index);
  transfer_.store(v, localAddress(index));
  dropCachedLocal(index);
  // The stored register becomes the local's copy.
  if (v.inRegister())
    cacheLocal(index, v.reg);
  else
    releaseEntry(v);
  (void)type;
}

void Codegen::visitLocalTee(uint32_t index, ValType type) {
  StackEntry v = pop();
  materializeLocal(index);
  transfer_.store(v, localAddress(index));
  dropCachedLocal(index);
  if (v.inRegister() || v.isConstant()) {
    v.slot = 0;
    stack_.push(v);
    return;
  }
  visitLocalGet(index, type);
}

// Globals live behind VMContext::globals[i] (abi/vm_context.h), a cell each.
void Codegen::loadFromContextArray(Reg dst, int32_t arrayOffset, uint32_t index) {
  masm_.load(LoadKind::I64, dst, masm_.vmContext(arrayOffset));
  masm_.load(LoadKind::I64, dst, Address(dst, static_cast<int32_t>(index * 8)));
}

void Codegen::visitGlobalGet(uint32_t index, ValType type) {
  settleTop();
  Reg cell = allocate(RegClass::Gp);
  loadFromContextArray(cell, options_.layout.globals, index);
  Reg dst = regClassOf(type) == RegClass::Gp ? cell : allocate(RegClass::Fp);
  masm_.load(loadKindOf(type), dst, Address(cell, 0));
  if (dst != cell) release(cell);
  pushRegister(type, dst);
}

void Codegen::visitGlobalSet(uint32_t index, ValType type) {
  Reg value = popToRegister();
  Reg cell = allocate(RegClass::Gp);
  loadFromContextArray(cell, options_.layout.globals, index);
  masm_.store(storeKindOf(type), Address(cell, 0), value);
  release(cell);
  release(value);
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
// immediate (either side, for commutative operators).
void Codegen::emitIntBinary(IntOp op, OpSize s, ValType type) {
  StackEntry rhs = pop();
  bool commutative = op == IntOp::Add || op == IntOp::Mul || op == IntOp::And || op == IntOp::Or ||
                     op == IntOp::Xor;
  if (!rhs.isConstant() && commutative && stack_.top().isConstant()) {
    StackEntry lhs = pop();
    Reg r = toRegister(rhs);
    emitIntOpImm(op, s, r, r, immediateOf(lhs));
    pushRegister(type, r);
    return;
  }
  if (rhs.isConstant() && fitsInt32(immediateOf(rhs))) {
    Reg l = popToRegister();
    emitIntOpImm(op, s, l, l, immediateOf(rhs));
    pushRegister(type, l);
    return;
  }
  Reg r = toRegister(rhs);
  Reg l = popToRegister();
  emitIntOp(op, s, l, l, r);
  release(r);
  pushRegister(type, l);
}

// Division uses rdx:rax: no other live value may stay there.
void Codegen::emitDivRem(DivOp op, OpSize s, ValType type) {
  Reg r = popToRegister();
  Reg l = popToRegister();
  for (Reg fixed : RegisterConventions::kDivRemClobbers) {
    if (fixed != l && fixed != r) evict(fixed);
  }
  switch (op) {
    case DivOp::DivS:
      masm_.divS(s, l, l, r);
      break;
    case DivOp::DivU:
      masm_.divU(s, l, l, r);
      break;
    case DivOp::RemS:
      masm_.remS(s, l, l, r);
      break;
    case DivOp::RemU:
      masm_.remU(s, l, l, r);
      break;
  }
  release(r);
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
  PendingCondition c;
  c.intCond = IntCond::Eq;
  c.size = s;
  c.lhs = popToRegister();
  c.imm = 0;
  pushCondition(c);
}

void Codegen::emitIntCompare(IntCond cond, OpSize s) {
  StackEntry rhs = pop();
  PendingCondition c;
  c.size = s;
  if (rhs.isConstant()) {
    c.intCond = cond;
    c.lhs = popToRegister();
    c.imm = immediateOf(rhs);
  } else if (stack_.top().isConstant()) {
    StackEntry lhs = pop();
    c.intCond = swapOperands(cond);
    c.lhs = toRegister(rhs);
    c.imm = immediateOf(lhs);
  } else {
    c.intCond = cond;
    c.rhs = toRegister(rhs);
    c.lhs = popToRegister();
  }
  pushCondition(c);
}

// --- Float operators -------------------------------------------------------------

void Codegen::emitFloatBinary(FloatOp op, OpSize s, ValType type) {
  Reg r = popToRegister();
  Reg l = popToRegister();
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
  release(r);
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
  c.rhs = popToRegister();
  c.lhs = popToRegister();
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
  case Opcode::Prefix##DivS: return emitDivRem(DivOp::DivS, size, type);    \
  case Opcode::Prefix##DivU: return emitDivRem(DivOp::DivU, size, type);    \
  case Opcode::Prefix##RemS: return emitDivRem(DivOp::RemS, size, type);    \
  case Opcode::Prefix##RemU: return emitDivRem(DivOp::RemU, size, type);
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
      unsupported(opcodeName(op));
      return;
  }
  // clang-format on
}

// --- Memory ------------------------------------------------------------------------

// DESIGN decision 4: the guard region covers static offsets up to its size;
// larger ones are checked even when signals handle the rest.
BoundsCheck Codegen::boundsFor(uint64_t offset, uint32_t size) const {
  if (options_.bounds == BoundsCheck::Explicit) return BoundsCheck::Explicit;
  return offset + size <= options_.guardBytes ? BoundsCheck::Guard : BoundsCheck::Explicit;
}

namespace {

struct AccessInfo {
  bool ok;
  LoadKind load;
  StoreKind store;
  ValType type;
};

AccessInfo accessOf(Opcode op) {
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
    default:
      return {false, LoadKind::I32, StoreKind::I32, ValType::I32};
  }
}

}  // namespace

void Codegen::visitLoad(Opcode op, MemArg memArg) {
  AccessInfo info = accessOf(op);
  if (!info.ok || memArg.memoryIndex != 0) return unsupported(opcodeName(op));
  Reg index = popToRegister();
  Reg dst = regClassOf(info.load) == RegClass::Gp ? index : allocate(RegClass::Fp);
  masm_.loadHeap(info.load, dst, index, memArg.offset,
                 boundsFor(memArg.offset, accessSize(info.load)));
  if (dst != index) release(index);
  pushRegister(info.type, dst);
}

void Codegen::visitStore(Opcode op, MemArg memArg) {
  AccessInfo info = accessOf(op);
  if (!info.ok || memArg.memoryIndex != 0) return unsupported(opcodeName(op));
  Reg value = popToRegister();
  Reg index = popToRegister();
  masm_.storeHeap(info.store, value, index, memArg.offset,
                  boundsFor(memArg.offset, accessSize(info.store)));
  release(value);
  release(index);
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

// A grow builtin returns an int64 (old size or -1); the i32 result must have
// its upper half clear (masm.h contract).
void Codegen::emitGrowResult() {
  Reg rax = RegisterConventions::kResultGp[0];
  regs_.take(rax);
  Reg dst = allocate(RegClass::Gp, RegisterSet{rax});
  masm_.move(ValType::I32, dst, rax);
  release(rax);
  masm_.reloadMemoryBase();
  pushRegister(ValType::I32, dst);
}

void Codegen::visitMemoryFill(uint32_t memory) {
  StackEntry n = pop(), value = pop(), dst = pop();
  BuiltinArg args[] = {{nullptr, memory}, {&dst, 0}, {&value, 0}, {&n, 0}};
  emitBuiltinCall(BuiltinId::MemoryFill, args);
  masm_.trapIfZero(OpSize::S32, RegisterConventions::kResultGp[0], TrapCode::MemoryOutOfBounds);
}

void Codegen::visitMemoryCopy(uint32_t dstMemory, uint32_t srcMemory) {
  StackEntry n = pop(), src = pop(), dst = pop();
  BuiltinArg args[] = {{nullptr, dstMemory}, {nullptr, srcMemory}, {&dst, 0}, {&src, 0}, {&n, 0}};
  emitBuiltinCall(BuiltinId::MemoryCopy, args);
  masm_.trapIfZero(OpSize::S32, RegisterConventions::kResultGp[0], TrapCode::MemoryOutOfBounds);
}

void Codegen::visitMemoryInit(uint32_t dataIndex, uint32_t memory) {
  StackEntry n = pop(), src = pop(), dst = pop();
  BuiltinArg args[] = {{nullptr, memory}, {nullptr, dataIndex}, {&dst, 0}, {&src, 0}, {&n, 0}};
  emitBuiltinCall(BuiltinId::MemoryInit, args);
  masm_.trapIfZero(OpSize::S32, RegisterConventions::kResultGp[0], TrapCode::MemoryOutOfBounds);
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

void Codegen::visitTableGet(uint32_t table) {
  Reg index = popToRegister();
  Reg t = allocate(RegClass::Gp);
  loadFromContextArray(t, options_.layout.tables, table);
  Reg size = allocate(RegClass::Gp);
  masm_.load(LoadKind::I64, size, Address(t, 8));
  masm_.trapIf(IntCond::GeU, OpSize::S64, index, size, TrapCode::TableOutOfBounds);
  release(size);
  masm_.load(LoadKind::I64, t, Address(t, 0));
  masm_.load(LoadKind::I64, index, Address(t, index, 3, 0));
  release(t);
  pushRegister(module_.tables[table].elemType, index);
}

void Codegen::visitTableSet(uint32_t table) {
  Reg value = popToRegister();
  Reg index = popToRegister();
  Reg t = allocate(RegClass::Gp);
  loadFromContextArray(t, options_.layout.tables, table);
  Reg size = allocate(RegClass::Gp);
  masm_.load(LoadKind::I64, size, Address(t, 8));
  masm_.trapIf(IntCond::GeU, OpSize::S64, index, size, TrapCode::TableOutOfBounds);
  release(size);
  masm_.load(LoadKind::I64, t, Address(t, 0));
  masm_.store(StoreKind::I64, Address(t, index, 3, 0), value);
  release(t);
  release(index);
  release(value);
}

void Codegen::visitTableSize(uint32_t table) {
  settleTop();
  Reg r = allocate(RegClass::Gp);
  loadFromContextArray(r, options_.layout.tables, table);
  masm_.load(LoadKind::I32, r, Address(r, 8));
  pushRegister(ValType::I32, r);
}

void Codegen::visitTableGrow(uint32_t table) {
  StackEntry delta = pop(), init = pop();
  BuiltinArg args[] = {{nullptr, table}, {&delta, 0}, {&init, 0}};
  emitBuiltinCall(BuiltinId::TableGrow, args);
  emitGrowResult();
}

void Codegen::visitTableFill(uint32_t table) {
  StackEntry n = pop(), value = pop(), index = pop();
  BuiltinArg args[] = {{nullptr, table}, {&index, 0}, {&value, 0}, {&n, 0}};
  emitBuiltinCall(BuiltinId::TableFill, args);
  masm_.trapIfZero(OpSize::S32, RegisterConventions::kResultGp[0], TrapCode::TableOutOfBounds);
}

void Codegen::visitTableCopy(uint32_t dstTable, uint32_t srcTable) {
  StackEntry n = pop(), src = pop(), dst = pop();
  BuiltinArg args[] = {{nullptr, dstTable}, {nullptr, srcTable}, {&dst, 0}, {&src, 0}, {&n, 0}};
  emitBuiltinCall(BuiltinId::TableCopy, args);
  masm_.trapIfZero(OpSize::S32, RegisterConventions::kResultGp[0], TrapCode::TableOutOfBounds);
}

void Codegen::visitTableInit(uint32_t elemIndex, uint32_t table) {
  StackEntry n = pop(), src = pop(), dst = pop();
  BuiltinArg args[] = {{nullptr, table}, {nullptr, elemIndex}, {&dst, 0}, {&src, 0}, {&n, 0}};
  emitBuiltinCall(BuiltinId::TableInit, args);
  masm_.trapIfZero(OpSize::S32, RegisterConventions::kResultGp[0], TrapCode::TableOutOfBounds);
}

void Codegen::visitElemDrop(uint32_t elemIndex) {
  BuiltinArg args[] = {{nullptr, elemIndex}};
  emitBuiltinCall(BuiltinId::ElemDrop, args);
}

// --- Calls -----------------------------------------------------------------------------

// A builtin is a SysV function: VMContext* in the first argument register,
// then `args`. Every live value is spilled first, since the call clobbers
// the allocatable caller-saved registers.
void Codegen::emitBuiltinCall(BuiltinId id, std::span<const BuiltinArg> args) {
  clearLocalCache();
  spillRegisters();
  const auto& argRegs = RegisterConventions::kArgGp;
  assert(args.size() < std::size(argRegs));
  for (size_t i = 0; i < args.size(); i++) {
    StackEntry imm;
    imm.kind = StackEntry::Kind::Constant;
    imm.type = ValType::I64;
    imm.bits = args[i].imm;
    transfer_.toRegister(args[i].entry ? *args[i].entry : imm, argRegs[i + 1], ValType::I64);
  }
  transfer_.execute();
  masm_.move(ValType::I64, argRegs[0], RegisterConventions::kVmContext);
  for (const BuiltinArg& a : args) {
    if (a.entry) releaseEntry(*a.entry);
  }
  masm_.callBuiltin(static_cast<uint32_t>(id));
}

void Codegen::visitCall(uint32_t funcIndex, const FuncType& type) {
  uint32_t typeIndex = module_.funcTypeIndices[funcIndex];
  if (funcIndex >= module_.importedFuncCount) {
    emitCall(typeIndex, type, funcIndex);
    return;
  }
  // An imported function may belong to another instance: call it through
  // its VMFunction, as call_indirect does.
  settleTop();
  Reg f = allocate(RegClass::Gp);
  loadFromContextArray(f, options_.layout.functions, funcIndex);
  masm_.store(StoreKind::I64, masm_.frameSlot(kCalleeSlot), f);
  release(f);
  emitCall(typeIndex, type, std::nullopt);
}

// call_indirect (spec 4.4.8): bounds, null and signature checks against the
// table entry, then a call through the VMFunction like an import.
void Codegen::visitCallIndirect(uint32_t typeIndex, uint32_t tableIndex, const FuncType& type) {
  Reg index = popToRegister();
  Reg f = allocate(RegClass::Gp);
  Reg t = allocate(RegClass::Gp);
  loadFromContextArray(f, options_.layout.tables, tableIndex);
  masm_.load(LoadKind::I64, t, Address(f, 8));
  masm_.trapIf(IntCond::GeU, OpSize::S64, index, t, TrapCode::UndefinedElement);
  masm_.load(LoadKind::I64, f, Address(f, 0));
  masm_.load(LoadKind::I64, f, Address(f, index, 3, 0));
  masm_.trapIfZero(OpSize::S64, f, TrapCode::UninitializedElement);
  masm_.load(LoadKind::I32, t, Address(f, offsetof(VMFunction, typeId)));
  masm_.load(LoadKind::I64, index, masm_.vmContext(options_.layout.typeIds));
  masm_.load(LoadKind::I32, index, Address(index, static_cast<int32_t>(typeIndex * 4)));
  masm_.trapIf(IntCond::Ne, OpSize::S32, t, index, TrapCode::IndirectCallTypeMismatch);
  masm_.store(StoreKind::I64, masm_.frameSlot(kCalleeSlot), f);
  release(t);
  release(f);
  release(index);
  emitCall(typeIndex, type, std::nullopt);
}

// Switches to the callee's instance (its VMContext and memory base), calls
// its code, and switches back.
void Codegen::loadCalleeAndCall() {
  Reg scratch = RegisterConventions::kScratchGp;
  Reg vmctx = RegisterConventions::kVmContext;
  masm_.load(LoadKind::I64, scratch, masm_.frameSlot(kCalleeSlot));
  masm_.load(LoadKind::I64, vmctx, Address(scratch, offsetof(VMFunction, context)));
  masm_.reloadMemoryBase();
  masm_.callIndirect(Address(scratch, offsetof(VMFunction, code)));
  masm_.load(LoadKind::I64, vmctx, masm_.frameSlot(kVmContextSlot));
  masm_.reloadMemoryBase();
}

// The steps of a call (Winch's call.rs): spill what the call clobbers,
// place the arguments by the internal convention, call, push the results.
const CallLayout& Codegen::callLayout(uint32_t typeIndex, const FuncType& type) {
  if (callLayouts_.size() <= typeIndex) callLayouts_.resize(module_.types.size());
  std::optional<CallLayout>& cached = callLayouts_[typeIndex];
  if (!cached) cached = computeCallLayout(type.params, type.results);
  return *cached;
}

void Codegen::emitCall(uint32_t typeIndex, const FuncType& type,
                       std::optional<uint32_t> directIndex) {
  settleTop();
  clearLocalCache();
  uint32_t n = static_cast<uint32_t>(type.params.size());
  uint32_t base = stack_.size() - n;
  const CallLayout& layout = callLayout(typeIndex, type);
  spillRegistersBelow(base);
  uint32_t outgoing = layout.stackBytes();
  if (outgoing) masm_.allocateStack(outgoing);
  transferToLocations(base, layout.params, CallArea::Outgoing);
  resetStackTo(base);
  if (directIndex)
    masm_.callFunction(*directIndex);
  else
    loadCalleeAndCall();
  for (size_t k = 0; k < type.results.size(); k++) {
    const ValueLocation& loc = layout.results[k];
    ValType t = type.results[k];
    if (loc.inRegister()) {
      regs_.take(loc.reg);
      pushRegister(t, loc.reg);
    } else {
      pushSpilled(t);
      transfer_.copySlot(slotAddress(stack_.top().slot), masm_.outgoingArea(loc.stackOffset));
    }
  }
  if (outgoing) masm_.freeStack(outgoing);
}

// Places entries [base, base + locations.size()) by a calling convention:
// registers, or slots of the call area seen from the caller's or callee's
// side.
void Codegen::transferToLocations(uint32_t base, std::span<const ValueLocation> locations,
                                  CallArea area) {
  for (size_t k = 0; k < locations.size(); k++) {
    const StackEntry& e = stack_.at(base + static_cast<uint32_t>(k));
    const ValueLocation& loc = locations[k];
    if (loc.inRegister())
      transfer_.toRegister(e, loc.reg);
    else if (area == CallArea::Outgoing)
      transfer_.toAddress(e, masm_.outgoingArea(loc.stackOffset));
    else
      transfer_.toAddress(e, masm_.callerArea(loc.stackOffset));
  }
  transfer_.execute();
}

}  // namespace ember
