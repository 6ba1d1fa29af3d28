// Reference handles (copy, identity, host info, casts), values, and the
// global, table and memory objects of wasm.h.
#include <cstring>

#include "runtime/capi/capi_objects.h"
#include "runtime/value_cells.h"

// The last handle of an instance: the store reclaims it when it can, and its
// host info goes with it (finalized now rather than with the store).
wasm_ref_t::~wasm_ref_t() {
  if (!instanceHandles) return;
  auto& counts = instanceHandles->counts;
  auto it = counts.find(object);
  if (it == counts.end() || --it->second != 0) return;
  counts.erase(it);
  wasm_store_t* s = instanceHandles->store;
  if (s && s->store.reclaimInstance(static_cast<ember::Instance*>(object))) s->hostInfo.erase(object);
}

namespace ember::capi {

wasm_ref_t* newHandle(EmberRefKind kind, wasm_store_t* store, void* object) {
  switch (kind) {
    case EmberRefKind::Func: return new wasm_func_t(kind, store, object);
    case EmberRefKind::Global: return new wasm_global_t(kind, store, object);
    case EmberRefKind::Table: return new wasm_table_t(kind, store, object);
    case EmberRefKind::Memory: return new wasm_memory_t(kind, store, object);
    case EmberRefKind::Instance: return new wasm_instance_t(kind, store, object);
    case EmberRefKind::Module: return new wasm_module_t(kind, store, object);
    case EmberRefKind::Trap: return new wasm_trap_t(kind, store, object);
    case EmberRefKind::Foreign: return new wasm_foreign_t(kind, store, object);
  }
  return nullptr;
}

void deleteHandle(wasm_ref_t* r) {
  if (!r) return;
  switch (r->kind) {
    case EmberRefKind::Func:
      delete static_cast<wasm_func_t*>(r);
      return;
    case EmberRefKind::Global:
      delete static_cast<wasm_global_t*>(r);
      return;
    case EmberRefKind::Table:
      delete static_cast<wasm_table_t*>(r);
      return;
    case EmberRefKind::Memory:
      delete static_cast<wasm_memory_t*>(r);
      return;
    case EmberRefKind::Instance:
      delete static_cast<wasm_instance_t*>(r);
      return;
    case EmberRefKind::Module:
      delete static_cast<wasm_module_t*>(r);
      return;
    case EmberRefKind::Trap:
      delete static_cast<wasm_trap_t*>(r);
      return;
    case EmberRefKind::Foreign:
      delete static_cast<wasm_foreign_t*>(r);
      return;
  }
}

namespace {

EmberRefKind refKindOf(ExternKind kind) {
  switch (kind) {
    case ExternKind::Func: return EmberRefKind::Func;
    case ExternKind::Table: return EmberRefKind::Table;
    case ExternKind::Memory: return EmberRefKind::Memory;
    case ExternKind::Global: return EmberRefKind::Global;
  }
  return EmberRefKind::Func;
}

bool isExtern(EmberRefKind k) {
  return k == EmberRefKind::Func || k == EmberRefKind::Global || k == EmberRefKind::Table ||
         k == EmberRefKind::Memory;
}

}  // namespace

wasm_extern_t* newExternHandle(wasm_store_t* store, const Extern& ext) {
  return static_cast<wasm_extern_t*>(newHandle(refKindOf(ext.kind), store, ext.object));
}

Extern externOf(const wasm_extern_t* ext) {
  switch (ext->kind) {
    case EmberRefKind::Func: return Extern{ExternKind::Func, ext->object};
    case EmberRefKind::Table: return Extern{ExternKind::Table, ext->object};
    case EmberRefKind::Memory: return Extern{ExternKind::Memory, ext->object};
    case EmberRefKind::Global: return Extern{ExternKind::Global, ext->object};
    default: return Extern{};
  }
}

EmberHostInfo& hostInfoOf(const wasm_ref_t* ref) {
  if (ref->kind == EmberRefKind::Module) return ref->module->hostInfo;
  if (ref->kind == EmberRefKind::Trap) return ref->trap->hostInfo;
  auto& slot = ref->store->hostInfo[ref->object];
  if (!slot) slot = std::make_unique<EmberHostInfo>();
  return *slot;
}

// --- Values -----------------------------------------------------------------------

namespace {

// A reference value is an object of the store it goes into: another
// store's function in a table would run against that store's instance,
// after it may be gone. Modules and traps have no object to carry, and
// would otherwise arrive as null.
bool refFits(const wasm_store_t* store, ValType type, const wasm_ref_t* ref) {
  if (!ref) return true;
  if (ref->store != store || !ref->object) return false;
  return type == ValType::ExternRef || ref->kind == EmberRefKind::Func;
}

// An externref carries an object but not its kind, so a store object
// other than a foreign one travels with its kind in the low bits of the
// value, and comes back from wasm as a handle of that kind. The bits are
// free: every handle's object is at least 8-byte aligned, and the engines
// never look inside an externref (only at null). Sound only while wasm
// cannot make an externref of its own: with the GC proposal's
// `extern.convert_any` of an i31ref a module could forge a tagged value,
// so that proposal would need another scheme here.
constexpr uintptr_t kKindBits = 7;
static_assert(alignof(Function) >= 8 && alignof(GlobalInstance) >= 8 && alignof(Table) >= 8 &&
              alignof(Memory) >= 8 && alignof(Instance) >= 8 && alignof(EmberForeign) >= 8);

// The value `ref` (which fits) takes as a `type`. An instance passed as an
// externref is pinned: its value may come back after its last handle.
Ref refValueOf(ValType type, const wasm_ref_t* ref) {
  if (!ref) return Ref{};
  auto bits = reinterpret_cast<uintptr_t>(ref->object);
  if (type == ValType::ExternRef && ref->kind != EmberRefKind::Foreign) {
    if (ref->kind == EmberRefKind::Instance) static_cast<const Instance*>(ref->object)->pin();
    bits |= static_cast<uintptr_t>(ref->kind) + 1;
  }
  return Ref{reinterpret_cast<void*>(bits)};
}

}  // namespace

wasm_ref_t* fromRef(wasm_store_t* store, ValType type, Ref ref) {
  if (ref.isNull()) return nullptr;
  if (type == ValType::FuncRef) return newHandle(EmberRefKind::Func, store, ref.ptr);
  auto bits = reinterpret_cast<uintptr_t>(ref.ptr);
  uintptr_t tag = bits & kKindBits;
  EmberRefKind kind = tag ? static_cast<EmberRefKind>(tag - 1) : EmberRefKind::Foreign;
  return newHandle(kind, store, reinterpret_cast<void*>(bits & ~kKindBits));
}

std::optional<Value> toValueOf(const wasm_val_t& v, ValType expected, const wasm_store_t* store) {
  if (v.kind != toValKind(expected)) return std::nullopt;
  switch (expected) {
    case ValType::I32: return Value::fromI32(static_cast<uint32_t>(v.of.i32));
    case ValType::I64: return Value::fromI64(static_cast<uint64_t>(v.of.i64));
    case ValType::F32: return Value::fromF32(v.of.f32);
    case ValType::F64: return Value::fromF64(v.of.f64);
    case ValType::FuncRef:
    case ValType::ExternRef:
      if (!refFits(store, expected, v.of.ref)) return std::nullopt;
      return Value::fromRef(expected, refValueOf(expected, v.of.ref));
    default: return std::nullopt;  // v128 has no wasm_valkind_t
  }
}

wasm_val_t toCValue(wasm_store_t* store, const Value& v) {
  wasm_val_t out;
  out.kind = toValKind(v.type);
  switch (v.type) {
    case ValType::I32: out.of.i32 = static_cast<int32_t>(v.i32); break;
    case ValType::I64: out.of.i64 = static_cast<int64_t>(v.i64); break;
    case ValType::F32: out.of.f32 = v.asF32(); break;
    case ValType::F64: out.of.f64 = v.asF64(); break;
    case ValType::FuncRef:
    case ValType::ExternRef: out.of.ref = fromRef(store, v.type, v.ref); break;
    default: out.of.ref = nullptr; break;  // v128 has no wasm.h representation
  }
  return out;
}

// Numbers directly (the common case, on every call); references through
// Value, which knows their handles. The cell is written in place, in two
// 8-byte halves: returning it in a std::optional went through memory, and
// the caller's 16-byte reload of it stalled on store forwarding (half the
// time of a wasm->host call).
bool toCellOf(const wasm_val_t& v, ValType expected, const wasm_store_t* store, ValueCell* out) {
  switch (expected) {
    case ValType::I32:
      if (v.kind != WASM_I32) return false;
      out->lo = static_cast<uint32_t>(v.of.i32);
      out->hi = 0;
      return true;
    case ValType::I64:
      if (v.kind != WASM_I64) return false;
      out->lo = static_cast<uint64_t>(v.of.i64);
      out->hi = 0;
      return true;
    case ValType::F32: {
      if (v.kind != WASM_F32) return false;
      uint32_t bits;
      std::memcpy(&bits, &v.of.f32, 4);
      out->lo = bits;
      out->hi = 0;
      return true;
    }
    case ValType::F64:
      if (v.kind != WASM_F64) return false;
      std::memcpy(&out->lo, &v.of.f64, 8);
      out->hi = 0;
      return true;
    default: break;
  }
  std::optional<Value> value = toValueOf(v, expected, store);
  if (!value) return false;
  *out = cellOf(*value, expected);
  return true;
}

wasm_val_t cellToCValue(wasm_store_t* store, const ValueCell& c, ValType type) {
  wasm_val_t out;
  switch (type) {
    case ValType::I32:
      out.kind = WASM_I32;
      out.of.i32 = static_cast<int32_t>(c.i32());
      return out;
    case ValType::I64:
      out.kind = WASM_I64;
      out.of.i64 = static_cast<int64_t>(c.lo);
      return out;
    default: return toCValue(store, valueOf(c, type));
  }
}

}  // namespace ember::capi

