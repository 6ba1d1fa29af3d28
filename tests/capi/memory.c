/* Memory: data access, growth up to the maximum, and out-of-bounds traps. */
#include "capi_test.h"

static wasm_trap_t* call(wasm_func_t* f, int32_t a, int32_t b, int nargs, int32_t* result) {
  wasm_val_t in[] = {WASM_I32_VAL(a), WASM_I32_VAL(b)};
  wasm_val_t out[] = {WASM_INIT_VAL};
  wasm_val_vec_t args = {(size_t)nargs, in};
  wasm_val_vec_t results = {result ? 1u : 0u, out};
  wasm_trap_t* trap = wasm_func_call(f, &args, &results);
  if (!trap && result) *result = out[0].of.i32;
  return trap;
}

int main(int argc, char** argv) {
  CHECK(argc == 2);
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, argv[1], "memory");
  wasm_extern_vec_t no_imports = WASM_EMPTY_VEC;
  wasm_instance_t* instance = wasm_instance_new(store, module, &no_imports, NULL);
  CHECK(instance != NULL);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_memory_t* memory = wasm_extern_as_memory(exports.data[0]);
  CHECK(memory != NULL);
  wasm_func_t* size = export_func(&exports, 1);
  wasm_func_t* load = export_func(&exports, 2);
  wasm_func_t* store_fn = export_func(&exports, 3);

  CHECK(wasm_memory_size(memory) == 2);
  CHECK(wasm_memory_data_size(memory) == 2 * MEMORY_PAGE_SIZE);
  byte_t* data = wasm_memory_data(memory);
  CHECK(data[0] == 0 && data[0x1000] == 1 && data[0x1003] == 4);

  int32_t r = 0;
  CHECK(call(size, 0, 0, 0, &r) == NULL && r == 2);
  CHECK(call(load, 0x1002, 0, 1, &r) == NULL && r == 3);
  CHECK(call(load, 0x1ffff, 0, 1, &r) == NULL && r == 0);
  CHECK(trap_says(call(load, 0x20000, 0, 1, &r), "out of bounds"));

  data[0x1002] = 5; /* host writes are visible to wasm */
  CHECK(call(load, 0x1002, 0, 1, &r) == NULL && r == 5);
  CHECK(call(store_fn, 0x1002, 6, 2, NULL) == NULL);
  CHECK(data[0x1002] == 6);
  CHECK(trap_says(call(store_fn, 0x20000, 0, 2, NULL), "out of bounds"));

  /* Grow to the maximum of 3 pages, not beyond. */
  CHECK(wasm_memory_grow(memory, 1));
  CHECK(wasm_memory_size(memory) == 3);
  CHECK(call(size, 0, 0, 0, &r) == NULL && r == 3);
  CHECK(call(load, 0x2ffff, 0, 1, &r) == NULL && r == 0);
  CHECK(trap_says(call(load, 0x30000, 0, 1, &r), "out of bounds"));
  CHECK(!wasm_memory_grow(memory, 1));
  CHECK(wasm_memory_grow(memory, 0));
  CHECK(wasm_memory_size(memory) == 3);

  /* A memory made by the host. */
  wasm_limits_t limits = {5, 5};
  wasm_memorytype_t* type = wasm_memorytype_new(&limits);
  wasm_memory_t* host_memory = wasm_memory_new(store, type);
  wasm_memorytype_delete(type);
  CHECK(host_memory != NULL && wasm_memory_size(host_memory) == 5);
  CHECK(!wasm_memory_grow(host_memory, 1));
  wasm_memorytype_t* t = wasm_memory_type(host_memory);
  CHECK(wasm_memorytype_limits(t)->min == 5 && wasm_memorytype_limits(t)->max == 5);
  wasm_memorytype_delete(t);
  wasm_memory_delete(host_memory);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("memory: ok\n");
  return 0;
}
