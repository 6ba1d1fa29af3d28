// Command-line spelling of wasm values for `ember run`: arguments are
// parsed by the parameter type of the export (integers in decimal,
// negative allowed; floats as decimal or hex floats, inf, nan), results are
// printed one per line the same way.
#pragma once

#include <string>
#include <string_view>

#include "runtime/format/error.h"
#include "runtime/format/types.h"
#include "tools/spec/spec_value.h"

namespace ember::tools {

// ErrorKind::Malformed when `text` is not a `type` (out of range included).
Result<RawValue> parseCliArgument(std::string_view text, ValType type);
std::string formatCliResult(const RawValue& value);

}  // namespace ember::tools
