// Transparent huge pages on Linux: a 2 MiB-aligned block of anonymous
// memory is backed by one huge page when its mapping is advised so
// (madvise(MADV_HUGEPAGE)). Elsewhere kHugePage is 0: nothing is aligned
// for them.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdint>

namespace ember::posix {

#if defined(__linux__) && defined(MADV_HUGEPAGE)
inline constexpr size_t kHugePage = size_t{2} << 20;
#else
inline constexpr size_t kHugePage = 0;
#endif

// `alignment` is a power of two.
inline uintptr_t alignUp(uintptr_t value, size_t alignment) {
  return (value + alignment - 1) & ~uintptr_t{alignment - 1};
}

}  // namespace ember::posix
