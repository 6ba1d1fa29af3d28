// Control frames, merges and branches (Winch's control.rs): opening and
// closing block/loop/if frames, the merge state a branch must reach
// (control_frames.h), br/br_if/br_table, returns and the interruption
// checks at loop headers.
#include <algorithm>

#include "jit/codegen.h"

namespace ember {

void Codegen::emitReturnSequence() {
  settleTop();
  const BlockFrame& f = frames_.byDepth(frames_.size() - 1);
  uint32_t base = stack_.size() - static_cast<uint32_t>(f.results.size());
  transferToLocations(base, layout_->results, CallArea::Caller);
  masm_.emitReturn();
  checkCodeBudget();
}

void Codegen::openFrame(BlockFrame::Kind kind, BlockType type) {
  spillAll();
  BlockFrame& f = frames_.push();
  f.kind = kind;
  f.params = type.params;
  f.results = type.results;
  f.height = f.targetHeight = stack_.size() - static_cast<uint32_t>(f.params.size());
  assignMergeRegisters(f);
}

// A frame's label is created by the first branch to it (or a loop's
// header): most blocks and ifs are never the target of one, and a label
// costs an asmjit entry.
Label Codegen::labelOf(BlockFrame& f) {
  if (!f.label.isValid()) f.label = masm_.newLabel();
  return f.label;
}

void Codegen::bindLabelIfUsed(const BlockFrame& f) {
  if (f.label.isValid()) masm_.bind(f.label);
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

void Codegen::pushMergedValues(const BlockFrame& f, std::span<const ValType> types) {
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
  const Label header = labelOf(f);
  writeBackBeforeLoop();
  emitBranchMoves(f);
  resetStackTo(f.height);
  openLoopLocals(f);  // a label: only the copies every back-edge restores survive
  pushMergedValues(f, f.params);
  masm_.bind(header);
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
    transfer_.copySlot(slotAddress(stack_.top().slot), slotAddress(from), t);
  }
  BlockFrame& f = frames_.push();
  f.kind = BlockFrame::Kind::If;
  f.params = type.params;
  f.results = type.results;
  f.targetHeight = originals;
  f.height = stack_.size() - n;
  f.elseLabel = masm_.newLabel();
  assignMergeRegisters(f);
  writeBackLocals();  // both arms start from the slots and clean copies
  branchOn(cond, false, f.elseLabel);
  countEdge(f);               // the false edge, to the else arm or the end
  cacheCopies(f.elseCopies);  // the false edge's copies
}

void Codegen::visitElse(bool reachable) {
  BlockFrame& f = frames_.top();
  if (reachable) {
    settleTop();
    writeBackLocals();
    emitBranchMoves(f);
    noteLabelEdge(f);
    masm_.jump(labelOf(f));
  }
  masm_.bind(f.elseLabel);
  f.hasElse = true;
  resetStackTo(f.height);
  clearLocalCache();
  restoreCopies(f.elseCopies);
  uint32_t n = static_cast<uint32_t>(f.params.size());
  for (uint32_t k = 0; k < n; k++) {
    uint32_t from = stack_.at(f.targetHeight + k).slot;
    pushSpilled(f.params[k]);
    transfer_.copySlot(slotAddress(stack_.top().slot), slotAddress(from), f.params[k]);
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
    closeLoopLocals(f);
    frames_.pop();
    return;
  }
  if (reachable) {
    settleTop();
    writeBackLocals();
    emitBranchMoves(f);
    noteLabelEdge(f);
  }
  // An if without else passes its parameters through on the false path; they
  // already sit in the target slots (validation makes params == results).
  if (f.kind == BlockFrame::Kind::If && !f.hasElse) {
    noteLabelEdge(f, f.elseCopies);
    masm_.bind(f.elseLabel);
  }
  bindLabelIfUsed(f);
  resolveEdges(f);
  resetStackTo(f.targetHeight);
  clearLocalCache();
  if (f.labelReached) restoreCopies(f.labelCopies);
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
  const std::span<const ValType> types = f.branchTypes();
  // Most branches and ends carry nothing, and only a loop's header has
  // locals to restore: then there is nothing to emit.
  if (types.empty() && f.kind != BlockFrame::Kind::Loop) return;
  uint32_t arity = static_cast<uint32_t>(types.size());
  uint32_t base = stack_.size() - arity;
  transferSources_.clear();
  transferSources_.reserve(arity + f.loopLocals.size());
  if (!f.mergeRegs.empty()) {
    for (uint32_t k = 0; k < arity; k++)
      transfer_.toRegister(transferSource(stack_.at(base + k)), f.mergeRegs[k]);
    queueLoopLocalMoves(f);
    transfer_.execute();
    checkCodeBudget();
    return;
  }
  uint32_t slot = f.targetHeight == 0 ? stack_.spillBase() : stack_.at(f.targetHeight - 1).slot;
  for (uint32_t k = 0; k < arity; k++) {
    uint32_t size = slotSizeOf(types[k]);
    slot = (slot + size + size - 1) & ~(size - 1);
    transfer_.toSlot(transferSource(stack_.at(base + k)), slot);
  }
  queueLoopLocalMoves(f);
  transfer_.execute();
  checkCodeBudget();
}

// A return leaves dirty copies unwritten: the frame is gone after it.
void Codegen::emitBranchTo(BlockFrame& f) {
  if (f.kind == BlockFrame::Kind::Function) {
    emitReturnSequence();
    return;
  }
  writeBackLocalsExcept(keptDirtyTo(f));
  emitBranchMoves(f);
  noteLabelEdge(f);
  masm_.jump(labelOf(f));
}

void Codegen::branchOn(const StackEntry& cond, bool whenTrue, Label target) {
  if (cond.kind == StackEntry::Kind::Condition) {
    const PendingCondition& c = pendingCondition_;
    if (c.isFloat) {
      masm_.branchFloat(c.floatCond, c.size, c.lhs, c.rhs, target, whenTrue != c.negated);
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
  bool owned;
  Reg r = readRegister(cond, owned);
  if (whenTrue)
    masm_.branchIfNotZero(OpSize::S32, r, target);
  else
    masm_.branchIfZero(OpSize::S32, r, target);
  releaseRead(r, owned);
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
  if (f.kind != BlockFrame::Kind::Function && f.branchTypes().empty() && !needsLoopLocalMoves(f)) {
    writeBackLocalsExcept(keptDirtyTo(f));
    branchOn(cond, true, labelOf(f));  // nothing to carry: branch straight there
    noteLabelEdge(f);
    return;
  }
  Label skip = masm_.newLabel();
  writePendingZeros();  // once per function: not worth keeping per path
  branchOn(cond, false, skip);
  // The taken path writes the dirty copies back; the path that falls
  // through keeps them dirty.
  RegisterSet dirty = locals_.dirty();
  emitBranchTo(f);
  locals_.setDirty(dirty);
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
    if (f.kind != BlockFrame::Kind::Function && f.branchTypes().empty() && !needsLoopLocalMoves(f)) {
      noteLabelEdge(f);
      return labelOf(f);
    }
    if (!brTableStubs_[depth].isValid()) {
      brTableStubs_[depth] = masm_.newLabel();
      stubDepths_.push_back(depth);
    }
    return brTableStubs_[depth];
  };
  brTableLabels_.clear();
  for (uint32_t depth : targets) brTableLabels_.push_back(labelFor(depth));
  Label defaultLabel = labelFor(defaultDepth);
  writeBackLocals();
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

}  // namespace ember
