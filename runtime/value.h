// Wasm values as the embedder sees them: arguments and results of calls,
// global values, table entries (spec 4.2.1).
#pragma once

#include <cstdint>
#include <cstring>

#include "runtime/format/types.h"

namespace ember {

struct V128 {
  uint64_t lo = 0, hi = 0;
  bool operator==(const V128&) const = default;
};

class Function;

// A reference value: null, a function, or an opaque host (extern) reference.
// For funcref, `ptr` is the Function*; for externref, whatever the host
// passed in (returned unchanged, compared by identity).
struct Ref {
  void* ptr = nullptr;
  bool isNull() const { return ptr == nullptr; }
  bool operator==(const Ref&) const = default;
};

struct Value {
  ValType type = ValType::I32;
  union {
    uint32_t i32;
    uint64_t i64;
    uint32_t f32;  // raw bits: NaN payloads must survive
    uint64_t f64;
    V128 v128;
    Ref ref;
  };
  Value() : v128() {}

  static Value fromI32(uint32_t v) {
    Value r;
    r.type = ValType::I32;
    r.i32 = v;
    return r;
  }
  static Value fromI64(uint64_t v) {
    Value r;
    r.type = ValType::I64;
    r.i64 = v;
    return r;
  }
  static Value fromF32Bits(uint32_t bits) {
    Value r;
    r.type = ValType::F32;
    r.f32 = bits;
    return r;
  }
  static Value fromF64Bits(uint64_t bits) {
    Value r;
    r.type = ValType::F64;
    r.f64 = bits;
    return r;
  }
  static Value fromF32(float f) {
    uint32_t b;
    std::memcpy(&b, &f, 4);
    return fromF32Bits(b);
  }
  static Value fromF64(double d) {
    uint64_t b;
    std::memcpy(&b, &d, 8);
    return fromF64Bits(b);
  }
  static Value fromV128(V128 v) {
    Value r;
    r.type = ValType::V128;
    r.v128 = v;
    return r;
  }
  static Value fromRef(ValType type, Ref ref) {
    Value r;
    r.type = type;
    r.ref = ref;
    return r;
  }
  static Value fromFunction(Function* f) { return fromRef(ValType::FuncRef, Ref{f}); }
  static Value null(ValType refType) { return fromRef(refType, Ref{}); }
  // The zero value of a type (spec 4.2.1 default): 0, +0.0, or null.
  static Value zero(ValType type) {
    Value r;
    r.type = type;
    return r;
  }

  float asF32() const {
    float f;
    std::memcpy(&f, &f32, 4);
    return f;
  }
  double asF64() const {
    double d;
    std::memcpy(&d, &f64, 8);
    return d;
  }
  Function* asFunction() const { return static_cast<Function*>(ref.ptr); }
};

}  // namespace ember
