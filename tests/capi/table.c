/* Tables: entries read and written by the host, growth, and
 * call_indirect through entries the host set. */
#include "capi_test.h"

static wasm_trap_t* negate(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = -args->data[0].of.i32;
  return NULL;
}

static wasm_trap_t* call_indirect(wasm_func_t* f, int32_t arg, int32_t index, int32_t* result) {
  wasm_val_t in[] = {WASM_I32_VAL(arg), WASM_I32_VAL(index)};
  wasm_val_t out[] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(in), results = WASM_ARRAY_VEC(out);
  wasm_trap_t* trap = wasm_func_call(f, &args, &results);
  if (!trap) *result = out[0].of.i32;
  return trap;
}

int main(int argc, char** argv) {
  CHECK(argc == 2);
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, argv[1], "table");
  wasm_extern_vec_t no_imports = WASM_EMPTY_VEC;
  wasm_instance_t* instance = wasm_instance_new(store, module, &no_imports, NULL);
  CHECK(instance != NULL);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_table_t* table = wasm_extern_as_table(exports.data[0]);
  CHECK(table != NULL);
  wasm_func_t* dbl = export_func(&exports, 1);
  wasm_func_t* ci = export_func(&exports, 2);

  CHECK(wasm_table_size(table) == 2);
  CHECK(wasm_table_get(table, 0) == NULL);
  wasm_ref_t* entry = wasm_table_get(table, 1);
  CHECK(entry != NULL && wasm_ref_as_func(entry) != NULL);
  CHECK(wasm_func_same(wasm_ref_as_func(entry), dbl));
  wasm_ref_delete(entry);
  CHECK(wasm_table_get(table, 2) == NULL);

  int32_t r = 0;
  CHECK(call_indirect(ci, 7, 1, &r) == NULL && r == 14);
  CHECK(trap_says(call_indirect(ci, 7, 0, &r), "uninitialized element"));
  CHECK(trap_says(call_indirect(ci, 7, 2, &r), "undefined element"));

  wasm_functype_t* type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* neg = wasm_func_new(store, type, negate);
  wasm_functype_delete(type);
  CHECK(wasm_table_set(table, 0, wasm_func_as_ref(neg)));
  CHECK(!wasm_table_set(table, 2, wasm_func_as_ref(neg)));
  CHECK(call_indirect(ci, 7, 0, &r) == NULL && r == -7);

  CHECK(wasm_table_grow(table, 3, wasm_func_as_ref(neg)));
  CHECK(wasm_table_size(table) == 5);
  CHECK(call_indirect(ci, 8, 4, &r) == NULL && r == -8);
  CHECK(!wasm_table_grow(table, 6, NULL)); /* max 10 */
  CHECK(wasm_table_size(table) == 5);
  CHECK(wasm_table_set(table, 4, NULL));
  CHECK(trap_says(call_indirect(ci, 7, 4, &r), "uninitialized element"));

  /* A table made by the host, imported nowhere. */
  wasm_limits_t limits = {1, wasm_limits_max_default};
  wasm_tabletype_t* tt = wasm_tabletype_new(wasm_valtype_new_funcref(), &limits);
  wasm_table_t* host_table = wasm_table_new(store, tt, wasm_func_as_ref(neg));
  wasm_tabletype_delete(tt);
  CHECK(host_table != NULL && wasm_table_size(host_table) == 1);
  wasm_ref_t* e0 = wasm_table_get(host_table, 0);
  CHECK(wasm_ref_same(e0, wasm_func_as_ref(neg)));
  wasm_ref_delete(e0);
  wasm_table_delete(host_table);

  wasm_func_delete(neg);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("table: ok\n");
  return 0;
}
