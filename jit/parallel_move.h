// Orders a set of register-to-register moves that must happen "at once"
// (call arguments, multi-value returns), so that no move overwrites a source
// another move still needs; cycles are broken through the masm's scratch
// register of the class (the idea of V8's parallel-move.h).
#pragma once

#include <vector>

#include "jit/masm.h"

namespace ember {

struct RegisterMove {
  Reg dst;
  Reg src;
  ValType type;
};

// Calls `emit(type, dst, src)` for each move in a safe order. Destinations
// must be distinct; `moves` is consumed.
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
    // Every remaining destination is still read: a cycle. Park the value of
    // one destination in the scratch register and read it from there.
    Reg blocked = moves.front().dst;
    Reg scratch =
        blocked.isGp() ? RegisterConventions::kScratchGp : RegisterConventions::kScratchFp;
    ValType wide = blocked.isGp() ? ValType::I64 : ValType::F64;
    emit(wide, scratch, blocked);
    for (RegisterMove& m : moves) {
      if (m.src == blocked) m.src = scratch;
    }
  }
}

}  // namespace ember
