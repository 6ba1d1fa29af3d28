// Module-level validation (spec 3.4): everything except function bodies —
// types of imports, tables, memories, globals and their constant
// expressions, exports, start function, element and data segments.
// Failures are ErrorKind::Invalid.
#pragma once

#include "runtime/format/error.h"
#include "runtime/format/module.h"

namespace ember {

Result<void> validateModule(const Module& module);

// validateModule plus every function body through
// FunctionValidator<NullVisitor>: the whole of spec 3.4 for one module.
Result<void> validateModuleAndBodies(const Module& module);

}  // namespace ember
