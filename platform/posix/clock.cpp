// The monotonic clock, for epoch deadlines and benchmarks.
#include <time.h>

#include "platform/ember-platform.h"

extern "C" uint64_t ember_monotonic_now_ns(void) {
  // CLOCK_MONOTONIC never jumps with wall-clock changes; glibc serves it
  // from the vDSO without a system call.
  timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<uint64_t>(now.tv_sec) * 1000000000u + static_cast<uint64_t>(now.tv_nsec);
}
