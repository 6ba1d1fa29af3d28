// The shape of each instruction of code.h: how many operand words follow
// word 0, and which of them name frame slots it reads or writes (the rest
// are immediates, indices or branch offsets). The disassembler walks code
// by it; inlining (inlining.h) renames a callee's slots by it.
#pragma once

#include <cstdint>
#include <optional>

#include "runtime/interp/code.h"

namespace ember::interp {

struct InstructionShape {
  uint32_t operandWords = 0;  // after word 0; BrTable: 0 (its length: instructionWords)
  // Bit k set: operand word k (word 1 is the first after word 0) names a
  // slot the instruction reads / writes. Every handler reads its operands
  // before it writes its destination.
  uint32_t reads = 0;
  uint32_t writes = 0;
  // The slot operands are listed: set for the instructions that may run
  // inlined (arithmetic, memory accesses, copies, constants, globals,
  // branches, calls, interruption checks). The masks of the others
  // (returns, tables, SIMD, calls with a v128) are left empty.
  bool slotsKnown = false;
  bool branches = false;  // may jump (by offsets relative to its own words)
};

InstructionShape shapeOf(IOp op);

// The instruction whose handler token (word 0, opToken) is `token`.
std::optional<IOp> opOfToken(uint32_t token);

// Words of the instruction starting at `code[0]` (BrTable's length is in
// its operands), or 0 when `available` words do not hold it.
uint32_t instructionWords(IOp op, const uint32_t* code, uint32_t available);

}  // namespace ember::interp
