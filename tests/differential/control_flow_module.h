// Random modules written byte by byte, aimed at what binaryen's -ttf seldom
// makes: many locals of every type live across loops, labels reached from
// several edges (br, br_if, br_table, fall-through, with and without
// values), calls inside loop bodies, early returns and multi-value results.
// Those are the shapes where the JIT keeps locals in registers, promises
// them at loop headers and merges register states at labels
// (jit/README.md); a JIT miscompile there once survived the -ttf modules
// for days. Every module ends: loops count down a counter no other code
// writes, calls only go to later functions, and the generator bounds the
// work a call can do.
#pragma once

#include <cstdint>
#include <string>

#include "tests/differential/generated_module.h"

namespace ember::differential {

// Writes `<workDir>/flow-<seed>.wasm` (flow-simd-<seed>.wasm); the same
// seed gives the same module. Each function is exported ("f0", "f1", ...)
// and returns a hash of all its locals; the memory and two mutable globals
// are exported for comparison. With `simd`, a fifth of the locals,
// parameters and results are v128, worked on with integer-lane operators.
GeneratedModule generateControlFlowModule(const std::string& workDir, uint64_t seed,
                                          bool simd = false);

}  // namespace ember::differential
