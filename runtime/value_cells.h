// Values (runtime/value.h) to and from the engines' value cells
// (abi/value_cell.h), by type: how arguments and results cross between the
// host and either engine.
#pragma once

#include "abi/value_cell.h"
#include "runtime/format/types.h"
#include "runtime/value.h"

namespace ember {

ValueCell cellOf(const Value& v, ValType type);
Value valueOf(const ValueCell& c, ValType type);

}  // namespace ember
