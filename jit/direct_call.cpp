#include "jit/direct_call.h"

#include <cstring>

namespace ember {

namespace {

uint32_t fieldMask(uint8_t bitShift, uint8_t bitCount) {
  return (bitCount == 32 ? 0xFFFFFFFFu : ((uint32_t{1} << bitCount) - 1)) << bitShift;
}

bool validField(uint8_t bitShift, uint8_t bitCount) {
  return bitCount != 0 && bitCount <= 32 && bitShift + bitCount <= 32;
}

// Puts `value` (already in range) into the field of the word at `at`.
void insertBits(uint8_t* at, uint8_t bitShift, uint8_t bitCount, uint32_t value) {
  const uint32_t mask = fieldMask(bitShift, bitCount);
  uint32_t word;
  std::memcpy(&word, at, 4);
  word = (word & ~mask) | ((value << bitShift) & mask);
  std::memcpy(at, &word, 4);
}

}  // namespace

bool writeCallDisplacement(std::span<uint8_t> code, const PendingCall& call, uint32_t base,
                           uint32_t target) {
  const CallFormat& f = call.format;
  int64_t displacement =
      int64_t{target} - (int64_t{base} + int64_t{call.instruction} + f.anchorOffset) + f.addend;
  const int64_t unit = int64_t{1} << f.discardBits;
  if (displacement % unit != 0) return false;
  displacement /= unit;
  if (!validField(f.bitShift, f.bitCount)) return false;
  const int64_t limit = int64_t{1} << (f.bitCount - 1);
  if (displacement < -limit || displacement >= limit) return false;
  const size_t at = size_t{base} + call.field();
  if (at + 4 > code.size()) return false;
  insertBits(code.data() + at, f.bitShift, f.bitCount, static_cast<uint32_t>(displacement));
  return true;
}

bool writeCallLink(std::span<uint8_t> code, uint32_t instruction, const CallFormat& format,
                   uint32_t previous) {
  const size_t at = size_t{instruction} + format.fieldOffset;
  if (at + 4 > code.size() || !validField(format.bitShift, format.bitCount)) return false;
  uint64_t link = 0;
  if (previous != kNoCall) link = (uint64_t{previous} >> format.discardBits) + 1;
  if (format.bitCount < 32 && link >= (uint64_t{1} << format.bitCount)) return false;
  if (link > UINT32_MAX) return false;
  insertBits(code.data() + at, format.bitShift, format.bitCount, static_cast<uint32_t>(link));
  return true;
}

uint32_t readCallLink(std::span<const uint8_t> code, uint32_t instruction,
                      const CallFormat& format) {
  const size_t at = size_t{instruction} + format.fieldOffset;
  if (at + 4 > code.size() || !validField(format.bitShift, format.bitCount)) return kNoCall;
  uint32_t word;
  std::memcpy(&word, code.data() + at, 4);
  const uint32_t link = (word & fieldMask(format.bitShift, format.bitCount)) >> format.bitShift;
  if (link == 0) return kNoCall;
  return (link - 1) << format.discardBits;
}

}  // namespace ember
