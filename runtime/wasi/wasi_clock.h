// Internal to runtime/wasi: WASI clock ids as host clocks, shared by the
// clock calls and poll_oneoff's clock subscriptions.
#pragma once

#include <time.h>

#include <cstdint>

namespace ember::wasi {

// false for an id preview 1 does not define (the call returns EINVAL).
bool hostClockOf(uint32_t wasiClock, clockid_t& out);
uint64_t toNanoseconds(const timespec& ts);

}  // namespace ember::wasi
