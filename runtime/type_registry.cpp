#include "runtime/type_registry.h"

#include <mutex>  // std::lock_guard

namespace ember {

namespace {

size_t hashOf(const FuncType& t) {
  size_t h = t.params.size() * 1000003u + t.results.size();
  for (ValType v : t.params) h = h * 31 + static_cast<size_t>(v);
  h = h * 17 + 7;
  for (ValType v : t.results) h = h * 31 + static_cast<size_t>(v);
  return h ^ (h >> 17);
}

}  // namespace

uint32_t& TypeRegistry::slotOf(const FuncType& type) {
  size_t mask = index_.size() - 1;
  for (size_t i = hashOf(type) & mask;; i = (i + 1) & mask) {
    uint32_t& slot = index_[i];
    if (slot == 0 || *types_[slot - 1] == type) return slot;
  }
}

void TypeRegistry::growIndex() {
  index_.assign(index_.empty() ? 16 : index_.size() * 2, 0);
  for (uint32_t id = 0; id < types_.size(); ++id) slotOf(*types_[id]) = id + 1;
}

uint32_t TypeRegistry::intern(const FuncType& type) {
  std::lock_guard<RuntimeMutex> lock(mutex_);
  if (2 * (types_.size() + 1) > index_.size()) growIndex();
  uint32_t& slot = slotOf(type);
  if (slot == 0) {
    types_.push_back(std::make_unique<FuncType>(type));
    slot = static_cast<uint32_t>(types_.size());
  }
  return slot - 1;
}

const FuncType& TypeRegistry::type(uint32_t id) const {
  std::lock_guard<RuntimeMutex> lock(mutex_);
  return *types_[id];
}

}  // namespace ember
