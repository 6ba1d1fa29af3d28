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

namespace ember {

struct TrapFrameInfo {
  uint32_t funcIndex = 0;
  std::string name;  // from the name section; empty when unknown
};

struct Trap {
  TrapCode code = TrapCode::Unreachable;
  std::string message;  // trapMessage(code), or the host's message
  std::vector<TrapFrameInfo> backtrace;
  uint32_t omittedFrames = 0;  // outer frames left out of `backtrace`

  // "  0: func[3] <name>" lines, innermost first; names are printableText.
  std::string backtraceText() const;
  Error toError() const;
};

// `text` with every byte outside printable ASCII (and the backslash) written
// as \xNN: names from a module's name section, or messages quoting them, can
// be shown on a terminal without their control sequences or line breaks
// taking effect.
std::string printableText(std::string_view text);

Error makeTrapError(TrapCode code);
// The TrapCode of a Trap error, or nothing for other errors.
std::optional<TrapCode> trapCodeOf(const Error& error);

}  // namespace ember
