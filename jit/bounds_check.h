// The bounds-check decision for one heap access (DESIGN decision 4): with
// the 4 GiB reservation and its guard region, an access whose static offset
// plus size stays within the guard needs no code (a fault traps); any other
// access, and every access in explicit-checks mode, is checked.
#pragma once

#include <cstdint>

#include "jit/masm.h"

namespace ember {

// `mode` is the module's bounds mode (JitOptions::bounds), `guardBytes` the
// size of the guard region after the reservation. (Inline: every load and
// store asks.)
inline BoundsCheck boundsCheckFor(BoundsCheck mode, uint64_t guardBytes, uint64_t offset,
                                  uint32_t size) {
  if (mode == BoundsCheck::Explicit) return BoundsCheck::Explicit;
  // Compared without the sum offset + size, which could wrap.
  return offset <= guardBytes && size <= guardBytes - offset ? BoundsCheck::Guard
                                                             : BoundsCheck::Explicit;
}

}  // namespace ember
