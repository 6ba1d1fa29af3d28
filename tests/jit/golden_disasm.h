// The disassembler of the golden tests' target (golden_test.cpp): one
// instruction a line, "  <offset>: <instruction>", offsets and branch
// targets relative to the start of `code`.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace ember {

std::string disassembleForGolden(std::span<const uint8_t> code);

}  // namespace ember
