#include "runtime/format/error.h"

#include <cstdarg>
#include <cstdio>

namespace ember {

const char* errorKindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Malformed: return "malformed";
    case ErrorKind::Invalid: return "invalid";
    case ErrorKind::Unlinkable: return "unlinkable";
    case ErrorKind::Trap: return "trap";
    case ErrorKind::Resource: return "resource limit";
    case ErrorKind::Io: return "i/o";
    case ErrorKind::Unsupported: return "unsupported";
  }
  return "error";
}

std::string formatMessage(const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  va_list copy;
  va_copy(copy, args);
  int n = std::vsnprintf(nullptr, 0, fmt, copy);
  va_end(copy);
  std::string out;
  if (n > 0) {
    out.resize(static_cast<size_t>(n));
    std::vsnprintf(out.data(), out.size() + 1, fmt, args);
  }
  va_end(args);
  return out;
}

Error makeError(ErrorKind kind, const Location& where, std::string what) {
  std::string place;
  auto add = [&place](const std::string& part) {
    place += place.empty() ? " (" : ", ";
    place += part;
  };
  if (where.section) add(std::string(where.section) + " section");
  if (where.funcIndex >= 0) add(formatMessage("function %lld", (long long)where.funcIndex));
  if (where.offset >= 0) add(formatMessage("byte offset %lld", (long long)where.offset));
  if (!place.empty()) place += ")";
  return Error(kind, std::move(what) + place);
}

}  // namespace ember
