#include "tools/cli_values.h"

#include <bit>
#include <cerrno>
#include <cinttypes>
#include <cstdlib>

namespace ember::tools {

namespace {

Error badArgument(std::string_view text, ValType type) {
  return Error(ErrorKind::Malformed,
               "'" + std::string(text) + "' is not a valid " + valTypeName(type) + " argument");
}

// Signed or unsigned decimal: i32 accepts -2^31 .. 2^32-1, so both -1 and
// 4294967295 mean the same bits.
bool parseInteger(const std::string& s, unsigned bits, uint64_t& out) {
  if (s.empty() || s[0] == '+' || s[0] == ' ') return false;
  char* end = nullptr;
  errno = 0;
  if (s[0] == '-') {
    long long v = std::strtoll(s.c_str(), &end, 10);
    if (errno || *end || (bits == 32 && v < INT32_MIN)) return false;
    out = bits == 32 ? static_cast<uint32_t>(v) : static_cast<uint64_t>(v);
    return true;
  }
  unsigned long long v = std::strtoull(s.c_str(), &end, 10);
  if (errno || *end || (bits == 32 && v > UINT32_MAX)) return false;
  out = v;
  return true;
}

}  // namespace

Result<RawValue> parseCliArgument(std::string_view text, ValType type) {
  std::string s(text);
  RawValue v;
  v.type = type;
  char* end = nullptr;
  errno = 0;
  switch (type) {
    case ValType::I32:
    case ValType::I64:
      if (!parseInteger(s, type == ValType::I32 ? 32 : 64, v.lo)) return badArgument(text, type);
      return v;
    case ValType::F32: {
      float f = std::strtof(s.c_str(), &end);
      if (s.empty() || *end) return badArgument(text, type);
      v.lo = std::bit_cast<uint32_t>(f);
      return v;
    }
    case ValType::F64: {
      double d = std::strtod(s.c_str(), &end);
      if (s.empty() || *end) return badArgument(text, type);
      v.lo = std::bit_cast<uint64_t>(d);
      return v;
    }
    default:
      break;
  }
  return Error(ErrorKind::Unsupported,
               std::string(valTypeName(type)) + " parameters cannot be given on the command line");
}

std::string formatCliResult(const RawValue& value) {
  switch (value.type) {
    case ValType::I32:
      return std::to_string(static_cast<int32_t>(value.lo));
    case ValType::I64:
      return std::to_string(static_cast<int64_t>(value.lo));
    // Enough digits to read back the same bits.
    case ValType::F32:
      return formatText("%.9g", std::bit_cast<float>(static_cast<uint32_t>(value.lo)));
    case ValType::F64:
      return formatText("%.17g", std::bit_cast<double>(value.lo));
    case ValType::V128:
      return formatText("0x%016" PRIx64 "%016" PRIx64, value.hi, value.lo);
    case ValType::FuncRef:
    case ValType::ExternRef:
      return value.lo ? "ref" : "null";
    case ValType::Bottom:
      break;
  }
  return "?";
}

}  // namespace ember::tools
