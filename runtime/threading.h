// What the runtime needs of threads: a lock around state that several
// threads may share (an Engine is shareable, DESIGN decision 7: the type
// registry; the process-wide profiler and debugger registrations), and
// per-thread storage (the native stack limit), and worker threads for
// work shared by threads (parallel compilation). A custom
// platform (EMBER_PLATFORM=custom) runs Ember on one thread and offers
// neither a lock nor, necessarily, compiler TLS (platform/README.md), so
// there the lock is empty, per-thread storage is static and shared work
// runs on the calling thread.
#pragma once

#include <cstdint>

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

// Work shared by threads (parallel compilation): runs work(context) on up
// to `count` threads at once, the caller's among them, and returns when
// every one has returned. Threads the platform cannot start are simply
// fewer workers, so `work` must take its share from a common queue. On a
// custom platform only the calling thread runs it.
void runOnThreads(uint32_t count, void (*work)(void*), void* context);

// The default number of threads for such work: one per processor (1 on a
// custom platform).
uint32_t defaultWorkerThreads();

}  // namespace ember
