#include "jit/module_compiler.h"

#include "jit/codegen.h"
#include "runtime/format/function_validator.h"

namespace ember {

namespace {

MasmOptions masmOptionsFor(const JitOptions& options) {
  MasmOptions m;
  m.vmctx.memoryBase = options.layout.memoryBase;
  m.vmctx.memoryLength = options.layout.memoryLength;
  m.vmctx.stackLimit = options.layout.stackLimit;
  m.vmctx.builtins = options.layout.builtins;
  m.trapBuiltin = options.trapViaBuiltin ? static_cast<int32_t>(BuiltinId::Trap) : -1;
  m.baselineCpuFeatures = options.baselineCpuFeatures;
  return m;
}

}  // namespace

Result<CompiledCode> compileModule(const Module& module, const JitOptions& options) {
  if (auto supported = MacroAssembler::checkHostSupport(); !supported) {
    return supported.takeError();
  }
  MacroAssembler masm(masmOptionsFor(options));
  Codegen codegen(module, masm, options);
  FunctionValidator<Codegen> validator(module, codegen);
  for (uint32_t i = 0; i < module.definedFuncCount(); i++) {
    uint32_t funcIndex = module.importedFuncCount + i;
    if (auto r = validator.validate(funcIndex); !r) return r.takeError();
  }
  return masm.finalize();
}

}  // namespace ember
