// What the opaque handles of the C API (include/ember/wasm.h) are inside:
// C++ structs over the runtime's objects, and the conversions between
// C values and ember::Value. Private to runtime/capi/.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "include/ember/wasm.h"
#include "runtime/ember_runtime.h"

struct wasm_config_t {
  ember::Config config;
};

// The stores and modules made with an engine hold references to it, and
// keep it alive: the bindings of a garbage-collected language delete
// handles in whatever order their collector finds them. Counted by hand:
// 116 bytes of code less than a shared_ptr in the runtime-only build.
struct wasm_engine_t {
  explicit wasm_engine_t(const ember::Config& config) : engine(config) {}
  ember::Engine engine;
  std::atomic<uint32_t> references{1};  // the embedder's handle, stores, modules
};

namespace ember::capi {

// Drops a reference; the last one deletes the engine.
void releaseEngine(wasm_engine_t* e);
// Deletes a handle as the subtype newHandle made it (wasm_ref_t).
void deleteHandle(wasm_ref_t* handle);

// A counted reference to an engine handle, for the objects made with it.
class EngineReference {
 public:
  explicit EngineReference(wasm_engine_t* e) : handle_(e) {
    e->references.fetch_add(1, std::memory_order_relaxed);
  }
  ~EngineReference() { releaseEngine(handle_); }
  EngineReference(const EngineReference&) = delete;
  EngineReference& operator=(const EngineReference&) = delete;

  ember::Engine& operator*() const { return handle_->engine; }
  wasm_engine_t* handle() const { return handle_; }

 private:
  wasm_engine_t* handle_;
};

}  // namespace ember::capi

// Host info and its finalizer; the finalizer runs when the info is dropped.
struct EmberHostInfo {
  void* info = nullptr;
  void (*finalizer)(void*) = nullptr;

  EmberHostInfo() = default;
  EmberHostInfo(const EmberHostInfo&) = delete;
  EmberHostInfo& operator=(const EmberHostInfo&) = delete;
  ~EmberHostInfo() { reset(nullptr, nullptr); }
  void reset(void* newInfo, void (*newFinalizer)(void*)) {
    if (finalizer) finalizer(info);
    info = newInfo;
    finalizer = newFinalizer;
  }
};

// A foreign object: an identity that externref values can carry. Aligned
// as every store object is, so that an externref's low bits are free
// (refValueOf).
struct alignas(8) EmberForeign {};

struct wasm_store_t;

// The live handles of each instance of a store. When the last goes, the
// store reclaims the instance if nothing else can refer to it
// (Store::reclaimInstance). Shared with the handles, so that a handle
// deleted after its store finds `store` null.
struct EmberInstanceHandles {
  wasm_store_t* store = nullptr;
  std::unordered_map<const void*, uint32_t> counts;
};

struct wasm_store_t {
  explicit wasm_store_t(wasm_engine_t* e)
      : engine(e), store(*engine), instanceHandles(std::make_shared<EmberInstanceHandles>()) {
    instanceHandles->store = this;
  }
  ~wasm_store_t();

  ember::capi::EngineReference engine;  // released after `store` is destroyed
  ember::Store store;
  std::shared_ptr<EmberInstanceHandles> instanceHandles;
  // Host info of store objects, by object address (see wasm.h).
  std::unordered_map<const void*, std::unique_ptr<EmberHostInfo>> hostInfo;
  std::vector<std::unique_ptr<EmberForeign>> foreigns;
};

// --- Types ----------------------------------------------------------------

struct wasm_valtype_t {
  ember::ValType type;
};

// Base of the four concrete extern types, so the as_externtype casts are
// pointer conversions.
struct wasm_externtype_t {
  explicit wasm_externtype_t(wasm_externkind_t k) : kind(k) {}
  virtual ~wasm_externtype_t() = default;
  wasm_externkind_t kind;
};

