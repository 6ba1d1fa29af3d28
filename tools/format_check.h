// Decoding plus full validation of a binary module with ember_format alone
// (no runtime): what `ember validate` and the spec runner's
// assert_malformed / assert_invalid / module checks share.
#pragma once

#include <cstdint>
#include <span>

#include "runtime/format/error.h"
#include "runtime/format/module.h"

namespace ember::tools {

// The decoded module, or the first error: ErrorKind::Malformed from decoding
// (or from a function body that does not decode), ErrorKind::Invalid from
// validation (spec 3.4).
Result<Module> decodeAndValidate(std::span<const uint8_t> bytes);

}  // namespace ember::tools
