/* Calls through wasm.h on every engine the build has: a trap inside a
 * nested wasm -> host -> wasm call reaches the host callback that made the
 * inner call (which may handle it or return it), calls keep working after
 * it, and signatures with more values than the registers and the runtime's
 * inline buffers keep each value in place in both directions. */
#include <stdint.h>

#include "capi_test.h"
#include "ember/ember.h"

typedef struct {
  wasm_func_t* inner;  /* set after instantiation */
  int propagate;       /* return the inner trap instead of handling it */
  int inner_trapped;
} nested_env;

static wasm_trap_t* nested(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  nested_env* e = env;
  wasm_val_t out[1] = {WASM_INIT_VAL};
  wasm_val_vec_t out_vec = WASM_ARRAY_VEC(out);
  wasm_trap_t* trap = wasm_func_call(e->inner, args, &out_vec);
  if (trap) {
    e->inner_trapped = 1;
    if (e->propagate) return trap;
    wasm_trap_delete(trap);
    results->data[0].kind = WASM_I32;
    results->data[0].of.i32 = 7;
    return NULL;
  }
  results->data[0] = out[0];
  return NULL;
}

/* The 12 arguments call_wide passes (the first is its own argument). */
static int wide_args_in_place(const wasm_val_t* a) {
  return a[1].of.i64 == 2 && a[2].of.f32 == 3 && a[3].of.f64 == 4 && a[4].of.i32 == 5 &&
         a[5].of.i64 == 6 && a[6].of.f32 == 7 && a[7].of.f64 == 8 && a[8].of.i32 == 9 &&
         a[9].of.i64 == 10 && a[10].of.f32 == 11 && a[11].of.f64 == 12;
}

static wasm_trap_t* wide(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  const wasm_val_t* a = args->data;
  CHECK(args->size == 12 && results->size == 10);
  CHECK(wide_args_in_place(a));
  wasm_val_t r[10] = {WASM_I64_VAL(a[1].of.i64 + a[0].of.i32),
                      WASM_F64_VAL(a[3].of.f64 + a[2].of.f32),
                      WASM_I32_VAL(a[4].of.i32),
                      WASM_I64_VAL(a[5].of.i64),
                      WASM_F64_VAL(a[7].of.f64 + a[6].of.f32),
                      WASM_I32_VAL(a[8].of.i32),
                      WASM_I64_VAL(a[9].of.i64),
                      WASM_F64_VAL(a[11].of.f64 + a[10].of.f32),
                      WASM_I32_VAL(a[0].of.i32 * 3),
                      WASM_I64_VAL(100)};
  for (int i = 0; i < 10; ++i) results->data[i] = r[i];
  return NULL;
}

