/* Traps: a host function's trap reaches the caller with its message; a
 * wasm trap carries its message and frames, innermost first. */
#include "capi_test.h"

static wasm_store_t* the_store;

static wasm_trap_t* fail(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)args;
  (void)results;
  wasm_message_t message;
  wasm_name_new_from_string_nt(&message, "callback abort");
  wasm_trap_t* trap = wasm_trap_new(the_store, &message);
  wasm_name_delete(&message);
  return trap;
}

int main(int argc, char** argv) {
  CHECK(argc == 2);
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  the_store = store;
  wasm_module_t* module = load_module(store, argv[1], "trap");
  wasm_functype_t* type = wasm_functype_new_0_1(wasm_valtype_new_i32());
  wasm_func_t* fail_func = wasm_func_new(store, type, fail);
  wasm_functype_delete(type);
  wasm_extern_t* imports[] = {wasm_func_as_extern(fail_func)};
  wasm_extern_vec_t import_vec = WASM_ARRAY_VEC(imports);
  wasm_instance_t* instance = wasm_instance_new(store, module, &import_vec, NULL);
  CHECK(instance != NULL);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);

  wasm_val_t r[] = {WASM_INIT_VAL};
  wasm_val_vec_t none = WASM_EMPTY_VEC, one = WASM_ARRAY_VEC(r);
  wasm_trap_t* trap = wasm_func_call(export_func(&exports, 0), &none, &one);
  CHECK(trap != NULL);
  wasm_trap_t* copy = wasm_trap_copy(trap);
  CHECK(wasm_trap_same(trap, copy));
  wasm_trap_delete(copy);
  CHECK(trap_says(trap, "callback abort"));
  /* A call that traps reports its trap even when given no room for its
   * result (the pattern of wasm-c-api's example/trap.c). */
  trap = wasm_func_call(export_func(&exports, 0), &none, &none);
  CHECK(trap_says(trap, "callback abort"));

  trap = wasm_func_call(export_func(&exports, 1), &none, &none);
  CHECK(trap != NULL);
  /* Function indices: 0 is the import, 1 $inner, 2 $middle, 4 the export. */
  wasm_frame_t* origin = wasm_trap_origin(trap);
  CHECK(origin != NULL && wasm_frame_func_index(origin) == 1);
  wasm_frame_t* origin_copy = wasm_frame_copy(origin);
  CHECK(wasm_frame_func_index(origin_copy) == 1);
  wasm_frame_delete(origin_copy);
  wasm_frame_delete(origin);
  wasm_frame_vec_t trace;
  wasm_trap_trace(trap, &trace);
  CHECK(trace.size == 3);
  CHECK(wasm_frame_func_index(trace.data[0]) == 1);
  CHECK(wasm_frame_func_index(trace.data[1]) == 2);
  CHECK(wasm_frame_func_index(trace.data[2]) == 4);
  wasm_frame_vec_delete(&trace);
  CHECK(trap_says(trap, "unreachable"));

  /* A host trap has no frames. */
  wasm_message_t m;
  wasm_name_new_from_string_nt(&m, "plain");
  trap = wasm_trap_new(store, &m);
  wasm_name_delete(&m);
  CHECK(wasm_trap_origin(trap) == NULL);
  wasm_trap_trace(trap, &trace);
  CHECK(trace.size == 0);
  wasm_frame_vec_delete(&trace);
  CHECK(trap_says(trap, "plain"));

  /* Instantiation failures come back as traps. */
  wasm_extern_vec_t no_imports = WASM_EMPTY_VEC;
  wasm_trap_t* link_trap = NULL;
  CHECK(wasm_instance_new(store, module, &no_imports, &link_trap) == NULL);
  CHECK(trap_says(link_trap, "imports"));

  wasm_func_delete(fail_func);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("trap: ok\n");
  return 0;
}
