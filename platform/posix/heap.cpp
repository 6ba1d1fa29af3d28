// The heap on POSIX: the C library's allocator. aligned_alloc wants a size
// that is a multiple of the alignment, so the size is rounded up.
#include <cstdlib>

#include "platform/ember-platform.h"

extern "C" void* ember_heap_alloc(size_t size, size_t alignment) {
  if (alignment < sizeof(void*)) alignment = sizeof(void*);
  size_t rounded = (size + alignment - 1) & ~(alignment - 1);
  if (rounded < size) return nullptr;  // overflow
  return std::aligned_alloc(alignment, rounded == 0 ? alignment : rounded);
}

extern "C" void ember_heap_free(void* block) { std::free(block); }
