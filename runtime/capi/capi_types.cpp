// Type reflection of wasm.h: value, function, global, table, memory,
// extern, import and export types, and their conversions to the runtime's
// types (runtime/format/types.h).
#include "runtime/capi/capi_objects.h"

namespace ember::capi {

ValType toValType(wasm_valkind_t kind) {
  switch (kind) {
    case WASM_I32: return ValType::I32;
    case WASM_I64: return ValType::I64;
    case WASM_F32: return ValType::F32;
    case WASM_F64: return ValType::F64;
    case WASM_EXTERNREF: return ValType::ExternRef;
    case WASM_FUNCREF: return ValType::FuncRef;
  }
  return ValType::Bottom;
}

wasm_valkind_t toValKind(ValType type) {
  switch (type) {
    case ValType::I32: return WASM_I32;
    case ValType::I64: return WASM_I64;
    case ValType::F32: return WASM_F32;
    case ValType::F64: return WASM_F64;
    case ValType::FuncRef: return WASM_FUNCREF;
    case ValType::ExternRef: return WASM_EXTERNREF;
    case ValType::V128:  // not representable in wasm.h's value kinds
    case ValType::Bottom: break;
  }
  return WASM_EXTERNREF;
}

void setName(wasm_name_t* out, std::string_view s) { wasm_byte_vec_new(out, s.size(), s.data()); }

namespace {

wasm_limits_t toCLimits(const Limits& l) {
  uint32_t max = l.max ? static_cast<uint32_t>(*l.max) : wasm_limits_max_default;
  return wasm_limits_t{static_cast<uint32_t>(l.min), max};
}

Limits fromCLimits(const wasm_limits_t* l) {
  Limits out;
  out.min = l->min;
  if (l->max != wasm_limits_max_default) out.max = l->max;
  return out;
}

}  // namespace

wasm_externtype_t* newExternType(const Module& module, const Import& import) {
  switch (import.kind) {
    case ExternKind::Func: return new wasm_functype_t(module.types[import.funcTypeIndex]);
    case ExternKind::Table: return new wasm_tabletype_t(import.table);
    case ExternKind::Memory: return new wasm_memorytype_t(import.memory);
    case ExternKind::Global: return new wasm_globaltype_t(import.global);
  }
  return nullptr;
}

wasm_externtype_t* newExternType(const Extern& ext) {
  switch (ext.kind) {
    case ExternKind::Func: return new wasm_functype_t(ext.function()->type());
    case ExternKind::Table: return new wasm_tabletype_t(ext.table()->type());
    case ExternKind::Memory: return new wasm_memorytype_t(ext.memory()->type());
    case ExternKind::Global: return new wasm_globaltype_t(ext.global()->type());
  }
  return nullptr;
}

}  // namespace ember::capi

using namespace ember;
using namespace ember::capi;

// --- Value types --------------------------------------------------------------

extern "C" wasm_valtype_t* wasm_valtype_new(wasm_valkind_t kind) {
  return new wasm_valtype_t{toValType(kind)};
}
extern "C" wasm_valtype_t* wasm_valtype_copy(const wasm_valtype_t* t) { return new wasm_valtype_t(*t); }
extern "C" void wasm_valtype_delete(wasm_valtype_t* t) { delete t; }
extern "C" wasm_valkind_t wasm_valtype_kind(const wasm_valtype_t* t) { return toValKind(t->type); }

// --- Function types -------------------------------------------------------------

namespace {

void fillValTypes(wasm_valtype_vec_t* out, const std::vector<ValType>& types) {
  wasm_valtype_vec_new_uninitialized(out, types.size());
  for (size_t i = 0; i < types.size(); ++i) out->data[i] = new wasm_valtype_t{types[i]};
}

std::vector<ValType> takeValTypes(wasm_valtype_vec_t* v) {
  std::vector<ValType> out;
  for (size_t i = 0; i < v->size; ++i) out.push_back(v->data[i]->type);
  wasm_valtype_vec_delete(v);
  return out;
}

}  // namespace

wasm_functype_t::wasm_functype_t(const FuncType& t) : wasm_externtype_t(WASM_EXTERN_FUNC), type(t) {
  fillValTypes(&params, t.params);
  fillValTypes(&results, t.results);
}

