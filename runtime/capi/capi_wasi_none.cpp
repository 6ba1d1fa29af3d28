// The WASI section of ember.h in a build without WASI (EMBER_WASI=OFF):
// a configuration can be made and filled (so embedders compile unchanged),
// but nothing touches the host's files, and defining the imports fails
// with an error that says why.
#include <new>

#include "include/ember/ember.h"
#include "runtime/capi/capi_objects.h"

struct ember_wasi_config_t {};

namespace {

ember_error_t* noWasi() { return new ember_error_t{"this build has no WASI (EMBER_WASI=OFF)"}; }

}  // namespace

extern "C" ember_wasi_config_t* ember_wasi_config_new(void) { return new ember_wasi_config_t(); }
extern "C" void ember_wasi_config_delete(ember_wasi_config_t* c) { delete c; }
extern "C" void ember_wasi_config_set_argv(ember_wasi_config_t*, int, const char* const[]) {}
extern "C" void ember_wasi_config_set_env(ember_wasi_config_t*, int, const char* const[],
                                          const char* const[]) {}
extern "C" void ember_wasi_config_inherit_stdin(ember_wasi_config_t*) {}
extern "C" void ember_wasi_config_inherit_stdout(ember_wasi_config_t*) {}
extern "C" void ember_wasi_config_inherit_stderr(ember_wasi_config_t*) {}
extern "C" void ember_wasi_config_inherit_stdio(ember_wasi_config_t*) {}
extern "C" ember_error_t* ember_wasi_config_set_stdin_file(ember_wasi_config_t*, const char*) {
  return noWasi();
}
extern "C" ember_error_t* ember_wasi_config_set_stdout_file(ember_wasi_config_t*, const char*) {
  return noWasi();
}
extern "C" ember_error_t* ember_wasi_config_set_stderr_file(ember_wasi_config_t*, const char*) {
  return noWasi();
}
extern "C" ember_error_t* ember_wasi_config_preopen_dir(ember_wasi_config_t*, const char*,
                                                        const char*) {
  return noWasi();
}
extern "C" void ember_wasi_config_set_max_open_fds(ember_wasi_config_t*, uint32_t) {}
extern "C" ember_error_t* ember_linker_define_wasi(ember_linker_t*, ember_wasi_config_t* c) {
  delete c;
  return noWasi();
}
extern "C" bool ember_trap_exit_status(const wasm_trap_t*, int*) { return false; }
