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

// The operator the validator is at, from the start of the body being
// compiled: what the masm records at call and trap sites.
struct OperatorOffset {
  const FunctionValidator<Codegen>* validator;
  uint32_t bodyOffset;
  static uint32_t read(const void* self) {
    const auto* o = static_cast<const OperatorOffset*>(self);
    return o->validator->offset() - o->bodyOffset;
  }
};

void locateBodies(CompiledCode& code, const Module& module) {
  for (FunctionRange& f : code.functions) {
    const FunctionBody& body = module.bodies[f.funcIndex - module.importedFuncCount];
    f.bodyOffset = body.offset;
    f.bodySize = body.end - body.offset;
  }
}

}  // namespace

Result<CompiledCode> compileModule(const Module& module, const JitOptions& options) {
  if (auto supported = MacroAssembler::checkHostSupport(); !supported) {
    return supported.takeError();
  }
  MacroAssembler masm(masmOptionsFor(options));
  Codegen codegen(module, masm, options);
  FunctionValidator<Codegen> validator(module, codegen);
  OperatorOffset where{&validator, 0};
  masm.setWasmOffsetSource({&where, &OperatorOffset::read});
  for (uint32_t i = 0; i < module.definedFuncCount(); i++) {
    uint32_t funcIndex = module.importedFuncCount + i;
    where.bodyOffset = i < module.bodies.size() ? module.bodies[i].offset : 0;
    if (auto r = validator.validate(funcIndex); !r) return r.takeError();
  }
  Result<CompiledCode> code = masm.finalize();
  if (code) locateBodies(*code, module);
  return code;
}

}  // namespace ember