wasm_functype_t::~wasm_functype_t() {
  wasm_valtype_vec_delete(&params);
  wasm_valtype_vec_delete(&results);
}

extern "C" wasm_functype_t* wasm_functype_new(wasm_valtype_vec_t* params,
                                              wasm_valtype_vec_t* results) {
  FuncType t;
  t.params = takeValTypes(params);
  t.results = takeValTypes(results);
  return new wasm_functype_t(t);
}
extern "C" wasm_functype_t* wasm_functype_copy(const wasm_functype_t* t) {
  return new wasm_functype_t(t->type);
}
extern "C" void wasm_functype_delete(wasm_functype_t* t) { delete t; }
extern "C" const wasm_valtype_vec_t* wasm_functype_params(const wasm_functype_t* t) {
  return &t->params;
}
extern "C" const wasm_valtype_vec_t* wasm_functype_results(const wasm_functype_t* t) {
  return &t->results;
}

// --- Global, table and memory types ----------------------------------------------------

extern "C" wasm_globaltype_t* wasm_globaltype_new(wasm_valtype_t* content,
                                                  wasm_mutability_t mut) {
  GlobalType t{content->type, mut == WASM_VAR};
  delete content;
  return new wasm_globaltype_t(t);
}
extern "C" wasm_globaltype_t* wasm_globaltype_copy(const wasm_globaltype_t* t) {
  return new wasm_globaltype_t(t->type);
}
extern "C" void wasm_globaltype_delete(wasm_globaltype_t* t) { delete t; }
extern "C" const wasm_valtype_t* wasm_globaltype_content(const wasm_globaltype_t* t) {
  return &t->content;
}
extern "C" wasm_mutability_t wasm_globaltype_mutability(const wasm_globaltype_t* t) {
  return t->type.isMutable ? WASM_VAR : WASM_CONST;
}

wasm_tabletype_t::wasm_tabletype_t(const TableType& t)
    : wasm_externtype_t(WASM_EXTERN_TABLE), type(t), element{t.elemType}, limits(toCLimits(t.limits)) {}

extern "C" wasm_tabletype_t* wasm_tabletype_new(wasm_valtype_t* element,
                                                const wasm_limits_t* limits) {
  TableType t;
  t.elemType = element->type;
  t.limits = fromCLimits(limits);
  delete element;
  return new wasm_tabletype_t(t);
}
extern "C" wasm_tabletype_t* wasm_tabletype_copy(const wasm_tabletype_t* t) {
  return new wasm_tabletype_t(t->type);
}
extern "C" void wasm_tabletype_delete(wasm_tabletype_t* t) { delete t; }
extern "C" const wasm_valtype_t* wasm_tabletype_element(const wasm_tabletype_t* t) {
  return &t->element;
}
extern "C" const wasm_limits_t* wasm_tabletype_limits(const wasm_tabletype_t* t) { return &t->limits; }

wasm_memorytype_t::wasm_memorytype_t(const MemoryType& t)
    : wasm_externtype_t(WASM_EXTERN_MEMORY), type(t), limits(toCLimits(t.limits)) {}

extern "C" wasm_memorytype_t* wasm_memorytype_new(const wasm_limits_t* limits) {
  MemoryType t;
  t.limits = fromCLimits(limits);
  return new wasm_memorytype_t(t);
}
extern "C" wasm_memorytype_t* wasm_memorytype_copy(const wasm_memorytype_t* t) {
  return new wasm_memorytype_t(t->type);
}
extern "C" void wasm_memorytype_delete(wasm_memorytype_t* t) { delete t; }
extern "C" const wasm_limits_t* wasm_memorytype_limits(const wasm_memorytype_t* t) {
  return &t->limits;
}

// --- Extern types ------------------------------------------------------------------

