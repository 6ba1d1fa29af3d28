/* Runs a module on the minimal platform (platform.c): loads it (a .wasm
 * with the interpreter build, a precompiled .ember artifact with the
 * runtime-only build), instantiates it, calls fib(N), and prints the arena
 * bytes each step took: the RAM Ember needs on such a host.
 * Usage: min_platform FILE N */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ember/ember.h>
#include <ember/wasm.h>

#include "arena.h"

static int fail(const char* what) {
  fprintf(stderr, "min_platform: %s\n", what);
  return 1;
}

/* Says why: a build without a compiler refuses a .wasm, and the message
 * tells the user to precompile it. */
static int fail_with(ember_error_t* error) {
  wasm_name_t message; /* NUL-terminated */
  ember_error_message(error, &message);
  fprintf(stderr, "min_platform: the module does not load: %s\n", message.data);
  wasm_name_delete(&message);
  ember_error_delete(error);
  return 1;
}

/* The file is read into the arena too: on a device it would be in flash. */
static int read_module(const char* path, wasm_byte_vec_t* bytes) {
  FILE* f = fopen(path, "rb");
  if (!f) return 0;
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  wasm_byte_vec_new_uninitialized(bytes, size > 0 ? (size_t)size : 0);
  int ok = size > 0 && fread(bytes->data, 1, bytes->size, f) == bytes->size;
  fclose(f);
  return ok;
}

static void report(const char* step, size_t memory_bytes) {
  printf("%-12s peak %7zu bytes, in use %7zu (linear memory %zu)\n", step, arena_peak(),
         arena_in_use(), memory_bytes);
}

int main(int argc, char** argv) {
  if (argc != 3) return fail("usage: min_platform FILE N");
  wasm_config_t* config = wasm_config_new();
  /* Small stacks for a small host: the interpreter's value stack and frame
   * array are sized from these. */
  ember_config_wasm_stack_size_set(config, 16 * 1024);
  ember_config_max_call_depth_set(config, 64);
  wasm_engine_t* engine = wasm_engine_new_with_config(config);
  wasm_store_t* store = wasm_store_new(engine);
  report("engine+store", 0);

  wasm_byte_vec_t bytes;
  if (!read_module(argv[1], &bytes)) return fail("cannot read the module");
  int is_wasm = bytes.size >= 4 && memcmp(bytes.data, "\0asm", 4) == 0;
  wasm_module_t* module = NULL;
  ember_error_t* error = is_wasm ? ember_module_new(store, &bytes, &module)
                                 : ember_module_deserialize(store, &bytes, &module);
  size_t file_bytes = bytes.size;
  wasm_byte_vec_delete(&bytes);
  if (error) return fail_with(error);
  report(is_wasm ? "load .wasm" : "load .ember", 0);

  wasm_extern_vec_t imports = WASM_EMPTY_VEC;
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, NULL);
  if (!instance) return fail("the module does not instantiate");
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_memory_t* memory = exports.size > 0 ? wasm_extern_as_memory(exports.data[0]) : NULL;
  wasm_func_t* fib = exports.size > 1 ? wasm_extern_as_func(exports.data[1]) : NULL;
  if (!memory || !fib) return fail("expected exports: memory, fib");
  size_t memory_bytes = wasm_memory_data_size(memory);
  report("instantiate", memory_bytes);

  wasm_val_t arg[1] = {WASM_I32_VAL(atoi(argv[2]))};
  wasm_val_t result[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(arg), results = WASM_ARRAY_VEC(result);
  if (wasm_func_call(fib, &args, &results)) return fail("the call trapped");
  report("run", memory_bytes);
  printf("fib(%d) = %d (module file %zu bytes)\n", arg[0].of.i32, result[0].of.i32, file_bytes);
  printf("peak arena bytes beyond linear memory: %zu\n", arena_peak() - memory_bytes);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("after teardown: %zu bytes in use\n", arena_in_use());
  return 0;
}
