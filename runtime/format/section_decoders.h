// One decoder per known section (spec 5.5). Each reads the section's
// payload through `r`, which is bounded by the section size, and appends to
// the module. Decoding failures are left in the reader (the caller adds the
// section name); errors that need more context (a function index, a
// cross-section count) are returned directly.
#pragma once

#include "runtime/format/error.h"
#include "runtime/format/module.h"
#include "runtime/format/reader.h"

namespace ember {

// Section ids (spec 5.5.2).
enum class SectionId : uint8_t {
  Custom = 0,
  Type = 1,
  Import = 2,
  Function = 3,
  Table = 4,
  Memory = 5,
  Global = 6,
  Export = 7,
  Start = 8,
  Element = 9,
  Code = 10,
  Data = 11,
  DataCount = 12,
};

const char* sectionName(SectionId id);

Result<void> decodeTypeSection(Reader& r, Module& m);
Result<void> decodeImportSection(Reader& r, Module& m);
Result<void> decodeFunctionSection(Reader& r, Module& m);
Result<void> decodeTableSection(Reader& r, Module& m);
Result<void> decodeMemorySection(Reader& r, Module& m);
Result<void> decodeGlobalSection(Reader& r, Module& m);
Result<void> decodeExportSection(Reader& r, Module& m);
Result<void> decodeStartSection(Reader& r, Module& m);
Result<void> decodeElementSection(Reader& r, Module& m);
Result<void> decodeDataCountSection(Reader& r, Module& m);
Result<void> decodeCodeSection(Reader& r, Module& m);
Result<void> decodeDataSection(Reader& r, Module& m);

// Decodes a constant expression and, for global.get of an imported global
// (the only kind a valid one may name), fills in the type it produces.
void decodeModuleConstExpr(Reader& r, const Module& m, ConstExpr& out);

}  // namespace ember
