// The checksum an artifact carries over its whole file (abi/artifact_format.h).
// It catches corruption (a truncated copy, a flipped bit in flash), not
// tampering: it is not cryptographic, and loading trusts the machine code
// of any artifact whose checks pass (DESIGN decision 10).
#pragma once

#include <cstdint>
#include <span>

namespace ember {

// 64-bit hash over 8-byte words in four interleaved lanes (for speed).
// Every step is a bijection of a lane's state for a fixed input word and of
// the word for a fixed state, and the lanes are combined the same way, so
// changing any single word (in particular any single bit) always changes
// the result.
uint64_t artifactChecksum(std::span<const uint8_t> bytes);
// The checksum of `head` followed by `rest` without joining them; `head`'s
// size must be a multiple of 8 (the artifact header, 144 bytes, is).
uint64_t artifactChecksumOfParts(std::span<const uint8_t> head, std::span<const uint8_t> rest);

}  // namespace ember
