// The frame of a JIT-compiled wasm function, as generated code builds it
// and the runtime reads it (trap backtraces, host calls). Offsets are from
// the frame pointer; the stack grows down.
//
//   fp + 8        return address into the caller (x86-64 `call`, AArch64 x30)
//   fp + 0        the caller's frame pointer (`push rbp` / `stp x29, x30`)
//   fp - 8        the VMContext of this function (restored after calls that
//                 switch instances)
//   fp - 16       the VMFunction* of a pending indirect/imported call
//   fp - 24 ...   locals, parameters first, one 8-byte slot each
//   ...           canonical slots of operand stack positions (spills)
#pragma once

#include <cstdint>

namespace ember::frame_layout {

constexpr int32_t kReturnAddress = 8;
constexpr int32_t kCallerFramePointer = 0;
constexpr int32_t kContextSlot = -8;
constexpr int32_t kCalleeSlot = -16;
constexpr int32_t kFirstLocalSlot = -24;
constexpr int32_t kSlotBytes = 8;

}  // namespace ember::frame_layout
