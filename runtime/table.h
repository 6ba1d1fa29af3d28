// A table of references (spec 4.2.7). Entries are stored as engine-level
// pointers (VMFunction* for funcref, the host pointer for externref) in a
// VMTable that engine code indexes directly.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "abi/vm_context.h"
#include "runtime/context_mirrors.h"
#include "runtime/format/error.h"
#include "runtime/format/types.h"
#include "runtime/reclaim_mark.h"
#include "runtime/resource_counter.h"
#include "runtime/value.h"

namespace ember {

class Table : public ReclaimMark {
 public:
  // `elementLimit` is the per-table cap (Config::maxTableElements);
  // `storeElements`, when given, the store's total of table elements
  // (Config::maxStoreTableElements), taken from on creation and growth and
  // given back on destruction. The elements are allocated without throwing:
  // a host out of memory is a Resource error (or -1 from grow).
  static Result<std::unique_ptr<Table>> create(const TableType& type, Ref init,
                                                uint64_t elementLimit,
                                                ResourceCounter* storeElements = nullptr);
  ~Table();
  Table(const Table&) = delete;
  Table& operator=(const Table&) = delete;

  ValType elemType() const { return type_.elemType; }
  uint64_t size() const { return vm_.size; }
  // Elements the current block holds: the size and room to grow.
  uint64_t capacity() const { return capacity_; }
  // The type with the current size as its minimum (for import matching).
  TableType type() const;

  // Out-of-range indices are the caller's to check (spec traps).
  Ref get(uint64_t index) const;
  void set(uint64_t index, Ref value);
  // table.grow (spec 4.4.6): the old size, or -1. When wasm code grows it,
  // `caller` is that code's context: a large grow then sets the new entries
  // in pieces and stops at its store's epoch deadline, with the table
  // unchanged, returning kGrowInterrupted (abi/builtin_ids.h).
  int64_t grow(uint64_t delta, Ref init, const VMContext* caller = nullptr);

  VMTable* vm() { return &vm_; }
  // Keeps `*copy` equal to vm() from now on (engine code reads table 0's
  // elements and size from each VMContext using this table).
  void mirrorTo(ContextMirror& mirror, VMTable* copy) {
    mirrors_.add(mirror, &copy->elements, &copy->size, vm_.elements, vm_.size);
  }
  // Stops updating `mirror` (its context is going away).
  void stopMirroring(ContextMirror& mirror) { mirrors_.remove(mirror); }

  // Engine-level representation of a reference of this table's type.
  static void* toEngine(ValType type, Ref ref);
  static Ref fromEngine(ValType type, void* p);

 private:
  Table() = default;
  bool moveToLargerBlock(uint64_t newSize);
  bool setNewEntries(uint64_t first, uint64_t n, void* value, const VMContext* caller);

  VMTable vm_;  // vm_.elements: allocateZeroed, capacity_ of them, vm_.size in use
  uint64_t capacity_ = 0;
  // Elements from here to capacity_ are null (still zero from allocation),
  // so a grow with a null init need not write them: pages of a large table
  // stay untouched until used. Past vm_.size only after an interrupted grow.
  uint64_t nullFrom_ = 0;
  TableType type_;
  uint64_t maxSize_ = 0;
  ResourceCounter* storeElements_ = nullptr;
  ContextMirrors mirrors_;
};

}  // namespace ember
