#include "runtime/format/name_section.h"

#include <cstring>

#include "runtime/format/decode_primitives.h"

namespace ember {

namespace {

enum NameSubsection : uint8_t { kModuleName = 0, kFunctionNames = 1, kLocalNames = 2 };

// namemap (spec 7.4.1.2): vec(idx name). A repeated index keeps its first
// name.
void readNameMap(Reader& r, std::unordered_map<uint32_t, std::string>& out) {
  uint32_t n = readCount(r, 2);
  out.reserve(n);
  for (uint32_t i = 0; i < n && !r.failed(); ++i) {
    uint32_t index = r.readVarU32();
    std::string name = readName(r);
    if (!r.failed()) out.emplace(index, std::move(name));
  }
}

// indirectnamemap (spec 7.4.1.3): vec(idx namemap).
void readIndirectNameMap(
    Reader& r, std::unordered_map<uint32_t, std::unordered_map<uint32_t, std::string>>& out) {
  uint32_t n = readCount(r, 2);
  out.reserve(n);
  for (uint32_t i = 0; i < n && !r.failed(); ++i) {
    uint32_t index = r.readVarU32();
    readNameMap(r, out[index]);
  }
}

void readSubsection(Reader& r, uint8_t id, NameSection& names) {
  switch (id) {
    case kModuleName:
      names.moduleName = readName(r);
      break;
    case kFunctionNames:
      readNameMap(r, names.functionNames);
      break;
    case kLocalNames:
      readIndirectNameMap(r, names.localNames);
      break;
    default:
      r.skip(r.remaining());
      break;  // later extensions (labels, types, ...)
  }
}

}  // namespace

bool decodeNameSection(std::span<const uint8_t> payload, uint32_t base, NameSection& out) {
  Reader r(payload, base);
  NameSection names;
  int lastId = -1;
  while (!r.atEnd()) {
    uint8_t id = r.readU8();
    uint32_t size = r.readVarU32();
    // Subsections come at most once each, in increasing id order (7.4.1).
    if (r.failed() || id <= lastId || size > r.remaining()) return false;
    lastId = id;
    uint32_t subBase = r.offset();
    Reader sub(r.readBytes(size), subBase);
    readSubsection(sub, id, names);
    if (sub.failed() || !sub.atEnd()) return false;
  }
  out = std::move(names);
  return true;
}

bool isNameSection(std::span<const uint8_t> customPayload) {
  static constexpr uint8_t kName[] = {'n', 'a', 'm', 'e'};
  Reader r(customPayload);
  if (r.readVarU32() != sizeof kName || r.failed()) return false;
  std::span<const uint8_t> name = r.readBytes(sizeof kName);
  return !r.failed() && std::memcmp(name.data(), kName, sizeof kName) == 0;
}

}  // namespace ember
