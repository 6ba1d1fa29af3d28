/* Embedding Ember from C (ember/wasm.h and ember/ember.h), in four parts:
 *   1. a host callback that reads a string out of guest memory,
 *   2. a guest function whose result the host reads from guest memory,
 *   3. a trap, printed with its message and backtrace,
 *   4. a timeout: an endless loop interrupted from another thread after
 *      ~50 ms through epoch interruption.
 * Usage: embed_c embed.wasm [interp|jit] */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ember/ember.h>
#include <ember/wasm.h>

/* The guest's exports, in the order embed.wat declares them. */
enum { EXPORT_MEMORY, EXPORT_GREET, EXPORT_SQUARES, EXPORT_AVERAGE, EXPORT_SPIN };

/* What the host callback needs: the memory its pointers point into. It is
 * set after instantiation, before the guest runs. */
struct host_env {
  wasm_store_t* store;
  wasm_memory_t* memory;
};

/* env.log(ptr, len): prints the guest's string, bounds-checked. */
static wasm_trap_t* host_log(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)results;
  const struct host_env* host = env;
  uint32_t ptr = (uint32_t)args->data[0].of.i32, len = (uint32_t)args->data[1].of.i32;
  size_t size = wasm_memory_data_size(host->memory);
  if (ptr > size || len > size - ptr) {
    wasm_message_t message;
    wasm_name_new_from_string_nt(&message, "log: string out of bounds");
    wasm_trap_t* trap = wasm_trap_new(host->store, &message);
    wasm_byte_vec_delete(&message);
    return trap;
  }
  printf("log: %.*s\n", (int)len, wasm_memory_data(host->memory) + ptr);
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

static int fail_error(const char* what, ember_error_t* error) {
  wasm_name_t message;
  ember_error_message(error, &message);
  fprintf(stderr, "%s: %s\n", what, message.data);
  wasm_name_delete(&message);
  ember_error_delete(error);
  return 1;
}

/* Prints a trap's message and its frames, innermost first; deletes it. */
static void print_trap(wasm_trap_t* trap) {
  wasm_message_t message;
  wasm_trap_message(trap, &message);
  printf("trap: %s\n", message.data);
  wasm_byte_vec_delete(&message);
  wasm_frame_vec_t trace;
  wasm_trap_trace(trap, &trace);
  for (size_t i = 0; i < trace.size; ++i)
    printf("  #%zu func[%u] at offset %zu\n", i, wasm_frame_func_index(trace.data[i]),
           wasm_frame_func_offset(trace.data[i]));
  wasm_frame_vec_delete(&trace);
  wasm_trap_delete(trap);
}

/* Part 4's watchdog: ends the epoch after ~50 ms. */
static void* watchdog(void* engine) {
  struct timespec delay = {0, 50 * 1000 * 1000};
  nanosleep(&delay, NULL);
  ember_engine_increment_epoch(engine);
  return NULL;
}

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* Part 4: the store's deadline is one epoch tick away; another thread
 * ticks it while `spin` loops. */
static int run_with_timeout(wasm_engine_t* engine, wasm_store_t* store, const wasm_func_t* spin) {
  ember_store_set_epoch_deadline(store, 1);
  pthread_t thread;
  if (pthread_create(&thread, NULL, watchdog, engine) != 0) return 0;
  double start = now_ms();
  wasm_val_vec_t none = WASM_EMPTY_VEC, results = WASM_EMPTY_VEC;
  wasm_trap_t* trap = wasm_func_call(spin, &none, &results);
  double elapsed = now_ms() - start;
  pthread_join(thread, NULL);
  ember_trap_code_t code;
  int interrupted = trap && ember_trap_code(trap, &code) && code == EMBER_TRAP_INTERRUPTED;
  if (interrupted) printf("timeout: interrupted after %.0f ms\n", elapsed);
  if (trap) wasm_trap_delete(trap);
  return interrupted;
}

int main(int argc, char** argv) {
  wasm_byte_vec_t binary;
  if (argc < 2 || argc > 3 || !read_file(argv[1], &binary)) {
    fprintf(stderr, "usage: embed_c embed.wasm [interp|jit]\n");
    return 2;
  }
  wasm_config_t* config = wasm_config_new();
  if (argc == 3 && strcmp(argv[2], "jit") == 0) ember_config_engine_set(config, EMBER_ENGINE_JIT);
  ember_config_epoch_interruption_set(config, true);
  wasm_engine_t* engine = wasm_engine_new_with_config(config);
  wasm_store_t* store = wasm_store_new(engine);

  wasm_module_t* module = NULL;
  ember_error_t* error = ember_module_new(store, &binary, &module);
  wasm_byte_vec_delete(&binary);
  if (error) return fail_error("compile", error);

  /* The host function, defined by name for the guest's import. */
  struct host_env host = {store, NULL};
  wasm_valtype_t* log_params[] = {wasm_valtype_new_i32(), wasm_valtype_new_i32()};
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new(&params, 2, log_params);
  wasm_valtype_vec_new_empty(&results);
  wasm_functype_t* log_type = wasm_functype_new(&params, &results);
  wasm_func_t* log_func = wasm_func_new_with_env(store, log_type, host_log, &host, NULL);
  wasm_functype_delete(log_type);
  ember_linker_t* linker = ember_linker_new(store);
  error = ember_linker_define(linker, "env", "log", wasm_func_as_extern(log_func));
  if (error) return fail_error("define", error);
  wasm_instance_t* instance = NULL;
  wasm_trap_t* trap = NULL;
  error = ember_linker_instantiate(linker, module, &instance, &trap);
  if (error) return fail_error("instantiate", error);
  if (trap) {
    print_trap(trap);
    return 1;
  }
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  host.memory = wasm_extern_as_memory(exports.data[EXPORT_MEMORY]);

  /* 1. The guest calls env.log. */
  wasm_val_vec_t none = WASM_EMPTY_VEC, no_results = WASM_EMPTY_VEC;
  trap = wasm_func_call(wasm_extern_as_func(exports.data[EXPORT_GREET]), &none, &no_results);
  if (trap) print_trap(trap);

  /* 2. squares(5) returns where its result lies in guest memory. */
  wasm_val_t in[2] = {WASM_I32_VAL(5), WASM_I32_VAL(0)}, out[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = {1, in}, outs = {1, out};
  trap = wasm_func_call(wasm_extern_as_func(exports.data[EXPORT_SQUARES]), &args, &outs);
  if (trap) {
    print_trap(trap);
  } else {
    const byte_t* data = wasm_memory_data(host.memory);
    printf("squares:");
    for (int i = 0; i < 5; ++i) {
      int32_t v;
      memcpy(&v, data + out[0].of.i32 + 4 * i, sizeof v); /* wasm memory is little-endian */
      printf(" %d", v);
    }
    printf("\n");
  }

  /* 3. average(10, 0) divides by zero inside a nested call. */
  in[0] = (wasm_val_t)WASM_I32_VAL(10);
  args.size = 2;
  trap = wasm_func_call(wasm_extern_as_func(exports.data[EXPORT_AVERAGE]), &args, &outs);
  if (trap) print_trap(trap);
  else printf("average: no trap?\n");

  /* 4. spin() loops until the epoch deadline interrupts it. */
  if (!run_with_timeout(engine, store, wasm_extern_as_func(exports.data[EXPORT_SPIN])))
    printf("timeout: not interrupted\n");

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  ember_linker_delete(linker);
  wasm_func_delete(log_func);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return 0;
}
