// Per-thread alternate signal stacks. The trap handler runs with SA_ONSTACK,
// and sigaltstack is per thread, so every thread that runs wasm gets its own
// (DESIGN decision 7) unless it already has one big enough (e.g. from
// AddressSanitizer, which gives each thread one).
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>

#include "platform/ember-platform.h"
#include "platform/posix/errno_status.h"

namespace {

// The handler itself needs little, but a previous handler we chain to (a
// crash reporter, a sanitizer printing a report) may need much more.
constexpr size_t kMinimumSignalStackSize = 64 * 1024;

struct SignalStack {
  bool initialized;
  char* mapping;  // guard page + stack; null when we kept an existing stack
  size_t mappingSize;
  stack_t previous;  // the thread's alternate stack before ours
};

thread_local SignalStack threadStack = {};

pthread_key_t exitKey;
pthread_once_t exitKeyOnce = PTHREAD_ONCE_INIT;
bool exitKeyCreated = false;

// A thread that exits without ember_thread_teardown still frees its stack.
void teardownAtThreadExit(void*) { ember_thread_teardown(); }

void createExitKey() { exitKeyCreated = pthread_key_create(&exitKey, teardownAtThreadExit) == 0; }

void teardownWhenThreadExits() {
  pthread_once(&exitKeyOnce, createExitKey);
  // Any non-null value makes the destructor run.
  if (exitKeyCreated) pthread_setspecific(exitKey, &threadStack);
}

size_t signalStackSize() {
  size_t size = kMinimumSignalStackSize;
#ifdef _SC_SIGSTKSZ
  // Large vector state (AArch64 SVE, x86 AVX-512) makes signal frames grow;
  // the kernel reports what a frame needs.
  long osMinimum = sysconf(_SC_SIGSTKSZ);
  if (osMinimum > 0 && static_cast<size_t>(osMinimum) * 4 > size) {
    size = static_cast<size_t>(osMinimum) * 4;
  }
#endif
  size_t page = ember_page_size();
  return (size + page - 1) & ~(page - 1);
}

// Maps a stack with an inaccessible guard page below it: overflowing the
// signal stack faults instead of corrupting memory.
ember_platform_status mapSignalStack(size_t size) {
  size_t page = ember_page_size();
  void* mapping = nullptr;
  ember_platform_status status = ember_vm_reserve(page + size, &mapping);
  if (status != EMBER_PLATFORM_OK) return status;
  char* stack = static_cast<char*>(mapping) + page;
  status = ember_vm_commit(stack, size);
  if (status != EMBER_PLATFORM_OK) {
    ember_vm_release(mapping, page + size);
    return status;
  }
  threadStack.mapping = static_cast<char*>(mapping);
  threadStack.mappingSize = page + size;
  return EMBER_PLATFORM_OK;
}

}  // namespace

extern "C" {

ember_platform_status ember_thread_init(void) {
  if (threadStack.initialized) return EMBER_PLATFORM_OK;
  stack_t existing;
  if (sigaltstack(nullptr, &existing) != 0) return ember::posix::statusFromErrno(errno);
  size_t size = signalStackSize();
  bool keepExisting = !(existing.ss_flags & SS_DISABLE) && existing.ss_size >= size;
  if (!keepExisting) {
    ember_platform_status status = mapSignalStack(size);
    if (status != EMBER_PLATFORM_OK) return status;
    stack_t ours = {};
    ours.ss_sp = threadStack.mapping + ember_page_size();
    ours.ss_size = size;
    if (sigaltstack(&ours, nullptr) != 0) {
      int error = errno;
      ember_vm_release(threadStack.mapping, threadStack.mappingSize);
      threadStack.mapping = nullptr;
      return ember::posix::statusFromErrno(error);
    }
  }
  threadStack.previous = existing;
  threadStack.initialized = true;
  teardownWhenThreadExits();
  return EMBER_PLATFORM_OK;
}

void ember_thread_teardown(void) {
  if (!threadStack.initialized) return;
  threadStack.initialized = false;
  if (exitKeyCreated) pthread_setspecific(exitKey, nullptr);
  if (threadStack.mapping == nullptr) return;
  char* oursStart = threadStack.mapping + ember_page_size();
  stack_t current;
  if (sigaltstack(nullptr, &current) != 0) return;
  // Leave a stack someone installed after ours alone; only free ours once
  // the thread no longer uses it (sigaltstack fails while running on it).
  if (current.ss_sp == oursStart) {
    stack_t restore = threadStack.previous;
    if (restore.ss_flags & SS_DISABLE) {
      restore.ss_sp = nullptr;
      restore.ss_size = 0;
      restore.ss_flags = SS_DISABLE;
    }
    if (sigaltstack(&restore, nullptr) != 0) return;  // leak rather than unmap a live stack
  }
  ember_vm_release(threadStack.mapping, threadStack.mappingSize);
  threadStack.mapping = nullptr;
}

}  // extern "C"
