#include "runtime/global.h"

#include "runtime/value_cells.h"

namespace ember {

Value GlobalInstance::value() const { return valueOf(vm_.value, type_.type); }

void GlobalInstance::setUnchecked(const Value& v) { vm_.value = cellOf(v, type_.type); }

Result<void> GlobalInstance::set(const Value& v) {
  if (!type_.isMutable) return Error(ErrorKind::Invalid, "global is immutable");
  if (v.type != type_.type) return Error(ErrorKind::Invalid, "global type mismatch");
  setUnchecked(v);
  return success();
}

}  // namespace ember
