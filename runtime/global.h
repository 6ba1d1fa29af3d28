// A global variable (spec 4.2.9). Its value lives in a VMGlobal cell that
// engine code reads and writes directly; importers share the same cell.
#pragma once

#include "abi/vm_context.h"
#include "runtime/format/error.h"
#include "runtime/format/types.h"
#include "runtime/reclaim_mark.h"
#include "runtime/value.h"

namespace ember {

// (Named GlobalInstance, the spec's term, because `Global` is the module's
// global declaration in runtime/format/module.h.)
class GlobalInstance : public ReclaimMark {
 public:
  GlobalInstance(const GlobalType& type, const Value& init) : type_(type) { setUnchecked(init); }

  const GlobalType& type() const { return type_; }
  Value value() const;
  // Sets a mutable global; fails (Invalid) for an immutable one or a value
  // of the wrong type.
  Result<void> set(const Value& v);
  // Sets without the mutability check (initialisation).
  void setUnchecked(const Value& v);

  VMGlobal* vm() { return &vm_; }

 private:
  VMGlobal vm_;
  GlobalType type_;
};

inline Value globalValue(const GlobalInstance* g) { return g->value(); }

}  // namespace ember
