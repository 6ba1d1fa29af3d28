// AArch64 code uses only the base architecture (jit/a64/masm_a64.cpp's
// checkHostSupport accepts every CPU), so artifacts assume no feature.
#include "runtime/artifact/artifact_target.h"

namespace ember {

uint32_t hostCpuFeatureBits() { return 0; }

}  // namespace ember
