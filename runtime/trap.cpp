#include "runtime/trap.h"

namespace ember {

std::string Trap::backtraceText() const {
  std::string out;
  for (size_t i = 0; i < backtrace.size(); ++i) {
    const TrapFrameInfo& f = backtrace[i];
    out += formatText("  %zu: func[%u]", i, f.funcIndex);
    if (!f.name.empty()) out += " <" + printableText(f.name) + ">";
    if (f.moduleOffset != TrapFrameInfo::kUnknownOffset) out += formatText(" @0x%x", f.moduleOffset);
    out += '\n';
  }
  if (omittedFrames) out += formatText("  ... %u more frames\n", omittedFrames);
  return out;
}

std::string printableText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f && byte != '\\')
      out += c;
    else
      out += formatText("\\x%02x", byte);
  }
  return out;
}

Error Trap::toError() const {
  Error e(ErrorKind::Trap, message, static_cast<uint32_t>(code), backtraceText());
  e.setTrap(std::make_shared<const Trap>(*this));
  return e;
}

void setFrameOffsets(TrapFrameInfo& frame, const Module& module, uint32_t moduleOffset) {
  if (moduleOffset == TrapFrameInfo::kUnknownOffset || frame.funcIndex < module.importedFuncCount)
    return;
  const FunctionBody& body = module.bodies[frame.funcIndex - module.importedFuncCount];
  if (moduleOffset < body.offset || moduleOffset >= body.end) return;
  frame.moduleOffset = moduleOffset;
  frame.funcOffset = moduleOffset - body.offset;
}

Error makeTrapError(TrapCode code) {
  return Error(ErrorKind::Trap, trapMessage(code), static_cast<uint32_t>(code), {});
}

std::optional<TrapCode> trapCodeOf(const Error& error) {
  if (error.kind() != ErrorKind::Trap) return std::nullopt;
  return static_cast<TrapCode>(error.code());
}

}  // namespace ember
