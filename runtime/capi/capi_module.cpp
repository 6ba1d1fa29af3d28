// Configuration, engine and store, modules (compile, validate, reflection,
// serialisation, sharing across stores) and foreign objects of wasm.h.
#include <cstring>

#include "include/ember/ember.h"
#include "runtime/capi/capi_objects.h"
#include "runtime/format/decoder.h"
#include "runtime/format/module_validator.h"

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
extern "C" void wasm_engine_delete(wasm_engine_t* e) { releaseEngine(e); }

void ember::capi::releaseEngine(wasm_engine_t* e) {
  if (e && e->references.fetch_sub(1, std::memory_order_acq_rel) == 1) delete e;
}

// Members go in reverse order: foreign objects and host info (running
// their finalizers) before the runtime store (running host functions'
// environment finalizers).
wasm_store_t::~wasm_store_t() { instanceHandles->store = nullptr; }

extern "C" wasm_store_t* wasm_store_new(wasm_engine_t* engine) { return new wasm_store_t(engine); }
extern "C" void wasm_store_delete(wasm_store_t* s) { delete s; }

// --- Modules ------------------------------------------------------------------------

namespace {

ember_error_t* newError(const Error& e) { return new ember_error_t{e.message()}; }

std::span<const uint8_t> bytesOf(const wasm_byte_vec_t* v) {
  return {reinterpret_cast<const uint8_t*>(v->data), v->size};
}

wasm_module_t* compileToHandle(wasm_store_t* store, std::span<const uint8_t> bytes) {
  auto compiled = compileModule(*store->engine, bytes);
  return compiled ? newModuleHandle(store, std::move(compiled.value())) : nullptr;
}

// A module the JIT compiled serialises as a precompiled artifact
// (runtime/artifact/); any other as its WebAssembly binary (as the module
// keeps it: without the custom sections that trail it, but the name
// section), which deserialising compiles again for the store's engine. So
// the standard serialise/deserialise round trip works on every engine and
// in every build.
Result<std::vector<uint8_t>> serializeCompiled(const CompiledModule& module) {
  if (!module.jitCode()) return module.module().bytes;
#if EMBER_HAVE_ARTIFACTS
  return serializeModule(module);
#else
  return Error(ErrorKind::Unsupported, "this build cannot write precompiled artifacts (no JIT)");
#endif
}

bool isWebAssemblyBinary(std::span<const uint8_t> bytes) {
  static constexpr uint8_t kMagic[4] = {0x00, 'a', 's', 'm'};
  return bytes.size() >= sizeof kMagic && std::memcmp(bytes.data(), kMagic, sizeof kMagic) == 0;
}

Result<std::shared_ptr<const CompiledModule>> loadToHandle(wasm_store_t* store,
                                                           std::span<const uint8_t> bytes) {
#if EMBER_HAVE_ARTIFACTS
  return loadArtifact(*store->engine, bytes);
#else
  (void)store, (void)bytes;
  return Error(ErrorKind::Unsupported, "this build cannot load precompiled artifacts (no JIT)");
#endif
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

namespace ember::capi {

wasm_module_t* newModuleHandle(wasm_store_t* store,
                               std::shared_ptr<const CompiledModule> compiled) {
  auto* m = static_cast<wasm_module_t*>(newHandle(EmberRefKind::Module, nullptr, nullptr));
  m->module = std::make_shared<EmberModuleRecord>(store->engine.handle());
  m->module->compiled = std::move(compiled);
  return m;
}

}  // namespace ember::capi

extern "C" wasm_module_t* wasm_module_new(wasm_store_t* store, const wasm_byte_vec_t* binary) {
  return compileToHandle(store, bytesOf(binary));
}

// Validation only: the JIT engine would otherwise generate a module's code
// just to throw it away. A runtime-only build has no body validator (and
// compiles nothing): there it answers what compiling would, false.
extern "C" bool wasm_module_validate(wasm_store_t* store, const wasm_byte_vec_t* binary) {
#if EMBER_HAVE_JIT_COMPILER || EMBER_HAVE_INTERP
  (void)store;
  Result<Module> module = decodeModule(bytesOf(binary));
  return module && validateModuleAndBodies(*module);
#else
  return static_cast<bool>(compileModule(*store->engine, bytesOf(binary)));
#endif
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

// A precompiled artifact (abi/artifact_format.h); an empty vector when the
// module cannot be saved (an interpreter module). ember_module_serialize
// says why.
extern "C" void wasm_module_serialize(const wasm_module_t* module, wasm_byte_vec_t* out) {
  auto bytes = serializeCompiled(*module->module->compiled);
  if (!bytes) {
    wasm_byte_vec_new_empty(out);
    return;
  }
  wasm_byte_vec_new_uninitialized(out, bytes->size());
  std::memcpy(out->data, bytes->data(), bytes->size());
}

extern "C" wasm_module_t* wasm_module_deserialize(wasm_store_t* store, const wasm_byte_vec_t* v) {
  if (isWebAssemblyBinary(bytesOf(v))) return compileToHandle(store, bytesOf(v));
#if EMBER_HAVE_ARTIFACTS
  auto loaded = loadToHandle(store, bytesOf(v));
  return loaded ? newModuleHandle(store, std::move(loaded.value())) : nullptr;
#else
  return nullptr;  // ember_module_deserialize says why
#endif
}

extern "C" ember_error_t* ember_module_serialize(const wasm_module_t* module,
                                                 wasm_byte_vec_t* out) {
  wasm_byte_vec_new_empty(out);
  auto bytes = serializeCompiled(*module->module->compiled);
  if (!bytes) return newError(bytes.error());
  wasm_byte_vec_new_uninitialized(out, bytes->size());
  std::memcpy(out->data, bytes->data(), bytes->size());
  return nullptr;
}

extern "C" ember_error_t* ember_module_deserialize(wasm_store_t* store, const wasm_byte_vec_t* v,
                                                   wasm_module_t** module_out) {
  return ember_module_deserialize_raw(store, reinterpret_cast<const uint8_t*>(v->data), v->size,
                                      module_out);
}

extern "C" ember_error_t* ember_module_deserialize_raw(wasm_store_t* store, const uint8_t* data,
                                                       size_t size, wasm_module_t** module_out) {
  *module_out = nullptr;
  if (isWebAssemblyBinary({data, size})) {
    const wasm_byte_vec_t binary{size, reinterpret_cast<byte_t*>(const_cast<uint8_t*>(data))};
    return ember_module_new(store, &binary, module_out);
  }
  auto loaded = loadToHandle(store, {data, size});
  if (!loaded) return newError(loaded.error());
  *module_out = newModuleHandle(store, std::move(loaded.value()));
  return nullptr;
}

extern "C" wasm_shared_module_t* wasm_module_share(const wasm_module_t* m) {
  return new wasm_shared_module_t{m->module};
}
extern "C" void wasm_shared_module_delete(wasm_shared_module_t* s) { delete s; }

// A module compiled for another engine is compiled again for this one
// (canonical type ids are per engine), or loaded again from its artifact.
extern "C" wasm_module_t* wasm_module_obtain(wasm_store_t* store, const wasm_shared_module_t* s) {
  if (s->module->engine.handle() != store->engine.handle()) {
    // A loaded artifact's module has no function bodies: move its code
    // through an artifact instead (which checks the other engine's config).
    const CompiledModule& compiled = *s->module->compiled;
    if (!compiled.loadedFromArtifact()) return compileToHandle(store, compiled.module().bytes);
    auto bytes = serializeCompiled(compiled);
    if (!bytes) return nullptr;
    auto loaded = loadToHandle(store, *bytes);
    return loaded ? newModuleHandle(store, std::move(loaded.value())) : nullptr;
  }
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
