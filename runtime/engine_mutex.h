// The lock around engine-wide state that several threads may share (an
// Engine is shareable, DESIGN decision 7): the type registry. A custom
// platform (EMBER_PLATFORM=custom) runs Ember on one thread and offers no
// lock (platform/README.md), so there the lock is empty.
#pragma once

#if !EMBER_PLATFORM_CUSTOM
#include <mutex>
#endif

namespace ember {

#if EMBER_PLATFORM_CUSTOM
class EngineMutex {
 public:
  void lock() {}
  void unlock() {}
};
#else
using EngineMutex = std::mutex;
#endif

}  // namespace ember
