// A decoded, validated module prepared for its engine (for the interpreter:
// lowered code). Immutable; shared by every instance and store made from it.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "runtime/engine.h"
#include "runtime/format/error.h"
#include "runtime/format/module.h"

namespace ember {

namespace interp {
struct ModuleCode;
}
class JitCode;

class CompiledModule {
 public:
  CompiledModule(Engine& engine, Module module);
  ~CompiledModule();
  CompiledModule(const CompiledModule&) = delete;
  CompiledModule& operator=(const CompiledModule&) = delete;

  Engine& engine() const { return engine_; }
  const Module& module() const { return module_; }
  // Canonical type id (TypeRegistry) of each of the module's type indices.
  std::span<const uint32_t> typeIds() const { return typeIds_; }
  const interp::ModuleCode* interpCode() const { return interpCode_.get(); }
  // The JIT's code (runtime/jit/engine.h) when the engine is the JIT.
  const JitCode* jitCode() const { return jitCode_.get(); }
  // The same, shared: a store keeps the code its instances ran (trap PCs
  // map through it) even after they and the module are gone.
  std::shared_ptr<const JitCode> sharedJitCode() const { return jitCode_; }

  // Made by loadArtifact: module().bytes then has empty function bodies, so
  // only the code, not the binary, can make another copy.
  bool loadedFromArtifact() const { return loadedFromArtifact_; }

  // A function's name from the name section, or "" when it has none.
  std::string_view functionName(uint32_t funcIndex) const;

 private:
  friend Result<std::shared_ptr<const CompiledModule>> compileModule(Engine&,
                                                                     std::span<const uint8_t>);
  friend Result<std::shared_ptr<const CompiledModule>> loadArtifact(Engine&,
                                                                    std::span<const uint8_t>);
  // Canonical ids of the module's types in the engine's registry, a
  // reference to each held until the module is destroyed.
  void internTypes();
  Engine& engine_;
  Module module_;
  std::vector<uint32_t> typeIds_;
  std::shared_ptr<TypeRegistry> typeRegistry_;      // holds typeIds_'s references
  std::shared_ptr<interp::ModuleCode> interpCode_;  // shared_ptr: complete only with EMBER_HAVE_INTERP
  std::shared_ptr<const JitCode> jitCode_;  // shared_ptr: complete only with EMBER_HAVE_JIT
  bool loadedFromArtifact_ = false;
};

// Decodes, validates and prepares `bytes` for `engine`. Errors: Malformed,
// Invalid, or Unsupported (a feature the selected engine lacks, e.g. SIMD
// in the interpreter).
Result<std::shared_ptr<const CompiledModule>> compileModule(Engine& engine,
                                                            std::span<const uint8_t> bytes);

// Loads a precompiled artifact (abi/artifact_format.h) written by
// serializeModule, with no compiler and no function-body validation
// (runtime/artifact/artifact_loader.cpp). `bytes` may be freed afterwards:
// the code is copied into a code region and the metadata decoded. Errors
// name what does not match: Malformed (truncated, corrupt, a .wasm file)
// or Unsupported (format version, architecture, CPU features, bounds mode,
// epochs, fuel, engine kind).
Result<std::shared_ptr<const CompiledModule>> loadArtifact(Engine& engine,
                                                           std::span<const uint8_t> bytes);

// The artifact of a module compiled by the JIT (Unsupported for the
// interpreter): what loadArtifact reads, on any host with the same
// architecture, CPU features and code-changing config.
Result<std::vector<uint8_t>> serializeModule(const CompiledModule& module);

inline const Module& moduleOf(const CompiledModule& m) { return m.module(); }

}  // namespace ember
