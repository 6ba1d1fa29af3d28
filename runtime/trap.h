// Traps (spec 4.4: execution reaching a trap): a code, the spec's message,
// and the wasm backtrace at the trap, innermost frame first. A trap reaches
// the embedder as an Error of kind Trap whose code() is the TrapCode and
// whose context() is the printed backtrace.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "abi/trap_code.h"
#include "runtime/format/error.h"
#include "runtime/format/module.h"

namespace ember {

class Instance;

// One wasm frame of a trap, innermost first: the function, the instance it
// ran in, and where in the binary it was -- the trapping operator in the
// innermost frame, the call in the others -- as byte offsets from the
// start of the function's body (its locals declaration) and of the module.
struct TrapFrameInfo {
  static constexpr uint32_t kUnknownOffset = UINT32_MAX;

  uint32_t funcIndex = 0;
  std::string name;  // from the name section; empty when unknown
  const Instance* instance = nullptr;  // null when unknown
  uint32_t funcOffset = kUnknownOffset;
  uint32_t moduleOffset = kUnknownOffset;
};

struct Trap {
  TrapCode code = TrapCode::Unreachable;
  std::string message;  // trapMessage(code), or the host's message
  std::vector<TrapFrameInfo> backtrace;
  uint32_t omittedFrames = 0;  // outer frames left out of `backtrace`

  // "  0: func[3] <name> @0x2a" lines, innermost first (the module offset
  // when known); names are printableText.
  std::string backtraceText() const;
  // An Error of kind Trap: message, code, backtraceText() as context, and
  // a copy of this trap (Error::trap()).
  Error toError() const;
};

// `text` with every byte outside printable ASCII (and the backslash) written
// as \xNN: names from a module's name section, or messages quoting them, can
// be shown on a terminal without their control sequences or line breaks
// taking effect.
std::string printableText(std::string_view text);

// Fills `frame`'s function-relative offset from its module offset.
void setFrameOffsets(TrapFrameInfo& frame, const Module& module, uint32_t moduleOffset);

Error makeTrapError(TrapCode code);
// The TrapCode of a Trap error, or nothing for other errors.
std::optional<TrapCode> trapCodeOf(const Error& error);

}  // namespace ember
