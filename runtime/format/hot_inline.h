// Helpers on the validator's hottest paths are forced inline: GCC's
// heuristics otherwise leave calls on the commonest paths (local.get,
// i32.add, loads, LEB immediates), and its inlining budget for the
// validator's loop is spent, so any growth there moves another helper out.
// A build for size (-Os or -Oz: the minsize preset) leaves the choice to GCC.
#pragma once

#ifdef __OPTIMIZE_SIZE__
#define EMBER_HOT_INLINE inline
#else
#define EMBER_HOT_INLINE [[gnu::always_inline]] inline
#endif
