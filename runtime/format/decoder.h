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
// section): `bytes` may be freed afterwards. `prefault`, when given, gets
// the copy's memory before it is written, to make its pages present at once
// (the runtime passes the platform's ember_vm_prefault).
Result<Module> decodeModule(std::span<const uint8_t> bytes,
                            void (*prefault)(void* addr, size_t size) = nullptr);

}  // namespace ember
