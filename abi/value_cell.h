// The 16-byte value cell: how one wasm value crosses between the runtime and
// an engine (host-call arguments and results, globals). Holds the raw bits
// of any value type: NaN payloads survive, refs are pointers.
#pragma once

#include <cstdint>
#include <cstring>

namespace ember {

struct alignas(16) ValueCell {
  uint64_t lo = 0;  // i32 (low 32 bits), i64, f32 bits (low 32), f64 bits, ref pointer
  uint64_t hi = 0;  // upper half of a v128

  uint32_t i32() const { return static_cast<uint32_t>(lo); }
  uint64_t i64() const { return lo; }
  void* ref() const {
    void* p;
    std::memcpy(&p, &lo, sizeof p);
    return p;
  }
  static ValueCell fromBits(uint64_t bits) { return ValueCell{bits, 0}; }
  static ValueCell fromRef(const void* p) {
    ValueCell c;
    std::memcpy(&c.lo, &p, sizeof p);
    return c;
  }
};
static_assert(sizeof(ValueCell) == 16);
static_assert(sizeof(void*) <= sizeof(uint64_t));

}  // namespace ember
