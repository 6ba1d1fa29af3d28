/* Globals: imported from the host, exported by wasm, read and written from
 * both sides. */
#include "capi_test.h"

static wasm_val_t call0(wasm_func_t* f) {
  wasm_val_t r[] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_EMPTY_VEC, results = WASM_ARRAY_VEC(r);
  CHECK(wasm_func_call(f, &args, &results) == NULL);
  return r[0];
}

int main(int argc, char** argv) {
  CHECK(argc == 2);
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, argv[1], "global");

  wasm_globaltype_t* const_type = wasm_globaltype_new(wasm_valtype_new_f32(), WASM_CONST);
  wasm_globaltype_t* var_type = wasm_globaltype_new(wasm_valtype_new_i64(), WASM_VAR);
  wasm_val_t c = WASM_F32_VAL(1.5f), v = WASM_I64_VAL(-3);
  wasm_global_t* g_const = wasm_global_new(store, const_type, &c);
  wasm_global_t* g_var = wasm_global_new(store, var_type, &v);
  /* A value of the wrong type is refused. */
  CHECK(wasm_global_new(store, const_type, &v) == NULL);
  wasm_globaltype_delete(const_type);
  wasm_globaltype_delete(var_type);

  wasm_globaltype_t* t = wasm_global_type(g_var);
  CHECK(wasm_valtype_kind(wasm_globaltype_content(t)) == WASM_I64);
  CHECK(wasm_globaltype_mutability(t) == WASM_VAR);
  wasm_globaltype_delete(t);

  wasm_extern_t* imports[] = {wasm_global_as_extern(g_const), wasm_global_as_extern(g_var)};
  wasm_extern_vec_t import_vec = WASM_ARRAY_VEC(imports);
  wasm_instance_t* instance = wasm_instance_new(store, module, &import_vec, NULL);
  CHECK(instance != NULL);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_global_t* own = wasm_extern_as_global(exports.data[0]);
  CHECK(own != NULL);
  wasm_func_t* get_in_const = export_func(&exports, 1);
  wasm_func_t* get_in_var = export_func(&exports, 2);
  wasm_func_t* set_in_var = export_func(&exports, 3);
  wasm_func_t* get_own = export_func(&exports, 4);

  CHECK(call0(get_in_const).of.f32 == 1.5f);
  CHECK(call0(get_in_var).of.i64 == -3);

  /* Host writes are seen by wasm... */
  wasm_val_t nv = WASM_I64_VAL(77);
  wasm_global_set(g_var, &nv);
  CHECK(call0(get_in_var).of.i64 == 77);
  wasm_val_t no = WASM_I32_VAL(42);
  wasm_global_set(own, &no);
  CHECK(call0(get_own).of.i32 == 42);
  /* ...and wasm writes by the host. */
  wasm_val_t a[] = {WASM_I64_VAL(1234)};
  wasm_val_vec_t args = WASM_ARRAY_VEC(a), none = WASM_EMPTY_VEC;
  CHECK(wasm_func_call(set_in_var, &args, &none) == NULL);
  wasm_val_t out;
  wasm_global_get(g_var, &out);
  CHECK(out.kind == WASM_I64 && out.of.i64 == 1234);
  /* Immutable globals ignore writes. */
  wasm_val_t nc = WASM_F32_VAL(9.0f);
  wasm_global_set(g_const, &nc);
  wasm_global_get(g_const, &out);
  CHECK(out.of.f32 == 1.5f);

  wasm_extern_vec_delete(&exports);
  wasm_global_delete(g_const);
  wasm_global_delete(g_var);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("global: ok\n");
  return 0;
}
