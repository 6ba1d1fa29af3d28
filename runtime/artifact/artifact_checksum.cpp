#include "runtime/artifact/artifact_checksum.h"

#include <cstring>

namespace ember {

namespace {

constexpr uint64_t kMultiplier = 0x9E3779B97F4A7C15ull;  // odd: multiplication is invertible

uint64_t mix(uint64_t state, uint64_t word) {
  uint64_t x = (state ^ word) * kMultiplier;
  return (x << 29) | (x >> 35);
}

uint64_t absorbWords(uint64_t state, std::span<const uint8_t> bytes, size_t& used) {
  used = 0;
  for (; used + 8 <= bytes.size(); used += 8) {
    uint64_t word;
    std::memcpy(&word, bytes.data() + used, 8);
    state = mix(state, word);
  }
  return state;
}

}  // namespace

uint64_t artifactChecksumOfParts(std::span<const uint8_t> head, std::span<const uint8_t> rest) {
  uint64_t state = 0x6A09E667F3BCC909ull ^ (head.size() + rest.size());
  size_t used = 0;
  state = absorbWords(state, head, used);  // all of head: its size is a multiple of 8
  state = absorbWords(state, rest, used);
  uint64_t tail = 0;
  if (used < rest.size()) std::memcpy(&tail, rest.data() + used, rest.size() - used);
  // The length is in the seed, so trailing zero bytes still count.
  state = mix(state, tail);
  return state ^ (state >> 31);
}

uint64_t artifactChecksum(std::span<const uint8_t> bytes) { return artifactChecksumOfParts({}, bytes); }

}  // namespace ember
