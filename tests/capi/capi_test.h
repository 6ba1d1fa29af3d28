/* Shared by the C API tests: load a module file, and CHECK that exits
 * with a message naming the failed condition. Each test takes the
 * directory of the built .wasm files as argv[1]. */
#ifndef EMBER_TESTS_CAPI_TEST_H
#define EMBER_TESTS_CAPI_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ember/ember.h"
#include "ember/wasm.h"

#define CHECK(cond)                                                          \
  do {                                                                       \
    if (!(cond)) {                                                           \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      exit(1);                                                               \
    }                                                                        \
  } while (0)

/* Calls `run(dir, kind)` for each engine the build has (EMBER_TEST_INTERP,
 * EMBER_TEST_JIT, set by CMakeLists.txt). */
static inline void run_on_each_engine(const char* dir,
                                      void (*run)(const char*, ember_engine_kind_t)) {
#if EMBER_TEST_INTERP
  run(dir, EMBER_ENGINE_INTERPRETER);
#endif
#if EMBER_TEST_JIT
  run(dir, EMBER_ENGINE_JIT);
#endif
  (void)dir, (void)run;
}

/* An engine of `kind` with the default configuration otherwise. */
static inline wasm_engine_t* new_engine(ember_engine_kind_t kind) {
  wasm_config_t* config = wasm_config_new();
  ember_config_engine_set(config, kind);
  return wasm_engine_new_with_config(config);
}

/* Reads <dir>/<name>.wasm into `out` (owned by the caller). */
static inline void load_wasm(const char* dir, const char* name, wasm_byte_vec_t* out) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s.wasm", dir, name);
  FILE* f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "cannot open %s\n", path);
    exit(1);
  }
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  wasm_byte_vec_new_uninitialized(out, (size_t)size);
  CHECK(fread(out->data, 1, (size_t)size, f) == (size_t)size);
  fclose(f);
}

/* Compiles <dir>/<name>.wasm in `store`. */
static inline wasm_module_t* load_module(wasm_store_t* store, const char* dir, const char* name) {
  wasm_byte_vec_t binary;
  load_wasm(dir, name, &binary);
  wasm_module_t* module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  CHECK(module != NULL);
  return module;
}

/* Instantiates `module`, which imports nothing, and takes its exports
 * into `exports` (owned by the caller, as is the instance). */
static inline wasm_instance_t* instantiate_without_imports(wasm_store_t* store,
                                                           const wasm_module_t* module,
                                                           wasm_extern_vec_t* exports) {
  wasm_extern_vec_t none = WASM_EMPTY_VEC;
  wasm_instance_t* instance = wasm_instance_new(store, module, &none, NULL);
  CHECK(instance != NULL);
  wasm_instance_exports(instance, exports);
  return instance;
}

/* Export `index` of `exports` as a function, checked. */
static inline wasm_func_t* export_func(const wasm_extern_vec_t* exports, size_t index) {
  CHECK(index < exports->size);
  wasm_func_t* f = wasm_extern_as_func(exports->data[index]);
  CHECK(f != NULL);
  return f;
}

/* True when `trap`'s message contains `text`; deletes the trap. */
static inline int trap_says(wasm_trap_t* trap, const char* text) {
  if (!trap) return 0;
  wasm_message_t m;
  wasm_trap_message(trap, &m);
  int found = m.size > 0 && m.data[m.size - 1] == '\0' && strstr(m.data, text) != NULL;
  if (!found) fprintf(stderr, "trap message: %.*s\n", (int)m.size, m.data);
  wasm_byte_vec_delete(&m);
  wasm_trap_delete(trap);
  return found;
}

#endif
