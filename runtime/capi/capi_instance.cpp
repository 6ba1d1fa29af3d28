// Instances of wasm.h: instantiation with imports in module order, and
// the exports as extern handles.
#include "runtime/capi/capi_objects.h"

using namespace ember;
using namespace ember::capi;

namespace {

wasm_instance_t* fail(wasm_store_t* store, wasm_trap_t** trap, const Error& error) {
  if (trap) *trap = newTrap(store, error);
  return nullptr;
}

}  // namespace

extern "C" wasm_instance_t* wasm_instance_new(wasm_store_t* store, const wasm_module_t* module,
                                              const wasm_extern_vec_t* imports,
                                              wasm_trap_t** trap) {
  if (trap) *trap = nullptr;
  const auto& compiled = module->module->compiled;
  size_t expected = compiled->module().imports.size();
  size_t given = imports ? imports->size : 0;
  if (given != expected)
    return fail(store, trap,
                Error(ErrorKind::Unlinkable,
                      formatMessage("module needs %zu imports, %zu given", expected, given)));
  std::vector<Extern> externs;
  for (size_t i = 0; i < given; ++i) {
    if (!imports->data[i])
      return fail(store, trap, Error(ErrorKind::Unlinkable, formatMessage("import %zu is NULL", i)));
    // Objects of another store run with that store's state (stack limit,
    // fuel) and die with it: the Linker refuses them, and so does this.
    if (imports->data[i]->store != store)
      return fail(store, trap,
                  Error(ErrorKind::Unlinkable,
                        formatMessage("import %zu belongs to another store", i)));
    externs.push_back(externOf(imports->data[i]));
  }
  auto instance = instantiate(store->store, compiled, externs);
  if (!instance) return fail(store, trap, instance.error());
  return static_cast<wasm_instance_t*>(newHandle(EmberRefKind::Instance, store, instance.value()));
}

extern "C" void wasm_instance_exports(const wasm_instance_t* instance, wasm_extern_vec_t* out) {
  const auto& exports = instance->instance()->exports();
  wasm_extern_vec_new_uninitialized(out, exports.size());
  for (size_t i = 0; i < exports.size(); ++i)
    out->data[i] = newExternHandle(instance->store, exports[i].second);
}
