/* WASI through the C API (ember/ember.h, "WASI"): a guest gets argv, an
 * environment variable and a preopened directory, prints them to a stdout
 * file, and exits with code 7 through proc_exit; on both engines. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ember/ember.h"

#include "capi_test.h"

static const char kExpected[] = "guest\none\ntwo words\nGREETING=hello\nfile contents\n";

static int error_says(ember_error_t* error, const char* text) {
  if (!error) return 0;
  wasm_name_t m;
  ember_error_message(error, &m);
  int found = strstr(m.data, text) != NULL;
  if (!found) fprintf(stderr, "error message: %s\n", m.data);
  wasm_name_delete(&m);
  ember_error_delete(error);
  return found;
}

static void write_file(const char* path, const char* text) {
  FILE* f = fopen(path, "w");
  CHECK(f != NULL);
  CHECK(fputs(text, f) >= 0);
  CHECK(fclose(f) == 0);
}

/* The whole file, NUL-terminated, in `buf`. */
static void read_file(const char* path, char* buf, size_t size) {
  FILE* f = fopen(path, "r");
  CHECK(f != NULL);
  size_t n = fread(buf, 1, size - 1, f);
  buf[n] = '\0';
  fclose(f);
}

static ember_wasi_config_t* guest_config(const char* dir, const char* stdout_path,
                                         uint32_t max_open_fds) {
  ember_wasi_config_t* wasi = ember_wasi_config_new();
  if (max_open_fds) ember_wasi_config_set_max_open_fds(wasi, max_open_fds);
  const char* argv[] = {"guest", "one", "two words"};
  ember_wasi_config_set_argv(wasi, 3, argv);
  const char* names[] = {"GREETING"};
  const char* values[] = {"hello"};
  ember_wasi_config_set_env(wasi, 1, names, values);
  CHECK(ember_wasi_config_preopen_dir(wasi, dir, ".") == NULL);
  ember_wasi_config_inherit_stderr(wasi);
  CHECK(ember_wasi_config_set_stdout_file(wasi, stdout_path) == NULL);
  return wasi;
}

/* Runs the guest on `kind` (with at most `max_open_fds` descriptors open
 * when not 0); returns its exit status. */
static int run_guest(const char* wasm_dir, ember_engine_kind_t kind, const char* dir,
                     const char* stdout_path, uint32_t max_open_fds) {
  wasm_engine_t* engine = new_engine(kind);
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, wasm_dir, "wasi_guest");

  ember_linker_t* linker = ember_linker_new(store);
  CHECK(ember_linker_define_wasi(linker, guest_config(dir, stdout_path, max_open_fds)) == NULL);
  wasm_instance_t* instance = NULL;
  wasm_trap_t* trap = NULL;
  CHECK(ember_linker_instantiate(linker, module, &instance, &trap) == NULL);
  CHECK(instance != NULL && trap == NULL);
  /* The WASI context belongs to the store: the linker may go first. */
  ember_linker_delete(linker);

  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  wasm_val_vec_t results = WASM_EMPTY_VEC;
  trap = wasm_func_call(export_func(&exports, 1), &none, &results);  /* _start */
  CHECK(trap != NULL);
  int status = -1;
  CHECK(ember_trap_exit_status(trap, &status));
  wasm_trap_delete(trap);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return status;
}

/* Configuration errors, and a trap that is not an exit. */
static void check_errors(const char* dir, const char* wasm_dir) {
  ember_wasi_config_t* wasi = ember_wasi_config_new();
  CHECK(error_says(ember_wasi_config_preopen_dir(wasi, "no-such-directory", "/"),
                   "cannot preopen 'no-such-directory'"));
  CHECK(ember_wasi_config_preopen_dir(wasi, wasm_dir, "/") == NULL);
  CHECK(error_says(ember_wasi_config_set_stdout_file(wasi, "no-such-directory/out"),
                   "cannot open 'no-such-directory/out'"));
  char file[1024];
  snprintf(file, sizeof file, "%s/input.txt", dir);
  CHECK(error_says(ember_wasi_config_preopen_dir(wasi, file, "/"), "not a directory"));
  ember_wasi_config_delete(wasi);

  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_message_t message;
  wasm_name_new_from_string_nt(&message, "wasi proc_exit is not called here");
  wasm_trap_t* trap = wasm_trap_new(store, &message);
  int status = 12345;
  CHECK(!ember_trap_exit_status(trap, &status) && status == 12345);
  wasm_trap_delete(trap);
  wasm_byte_vec_delete(&message);
  /* A config defined into a linker whose store is deleted unused. */
  ember_linker_t* linker = ember_linker_new(store);
  ember_wasi_config_t* unused = ember_wasi_config_new();
  ember_wasi_config_inherit_stdio(unused);
  CHECK(ember_linker_define_wasi(linker, unused) == NULL);
  ember_linker_delete(linker);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

int main(int argc, char** argv) {
  CHECK(argc == 2);
  /* A scratch directory under the test's working directory (the build tree). */
  char dir[] = "wasi_capi_test.XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  char input[256], output[256];
  snprintf(input, sizeof input, "%s/input.txt", dir);
  snprintf(output, sizeof output, "%s/stdout.txt", dir);
  write_file(input, "file contents\n");

  check_errors(dir, argv[1]);
#if EMBER_TEST_JIT && EMBER_TEST_INTERP
  const ember_engine_kind_t kinds[] = {EMBER_ENGINE_INTERPRETER, EMBER_ENGINE_JIT};
#elif EMBER_TEST_JIT
  const ember_engine_kind_t kinds[] = {EMBER_ENGINE_JIT};
#else
  const ember_engine_kind_t kinds[] = {EMBER_ENGINE_INTERPRETER};
#endif
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; ++i) {
    /* stdout, stderr and the preopen (stdin is closed) fill a cap of 3:
     * path_open fails, the guest exits with its code for that (105). */
    CHECK(run_guest(argv[1], kinds[i], dir, output, 3) == 105);
    CHECK(run_guest(argv[1], kinds[i], dir, output, 0) == 7);
    char got[512];
    read_file(output, got, sizeof got);
    if (strcmp(got, kExpected) != 0) fprintf(stderr, "guest printed:\n%s", got);
    CHECK(strcmp(got, kExpected) == 0);
  }

  CHECK(unlink(input) == 0 && unlink(output) == 0 && rmdir(dir) == 0);
  printf("wasi: ok\n");
  return 0;
}
