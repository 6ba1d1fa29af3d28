/* C API misuse an embedder can hit (issue: untrusted plugins): imports from
 * another store are refused, and wasm_val_t kinds that do not match a
 * function's signature are rejected before their payload is read -- as
 * arguments to wasm_func_call and as a host function's results. A
 * reference to another store's function, or to a module, is refused as a
 * table's or a global's value. On every engine the build has. */
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
  wasm_engine_t* engine = new_engine(kind);
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

  /* A function of another store is refused as a reference value: by a
   * table (new, set, grow) and a global of either reference type. So is a
   * module, which is no object of a store. */
  wasm_limits_t limits = {2, 10};
  wasm_tabletype_t* funcs_type = wasm_tabletype_new(wasm_valtype_new(WASM_FUNCREF), &limits);
  wasm_tabletype_t* externs_type = wasm_tabletype_new(wasm_valtype_new(WASM_EXTERNREF), &limits);
  wasm_ref_t* foreign_ref = wasm_func_as_ref(foreign);
  wasm_ref_t* module_ref = wasm_module_as_ref(module);
  CHECK(wasm_table_new(store, funcs_type, foreign_ref) == NULL);
  CHECK(wasm_table_new(store, externs_type, module_ref) == NULL);
  wasm_table_t* funcs = wasm_table_new(store, funcs_type, NULL);
  wasm_table_t* externs = wasm_table_new(store, externs_type, NULL);
  CHECK(funcs != NULL && externs != NULL);
  CHECK(!wasm_table_set(funcs, 0, foreign_ref));
  CHECK(!wasm_table_set(externs, 0, foreign_ref));
  CHECK(!wasm_table_set(externs, 0, module_ref));
  CHECK(!wasm_table_grow(funcs, 1, foreign_ref));
  CHECK(wasm_table_size(funcs) == 2);
  CHECK(wasm_table_set(funcs, 0, wasm_func_as_ref(own)));
  CHECK(wasm_table_set(externs, 1, wasm_func_as_ref(own)));
  wasm_ref_t* got = wasm_table_get(funcs, 0);
  CHECK(got != NULL && wasm_ref_same(got, wasm_func_as_ref(own)));
  wasm_ref_delete(got);
  got = wasm_table_get(funcs, 1);
  CHECK(got == NULL);
  wasm_globaltype_t* extern_global_type =
      wasm_globaltype_new(wasm_valtype_new(WASM_EXTERNREF), WASM_VAR);
  wasm_val_t foreign_val = {.kind = WASM_EXTERNREF, .of = {.ref = foreign_ref}};
  wasm_val_t module_val = {.kind = WASM_EXTERNREF, .of = {.ref = module_ref}};
  CHECK(wasm_global_new(store, extern_global_type, &foreign_val) == NULL);
  CHECK(wasm_global_new(store, extern_global_type, &module_val) == NULL);
  wasm_val_t null_val = WASM_INIT_VAL;
  wasm_global_t* extern_global = wasm_global_new(store, extern_global_type, &null_val);
  CHECK(extern_global != NULL);
  wasm_global_set(extern_global, &foreign_val); /* ignored */
  wasm_val_t read;
  wasm_global_get(extern_global, &read);
  CHECK(read.kind == WASM_EXTERNREF && read.of.ref == NULL);
  wasm_global_delete(extern_global);
  wasm_globaltype_delete(extern_global_type);
  wasm_table_delete(externs);
  wasm_table_delete(funcs);
  wasm_tabletype_delete(externs_type);
  wasm_tabletype_delete(funcs_type);

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
  run_on_each_engine(argv[1], run);
  printf("misuse: ok\n");
  return 0;
}
