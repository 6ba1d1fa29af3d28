// Bounds-checked access to a guest's linear memory for WASI calls: every
// pointer and length the guest passes is checked against the memory's
// current size before the host touches it (EFAULT otherwise, never a host
// fault). WASI values are little-endian (witx), as is every host we build for.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "runtime/memory.h"

namespace ember::wasi {

static_assert(std::endian::native == std::endian::little, "WASI structs are little-endian");

class GuestMemory {
 public:
  explicit GuestMemory(Memory* memory) : memory_(memory) {}

  // The host address of [ptr, ptr + len), or nullptr when any of it lies
  // outside the memory (or there is no memory).
  uint8_t* range(uint32_t ptr, uint64_t len) const {
    if (!memory_) return nullptr;
    uint64_t size = memory_->size();
    if (ptr > size || len > size - ptr) return nullptr;
    return memory_->data() + ptr;
  }

  template <typename T>
  bool load(uint32_t ptr, T& out) const {
    const uint8_t* p = range(ptr, sizeof(T));
    if (!p) return false;
    std::memcpy(&out, p, sizeof(T));
    return true;
  }

  template <typename T>
  bool store(uint32_t ptr, T value) const {
    uint8_t* p = range(ptr, sizeof(T));
    if (!p) return false;
    std::memcpy(p, &value, sizeof(T));
    return true;
  }

  // A guest string (pointer, byte length); false when out of range.
  bool string(uint32_t ptr, uint32_t len, std::string_view& out) const {
    const uint8_t* p = range(ptr, len);
    if (!p) return false;
    out = std::string_view(reinterpret_cast<const char*>(p), len);
    return true;
  }

 private:
  Memory* memory_;
};

}  // namespace ember::wasi
