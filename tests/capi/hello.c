/* Hello: a wasm export calls back into a host function. */
#include "capi_test.h"

static int calls = 0;

static wasm_trap_t* hello(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  CHECK(args->size == 1 && args->data[0].kind == WASM_I32);
  CHECK(results->size == 1 && results->data[0].kind == WASM_I32);
  ++calls;
  results->data[0].of.i32 = args->data[0].of.i32 * 10;
  return NULL;
}

int main(int argc, char** argv) {
  CHECK(argc == 2);
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, argv[1], "hello");

  wasm_functype_t* type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* hello_func = wasm_func_new(store, type, hello);
  wasm_functype_delete(type);

  wasm_extern_t* imports[] = {wasm_func_as_extern(hello_func)};
  wasm_extern_vec_t import_vec = WASM_ARRAY_VEC(imports);
  wasm_trap_t* trap = NULL;
  wasm_instance_t* instance = wasm_instance_new(store, module, &import_vec, &trap);
  CHECK(instance != NULL && trap == NULL);
  wasm_func_delete(hello_func);

  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_func_t* run = export_func(&exports, 0);
  CHECK(wasm_func_param_arity(run) == 1 && wasm_func_result_arity(run) == 1);

  wasm_val_t args_data[] = {WASM_I32_VAL(4)};
  wasm_val_t results_data[] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(args_data);
  wasm_val_vec_t results = WASM_ARRAY_VEC(results_data);
  CHECK(wasm_func_call(run, &args, &results) == NULL);
  CHECK(results_data[0].kind == WASM_I32 && results_data[0].of.i32 == 50);
  CHECK(calls == 1);

  /* A wrong result vector size is reported as a trap, not a crash (once
   * the call has returned: a trap of its own would win). */
  wasm_val_vec_t no_results = WASM_EMPTY_VEC;
  CHECK(trap_says(wasm_func_call(run, &args, &no_results), "results"));
  CHECK(calls == 2);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("hello: ok\n");
  return 0;
}
