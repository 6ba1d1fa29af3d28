#include "runtime/format/types.h"

namespace ember {

const char* valTypeName(ValType type) {
  switch (type) {
    case ValType::Bottom: return "unknown";
    case ValType::I32: return "i32";
    case ValType::I64: return "i64";
    case ValType::F32: return "f32";
    case ValType::F64: return "f64";
    case ValType::V128: return "v128";
    case ValType::FuncRef: return "funcref";
    case ValType::ExternRef: return "externref";
  }
  return "?";
}

const char* externKindName(ExternKind kind) {
  switch (kind) {
    case ExternKind::Func: return "func";
    case ExternKind::Table: return "table";
    case ExternKind::Memory: return "memory";
    case ExternKind::Global: return "global";
  }
  return "?";
}

std::string FuncType::toString() const {
  std::string s = "[";
  for (size_t i = 0; i < params.size(); ++i) s += (i ? " " : "") + std::string(valTypeName(params[i]));
  s += "] -> [";
  for (size_t i = 0; i < results.size(); ++i) s += (i ? " " : "") + std::string(valTypeName(results[i]));
  return s + "]";
}

}  // namespace ember
