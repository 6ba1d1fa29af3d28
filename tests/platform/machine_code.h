// Hand-assembled machine code for the platform tests, for the host
// architecture, and a sealed code region that holds it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <stdexcept>
#include <vector>

#include "platform/ember-platform.h"

namespace ember::test {

using Bytes = std::vector<uint8_t>;

#if defined(__aarch64__)
// AArch64 instructions are 32-bit little-endian words.
inline Bytes words(std::initializer_list<uint32_t> instructions) {
  Bytes bytes;
  for (uint32_t word : instructions) {
    for (int shift = 0; shift < 32; shift += 8) bytes.push_back(uint8_t(word >> shift));
  }
  return bytes;
}
#endif

// int f(void) { return 42; }
inline Bytes returnFortyTwo() {
#if defined(__x86_64__)
  return {0xB8, 0x2A, 0x00, 0x00, 0x00,  // mov eax, 42
          0xC3};                         // ret
#elif defined(__aarch64__)
  return words({0x52800540,    // mov w0, #42
                0xD65F03C0});  // ret
#endif
}

// uint64_t f(const uint32_t* p) { return *p; } — the load is the first
// instruction, so a fault there has the stub's start as its PC and the
// caller's return address still where a `ret` finds it.
inline Bytes loadThroughArg0() {
#if defined(__x86_64__)
  return {0x8B, 0x07,  // mov eax, [rdi]
          0xC3};       // ret
#elif defined(__aarch64__)
  return words({0xB9400000,    // ldr w0, [x0]
                0xD65F03C0});  // ret
#endif
}

// Where a claimed fault resumes. Stores the frame pointer it was given into
// arg1[0], reloads the caller's frame pointer from arg1[1], returns arg0:
// so a test sees every register the handler set (pc, sp, fp, arg0, arg1).
inline Bytes landingPad() {
#if defined(__x86_64__)
  return {0x48, 0x89, 0x2E,        // mov [rsi], rbp
          0x48, 0x8B, 0x6E, 0x08,  // mov rbp, [rsi + 8]
          0x48, 0x89, 0xF8,        // mov rax, rdi
          0xC3};                   // ret
#elif defined(__aarch64__)
  return words({0xF900003D,    // str x29, [x1]
                0xF940043D,    // ldr x29, [x1, #8]
                0xD65F03C0});  // ret (x0 already holds arg0)
#endif
}

// void f(void) { trap; } — an undefined instruction (SIGILL).
inline Bytes illegalInstruction() {
#if defined(__x86_64__)
  return {0x0F, 0x0B};  // ud2
#elif defined(__aarch64__)
  return words({0x00000000});  // udf #0
#endif
}

#if defined(__x86_64__)
// int32_t f(int32_t a, int32_t b) { return a / b; } with x86's faulting
// idiv (SIGFPE on b == 0 and on INT32_MIN / -1).
inline Bytes divide() {
  return {0x89, 0xF8,  // mov eax, edi
          0x99,        // cdq
          0xF7, 0xFE,  // idiv esi
          0xC3};       // ret
}
#endif

// A sealed code region holding stubs at 16-byte aligned offsets.
class StubRegion {
 public:
  explicit StubRegion(std::initializer_list<Bytes> stubs) {
    size_t used = 0;
    for (const Bytes& stub : stubs) used = align(used) + stub.size();
    if (ember_code_region_alloc(used, &region_) != EMBER_PLATFORM_OK) {
      throw std::runtime_error("ember_code_region_alloc failed");
    }
    uint8_t* start = ember_code_region_start(region_);
    size_t offset = 0;
    for (const Bytes& stub : stubs) {
      offset = align(offset);
      std::memcpy(start + offset, stub.data(), stub.size());
      starts_.push_back(start + offset);
      offset += stub.size();
    }
    end_ = start + used;
    if (ember_code_region_seal(region_, used) != EMBER_PLATFORM_OK) {
      throw std::runtime_error("ember_code_region_seal failed");
    }
  }
  ~StubRegion() { ember_code_region_free(region_); }
  StubRegion(const StubRegion&) = delete;
  StubRegion& operator=(const StubRegion&) = delete;

  uintptr_t address(size_t index) const { return reinterpret_cast<uintptr_t>(starts_.at(index)); }
  template <typename Function>
  Function function(size_t index) const {
    return reinterpret_cast<Function>(starts_.at(index));
  }
  bool contains(uintptr_t pc) const {
    return pc >= address(0) && pc < reinterpret_cast<uintptr_t>(end_);
  }

 private:
  static size_t align(size_t offset) { return (offset + 15) & ~size_t{15}; }

  ember_code_region* region_ = nullptr;
  std::vector<uint8_t*> starts_;
  uint8_t* end_ = nullptr;
};

}  // namespace ember::test
