// The whole of spec 3.4 for one module: module-level rules, then every
// function body through the plain validator.
#include "runtime/format/function_validator.h"
#include "runtime/format/module_validator.h"

namespace ember {

Result<void> validateModuleAndBodies(const Module& module) {
  NullVisitor visitor;
  FunctionValidator<NullVisitor> validator(module, visitor);
  Result<void> moduleResult = validateModule(module);
  if (!moduleResult.ok()) return preferLaterMalformedBody(validator, module, 0, std::move(moduleResult));
  for (uint32_t i = 0; i < module.definedFuncCount(); ++i) {
    Result<void> r = validator.validate(module.importedFuncCount + i);
    if (r.ok()) continue;
    return preferLaterMalformedBody(validator, module, i + 1, std::move(r));
  }
  return success();
}

}  // namespace ember
