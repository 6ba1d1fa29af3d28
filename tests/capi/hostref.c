/* Host objects as externref values: foreign objects (with host info, as a
 * language binding attaches its own object to them) go into a global, a
 * table and through a host function and come back as the same object,
 * with the same info, whether wasm or the host reads them; null stays
 * null. A function or an instance passed the same way comes back as a
 * handle of its kind. The store keeps an object alive after the host's
 * handles are gone, and finalizes its info once, with the store. On every
 * engine the build has. */
#include "capi_test.h"
#include "ember/ember.h"

/* The exports, in hostref.wat's order. */
enum { HELD_GLOBAL, SLOTS, HOLD, HELD_VALUE, PUT, GET, THROUGH_HOST, IS_NULL, EXPORT_COUNT };

static int finalized;
static void finalize(void* info) {
  (void)info;
  finalized++;
}

static int echoed;
static wasm_trap_t* echo(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  echoed++;
  results->data[0] = args->data[0];
  results->data[0].of.ref = args->data[0].of.ref ? wasm_ref_copy(args->data[0].of.ref) : NULL;
  return NULL;
}

/* Calls export `index` with up to two arguments; returns its externref
 * result (owned), or NULL. */
static wasm_ref_t* call(const wasm_extern_vec_t* exports, size_t index, wasm_val_t* args,
                        size_t nargs, size_t nresults) {
  wasm_val_vec_t arg_vec = {nargs, args};
  wasm_val_t result = WASM_INIT_VAL;
  wasm_val_vec_t result_vec = {nresults, &result};
  wasm_trap_t* trap = wasm_func_call(export_func(exports, index), &arg_vec, &result_vec);
  CHECK(trap == NULL);
  if (nresults == 0) return NULL;
  CHECK(result.kind == WASM_EXTERNREF);
  return result.of.ref;
}

/* True when `ref` (deleted here) is `expected` (NULL: a null reference). */
static int is(wasm_ref_t* ref, const wasm_ref_t* expected) {
  int same = expected ? wasm_ref_same(ref, expected) : ref == NULL;
  if (ref) wasm_ref_delete(ref);
  return same;
}

