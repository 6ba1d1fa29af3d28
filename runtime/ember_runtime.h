// The runtime's public C++ surface in one include: what the CLI, the spec
// runner and embedders use.
#pragma once

#include "abi/trap_code.h"
#include "runtime/compiled_module.h"
#include "runtime/config.h"
#include "runtime/engine.h"
#include "runtime/extern.h"
#include "runtime/function.h"
#include "runtime/global.h"
#include "runtime/instance.h"
#include "runtime/linker.h"
#include "runtime/memory.h"
#include "runtime/store.h"
#include "runtime/table.h"
#include "runtime/trap.h"
#include "runtime/value.h"
#include "runtime/value_cells.h"
