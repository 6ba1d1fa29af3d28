// The CPU features an artifact's x86-64 code may assume
// (runtime/artifact/artifact_target.h), read with cpuid: the loader runs
// in builds without asmjit, so it cannot ask asmjit::CpuInfo. The bits are
// the ones jit/x64/masm_x64.cpp's CpuFeatures::host() selects code by.
#include <cpuid.h>

#include "runtime/artifact/artifact_target.h"

namespace ember {

namespace {

// AVX needs the CPU's support and the OS's: OSXSAVE set and XCR0 saving
// the xmm and ymm state (bits 1 and 2), as asmjit's detection checks.
bool osSavesYmm(unsigned cpuid1Ecx) {
  if (!(cpuid1Ecx & (1u << 27))) return false;
  unsigned lo = 0, hi = 0;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return (lo & 6u) == 6u;
}

}  // namespace

uint32_t hostCpuFeatureBits() {
  uint32_t bits = 0;
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  bool avx = false;
  if (__get_cpuid(1, &eax, &ebx, &ecx, &edx)) {
    if (ecx & (1u << 19)) bits |= kCpuSse41;
    if (ecx & (1u << 20)) bits |= kCpuSse42;
    if (ecx & (1u << 23)) bits |= kCpuPopcnt;
    avx = (ecx & (1u << 28)) && osSavesYmm(ecx);
    if (avx) bits |= kCpuAvx;
  }
  if (__get_cpuid(0x80000001u, &eax, &ebx, &ecx, &edx) && (ecx & (1u << 5))) bits |= kCpuLzcnt;
  if (__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) {
    if (ebx & (1u << 3)) bits |= kCpuBmi1;
    if (ebx & (1u << 8)) bits |= kCpuBmi2;
    if (avx && (ebx & (1u << 5))) bits |= kCpuAvx2;
  }
  return bits;
}

}  // namespace ember
