#include "runtime/format/decode_primitives.h"

#include "runtime/format/utf8.h"

namespace ember {

uint32_t readCount(Reader& r, size_t minItemBytes) {
  Reader mark = r;
  uint32_t n = r.readVarU32();
  if (!r.failed() && n > r.remaining() / minItemBytes) {
    failAt(r, mark, "length out of bounds");
    return 0;
  }
  return n;
}

uint32_t readLimitedCount(Reader& r, size_t minItemBytes, uint32_t limit, ErrorText tooMany) {
  Reader mark = r;
  uint32_t n = readCount(r, minItemBytes);
  if (!r.failed() && n > limit) {
    failAt(r, mark, tooMany);
    return 0;
  }
  return n;
}

std::string readName(Reader& r) {
  Reader lengthMark = r;
  uint32_t len = r.readVarU32();
  if (!r.failed() && len > r.remaining()) {
    failAt(r, lengthMark, "length out of bounds");
    return {};
  }
  if (!r.failed() && len > kMaxNameBytes) {
    failAt(r, lengthMark, "name too long (implementation limit)");
    return {};
  }
  Reader mark = r;
  std::span<const uint8_t> bytes = r.readBytes(len);
  if (!r.failed() && !isValidUtf8(bytes)) {
    failAt(r, mark, "malformed UTF-8 encoding");
    return {};
  }
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

ValType readValType(Reader& r) {
  Reader mark = r;
  uint8_t b = r.readU8();
  if (!isValTypeByte(b)) {
    failAt(r, mark, "malformed value type");
    return ValType::I32;
  }
  return static_cast<ValType>(b);
}

ValType readRefType(Reader& r) {
  Reader mark = r;
  uint8_t b = r.readU8();
  if (b != static_cast<uint8_t>(ValType::FuncRef) &&
      b != static_cast<uint8_t>(ValType::ExternRef)) {
    failAt(r, mark, "malformed reference type");
    return ValType::FuncRef;
  }
  return static_cast<ValType>(b);
}

Limits readLimits(Reader& r) {
  Limits limits;
  Reader mark = r;
  uint8_t flags = r.readU8();
  if (flags & 0x80) {
    failAt(r, mark, "integer representation too long");
  } else if (flags > 1) {
    failAt(r, mark, "integer too large");
  }
  limits.min = r.readVarU32();
  if (flags == 1) limits.max = r.readVarU32();
  return limits;
}

GlobalType readGlobalType(Reader& r) {
  GlobalType type;
  type.type = readValType(r);
  Reader mark = r;
  uint8_t mut = r.readU8();
  if (mut > 1) failAt(r, mark, "malformed mutability");
  type.isMutable = mut == 1;
  return type;
}

Error readerError(const Reader& r, const char* section, int64_t funcIndex) {
  return makeError(ErrorKind::Malformed, Location{section, funcIndex, r.errorOffset()},
                   r.error() ? r.error() : "decoding failed");
}

}  // namespace ember
