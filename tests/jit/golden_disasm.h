// The disassembler of the golden tests' target (golden_test.cpp): one
// instruction a line, "  <offset>: <instruction>", offsets and branch
// targets relative to the start of `code`; the bytes of `data` (relative
// too, sorted) print as data.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "jit/disasm.h"

namespace ember {

std::string disassembleForGolden(std::span<const uint8_t> code,
                                 std::span<const DisasmDataRange> data);

}  // namespace ember
