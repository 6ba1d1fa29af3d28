// Configuration, engine and store, modules (compile, validate, reflection,
// serialisation, sharing across stores) and foreign objects of wasm.h.
#include <cstring>

#include "runtime/capi/capi_objects.h"

using namespace ember;
using namespace ember::capi;

// --- Configuration, engine, store ----------------------------------------------------

extern "C" wasm_config_t* wasm_config_new(void) { return new wasm_config_t(); }
extern "C" void wasm_config_delete(wasm_config_t* c) { delete c; }

extern "C" wasm_engine_t* wasm_engine_new(void) { return new wasm_engine_t(Config{}); }
extern "C" wasm_engine_t* wasm_engine_new_with_config(wasm_config_t* config) {
  auto* e = new wasm_engine_t(config ? config->config : Config{});
  delete config;
  return e;
}
extern "C" void wasm_engine_delete(wasm_engine_t* e) { delete e; }

// Members go in reverse order: foreign objects and host info (running
// their finalizers) before the runtime store (running host functions'
// environment finalizers).
wasm_store_t::~wasm_store_t() { instanceHandles->store = nullptr; }

extern "C" wasm_store_t* wasm_store_new(wasm_engine_t* engine) { return new wasm_store_t(engine); }
extern "C" void wasm_store_delete(wasm_store_t* s) { delete s; }

// --- Modules ------------------------------------------------------------------------

namespace {

// Serialised modules are this header followed by the original binary
// (DESIGN decision 2 allows shipping compiled code later; until then the
// binary is compiled again on deserialisation).
constexpr char kSerialMagic[8] = {'e', 'm', 'b', 'e', 'r', 'm', 'o', '1'};

std::span<const uint8_t> bytesOf(const wasm_byte_vec_t* v) {
  return {reinterpret_cast<const uint8_t*>(v->data), v->size};
}

wasm_module_t* compileToHandle(wasm_store_t* store, std::span<const uint8_t> bytes) {
  auto compiled = compileModule(store->engine->engine, bytes);
  if (!compiled) return nullptr;
  auto* m = static_cast<wasm_module_t*>(newHandle(EmberRefKind::Module, nullptr, nullptr));
  m->module = std::make_shared<EmberModuleRecord>();
  m->module->compiled = std::move(compiled.value());
  return m;
}

const Module& moduleOfHandle(const wasm_module_t* m) { return m->module->compiled->module(); }

wasm_externtype_t* exportType(const Module& m, const Export& e) {
  switch (e.kind) {
    case ExternKind::Func: return new wasm_functype_t(m.types[m.funcTypeIndices[e.index]]);
    case ExternKind::Table: return new wasm_tabletype_t(m.tables[e.index]);
    case ExternKind::Memory: return new wasm_memorytype_t(m.memories[e.index]);
    case ExternKind::Global: return new wasm_globaltype_t(m.globals[e.index].type);
  }
  return nullptr;
}

}  // namespace

extern "C" wasm_module_t* wasm_module_new(wasm_store_t* store, const wasm_byte_vec_t* binary) {
  return compileToHandle(store, bytesOf(binary));
}

extern "C" bool wasm_module_validate(wasm_store_t* store, const wasm_byte_vec_t* binary) {
  return static_cast<bool>(compileModule(store->engine->engine, bytesOf(binary)));
}

extern "C" void wasm_module_imports(const wasm_module_t* module, wasm_importtype_vec_t* out) {
  const Module& m = moduleOfHandle(module);
  wasm_importtype_vec_new_uninitialized(out, m.imports.size());
  for (size_t i = 0; i < m.imports.size(); ++i) {
    const Import& imp = m.imports[i];
    wasm_name_t mod, name;
    setName(&mod, imp.module);
    setName(&name, imp.name);
    out->data[i] = wasm_importtype_new(&mod, &name, newExternType(m, imp));
  }
}

extern "C" void wasm_module_exports(const wasm_module_t* module, wasm_exporttype_vec_t* out) {
  const Module& m = moduleOfHandle(module);
  wasm_exporttype_vec_new_uninitialized(out, m.exports.size());
  for (size_t i = 0; i < m.exports.size(); ++i) {
    wasm_name_t name;
    setName(&name, m.exports[i].name);
    out->data[i] = wasm_exporttype_new(&name, exportType(m, m.exports[i]));
  }
}

extern "C" void wasm_module_serialize(const wasm_module_t* module, wasm_byte_vec_t* out) {
  const std::vector<uint8_t>& bytes = moduleOfHandle(module).bytes;
  wasm_byte_vec_new_uninitialized(out, sizeof kSerialMagic + bytes.size());
  std::memcpy(out->data, kSerialMagic, sizeof kSerialMagic);
  if (!bytes.empty()) std::memcpy(out->data + sizeof kSerialMagic, bytes.data(), bytes.size());
}

extern "C" wasm_module_t* wasm_module_deserialize(wasm_store_t* store, const wasm_byte_vec_t* v) {
  if (v->size < sizeof kSerialMagic || std::memcmp(v->data, kSerialMagic, sizeof kSerialMagic) != 0)
    return nullptr;
  return compileToHandle(store, bytesOf(v).subspan(sizeof kSerialMagic));
}

extern "C" wasm_shared_module_t* wasm_module_share(const wasm_module_t* m) {
  return new wasm_shared_module_t{m->module};
}
extern "C" void wasm_shared_module_delete(wasm_shared_module_t* s) { delete s; }

// A module compiled for another engine is compiled again for this one:
// canonical type ids are per engine.
extern "C" wasm_module_t* wasm_module_obtain(wasm_store_t* store, const wasm_shared_module_t* s) {
  if (&s->module->compiled->engine() != &store->engine->engine)
    return compileToHandle(store, s->module->compiled->module().bytes);
  auto* m = static_cast<wasm_module_t*>(newHandle(EmberRefKind::Module, nullptr, nullptr));
  m->module = s->module;
  return m;
}

// --- Foreign objects --------------------------------------------------------------------

extern "C" wasm_foreign_t* wasm_foreign_new(wasm_store_t* store) {
  store->foreigns.push_back(std::make_unique<EmberForeign>());
  return static_cast<wasm_foreign_t*>(
      newHandle(EmberRefKind::Foreign, store, store->foreigns.back().get()));
}
