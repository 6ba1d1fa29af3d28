// UTF-8 well-formedness (spec 5.2.4 "names"): names in a module must be
// valid UTF-8 — no overlong forms, no surrogates, nothing past U+10FFFF.
#pragma once

#include <cstdint>
#include <span>

namespace ember {

bool isValidUtf8(std::span<const uint8_t> bytes);

}  // namespace ember
