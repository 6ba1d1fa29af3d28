#include "runtime/jit/call_plan.h"

#include <memory>

#include "jit/call_lowering.h"
#include "runtime/function.h"
#include "runtime/jit/entry.h"

namespace ember {
namespace {

std::shared_ptr<const JitCallPlan> computePlan(const FuncType& type) {
  CallLayout layout = computeCallLayout(type.params, type.results);
  auto plan = std::make_shared<JitCallPlan>();
  plan->stackBytes = layout.stackBytes();
  auto wordOf = [](const ValueLocation& loc, size_t (*slotOf)(Reg)) {
    return loc.inRegister() ? static_cast<uint32_t>(slotOf(loc.reg))
                            : JitCallPlan::kFirstStackWord + loc.stackOffset / 8;
  };
  for (const ValueLocation& loc : layout.params) plan->paramWords.push_back(wordOf(loc, argumentSlot));
  for (const ValueLocation& loc : layout.results)
    plan->resultWords.push_back(wordOf(loc, resultSlot));
  return plan;
}

}  // namespace

const JitCallPlan& jitCallPlanOf(const Function& function) {
  if (!function.jitCallPlan()) function.setJitCallPlan(computePlan(function.type()));
  return *function.jitCallPlan();
}

}  // namespace ember
