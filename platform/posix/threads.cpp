// Worker threads (the runtime's parallel compilation) and how many
// processors can run them.
#include <pthread.h>
#include <unistd.h>

#include <new>

#include "platform/ember-platform.h"
#include "platform/posix/errno_status.h"

struct ember_thread {
  pthread_t handle;
  void (*entry)(void*);
  void* argument;
};

namespace {

void* threadMain(void* self) {
  auto* thread = static_cast<ember_thread*>(self);
  thread->entry(thread->argument);
  return nullptr;
}

}  // namespace

extern "C" {

ember_platform_status ember_thread_start(void (*entry)(void*), void* argument,
                                         ember_thread** out_thread) {
  if (entry == nullptr || out_thread == nullptr) return EMBER_PLATFORM_INVALID_ARGUMENT;
  auto* thread = new (std::nothrow) ember_thread{};
  if (thread == nullptr) return EMBER_PLATFORM_OUT_OF_MEMORY;
  thread->entry = entry;
  thread->argument = argument;
  int error = pthread_create(&thread->handle, nullptr, threadMain, thread);
  if (error != 0) {
    delete thread;
    return ember::posix::statusFromErrno(error);
  }
  *out_thread = thread;
  return EMBER_PLATFORM_OK;
}

void ember_thread_join(ember_thread* thread) {
  if (thread == nullptr) return;
  pthread_join(thread->handle, nullptr);
  delete thread;
}

uint32_t ember_processor_count(void) {
  long online = sysconf(_SC_NPROCESSORS_ONLN);
  return online > 0 ? static_cast<uint32_t>(online) : 1;
}

}  // extern "C"
