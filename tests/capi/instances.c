/* The C API examples' pattern (wasm-c-api's finalize.c): 100,000 instances
 * created and deleted in one store, past the default limit of 10,000
 * instances and the address space of as many memory reservations, on every
 * engine. An instance whose exports were taken is not reclaimed: it still
 * counts against the limit, and its host info lives until the store. */
#include "capi_test.h"
#include "ember/ember.h"

static int finalized;
static void finalize(void* info) {
  (void)info;
  finalized++;
}

static void run(const char* dir, ember_engine_kind_t kind, int iterations) {
  wasm_config_t* config = wasm_config_new();
  ember_config_engine_set(config, kind);
  wasm_engine_t* engine = wasm_engine_new_with_config(config);
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, dir, "finalize");
  wasm_extern_vec_t none = WASM_EMPTY_VEC;
  finalized = 0;
  for (int i = 0; i < iterations; ++i) {
    wasm_trap_t* trap = NULL;
    wasm_instance_t* instance = wasm_instance_new(store, module, &none, &trap);
    if (!instance) {
      wasm_message_t message;
      wasm_trap_message(trap, &message);
      fprintf(stderr, "instance %d: %s\n", i, message.data);
    }
    CHECK(instance != NULL);
    wasm_instance_set_host_info_with_finalizer(instance, (void*)(intptr_t)i, finalize);
    wasm_instance_t* copy = wasm_instance_copy(instance);
    wasm_instance_delete(instance);
    CHECK(finalized == i); /* a handle is left */
    wasm_instance_delete(copy);
    CHECK(finalized == i + 1);
  }

  /* Taking the exports pins the instance: 3 such instances under a limit of
   * 3 leave no room for a 4th, deleted or not. */
  wasm_store_delete(store);
  config = wasm_config_new();
  ember_config_engine_set(config, kind);
  ember_config_max_instances_set(config, 3);
  wasm_engine_delete(engine);
  engine = wasm_engine_new_with_config(config);
  store = wasm_store_new(engine);
  wasm_module_delete(module);
  module = load_module(store, dir, "finalize");
  finalized = 0;
  for (int i = 0; i < 3; ++i) {
    wasm_instance_t* instance = wasm_instance_new(store, module, &none, NULL);
    CHECK(instance != NULL);
    wasm_instance_set_host_info_with_finalizer(instance, NULL, finalize);
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
  }
  CHECK(finalized == 0);
  wasm_trap_t* trap = NULL;
  CHECK(wasm_instance_new(store, module, &none, &trap) == NULL);
  CHECK(trap != NULL);
  wasm_trap_delete(trap);
  wasm_module_delete(module);
  wasm_store_delete(store);
  CHECK(finalized == 3);
  wasm_engine_delete(engine);
}

/* Usage: instances DIR [ITERATIONS]: 100,000 by default, as the standard
 * examples do; any count given must pass the 10,000-instance cap. */
int main(int argc, char** argv) {
  CHECK(argc == 2 || argc == 3);
  int iterations = argc == 3 ? atoi(argv[2]) : 100000;
  CHECK(iterations > 10000);
#if EMBER_TEST_INTERP
  run(argv[1], EMBER_ENGINE_INTERPRETER, iterations);
#endif
#if EMBER_TEST_JIT
  run(argv[1], EMBER_ENGINE_JIT, iterations);
#endif
  printf("instances: ok\n");
  return 0;
}
