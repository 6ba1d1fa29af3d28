// Errors as values (DESIGN decision 6): every fallible operation in the
// library returns Result<T>, never throws.
#pragma once

#include <cstdint>
#include <memory>
#include <new>
#include <string>
#include <utility>

namespace ember {

// What class of failure an error is. The spec suite tells "malformed"
// (the bytes do not decode) from "invalid" (they decode but do not
// type-check), so the two are kept apart from the first byte read.
enum class ErrorKind : uint8_t {
  Malformed,   // binary decoding failed
  Invalid,     // validation failed
  Unlinkable,  // an import could not be resolved or has the wrong type
  Trap,        // execution trapped (instantiation: segment or start trap)
  Resource,    // a configured limit or the host ran out (memory, code space)
  Io,          // reading a file failed
  Unsupported, // valid, but this engine lacks the feature (e.g. SIMD in the interpreter)
};

const char* errorKindName(ErrorKind kind);

// EMBER_ERROR_TEXT=OFF (DESIGN decision 9) compiles the text of error
// messages out of the smallest builds. It is done here, where errors are
// made, so that no call site needs an #if: a literal given to Error or
// makeError, and everything formatMessage is asked to format, is dropped
// by inline code that never reads it, so neither the strings nor the
// formatting reach the binary. Such an error still says what it is: its
// kind, its code (a trap's TrapCode) and, when made by makeError, the
// function index and byte offset, which are then its whole message
// ("malformed (function 3, byte offset 42)"). Text given as a std::string
// from elsewhere (a host function's message, a trap's name) is kept.
#ifndef EMBER_HAVE_ERROR_TEXT
#define EMBER_HAVE_ERROR_TEXT 1
#endif
inline constexpr bool kHaveErrorText = EMBER_HAVE_ERROR_TEXT;

// A literal that is error text, for the cold helpers that take a phrase
// ("illegal opcode"): its inline constructor drops the literal at the call
// site when there is no error text, so not even a pointer to it is kept.
class ErrorText {
 public:
  [[gnu::always_inline]] constexpr ErrorText(const char* text)
      : text_(kHaveErrorText ? text : nullptr) {}
  const char* c_str() const { return text_ ? text_ : ""; }

 private:
  const char* text_;
};

struct Trap;  // runtime/trap.h

// Where in a binary an error was found. Every decode and validation error
// names the section, the function (when inside one) and the byte offset
// from the start of the module.
struct Location {
  const char* section = nullptr;  // "type", "code", ... or nullptr
  int64_t funcIndex = -1;         // function index space, or -1
  int64_t offset = -1;            // byte offset in the module, or -1
};

class Error {
 public:
  [[gnu::always_inline]] Error(ErrorKind kind, const char* message)
      : Error(kind, kHaveErrorText && message ? std::string(message) : std::string()) {}
  Error(ErrorKind kind, std::string message) : kind_(kind), message_(std::move(message)) {}
  // `code` is a kind-specific detail (for ErrorKind::Trap, the TrapCode of
  // abi/trap_code.h); `context` holds extra lines such as a wasm backtrace.
  Error(ErrorKind kind, std::string message, uint32_t code, std::string context)
      : kind_(kind), code_(code), message_(std::move(message)), context_(std::move(context)) {}

  ErrorKind kind() const { return kind_; }
  // Without error text, an error given none says its kind ("invalid").
  const std::string& message() const {
    return kHaveErrorText || !message_.empty() ? message_ : kindMessage(kind_);
  }
  uint32_t code() const { return code_; }
  const std::string& context() const { return context_; }
  // The function (index space) and module byte offset of an error made by
  // makeError, each -1 where unknown; kept in every build.
  int64_t funcIndex() const { return funcIndex_; }
  int64_t offset() const { return offset_; }
  // For a trap raised by wasm code: its code and frames (runtime/trap.h);
  // null for every other error.
  const std::shared_ptr<const Trap>& trap() const { return trap_; }
  void setTrap(std::shared_ptr<const Trap> trap) { trap_ = std::move(trap); }

