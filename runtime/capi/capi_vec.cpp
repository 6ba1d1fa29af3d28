// The wasm_*_vec_t functions of wasm.h: plain byte and value vectors, and
// vectors of owned pointers whose copy deep-copies and whose delete
// deletes every element.
#include <cstdlib>
#include <cstring>

#include "runtime/capi/capi_objects.h"
#include "runtime/zeroed_allocation.h"

namespace {

// Storage is zero-filled (runtime/zeroed_allocation.h) so that
// new_uninitialized of pointer vectors starts with NULL elements (safe to
// delete unfilled).
template <typename Vec, typename Elem>
void vecAlloc(Vec* out, size_t size) {
  out->size = size;
  out->data = size ? static_cast<Elem*>(ember::allocateZeroed(size, sizeof(Elem))) : nullptr;
}

template <typename Vec>
void vecFree(Vec* v) {
  ember::freeZeroed(v->data);
  v->size = 0;
  v->data = nullptr;
}

}  // namespace

// Plain element vectors (bytes): elements are copied bitwise.
#define EMBER_PLAIN_VEC(name)                                                                 \
  extern "C" void wasm_##name##_vec_new_empty(wasm_##name##_vec_t* out) {                     \
    out->size = 0;                                                                            \
    out->data = nullptr;                                                                      \
  }                                                                                           \
  extern "C" void wasm_##name##_vec_new_uninitialized(wasm_##name##_vec_t* out, size_t size) { \
    vecAlloc<wasm_##name##_vec_t, wasm_##name##_t>(out, size);                                \
  }                                                                                           \
  extern "C" void wasm_##name##_vec_new(wasm_##name##_vec_t* out, size_t size,                \
                                        const wasm_##name##_t data[]) {                       \
    vecAlloc<wasm_##name##_vec_t, wasm_##name##_t>(out, size);                                \
    if (size) std::memcpy(out->data, data, size * sizeof(wasm_##name##_t));                  \
  }                                                                                           \
  extern "C" void wasm_##name##_vec_copy(wasm_##name##_vec_t* out,                            \
                                         const wasm_##name##_vec_t* src) {                    \
    wasm_##name##_vec_new(out, src->size, src->data);                                         \
  }                                                                                           \
  extern "C" void wasm_##name##_vec_delete(wasm_##name##_vec_t* v) { vecFree(v); }

EMBER_PLAIN_VEC(byte)

// Owned-pointer vectors: `new` takes over the given pointers.
#define EMBER_POINTER_VEC(name)                                                               \
  extern "C" void wasm_##name##_vec_new_empty(wasm_##name##_vec_t* out) {                     \
    out->size = 0;                                                                            \
    out->data = nullptr;                                                                      \
  }                                                                                           \
  extern "C" void wasm_##name##_vec_new_uninitialized(wasm_##name##_vec_t* out, size_t size) { \
    vecAlloc<wasm_##name##_vec_t, wasm_##name##_t*>(out, size);                               \
  }                                                                                           \
  extern "C" void wasm_##name##_vec_new(wasm_##name##_vec_t* out, size_t size,                \
                                        wasm_##name##_t* const data[]) {                      \
    vecAlloc<wasm_##name##_vec_t, wasm_##name##_t*>(out, size);                               \
    for (size_t i = 0; i < size; ++i) out->data[i] = data[i];                                 \
  }                                                                                           \
  extern "C" void wasm_##name##_vec_copy(wasm_##name##_vec_t* out,                            \
                                         const wasm_##name##_vec_t* src) {                    \
    vecAlloc<wasm_##name##_vec_t, wasm_##name##_t*>(out, src->size);                          \
    for (size_t i = 0; i < src->size; ++i)                                                    \
      out->data[i] = src->data[i] ? wasm_##name##_copy(src->data[i]) : nullptr;               \
  }                                                                                           \
  extern "C" void wasm_##name##_vec_delete(wasm_##name##_vec_t* v) {                          \
    for (size_t i = 0; i < v->size; ++i)                                                      \
      if (v->data[i]) wasm_##name##_delete(v->data[i]);                                       \
    vecFree(v);                                                                               \
  }

EMBER_POINTER_VEC(valtype)
EMBER_POINTER_VEC(functype)
EMBER_POINTER_VEC(globaltype)
EMBER_POINTER_VEC(tabletype)
EMBER_POINTER_VEC(memorytype)
EMBER_POINTER_VEC(externtype)
EMBER_POINTER_VEC(importtype)
EMBER_POINTER_VEC(exporttype)
EMBER_POINTER_VEC(frame)
EMBER_POINTER_VEC(extern)

// Value vectors: each value owns its reference, if any.
extern "C" void wasm_val_vec_new_empty(wasm_val_vec_t* out) {
  out->size = 0;
  out->data = nullptr;
}
extern "C" void wasm_val_vec_new_uninitialized(wasm_val_vec_t* out, size_t size) {
  vecAlloc<wasm_val_vec_t, wasm_val_t>(out, size);
}
extern "C" void wasm_val_vec_new(wasm_val_vec_t* out, size_t size, const wasm_val_t data[]) {
  vecAlloc<wasm_val_vec_t, wasm_val_t>(out, size);
  if (size) std::memcpy(out->data, data, size * sizeof(wasm_val_t));
}
extern "C" void wasm_val_vec_copy(wasm_val_vec_t* out, const wasm_val_vec_t* src) {
  vecAlloc<wasm_val_vec_t, wasm_val_t>(out, src->size);
  for (size_t i = 0; i < src->size; ++i) wasm_val_copy(&out->data[i], &src->data[i]);
}
extern "C" void wasm_val_vec_delete(wasm_val_vec_t* v) {
  for (size_t i = 0; i < v->size; ++i) wasm_val_delete(&v->data[i]);
  vecFree(v);
}

extern "C" void wasm_val_delete(wasm_val_t* v) {
  if (wasm_valkind_is_ref(v->kind) && v->of.ref) {
    wasm_ref_delete(v->of.ref);
    v->of.ref = nullptr;
  }
}

extern "C" void wasm_val_copy(wasm_val_t* out, const wasm_val_t* v) {
  *out = *v;
  if (wasm_valkind_is_ref(v->kind) && v->of.ref) out->of.ref = wasm_ref_copy(v->of.ref);
}
