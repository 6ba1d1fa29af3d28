// Text disassembly of x86-64 machine code (Zydis, Intel syntax): for the
// CLI's objdump and for tests that compare generated code with the expected
// instructions. Built as its own target, `ember_disasm`; `ember_jit` uses it
// only with the EMBER_DISASM build option (DESIGN decision 9).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace ember {

// Addresses [begin, end) that hold data, not instructions (jump tables,
// constant pools).
struct DisasmDataRange {
  uint64_t begin = 0;
  uint64_t end = 0;
};

struct DisasmOptions {
  uint64_t baseAddress = 0;  // address of code[0], for offsets and branch targets
  bool showOffsets = true;   // "  1f: " before each instruction
  bool showBytes = false;    // the encoding in hex after the offset
  // Sorted by begin: printed as `.quad` (8 aligned bytes) and `.byte` lines
  // instead of being decoded.
  std::span<const DisasmDataRange> data;
};

// One instruction per line, e.g. "mov eax, ecx". A byte that does not decode
// prints as "(bad)" and disassembly resumes at the next byte.
std::vector<std::string> disassembleInstructions(std::span<const uint8_t> code,
                                                 uint64_t baseAddress = 0);

// The whole listing, one line per instruction (or piece of data), each
// ending in '\n'.
std::string disassemble(std::span<const uint8_t> code, const DisasmOptions& options = {});

}  // namespace ember
