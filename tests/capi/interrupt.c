/* Interruption: a thread bumps the engine's epoch and the spinning call
 * returns an EMBER_TRAP_INTERRUPTED trap; fuel runs out at a deterministic
 * point with EMBER_TRAP_OUT_OF_FUEL; the store works after both; fuel calls
 * fail when fuel is off. Every engine the build has. */
#include <pthread.h>
#include <time.h>

#include "capi_test.h"
#include "ember/ember.h"

static void* bump_later(void* engine) {
  struct timespec delay = {0, 20 * 1000 * 1000};
  nanosleep(&delay, NULL);
  ember_engine_increment_epoch((wasm_engine_t*)engine);
  return NULL;
}

static int trap_code_is(wasm_trap_t* trap, ember_trap_code_t expected) {
  ember_trap_code_t code = 0xFF;
  int ok = trap != NULL && ember_trap_code(trap, &code) && code == expected;
  if (!ok) fprintf(stderr, "trap code %d, expected %d\n", (int)code, (int)expected);
  if (trap) wasm_trap_delete(trap);
  return ok;
}

static int32_t iterate(wasm_func_t* f, int32_t n, wasm_trap_t** trap) {
  wasm_val_t in[] = {WASM_I32_VAL(n)}, out[] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(in), results = WASM_ARRAY_VEC(out);
  *trap = wasm_func_call(f, &args, &results);
  return out[0].of.i32;
}

static void run(const char* dir, ember_engine_kind_t kind) {
  wasm_config_t* config = wasm_config_new();
  ember_config_engine_set(config, kind);
  ember_config_epoch_interruption_set(config, true);
  ember_config_consume_fuel_set(config, true);
  wasm_engine_t* engine = wasm_engine_new_with_config(config);
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, dir, "interrupt");
  wasm_extern_vec_t exports;
  wasm_instance_t* instance = instantiate_without_imports(store, module, &exports);
  wasm_func_t* spin = export_func(&exports, 0);
  wasm_func_t* iter = export_func(&exports, 1);
  wasm_val_vec_t none = WASM_EMPTY_VEC;

  /* A new store has no fuel. */
  uint64_t fuel = 1;
  CHECK(ember_store_get_fuel(store, &fuel) == NULL && fuel == 0);
  CHECK(trap_code_is(wasm_func_call(spin, &none, &none), EMBER_TRAP_OUT_OF_FUEL));

  /* Epoch: interrupted from another thread, with plenty of fuel. */
  CHECK(ember_store_set_fuel(store, (uint64_t)1 << 62) == NULL);
  ember_store_set_epoch_deadline(store, 1);
  pthread_t thread;
  CHECK(pthread_create(&thread, NULL, bump_later, engine) == 0);
  wasm_trap_t* trap = wasm_func_call(spin, &none, &none);
  CHECK(pthread_join(thread, NULL) == 0);
  wasm_trap_t* copy = wasm_trap_copy(trap);
  CHECK(trap_says(copy, "interrupted"));
  CHECK(trap_code_is(trap, EMBER_TRAP_INTERRUPTED));

  /* A new deadline: the store runs again. Fuel: 1 entry + 10 iterations. */
  ember_store_set_epoch_deadline(store, 1);
  CHECK(ember_store_set_fuel(store, 100) == NULL);
  int32_t before = iterate(iter, 1, &trap);
  CHECK(trap == NULL);
  int32_t after = iterate(iter, 10, &trap);
  CHECK(trap == NULL && after == before + 10);
  CHECK(ember_store_get_fuel(store, &fuel) == NULL && fuel == 100 - 2 - 11);
  CHECK(ember_store_set_fuel(store, 5) == NULL);
  iterate(iter, 10, &trap);
  CHECK(trap_code_is(trap, EMBER_TRAP_OUT_OF_FUEL));

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

int main(int argc, char** argv) {
  CHECK(argc == 2);
  run_on_each_engine(argv[1], run);

  /* Fuel off: the fuel calls fail and say why. */
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  ember_error_t* error = ember_store_set_fuel(store, 10);
  CHECK(error != NULL);
  wasm_name_t message;
  ember_error_message(error, &message);
  CHECK(strstr(message.data, "fuel") != NULL);
  wasm_byte_vec_delete(&message);
  ember_error_delete(error);
  uint64_t fuel = 0;
  error = ember_store_get_fuel(store, &fuel);
  CHECK(error != NULL);
  ember_error_delete(error);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("interrupt: ok\n");
  return 0;
}
