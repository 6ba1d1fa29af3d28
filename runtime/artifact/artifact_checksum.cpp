#include "runtime/artifact/artifact_checksum.h"

#include <cstring>

namespace ember {

namespace {

constexpr uint64_t kMultiplier = 0x9E3779B97F4A7C15ull;  // odd: multiplication is invertible
constexpr size_t kLanes = 4;  // independent chains, so the CPU overlaps them

uint64_t mix(uint64_t state, uint64_t word) {
  uint64_t x = (state ^ word) * kMultiplier;
  return (x << 29) | (x >> 35);
}

uint64_t loadWord(const uint8_t* p) {
  uint64_t word;
  std::memcpy(&word, p, 8);
  return word;
}

// Word i of the input goes into lane i % kLanes.
struct ChecksumState {
  uint64_t lanes[kLanes];
  uint64_t words = 0;

  void absorb(uint64_t word) {
    lanes[words % kLanes] = mix(lanes[words % kLanes], word);
    ++words;
  }
  // Absorbs the whole words of `bytes`; returns how many bytes that was.
  size_t absorbWords(std::span<const uint8_t> bytes) {
    size_t used = 0;
    for (; words % kLanes != 0 && used + 8 <= bytes.size(); used += 8) absorb(loadWord(&bytes[used]));
    for (; used + 8 * kLanes <= bytes.size(); used += 8 * kLanes, words += kLanes) {
      const uint8_t* p = bytes.data() + used;
      lanes[0] = mix(lanes[0], loadWord(p));
      lanes[1] = mix(lanes[1], loadWord(p + 8));
      lanes[2] = mix(lanes[2], loadWord(p + 16));
      lanes[3] = mix(lanes[3], loadWord(p + 24));
    }
    for (; used + 8 <= bytes.size(); used += 8) absorb(loadWord(&bytes[used]));
    return used;
  }
};

}  // namespace

uint64_t artifactChecksumOfParts(std::span<const uint8_t> head, std::span<const uint8_t> rest) {
  uint64_t length = head.size() + rest.size();
  ChecksumState s{{0x6A09E667F3BCC909ull ^ length, 0xBB67AE8584CAA73Bull, 0x3C6EF372FE94F82Bull,
                   0xA54FF53A5F1D36F1ull}};
  s.absorbWords(head);  // all of head: its size is a multiple of 8
  size_t used = s.absorbWords(rest);
  uint64_t tail = 0;
  if (used < rest.size()) std::memcpy(&tail, rest.data() + used, rest.size() - used);
  // The length is in the seed, so trailing zero bytes still count.
  s.absorb(tail);
  // Each step is a bijection of the lane value for a fixed state, so a
  // change in one lane changes the result.
  uint64_t result = length;
  for (uint64_t lane : s.lanes) result = mix(result, lane);
  return result ^ (result >> 31);
}

uint64_t artifactChecksum(std::span<const uint8_t> bytes) { return artifactChecksumOfParts({}, bytes); }

}  // namespace ember
