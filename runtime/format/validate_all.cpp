// The whole of spec 3.4 for one module: module-level rules, then every
// function body through the plain validator.
#include "runtime/format/function_validator.h"
#include "runtime/format/module_validator.h"

namespace ember {

namespace {

// The spec decodes the whole module before it validates any of it, so a
// malformed body anywhere outranks an invalid module or an earlier invalid
// body. Bodies are decoded lazily here, so on an invalid error the bodies
// not yet seen are decoded (only decoded) before the error is returned.
Result<void> preferMalformedBody(FunctionValidator<NullVisitor>& validator, const Module& module,
                                 uint32_t firstBody, Result<void> invalid) {
  for (uint32_t i = firstBody; i < module.definedFuncCount(); ++i) {
    Result<void> r = validator.checkEncoding(module.importedFuncCount + i);
    if (!r.ok() && r.error().kind() == ErrorKind::Malformed) return r;
  }
  return invalid;
}

}  // namespace

Result<void> validateModuleAndBodies(const Module& module) {
  NullVisitor visitor;
  FunctionValidator<NullVisitor> validator(module, visitor);
  Result<void> moduleResult = validateModule(module);
  if (!moduleResult.ok()) return preferMalformedBody(validator, module, 0, std::move(moduleResult));
  for (uint32_t i = 0; i < module.definedFuncCount(); ++i) {
    Result<void> r = validator.validate(module.importedFuncCount + i);
    if (r.ok()) continue;
    if (r.error().kind() != ErrorKind::Invalid) return r;
    return preferMalformedBody(validator, module, i + 1, std::move(r));
  }
  return success();
}

}  // namespace ember
