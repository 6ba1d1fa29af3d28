// A bounds-checked cursor over module bytes with the spec's LEB128 rules
// (spec 5.2.2): at most ceil(N/7) bytes, and unused bits of the last byte
// must be zero (unsigned) or a sign extension (signed).
//
// The reader never fails loudly: a failed read sets a sticky `failed()`
// flag, records what and where, and returns 0, so decoders can read a run of
// fields and check once. Hot paths are inline; the one-byte LEB case is the
// common one and takes a single branch.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>

#include "runtime/format/error.h"
#include "runtime/format/hot_inline.h"

namespace ember {

class Reader {
 public:
  // `base` is the offset of `bytes[0]` within the module, so error offsets
  // are module offsets even for a reader over one section or body.
  Reader(std::span<const uint8_t> bytes, uint32_t base = 0)
      : start_(bytes.data()), pos_(bytes.data()), end_(bytes.data() + bytes.size()), base_(base) {}

  bool failed() const { return error_ != nullptr; }
  // What failed (a spec-style phrase such as "unexpected end"), or nullptr.
  const char* error() const { return error_; }
  // Module offset of the failed read.
  uint32_t errorOffset() const { return errorOffset_; }

  bool atEnd() const { return pos_ >= end_; }
  size_t remaining() const { return static_cast<size_t>(end_ - pos_); }
  uint32_t offset() const { return base_ + static_cast<uint32_t>(pos_ - start_); }
  const uint8_t* position() const { return pos_; }

  // Marks the reader failed at the current offset (first failure wins).
  void fail(ErrorText what) { failAt(what, pos_); }

  uint8_t readU8() {
    if (pos_ >= end_) [[unlikely]]
      return failAt("unexpected end", pos_), 0;
    return *pos_++;
  }
  uint8_t peekU8() const { return pos_ < end_ ? *pos_ : 0; }

  uint32_t readFixedU32() {
    if (remaining() < 4) return failAt("unexpected end", pos_), 0;
    uint32_t v;
    std::memcpy(&v, pos_, 4);  // little-endian hosts only (x86-64, AArch64)
    pos_ += 4;
    return v;
  }
  uint64_t readFixedU64() {
    if (remaining() < 8) return failAt("unexpected end", pos_), 0;
    uint64_t v;
    std::memcpy(&v, pos_, 8);
    pos_ += 8;
    return v;
  }

  // One- and two-byte encodings inline (indices, small constants and
  // offsets); two bytes carry 14 bits, which no limit of a 32-bit LEB
  // can reject. Inlined by force (hot_inline.h): GCC left it out of the
  // validator's loop, its hottest caller, once that loop's inlining budget
  // was spent (0.5% of compile time on sqlite3).
  EMBER_HOT_INLINE uint32_t readVarU32() {
    if (pos_ < end_ && *pos_ < 0x80) return *pos_++;
    if (end_ - pos_ >= 2 && pos_[1] < 0x80) {
      uint32_t v = (pos_[0] & 0x7Fu) | (uint32_t{pos_[1]} << 7);
      pos_ += 2;
      return v;
    }
    return static_cast<uint32_t>(readLebSlow(32, false));
  }
  int32_t readVarS32() {
    if (pos_ < end_ && *pos_ < 0x40) return *pos_++;
    if (end_ - pos_ >= 2 && pos_[1] < 0x80 && pos_[0] >= 0x80) {
      // 14 bits, sign-extended from bit 13.
      uint32_t v = (pos_[0] & 0x7Fu) | (uint32_t{pos_[1]} << 7);
      pos_ += 2;
      return static_cast<int32_t>(v << 18) >> 18;
    }
    return static_cast<int32_t>(readLebSlow(32, true));
  }
  uint64_t readVarU64() {
    if (pos_ < end_ && *pos_ < 0x80) return *pos_++;
    return readLebSlow(64, false);
  }
  int64_t readVarS64() {
    if (pos_ < end_ && *pos_ < 0x40) return *pos_++;
    return static_cast<int64_t>(readLebSlow(64, true));
  }
  // Signed 33-bit (block types, spec 5.4.1), returned in an int64.
  int64_t readVarS33() {
    if (pos_ < end_ && *pos_ < 0x40) return *pos_++;
    return static_cast<int64_t>(readLebSlow(33, true));
  }

  // Returns `n` bytes and advances, or fails (and returns an empty span)
  // when fewer remain. Never allocates, whatever `n` claims.
  std::span<const uint8_t> readBytes(uint64_t n) {
    if (n > remaining()) return failAt("unexpected end", pos_), std::span<const uint8_t>();
    std::span<const uint8_t> out(pos_, static_cast<size_t>(n));
    pos_ += n;
    return out;
  }
  void skip(uint64_t n) { (void)readBytes(n); }

 private:
  // Out of line and cold: the read functions stay small enough to inline
  // into the validator's loop.
  [[gnu::cold, gnu::noinline]] void failAt(ErrorText what, const uint8_t* where) {
    if (error_) return;
    error_ = what.c_str();  // never null: failed() tests it
    errorOffset_ = base_ + static_cast<uint32_t>(where - start_);
    pos_ = end_;  // stop any loop that reads on
  }

  [[gnu::noinline]] uint64_t readLebSlow(unsigned bits, bool isSigned) {
    const uint8_t* begin = pos_;
    uint64_t result = 0;
    unsigned shift = 0;
    const unsigned maxBytes = (bits + 6) / 7;
    for (unsigned i = 0;; ++i) {
      if (pos_ >= end_) return failAt("unexpected end", begin), 0;
      uint8_t byte = *pos_++;
      if (i + 1 == maxBytes) {
        // Last allowed byte: no continuation, and the bits beyond `bits`
        // must be zero (unsigned) or copies of the sign bit (signed).
        if (byte & 0x80) return failAt("integer representation too long", begin), 0;
        unsigned used = bits - shift;  // payload bits this byte may carry
        if (used < 7) {
          uint8_t extra = static_cast<uint8_t>(byte & 0x7F) >> used;
          if (isSigned) {
            bool signBit = (byte >> (used - 1)) & 1;
            uint8_t expect = signBit ? static_cast<uint8_t>(0x7F >> used) : 0;
            if (extra != expect) return failAt("integer too large", begin), 0;
          } else if (extra != 0) {
            return failAt("integer too large", begin), 0;
          }
        }
      }
      result |= static_cast<uint64_t>(byte & 0x7F) << shift;
      shift += 7;
      if (!(byte & 0x80)) {
        if (isSigned && shift < 64 && (byte & 0x40)) result |= ~uint64_t{0} << shift;
        return result;
      }
    }
  }

  const uint8_t* start_;
  const uint8_t* pos_;
  const uint8_t* end_;
  uint32_t base_;
  const char* error_ = nullptr;
  uint32_t errorOffset_ = 0;
};

}  // namespace ember
