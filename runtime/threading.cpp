#include "runtime/threading.h"

#include <vector>

#include "platform/ember-platform.h"

namespace ember {

#if EMBER_PLATFORM_CUSTOM

void runOnThreads(uint32_t, void (*work)(void*), void* context) { work(context); }

uint32_t defaultWorkerThreads() { return 1; }

#else

void runOnThreads(uint32_t count, void (*work)(void*), void* context) {
  std::vector<ember_thread*> helpers;
  for (uint32_t i = 1; i < count; i++) {
    ember_thread* thread = nullptr;
    if (ember_thread_start(work, context, &thread) != EMBER_PLATFORM_OK) break;
    helpers.push_back(thread);
  }
  work(context);
  for (ember_thread* thread : helpers) ember_thread_join(thread);
}

uint32_t defaultWorkerThreads() { return ember_processor_count(); }

#endif

}  // namespace ember
