/* Serialisation: a module compiled by the JIT serialised to a precompiled
 * artifact, deserialised and run; corrupt input is refused. A module the
 * interpreter compiled serialises as its WebAssembly binary, which
 * deserialising compiles again (the standard API's round trip works on
 * every engine). */
#include <string.h>

#include "capi_test.h"
#include "ember/ember.h"

static wasm_trap_t* hello(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 + 100;
  return NULL;
}

/* Instantiates `module` with the `hello` import and checks its export. */
static void check_runs(wasm_store_t* store, const wasm_module_t* module) {
  wasm_functype_t* type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* f = wasm_func_new(store, type, hello);
  wasm_functype_delete(type);
  wasm_extern_t* imports[] = {wasm_func_as_extern(f)};
  wasm_extern_vec_t import_vec = WASM_ARRAY_VEC(imports);
  wasm_instance_t* instance = wasm_instance_new(store, module, &import_vec, NULL);
  CHECK(instance != NULL);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_val_t in[] = {WASM_I32_VAL(1)}, out[] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(in), results = WASM_ARRAY_VEC(out);
  CHECK(wasm_func_call(export_func(&exports, 0), &args, &results) == NULL);
  CHECK(out[0].of.i32 == 102);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(f);
}

/* The interpreter's round trip: the binary, compiled again. */
static void check_interpreter_round_trip(const char* dir) {
  wasm_config_t* config = wasm_config_new();
  ember_config_engine_set(config, EMBER_ENGINE_INTERPRETER);
  wasm_engine_t* engine = wasm_engine_new_with_config(config);
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, dir, "hello");
  wasm_byte_vec_t serialized, raw;
  wasm_module_serialize(module, &serialized);
  load_wasm(dir, "hello", &raw);
  CHECK(serialized.size == raw.size && memcmp(serialized.data, raw.data, raw.size) == 0);
  wasm_module_delete(module);
  wasm_module_t* restored = wasm_module_deserialize(store, &serialized);
  CHECK(restored != NULL);
  check_runs(store, restored);
  wasm_module_delete(restored);
  raw.data[4] ^= 0xff; /* a binary of an unknown version is refused */
  CHECK(wasm_module_deserialize(store, &raw) == NULL);
  wasm_byte_vec_delete(&raw);
  wasm_byte_vec_delete(&serialized);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

int main(int argc, char** argv) {
  CHECK(argc == 2);
#if EMBER_TEST_INTERP
  check_interpreter_round_trip(argv[1]);
#endif
#if !EMBER_TEST_JIT
  printf("serialize: ok\n");
  return 0;
#endif
  wasm_config_t* config = wasm_config_new();
  ember_config_engine_set(config, EMBER_ENGINE_JIT);
  wasm_engine_t* engine = wasm_engine_new_with_config(config);
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, argv[1], "hello");
  wasm_byte_vec_t serialized;
  wasm_module_serialize(module, &serialized);
  CHECK(serialized.size > 8);
  wasm_module_delete(module);

  /* The thread count does not change the artifact (reproducible builds). */
  wasm_config_t* threaded_config = wasm_config_new();
  ember_config_engine_set(threaded_config, EMBER_ENGINE_JIT);
  ember_config_compile_threads_set(threaded_config, 4);
  wasm_engine_t* threaded_engine = wasm_engine_new_with_config(threaded_config);
  wasm_store_t* threaded_store = wasm_store_new(threaded_engine);
  wasm_module_t* threaded = load_module(threaded_store, argv[1], "hello");
  wasm_byte_vec_t threaded_serialized;
  wasm_module_serialize(threaded, &threaded_serialized);
  CHECK(threaded_serialized.size == serialized.size);
  CHECK(memcmp(threaded_serialized.data, serialized.data, serialized.size) == 0);
  wasm_byte_vec_delete(&threaded_serialized);
  wasm_module_delete(threaded);
  wasm_store_delete(threaded_store);
  wasm_engine_delete(threaded_engine);

  wasm_module_t* restored = wasm_module_deserialize(store, &serialized);
  CHECK(restored != NULL);
  wasm_exporttype_vec_t exports_types;
  wasm_module_exports(restored, &exports_types);
  CHECK(exports_types.size == 1);
  wasm_exporttype_vec_delete(&exports_types);

  /* A raw wasm binary deserialises by compiling it for this engine. */
  wasm_byte_vec_t raw;
  load_wasm(argv[1], "hello", &raw);
  wasm_module_t* compiled = wasm_module_deserialize(store, &raw);
  CHECK(compiled != NULL);
  check_runs(store, compiled);
  wasm_module_delete(compiled);
  CHECK(wasm_module_validate(store, &raw));
  raw.data[1] ^= 0x55; /* corrupt the magic */
  CHECK(!wasm_module_validate(store, &raw));
  wasm_byte_vec_delete(&raw);
  /* Bodies are validated too: (func (result i32) i64.const 0) is invalid. */
  static const char kInvalidBody[] = "\0asm\1\0\0\0"
                                     "\1\5\1\x60\0\1\x7f" /* type () -> i32 */
                                     "\3\2\1\0"              /* one function */
                                     "\x0a\6\1\4\0\x42\0\x0b"; /* i64.const 0 */
  wasm_byte_vec_t invalid;
  wasm_byte_vec_new(&invalid, sizeof kInvalidBody - 1, kInvalidBody);
  CHECK(!wasm_module_validate(store, &invalid));
  invalid.data[sizeof kInvalidBody - 4] = 0x41; /* i32.const 0: valid */
  CHECK(wasm_module_validate(store, &invalid));
  wasm_byte_vec_delete(&invalid);
  serialized.data[9] ^= 0x7f;
  CHECK(wasm_module_deserialize(store, &serialized) == NULL);
  wasm_byte_vec_delete(&serialized);

  check_runs(store, restored);
  wasm_module_delete(restored);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("serialize: ok\n");
  return 0;
}
