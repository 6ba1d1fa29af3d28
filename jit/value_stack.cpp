#include "jit/value_stack.h"

#include <algorithm>

namespace ember {

void ValueStack::reset(uint32_t spillBase, size_t localCount) {
  size_ = 0;
  spillBase_ = spillBase;
  maxSlot_ = spillBase;
  spilledBelow_ = 0;
  recorded_ = {};
  lastReader_.assign(localCount, kNone);
}

void ValueStack::grow() { entries_.resize(std::max<size_t>(64, entries_.size() * 2)); }

StackEntry* ValueStack::holderOf(Reg r) {
  if (!recorded_.has(r)) return nullptr;
  uint32_t position = registerOwner_[key(r)];
  if (position < size()) {
    StackEntry& e = entries_[position];
    if (e.inRegister() && e.reg == r) return &e;
  }
  recorded_.remove(r);  // the record is stale: drop it
  return nullptr;
}

StackEntry* ValueStack::lowestInRegister(RegClass c, RegisterSet exclude) {
  StackEntry* lowest = nullptr;
  for (Reg r : recorded_.ofClass(c) - exclude) {
    StackEntry* e = holderOf(r);
    if (e && (!lowest || e < lowest)) lowest = e;
  }
  return lowest;
}

void ValueStack::registerPositions(uint32_t end, std::vector<uint32_t>& out) {
  out.clear();
  for (Reg r : recorded_) {
    StackEntry* e = holderOf(r);
    if (e && static_cast<uint32_t>(e - entries_.data()) < end)
      out.push_back(static_cast<uint32_t>(e - entries_.data()));
  }
  std::sort(out.begin(), out.end());
}

void ValueStack::takeLocalReaders(uint32_t local, std::vector<uint32_t>& out) {
  out.clear();
  for (uint32_t p = lastReader_[local]; p != kNone; p = entries_[p].previousReader) {
    if (entries_[p].kind == StackEntry::Kind::Local) out.push_back(p);
  }
  std::reverse(out.begin(), out.end());
  // Every reader is about to become another kind: a fresh chain starts.
  // Entries of the old one no longer match the head when popped.
  lastReader_[local] = kNone;
}

void LocalRegisterCache::relyOnSlotsOf(RegisterSet headerCopies) {
  for (Reg r : headerCopies) slotPassedAt_[localIn(r)] = headerTick_;
  headerCopies_ -= headerCopies;
}

}  // namespace ember
