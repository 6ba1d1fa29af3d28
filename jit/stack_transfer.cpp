#include "jit/stack_transfer.h"

#include <cassert>

namespace ember {

void StackTransfer::copySlot(const Address& dst, const Address& src, ValType type) {
  if (type == ValType::V128) {
    Reg vector = RegisterConventions::kScratchFp;
    masm_.load(LoadKind::V128, vector, src);
    masm_.store(StoreKind::V128, dst, vector);
    return;
  }
  Reg scratch = RegisterConventions::kScratchGp;
  masm_.load(LoadKind::I64, scratch, src);
  masm_.store(StoreKind::I64, dst, scratch);
}

void StackTransfer::store(const StackEntry& e, const Address& dst) {
  switch (e.kind) {
    case StackEntry::Kind::Register:
      masm_.store(storeKindOf(e.type), dst, e.reg);
      break;
    case StackEntry::Kind::Constant:
      masm_.storeImm(storeKindOf(e.type), dst, e.bits);
      break;
    case StackEntry::Kind::Local:
      copySlot(dst, localAddress(e.local), e.type);
      break;
    case StackEntry::Kind::Spilled:
      copySlot(dst, slotAddress(e.slot), e.type);
      break;
    case StackEntry::Kind::Condition:
      assert(false && "settleTop() first");
      break;
  }
}

void StackTransfer::load(const StackEntry& e, Reg dst) {
  switch (e.kind) {
    case StackEntry::Kind::Register:
      masm_.move(e.type, dst, e.reg);
      break;
    case StackEntry::Kind::Constant:
      masm_.moveImm(e.type, dst, e.bits);
      break;
    case StackEntry::Kind::Local:
      masm_.load(loadKindOf(e.type), dst, localAddress(e.local));
      break;
    case StackEntry::Kind::Spilled:
      masm_.load(loadKindOf(e.type), dst, slotAddress(e.slot));
      break;
    case StackEntry::Kind::Condition:
      assert(false && "settleTop() first");
      break;
  }
}

void StackTransfer::toSlot(const StackEntry& e, uint32_t slot) {
  if (e.kind == StackEntry::Kind::Spilled && e.slot == slot) return;
  memory_.push_back({&e, slotAddress(slot)});
}

void StackTransfer::execute() {
  for (const MemoryMove& m : memory_) store(*m.src, m.dst);
  memory_.clear();
  if (!moves_.empty())
    emitParallelMoves(moves_, [&](ValType t, Reg d, Reg s) { masm_.move(t, d, s); });
  for (const RegisterLoad& l : loads_) load(*l.src, l.dst);
  loads_.clear();
}

}  // namespace ember
