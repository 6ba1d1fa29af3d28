#include "runtime/format/module_validator.h"

namespace ember {

// Placeholder until the module validator lands.
Result<void> validateModule(const Module&) { return Error(ErrorKind::Invalid, "not implemented"); }

}  // namespace ember
