// The function validator's stack of operand types ("vals" in the spec's
// validation algorithm, appendix A.3): a flat byte array kept across
// functions, so a push is a bounds check and a store, and a new function
// allocates nothing once the buffer has grown to the largest body's need.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "runtime/format/types.h"

namespace ember {

class OperandStack {
 public:
  uint32_t size() const { return size_; }
  void clear() { size_ = 0; }

  [[gnu::always_inline]] void push(ValType type) {
    if (size_ == capacity_) [[unlikely]]
      grow();
    data_[size_++] = type;
  }
  ValType pop() { return data_[--size_]; }
  // Drops everything above `height` (the caller keeps height <= size()).
  void truncate(uint32_t height) { size_ = height; }

  // `fromTop` = 1 is the top value. The caller checks fromTop <= size().
  ValType peek(uint32_t fromTop) const { return data_[size_ - fromTop]; }
  void replaceTop(ValType type) { data_[size_ - 1] = type; }
  const ValType* top(uint32_t count) const { return data_ + size_ - count; }

  std::span<const ValType> view() const { return {data_, size_}; }

 private:
  // Bodies are at most kMaxFunctionSize bytes, every single push costs at
  // least one byte of code, and the pushes of a call's or a block's results
  // stop at kMaxOperandStackHeight, so doubling never runs away.
  [[gnu::noinline]] void grow() {
    storage_.resize(storage_.empty() ? 256 : storage_.size() * 2);
    data_ = storage_.data();
    capacity_ = static_cast<uint32_t>(storage_.size());
  }

  std::vector<ValType> storage_;
  ValType* data_ = nullptr;
  uint32_t size_ = 0;
  uint32_t capacity_ = 0;
};

}  // namespace ember
