/* C API misuse an embedder can hit (issue: untrusted plugins): imports from
 * another store are refused, and wasm_val_t kinds that do not match a
 * function's signature are rejected before their payload is read -- as
 * arguments to wasm_func_call and as a host function's results. On every
 * engine the build has. */
#include "capi_test.h"
#include "ember/ember.h"

static wasm_trap_t* hello(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 * 2;
  return NULL;
}

/* Claims a result kind no signature has, with a payload that would crash
 * if read as a reference. */
static wasm_trap_t* liar(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)args;
  results->data[0].kind = 77;
  results->data[0].of.i64 = 0x4141414141414141;
  return NULL;
}

static int message_contains(wasm_trap_t* trap, const char* text) {
  wasm_message_t message;
  wasm_trap_message(trap, &message);
  int found = strstr(message.data, text) != NULL;
  if (!found) fprintf(stderr, "message: %s\n", message.data);
  wasm_byte_vec_delete(&message);
  return found;
}

static wasm_func_t* new_i32_func(wasm_store_t* store, wasm_func_callback_t callback) {
  wasm_functype_t* type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* f = wasm_func_new(store, type, callback);
  wasm_functype_delete(type);
  return f;
}

static void run(const char* dir, ember_engine_kind_t kind) {
  wasm_config_t* config = wasm_config_new();
  ember_config_engine_set(config, kind);
  wasm_engine_t* engine = wasm_engine_new_with_config(config);
  wasm_store_t* store = wasm_store_new(engine);
  wasm_store_t* other = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, dir, "hello");

  /* An import from another store. */
  wasm_func_t* foreign = new_i32_func(other, hello);
  wasm_extern_t* foreign_imports[] = {wasm_func_as_extern(foreign)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(foreign_imports);
  wasm_trap_t* trap = NULL;
  CHECK(wasm_instance_new(store, module, &imports, &trap) == NULL);
  CHECK(trap != NULL);
  CHECK(message_contains(trap, "another store"));
  wasm_trap_delete(trap);

  /* The same from this store works. */
  wasm_func_t* own = new_i32_func(store, hello);
  wasm_extern_t* own_imports[] = {wasm_func_as_extern(own)};
  wasm_extern_vec_t good = WASM_ARRAY_VEC(own_imports);
  wasm_instance_t* instance = wasm_instance_new(store, module, &good, NULL);
  CHECK(instance != NULL);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_func_t* run_func = export_func(&exports, 0);

  wasm_val_t result_val = WASM_INIT_VAL;
  wasm_val_t results_arr[1] = {result_val};
  wasm_val_vec_t results = WASM_ARRAY_VEC(results_arr);
  wasm_val_t ok_args[1] = {WASM_I32_VAL(20)};
  wasm_val_vec_t args = WASM_ARRAY_VEC(ok_args);
  CHECK(wasm_func_call(run_func, &args, &results) == NULL);
  CHECK(results.data[0].kind == WASM_I32 && results.data[0].of.i32 == 42);

  /* An invalid kind whose payload looks like a pointer. */
  wasm_val_t bad_kind[1];
  bad_kind[0].kind = 77;
  bad_kind[0].of.i64 = 0x4141414141414141;
  wasm_val_vec_t bad_args = WASM_ARRAY_VEC(bad_kind);
  trap = wasm_func_call(run_func, &bad_args, &results);
  CHECK(trap != NULL && message_contains(trap, "argument 0 has kind 77"));
  wasm_trap_delete(trap);

  /* A valid kind that is not the parameter's type. */
  wasm_val_t ref_kind[1];
  ref_kind[0].kind = WASM_FUNCREF;
  ref_kind[0].of.ref = (wasm_ref_t*)(intptr_t)0x4141414141414141;
  wasm_val_vec_t ref_args = WASM_ARRAY_VEC(ref_kind);
  trap = wasm_func_call(run_func, &ref_args, &results);
  CHECK(trap != NULL && message_contains(trap, "expected a i32"));
  wasm_trap_delete(trap);

  /* Too few arguments. */
  wasm_val_vec_t no_args = WASM_EMPTY_VEC;
  trap = wasm_func_call(run_func, &no_args, &results);
  CHECK(trap != NULL && message_contains(trap, "expected 1 arguments"));
  wasm_trap_delete(trap);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);

  /* A host function returning a kind no signature has: a trap. */
  wasm_func_t* lying = new_i32_func(store, liar);
  wasm_extern_t* lying_imports[] = {wasm_func_as_extern(lying)};
  wasm_extern_vec_t lies = WASM_ARRAY_VEC(lying_imports);
  instance = wasm_instance_new(store, module, &lies, NULL);
  CHECK(instance != NULL);
  wasm_instance_exports(instance, &exports);
  trap = wasm_func_call(export_func(&exports, 0), &args, &results);
  CHECK(trap != NULL && message_contains(trap, "wrong type"));
  wasm_trap_delete(trap);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);

  wasm_func_delete(lying);
  wasm_func_delete(own);
  wasm_func_delete(foreign);
  wasm_module_delete(module);
  wasm_store_delete(other);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

int main(int argc, char** argv) {
  CHECK(argc == 2);
#if EMBER_TEST_INTERP
  run(argv[1], EMBER_ENGINE_INTERPRETER);
#endif
#if EMBER_TEST_JIT
  run(argv[1], EMBER_ENGINE_JIT);
#endif
  printf("misuse: ok\n");
  return 0;
}
