#include "runtime/artifact/artifact_reader.h"

#include <bit>
#include <cinttypes>
#include <cstring>

#include "abi/trap_code.h"
#include "abi/wasm_offset_map.h"
#include "jit/masm.h"
#include "runtime/artifact/artifact_checksum.h"
#include "runtime/artifact/artifact_target.h"
#include "runtime/memory.h"

namespace ember {

static_assert(std::endian::native == std::endian::little,
              "artifacts are little-endian, and so is every supported target");

namespace {

constexpr uint8_t kWasmMagic[4] = {0x00, 'a', 's', 'm'};

Error malformed(std::string message) {
  return Error(ErrorKind::Malformed, formatMessage("invalid artifact: %s", message.c_str()));
}

Error mismatch(std::string message) {
  return Error(ErrorKind::Unsupported, formatMessage("artifact mismatch: %s", message.c_str()));
}

// The section's bytes when it lies inside the file and is aligned.
Result<std::span<const uint8_t>> sectionBytes(std::span<const uint8_t> file,
                                              const ArtifactSection& s, const char* name) {
  if (s.offset < kArtifactHeaderSize || s.offset > file.size() || s.size > file.size() - s.offset)
    return malformed(formatMessage("%s section [%" PRIu64 ", +%" PRIu64
                                   ") lies outside the file (%zu bytes)",
                                   name, s.offset, s.size, file.size()));
  if (s.offset % kArtifactAlignment != 0)
    return malformed(formatMessage("%s section offset %" PRIu64 " is not aligned", name, s.offset));
  return file.subspan(s.offset, s.size);
}

template <typename Entry>
Result<std::vector<Entry>> readTable(std::span<const uint8_t> bytes, const char* name) {
  if (bytes.size() % sizeof(Entry) != 0)
    return malformed(formatMessage("%s table size %zu is not a multiple of %zu", name,
                                   bytes.size(), sizeof(Entry)));
  std::vector<Entry> entries(bytes.size() / sizeof(Entry));
  if (!bytes.empty()) std::memcpy(entries.data(), bytes.data(), bytes.size());
  return entries;
}

Result<void> checkTraps(const std::vector<ArtifactTrapSite>& traps, size_t codeSize) {
  for (size_t i = 0; i < traps.size(); ++i) {
    const ArtifactTrapSite& t = traps[i];
    if (t.codeOffset >= codeSize)
      return malformed(formatMessage("trap site %zu at code offset %u is outside the code (%zu "
                                     "bytes)", i, t.codeOffset, codeSize));
    if (t.trapCode > static_cast<uint32_t>(TrapCode::HostError))
      return malformed(formatMessage("trap site %zu has unknown trap code %u", i, t.trapCode));
    if (i > 0 && traps[i - 1].codeOffset > t.codeOffset)  // the lookup is a binary search
      return malformed(formatMessage("trap sites are not sorted at entry %zu", i));
  }
  return success();
}

Result<void> checkDataRanges(const std::vector<ArtifactDataRange>& ranges, size_t codeSize) {
  for (size_t i = 0; i < ranges.size(); ++i) {
    const ArtifactDataRange& d = ranges[i];
    if (d.begin > d.end || d.end > codeSize)
      return malformed(formatMessage("data range %zu [%u, %u) is not inside the code (%zu bytes)",
                                     i, d.begin, d.end, codeSize));
    if (i > 0 && ranges[i - 1].end > d.begin)
      return malformed(formatMessage("data range %zu overlaps or precedes the one before it", i));
  }
  return success();
}

// Only builds with objdump read them (kKeepCodeDataRanges); the others
// ignore the section, which nothing there would use.
Result<void> readDataRanges(std::span<const uint8_t> file, const ArtifactHeader& h, size_t codeSize,
                            ArtifactContents& out) {
  auto bytes = sectionBytes(file, h.dataRanges, "data range");
  if (!bytes) return bytes.takeError();
  auto ranges = readTable<ArtifactDataRange>(*bytes, "data range");
  if (!ranges) return ranges.takeError();
  EMBER_TRY(checkDataRanges(*ranges, codeSize));
  out.dataRanges = std::move(ranges.value());
  return success();
}

Result<void> checkFunctions(const std::vector<ArtifactFunctionRange>& functions, size_t codeSize) {
  for (size_t i = 0; i < functions.size(); ++i) {
    const ArtifactFunctionRange& f = functions[i];
    if (f.begin >= f.end || f.end > codeSize)
      return malformed(formatMessage("function %u's code range [%u, %u) is empty or outside the "
                                     "code (%zu bytes)", f.funcIndex, f.begin, f.end, codeSize));
    if (i > 0 && functions[i - 1].end > f.begin)  // emitted one after the other
      return malformed(formatMessage("function %u's code range [%u, %u) overlaps or precedes the "
                                     "one before it", f.funcIndex, f.begin, f.end));
    if (uint64_t{f.bodyOffset} + f.bodySize > UINT32_MAX)
      return malformed(formatMessage("function %u's wasm body [%u, +%u) lies beyond 4 GiB",
                                     f.funcIndex, f.bodyOffset, f.bodySize));
  }
  return success();
}

// Each function's run lies in the section and decodes (the same reader
// as backtraces use) to sites in increasing code order, inside the
// function's code, naming offsets inside its body.
Result<void> checkWasmOffsets(std::span<const uint8_t> map,
                              const std::vector<ArtifactFunctionRange>& functions) {
  for (const ArtifactFunctionRange& f : functions) {
    if (f.offsetsBegin > map.size() || f.offsetsSize > map.size() - f.offsetsBegin)
      return malformed(formatMessage("function %u's wasm offsets [%u, +%u) lie outside their "
                                     "section (%zu bytes)", f.funcIndex, f.offsetsBegin,
                                     f.offsetsSize, map.size()));
    wasm_offset_map::Reader reader(map.subspan(f.offsetsBegin, f.offsetsSize), f.begin);
    uint32_t code = 0, func = 0;
    int64_t previous = -1;
    while (reader.next(code, func)) {
      if (int64_t{code} <= previous || code >= f.end)
        return malformed(formatMessage("function %u has a wasm offset at code offset %u, out of "
                                       "order or outside its code [%u, %u)", f.funcIndex, code,
                                       f.begin, f.end));
      if (func >= f.bodySize)
        return malformed(formatMessage("function %u has a wasm offset of %u in a body of %u bytes",
                                       f.funcIndex, func, f.bodySize));
      previous = code;
    }
    if (reader.malformed())
      return malformed(formatMessage("function %u's wasm offsets do not decode", f.funcIndex));
  }
  return success();
}

}  // namespace

bool looksLikeArtifact(std::span<const uint8_t> bytes) {
  return bytes.size() >= sizeof kArtifactMagic &&
         std::memcmp(bytes.data(), kArtifactMagic, sizeof kArtifactMagic) == 0;
}

bool looksLikeWasm(std::span<const uint8_t> bytes) {
  return bytes.size() >= sizeof kWasmMagic &&
         std::memcmp(bytes.data(), kWasmMagic, sizeof kWasmMagic) == 0;
}

Result<ArtifactHeader> readArtifactHeader(std::span<const uint8_t> bytes) {
  if (looksLikeWasm(bytes))
    return malformed("this is a WebAssembly binary (.wasm), not a precompiled Ember artifact; "
                     "compile it with `ember compile FILE.wasm -o FILE.ember`");
  if (!looksLikeArtifact(bytes)) return malformed("not a precompiled Ember artifact (bad magic)");
  if (bytes.size() < kArtifactHeaderSize)
    return malformed(formatMessage("truncated: %zu bytes, the header alone is %zu", bytes.size(),
                                   kArtifactHeaderSize));
  ArtifactHeader h;
  std::memcpy(&h, bytes.data(), sizeof h);
  if (h.formatVersion != kArtifactFormatVersion) {
    char version[sizeof h.emberVersion + 1] = {};
    std::memcpy(version, h.emberVersion, sizeof h.emberVersion);
    return Error(ErrorKind::Unsupported,
                 formatMessage("artifact mismatch: format version %u (written by Ember %s), this "
                               "Ember reads format version %u; compile the module again",
                               h.formatVersion, version, kArtifactFormatVersion));
  }
  return h;
}

Result<ArtifactContents> readArtifact(std::span<const uint8_t> bytes) {
  auto header = readArtifactHeader(bytes);
  if (!header) return header.takeError();
  ArtifactContents out;
  ArtifactHeader& h = out.header;
  h = *header;
  if (h.headerSize != kArtifactHeaderSize)
    return malformed(formatMessage("header size %u, expected %zu", h.headerSize,
                                   kArtifactHeaderSize));
  if (h.fileSize != bytes.size())
    return malformed(formatMessage("truncated or padded: the header says %" PRIu64
                                   " bytes, the file has %zu", h.fileSize, bytes.size()));
  // The checksum covers the file with its own field zeroed; hash a copy of
  // the header rather than writing into the caller's (maybe read-only) bytes.
  ArtifactHeader zeroed = h;
  zeroed.checksum = 0;
  std::vector<uint8_t> headerBytes(sizeof zeroed);
  std::memcpy(headerBytes.data(), &zeroed, sizeof zeroed);
  uint64_t computed = artifactChecksumOfParts(headerBytes, bytes.subspan(kArtifactHeaderSize));
  if (computed != h.checksum)
    return malformed(formatMessage("checksum mismatch (stored %016" PRIx64 ", computed %016" PRIx64
                                   "): the file is corrupt", h.checksum, computed));

  auto metadata = sectionBytes(bytes, h.metadata, "metadata");
  if (!metadata) return metadata.takeError();
  auto code = sectionBytes(bytes, h.code, "code");
  if (!code) return code.takeError();
  auto trapBytes = sectionBytes(bytes, h.traps, "trap");
  if (!trapBytes) return trapBytes.takeError();
  auto functionBytes = sectionBytes(bytes, h.functions, "function");
  if (!functionBytes) return functionBytes.takeError();
  auto wasmOffsetBytes = sectionBytes(bytes, h.wasmOffsets, "wasm offset");
  if (!wasmOffsetBytes) return wasmOffsetBytes.takeError();
  if (code->size() > UINT32_MAX) return malformed("code section larger than 4 GiB");
  out.metadata = *metadata;
  out.code = *code;
  auto traps = readTable<ArtifactTrapSite>(*trapBytes, "trap");
  if (!traps) return traps.takeError();
  auto functions = readTable<ArtifactFunctionRange>(*functionBytes, "function");
  if (!functions) return functions.takeError();
  EMBER_TRY(checkTraps(*traps, code->size()));
  EMBER_TRY(checkFunctions(*functions, code->size()));
  EMBER_TRY(checkWasmOffsets(*wasmOffsetBytes, *functions));
  if constexpr (kKeepCodeDataRanges) EMBER_TRY(readDataRanges(bytes, h, code->size(), out));
  out.traps = std::move(traps.value());
  out.functions = std::move(functions.value());
  out.wasmOffsets = *wasmOffsetBytes;
  return out;
}

Result<void> checkArtifactTarget(const ArtifactHeader& h, const Config& config) {
  return checkArtifactTarget(h, config, hostCpuFeatureBits());
}

Result<void> checkArtifactTarget(const ArtifactHeader& h, const Config& config,
                                 uint32_t hostCpuFeatures) {
  if (h.arch != static_cast<uint32_t>(hostArtifactArch()))
    return mismatch(formatMessage("compiled for %s, this host is %s", artifactArchName(h.arch),
                                  artifactArchName(static_cast<uint32_t>(hostArtifactArch()))));
  if (h.abiFingerprint != runtimeAbiFingerprint())
    return mismatch(formatMessage("runtime ABI fingerprint %08x, this build's is %08x (a build "
                                  "with another VMContext layout wrote it)",
                                  h.abiFingerprint, runtimeAbiFingerprint()));
  if (uint32_t missing = h.cpuFeatures & ~hostCpuFeatures)
    return mismatch(formatMessage("the code uses CPU features this CPU lacks: %s",
                                   cpuFeatureNames(missing).c_str()));
  if (h.engineKind != kArtifactEngineJit)
    return mismatch(formatMessage("unknown code kind %u", h.engineKind));
  if (config.engine != EngineKind::Jit)
    return mismatch("the artifact holds JIT code, the engine is configured for the interpreter");
  auto boundsName = [](bool checks) { return checks ? "checks" : "signals"; };
  bool artifactChecks = h.bounds == static_cast<uint32_t>(ArtifactBounds::Checks);
  if (h.bounds > static_cast<uint32_t>(ArtifactBounds::Checks))
    return mismatch(formatMessage("unknown bounds mode %u", h.bounds));
  if (artifactChecks != (config.bounds == BoundsMode::Checks))
    return mismatch(formatMessage("compiled for bounds mode %s, the engine uses %s",
                                  boundsName(artifactChecks),
                                  boundsName(config.bounds == BoundsMode::Checks)));
  auto onOff = [](bool b) { return b ? "on" : "off"; };
  bool epochs = h.codeFlags & kCodeEpochChecks;
  if (epochs != config.epochInterruption)
    return mismatch(formatMessage("compiled with epoch interruption %s, the engine has it %s",
                                  onOff(epochs), onOff(config.epochInterruption)));
  bool fuel = h.codeFlags & kCodeFuelChecks;
  if (fuel != config.consumeFuel)
    return mismatch(formatMessage("compiled with fuel %s, the engine has it %s", onOff(fuel),
                                  onOff(config.consumeFuel)));
  if (!(h.codeFlags & kCodeTrapViaBuiltin) ||
      (h.codeFlags & ~(kCodeEpochChecks | kCodeFuelChecks | kCodeTrapViaBuiltin)))
    return mismatch(formatMessage("unknown code flags %08x", h.codeFlags));
  if (!artifactChecks && h.guardBytes != Memory::kGuardBytes)
    return mismatch(formatMessage("compiled for a %" PRIu64 "-byte guard region, this build "
                                  "reserves %" PRIu64, h.guardBytes, Memory::kGuardBytes));
  return success();
}

Config configForArtifact(const ArtifactHeader& h) {
  Config config;
  config.engine = EngineKind::Jit;
  config.bounds = h.bounds == static_cast<uint32_t>(ArtifactBounds::Checks) ? BoundsMode::Checks
                                                                           : BoundsMode::Signals;
  config.epochInterruption = h.codeFlags & kCodeEpochChecks;
  config.consumeFuel = h.codeFlags & kCodeFuelChecks;
  return config;
}

}  // namespace ember
