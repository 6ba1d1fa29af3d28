// The host thread's native stack as wasm execution may use it: the lowest
// address a host->wasm entry may start below (DESIGN decision 5: stack
// exhaustion is a compare, never a crash). Both engines check it on every
// host->wasm entry, so a host function that calls back into wasm on a small
// thread stack gets "call stack exhausted" instead of overflowing.
#pragma once

#include <cstdint>

namespace ember {

// Stack kept free below the limit for what runs without a check: builtins,
// the trap builtin, host functions and the runtime's own frames.
constexpr uintptr_t kHostStackMargin = uintptr_t{256} << 10;

// This thread's limit: its stack's low end plus kHostStackMargin (a quarter
// of the stack when the stack is smaller than twice that). Cached per thread.
uintptr_t nativeStackLimit();

// The current stack pointer, near enough (this frame's address).
inline uintptr_t currentStackPointer() {
  return reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
}

}  // namespace ember
