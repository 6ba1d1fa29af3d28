#include "runtime/type_registry.h"

#include <mutex>  // std::lock_guard

namespace ember {

size_t TypeRegistry::Hash::operator()(const FuncType& t) const {
  size_t h = t.params.size() * 1000003u + t.results.size();
  for (ValType v : t.params) h = h * 31 + static_cast<size_t>(v);
  h = h * 17 + 7;
  for (ValType v : t.results) h = h * 31 + static_cast<size_t>(v);
  return h;
}

uint32_t TypeRegistry::intern(const FuncType& type) {
  std::lock_guard<RuntimeMutex> lock(mutex_);
  auto it = ids_.find(type);
  if (it != ids_.end()) return it->second;
  uint32_t id = static_cast<uint32_t>(types_.size());
  types_.push_back(type);
  ids_.emplace(type, id);
  return id;
}

const FuncType& TypeRegistry::type(uint32_t id) const {
  std::lock_guard<RuntimeMutex> lock(mutex_);
  return types_[id];
}

}  // namespace ember