static int32_t call_i32(wasm_func_t* f, int32_t x, wasm_trap_t** trap) {
  wasm_val_t in[1] = {WASM_I32_VAL(x)}, out[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(in), results = WASM_ARRAY_VEC(out);
  *trap = wasm_func_call(f, &args, &results);
  return out[0].of.i32;
}

static wasm_functype_t* wide_type(void) {
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new_uninitialized(&params, 12);
  for (int i = 0; i < 12; ++i) {
    static const wasm_valkind_t kinds[4] = {WASM_I32, WASM_I64, WASM_F32, WASM_F64};
    params.data[i] = wasm_valtype_new(kinds[i % 4]);
  }
  static const wasm_valkind_t out[10] = {WASM_I64, WASM_F64, WASM_I32, WASM_I64, WASM_F64,
                                         WASM_I32, WASM_I64, WASM_F64, WASM_I32, WASM_I64};
  wasm_valtype_vec_new_uninitialized(&results, 10);
  for (int i = 0; i < 10; ++i) results.data[i] = wasm_valtype_new(out[i]);
  return wasm_functype_new(&params, &results);
}

static void run(const char* dir, ember_engine_kind_t kind) {
  wasm_engine_t* engine = new_engine(kind);
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, dir, "calls");

  nested_env env = {NULL, 0, 0};
  wasm_functype_t* i32_i32 = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* nested_func = wasm_func_new_with_env(store, i32_i32, nested, &env, NULL);
  wasm_functype_delete(i32_i32);
  wasm_functype_t* wt = wide_type();
  wasm_func_t* wide_func = wasm_func_new(store, wt, wide);
  wasm_functype_delete(wt);
  wasm_extern_t* list[] = {wasm_func_as_extern(nested_func), wasm_func_as_extern(wide_func)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(list), exports;
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, NULL);
  CHECK(instance != NULL);
  wasm_instance_exports(instance, &exports);
  /* Exports in order: outer, inner, call_wide, wide_export. */
  wasm_func_t* outer = export_func(&exports, 0);
  env.inner = export_func(&exports, 1);
  wasm_func_t* call_wide = export_func(&exports, 2);
  wasm_func_t* wide_export = export_func(&exports, 3);

  wasm_trap_t* trap;
  for (int round = 0; round < 3; ++round) {
    env.inner_trapped = 0;
    CHECK(call_i32(outer, 21, &trap) == 1042 && !trap && !env.inner_trapped);
    CHECK(call_i32(outer, 0, &trap) == 1007 && !trap && env.inner_trapped);
    CHECK(call_i32(env.inner, 4, &trap) == 8 && !trap);
  }
  env.propagate = 1;
  call_i32(outer, 0, &trap);
  CHECK(trap_says(trap, "unreachable"));
  CHECK(call_i32(outer, 3, &trap) == 1006 && !trap);

  for (int32_t x = 1; x <= 40; x += 39) {
    wasm_val_t in[1] = {WASM_I32_VAL(x)}, out[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(in), results = WASM_ARRAY_VEC(out);
    CHECK(wasm_func_call(call_wide, &args, &results) == NULL);
    CHECK(out[0].kind == WASM_I64 && out[0].of.i64 == 177 + 4 * (int64_t)x);
  }

  wasm_val_t in[12] = {WASM_I32_VAL(1), WASM_I64_VAL(2),  WASM_F32_VAL(3),  WASM_F64_VAL(4),
                       WASM_I32_VAL(5), WASM_I64_VAL(6),  WASM_F32_VAL(7),  WASM_F64_VAL(8),
                       WASM_I32_VAL(9), WASM_I64_VAL(10), WASM_F32_VAL(11), WASM_F64_VAL(12)};
  wasm_val_t out[10];
  wasm_val_vec_t args = WASM_ARRAY_VEC(in), results = WASM_ARRAY_VEC(out);
  CHECK(wasm_func_call(wide_export, &args, &results) == NULL);
  CHECK(out[0].kind == WASM_I64 && out[0].of.i64 == 2);
  CHECK(out[1].kind == WASM_F64 && out[1].of.f64 == 4);
  CHECK(out[2].kind == WASM_I32 && out[2].of.i32 == 5);
  CHECK(out[3].kind == WASM_I64 && out[3].of.i64 == 6);
  CHECK(out[4].kind == WASM_F64 && out[4].of.f64 == 8);
  CHECK(out[5].kind == WASM_I32 && out[5].of.i32 == 9);
  CHECK(out[6].kind == WASM_I64 && out[6].of.i64 == 10);
  CHECK(out[7].kind == WASM_F64 && out[7].of.f64 == 12);
  CHECK(out[8].kind == WASM_I32 && out[8].of.i32 == 4);
  CHECK(out[9].kind == WASM_I64 && out[9].of.i64 == 18);
  /* A wrong kind is refused before the call. */
  in[1] = (wasm_val_t)WASM_I32_VAL(2);
  CHECK(trap_says(wasm_func_call(wide_export, &args, &results), "argument 1"));

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(nested_func);
  wasm_func_delete(wide_func);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

int main(int argc, char** argv) {
  CHECK(argc == 2);
  run_on_each_engine(argv[1], run);
  printf("calls: ok\n");
  return 0;
}
