/* Host info with finalizers: on store objects the info belongs to the
 * object (every handle sees it) and is finalized with the store; on
 * modules, when the last handle goes. */
#include "capi_test.h"

static int finalized[8];

static void finalize(void* info) { finalized[(intptr_t)info]++; }

int main(int argc, char** argv) {
  CHECK(argc == 2);
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, argv[1], "finalize");
  wasm_module_set_host_info_with_finalizer(module, (void*)1, finalize);
  wasm_module_t* module2 = wasm_module_copy(module);
  CHECK(wasm_module_get_host_info(module2) == (void*)1);
  CHECK(wasm_module_same(module, module2));

  wasm_extern_vec_t none = WASM_EMPTY_VEC;
  for (intptr_t i = 2; i <= 3; ++i) {
    wasm_instance_t* instance = wasm_instance_new(store, module, &none, NULL);
    CHECK(instance != NULL);
    CHECK(wasm_instance_get_host_info(instance) == NULL);
    wasm_instance_set_host_info_with_finalizer(instance, (void*)i, finalize);
    wasm_instance_delete(instance);
  }
  /* Nothing else referred to them: deleting the last handle reclaimed the
   * instances, and their info went with them. */
  CHECK(finalized[2] == 1 && finalized[3] == 1);

  wasm_instance_t* instance = wasm_instance_new(store, module, &none, NULL);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_func_t* f = wasm_extern_as_func(exports.data[0]);
  wasm_func_set_host_info_with_finalizer(f, (void*)4, finalize);
  /* Another handle to the same function sees the same info. */
  wasm_extern_vec_t exports2;
  wasm_instance_exports(instance, &exports2);
  CHECK(wasm_func_get_host_info(wasm_extern_as_func(exports2.data[0])) == (void*)4);
  CHECK(wasm_extern_get_host_info(exports2.data[0]) == (void*)4);
  /* Replacing info finalizes the old one. */
  wasm_memory_t* mem = wasm_extern_as_memory(exports.data[1]);
  wasm_memory_set_host_info_with_finalizer(mem, (void*)5, finalize);
  wasm_memory_set_host_info_with_finalizer(mem, (void*)6, finalize);
  CHECK(finalized[5] == 1 && finalized[6] == 0);
  wasm_memory_set_host_info(mem, (void*)7);
  CHECK(finalized[6] == 1);
  CHECK(wasm_memory_get_host_info(wasm_extern_as_memory(exports2.data[1])) == (void*)7);
  wasm_extern_vec_delete(&exports2);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);

  /* Foreign objects carry host info too. */
  wasm_foreign_t* foreign = wasm_foreign_new(store);
  wasm_foreign_set_host_info(foreign, (void*)42);
  wasm_ref_t* ref = wasm_ref_copy(wasm_foreign_as_ref(foreign));
  CHECK(wasm_ref_get_host_info(ref) == (void*)42);
  CHECK(wasm_ref_as_foreign(ref) != NULL && wasm_ref_as_func(ref) == NULL);
  wasm_ref_delete(ref);
  wasm_foreign_delete(foreign);

  wasm_module_delete(module);
  CHECK(finalized[1] == 0);
  wasm_module_delete(module2);
  CHECK(finalized[1] == 1);

  CHECK(finalized[4] == 0);
  wasm_store_delete(store);
  CHECK(finalized[2] == 1 && finalized[3] == 1 && finalized[4] == 1);
  CHECK(finalized[5] == 1 && finalized[6] == 1);
  wasm_engine_delete(engine);
  printf("finalize: ok\n");
  return 0;
}
