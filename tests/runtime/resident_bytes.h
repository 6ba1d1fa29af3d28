// How much of a range of memory is in RAM now (mincore), for tests that
// check that memory the runtime allocated stays untouched until used.
#pragma once

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ember::test {

inline size_t residentBytes(const void* data, size_t size) {
  const auto page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  const auto begin = reinterpret_cast<uintptr_t>(data);
  const uintptr_t start = begin & ~(page - 1);
  const size_t pages = (begin + size - start + page - 1) / page;
  std::vector<unsigned char> resident(pages);
  if (mincore(reinterpret_cast<void*>(start), pages * page, resident.data()) != 0) return SIZE_MAX;
  size_t count = 0;
  for (unsigned char r : resident) count += r & 1;
  return count * page;
}

}  // namespace ember::test
#endif
