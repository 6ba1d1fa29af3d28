#include "jit/bounds_check.h"

namespace ember {

BoundsCheck boundsCheckFor(BoundsCheck mode, uint64_t guardBytes, uint64_t offset, uint32_t size) {
  if (mode == BoundsCheck::Explicit) return BoundsCheck::Explicit;
  // offset < 2^64 and size <= 16: offset + size wraps only for offsets no
  // guard covers; compare without the sum so a wrap cannot pass.
  return offset <= guardBytes && size <= guardBytes - offset ? BoundsCheck::Guard
                                                             : BoundsCheck::Explicit;
}

}  // namespace ember
