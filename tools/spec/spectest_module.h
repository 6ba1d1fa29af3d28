// The `spectest` host module every spec script may import from, exactly as
// the spec data's README tables it (print functions, globals of value 666,
// a funcref table 10..20, a memory of 1..2 pages, and a shared memory).
#pragma once

#include "tools/runtime_api.h"

namespace ember::tools {

// Creates the exports in `store` and defines them in `linker` under
// "spectest".
void defineSpectestModule(Store& store, Linker& linker);

}  // namespace ember::tools
