// An external value (spec 4.2.11): what an import is given and what an
// export names — a function, table, memory or global of some store.
#pragma once

#include "runtime/format/types.h"

namespace ember {

class Function;
class Table;
class Memory;
class GlobalInstance;

struct Extern {
  ExternKind kind = ExternKind::Func;
  void* object = nullptr;  // Function*, Table*, Memory*, GlobalInstance*; nullptr = none

  static Extern of(Function* f) { return {ExternKind::Func, f}; }
  static Extern of(Table* t) { return {ExternKind::Table, t}; }
  static Extern of(Memory* m) { return {ExternKind::Memory, m}; }
  static Extern of(GlobalInstance* g) { return {ExternKind::Global, g}; }

  explicit operator bool() const { return object != nullptr; }
  Function* function() const { return kind == ExternKind::Func ? static_cast<Function*>(object) : nullptr; }
  Table* table() const { return kind == ExternKind::Table ? static_cast<Table*>(object) : nullptr; }
  Memory* memory() const { return kind == ExternKind::Memory ? static_cast<Memory*>(object) : nullptr; }
  GlobalInstance* global() const {
    return kind == ExternKind::Global ? static_cast<GlobalInstance*>(object) : nullptr;
  }
};

}  // namespace ember