using namespace ember;
using namespace ember::capi;

// --- Generic reference functions, for every reference type ------------------------

namespace {

wasm_ref_t* copyHandle(const wasm_ref_t* r) {
  wasm_ref_t* out = newHandle(r->kind, r->store, r->object);
  out->module = r->module;
  out->trap = r->trap;
  return out;
}

bool sameObject(const wasm_ref_t* a, const wasm_ref_t* b) {
  if (!a || !b) return a == b;
  if (a->kind == EmberRefKind::Module) return b->module == a->module;
  if (a->kind == EmberRefKind::Trap) return b->trap == a->trap;
  // The object alone: its kind follows from it.
  return a->object == b->object;
}

}  // namespace

#define EMBER_REF_BASE(name)                                                                 \
  extern "C" void wasm_##name##_delete(wasm_##name##_t* r) { deleteHandle(r); }              \
  extern "C" wasm_##name##_t* wasm_##name##_copy(const wasm_##name##_t* r) {                 \
    return static_cast<wasm_##name##_t*>(copyHandle(r));                                     \
  }                                                                                          \
  extern "C" bool wasm_##name##_same(const wasm_##name##_t* a, const wasm_##name##_t* b) {   \
    return sameObject(a, b);                                                                 \
  }                                                                                          \
  extern "C" void* wasm_##name##_get_host_info(const wasm_##name##_t* r) {                   \
    return hostInfoOf(r).info;                                                               \
  }                                                                                          \
  extern "C" void wasm_##name##_set_host_info(wasm_##name##_t* r, void* info) {              \
    hostInfoOf(r).reset(info, nullptr);                                                      \
  }                                                                                          \
  extern "C" void wasm_##name##_set_host_info_with_finalizer(wasm_##name##_t* r, void* info, \
                                                             void (*finalizer)(void*)) {     \
    hostInfoOf(r).reset(info, finalizer);                                                    \
  }

