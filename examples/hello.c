/* Embedding Ember through the standard C API: load a module, give it a
 * host function, call an export. Usage: hello_c fib.wasm */
#include <stdio.h>
#include <stdlib.h>

#include <ember/wasm.h>

static wasm_trap_t* log_value(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)results;
  printf("wasm says: fib(%d)\n", args->data[0].of.i32);
  return NULL;
}

static int read_file(const char* path, wasm_byte_vec_t* out) {
  FILE* f = fopen(path, "rb");
  if (!f) return 0;
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  wasm_byte_vec_new_uninitialized(out, (size_t)size);
  int ok = fread(out->data, 1, (size_t)size, f) == (size_t)size;
  fclose(f);
  return ok;
}

int main(int argc, char** argv) {
  wasm_byte_vec_t binary;
  if (argc != 2 || !read_file(argv[1], &binary)) {
    fprintf(stderr, "usage: hello_c <module.wasm>\n");
    return 2;
  }
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  if (!module) return 1;

  wasm_functype_t* type = wasm_functype_new_1_0(wasm_valtype_new_i32());
  wasm_func_t* log_func = wasm_func_new(store, type, log_value);
  wasm_functype_delete(type);
  wasm_extern_t* imports[] = {wasm_func_as_extern(log_func)};
  wasm_extern_vec_t import_vec = WASM_ARRAY_VEC(imports);
  wasm_instance_t* instance = wasm_instance_new(store, module, &import_vec, NULL);
  if (!instance) return 1;

  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_func_t* run = wasm_extern_as_func(exports.data[1]);
  wasm_val_t args_data[] = {WASM_I32_VAL(15)};
  wasm_val_t results_data[] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(args_data), results = WASM_ARRAY_VEC(results_data);
  wasm_trap_t* trap = wasm_func_call(run, &args, &results);
  int status = trap || results_data[0].of.i32 != 610;
  if (!status) printf("fib(15) = %d\n", results_data[0].of.i32);
  if (trap) wasm_trap_delete(trap);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(log_func);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return status;
}
