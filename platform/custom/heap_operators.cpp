// The C++ allocation operators of a custom-platform build: every `new` in
// the runtime (and in the rest of the program: there is one global operator
// new) takes its memory from ember_heap_alloc. The library is built
// without exceptions, so a failed allocation cannot throw: the plain forms
// abort, as operator new does under -fno-exceptions; the runtime's own
// guest-sized allocations use the nothrow forms or the platform heap
// directly and report failure as an error.
#include <cstddef>
#include <cstdlib>
#include <new>

#include "platform/ember-platform.h"

namespace {

void* allocate(std::size_t size, std::size_t alignment) {
  return ember_heap_alloc(size == 0 ? 1 : size, alignment < alignof(std::max_align_t)
                                                    ? alignof(std::max_align_t)
                                                    : alignment);
}

void* allocateOrAbort(std::size_t size, std::size_t alignment) {
  void* block = allocate(size, alignment);
  if (!block) std::abort();
  return block;
}

}  // namespace

void* operator new(std::size_t size) { return allocateOrAbort(size, 0); }
void* operator new[](std::size_t size) { return allocateOrAbort(size, 0); }
void* operator new(std::size_t size, std::align_val_t al) {
  return allocateOrAbort(size, static_cast<std::size_t>(al));
}
void* operator new[](std::size_t size, std::align_val_t al) {
  return allocateOrAbort(size, static_cast<std::size_t>(al));
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept { return allocate(size, 0); }
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept { return allocate(size, 0); }
void* operator new(std::size_t size, std::align_val_t al, const std::nothrow_t&) noexcept {
  return allocate(size, static_cast<std::size_t>(al));
}
void* operator new[](std::size_t size, std::align_val_t al, const std::nothrow_t&) noexcept {
  return allocate(size, static_cast<std::size_t>(al));
}

void operator delete(void* block) noexcept { ember_heap_free(block); }
void operator delete[](void* block) noexcept { ember_heap_free(block); }
void operator delete(void* block, std::size_t) noexcept { ember_heap_free(block); }
void operator delete[](void* block, std::size_t) noexcept { ember_heap_free(block); }
void operator delete(void* block, std::align_val_t) noexcept { ember_heap_free(block); }
void operator delete[](void* block, std::align_val_t) noexcept { ember_heap_free(block); }
void operator delete(void* block, std::size_t, std::align_val_t) noexcept { ember_heap_free(block); }
void operator delete[](void* block, std::size_t, std::align_val_t) noexcept { ember_heap_free(block); }
void operator delete(void* block, const std::nothrow_t&) noexcept { ember_heap_free(block); }
void operator delete[](void* block, const std::nothrow_t&) noexcept { ember_heap_free(block); }
