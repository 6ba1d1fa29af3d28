#include "runtime/compiled_module.h"

#include <cstring>

#include "abi/artifact_format.h"

// Neither the JIT compiler nor the interpreter: only artifacts can run.
#if EMBER_HAVE_ARTIFACTS && !EMBER_HAVE_JIT_COMPILER && !EMBER_HAVE_INTERP
#define EMBER_HAVE_ARTIFACTS_ONLY 1
#else
#define EMBER_HAVE_ARTIFACTS_ONLY 0
#endif

#include "platform/ember-platform.h"
#include "runtime/format/decoder.h"
#include "runtime/format/module_validator.h"
#if EMBER_HAVE_INTERP
#include "runtime/interp/code.h"
#include "runtime/interp/lowering.h"
#endif
#if EMBER_HAVE_JIT
#include "runtime/jit/engine.h"
#endif

namespace ember {

CompiledModule::CompiledModule(Engine& engine, Module module)
    : engine_(engine), module_(std::move(module)) {}

// Its code (and the instances, which hold the module) used the ids last.
CompiledModule::~CompiledModule() {
  for (uint32_t id : typeIds_) typeRegistry_->release(id);
}

std::string_view CompiledModule::functionName(uint32_t funcIndex) const {
  auto it = module_.names.functionNames.find(funcIndex);
  return it == module_.names.functionNames.end() ? std::string_view() : it->second;
}

void CompiledModule::internTypes() {
  typeRegistry_ = engine_.sharedTypes();
  for (const FuncType& t : module_.types) typeIds_.push_back(typeRegistry_->intern(t));
}

namespace {

// A build without `what` (DESIGN decision 9) validates no function body: in
// the runtime-only build (no JIT compiler, no interpreter) modules come
// only from precompiled artifacts.
[[maybe_unused]] Error noCompiler(const char* what) {
  return Error(ErrorKind::Unsupported,
               formatMessage("%s is not in this build%s", what,
                             EMBER_HAVE_ARTIFACTS_ONLY
                                 ? ": it is runtime-only and runs precompiled artifacts "
                                   "(ember compile -o) only"
                                 : ""));
}

}  // namespace

Result<std::shared_ptr<const CompiledModule>> compileModule(Engine& engine,
                                                            std::span<const uint8_t> bytes) {
  if (bytes.size() >= sizeof kArtifactMagic &&
      std::memcmp(bytes.data(), kArtifactMagic, sizeof kArtifactMagic) == 0)
    return Error(ErrorKind::Malformed,
                 "this is a precompiled Ember artifact, not a WebAssembly binary; load it with "
                 "deserialize (`ember run FILE.ember`)");
  Result<Module> decoded = decodeModule(bytes, ember_vm_prefault);
  if (!decoded) return decoded.takeError();
  EMBER_TRY(validateModule(*decoded));
  auto compiled = std::make_shared<CompiledModule>(engine, std::move(decoded.value()));
  compiled->internTypes();
  if (engine.config().engine == EngineKind::Jit) {
#if EMBER_HAVE_JIT_COMPILER
    // The compiler validates each body as it generates code (DESIGN
    // decision 1), so a valid module is read once. Only on failure does the
    // whole-module validator run, to pick the error the spec reports: a
    // malformed later body outranks an invalid earlier one, and an invalid
    // module outranks a feature the JIT does not support.
    auto jit = JitCode::compile(compiled->module_, engine.config());
    if (!jit) {
      EMBER_TRY(validateModuleAndBodies(compiled->module_));
      return jit.takeError();
    }
    compiled->jitCode_ = std::move(jit.value());
    return std::shared_ptr<const CompiledModule>(std::move(compiled));
#else
#if EMBER_HAVE_INTERP  // an invalid module is reported as such first, as with the JIT
    EMBER_TRY(interp::lowerModule(compiled->module_, compiled->typeIds_, {}));
#endif
    return noCompiler("the JIT compiler");
#endif
  }
#if EMBER_HAVE_INTERP
  const Config& config = engine.config();
  auto code = interp::lowerModule(compiled->module_, compiled->typeIds_,
                                  {config.epochInterruption, config.consumeFuel});
  // Its error is the one the spec reports (lowerModule ranks it), so no
  // second, plain validator is needed, nor built in an interpreter-only build.
  if (!code) return code.takeError();
  compiled->interpCode_ = std::move(code.value());
  return std::shared_ptr<const CompiledModule>(std::move(compiled));
#else
#if EMBER_HAVE_JIT_COMPILER  // an invalid module is reported as such first, as with the JIT
  EMBER_TRY(validateModuleAndBodies(compiled->module_));
#endif
  return noCompiler("the interpreter");
#endif
}

}  // namespace ember