struct wasm_functype_t : wasm_externtype_t {
  explicit wasm_functype_t(const ember::FuncType& t);
  ember::FuncType type;
  wasm_valtype_vec_t params;   // owned views of `type` for the C accessors
  wasm_valtype_vec_t results;
  ~wasm_functype_t() override;
};

struct wasm_globaltype_t : wasm_externtype_t {
  explicit wasm_globaltype_t(const ember::GlobalType& t)
      : wasm_externtype_t(WASM_EXTERN_GLOBAL), type(t), content{t.type} {}
  ember::GlobalType type;
  wasm_valtype_t content;
};

struct wasm_tabletype_t : wasm_externtype_t {
  explicit wasm_tabletype_t(const ember::TableType& t);
  ember::TableType type;
  wasm_valtype_t element;
  wasm_limits_t limits;
};

struct wasm_memorytype_t : wasm_externtype_t {
  explicit wasm_memorytype_t(const ember::MemoryType& t);
  ember::MemoryType type;
  wasm_limits_t limits;
};

struct wasm_importtype_t {
  wasm_name_t module;
  wasm_name_t name;
  wasm_externtype_t* type;
  ~wasm_importtype_t();
};

struct wasm_exporttype_t {
  wasm_name_t name;
  wasm_externtype_t* type;
  ~wasm_exporttype_t();
};

// --- Reference objects ----------------------------------------------------

enum class EmberRefKind : uint8_t { Func, Global, Table, Memory, Instance, Module, Trap, Foreign };

struct EmberModuleRecord {
  explicit EmberModuleRecord(wasm_engine_t* e) : engine(e) {}
  ember::capi::EngineReference engine;  // the one `compiled` was made for
  std::shared_ptr<const ember::CompiledModule> compiled;
  EmberHostInfo hostInfo;
};

// A trap frame as wasm.h shows it: offsets are SIZE_MAX when unknown (as
// Wasmtime's C API does); the instance is pinned (Instance::pin) so that
// it outlives every handle to it.
struct EmberTrapFrame {
  uint32_t funcIndex = 0;
  size_t funcOffset = SIZE_MAX;
  size_t moduleOffset = SIZE_MAX;
  ember::Instance* instance = nullptr;
};

struct EmberTrapRecord {
  std::string message;  // NUL-terminated in the C view
  std::optional<ember::TrapCode> code;  // a wasm trap's code (ember_trap_code)
  std::vector<EmberTrapFrame> frames;
  std::shared_ptr<EmberInstanceHandles> storeHandles;  // the frames' store (wasm_frame_t)
  EmberHostInfo hostInfo;
};

// Every handle is a wasm_ref_t; the subtypes add nothing, so a handle can
// be viewed as its extern or generic reference without a new allocation.
// Made by newHandle as the subtype of its kind and deleted by deleteHandle
// as that subtype: the destructor is not virtual, which saves each handle a
// vtable pointer and the smallest builds a vtable and a deleting
// destructor per subtype.
struct wasm_ref_t {
  wasm_ref_t(EmberRefKind k, wasm_store_t* s, void* o) : kind(k), store(s), object(o) {
    if (k == EmberRefKind::Instance && s) {
      instanceHandles = s->instanceHandles;
      ++instanceHandles->counts[o];
    }
  }
  ~wasm_ref_t();

  EmberRefKind kind;
  wasm_store_t* store;  // nullptr for modules and traps without a store
  void* object;         // the runtime object of store objects
  std::shared_ptr<EmberModuleRecord> module;
  std::shared_ptr<EmberTrapRecord> trap;
  std::shared_ptr<EmberInstanceHandles> instanceHandles;  // instance handles only
};

