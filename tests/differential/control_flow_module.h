// Random modules written byte by byte, aimed at what binaryen's -ttf seldom
// makes: many locals of every type live across loops, labels reached from
// several edges (br, br_if, br_table, fall-through, with and without
// values), calls inside loop bodies, early returns and multi-value results.
// Those are the shapes where the JIT keeps locals in registers, promises
// them at loop headers and merges register states at labels
// (jit/README.md); a JIT miscompile there once survived the -ttf modules
// for days. Around them: globals of every type, read in expressions and
// written in loops and around calls; funcref and externref locals, tables
// changed by table.set, fill, copy, grow and init and called through; and
// passive data and element segments (memory.init, table.init, the drops).
// Every module ends: loops count down a counter no other code writes,
// every call goes to a later function (through a table too: see
// ModuleLayout in control_flow_parts.h), and the generator bounds the work
// a call can do.
#pragma once

#include <cstdint>
#include <string>

#include "tests/differential/generated_module.h"

namespace ember::differential {

// What the functions mostly do. kMixed: a mix of everything above, two
// in five functions tight (few locals, nested loops, branches to outer
// headers, arithmetic on locals and calls into the runtime, seldom a
// function call); kTightLoops: every function tight. A register-cache
// miscompile that needs a particular order of events in a loop nest shows
// in more of the latter: the two 312e9df and 982af1c fixed showed in 6 of
// 20,000 kTightLoops modules, in 1 of 10,000 kMixed ones, and in none of
// 20,000 of the generator before tight functions.
enum class FlowShape { kMixed, kTightLoops };

// Writes `<workDir>/flow-<seed>.wasm` (flow-simd-<seed>.wasm,
// flow-tight-<seed>.wasm, flow-tight-simd-<seed>.wasm); the same
// seed gives the same module on every host. Each function is exported
// ("f0", "f1", ...) and returns a hash of all its locals; the memory, every
// global ("g0", ...) and the two tables the code changes ("t1", "t2") are
// exported for comparison. With `simd`, a fifth of the locals, parameters
// and results are v128, worked on with integer-lane operators, and there
// are v128 globals.
GeneratedModule generateControlFlowModule(const std::string& workDir, uint64_t seed,
                                          bool simd = false, FlowShape shape = FlowShape::kMixed);

}  // namespace ember::differential
