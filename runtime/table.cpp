#include "runtime/table.h"

#include <algorithm>
#include <cstring>
#include <new>

#include "abi/builtin_ids.h"
#include "runtime/bulk_pieces.h"
#include "runtime/capacity_growth.h"
#include "runtime/function.h"
#include "runtime/zeroed_allocation.h"

namespace ember {

void* Table::toEngine(ValType type, Ref ref) {
  if (type == ValType::FuncRef && ref.ptr)
    return static_cast<VMFunction*>(static_cast<Function*>(ref.ptr));
  return ref.ptr;
}

Ref Table::fromEngine(ValType type, void* p) {
  if (type == ValType::FuncRef && p) return Ref{static_cast<Function*>(static_cast<VMFunction*>(p))};
  return Ref{p};
}

Result<std::unique_ptr<Table>> Table::create(const TableType& type, Ref init,
                                             uint64_t elementLimit,
                                             ResourceCounter* storeElements) {
  uint64_t maxSize = std::min<uint64_t>(type.limits.max.value_or(0xFFFFFFFFu), elementLimit);
  uint64_t min = type.limits.min;
  if (min > maxSize)
    return Error(ErrorKind::Resource,
                 formatMessage("table of %llu elements exceeds the limit of %llu",
                               (unsigned long long)min, (unsigned long long)maxSize));
  if (storeElements && !storeElements->take(min))
    return Error(ErrorKind::Resource,
                 formatMessage("table of %llu elements passes the store's limit of %llu table "
                               "elements (%llu in use)",
                               (unsigned long long)min, (unsigned long long)storeElements->limit(),
                               (unsigned long long)storeElements->used()));
  std::unique_ptr<Table> t(new (std::nothrow) Table());
  if (!t) {
    if (storeElements) storeElements->give(min);
    return Error(ErrorKind::Resource, "out of host memory creating a table");
  }
  t->storeElements_ = storeElements;
  t->type_ = type;
  t->maxSize_ = maxSize;
  if (min) {
    // Zeroed (runtime/zeroed_allocation.h): on POSIX a table of nulls stays
    // untouched zero pages until written; on a custom platform the heap.
    t->vm_.elements = static_cast<void**>(allocateZeroed(min, sizeof(void*)));
    if (!t->vm_.elements) {
      if (storeElements) storeElements->give(min);
      t->storeElements_ = nullptr;
      return Error(ErrorKind::Resource,
                   formatMessage("out of host memory for a table of %llu elements",
                                 (unsigned long long)min));
    }
  }
  if (void* init0 = toEngine(type.elemType, init)) std::fill_n(t->vm_.elements, min, init0);
  t->vm_.size = min;
  t->capacity_ = min;
  t->nullFrom_ = min;
  return t;
}

Table::~Table() {
  freeZeroed(vm_.elements);
  if (storeElements_) storeElements_->give(vm_.size);
}

TableType Table::type() const {
  TableType t = type_;
  t.limits.min = size();
  return t;
}

Ref Table::get(uint64_t index) const { return fromEngine(type_.elemType, vm_.elements[index]); }

void Table::set(uint64_t index, Ref value) { vm_.elements[index] = toEngine(type_.elemType, value); }

int64_t Table::grow(uint64_t delta, Ref init, const VMContext* caller) {
  uint64_t old = size();
  if (delta > maxSize_ - old) return -1;
  if (delta == 0) return static_cast<int64_t>(old);
  if (storeElements_ && !storeElements_->take(delta)) return -1;
  if (old + delta > capacity_ && !moveToLargerBlock(old + delta)) {
    if (storeElements_) storeElements_->give(delta);
    return -1;
  }
  if (!setNewEntries(old, delta, toEngine(type_.elemType, init), caller)) {
    if (storeElements_) storeElements_->give(delta);
    return kGrowInterrupted;
  }
  vm_.size = old + delta;
  nullFrom_ = std::max(nullFrom_, vm_.size);
  mirrors_.update(vm_.elements, vm_.size);
  return static_cast<int64_t>(old);
}

// Sets the `n` entries from `first` (past the size) to `value`, skipping
// those already null when it is null; false when `caller`'s deadline
// stopped it midway.
bool Table::setNewEntries(uint64_t first, uint64_t n, void* value, const VMContext* caller) {
  uint64_t end = first + n;
  if (!value) end = std::min(end, std::max(first, nullFrom_));
  if (end == first) return true;
  if (!caller) {
    std::fill(vm_.elements + first, vm_.elements + end, value);
    return true;
  }
  if (fillInPieces(caller, vm_.elements + first, value, end - first)) return true;
  nullFrom_ = std::max(nullFrom_, end);  // some of them hold `value` now
  return false;
}

// A table grown past its block moves to one of doubledCapacity(); a heap
// that cannot give that much may still give exactly the new size. The
// elements past the size are set when the table grows into them.
bool Table::moveToLargerBlock(uint64_t newSize) {
  const uint64_t storeAvailable = storeElements_ ? storeElements_->available() : maxSize_;
  uint64_t capacity =
      doubledCapacity(newSize, capacity_, capacityLimit(newSize, maxSize_, storeAvailable));
  auto* larger = static_cast<void**>(allocateZeroed(capacity, sizeof(void*)));
  if (!larger && capacity > newSize) {
    capacity = newSize;
    larger = static_cast<void**>(allocateZeroed(capacity, sizeof(void*)));
  }
  if (!larger) return false;
  if (vm_.size) std::memcpy(larger, vm_.elements, vm_.size * sizeof(void*));
  freeZeroed(vm_.elements);
  vm_.elements = larger;
  capacity_ = capacity;
  nullFrom_ = vm_.size;
  return true;
}

}  // namespace ember
