// Machine registers as the JIT sees them, independent of the architecture:
// a `Reg` is a class (general-purpose or floating-point/vector) plus the
// hardware encoding, and a `RegisterSet` is a pair of bitsets over them, so
// allocation, spilling and "which registers does a call clobber" are a few
// bit operations (the idea of Winch's regset.rs and Liftoff's LiftoffRegList).
// Each architecture names its registers and conventions in
// jit/<arch>/registers_<arch>.h.
#pragma once

#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>

namespace ember {

enum class RegClass : uint8_t {
  Gp,  // integer and pointer values (i32, i64, references)
  Fp,  // f32, f64 and, later, v128: the vector register file
};

// One machine register. Made only through `gp()`/`fp()` (never from a plain
// integer) so that an immediate can never be passed where a register is meant.
class Reg {
 public:
  static constexpr uint8_t kMaxCode = 32;  // per class; AArch64 has 32 of each

  constexpr Reg() = default;  // "no register"
  static constexpr Reg gp(uint8_t code) { return Reg(code); }
  static constexpr Reg fp(uint8_t code) { return Reg(static_cast<uint8_t>(code | kFpBit)); }

  // The bits are the dense key below (GP codes 0-31, FP codes 32-63), so
  // set membership and per-register tables need no class test.
  constexpr bool isValid() const { return bits_ < kKeys; }
  constexpr bool isGp() const { return bits_ < kFpBit; }
  constexpr bool isFp() const { return (bits_ & ~kCodeMask) == kFpBit; }
  constexpr RegClass regClass() const { return isFp() ? RegClass::Fp : RegClass::Gp; }
  // The hardware encoding within the class (x64: rax = 0 ... r15 = 15).
  constexpr uint8_t code() const { return bits_ & kCodeMask; }
  // A dense index over both classes, for per-register arrays of kKeys.
  static constexpr uint32_t kKeys = 2 * kMaxCode;
  constexpr uint32_t key() const { return bits_; }

  constexpr bool operator==(const Reg&) const = default;

 private:
  static constexpr uint8_t kFpBit = kMaxCode;
  static constexpr uint8_t kCodeMask = kMaxCode - 1;
  static constexpr uint8_t kInvalid = 0xFF;

  constexpr explicit Reg(uint8_t bits) : bits_(bits) {}

  uint8_t bits_ = kInvalid;
};

// A set of registers of both classes: GP registers in the low 32 bits,
// FP registers in the high 32 bits of one word.
class RegisterSet {
 public:
  constexpr RegisterSet() = default;
  constexpr RegisterSet(std::initializer_list<Reg> regs) {
    for (Reg r : regs) add(r);
  }
  static constexpr RegisterSet fromMasks(uint32_t gpMask, uint32_t fpMask) {
    RegisterSet s;
    s.bits_ = uint64_t{gpMask} | (uint64_t{fpMask} << 32);
    return s;
  }

  constexpr bool has(Reg r) const { return r.isValid() && (bits_ & bit(r)) != 0; }
  constexpr void add(Reg r) {
    assert(r.isValid() && r.code() < Reg::kMaxCode);
    bits_ |= bit(r);
  }
  constexpr void remove(Reg r) {
    if (r.isValid()) bits_ &= ~bit(r);
  }

  constexpr bool empty() const { return bits_ == 0; }
  constexpr unsigned count() const { return static_cast<unsigned>(std::popcount(bits_)); }
  constexpr uint32_t gpMask() const { return static_cast<uint32_t>(bits_); }
  constexpr uint32_t fpMask() const { return static_cast<uint32_t>(bits_ >> 32); }
  constexpr RegisterSet gpOnly() const { return fromMasks(gpMask(), 0); }
  constexpr RegisterSet fpOnly() const { return fromMasks(0, fpMask()); }
  constexpr RegisterSet ofClass(RegClass c) const {
    return c == RegClass::Gp ? gpOnly() : fpOnly();
  }

  // The lowest-numbered register (GP before FP); the set must not be empty.
  constexpr Reg first() const {
    assert(!empty());
    unsigned i = static_cast<unsigned>(std::countr_zero(bits_));
    return i < 32 ? Reg::gp(static_cast<uint8_t>(i)) : Reg::fp(static_cast<uint8_t>(i - 32));
  }
  constexpr Reg takeFirst() {
    Reg r = first();
    remove(r);
    return r;
  }

  constexpr RegisterSet operator|(RegisterSet o) const { return raw(bits_ | o.bits_); }
  constexpr RegisterSet operator&(RegisterSet o) const { return raw(bits_ & o.bits_); }
  constexpr RegisterSet operator-(RegisterSet o) const { return raw(bits_ & ~o.bits_); }
  constexpr RegisterSet& operator|=(RegisterSet o) { return *this = *this | o; }
  constexpr RegisterSet& operator&=(RegisterSet o) { return *this = *this & o; }
  constexpr RegisterSet& operator-=(RegisterSet o) { return *this = *this - o; }
  constexpr bool operator==(const RegisterSet&) const = default;

  // Iteration in ascending order: `for (Reg r : set)`.
  class Iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = Reg;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = Reg;

    constexpr Iterator() = default;
    constexpr explicit Iterator(uint64_t bits) : rest_(bits) {}
    constexpr Reg operator*() const { return raw(rest_).first(); }
    constexpr Iterator& operator++() {
      rest_ &= rest_ - 1;
      return *this;
    }
    constexpr Iterator operator++(int) {
      Iterator old = *this;
      ++*this;
      return old;
    }
    constexpr bool operator==(const Iterator&) const = default;

   private:
    uint64_t rest_ = 0;
  };
  constexpr Iterator begin() const { return Iterator(bits_); }
  constexpr Iterator end() const { return Iterator(0); }

 private:
  static constexpr uint64_t bit(Reg r) { return uint64_t{1} << r.key(); }
  static constexpr RegisterSet raw(uint64_t bits) {
    RegisterSet s;
    s.bits_ = bits;
    return s;
  }

  uint64_t bits_ = 0;
};

}  // namespace ember
