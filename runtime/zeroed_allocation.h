// Zero-filled blocks for the runtime's large buffers (the interpreter's
// value stack, C API vectors). With the POSIX platform they come from
// calloc, whose large blocks are fresh zero pages touched only as they are
// used (a 64 MiB value stack costs what the guest uses). On a custom
// platform (EMBER_PLATFORM=custom) everything comes from the platform's
// heap (ember_heap_alloc), and the block is cleared here. Header-only:
// the interpreter and the C API both use it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "platform/ember-platform.h"

namespace ember {

// nullptr when `count * size` overflows or the heap is exhausted.
inline void* allocateZeroed(size_t count, size_t size) {
#if EMBER_PLATFORM_CUSTOM
  if (size != 0 && count > SIZE_MAX / size) return nullptr;
  size_t bytes = count * size;
  void* block = ember_heap_alloc(bytes == 0 ? 1 : bytes, alignof(std::max_align_t));
  if (block) std::memset(block, 0, bytes);
  return block;
#else
  return std::calloc(count, size);
#endif
}

// Frees a block from allocateZeroed; nullptr is a no-op.
inline void freeZeroed(void* block) {
#if EMBER_PLATFORM_CUSTOM
  ember_heap_free(block);
#else
  std::free(block);
#endif
}

}  // namespace ember
