// The CPU features an artifact's x86-64 code may assume
// (runtime/artifact/artifact_target.h), read with cpuid: the loader runs
// in builds without asmjit, so it cannot ask asmjit::CpuInfo. The bits are
// the ones jit/x64/masm_x64.cpp's CpuFeatures::host() selects code by.
#include <cpuid.h>

#include "runtime/artifact/artifact_target.h"

namespace ember {

uint32_t hostCpuFeatureBits() {
  uint32_t bits = 0;
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (__get_cpuid(1, &eax, &ebx, &ecx, &edx)) {
    if (ecx & (1u << 19)) bits |= kCpuSse41;
    if (ecx & (1u << 23)) bits |= kCpuPopcnt;
  }
  if (__get_cpuid(0x80000001u, &eax, &ebx, &ecx, &edx) && (ecx & (1u << 5))) bits |= kCpuLzcnt;
  if (__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) {
    if (ebx & (1u << 3)) bits |= kCpuBmi1;
    if (ebx & (1u << 8)) bits |= kCpuBmi2;
  }
  return bits;
}

}  // namespace ember