extern "C" wasm_externtype_t* wasm_externtype_copy(const wasm_externtype_t* t) {
  switch (t->kind) {
    case WASM_EXTERN_FUNC: return wasm_functype_copy(static_cast<const wasm_functype_t*>(t));
    case WASM_EXTERN_GLOBAL: return wasm_globaltype_copy(static_cast<const wasm_globaltype_t*>(t));
    case WASM_EXTERN_TABLE: return wasm_tabletype_copy(static_cast<const wasm_tabletype_t*>(t));
    case WASM_EXTERN_MEMORY: return wasm_memorytype_copy(static_cast<const wasm_memorytype_t*>(t));
  }
  return nullptr;
}
extern "C" void wasm_externtype_delete(wasm_externtype_t* t) { delete t; }
extern "C" wasm_externkind_t wasm_externtype_kind(const wasm_externtype_t* t) { return t->kind; }

// Upcasts are pointer conversions; downcasts check the kind.
#define EMBER_EXTERNTYPE_CASTS(name, KIND)                                                   \
  extern "C" wasm_externtype_t* wasm_##name##_as_externtype(wasm_##name##_t* t) { return t; } \
  extern "C" const wasm_externtype_t* wasm_##name##_as_externtype_const(                    \
      const wasm_##name##_t* t) {                                                          \
    return t;                                                                              \
  }                                                                                        \
  extern "C" wasm_##name##_t* wasm_externtype_as_##name(wasm_externtype_t* t) {             \
    return t && t->kind == KIND ? static_cast<wasm_##name##_t*>(t) : nullptr;               \
  }                                                                                        \
  extern "C" const wasm_##name##_t* wasm_externtype_as_##name##_const(                      \
      const wasm_externtype_t* t) {                                                        \
    return t && t->kind == KIND ? static_cast<const wasm_##name##_t*>(t) : nullptr;         \
  }

EMBER_EXTERNTYPE_CASTS(functype, WASM_EXTERN_FUNC)
EMBER_EXTERNTYPE_CASTS(globaltype, WASM_EXTERN_GLOBAL)
EMBER_EXTERNTYPE_CASTS(tabletype, WASM_EXTERN_TABLE)
EMBER_EXTERNTYPE_CASTS(memorytype, WASM_EXTERN_MEMORY)

// --- Import and export types ---------------------------------------------------------

wasm_importtype_t::~wasm_importtype_t() {
  wasm_name_delete(&module);
  wasm_name_delete(&name);
  wasm_externtype_delete(type);
}

extern "C" wasm_importtype_t* wasm_importtype_new(wasm_name_t* module, wasm_name_t* name,
                                                  wasm_externtype_t* type) {
  return new wasm_importtype_t{*module, *name, type};
}
extern "C" wasm_importtype_t* wasm_importtype_copy(const wasm_importtype_t* t) {
  auto* out = new wasm_importtype_t{{}, {}, wasm_externtype_copy(t->type)};
  wasm_name_copy(&out->module, &t->module);
  wasm_name_copy(&out->name, &t->name);
  return out;
}
extern "C" void wasm_importtype_delete(wasm_importtype_t* t) { delete t; }
extern "C" const wasm_name_t* wasm_importtype_module(const wasm_importtype_t* t) { return &t->module; }
extern "C" const wasm_name_t* wasm_importtype_name(const wasm_importtype_t* t) { return &t->name; }
extern "C" const wasm_externtype_t* wasm_importtype_type(const wasm_importtype_t* t) {
  return t->type;
}

wasm_exporttype_t::~wasm_exporttype_t() {
  wasm_name_delete(&name);
  wasm_externtype_delete(type);
}

extern "C" wasm_exporttype_t* wasm_exporttype_new(wasm_name_t* name, wasm_externtype_t* type) {
  return new wasm_exporttype_t{*name, type};
}
extern "C" wasm_exporttype_t* wasm_exporttype_copy(const wasm_exporttype_t* t) {
  auto* out = new wasm_exporttype_t{{}, wasm_externtype_copy(t->type)};
  wasm_name_copy(&out->name, &t->name);
  return out;
}
extern "C" void wasm_exporttype_delete(wasm_exporttype_t* t) { delete t; }
extern "C" const wasm_name_t* wasm_exporttype_name(const wasm_exporttype_t* t) { return &t->name; }
extern "C" const wasm_externtype_t* wasm_exporttype_type(const wasm_exporttype_t* t) {
  return t->type;
}
