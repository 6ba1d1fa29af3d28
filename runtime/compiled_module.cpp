#include "runtime/compiled_module.h"

#include "runtime/format/decoder.h"
#include "runtime/format/module_validator.h"
#include "runtime/interp/code.h"
#include "runtime/interp/lowering.h"
#if EMBER_HAVE_JIT
#include "runtime/jit_engine.h"
#endif

namespace ember {

CompiledModule::CompiledModule(Engine& engine, Module module)
    : engine_(engine), module_(std::move(module)) {}

CompiledModule::~CompiledModule() = default;

std::string_view CompiledModule::functionName(uint32_t funcIndex) const {
  auto it = module_.names.functionNames.find(funcIndex);
  return it == module_.names.functionNames.end() ? std::string_view() : it->second;
}

Result<std::shared_ptr<const CompiledModule>> compileModule(Engine& engine,
                                                            std::span<const uint8_t> bytes) {
  Result<Module> decoded = decodeModule(bytes);
  if (!decoded) return decoded.takeError();
  EMBER_TRY(validateModule(*decoded));
  auto compiled = std::make_shared<CompiledModule>(engine, std::move(decoded.value()));
  for (const FuncType& t : compiled->module_.types)
    compiled->typeIds_.push_back(engine.types().intern(t));
  if (engine.config().engine == EngineKind::Jit) {
#if EMBER_HAVE_JIT
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
    EMBER_TRY(validateModuleAndBodies(compiled->module_));
    return Error(ErrorKind::Unsupported, "the JIT engine is not available in this build");
#endif
  }
  const Config& config = engine.config();
  auto code = interp::lowerModule(compiled->module_, compiled->typeIds_,
                                  {config.epochInterruption, config.consumeFuel});
  if (!code) {
    // As for the JIT: the whole-module validator picks the error the spec
    // reports (a malformed later body outranks an invalid earlier one).
    EMBER_TRY(validateModuleAndBodies(compiled->module_));
    return code.takeError();
  }
  compiled->interpCode_ = std::move(code.value());
  return std::shared_ptr<const CompiledModule>(std::move(compiled));
}

}  // namespace ember
