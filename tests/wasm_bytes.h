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

// The bytes of the value types and operators such bodies are written with.
namespace wasm_byte {
inline constexpr uint8_t kI32 = 0x7F, kI64 = 0x7E, kF64 = 0x7C, kV128 = 0x7B, kEmptyType = 0x40;
inline constexpr uint8_t kBlock = 0x02, kLoop = 0x03, kIf = 0x04, kEnd = 0x0B, kBrTable = 0x0E,
                         kCall = 0x10, kDrop = 0x1A, kLocalGet = 0x20, kLocalSet = 0x21,
                         kI32Const = 0x41, kI64Const = 0x42, kI32Add = 0x6A, kI64Or = 0x84,
                         kI64ExtendI32U = 0xAD, kI64ReinterpretF64 = 0xBD,
                         kF64ReinterpretI64 = 0xBF;
}  // namespace wasm_byte

}  // namespace ember::test
