// The code generator's value-stack and register-cache operations (Liftoff's
// LiftoffAssembler cache state, Winch's context.rs): allocating registers
// (spilling the lowest register-resident entry when a class runs out),
// spilling, pending conditions. The pushes and pops every operator uses are
// inline at the end of codegen.h. The data they work on is in
// value_stack.h and register_allocator.h.
#include <cassert>

#include "jit/codegen.h"

namespace ember {

Reg Codegen::allocate(RegClass c, RegisterSet exclude) {
  if (auto r = regs_.tryAllocate(c, exclude)) return *r;
  return allocateTaken(c, exclude);
}

Reg Codegen::allocateTaken(RegClass c, RegisterSet exclude) {
  // A clean copy of a local costs nothing to forget, a dirty one a store.
  RegisterSet copies = locals_.registers().ofClass(c) - exclude;
  if (!copies.empty()) {
    RegisterSet clean = copies - locals_.dirty();
    Reg r = locals_.leastRecentlyUsed(clean.empty() ? copies : clean);
    writeBackLocal(r);
    locals_.dropRegister(r);
    regs_.markWritten(RegisterSet{r});
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

void Codegen::evict(Reg r) {
  if (regs_.isFree(r)) return;
  if (locals_.holds(r)) {
    writeBackLocal(r);
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
      // From the local's copy when it has one (a dirty copy is the only
      // place its value is).
      if (Reg copy = copyForRead(e.local); copy.isValid())
        masm_.store(storeKindOf(e.type), slotAddress(e.slot), copy);
      else
        transfer_.copySlot(slotAddress(e.slot), readLocalSlot(e.local), e.type);
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
  const PendingCondition& c = pendingCondition_;
  Reg dst;
  if (c.isFloat) {
    dst = allocate(RegClass::Gp);
    masm_.fcompare(c.floatCond, c.size, dst, c.lhs, c.rhs);
    if (c.negated) masm_.bitXor(OpSize::S32, dst, dst, int64_t{1});
    releaseRead(c.lhs, c.lhsOwned);
    releaseRead(c.rhs, c.rhsOwned);
  } else {
    // The masm's compare allows dst == lhs; a borrowed lhs is not ours.
    RegisterSet operands{c.lhs};
    if (c.rhs.isValid()) operands.add(c.rhs);
    dst = c.lhsOwned ? c.lhs : allocate(RegClass::Gp, operands);
    if (c.rhs.isValid()) {
      masm_.compare(c.intCond, c.size, dst, c.lhs, c.rhs);
      releaseRead(c.rhs, c.rhsOwned);
    } else {
      masm_.compare(c.intCond, c.size, dst, c.lhs, c.imm);
    }
  }
  e.kind = StackEntry::Kind::Register;
  e.type = ValType::I32;
  e.reg = dst;
  stack_.noteRegister(e);
}

// A local read into a register the caller owns (and may overwrite): a move
// from its cached copy, else a load. (Leaving a copy behind after a load
// grew the sightglass code by 4% for reuse we cannot yet measure.)
Reg Codegen::loadLocal(const StackEntry& e, RegisterSet exclude, bool triedLoopCopy) {
  RegClass c = regClassOf(e.type);
  Reg copy = copyForRead(e.local);
  if (!copy.isValid() && !triedLoopCopy) copy = loopCopyOf(e.local);
  Reg r = allocate(c, exclude);  // may forget `copy`, whose register still holds the value
  if (copy.isValid()) {
    masm_.move(e.type, r, copy);
    return r;
  }
  masm_.load(loadKindOf(e.type), r, readLocalSlot(e.local));
  return r;
}

Reg Codegen::readRegister(const StackEntry& e, bool& owned, RegisterSet exclude, bool mayOwnLoad) {
  if (e.kind == StackEntry::Kind::Local) {
    Reg copy = copyForRead(e.local);
    if (!copy.isValid()) copy = loopCopyOf(e.local);
    if (!copy.isValid() && mayOwnLoad) {
      owned = true;
      return loadLocal(e, exclude, /*triedLoopCopy=*/true);
    }
    if (!copy.isValid()) {
      // Loaded into a register the cache keeps as a clean copy: a local
      // read again soon (an address base, a loop bound) is not reloaded.
      copy = allocate(regClassOf(e.type), exclude);
      masm_.load(loadKindOf(e.type), copy, readLocalSlot(e.local));
      cacheLocal(e.local, copy);
    }
    owned = false;
    return copy;
  }
  owned = true;
  return toRegister(e, exclude);
}

void Codegen::dropCachedLocal(uint32_t index) {
  Reg r = locals_.dropLocal(index);
  if (r.isValid()) release(r);
}

void Codegen::clearLocalCache() { regs_.release(locals_.dropAll()); }

void Codegen::writeBackLocal(Reg r) {
  if (!locals_.isDirty(r)) return;
  uint32_t local = locals_.localIn(r);
  masm_.store(storeKindOf(localTypes_[local]), localAddress(local), r);
  locals_.markClean(r);
}

// In register order: the code depends on nothing else.
void Codegen::writeBackLocals() { writeBackLocalsExcept({}); }

void Codegen::storeLocalsExcept(RegisterSet keep) {
  writePendingZeros();
  for (Reg r : locals_.dirty() - keep) writeBackLocal(r);
}

// Once per function at most: no local is pending after it.
void Codegen::writePendingZeros() {
  if (zeroPendingCount_ == 0) return;
  for (uint32_t i = 0; i < zeroPending_.size(); i++) {
    if (!zeroPending_[i]) continue;
    masm_.storeImm(StoreKind::I64, localAddress(i), 0);
    zeroPending_[i] = 0;
  }
  zeroPendingCount_ = 0;
}

}  // namespace ember
