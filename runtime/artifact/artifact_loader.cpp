// loadArtifact and serializeModule (runtime/compiled_module.h): a
// CompiledModule from an artifact's checked parts (artifact_reader.h), and
// back. Loading decodes the metadata with the ordinary decoder and module
// validator, then checks the code tables against the decoded module; it
// never validates or compiles a function body.
#include <vector>

#include "runtime/artifact/artifact_reader.h"
#include "runtime/artifact/artifact_writer.h"
#include "runtime/compiled_module.h"
#include "runtime/format/decoder.h"
#include "runtime/format/module_validator.h"
#include "runtime/jit/engine.h"

namespace ember {

namespace {

Error malformed(std::string message) {
  return Error(ErrorKind::Malformed, formatMessage("invalid artifact: %s", message.c_str()));
}

// Every defined function has exactly one code range, and no range names an
// imported or unknown function.
Result<void> checkFunctionsCoverModule(const std::vector<ArtifactFunctionRange>& functions,
                                       const Module& module) {
  if (functions.size() != module.definedFuncCount())
    return malformed(formatMessage("%zu function code ranges for %u defined functions",
                                   functions.size(), module.definedFuncCount()));
  std::vector<bool> seen(module.definedFuncCount(), false);
  for (const ArtifactFunctionRange& f : functions) {
    uint32_t defined = f.funcIndex - module.importedFuncCount;
    if (f.funcIndex < module.importedFuncCount || defined >= module.definedFuncCount() ||
        seen[defined])
      return malformed(formatMessage("code range for function %u, which is imported, unknown or "
                                     "already given", f.funcIndex));
    seen[defined] = true;
  }
  return success();
}

std::vector<TrapSite> trapSitesOf(const std::vector<ArtifactTrapSite>& traps) {
  std::vector<TrapSite> out;
  out.reserve(traps.size());
  for (const ArtifactTrapSite& t : traps)
    out.push_back({t.codeOffset, static_cast<TrapCode>(t.trapCode)});
  return out;
}

std::vector<CodeDataRange> dataRangesOf(const std::vector<ArtifactDataRange>& ranges) {
  std::vector<CodeDataRange> out;
  out.reserve(ranges.size());
  for (const ArtifactDataRange& d : ranges) out.push_back({d.begin, d.end});
  return out;
}

std::vector<FunctionRange> functionRangesOf(const std::vector<ArtifactFunctionRange>& functions) {
  std::vector<FunctionRange> out;
  out.reserve(functions.size());
  for (const ArtifactFunctionRange& f : functions)
    out.push_back({f.funcIndex, f.begin, f.end, f.bodyOffset, f.bodySize, f.offsetsBegin,
                   f.offsetsSize});
  return out;
}

}  // namespace

Result<std::shared_ptr<const CompiledModule>> loadArtifact(Engine& engine,
                                                           std::span<const uint8_t> bytes) {
  auto contents = readArtifact(bytes);
  if (!contents) return contents.takeError();
  EMBER_TRY(checkArtifactTarget(contents->header, engine.config()));
  Result<Module> decoded = decodeModule(contents->metadata);
  if (!decoded)
    return malformed(formatMessage("metadata: %s", decoded.error().message().c_str()));
  if (auto valid = validateModule(*decoded); !valid) {
    // A module this build cannot run (v128 in a build without SIMD) is
    // unsupported here, not a broken artifact.
    if (valid.error().kind() == ErrorKind::Unsupported) return valid.takeError();
    return malformed(formatMessage("metadata: %s", valid.error().message().c_str()));
  }
  EMBER_TRY(checkFunctionsCoverModule(contents->functions, *decoded));

  auto compiled = std::make_shared<CompiledModule>(engine, std::move(decoded.value()));
  compiled->internTypes();
  auto jit = JitCode::load(
      compiled->module_, engine.config(), contents->code, trapSitesOf(contents->traps),
      functionRangesOf(contents->functions),
      std::vector<uint8_t>(contents->wasmOffsets.begin(), contents->wasmOffsets.end()),
      kKeepCodeDataRanges ? dataRangesOf(contents->dataRanges) : std::vector<CodeDataRange>{});
  if (!jit) return jit.takeError();
  compiled->jitCode_ = std::move(jit.value());
  compiled->loadedFromArtifact_ = true;
  return std::shared_ptr<const CompiledModule>(std::move(compiled));
}

Result<std::vector<uint8_t>> serializeModule(const CompiledModule& module) {
  return writeArtifact(module);
}

}  // namespace ember
