// Canonical function type ids, engine-wide: two structurally equal function
// types get the same id in every module, so call_indirect's signature check
// (spec 4.4.8) across instances is one integer compare.
#pragma once

#include <cstdint>
#include <deque>
#include <unordered_map>

#include "runtime/threading.h"
#include "runtime/format/types.h"

namespace ember {

class TypeRegistry {
 public:
  // The id of `type`, allocating one the first time it is seen.
  uint32_t intern(const FuncType& type);
  // The type of an id returned by intern(); stable for the registry's life.
  const FuncType& type(uint32_t id) const;

 private:
  struct Hash {
    size_t operator()(const FuncType& t) const;
  };
  mutable RuntimeMutex mutex_;
  std::deque<FuncType> types_;
  std::unordered_map<FuncType, uint32_t, Hash> ids_;
};

}  // namespace ember
