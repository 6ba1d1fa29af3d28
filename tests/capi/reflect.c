/* Reflection: the module's imports and exports, and the types of an
 * instance's exports. */
#include "capi_test.h"

static int name_is(const wasm_name_t* n, const char* s) {
  return n->size == strlen(s) && memcmp(n->data, s, n->size) == 0;
}

static void check_functype(const wasm_functype_t* f) {
  const wasm_valtype_vec_t* p = wasm_functype_params(f);
  const wasm_valtype_vec_t* r = wasm_functype_results(f);
  CHECK(p->size == 2 && wasm_valtype_kind(p->data[0]) == WASM_I32 &&
        wasm_valtype_kind(p->data[1]) == WASM_F64);
  CHECK(r->size == 1 && wasm_valtype_kind(r->data[0]) == WASM_I64);
}

int main(int argc, char** argv) {
  CHECK(argc == 2);
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, argv[1], "reflect");

  wasm_importtype_vec_t imports;
  wasm_module_imports(module, &imports);
  CHECK(imports.size == 4);
  CHECK(name_is(wasm_importtype_module(imports.data[0]), "env"));
  CHECK(name_is(wasm_importtype_name(imports.data[0]), "f"));
  const wasm_externtype_t* t0 = wasm_importtype_type(imports.data[0]);
  CHECK(wasm_externtype_kind(t0) == WASM_EXTERN_FUNC);
  check_functype(wasm_externtype_as_functype_const(t0));
  const wasm_globaltype_t* g =
      wasm_externtype_as_globaltype_const(wasm_importtype_type(imports.data[1]));
  CHECK(g && wasm_valtype_kind(wasm_globaltype_content(g)) == WASM_F32 &&
        wasm_globaltype_mutability(g) == WASM_VAR);
  const wasm_tabletype_t* t =
      wasm_externtype_as_tabletype_const(wasm_importtype_type(imports.data[2]));
  CHECK(t && wasm_valtype_kind(wasm_tabletype_element(t)) == WASM_FUNCREF);
  CHECK(wasm_tabletype_limits(t)->min == 1 &&
        wasm_tabletype_limits(t)->max == wasm_limits_max_default);
  const wasm_memorytype_t* m =
      wasm_externtype_as_memorytype_const(wasm_importtype_type(imports.data[3]));
  CHECK(m && wasm_memorytype_limits(m)->min == 1 && wasm_memorytype_limits(m)->max == 5);
  CHECK(wasm_externtype_as_functype_const(wasm_importtype_type(imports.data[3])) == NULL);

  wasm_importtype_vec_t imports_copy;
  wasm_importtype_vec_copy(&imports_copy, &imports);
  CHECK(name_is(wasm_importtype_name(imports_copy.data[2]), "t"));
  wasm_importtype_vec_delete(&imports_copy);
  wasm_importtype_vec_delete(&imports);

  wasm_exporttype_vec_t exports;
  wasm_module_exports(module, &exports);
  CHECK(exports.size == 4);
  const char* names[] = {"func", "global", "table", "memory"};
  wasm_externkind_t kinds[] = {WASM_EXTERN_FUNC, WASM_EXTERN_GLOBAL, WASM_EXTERN_TABLE,
                               WASM_EXTERN_MEMORY};
  for (size_t i = 0; i < 4; ++i) {
    CHECK(name_is(wasm_exporttype_name(exports.data[i]), names[i]));
    CHECK(wasm_externtype_kind(wasm_exporttype_type(exports.data[i])) == kinds[i]);
  }
  check_functype(wasm_externtype_as_functype_const(wasm_exporttype_type(exports.data[0])));
  const wasm_tabletype_t* et =
      wasm_externtype_as_tabletype_const(wasm_exporttype_type(exports.data[2]));
  CHECK(wasm_valtype_kind(wasm_tabletype_element(et)) == WASM_EXTERNREF);
  CHECK(wasm_tabletype_limits(et)->min == 3 && wasm_tabletype_limits(et)->max == 4);
  wasm_exporttype_vec_delete(&exports);

  /* Types built by hand round-trip through extern types. */
  wasm_functype_t* ft = wasm_functype_new_2_1(wasm_valtype_new_i32(), wasm_valtype_new_f64(),
                                              wasm_valtype_new_i64());
  wasm_externtype_t* et2 = wasm_externtype_copy(wasm_functype_as_externtype(ft));
  check_functype(wasm_externtype_as_functype(et2));
  wasm_externtype_delete(et2);
  wasm_functype_delete(ft);

  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("reflect: ok\n");
  return 0;
}
