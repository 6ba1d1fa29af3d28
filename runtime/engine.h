// The Engine: a Config plus what is shared by every module compiled with it
// (the canonical type registry, the epoch counter). Shareable across threads
// (DESIGN decision 7); it must outlive the stores made with it, and the
// modules compiled with it while they are used (one may be destroyed after
// it: sharedTypes).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include "runtime/config.h"
#include "runtime/type_registry.h"

namespace ember {

class ReservationPool;

class Engine {
 public:
  explicit Engine(Config config = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  const Config& config() const { return config_; }
  TypeRegistry& types() { return *types_; }
  // The registry for a compiled module to keep: a module may be destroyed
  // after its engine (the C API lets an embedder delete them in any order),
  // and it gives its type ids back then.
  std::shared_ptr<TypeRegistry> sharedTypes() { return types_; }
  // Where memories take their reservations from (guarded or compact ones,
  // as the engine's code wants); null when the engine keeps none
  // (Config::keptMemoryReservations) or the build has no signals.
#if EMBER_HAVE_SIGNALS
  ReservationPool* memoryReservations() { return reservations_.get(); }
#else
  ReservationPool* memoryReservations() { return nullptr; }
#endif

  // Epoch interruption (Config::epochInterruption): code of every store
  // whose deadline the new value reaches traps "interrupted" at its next
  // function entry or loop header. Thread-safe and async-signal-safe (one
  // lock-free atomic add), so a watchdog thread or a signal handler may call it.
  void incrementEpoch() { epoch_.fetch_add(1, std::memory_order_relaxed); }
  uint64_t epoch() const { return epoch_.load(std::memory_order_relaxed); }
  const std::atomic<uint64_t>* epochCounter() const { return &epoch_; }

 private:
  Config config_;
  std::shared_ptr<TypeRegistry> types_;
#if EMBER_HAVE_SIGNALS
  std::unique_ptr<ReservationPool> reservations_;
#endif
  std::atomic<uint64_t> epoch_{0};
};

}  // namespace ember
