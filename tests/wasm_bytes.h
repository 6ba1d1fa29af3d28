// Wasm binaries built byte by byte, for tests whose modules are too large
// or too odd to write as .wat: LEB128 numbers and sections.
#pragma once

#include <cstdint>
#include <vector>

namespace ember::test {

using Bytes = std::vector<uint8_t>;

inline void append(Bytes& out, const Bytes& more) {
  out.insert(out.end(), more.begin(), more.end());
}

// Unsigned LEB128.
inline void appendLeb(Bytes& out, uint64_t v) {
  do {
    uint8_t byte = v & 0x7F;
    v >>= 7;
    out.push_back(v ? (byte | 0x80) : byte);
  } while (v);
}

inline void appendSection(Bytes& out, uint8_t id, const Bytes& payload) {
  out.push_back(id);
  appendLeb(out, payload.size());
  append(out, payload);
}

}  // namespace ember::test
