/* Closures: a host function with an environment, whose finalizer runs when
 * the store is deleted. */
#include "capi_test.h"

typedef struct {
  int total;
  int finalized;
} Env;

static wasm_trap_t* add(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  Env* e = (Env*)env;
  e->total += args->data[0].of.i32;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = e->total;
  return NULL;
}

static void finalize(void* env) { ((Env*)env)->finalized++; }

int main(int argc, char** argv) {
  CHECK(argc == 2);
  Env env = {100, 0};
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, argv[1], "closure");

  wasm_functype_t* type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* add_func = wasm_func_new_with_env(store, type, add, &env, finalize);
  wasm_functype_delete(type);

  wasm_extern_t* imports[] = {wasm_func_as_extern(add_func)};
  wasm_extern_vec_t import_vec = WASM_ARRAY_VEC(imports);
  wasm_instance_t* instance = wasm_instance_new(store, module, &import_vec, NULL);
  CHECK(instance != NULL);

  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_val_t args_data[] = {WASM_I32_VAL(5)};
  wasm_val_t results_data[] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(args_data);
  wasm_val_vec_t results = WASM_ARRAY_VEC(results_data);
  CHECK(wasm_func_call(export_func(&exports, 0), &args, &results) == NULL);
  CHECK(results_data[0].of.i32 == 110); /* 100 + 5 + 5 */
  CHECK(env.total == 110);

  /* Called directly from the host too. */
  CHECK(wasm_func_call(add_func, &args, &results) == NULL);
  CHECK(results_data[0].of.i32 == 115);

  wasm_func_delete(add_func);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  CHECK(env.finalized == 0); /* the function lives as long as its store */
  wasm_store_delete(store);
  CHECK(env.finalized == 1);
  wasm_engine_delete(engine);
  printf("closure: ok\n");
  return 0;
}
