#include "runtime/format/utf8.h"

namespace ember {

namespace {

// Length of the sequence a lead byte starts (2..4), or 0 for a byte that
// cannot start one (a continuation byte, or 0xF8 and above).
size_t sequenceLength(uint8_t lead) {
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 0;
}

// Decodes one multi-byte sequence of `len` bytes and checks the code point
// it yields is the shortest encoding of a scalar value (spec 5.2.4).
bool isValidSequence(const uint8_t* p, size_t len) {
  static constexpr uint32_t kMinCodePoint[5] = {0, 0, 0x80, 0x800, 0x10000};
  uint32_t cp = p[0] & (0x7F >> len);
  for (size_t k = 1; k < len; ++k) {
    if ((p[k] & 0xC0) != 0x80) return false;
    cp = (cp << 6) | (p[k] & 0x3F);
  }
  if (cp < kMinCodePoint[len] || cp > 0x10FFFF) return false;
  return cp < 0xD800 || cp > 0xDFFF;
}

}  // namespace

bool isValidUtf8(std::span<const uint8_t> bytes) {
  const uint8_t* p = bytes.data();
  const uint8_t* end = p + bytes.size();
  while (p < end) {
    if (*p < 0x80) {  // ASCII, the common case
      ++p;
      continue;
    }
    size_t len = sequenceLength(*p);
    if (len == 0 || static_cast<size_t>(end - p) < len || !isValidSequence(p, len)) return false;
    p += len;
  }
  return true;
}

}  // namespace ember
