// The `name` custom section (spec 7.4.1): module, function and local names,
// used for backtraces and disassembly. It is advisory, so a malformed one is
// dropped whole rather than failing the module.
#pragma once

#include <cstdint>
#include <span>

#include "runtime/format/module.h"

namespace ember {

// Parses the payload (after the section name) into `out`. Returns false,
// leaving `out` untouched, if any part of it is malformed. `base` is the
// payload's offset in the module.
bool decodeNameSection(std::span<const uint8_t> payload, uint32_t base, NameSection& out);

// Whether a custom section's payload (name first) is a name section's: its
// name is "name", compared as bytes (the decoder checks names for UTF-8).
bool isNameSection(std::span<const uint8_t> customPayload);

}  // namespace ember
