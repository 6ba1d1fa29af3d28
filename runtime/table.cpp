#include "runtime/table.h"

#include <algorithm>

#include "runtime/function.h"

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
                                             uint64_t elementLimit) {
  uint64_t maxSize = std::min<uint64_t>(type.limits.max.value_or(0xFFFFFFFFu), elementLimit);
  if (type.limits.min > maxSize)
    return Error(ErrorKind::Resource,
                 formatMessage("table of %llu elements exceeds the limit of %llu",
                               (unsigned long long)type.limits.min, (unsigned long long)maxSize));
  std::unique_ptr<Table> t(new Table());
  t->type_ = type;
  t->maxSize_ = maxSize;
  t->elements_.assign(type.limits.min, toEngine(type.elemType, init));
  t->vm_.elements = t->elements_.data();
  t->vm_.size = t->elements_.size();
  return t;
}

TableType Table::type() const {
  TableType t = type_;
  t.limits.min = size();
  return t;
}

Ref Table::get(uint64_t index) const { return fromEngine(type_.elemType, elements_[index]); }

void Table::set(uint64_t index, Ref value) { elements_[index] = toEngine(type_.elemType, value); }

int64_t Table::grow(uint64_t delta, Ref init) {
  uint64_t old = size();
  if (delta > maxSize_ - old) return -1;
  elements_.resize(old + delta, toEngine(type_.elemType, init));
  vm_.elements = elements_.data();
  vm_.size = elements_.size();
  return static_cast<int64_t>(old);
}

}  // namespace ember
