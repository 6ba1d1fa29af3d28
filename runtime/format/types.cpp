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

static void appendTypeList(std::string& out, const std::vector<ValType>& types) {
  out += '[';
  for (size_t i = 0; i < types.size(); ++i) {
    if (i) out += ' ';
    out += valTypeName(types[i]);
  }
  out += ']';
}

std::string FuncType::toString() const {
  std::string s;
  appendTypeList(s, params);
  s += " -> ";
  appendTypeList(s, results);
  return s;
}

}  // namespace ember
