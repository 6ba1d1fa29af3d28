// Internal to runtime/wasi: WASI calls that block (poll_oneoff sleeps and
// waits, reads and writes on pipes and terminals) stay bounded by the limits
// of the store that called them, as wasm code is: an epoch deadline
// (`ember run --timeout`) ends the call with the trap "interrupted", and with
// fuel on, time spent blocked burns fuel until "out of fuel".
#pragma once

#include <cstdint>
#include <optional>

#include "runtime/format/error.h"
#include "runtime/wasi/wasi_context.h"

namespace ember::wasi {

// Longest one wait lasts before the deadline is looked at again: the
// latency with which a deadline reached during a sleep ends it. Only with
// epoch interruption on; otherwise a wait is one host call, as before.
inline constexpr uint64_t kLimitCheckIntervalNs = 10'000'000;  // 10 ms
// With fuel on, a blocked call burns one unit of fuel per microsecond, so
// a fuel-limited guest cannot sleep or wait for input forever: a budget of
// N units allows at most N microseconds blocked in all (plus its compute).
inline constexpr uint64_t kNanosecondsPerFuelUnit = 1000;

// The limits of the calling store, read once per wait.
class BlockingLimits {
 public:
  explicit BlockingLimits(Store* store);
  // True when any limit applies (else waits are not sliced at all).
  bool bounded() const { return epoch_ || fuel_; }
  // How long the next wait may last when `wantedNs` is left to wait.
  uint64_t sliceNs(uint64_t wantedNs) const;
  // Charges `elapsedNs` blocked to fuel; the trap when the store's deadline
  // has passed, or fuel is spent and `stillWaiting`.
  std::optional<Error> account(uint64_t elapsedNs, bool stillWaiting);

 private:
  Store* store_;
  bool epoch_ = false;
  bool fuel_ = false;
  uint64_t fuelLeft_ = 0;
};

enum class WaitEnd { Ready, TimedOut, Stopped };

uint64_t monotonicNowNs();

// Calls `waitOnce(sliceNs)` — which blocks at most sliceNs (UINT64_MAX: no
// limit) and returns true once what it waits for is ready — until it is
// ready, `timeoutNs` has passed (UINT64_MAX: never) or a limit ends the
// call: then the trap is raised on `ctx` (the host function returns it)
// and the result is Stopped.
template <typename WaitOnce>
WaitEnd waitBounded(WasiContext& ctx, uint64_t timeoutNs, WaitOnce waitOnce) {
  BlockingLimits limits(ctx.callStore());
  uint64_t start = monotonicNowNs();
  for (;;) {
    if (auto trap = limits.account(0, false)) {
      ctx.raiseTrap(std::move(*trap));
      return WaitEnd::Stopped;
    }
    uint64_t waited = monotonicNowNs() - start;
    uint64_t left =
        timeoutNs == UINT64_MAX ? UINT64_MAX : (timeoutNs > waited ? timeoutNs - waited : 0);
    uint64_t slice = limits.sliceNs(left);
    uint64_t before = monotonicNowNs();
    bool ready = waitOnce(slice);
    bool timedOut = !ready && slice >= left;
    if (auto trap = limits.account(monotonicNowNs() - before, !ready && !timedOut)) {
      ctx.raiseTrap(std::move(*trap));
      return WaitEnd::Stopped;
    }
    if (ready) return WaitEnd::Ready;
    if (timedOut) return WaitEnd::TimedOut;
  }
}

}  // namespace ember::wasi
