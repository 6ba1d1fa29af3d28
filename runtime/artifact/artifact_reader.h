// Reads a precompiled artifact (abi/artifact_format.h) as untrusted input:
// every size, offset, count and table entry is range-checked before use,
// the whole file is checksummed, and the code's assumptions (architecture,
// CPU features, runtime ABI, bounds mode, code-changing config) are compared
// with this host and engine. Each error names what does not match. What is
// NOT checked is the machine code itself: an artifact that passes is
// trusted to have been written by Ember's compiler (DESIGN decision 10).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "abi/artifact_format.h"
#include "runtime/config.h"
#include "runtime/format/error.h"

namespace ember {

// The parts of a checked artifact. The spans point into the bytes given to
// readArtifact (nothing is copied but the two small tables).
struct ArtifactContents {
  ArtifactHeader header{};
  std::span<const uint8_t> metadata;  // a WebAssembly binary without function bodies
  std::span<const uint8_t> code;
  std::vector<ArtifactTrapSite> traps;           // sorted by offset, inside code, known codes
  std::vector<ArtifactFunctionRange> functions;  // non-empty, ordered ranges inside code
  // each function's run decodes to sites inside its code and body
  std::span<const uint8_t> wasmOffsets;
  std::vector<ArtifactDataRange> dataRanges;  // sorted, not overlapping, inside code
};

bool looksLikeArtifact(std::span<const uint8_t> bytes);
bool looksLikeWasm(std::span<const uint8_t> bytes);

// The header alone, after checking the magic, the size and the format
// version (not the checksum): enough to pick the Config to load with.
Result<ArtifactHeader> readArtifactHeader(std::span<const uint8_t> bytes);

// Checks the file's structure and checksum. Errors are Malformed; a file
// of another format version is Unsupported.
Result<ArtifactContents> readArtifact(std::span<const uint8_t> bytes);

// Checks that this host and `config` can run the artifact's code: same
// architecture and runtime ABI, every assumed CPU feature present, the JIT
// engine, and the same bounds mode, epoch and fuel settings. Unsupported,
// naming the first difference.
Result<void> checkArtifactTarget(const ArtifactHeader& header, const Config& config);
// The same against a given set of host CPU features (kCpu* bits): what the
// one above does with hostCpuFeatureBits(), and what tests use to stand in
// for an older CPU.
Result<void> checkArtifactTarget(const ArtifactHeader& header, const Config& config,
                                 uint32_t hostCpuFeatures);

// The Config an artifact was compiled for (engine, bounds, epochs, fuel),
// other fields left at their defaults: what `ember run FILE.ember` uses.
Config configForArtifact(const ArtifactHeader& header);

}  // namespace ember
