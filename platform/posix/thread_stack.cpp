// The calling thread's stack bounds, from which the runtime derives the
// stack limit that JIT prologues compare against (DESIGN decision 5).
#include <pthread.h>

#include "platform/ember-platform.h"
#include "platform/posix/errno_status.h"

extern "C" ember_platform_status ember_thread_stack_bounds(uintptr_t* out_low, size_t* out_size) {
  if (out_low == nullptr || out_size == nullptr) return EMBER_PLATFORM_INVALID_ARGUMENT;
  // For the main thread glibc derives the size from RLIMIT_STACK and
  // /proc/self/maps; for other threads it is the pthread stack minus its
  // guard. Either way pthread_attr_getstack yields the lowest usable byte.
  pthread_attr_t attr;
  int error = pthread_getattr_np(pthread_self(), &attr);
  if (error != 0) return ember::posix::statusFromErrno(error);
  void* low = nullptr;
  size_t size = 0;
  error = pthread_attr_getstack(&attr, &low, &size);
  pthread_attr_destroy(&attr);
  if (error != 0) return ember::posix::statusFromErrno(error);
  *out_low = reinterpret_cast<uintptr_t>(low);
  *out_size = size;
  return EMBER_PLATFORM_OK;
}
