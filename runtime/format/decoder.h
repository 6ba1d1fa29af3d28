// Binary module decoding (spec chapter 5): bytes to a Module. Every failure
// is an ErrorKind::Malformed error that names the section and byte offset.
// Nothing is allocated on the strength of a declared count or length alone:
// counts are checked against the bytes that remain before any reserve.
#pragma once

#include <cstdint>
#include <span>

#include "runtime/format/error.h"
#include "runtime/format/module.h"

namespace ember {

// Decodes every section, including the `name` custom section (a malformed
// name section is ignored, as engines do). Function bodies are located and
// their local declarations decoded; their instructions are left to the
// function validator. The bytes are copied into Module::bytes, less the
// custom sections that come after every other section (but the name
// section): `bytes` may be freed afterwards.
Result<Module> decodeModule(std::span<const uint8_t> bytes);

}  // namespace ember
