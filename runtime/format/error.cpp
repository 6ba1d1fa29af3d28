#include "runtime/format/error.h"

#include <array>
#include <cstdarg>
#include <cstdio>
#include <new>
#include <utility>

namespace ember {

namespace {

// A function-local static that is built on first use and never destroyed.
// A static with a destructor makes the library call __cxa_atexit, which a
// custom platform (platform/custom) need not provide; these live until the
// process ends anyway.
template <typename T>
class Immortal {
 public:
  template <typename... Args>
  explicit Immortal(Args&&... args) {
    new (storage_) T(std::forward<Args>(args)...);
  }
  const T& get() const { return *std::launder(reinterpret_cast<const T*>(storage_)); }

 private:
  alignas(T) unsigned char storage_[sizeof(T)];
};

}  // namespace

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

const Error& Result<void>::noError() {
  static const Immortal<Error> none(ErrorKind::Invalid, std::string());
  return none.get();
}

const std::string& Error::kindMessage(ErrorKind kind) {
  static const Immortal<std::array<std::string, 7>> kNames(std::array<std::string, 7>{
      errorKindName(ErrorKind::Malformed), errorKindName(ErrorKind::Invalid),
      errorKindName(ErrorKind::Unlinkable), errorKindName(ErrorKind::Trap),
      errorKindName(ErrorKind::Resource), errorKindName(ErrorKind::Io),
      errorKindName(ErrorKind::Unsupported)});
  return kNames.get()[static_cast<size_t>(kind)];
}

namespace {

std::string formatList(const char* fmt, va_list args) {
  va_list copy;
  va_copy(copy, args);
  int n = std::vsnprintf(nullptr, 0, fmt, copy);
  va_end(copy);
  std::string out;
  if (n > 0) {
    out.resize(static_cast<size_t>(n));
    std::vsnprintf(out.data(), out.size() + 1, fmt, args);
  }
  return out;
}

}  // namespace

#if EMBER_HAVE_ERROR_TEXT
std::string formatMessage(const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  std::string out = formatList(fmt, args);
  va_end(args);
  return out;
}
#endif

std::string formatText(const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  std::string out = formatList(fmt, args);
  va_end(args);
  return out;
}

Error makeError(ErrorKind kind, const Location& where, std::string what) {
  std::string place;
  auto add = [&place](const std::string& part) {
    place += place.empty() ? " (" : ", ";
    place += part;
  };
  if (kHaveErrorText && where.section) add(std::string(where.section) + " section");
  if (where.funcIndex >= 0) add("function " + std::to_string(where.funcIndex));
  if (where.offset >= 0) add("byte offset " + std::to_string(where.offset));
  if (!place.empty()) place += ")";
  if (what.empty()) what = errorKindName(kind);
  Error error(kind, std::move(what) + place);
  error.funcIndex_ = where.funcIndex;
  error.offset_ = where.offset;
  return error;
}

}  // namespace ember
