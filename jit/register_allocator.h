// Which allocatable registers are free (Winch's regalloc.rs). The allocator
// only keeps the sets; choosing a value to spill when a class runs out is the
// code generator's job, since only it knows the value stack (it spills the
// oldest register-resident entry, whose use lies furthest in the future).
// It also records which registers were handed out since a point the code
// generator chooses (a loop header): a register never handed out since then
// still holds what it held there.
#pragma once

#include <cassert>
#include <optional>

#include "jit/masm.h"

namespace ember {

class RegisterAllocator {
 public:
  void reset() {
    free_ = RegisterConventions::kAllocatable;
    written_ = {};
  }

  bool isFree(Reg r) const { return free_.has(r); }
  bool isAllocatable(Reg r) const { return RegisterConventions::kAllocatable.has(r); }
  RegisterSet freeSet() const { return free_; }

  // A free register of class `c` outside `exclude`, now taken; none if the
  // class is exhausted.
  std::optional<Reg> tryAllocate(RegClass c, RegisterSet exclude = {}) {
    RegisterSet candidates = free_.ofClass(c) - exclude;
    if (candidates.empty()) return std::nullopt;
    Reg r = candidates.first();
    free_.remove(r);
    written_.add(r);
    return r;
  }
  // Takes a specific register, which must be free.
  void take(Reg r) {
    assert(free_.has(r));
    free_.remove(r);
    written_.add(r);
  }
  // Takes `r` for a value it already holds (a local's copy kept across a
  // loop): not a write.
  void takeHolding(Reg r) {
    assert(free_.has(r));
    free_.remove(r);
  }

  // Registers handed out (or otherwise overwritten: markWritten) since the
  // set was last replaced.
  RegisterSet written() const { return written_; }
  void setWritten(RegisterSet s) { written_ = s; }
  void markWritten(RegisterSet s) { written_ |= s; }
  void release(Reg r) {
    assert(isAllocatable(r) && !free_.has(r));
    free_.add(r);
  }
  void release(RegisterSet s) {
    assert((s - RegisterConventions::kAllocatable).empty() && (s & free_).empty());
    free_ |= s;
  }

 private:
  RegisterSet free_ = RegisterConventions::kAllocatable;
  RegisterSet written_;
};

}  // namespace ember
