// Call lowering (Winch's call.rs): wasm calls (direct, imported, indirect)
// by the internal calling convention (computeCallLayout, call_lowering.h), and builtin calls
// by the native one. The steps of a call: spill what the call clobbers,
// place the arguments, call, push the results.
#include <cassert>
#include <iterator>

#include "jit/codegen.h"

namespace ember {

// A builtin is a SysV function: VMContext* in the first argument register,
// then `args`. Every live value is spilled first, since the call clobbers
// the allocatable caller-saved registers.
void Codegen::emitBuiltinCall(BuiltinId id, std::span<const BuiltinArg> args) {
  writeBackLocals();
  clearLocalCache();
  spillRegisters();
  const auto& argRegs = RegisterConventions::kArgGp;
  assert(args.size() < std::size(argRegs));
  StackEntry immediates[std::size(RegisterConventions::kArgGp)];
  for (size_t i = 0; i < args.size(); i++) {
    StackEntry& imm = immediates[i];
    imm.kind = StackEntry::Kind::Constant;
    imm.type = ValType::I64;
    imm.bits = args[i].imm;
    const StackEntry* entry = args[i].entry;
    if (entry && entry->kind == StackEntry::Kind::Local) locals_.relyOnSlot(entry->local);
    transfer_.toRegister(entry ? *entry : imm, argRegs[i + 1], ValType::I64);
  }
  transfer_.execute();
  masm_.move(ValType::I64, argRegs[0], RegisterConventions::kVmContext);
  for (const BuiltinArg& a : args) {
    if (a.entry) releaseEntry(*a.entry);
  }
  masm_.callBuiltin(static_cast<uint32_t>(id));
  regs_.markWritten(RegisterConventions::kBuiltinCallClobbers);
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
  Reg f = calleeRegister(callLayout(typeIndex, type));
  loadFromContextArray(f, options_.layout.functions, funcIndex);
  emitCall(typeIndex, type, std::nullopt, f);
}

// call_indirect (spec 4.4.8): bounds, null and signature checks against the
// table entry, then a call through the VMFunction like an import.
void Codegen::visitCallIndirect(uint32_t typeIndex, uint32_t tableIndex, const FuncType& type) {
  Reg index = popToRegister();
  Reg f = calleeRegister(callLayout(typeIndex, type), RegisterSet{index});
  Reg t = allocate(RegClass::Gp, RegisterSet{f});
  loadCheckedTableElements(f, t, tableIndex, index, TrapCode::UndefinedElement);
  masm_.load(LoadKind::I64, f, Address(f, index, 3, 0));
  masm_.trapIfZero(OpSize::S64, f, TrapCode::UninitializedElement);
  masm_.load(LoadKind::I32, t, Address(f, offsetof(VMFunction, typeId)));
  masm_.load(LoadKind::I64, index, masm_.vmContext(options_.layout.typeIds));
  masm_.load(LoadKind::I32, index, Address(index, static_cast<int32_t>(typeIndex * 4)));
  masm_.trapIf(IntCond::Ne, OpSize::S32, t, index, TrapCode::IndirectCallTypeMismatch);
  release(t);
  release(index);
  emitCall(typeIndex, type, std::nullopt, f);
}

Reg Codegen::calleeRegister(const CallLayout& layout, RegisterSet exclude) {
  for (const ValueLocation& loc : layout.params)
    if (loc.inRegister()) exclude.add(loc.reg);
  return allocate(RegClass::Gp, exclude);
}

// Switches to the callee's instance (its VMContext and memory base), calls
// its code, and switches back. The VMFunction is also left in its frame
// slot, where a host function's trampoline finds it, but the call uses
// the register: a reload from the slot would sit on the way to the call's
// target.
void Codegen::loadCalleeAndCall(Reg callee) {
  masm_.store(StoreKind::I64, masm_.frameSlot(kCalleeSlot), callee);
  switchContext(Address(callee, offsetof(VMFunction, context)));
  masm_.callIndirect(Address(callee, offsetof(VMFunction, code)));
  masm_.recordCallSite();
  switchContext(masm_.frameSlot(kVmContextSlot));
}

// Makes the context at `source` current, with its memory base. Most
// indirect callees belong to the caller's own instance, and return with
// its context still current (every function does, as direct calls rely
// on). Loading the context and memory base anyway would put two dependent
// loads between the table read and the callee's first memory access, and
// again before the caller's next one. A compare with a branch predicted
// not taken leaves both registers ready; the switch itself is out of line,
// at the function's end, so the usual path has no taken jump either.
void Codegen::switchContext(const Address& source) {
  Reg context = RegisterConventions::kScratchGp;
  ContextSwitch s{masm_.newLabel(), masm_.newLabel()};
  masm_.load(LoadKind::I64, context, source);
  masm_.branch(IntCond::Ne, OpSize::S64, context, RegisterConventions::kVmContext, s.stub);
  masm_.bind(s.resume);
  contextSwitches_.push_back(s);
}

// The stubs of switchContext: the scratch register still holds the new
// context when its branch arrives here.
void Codegen::emitContextSwitches() {
  for (const ContextSwitch& s : contextSwitches_) {
    masm_.bind(s.stub);
    masm_.move(ValType::I64, RegisterConventions::kVmContext, RegisterConventions::kScratchGp);
    masm_.reloadMemoryBase();
    masm_.jump(s.resume);
  }
  contextSwitches_.clear();
}

const StackEntry& Codegen::transferSource(const StackEntry& e) {
  if (e.kind != StackEntry::Kind::Local) return e;
  Reg copy = copyForRead(e.local);
  if (!copy.isValid()) {
    locals_.relyOnSlot(e.local);  // the transfer reads it
    return e;
  }
  assert(transferSources_.size() < transferSources_.capacity());
  StackEntry& source = transferSources_.emplace_back();
  source.kind = StackEntry::Kind::Register;
  source.type = e.type;
  source.reg = copy;
  return source;
}

const CallLayout& Codegen::callLayout(uint32_t typeIndex, const FuncType& type) {
  if (callLayouts_.size() <= typeIndex) callLayouts_.resize(module_.types.size());
  std::optional<CallLayout>& cached = callLayouts_[typeIndex];
  if (!cached) cached = computeCallLayout(type.params, type.results);
  return *cached;
}

void Codegen::emitCall(uint32_t typeIndex, const FuncType& type,
                       std::optional<uint32_t> directIndex, Reg callee) {
  settleTop();
  uint32_t n = static_cast<uint32_t>(type.params.size());
  uint32_t base = stack_.size() - n;
  const CallLayout& layout = callLayout(typeIndex, type);
  spillRegistersBelow(base);
  writeBackLocals();  // before the arguments overwrite any copy's register
  uint32_t outgoing = layout.stackBytes();
  if (outgoing) masm_.allocateStack(outgoing);
  transferToLocations(base, layout.params, CallArea::Outgoing);  // may read local copies
  clearLocalCache();
  resetStackTo(base);
  if (directIndex) {
    masm_.callFunction(*directIndex);
    masm_.recordCallSite();
  } else {
    loadCalleeAndCall(callee);
    release(callee);
  }
  regs_.markWritten(RegisterConventions::kWasmCallClobbers);
  for (size_t k = 0; k < type.results.size(); k++) {
    const ValueLocation& loc = layout.results[k];
    ValType t = type.results[k];
    if (loc.inRegister()) {
      regs_.take(loc.reg);
      pushRegister(t, loc.reg);
    } else {
      pushSpilled(t);
      transfer_.copySlot(slotAddress(stack_.top().slot), masm_.outgoingArea(loc.stackOffset), t);
    }
  }
  if (outgoing) masm_.freeStack(outgoing);
  checkCodeBudget();
}

// Places entries [base, base + locations.size()) by a calling convention:
// registers, or slots of the call area seen from the caller's or callee's
// side.
void Codegen::transferToLocations(uint32_t base, std::span<const ValueLocation> locations,
                                  CallArea area) {
  transferSources_.clear();
  transferSources_.reserve(locations.size());
  for (size_t k = 0; k < locations.size(); k++) {
    const StackEntry& e = transferSource(stack_.at(base + static_cast<uint32_t>(k)));
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
