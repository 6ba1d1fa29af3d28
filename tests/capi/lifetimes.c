/* The handles of wasm.h deleted in any order: the bindings of a
 * garbage-collected language finalize them in whatever order the collector
 * finds them, so an engine may go before its stores and modules. A store
 * and a module keep their engine alive: deleting the engine's handle first
 * leaves them working, and a module shared before its engine went is
 * compiled again for a new engine (which may sit at the old one's address),
 * not taken for one of its own. A trap may outlive its store too (a
 * binding's exception object): its frames then show no instance. On every
 * engine the build has; the
 * sanitizer build reports any use of a freed engine. */
#include "capi_test.h"
#include "ember/ember.h"

static wasm_trap_t* twice(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 * 2;
  return NULL;
}

static wasm_func_t* new_twice(wasm_store_t* store) {
  wasm_functype_t* type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* f = wasm_func_new(store, type, twice);
  wasm_functype_delete(type);
  return f;
}

/* Instantiates hello.wat's module with `twice` as its import and checks
 * that run(20) is (20 + 1) * 2. The instance's handles are left to the
 * caller's `exports`, to be deleted after the store. */
static void instantiate_and_run(wasm_store_t* store, wasm_module_t* module,
                                wasm_extern_vec_t* exports) {
  wasm_func_t* host = new_twice(store);
  wasm_extern_t* imports_arr[] = {wasm_func_as_extern(host)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(imports_arr);
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, NULL);
  CHECK(instance != NULL);
  wasm_instance_exports(instance, exports);
  wasm_instance_delete(instance);
  wasm_func_delete(host);

  wasm_val_t args_arr[1] = {WASM_I32_VAL(20)};
  wasm_val_t results_arr[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(args_arr);
  wasm_val_vec_t results = WASM_ARRAY_VEC(results_arr);
  CHECK(wasm_func_call(export_func(exports, 0), &args, &results) == NULL);
  CHECK(results.data[0].kind == WASM_I32 && results.data[0].of.i32 == 42);
}

static void run(const char* dir, ember_engine_kind_t kind) {
  wasm_engine_t* engine = new_engine(kind);
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, dir, "hello");
  wasm_shared_module_t* shared = wasm_module_share(module);

  /* The engine's handle first: the store and the module still work. */
  wasm_engine_delete(engine);
  wasm_extern_vec_t exports;
  instantiate_and_run(store, module, &exports);
  wasm_byte_vec_t binary;
  load_wasm(dir, "hello", &binary);
  wasm_module_t* again = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  CHECK(again != NULL);

  /* Then the store, before the handles of what lives in it. */
  wasm_store_delete(store);
  wasm_extern_vec_delete(&exports);
  wasm_module_delete(module);

  /* The shared module still holds the first engine: a new engine's store
   * gets the module compiled again, for its own type ids. */
  engine = new_engine(kind);
  store = wasm_store_new(engine);
  module = wasm_module_obtain(store, shared);
  CHECK(module != NULL);
  wasm_shared_module_delete(shared);
  wasm_module_delete(again); /* the first engine's last user */
  instantiate_and_run(store, module, &exports);

  /* A module outliving both its engine and its store. */
  wasm_engine_delete(engine);
  wasm_store_delete(store);
  wasm_extern_vec_delete(&exports);
  wasm_exporttype_vec_t export_types;
  wasm_module_exports(module, &export_types);
  CHECK(export_types.size == 1);
  wasm_exporttype_vec_delete(&export_types);
  wasm_module_delete(module);
  wasm_engine_delete(NULL); /* as deleting a null pointer: nothing */
}

static void trap_outlives_store(const char* dir, ember_engine_kind_t kind) {
  wasm_engine_t* engine = new_engine(kind);
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, dir, "frames");
  wasm_extern_vec_t exports;
  wasm_instance_t* instance = instantiate_without_imports(store, module, &exports);
  wasm_val_t args_arr[1] = {WASM_I32_VAL(0)};
  wasm_val_t results_arr[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(args_arr);
  wasm_val_vec_t results = WASM_ARRAY_VEC(results_arr);
  wasm_trap_t* trap = wasm_func_call(export_func(&exports, 1), &args, &results); /* 1 / 0 */
  CHECK(trap != NULL);
  wasm_frame_t* before = wasm_trap_origin(trap);
  CHECK(before != NULL && wasm_frame_instance(before) != NULL);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);

  CHECK(wasm_frame_instance(before) == NULL);
  wasm_frame_t* after = wasm_trap_origin(trap);
  CHECK(after != NULL && wasm_frame_func_index(after) == 0);
  CHECK(wasm_frame_instance(after) == NULL);
  wasm_frame_t* copy = wasm_frame_copy(after);
  CHECK(wasm_frame_instance(copy) == NULL);
  wasm_frame_delete(copy);
  wasm_frame_delete(after);
  wasm_frame_delete(before);
  wasm_frame_vec_t trace;
  wasm_trap_trace(trap, &trace);
  CHECK(trace.size == 2 && wasm_frame_func_index(trace.data[1]) == 1);
  wasm_frame_vec_delete(&trace);
  CHECK(trap_says(trap, "divide by zero"));
}

int main(int argc, char** argv) {
  CHECK(argc == 2);
  run_on_each_engine(argv[1], run);
  run_on_each_engine(argv[1], trap_outlives_store);
  printf("lifetimes: ok\n");
  return 0;
}
