// The JitEntryFrame offsets (abi/trampolines.h) that the assembly of
// every architecture's runtime stubs (jit/*/runtime_stubs_*.cpp) writes as
// literals: a change to the layout fails here rather than in the assembly.
#pragma once

#include "abi/trampolines.h"

namespace ember::jit_stub_layout {
static_assert(kCode == 0 && kContext == 8 && kRegs == 16 && kFpRegs == 80);
static_assert(kStackBytes == 208 && kStackArea == 216 && kEntryFp == 224);
static_assert(kRegisterSlots * 8 == 192 && kFpSlotWords == 2);
}  // namespace ember::jit_stub_layout