#define EMBER_REF(name, test)                                                                   \
  EMBER_REF_BASE(name)                                                                         \
  extern "C" wasm_ref_t* wasm_##name##_as_ref(wasm_##name##_t* r) { return r; }                \
  extern "C" const wasm_ref_t* wasm_##name##_as_ref_const(const wasm_##name##_t* r) {          \
    return r;                                                                                  \
  }                                                                                            \
  extern "C" wasm_##name##_t* wasm_ref_as_##name(wasm_ref_t* r) {                              \
    return r && (test) ? static_cast<wasm_##name##_t*>(r) : nullptr;                           \
  }                                                                                            \
  extern "C" const wasm_##name##_t* wasm_ref_as_##name##_const(const wasm_ref_t* r) {          \
    return r && (test) ? static_cast<const wasm_##name##_t*>(r) : nullptr;                     \
  }

EMBER_REF_BASE(ref)
EMBER_REF(func, r->kind == EmberRefKind::Func)
EMBER_REF(global, r->kind == EmberRefKind::Global)
EMBER_REF(table, r->kind == EmberRefKind::Table)
EMBER_REF(memory, r->kind == EmberRefKind::Memory)
EMBER_REF(extern, isExtern(r->kind))
EMBER_REF(instance, r->kind == EmberRefKind::Instance)
EMBER_REF(module, r->kind == EmberRefKind::Module)
EMBER_REF(trap, r->kind == EmberRefKind::Trap)
EMBER_REF(foreign, r->kind == EmberRefKind::Foreign)

// --- Externs ---------------------------------------------------------------------------

extern "C" wasm_externkind_t wasm_extern_kind(const wasm_extern_t* e) {
  switch (e->kind) {
    case EmberRefKind::Global: return WASM_EXTERN_GLOBAL;
    case EmberRefKind::Table: return WASM_EXTERN_TABLE;
    case EmberRefKind::Memory: return WASM_EXTERN_MEMORY;
    default: return WASM_EXTERN_FUNC;
  }
}

extern "C" wasm_externtype_t* wasm_extern_type(const wasm_extern_t* e) {
  return newExternType(externOf(e));
}

