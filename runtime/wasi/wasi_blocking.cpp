#include "runtime/wasi/wasi_blocking.h"

#include <time.h>

#include <algorithm>

#include "abi/trap_code.h"
#include "runtime/store.h"
#include "runtime/trap.h"
#include "runtime/wasi/wasi_clock.h"

namespace ember::wasi {

uint64_t monotonicNowNs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return toNanoseconds(ts);
}

BlockingLimits::BlockingLimits(Store* store) : store_(store) {
  if (!store_) return;
  const Config& config = store_->engine().config();
  epoch_ = config.epochInterruption;
  if (config.consumeFuel) {
    auto fuel = store_->fuel();
    fuel_ = static_cast<bool>(fuel);
    fuelLeft_ = fuel ? *fuel : 0;
  }
}

uint64_t BlockingLimits::sliceNs(uint64_t wantedNs) const {
  uint64_t slice = wantedNs;
  if (epoch_) slice = std::min(slice, kLimitCheckIntervalNs);
  if (fuel_) {
    uint64_t fuelNs = fuelLeft_ > UINT64_MAX / kNanosecondsPerFuelUnit
                          ? UINT64_MAX
                          : fuelLeft_ * kNanosecondsPerFuelUnit;
    slice = std::min(slice, fuelNs);
  }
  return slice;
}

std::optional<Error> BlockingLimits::account(uint64_t elapsedNs, bool stillWaiting) {
  if (fuel_ && elapsedNs > 0) {
    uint64_t units = (elapsedNs + kNanosecondsPerFuelUnit - 1) / kNanosecondsPerFuelUnit;
    fuelLeft_ = units >= fuelLeft_ ? 0 : fuelLeft_ - units;
    (void)store_->setFuel(fuelLeft_);  // cannot fail: fuel is on
  }
  if (epoch_ && store_->engine().epoch() >= store_->epochDeadline())
    return makeTrapError(TrapCode::Interrupted);
  if (fuel_ && stillWaiting && fuelLeft_ == 0) return makeTrapError(TrapCode::OutOfFuel);
  return std::nullopt;
}

}  // namespace ember::wasi
