#include "runtime/global.h"

#include "runtime/table.h"

namespace ember {

Value GlobalInstance::value() const {
  const ValueCell& c = vm_.value;
  switch (type_.type) {
    case ValType::I32: return Value::fromI32(c.i32());
    case ValType::I64: return Value::fromI64(c.lo);
    case ValType::F32: return Value::fromF32Bits(c.i32());
    case ValType::F64: return Value::fromF64Bits(c.lo);
    case ValType::V128: return Value::fromV128(V128{c.lo, c.hi});
    case ValType::FuncRef:
    case ValType::ExternRef: return Value::fromRef(type_.type, Table::fromEngine(type_.type, c.ref()));
    case ValType::Bottom: break;
  }
  return Value();
}

void GlobalInstance::setUnchecked(const Value& v) {
  ValueCell& c = vm_.value;
  switch (type_.type) {
    case ValType::I32:
    case ValType::F32: c = ValueCell{v.i32, 0}; break;
    case ValType::I64:
    case ValType::F64: c = ValueCell{v.i64, 0}; break;
    case ValType::V128: c = ValueCell{v.v128.lo, v.v128.hi}; break;
    case ValType::FuncRef:
    case ValType::ExternRef: c = ValueCell::fromRef(Table::toEngine(type_.type, v.ref)); break;
    case ValType::Bottom: break;
  }
}

Result<void> GlobalInstance::set(const Value& v) {
  if (!type_.isMutable) return Error(ErrorKind::Invalid, "global is immutable");
  if (v.type != type_.type) return Error(ErrorKind::Invalid, "global type mismatch");
  setUnchecked(v);
  return success();
}

}  // namespace ember
