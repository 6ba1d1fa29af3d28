// What an artifact's code assumes about the machine and the runtime, and
// what this host and build provide (abi/artifact_format.h): architecture,
// CPU features, and a fingerprint of the runtime ABI the code hard-codes.
#pragma once

#include <cstdint>
#include <string>

#include "abi/artifact_format.h"

namespace ember {

// The architecture this build's JIT code (and loader) is for.
ArtifactArch hostArtifactArch();
const char* artifactArchName(uint32_t arch);

// The kCpu* bits this CPU has. Architecture-specific: defined
// in jit/x64/cpu_features_probe.cpp or jit/a64/cpu_features_probe.cpp,
// which need no assembler library (the runtime-only build has none).
uint32_t hostCpuFeatureBits();
// "sse4.1, lzcnt" for a set of kCpu* bits.
std::string cpuFeatureNames(uint32_t bits);

// A hash of everything generated code hard-codes about the runtime that is
// not a Config choice: VMContext and VMStoreContext offsets, the builtin
// table, the size of a value cell. Two builds with the same fingerprint and
// format version can run each other's artifacts.
uint32_t runtimeAbiFingerprint();

}  // namespace ember
