// Helpers for format tests: hand-assembled module bytes, and where the test
// data lives (wat2wasm output, the spec suite, the benchmark corpus).
#pragma once

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

namespace ember::test {

using Bytes = std::vector<uint8_t>;

inline Bytes leb(uint64_t v) {
  Bytes out;
  do {
    uint8_t byte = v & 0x7F;
    v >>= 7;
    out.push_back(byte | (v ? 0x80 : 0));
  } while (v);
  return out;
}

inline Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// A name as the binary format writes it: length, then the bytes.
inline Bytes name(std::string_view s) {
  Bytes out = leb(s.size());
  out.insert(out.end(), s.begin(), s.end());
  return out;
}

inline Bytes section(uint8_t id, const Bytes& payload) {
  return cat({{id}, leb(payload.size()), payload});
}

// Section ids (binary format 5.5.2).
namespace section_id {
inline constexpr uint8_t kType = 1, kImport = 2, kFunction = 3, kTable = 4, kMemory = 5,
                         kGlobal = 6, kExport = 7, kStart = 8, kElem = 9, kCode = 10, kData = 11,
                         kDataCount = 12;
}  // namespace section_id

inline Bytes header() { return {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00}; }

// A module: the header followed by the given sections, already framed.
inline Bytes moduleOf(std::initializer_list<Bytes> sections) {
  Bytes out = header();
  for (const Bytes& s : sections) out.insert(out.end(), s.begin(), s.end());
  return out;
}

inline Bytes readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline std::string envOr(const char* var, const char* fallback) {
  const char* value = std::getenv(var);
  return value && *value ? value : fallback;
}

#ifdef EMBER_TEST_WASM_DIR
inline Bytes watModule(const std::string& stem) {
  return readFile(std::string(EMBER_TEST_WASM_DIR) + "/" + stem + ".wasm");
}
#endif

inline std::string specDir() { return envOr("EMBER_SPEC_DIR", EMBER_SPEC_DIR_DEFAULT); }
inline std::string benchDir() { return envOr("EMBER_BENCH_DIR", EMBER_BENCH_DIR_DEFAULT); }

}  // namespace ember::test
