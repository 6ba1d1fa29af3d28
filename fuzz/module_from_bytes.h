// Turns any byte string into a valid WebAssembly module (the compile-and-run
// fuzzer's generator): the bytes are read as a stream of decisions, so each
// mutation of the input is a small change of the module, and every input,
// even an empty one, yields a module that validates. In process and fast,
// unlike binaryen's -ttf (a process per module), whose output the fuzzer
// takes as seeds instead.
//
// What a module holds: one memory (exported as "memory", 1-4 pages, with a
// data segment), one mutable exported global per number type, a funcref
// table of every function, and 1-4 exported functions ("f0".."f3") of
// random signatures whose bodies mix numeric, memory, control-flow, call,
// call_indirect, global and bulk-memory operators (MVP plus sign-extension,
// non-trapping float-to-int, multi-value results and bulk memory, the
// features every engine runs).
//
// Results must be comparable across engines, so no NaN reaches a place
// where its bits become observable (spec 4.3.3 leaves NaN payloads and signs
// nondeterministic): float values are made non-NaN before a store, a
// reinterpret or the sign operand of copysign. Loops and recursion are not
// bounded here: the fuzzer runs with fuel.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace ember::fuzz {

std::vector<uint8_t> moduleFromBytes(std::span<const uint8_t> decisions);

}  // namespace ember::fuzz
