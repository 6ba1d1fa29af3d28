/* Threads: one engine and one compiled module shared by several threads,
 * each with its own store, running in parallel. */
#include <pthread.h>

#include "capi_test.h"

#define THREADS 4
#define ITERATIONS 50

static wasm_engine_t* engine;
static wasm_shared_module_t* shared;

static wasm_trap_t* hello(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 + (int32_t)(intptr_t)env;
  return NULL;
}

static void* run(void* arg) {
  intptr_t id = (intptr_t)arg;
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = wasm_module_obtain(store, shared);
  CHECK(module != NULL);
  wasm_functype_t* type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* f = wasm_func_new_with_env(store, type, hello, (void*)(id * 1000), NULL);
  wasm_functype_delete(type);
  wasm_extern_t* imports[] = {wasm_func_as_extern(f)};
  wasm_extern_vec_t import_vec = WASM_ARRAY_VEC(imports);
  for (int i = 0; i < ITERATIONS; ++i) {
    wasm_instance_t* instance = wasm_instance_new(store, module, &import_vec, NULL);
    CHECK(instance != NULL);
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    wasm_val_t in[] = {WASM_I32_VAL(i)}, out[] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(in), results = WASM_ARRAY_VEC(out);
    CHECK(wasm_func_call(export_func(&exports, 0), &args, &results) == NULL);
    CHECK(out[0].of.i32 == i + 1 + id * 1000);
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
  }
  wasm_func_delete(f);
  wasm_module_delete(module);
  wasm_store_delete(store);
  return NULL;
}

int main(int argc, char** argv) {
  CHECK(argc == 2);
  engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, argv[1], "hello");
  shared = wasm_module_share(module);
  wasm_module_delete(module);
  wasm_store_delete(store);

  pthread_t threads[THREADS];
  for (intptr_t i = 0; i < THREADS; ++i)
    CHECK(pthread_create(&threads[i], NULL, run, (void*)i) == 0);
  for (int i = 0; i < THREADS; ++i) CHECK(pthread_join(threads[i], NULL) == 0);

  wasm_shared_module_delete(shared);
  wasm_engine_delete(engine);
  printf("threads: ok\n");
  return 0;
}
