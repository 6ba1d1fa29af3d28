#include "runtime/value_cells.h"

#include "runtime/table.h"

namespace ember {

ValueCell cellOf(const Value& v, ValType type) {
  switch (type) {
    case ValType::I32:
    case ValType::F32: return ValueCell{v.i32, 0};
    case ValType::I64:
    case ValType::F64: return ValueCell{v.i64, 0};
    case ValType::V128: return ValueCell{v.v128.lo, v.v128.hi};
    case ValType::FuncRef:
    case ValType::ExternRef: return ValueCell::fromRef(Table::toEngine(type, v.ref));
    case ValType::Bottom: break;
  }
  return ValueCell{};
}

Value valueOf(const ValueCell& c, ValType type) {
  switch (type) {
    case ValType::I32: return Value::fromI32(c.i32());
    case ValType::I64: return Value::fromI64(c.lo);
    case ValType::F32: return Value::fromF32Bits(c.i32());
    case ValType::F64: return Value::fromF64Bits(c.lo);
    case ValType::V128: return Value::fromV128(V128{c.lo, c.hi});
    case ValType::FuncRef:
    case ValType::ExternRef: return Value::fromRef(type, Table::fromEngine(type, c.ref()));
    case ValType::Bottom: break;
  }
  return Value();
}

}  // namespace ember