static void run(const char* dir, ember_engine_kind_t kind) {
  wasm_engine_t* engine = new_engine(kind);
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, dir, "hostref");
  wasm_functype_t* echo_type =
      wasm_functype_new_1_1(wasm_valtype_new(WASM_EXTERNREF), wasm_valtype_new(WASM_EXTERNREF));
  wasm_func_t* echo_func = wasm_func_new(store, echo_type, echo);
  wasm_functype_delete(echo_type);
  wasm_extern_t* imports_arr[] = {wasm_func_as_extern(echo_func)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(imports_arr);
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, NULL);
  CHECK(instance != NULL);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  CHECK(exports.size == EXPORT_COUNT);

  wasm_foreign_t* a = wasm_foreign_new(store);
  wasm_foreign_t* b = wasm_foreign_new(store);
  wasm_foreign_set_host_info_with_finalizer(a, (void*)0xa, finalize);
  wasm_foreign_set_host_info_with_finalizer(b, (void*)0xb, finalize);
  wasm_ref_t* ra = wasm_foreign_as_ref(a);
  wasm_ref_t* rb = wasm_foreign_as_ref(b);
  CHECK(!wasm_ref_same(ra, rb));
  finalized = 0;

  /* A global, written by wasm and read by both. */
  wasm_val_t arg_a[1] = {WASM_REF_VAL(ra)};
  call(&exports, HOLD, arg_a, 1, 0);
  wasm_ref_t* back = call(&exports, HELD_VALUE, NULL, 0, 1);
  CHECK(back != NULL && wasm_ref_as_foreign(back) != NULL);
  CHECK(wasm_foreign_get_host_info(wasm_ref_as_foreign(back)) == (void*)0xa);
  CHECK(is(back, ra));
  wasm_global_t* held = wasm_extern_as_global(exports.data[HELD_GLOBAL]);
  wasm_val_t value;
  wasm_global_get(held, &value);
  CHECK(value.kind == WASM_EXTERNREF && is(value.of.ref, ra));
  wasm_val_t value_b = WASM_REF_VAL(rb);
  wasm_global_set(held, &value_b);
  CHECK(is(call(&exports, HELD_VALUE, NULL, 0, 1), rb));

  /* A table, written by wasm and by the host. */
  wasm_val_t put_b[2] = {WASM_I32_VAL(1), WASM_REF_VAL(rb)};
  call(&exports, PUT, put_b, 2, 0);
  wasm_table_t* slots = wasm_extern_as_table(exports.data[SLOTS]);
  CHECK(is(wasm_table_get(slots, 1), rb));
  CHECK(wasm_table_set(slots, 2, ra));
  wasm_val_t index2[1] = {WASM_I32_VAL(2)};
  CHECK(is(call(&exports, GET, index2, 1, 1), ra));
  wasm_val_t index3[1] = {WASM_I32_VAL(3)};
  CHECK(is(call(&exports, GET, index3, 1, 1), NULL));
  CHECK(wasm_table_set(slots, 2, NULL));
  CHECK(is(call(&exports, GET, index2, 1, 1), NULL));

  /* Through a host function and back. */
  echoed = 0;
  CHECK(is(call(&exports, THROUGH_HOST, arg_a, 1, 1), ra));
  wasm_val_t null_arg[1] = {WASM_REF_VAL(NULL)};
  CHECK(is(call(&exports, THROUGH_HOST, null_arg, 1, 1), NULL));
  CHECK(echoed == 2);

  /* A function or an instance as an externref comes back as the same
   * object, and as a handle of its kind: the function can be called, and
   * the instance outlives its last handle (the value still names it). */
  wasm_val_t arg_f[1] = {WASM_REF_VAL(wasm_func_as_ref(echo_func))};
  back = call(&exports, THROUGH_HOST, arg_f, 1, 1);
  CHECK(back != NULL && wasm_ref_same(back, wasm_func_as_ref(echo_func)));
  wasm_func_t* echo_back = wasm_ref_as_func(back);
  CHECK(echo_back != NULL);
  wasm_val_t echo_results[1] = {WASM_INIT_VAL};
  wasm_val_vec_t echo_result_vec = WASM_ARRAY_VEC(echo_results);
  wasm_val_vec_t echo_args = WASM_ARRAY_VEC(arg_a);
  CHECK(wasm_func_call(echo_back, &echo_args, &echo_result_vec) == NULL);
  CHECK(is(echo_results[0].of.ref, ra));
  wasm_ref_delete(back);
  wasm_module_t* other_module = load_module(store, dir, "finalize");
  wasm_extern_vec_t none = WASM_EMPTY_VEC;
  wasm_instance_t* other = wasm_instance_new(store, other_module, &none, NULL);
  CHECK(other != NULL); /* its exports not taken: reclaimable but for its value */
  wasm_val_t arg_i[1] = {WASM_REF_VAL(wasm_instance_as_ref(other))};
  call(&exports, HOLD, arg_i, 1, 0);
  wasm_instance_delete(other);
  back = call(&exports, HELD_VALUE, NULL, 0, 1);
  CHECK(back != NULL && wasm_ref_as_instance(back) != NULL);
  wasm_extern_vec_t other_exports;
  wasm_instance_exports(wasm_ref_as_instance(back), &other_exports);
  CHECK(other_exports.size == 2);
  wasm_extern_vec_delete(&other_exports);
  wasm_ref_delete(back);
  wasm_module_delete(other_module);
  wasm_val_t arg_b[1] = {WASM_REF_VAL(rb)};
  call(&exports, HOLD, arg_b, 1, 0);

  /* ref.is_null sees a host object as not null. */
  wasm_val_t result = WASM_INIT_VAL;
  wasm_val_vec_t results = {1, &result};
  wasm_val_vec_t args_a = {1, arg_a};
  CHECK(wasm_func_call(export_func(&exports, IS_NULL), &args_a, &results) == NULL);
  CHECK(result.kind == WASM_I32 && result.of.i32 == 0);
  wasm_val_vec_t args_null = {1, null_arg};
  CHECK(wasm_func_call(export_func(&exports, IS_NULL), &args_null, &results) == NULL);
  CHECK(result.of.i32 == 1);

  /* Without the host's handles, what wasm holds is still the object. */
  wasm_foreign_delete(a);
  wasm_foreign_delete(b);
  back = call(&exports, HELD_VALUE, NULL, 0, 1);
  CHECK(back != NULL && wasm_foreign_get_host_info(wasm_ref_as_foreign(back)) == (void*)0xb);
  wasm_ref_delete(back);
  back = wasm_table_get(slots, 1);
  CHECK(back != NULL && wasm_foreign_get_host_info(wasm_ref_as_foreign(back)) == (void*)0xb);
  wasm_ref_delete(back);
  CHECK(finalized == 0);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(echo_func);
  wasm_module_delete(module);
  wasm_store_delete(store);
  CHECK(finalized == 2);
  wasm_engine_delete(engine);
}

int main(int argc, char** argv) {
  CHECK(argc == 2);
  run_on_each_engine(argv[1], run);
  printf("hostref: ok\n");
  return 0;
}