#define EMBER_EXTERN_CASTS(name, KIND)                                                           \
  extern "C" wasm_extern_t* wasm_##name##_as_extern(wasm_##name##_t* x) { return x; }           \
  extern "C" const wasm_extern_t* wasm_##name##_as_extern_const(const wasm_##name##_t* x) {     \
    return x;                                                                                   \
  }                                                                                             \
  extern "C" wasm_##name##_t* wasm_extern_as_##name(wasm_extern_t* e) {                         \
    return e && e->kind == KIND ? static_cast<wasm_##name##_t*>(e) : nullptr;                   \
  }                                                                                             \
  extern "C" const wasm_##name##_t* wasm_extern_as_##name##_const(const wasm_extern_t* e) {     \
    return e && e->kind == KIND ? static_cast<const wasm_##name##_t*>(e) : nullptr;             \
  }

EMBER_EXTERN_CASTS(func, EmberRefKind::Func)
EMBER_EXTERN_CASTS(global, EmberRefKind::Global)
EMBER_EXTERN_CASTS(table, EmberRefKind::Table)
EMBER_EXTERN_CASTS(memory, EmberRefKind::Memory)

// --- Globals ----------------------------------------------------------------------------

extern "C" wasm_global_t* wasm_global_new(wasm_store_t* store, const wasm_globaltype_t* type,
                                          const wasm_val_t* val) {
  std::optional<Value> v = toValueOf(*val, type->type.type, store);
  if (!v) return nullptr;
  GlobalInstance* g = store->store.createGlobal(type->type, *v);
  return static_cast<wasm_global_t*>(newHandle(EmberRefKind::Global, store, g));
}

extern "C" wasm_globaltype_t* wasm_global_type(const wasm_global_t* g) {
  return new wasm_globaltype_t(g->global()->type());
}

extern "C" void wasm_global_get(const wasm_global_t* g, wasm_val_t* out) {
  *out = toCValue(g->store, g->global()->value());
}

// Setting an immutable global, or with a value of another type, is ignored
// (wasm.h gives this function no way to report it).
extern "C" void wasm_global_set(wasm_global_t* g, const wasm_val_t* val) {
  if (std::optional<Value> v = toValueOf(*val, g->global()->type().type, g->store))
    (void)g->global()->set(*v);
}

// --- Tables -------------------------------------------------------------------------------

extern "C" wasm_table_t* wasm_table_new(wasm_store_t* store, const wasm_tabletype_t* type,
                                        wasm_ref_t* init) {
  if (!refFits(store, type->type.elemType, init)) return nullptr;
  Table* t = store->store.createTable(type->type, refValueOf(type->type.elemType, init));
  return t ? static_cast<wasm_table_t*>(newHandle(EmberRefKind::Table, store, t)) : nullptr;
}

extern "C" wasm_tabletype_t* wasm_table_type(const wasm_table_t* t) {
  return new wasm_tabletype_t(t->table()->type());
}

extern "C" wasm_ref_t* wasm_table_get(const wasm_table_t* t, wasm_table_size_t index) {
  if (index >= t->table()->size()) return nullptr;
  return fromRef(t->store, t->table()->elemType(), t->table()->get(index));
}

extern "C" bool wasm_table_set(wasm_table_t* t, wasm_table_size_t index, wasm_ref_t* ref) {
  if (index >= t->table()->size() || !refFits(t->store, t->table()->elemType(), ref)) return false;
  t->table()->set(index, refValueOf(t->table()->elemType(), ref));
  return true;
}

extern "C" wasm_table_size_t wasm_table_size(const wasm_table_t* t) {
  return static_cast<wasm_table_size_t>(t->table()->size());
}

extern "C" bool wasm_table_grow(wasm_table_t* t, wasm_table_size_t delta, wasm_ref_t* init) {
  if (!refFits(t->store, t->table()->elemType(), init)) return false;
  return t->table()->grow(delta, refValueOf(t->table()->elemType(), init)) >= 0;
}

// --- Memories -----------------------------------------------------------------------------

extern "C" wasm_memory_t* wasm_memory_new(wasm_store_t* store, const wasm_memorytype_t* type) {
  Memory* m = store->store.createMemory(type->type);
  return m ? static_cast<wasm_memory_t*>(newHandle(EmberRefKind::Memory, store, m)) : nullptr;
}

extern "C" wasm_memorytype_t* wasm_memory_type(const wasm_memory_t* m) {
  return new wasm_memorytype_t(m->memory()->type());
}

extern "C" byte_t* wasm_memory_data(wasm_memory_t* m) {
  return reinterpret_cast<byte_t*>(m->memory()->data());
}

extern "C" size_t wasm_memory_data_size(const wasm_memory_t* m) { return m->memory()->size(); }

extern "C" wasm_memory_pages_t wasm_memory_size(const wasm_memory_t* m) {
  return static_cast<wasm_memory_pages_t>(m->memory()->pages());
}

extern "C" bool wasm_memory_grow(wasm_memory_t* m, wasm_memory_pages_t delta) {
  return m->memory()->grow(delta) >= 0;
}
