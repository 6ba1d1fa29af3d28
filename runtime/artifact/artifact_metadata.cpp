#include "runtime/artifact/artifact_metadata.h"

#include "runtime/format/name_section.h"

namespace ember {

namespace {

constexpr uint8_t kCustomSectionId = 0;
constexpr uint8_t kCodeSectionId = 10;
constexpr size_t kPreambleBytes = 8;  // "\0asm" and the version

bool readLeb(std::span<const uint8_t> bytes, size_t& pos, uint32_t& out) {
  out = 0;
  for (int shift = 0; shift < 35; shift += 7) {
    if (pos >= bytes.size()) return false;
    uint8_t b = bytes[pos++];
    out |= static_cast<uint32_t>(b & 0x7F) << shift;
    if (!(b & 0x80)) return true;
  }
  return false;
}

void writeLeb(std::vector<uint8_t>& out, uint32_t value) {
  do {
    uint8_t b = value & 0x7F;
    value >>= 7;
    out.push_back(value ? (b | 0x80) : b);
  } while (value);
}

std::vector<uint8_t> emptyBodies(uint32_t count) {
  std::vector<uint8_t> payload;
  writeLeb(payload, count);
  for (uint32_t i = 0; i < count; ++i) payload.insert(payload.end(), {0x02, 0x00, 0x0B});
  return payload;
}

}  // namespace

Result<std::vector<uint8_t>> artifactMetadata(std::span<const uint8_t> wasm) {
  if (wasm.size() < kPreambleBytes)
    return Error(ErrorKind::Malformed, "artifact writer: module binary too short");
  std::vector<uint8_t> out(wasm.begin(), wasm.begin() + kPreambleBytes);
  size_t pos = kPreambleBytes;
  while (pos < wasm.size()) {
    uint8_t id = wasm[pos++];
    uint32_t size = 0;
    if (!readLeb(wasm, pos, size) || size > wasm.size() - pos)
      return Error(ErrorKind::Malformed, "artifact writer: bad section header in module binary");
    std::span<const uint8_t> payload = wasm.subspan(pos, size);
    pos += size;
    // The name section (function names for backtraces) is the one custom
    // section the runtime reads.
    if (id == kCustomSectionId && !isNameSection(payload)) continue;
    if (id != kCodeSectionId) {
      out.push_back(id);
      writeLeb(out, size);
      out.insert(out.end(), payload.begin(), payload.end());
      continue;
    }
    size_t countPos = 0;
    uint32_t count = 0;
    if (!readLeb(payload, countPos, count))
      return Error(ErrorKind::Malformed, "artifact writer: bad code section count");
    std::vector<uint8_t> bodies = emptyBodies(count);
    out.push_back(id);
    writeLeb(out, static_cast<uint32_t>(bodies.size()));
    out.insert(out.end(), bodies.begin(), bodies.end());
  }
  return out;
}

}  // namespace ember