struct wasm_extern_t : wasm_ref_t {
  using wasm_ref_t::wasm_ref_t;
};
struct wasm_func_t : wasm_extern_t {
  using wasm_extern_t::wasm_extern_t;
  ember::Function* fn() const { return static_cast<ember::Function*>(object); }
};
struct wasm_global_t : wasm_extern_t {
  using wasm_extern_t::wasm_extern_t;
  ember::GlobalInstance* global() const { return static_cast<ember::GlobalInstance*>(object); }
};
struct wasm_table_t : wasm_extern_t {
  using wasm_extern_t::wasm_extern_t;
  ember::Table* table() const { return static_cast<ember::Table*>(object); }
};
struct wasm_memory_t : wasm_extern_t {
  using wasm_extern_t::wasm_extern_t;
  ember::Memory* memory() const { return static_cast<ember::Memory*>(object); }
};
struct wasm_instance_t : wasm_ref_t {
  using wasm_ref_t::wasm_ref_t;
  ember::Instance* instance() const { return static_cast<ember::Instance*>(object); }
};
struct wasm_module_t : wasm_ref_t {
  using wasm_ref_t::wasm_ref_t;
};
struct wasm_shared_module_t {
  std::shared_ptr<EmberModuleRecord> module;
};
struct wasm_trap_t : wasm_ref_t {
  using wasm_ref_t::wasm_ref_t;
};
struct wasm_foreign_t : wasm_ref_t {
  using wasm_ref_t::wasm_ref_t;
};

// A trap and its frames may outlive their store (a binding's exception
// object does): they hold the store's instance handles, whose `store` is
// null once it is gone, and then show no instance.
struct wasm_frame_t {
  wasm_frame_t(std::shared_ptr<EmberInstanceHandles> s, const EmberTrapFrame& f)
      : storeHandles(std::move(s)), frame(f) {}
  wasm_frame_t(const wasm_frame_t& other) : storeHandles(other.storeHandles), frame(other.frame) {}
  ~wasm_frame_t() { ember::capi::deleteHandle(instance); }

  std::shared_ptr<EmberInstanceHandles> storeHandles;  // null for a trap without a store
  EmberTrapFrame frame;
  wasm_instance_t* instance = nullptr;  // made on first wasm_frame_instance, owned
};

// --- Ember's extensions (ember/ember.h), shared by capi_ember and capi_wasi --------

struct ember_error_t {
  std::string message;
};

struct ember_linker_t {
  wasm_store_t* store;
  ember::Linker linker;
};

namespace ember::capi {

// A new handle of the right subtype for `kind`.
wasm_ref_t* newHandle(EmberRefKind kind, wasm_store_t* store, void* object);
// A module handle for `compiled`, made for `store`'s engine.
wasm_module_t* newModuleHandle(wasm_store_t* store, std::shared_ptr<const CompiledModule> compiled);
wasm_extern_t* newExternHandle(wasm_store_t* store, const Extern& ext);
Extern externOf(const wasm_extern_t* ext);

ValType toValType(wasm_valkind_t kind);
wasm_valkind_t toValKind(ValType type);
// C value -> runtime value (refs borrowed), and back (refs become new handles).
// An embedder's wasm_val_t is untrusted: toValueOf converts it only when its
// kind is `expected` and a reference is null or an object of `store` (a
// function for a funcref); anything else, e.g. an unknown kind whose
// payload would be read as a reference, gives nothing.
std::optional<Value> toValueOf(const wasm_val_t& v, ValType expected, const wasm_store_t* store);
wasm_val_t toCValue(wasm_store_t* store, const Value& v);
// The same for the engines' value cells of type `type` (Store::callWithCells).
// False (and `out` unchanged) when toValueOf would give nothing.
bool toCellOf(const wasm_val_t& v, ValType expected, const wasm_store_t* store, ValueCell* out);
wasm_val_t cellToCValue(wasm_store_t* store, const ValueCell& c, ValType type);
wasm_ref_t* fromRef(wasm_store_t* store, ValType type, Ref ref);

wasm_externtype_t* newExternType(const Module& module, const Import& import);
wasm_externtype_t* newExternType(const Extern& ext);

wasm_trap_t* newTrap(wasm_store_t* store, const Error& error);
Error trapToError(const wasm_trap_t* trap);

// The host info record of a handle's object.
EmberHostInfo& hostInfoOf(const wasm_ref_t* ref);

void setName(wasm_name_t* out, std::string_view s);

}  // namespace ember::capi
