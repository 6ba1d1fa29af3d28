// Tells whether an action faults (SIGSEGV or SIGBUS), by running it under a
// temporary handler that jumps back out. For checking page protections.
#pragma once

#include <setjmp.h>
#include <signal.h>

#include <cstddef>
#include <cstdint>
#include <functional>

#include "platform/ember-platform.h"

namespace ember::test {

// The granule of the protections probed.
inline size_t page() { return ember_page_size(); }

inline sigjmp_buf& probeJumpBuffer() {
  thread_local sigjmp_buf buffer;
  return buffer;
}

inline void jumpOutOfFault(int) { siglongjmp(probeJumpBuffer(), 1); }

// Replaces the SIGSEGV/SIGBUS handlers (Ember's included) while `action`
// runs, and puts them back afterwards. Not for concurrent use.
inline bool faults(const std::function<void()>& action) {
  struct sigaction probe = {};
  probe.sa_handler = jumpOutOfFault;
  sigemptyset(&probe.sa_mask);
  struct sigaction oldSegv, oldBus;
  sigaction(SIGSEGV, &probe, &oldSegv);
  sigaction(SIGBUS, &probe, &oldBus);
  volatile bool faulted = false;
  if (sigsetjmp(probeJumpBuffer(), 1) == 0) {
    action();
  } else {
    faulted = true;
  }
  sigaction(SIGSEGV, &oldSegv, nullptr);
  sigaction(SIGBUS, &oldBus, nullptr);
  return faulted;
}

inline bool readFaults(const void* address) {
  return faults([address] { (void)*static_cast<const volatile uint8_t*>(address); });
}

inline bool writeFaults(void* address) {
  return faults([address] { *static_cast<volatile uint8_t*>(address) = 0x5A; });
}

}  // namespace ember::test
