/* Ember's C extensions (ember/ember.h): configuration limits, errors with
 * messages, and the linker resolving imports by name, including the exports
 * of another instance. */
#include "ember/ember.h"

#include "capi_test.h"

static int logged = -1;

static wasm_trap_t* log_value(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)results;
  logged = args->data[0].of.i32;
  return NULL;
}

static int error_says(ember_error_t* error, const char* text) {
  if (!error) return 0;
  wasm_name_t m;
  ember_error_message(error, &m);
  int found = strstr(m.data, text) != NULL;
  if (!found) fprintf(stderr, "error message: %s\n", m.data);
  wasm_name_delete(&m);
  ember_error_delete(error);
  return found;
}

static int32_t call_i32(const wasm_instance_t* instance, size_t index, int32_t arg,
                        wasm_trap_t** trap) {
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_val_t in[] = {WASM_I32_VAL(arg)}, out[] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(in), results = WASM_ARRAY_VEC(out);
  *trap = wasm_func_call(export_func(&exports, index), &args, &results);
  wasm_extern_vec_delete(&exports);
  return out[0].of.i32;
}

int main(int argc, char** argv) {
  CHECK(argc == 2);
  wasm_config_t* config = wasm_config_new();
  /* The call depth limit is the interpreter's (the JIT's is the stack). */
  ember_config_max_call_depth_set(config, 50);
#if EMBER_TEST_INTERP
  ember_config_engine_set(config, EMBER_ENGINE_INTERPRETER);
#endif
  ember_config_bounds_mode_set(config, EMBER_BOUNDS_CHECKS);
  wasm_engine_t* engine = wasm_engine_new_with_config(config);
  wasm_store_t* store = wasm_store_new(engine);

  wasm_byte_vec_t bad;
  wasm_byte_vec_new(&bad, 4, "\0asm");
  wasm_module_t* none = NULL;
  CHECK(error_says(ember_module_new(store, &bad, &none), "") && none == NULL);
  wasm_byte_vec_delete(&bad);

  wasm_module_t* fib = load_module(store, argv[1], "fib");
  wasm_module_t* linked = load_module(store, argv[1], "linked");
  ember_linker_t* linker = ember_linker_new(store);

  wasm_instance_t* instance = NULL;
  wasm_trap_t* trap = NULL;
  CHECK(error_says(ember_linker_instantiate(linker, fib, &instance, &trap), "unknown import"));
  CHECK(instance == NULL && trap == NULL);

  wasm_functype_t* type = wasm_functype_new_1_0(wasm_valtype_new_i32());
  wasm_func_t* log_func = wasm_func_new(store, type, log_value);
  wasm_functype_delete(type);
  CHECK(ember_linker_define(linker, "env", "log", wasm_func_as_extern(log_func)) == NULL);
  wasm_func_delete(log_func);
  CHECK(ember_linker_instantiate(linker, fib, &instance, &trap) == NULL);
  CHECK(instance != NULL && trap == NULL);

  /* Exports: fib, fib_logged, add3, boom. */
  CHECK(call_i32(instance, 1, 10, &trap) == 55 && trap == NULL);
  CHECK(logged == 10);
#if EMBER_TEST_INTERP
  /* Recursion deeper than the configured 50 calls traps. */
  call_i32(instance, 0, 60, &trap);
  CHECK(trap_says(trap, "call stack exhausted"));
#endif

  /* Another module links against the first instance's exports. */
  CHECK(ember_linker_define_instance(linker, "fibmod", instance) == NULL);
  wasm_instance_t* second = NULL;
  CHECK(ember_linker_instantiate(linker, linked, &second, &trap) == NULL && second != NULL);
  CHECK(call_i32(second, 0, 10, &trap) == 56 && trap == NULL);

  /* Items of another store are refused. */
  wasm_store_t* other = wasm_store_new(engine);
  wasm_memorytype_t* mt = wasm_memorytype_new(&(wasm_limits_t){1, 1});
  wasm_memory_t* foreign_memory = wasm_memory_new(other, mt);
  wasm_memorytype_delete(mt);
  CHECK(error_says(ember_linker_define(linker, "env", "m", wasm_memory_as_extern(foreign_memory)),
                   "another store"));
  wasm_memory_delete(foreign_memory);
  wasm_store_delete(other);

  wasm_instance_delete(second);
  wasm_instance_delete(instance);
  ember_linker_delete(linker);
  wasm_module_delete(linked);
  wasm_module_delete(fib);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("linker: ok\n");
  return 0;
}
