#include "runtime/artifact/artifact_target.h"

#include <cstddef>

#include "abi/value_cell.h"
#include "abi/vm_context.h"
#include "abi/builtin_ids.h"

namespace ember {

ArtifactArch hostArtifactArch() {
#if defined(__x86_64__)
  return ArtifactArch::X86_64;
#elif defined(__aarch64__)
  return ArtifactArch::AArch64;
#else
#error "precompiled artifacts: unknown architecture"
#endif
}

const char* artifactArchName(uint32_t arch) {
  switch (static_cast<ArtifactArch>(arch)) {
    case ArtifactArch::X86_64: return "x86-64";
    case ArtifactArch::AArch64: return "aarch64";
  }
  return "an unknown architecture";
}

std::string cpuFeatureNames(uint32_t bits) {
  static constexpr struct {
    uint32_t bit;
    const char* name;
  } kNames[] = {{kCpuSse41, "sse4.1"}, {kCpuPopcnt, "popcnt"}, {kCpuLzcnt, "lzcnt"},
                {kCpuBmi1, "bmi1"},    {kCpuBmi2, "bmi2"},     {kCpuSse42, "sse4.2"},
                {kCpuAvx, "avx"},      {kCpuAvx2, "avx2"}};
  std::string out;
  for (const auto& n : kNames) {
    if (!(bits & n.bit)) continue;
    if (!out.empty()) out += ", ";
    out += n.name;
  }
  return out.empty() ? "none" : out;
}

uint32_t runtimeAbiFingerprint() {
  const uint64_t facts[] = {
      sizeof(VMContext),
      offsetof(VMContext, memoryBase),
      offsetof(VMContext, memory),
      offsetof(VMContext, globals),
      offsetof(VMContext, tables),
      offsetof(VMContext, functions),
      offsetof(VMContext, store),
      offsetof(VMContext, typeIds),
      offsetof(VMContext, memoryLength),
      offsetof(VMContext, stackLimit),
      offsetof(VMContext, builtins),
      offsetof(VMContext, epochCounter),
      offsetof(VMContext, epochDeadline),
      offsetof(VMContext, table0),
      offsetof(VMContext, firstGlobals),
      kVMFirstGlobals,
      offsetof(VMStoreContext, fuel),
      sizeof(VMFunction),
      offsetof(VMFunction, code),
      offsetof(VMFunction, context),
      sizeof(VMGlobal),
      sizeof(ValueCell),
      kVMBuiltinSlots,
      kBuiltinCount,
  };
  uint32_t h = 2166136261u;  // FNV-1a over the facts
  for (uint64_t f : facts) {
    for (int i = 0; i < 8; ++i) {
      h ^= static_cast<uint8_t>(f >> (8 * i));
      h *= 16777619u;
    }
  }
  return h;
}

}  // namespace ember
