#include "runtime/type_registry.h"

#include <mutex>  // std::lock_guard

namespace ember {

namespace {

size_t hashOf(const FuncType& t) {
  size_t h = t.params.size() * 1000003u + t.results.size();
  for (ValType v : t.params) h = h * 31 + static_cast<size_t>(v);
  h = h * 17 + 7;
  for (ValType v : t.results) h = h * 31 + static_cast<size_t>(v);
  return h;
}

}  // namespace

// Where a type goes in the index depends on this registry's address too
// (randomised by ASLR), so a module cannot aim its types at one run of
// slots to make interning quadratic; only types whose polynomial hashes
// are equal still meet, which 1,000 parameters of a few value types make
// impractical.
size_t TypeRegistry::seededHash(const FuncType& type) const {
  uint64_t h = (hashOf(type) ^ reinterpret_cast<uintptr_t>(this)) * 0x9E3779B97F4A7C15u;
  return static_cast<size_t>(h ^ (h >> 29));
}

uint32_t& TypeRegistry::slotOf(const FuncType& type, size_t hash) {
  size_t mask = index_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    uint32_t& slot = index_[i];
    if (slot == 0) return slot;
    const Entry& e = entries_[slot - 1];
    if (e.hash == hash && *e.type == type) return slot;
  }
}

void TypeRegistry::growIndex() {
  index_.assign(index_.empty() ? 16 : index_.size() * 2, 0);
  for (uint32_t id = 0; id < entries_.size(); ++id)
    if (entries_[id].type) slotOf(*entries_[id].type, entries_[id].hash) = id + 1;
}

// Linear probing's deletion: every later entry of the same run that could
// not sit in its home slot while `id` was there moves back into the hole.
void TypeRegistry::eraseFromIndex(uint32_t id) {
  size_t mask = index_.size() - 1;
  size_t hole = entries_[id].hash & mask;
  while (index_[hole] != id + 1) hole = (hole + 1) & mask;
  for (size_t next = (hole + 1) & mask; index_[next] != 0; next = (next + 1) & mask) {
    size_t home = entries_[index_[next] - 1].hash & mask;
    // It stays when its home lies cyclically in (hole, next].
    bool stays = hole < next ? (hole < home && home <= next) : (hole < home || home <= next);
    if (stays) continue;
    index_[hole] = index_[next];
    hole = next;
  }
  index_[hole] = 0;
}

uint32_t TypeRegistry::intern(const FuncType& type) {
  std::lock_guard<RuntimeMutex> lock(mutex_);
  if (2 * (live_ + 1) > index_.size()) growIndex();
  size_t hash = seededHash(type);
  uint32_t& slot = slotOf(type, hash);
  if (slot == 0) {
    uint32_t id = static_cast<uint32_t>(entries_.size());
    if (!freeIds_.empty()) {
      id = freeIds_.back();
      freeIds_.pop_back();
    } else {
      entries_.emplace_back();
    }
    entries_[id].type = std::make_unique<FuncType>(type);
    entries_[id].hash = hash;
    slot = id + 1;
    ++live_;
  }
  ++entries_[slot - 1].references;
  return slot - 1;
}

void TypeRegistry::release(uint32_t id) {
  std::lock_guard<RuntimeMutex> lock(mutex_);
  Entry& e = entries_[id];
  if (--e.references != 0) return;
  eraseFromIndex(id);
  e.type.reset();
  freeIds_.push_back(id);
  --live_;
}

const FuncType& TypeRegistry::type(uint32_t id) const {
  std::lock_guard<RuntimeMutex> lock(mutex_);
  return *entries_[id].type;
}

size_t TypeRegistry::liveCount() const {
  std::lock_guard<RuntimeMutex> lock(mutex_);
  return live_;
}

}  // namespace ember
