// Control frames of the function validator ("ctrls" in the spec's
// validation algorithm, appendix A.3), and the static storage that
// single-result block types point into.
#pragma once

#include <cstdint>
#include <span>

#include "runtime/format/types.h"

namespace ember {

// What opened a frame. `Else` is an `if` frame after its `else`; `Function`
// is the body's own outermost frame, closed by the final `end`.
enum class FrameKind : uint8_t { Function, Block, Loop, If, Else };

struct ControlFrame {
  std::span<const ValType> params;   // start types
  std::span<const ValType> results;  // end types
  uint32_t height = 0;               // operand stack height below the params
  FrameKind kind = FrameKind::Block;
  // The rest of the frame is dead code: the operand stack is polymorphic
  // (pops below `height` yield Bottom).
  bool unreachable = false;
  // The frame was opened in reachable code, so the visitor saw it open and
  // will see its else/end (visitor.h contract).
  bool reported = true;
  // The rest of the frame (of its arm) follows a loop whose end only
  // falling through reaches, which it cannot: the code is typed as
  // reachable, but is dead and not reported.
  bool afterDeadLoopEnd = false;

  // A branch to a loop goes back to its start (spec 3.3.8.8 labels).
  std::span<const ValType> labelTypes() const { return kind == FrameKind::Loop ? params : results; }
};

// One-element type lists for the `blocktype ::= valtype` form (spec 5.4.1):
// BlockType spans handed to visitors must outlive the call, so they point
// here, never into the validator's own buffers.
inline constexpr ValType kSingleValTypes[] = {ValType::I32,      ValType::I64,  ValType::F32,
                                              ValType::F64,      ValType::V128, ValType::FuncRef,
                                              ValType::ExternRef};

inline std::span<const ValType> singleValType(ValType type) {
  for (const ValType& t : kSingleValTypes) {
    if (t == type) return {&t, 1};
  }
  return {};
}

}  // namespace ember
