/* Trap frames from C (wasm.h): function index, instance, and the byte
 * offsets of the trapping operator (innermost frame) and of the call
 * (caller frame), from the function body's start and from the module's.
 * The expected offsets come from the binary itself: the bodies' byte
 * patterns are found in the file. On every engine the build has, and on
 * the JIT in both bounds modes: its code records the operator of each call
 * and trap site, so it reports what the interpreter does. */
#include <stdint.h>

#include "capi_test.h"
#include "ember/ember.h"

/* Position of `pattern` in `bytes`, which must hold it exactly once. */
static size_t find_once(const wasm_byte_vec_t* bytes, const uint8_t* pattern, size_t n) {
  size_t found = SIZE_MAX;
  for (size_t i = 0; i + n <= bytes->size; ++i) {
    if (memcmp(bytes->data + i, pattern, n) != 0) continue;
    CHECK(found == SIZE_MAX);
    found = i;
  }
  CHECK(found != SIZE_MAX);
  return found;
}

static void run(const char* dir, ember_engine_kind_t kind, ember_bounds_mode_t bounds) {
  wasm_config_t* config = wasm_config_new();
  ember_config_engine_set(config, kind);
  if (kind == EMBER_ENGINE_JIT) ember_config_bounds_mode_set(config, bounds);
  wasm_engine_t* engine = wasm_engine_new_with_config(config);
  wasm_store_t* store = wasm_store_new(engine);
  wasm_byte_vec_t binary;
  load_wasm(dir, "frames", &binary);
  /* inner: locals "00", then i32.const 1; local.get 0; i32.div_u. outer:
   * locals "00", then local.get 0; call 0. Body starts at the locals. */
  static const uint8_t inner_body[] = {0x00, 0x41, 0x01, 0x20, 0x00, 0x6e};
  static const uint8_t outer_body[] = {0x00, 0x20, 0x00, 0x10, 0x00};
  size_t inner_start = find_once(&binary, inner_body, sizeof inner_body);
  size_t outer_start = find_once(&binary, outer_body, sizeof outer_body);
  wasm_module_t* module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  CHECK(module != NULL);
  wasm_extern_vec_t exports;
  wasm_instance_t* instance = instantiate_without_imports(store, module, &exports);

  wasm_val_t args_arr[1] = {WASM_I32_VAL(0)};
  wasm_val_vec_t args = WASM_ARRAY_VEC(args_arr);
  wasm_val_t results_arr[1] = {WASM_INIT_VAL};
  wasm_val_vec_t results = WASM_ARRAY_VEC(results_arr);
  wasm_trap_t* trap = wasm_func_call(export_func(&exports, 1), &args, &results);
  CHECK(trap != NULL);
  ember_trap_code_t code;
  CHECK(ember_trap_code(trap, &code) && code == EMBER_TRAP_INTEGER_DIVIDE_BY_ZERO);

  wasm_frame_vec_t trace;
  wasm_trap_trace(trap, &trace);
  CHECK(trace.size == 2);
  wasm_frame_t* inner = trace.data[0];
  wasm_frame_t* outer = trace.data[1];
  CHECK(wasm_frame_func_index(inner) == 0);
  CHECK(wasm_frame_func_index(outer) == 1);
  CHECK(wasm_frame_instance(inner) != NULL);
  CHECK(wasm_instance_same(wasm_frame_instance(inner), instance));
  CHECK(wasm_instance_same(wasm_frame_instance(outer), instance));
  CHECK(wasm_frame_func_offset(inner) == 5); /* the i32.div_u */
  CHECK(wasm_frame_module_offset(inner) == inner_start + 5);
  CHECK(wasm_frame_func_offset(outer) == 3); /* the call */
  CHECK(wasm_frame_module_offset(outer) == outer_start + 3);
  wasm_frame_t* origin = wasm_trap_origin(trap);
  CHECK(origin != NULL);
  CHECK(wasm_frame_func_index(origin) == 0);
  CHECK(wasm_frame_module_offset(origin) == wasm_frame_module_offset(inner));
  wasm_frame_t* copy = wasm_frame_copy(origin);
  CHECK(wasm_instance_same(wasm_frame_instance(copy), instance));
  wasm_frame_delete(copy);
  wasm_frame_delete(origin);
  wasm_frame_vec_delete(&trace);
  wasm_trap_delete(trap);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

int main(int argc, char** argv) {
  CHECK(argc == 2);
#if EMBER_TEST_INTERP
  run(argv[1], EMBER_ENGINE_INTERPRETER, EMBER_BOUNDS_SIGNALS);
#endif
#if EMBER_TEST_JIT
  run(argv[1], EMBER_ENGINE_JIT, EMBER_BOUNDS_SIGNALS);
  run(argv[1], EMBER_ENGINE_JIT, EMBER_BOUNDS_CHECKS);
#endif
  printf("frames: ok\n");
  return 0;
}
