/* An embedder that gives each plugin run an engine of its own: 2,000
 * cycles of engine, store, module, instance, one call and teardown, on
 * every engine. What a cycle allocates must all come back: the process's
 * resident memory after the last cycle stays within 1 MiB of what it was
 * after the 200th (so a leak of about 600 bytes a cycle fails). Skipped
 * (exit 77) where resident memory does not say that: under sanitizers,
 * whose allocators keep freed memory, and off Linux. */
#include "capi_test.h"
#include "ember/ember.h"

#if defined(__SANITIZE_ADDRESS__)
#define EMBER_RSS_MEANINGFUL 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define EMBER_RSS_MEANINGFUL 0
#endif
#endif
#ifndef EMBER_RSS_MEANINGFUL
#ifdef __linux__
#define EMBER_RSS_MEANINGFUL 1
#else
#define EMBER_RSS_MEANINGFUL 0
#endif
#endif

enum { kCycles = 2000, kSettled = 200, kAllowedGrowthKiB = 1024 };

/* Resident memory in KiB (/proc/self/status, VmRSS). */
static long resident_kib(void) {
  FILE* f = fopen("/proc/self/status", "r");
  CHECK(f != NULL);
  char line[256];
  long kib = -1;
  while (fgets(line, sizeof line, f)) {
    if (strncmp(line, "VmRSS:", 6) == 0) kib = atol(line + 6);
  }
  fclose(f);
  CHECK(kib > 0);
  return kib;
}

static void cycle(const wasm_byte_vec_t* binary, ember_engine_kind_t kind, int32_t i) {
  wasm_config_t* config = wasm_config_new();
  ember_config_engine_set(config, kind);
  wasm_engine_t* engine = wasm_engine_new_with_config(config);
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = wasm_module_new(store, binary);
  CHECK(module != NULL);
  wasm_extern_vec_t exports;
  wasm_instance_t* instance = instantiate_without_imports(store, module, &exports);
  wasm_val_t args[1] = {WASM_I32_VAL(i)};
  wasm_val_t results[1] = {WASM_INIT_VAL};
  wasm_val_vec_t argv = WASM_ARRAY_VEC(args), resultv = WASM_ARRAY_VEC(results);
  CHECK(wasm_func_call(export_func(&exports, 1), &argv, &resultv) == NULL);
  CHECK(results[0].of.i32 == 2 * i);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

static void run(const wasm_byte_vec_t* binary, ember_engine_kind_t kind, const char* name) {
  long settled = 0;
  for (int32_t i = 1; i <= kCycles; ++i) {
    cycle(binary, kind, i);
    if (i == kSettled) settled = resident_kib();
  }
  const long last = resident_kib();
  printf("%s: %ld KiB resident after %d cycles, %ld after %d\n", name, settled, kSettled, last,
         kCycles);
  CHECK(last - settled <= kAllowedGrowthKiB);
}

int main(int argc, char** argv) {
  CHECK(argc == 2);
  if (!EMBER_RSS_MEANINGFUL) {
    printf("engine_cycles: skipped (resident memory says nothing here)\n");
    return 77;
  }
  wasm_byte_vec_t binary;
  load_wasm(argv[1], "cycle", &binary);
#if EMBER_TEST_INTERP
  run(&binary, EMBER_ENGINE_INTERPRETER, "interpreter");
#endif
#if EMBER_TEST_JIT
  run(&binary, EMBER_ENGINE_JIT, "jit");
#endif
  wasm_byte_vec_delete(&binary);
  printf("engine_cycles: ok\n");
  return 0;
}
