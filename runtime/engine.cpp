#include "runtime/engine.h"

#if EMBER_HAVE_SIGNALS
#include "runtime/memory.h"
#include "runtime/reservation_pool.h"
#endif

namespace ember {

Engine::Engine(Config config) : config_(config), types_(std::make_shared<TypeRegistry>()) {
#if EMBER_HAVE_SIGNALS
  if (config_.keptMemoryReservations > 0) {
    const bool guarded = memoryLayoutFor(config_) == MemoryLayout::Guarded;
    reservations_ = std::make_unique<ReservationPool>(
        guarded ? Memory::kGuardedReservationBytes : Memory::kPooledCompactReservationBytes,
        config_.keptMemoryReservations);
  }
#endif
}

// Out of line: ReservationPool is complete here.
Engine::~Engine() = default;

}  // namespace ember
