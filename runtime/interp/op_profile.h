// A count of the instructions the dispatch loop executes, by instruction,
// by pair (previous, next) and by position in the hottest functions,
// printed to stderr when an outermost call returns: the data that decides
// which instructions to fuse. Compiled in only with
// -DEMBER_INTERP_PROFILE=ON (a measuring build; dispatch is several times
// slower).
#pragma once

#include <cstdint>

namespace ember::interp {

struct FunctionCode;

// Called by the dispatch loop before each instruction.
void profileInstruction(const FunctionCode* func, const uint32_t* pc);
// Calls of wasm functions in the same instance, by callee (a call pays the
// call path as well as the instruction): the hottest are listed with their
// size and whether they were inlinable (inlining.h).
void profileCall(const FunctionCode* callee);
// Prints what was counted since the last report, then starts again.
void profileReport();

}  // namespace ember::interp
