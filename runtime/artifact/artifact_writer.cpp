#include "runtime/artifact/artifact_writer.h"

#include <cstring>
#include <span>

#include "abi/artifact_format.h"
#include "runtime/artifact/artifact_checksum.h"
#include "runtime/artifact/artifact_metadata.h"
#include "runtime/artifact/artifact_target.h"
#include "runtime/compiled_module.h"
#include "runtime/jit/engine.h"
#include "runtime/memory.h"

#ifndef EMBER_VERSION_STRING
#define EMBER_VERSION_STRING "0.0.0"
#endif

namespace ember {

namespace {

// Appends `bytes` at the next aligned offset and returns where they went.
ArtifactSection appendSection(std::vector<uint8_t>& file, std::span<const uint8_t> bytes) {
  file.resize((file.size() + kArtifactAlignment - 1) / kArtifactAlignment * kArtifactAlignment);
  ArtifactSection s{file.size(), bytes.size()};
  file.insert(file.end(), bytes.begin(), bytes.end());
  return s;
}

template <typename T>
std::span<const uint8_t> asBytes(const std::vector<T>& v) {
  return {reinterpret_cast<const uint8_t*>(v.data()), v.size() * sizeof(T)};
}

ArtifactHeader headerFor(const Config& config) {
  ArtifactHeader h{};
  std::memcpy(h.magic, kArtifactMagic, sizeof h.magic);
  h.formatVersion = kArtifactFormatVersion;
  h.headerSize = kArtifactHeaderSize;
  std::strncpy(h.emberVersion, EMBER_VERSION_STRING, sizeof h.emberVersion - 1);
  h.arch = static_cast<uint32_t>(hostArtifactArch());
  // The JIT selects instructions by the host's features, so the code may
  // assume every one of them, or only SSE4.1 with the baseline level.
  h.cpuFeatures = config.jitCpuFeatures == CpuFeatureLevel::Baseline && hostArtifactArch() == ArtifactArch::X86_64
                      ? kCpuSse41
                      : hostCpuFeatureBits();
  h.bounds = static_cast<uint32_t>(config.bounds == BoundsMode::Signals ? ArtifactBounds::Signals
                                                                        : ArtifactBounds::Checks);
  h.codeFlags = kCodeTrapViaBuiltin | (config.epochInterruption ? kCodeEpochChecks : 0) |
                (config.consumeFuel ? kCodeFuelChecks : 0);
  h.guardBytes = Memory::kGuardBytes;
  h.abiFingerprint = runtimeAbiFingerprint();
  h.engineKind = kArtifactEngineJit;
  return h;
}

}  // namespace

Result<std::vector<uint8_t>> writeArtifact(const CompiledModule& module) {
  const JitCode* jit = module.jitCode();
  if (!jit)
    return Error(ErrorKind::Unsupported,
                 "only JIT-compiled modules can be saved as artifacts (the engine is the "
                 "interpreter)");
  auto metadata = artifactMetadata(module.module().bytes);
  if (!metadata) return metadata.takeError();

  std::vector<ArtifactTrapSite> traps;
  for (const TrapSite& t : jit->trapSites())
    traps.push_back({t.codeOffset, static_cast<uint32_t>(t.code)});
  std::vector<ArtifactFunctionRange> functions;
  for (const FunctionRange& f : jit->functionRanges())
    functions.push_back(
        {f.funcIndex, f.begin, f.end, f.bodyOffset, f.bodySize, f.offsetsBegin, f.offsetsSize});
  std::vector<ArtifactDataRange> dataRanges;
  if constexpr (kKeepCodeDataRanges) {
    for (const CodeDataRange& d : jit->dataRanges()) dataRanges.push_back({d.begin, d.end});
  }

  ArtifactHeader header = headerFor(module.engine().config());
  std::vector<uint8_t> file(kArtifactHeaderSize);
  header.metadata = appendSection(file, *metadata);
  header.code = appendSection(file, jit->code());
  header.traps = appendSection(file, asBytes(traps));
  header.functions = appendSection(file, asBytes(functions));
  header.wasmOffsets = appendSection(file, jit->wasmOffsets());
  header.dataRanges = appendSection(file, asBytes(dataRanges));
  header.fileSize = file.size();
  std::memcpy(file.data(), &header, sizeof header);  // checksum still zero
  header.checksum = artifactChecksum(file);
  std::memcpy(file.data(), &header, sizeof header);
  return file;
}

}  // namespace ember
