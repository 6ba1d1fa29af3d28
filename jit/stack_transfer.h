// Moving operand-stack entries to where something else expects them: the
// one move primitive of the code generator (V8 Liftoff's ParallelMove,
// Winch's stack-to-ABI moves). A source is any stack entry — a register, a
// constant, a local or a spill slot — and a destination a register or a
// frame or call-area slot. Calls, returns, branches to merge registers and
// builtin calls queue their moves and execute() them together, so no move
// overwrites what another still reads:
//
//   1. memory destinations, in the order queued (they read registers and
//      slots before anything is overwritten);
//   2. register-to-register moves as one parallel move, cycles broken
//      through the masm's scratch register of the class;
//   3. registers loaded from constants, locals and slots, in the order
//      queued (they read no register).
//
// Queued entries are referred to, not copied: they must stay in place (no
// push or pop) until execute(). Memory destinations must not be read by a
// later source of the same transfer: callers write call areas (never sources) or canonical slots at
// or below their source positions, in ascending order (control_frames.h).
#pragma once

#include <cstdint>
#include <vector>

#include "jit/masm.h"
#include "jit/value_stack.h"

namespace ember {

struct RegisterMove {
  Reg dst;
  Reg src;
  ValType type;
};

// Step 2 of a transfer on its own (templated so tests can run it on a
// simulated register file): calls `emit(type, dst, src)` for each move once
// no pending move still reads its destination; when every remaining
// destination is still read (a cycle), parks one destination's value in the
// scratch register of its class and reads it from there. Destinations must
// be distinct; `moves` is consumed.
template <typename EmitMove>
void emitParallelMoves(std::vector<RegisterMove>& moves, EmitMove&& emit) {
  std::erase_if(moves, [](const RegisterMove& m) { return m.dst == m.src; });
  auto isPendingSource = [&](Reg r) {
    for (const RegisterMove& m : moves) {
      if (m.src == r) return true;
    }
    return false;
  };
  while (!moves.empty()) {
    bool progressed = false;
    for (size_t i = 0; i < moves.size(); i++) {
      if (isPendingSource(moves[i].dst)) continue;
      emit(moves[i].type, moves[i].dst, moves[i].src);
      moves.erase(moves.begin() + static_cast<std::ptrdiff_t>(i));
      progressed = true;
      break;
    }
    if (progressed) continue;
    Reg blocked = moves.front().dst;
    Reg scratch =
        blocked.isGp() ? RegisterConventions::kScratchGp : RegisterConventions::kScratchFp;
    // The parked value is whatever the moves reading `blocked` carry: a
    // v128 needs the whole vector register.
    ValType parked = blocked.isGp() ? ValType::I64 : ValType::F64;
    for (const RegisterMove& m : moves) {
      if (m.src == blocked && m.type == ValType::V128) parked = ValType::V128;
    }
    emit(parked, scratch, blocked);
    for (RegisterMove& m : moves) {
      if (m.src == blocked) m.src = scratch;
    }
  }
}

class StackTransfer {
 public:
  // `localSlots` gives each local's frame slot (owned by the code generator).
  StackTransfer(MacroAssembler& masm, const std::vector<uint32_t>& localSlots)
      : masm_(masm), localSlots_(localSlots) {}

  Address localAddress(uint32_t index) const { return masm_.frameSlot(localSlots_[index]); }
  Address slotAddress(uint32_t slot) const { return masm_.frameSlot(slot); }

  // --- Single moves, emitted at once ----------------------------------------
  // None changes the stack's state; `e` is never a pending condition.
  void store(const StackEntry& e, const Address& dst);
  void load(const StackEntry& e, Reg dst);
  // Bit for bit through the GP scratch register (an f64 as an i64); a
  // v128 (16 bytes) through the FP scratch register.
  void copySlot(const Address& dst, const Address& src, ValType type = ValType::I64);

  // --- A transfer: queue moves, then execute() ------------------------------
  void toAddress(const StackEntry& e, const Address& dst) { memory_.push_back({&e, dst}); }
  // To the canonical frame slot `slot`; nothing if the entry is there.
  void toSlot(const StackEntry& e, uint32_t slot);
  // `registerMoveType` is the width of a register-to-register move (builtin
  // arguments are moved as 64-bit values); loads use the entry's type.
  void toRegister(const StackEntry& e, Reg dst) { toRegister(e, dst, e.type); }
  void toRegister(const StackEntry& e, Reg dst, ValType registerMoveType) {
    if (e.inRegister())
      moves_.push_back({dst, e.reg, registerMoveType});
    else
      loads_.push_back({&e, dst});
  }
  void execute();

 private:
  struct MemoryMove {
    const StackEntry* src;
    Address dst;
  };
  struct RegisterLoad {
    const StackEntry* src;
    Reg dst;
  };

  MacroAssembler& masm_;
  const std::vector<uint32_t>& localSlots_;
  // Queued moves; the vectors keep their capacity across transfers.
  std::vector<MemoryMove> memory_;
  std::vector<RegisterMove> moves_;
  std::vector<RegisterLoad> loads_;
};

}  // namespace ember
