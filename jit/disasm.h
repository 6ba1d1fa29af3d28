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

struct DisasmOptions {
  uint64_t baseAddress = 0;  // address of code[0], for offsets and branch targets
  bool showOffsets = true;   // "  1f: " before each instruction
  bool showBytes = false;    // the encoding in hex after the offset
};

// One instruction per line, e.g. "mov eax, ecx". A byte that does not decode
// prints as "(bad)" and disassembly resumes at the next byte.
std::vector<std::string> disassembleInstructions(std::span<const uint8_t> code,
                                                 uint64_t baseAddress = 0);

// The whole listing, one line per instruction, each ending in '\n'.
std::string disassemble(std::span<const uint8_t> code, const DisasmOptions& options = {});

}  // namespace ember
