// The `spectest` host module every spec script may import from, exactly as
// the spec data's README tables it (print functions, globals of value 666,
// a funcref table 10..20, a memory of 1..2 pages, and a shared memory).
#pragma once

#include <cstdint>

#include "tools/runtime_api.h"

namespace ember::tools {

// The most its memories hold (two of at most 2 pages): a script's store
// admits this on top of the 4 GiB it holds by default, so that a script's
// own memory may take all 4 GiB (wasmtime's big-memory-behavior.wast).
constexpr uint64_t kSpectestMemoryBytes = 2 * 2 * 65536;

// Creates the exports in `store` and defines them in `linker` under
// "spectest".
void defineSpectestModule(Store& store, Linker& linker);

}  // namespace ember::tools
