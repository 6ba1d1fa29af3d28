// What the runtime needs of threads: a lock around state that several
// threads may share (an Engine is shareable, DESIGN decision 7: the type
// registry; the process-wide profiler and debugger registrations), and
// per-thread storage (the native stack limit). A custom
// platform (EMBER_PLATFORM=custom) runs Ember on one thread and offers
// neither a lock nor, necessarily, compiler TLS (platform/README.md), so
// there the lock is empty and per-thread storage is static.
#pragma once

#if !EMBER_PLATFORM_CUSTOM
#include <mutex>
#endif

#if EMBER_PLATFORM_CUSTOM
#define EMBER_PER_THREAD static
#else
#define EMBER_PER_THREAD thread_local
#endif

namespace ember {

#if EMBER_PLATFORM_CUSTOM
class RuntimeMutex {
 public:
  void lock() {}
  void unlock() {}
};
#else
using RuntimeMutex = std::mutex;
#endif

}  // namespace ember
