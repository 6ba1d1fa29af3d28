/* The smallest useful embedding, for bench/size-report: load a module (a
 * .wasm, or a precompiled artifact when the bytes are not wasm) through the
 * standard C API, instantiate it without imports, call one export with one
 * i32 argument and print the i32 result. It uses nothing but wasm.h, so its
 * size is the cost of Ember's library for an embedder.
 * Usage: size_embedder FILE EXPORT ARG */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ember/wasm.h>

static int fail(const char* what) {
  fprintf(stderr, "size_embedder: %s\n", what);
  return 1;
}

static int read_file(const char* path, wasm_byte_vec_t* bytes) {
  FILE* f = fopen(path, "rb");
  if (!f) return 0;
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  wasm_byte_vec_new_uninitialized(bytes, size > 0 ? (size_t)size : 0);
  int ok = size >= 0 && fread(bytes->data, 1, bytes->size, f) == bytes->size;
  fclose(f);
  return ok;
}

static const wasm_func_t* find_export(const wasm_module_t* module, const wasm_extern_vec_t* externs,
                                      const char* name) {
  wasm_exporttype_vec_t types;
  wasm_module_exports(module, &types);
  const wasm_func_t* found = NULL;
  for (size_t i = 0; i < types.size && i < externs->size; i++) {
    const wasm_name_t* n = wasm_exporttype_name(types.data[i]);
    if (n->size == strlen(name) && memcmp(n->data, name, n->size) == 0) {
      found = wasm_extern_as_func(externs->data[i]);
    }
  }
  wasm_exporttype_vec_delete(&types);
  return found;
}

int main(int argc, char** argv) {
  if (argc != 4) return fail("usage: size_embedder FILE EXPORT ARG");
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_byte_vec_t bytes;
  if (!read_file(argv[1], &bytes)) return fail("cannot read the module");
  int is_wasm = bytes.size >= 4 && memcmp(bytes.data, "\0asm", 4) == 0;
  wasm_module_t* module = is_wasm ? wasm_module_new(store, &bytes) : wasm_module_deserialize(store, &bytes);
  wasm_byte_vec_delete(&bytes);
  if (!module) return fail("the module does not load");

  wasm_extern_vec_t imports = WASM_EMPTY_VEC;
  wasm_trap_t* trap = NULL;
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, &trap);
  if (!instance) return fail("the module does not instantiate");
  wasm_extern_vec_t externs;
  wasm_instance_exports(instance, &externs);
  const wasm_func_t* func = find_export(module, &externs, argv[2]);
  if (!func) return fail("no such exported function");

  wasm_val_t arg[1] = {WASM_I32_VAL(atoi(argv[3]))};
  wasm_val_t result[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(arg), results = WASM_ARRAY_VEC(result);
  trap = wasm_func_call(func, &args, &results);
  if (trap) return fail("the call trapped");
  printf("%d\n", result[0].of.i32);

  wasm_extern_vec_delete(&externs);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return 0;
}
