#include "runtime/native_stack.h"

#include <cstddef>

#include "platform/ember-platform.h"
#include "runtime/threading.h"

namespace ember {
namespace {

uintptr_t computeStackLimit() {
  uintptr_t low = 0;
  size_t size = 0;
  if (ember_thread_stack_bounds(&low, &size) == EMBER_PLATFORM_OK && size > 2 * kHostStackMargin)
    return low + kHostStackMargin;
  if (size) return low + size / 4;
  // Unknown bounds: allow 1 MiB below the current frame.
  return currentStackPointer() - (uintptr_t{1} << 20);
}

}  // namespace

uintptr_t nativeStackLimit() {
  EMBER_PER_THREAD uintptr_t limit = computeStackLimit();
  return limit;
}

}  // namespace ember
