// Where a function type's arguments and results sit when the host calls JIT
// code (entry.h) or JIT code calls the host (host_calls.h): computed once
// per Function from the internal calling convention (jit/call_lowering.h)
// and kept with it, so a call reads word indices instead of recomputing
// (and allocating) a CallLayout.
#pragma once

#include <cstdint>
#include <vector>

#include "abi/trampolines.h"
#include "runtime/format/types.h"

namespace ember {

class Function;

struct JitCallPlan {
  // Words below kRegisterSlots index JitEntryFrame::regs (a register's
  // slot); the others index the outgoing stack area, from kRegisterSlots.
  std::vector<uint32_t> paramWords;
  std::vector<uint32_t> resultWords;
  uint32_t stackBytes = 0;  // the outgoing area, stack alignment included

  static constexpr uint32_t kFirstStackWord = kRegisterSlots;
  static bool inRegister(uint32_t word) { return word < kFirstStackWord; }
};

// The plan of `function`'s type, computed on first use.
const JitCallPlan& jitCallPlanOf(const Function& function);

// The words of `word` in a call's register slots or its stack area.
inline uint64_t* planWords(uint32_t word, uint64_t* regs, uint64_t* stackArea) {
  return JitCallPlan::inRegister(word) ? &regs[word]
                                       : &stackArea[word - JitCallPlan::kFirstStackWord];
}

}  // namespace ember