 private:
  friend Error makeError(ErrorKind kind, const Location& where, std::string what);
  static const std::string& kindMessage(ErrorKind kind);

  ErrorKind kind_;
  uint32_t code_ = 0;
  int64_t funcIndex_ = -1;
  int64_t offset_ = -1;
  std::string message_;
  std::string context_;
  std::shared_ptr<const Trap> trap_;
};

// printf-style formatting of an error's text; with EMBER_ERROR_TEXT=OFF an
// inline no-op, so its format strings are dropped where it is called.
#if EMBER_HAVE_ERROR_TEXT
std::string formatMessage(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
#else
[[gnu::always_inline]] inline std::string formatMessage(const char*, ...)
    __attribute__((format(printf, 1, 2)));
inline std::string formatMessage(const char*, ...) { return {}; }
#endif
// printf-style formatting of any other text (names, listings): always kept.
std::string formatText(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

// Builds an error whose message is "<what> (<section> section, function
// <index>, byte offset <offset>)", leaving out the parts Location lacks
// (and, without error text, the section: "<kind> (function ..., byte
// offset ...)").
Error makeError(ErrorKind kind, const Location& where, std::string what);
[[gnu::always_inline]] inline Error makeError(ErrorKind kind, const Location& where,
                                              const char* what) {
  return makeError(kind, where, kHaveErrorText && what ? std::string(what) : std::string());
}

// Result<T>: either a T or an Error. A minimal std::expected, since the
// toolchain we target (GCC 12) has no <expected> in C++20 mode.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : ok_(true) { new (&value_) T(std::move(value)); }
  Result(Error error) : ok_(false) { new (&error_) Error(std::move(error)); }
  Result(Result&& other) noexcept : ok_(other.ok_) {
    if (ok_) new (&value_) T(std::move(other.value_));
    else new (&error_) Error(std::move(other.error_));
  }
  Result& operator=(Result&& other) noexcept {
    if (this != &other) {
      destroy();
      ok_ = other.ok_;
      if (ok_) new (&value_) T(std::move(other.value_));
      else new (&error_) Error(std::move(other.error_));
    }
    return *this;
  }
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;
  ~Result() { destroy(); }

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }

  T& value() & { return value_; }
  const T& value() const& { return value_; }
  T&& value() && { return std::move(value_); }
  T& operator*() & { return value_; }
  T* operator->() { return &value_; }
  const T* operator->() const { return &value_; }

  const Error& error() const { return error_; }
  Error takeError() { return std::move(error_); }

 private:
  void destroy() {
    if (ok_) value_.~T();
    else error_.~Error();
  }

  bool ok_;
  union {
    T value_;
    Error error_;
  };
};

// Success holds no Error: constructing and destroying one (two strings and
// a shared_ptr) cost more than a whole host<->wasm call, and every layer of
// a call returns a Result<void>.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() : ok_(true) {}
  Result(Error error) : ok_(false) { new (&error_) Error(std::move(error)); }
  Result(Result&& other) noexcept : ok_(other.ok_) {
    if (!ok_) new (&error_) Error(std::move(other.error_));
  }
  Result& operator=(Result&& other) noexcept {
    if (this != &other) {
      if (!ok_) error_.~Error();
      ok_ = other.ok_;
      if (!ok_) new (&error_) Error(std::move(other.error_));
    }
    return *this;
  }
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;
  ~Result() {
    if (!ok_) error_.~Error();
  }

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  // On success: an empty Invalid error, as callers have always seen.
  const Error& error() const { return ok_ ? noError() : error_; }
  Error takeError() { return ok_ ? noError() : std::move(error_); }

 private:
  static const Error& noError();

  bool ok_;
  union {
    Error error_;
  };
};

inline Result<void> success() { return {}; }

// Propagates the error of a Result<T> expression from the enclosing function.
#define EMBER_TRY(expr)                                  \
  do {                                                   \
    auto&& ember_try_result_ = (expr);                   \
    if (!ember_try_result_.ok()) return ember_try_result_.takeError(); \
  } while (0)

}  // namespace ember
