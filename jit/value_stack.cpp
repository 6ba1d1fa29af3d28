#include "jit/value_stack.h"

#include <algorithm>

namespace ember {

void ValueStack::reset(uint32_t spillBase, size_t localCount) {
  entries_.clear();
  spillBase_ = spillBase;
  maxSlot_ = spillBase;
  spilledBelow_ = 0;
  for (uint32_t& owner : registerOwner_) owner = kNone;
  // Clear only the previous function's lists (its validation already paid
  // for its locals); keep their capacity.
  for (uint32_t i = 0; i < localCount_; i++) localReaders_[i].clear();
  if (localReaders_.size() < localCount) localReaders_.resize(localCount);
  localCount_ = static_cast<uint32_t>(localCount);
}

StackEntry& ValueStack::push(StackEntry e) {
  uint32_t position = size();
  e.slot = slotFor(position, e.type);
  if (e.slot > maxSlot_) maxSlot_ = e.slot;
  entries_.push_back(e);
  if (e.kind == StackEntry::Kind::Register) {
    registerOwner_[key(e.reg)] = position;
  } else if (e.kind == StackEntry::Kind::Local) {
    // Positions at or above this one belong to popped entries.
    std::vector<uint32_t>& readers = localReaders_[e.local];
    while (!readers.empty() && readers.back() >= position) readers.pop_back();
    readers.push_back(position);
  }
  return entries_.back();
}

StackEntry* ValueStack::holderOf(Reg r) {
  uint32_t position = registerOwner_[key(r)];
  if (position >= size()) return nullptr;
  StackEntry& e = entries_[position];
  return e.inRegister() && e.reg == r ? &e : nullptr;
}

StackEntry* ValueStack::lowestInRegister(RegClass c, RegisterSet exclude) {
  StackEntry* lowest = nullptr;
  for (Reg r : RegisterConventions::kAllocatable.ofClass(c) - exclude) {
    StackEntry* e = holderOf(r);
    if (e && (!lowest || e < lowest)) lowest = e;
  }
  return lowest;
}

void ValueStack::registerPositions(uint32_t end, std::vector<uint32_t>& out) {
  out.clear();
  for (Reg r : RegisterConventions::kAllocatable) {
    StackEntry* e = holderOf(r);
    if (e && static_cast<uint32_t>(e - entries_.data()) < end)
      out.push_back(static_cast<uint32_t>(e - entries_.data()));
  }
  std::sort(out.begin(), out.end());
}

void ValueStack::takeLocalReaders(uint32_t local, std::vector<uint32_t>& out) {
  out.clear();
  std::vector<uint32_t>& readers = localReaders_[local];
  for (uint32_t position : readers) {
    if (position >= size()) break;
    const StackEntry& e = entries_[position];
    if (e.kind == StackEntry::Kind::Local && e.local == local) out.push_back(position);
  }
  readers.clear();
}

}  // namespace ember
