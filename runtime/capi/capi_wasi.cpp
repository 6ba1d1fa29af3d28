// WASI in the C API (include/ember/ember.h, "WASI"): a configuration that
// becomes a runtime/wasi WasiContext when the linker defines the imports.
// The context, and the stdio files the configuration opened, then belong to
// the linker's store (through its host-info table, which the store clears
// when it is deleted), because instances outlive the linker that made them.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "include/ember/ember.h"
#include "runtime/capi/capi_objects.h"

#if EMBER_HAVE_WASI
#include "runtime/wasi/wasi.h"
#include "runtime/wasi/wasi_host.h"
#endif

using namespace ember;
using namespace ember::capi;

namespace {

constexpr int kClosed = -1;
constexpr int kStdio[3] = {STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO};

// A host descriptor for one of the guest's stdio fds: the host's own (not
// closed by us) or a file the configuration opened (closed by us).
struct StdioFd {
  int fd = kClosed;
  bool owned = false;

  void reset(int newFd, bool newOwned) {
    if (owned && fd >= 0) ::close(fd);
    fd = newFd;
    owned = newOwned;
  }
};

// What a running guest keeps alive: the context and the stdio files.
struct WasiState {
#if EMBER_HAVE_WASI
  std::unique_ptr<WasiContext> context;
#endif
  StdioFd stdio[3];

  ~WasiState() {
    for (StdioFd& s : stdio) s.reset(kClosed, false);
  }
};

ember_error_t* newError(std::string message) { return new ember_error_t{std::move(message)}; }

ember_error_t* openStdio(StdioFd& slot, const char* path, int flags) {
  int fd = ::open(path, flags | O_CLOEXEC, 0644);
  if (fd < 0) return newError(std::string("cannot open '") + path + "': " + std::strerror(errno));
  slot.reset(fd, true);
  return nullptr;
}

}  // namespace

struct ember_wasi_config_t {
  std::vector<std::string> args;
  std::vector<std::string> env;  // NAME=VALUE
  std::vector<std::pair<std::string, std::string>> preopens;  // host, guest
  WasiState state;  // stdio only, until the config is consumed
  uint32_t maxOpenFds = WasiConfig{}.maxOpenFds;
};

extern "C" ember_wasi_config_t* ember_wasi_config_new(void) { return new ember_wasi_config_t(); }
extern "C" void ember_wasi_config_delete(ember_wasi_config_t* c) { delete c; }

extern "C" void ember_wasi_config_set_argv(ember_wasi_config_t* c, int argc,
                                           const char* const argv[]) {
  c->args.assign(argv, argv + (argc > 0 ? argc : 0));
}

extern "C" void ember_wasi_config_set_env(ember_wasi_config_t* c, int n, const char* const names[],
                                          const char* const values[]) {
  c->env.clear();
  for (int i = 0; i < n; ++i) c->env.push_back(std::string(names[i]) + "=" + values[i]);
}

extern "C" void ember_wasi_config_inherit_stdin(ember_wasi_config_t* c) {
  c->state.stdio[0].reset(kStdio[0], false);
}
extern "C" void ember_wasi_config_inherit_stdout(ember_wasi_config_t* c) {
  c->state.stdio[1].reset(kStdio[1], false);
}
extern "C" void ember_wasi_config_inherit_stderr(ember_wasi_config_t* c) {
  c->state.stdio[2].reset(kStdio[2], false);
}
extern "C" void ember_wasi_config_inherit_stdio(ember_wasi_config_t* c) {
  for (int i = 0; i < 3; ++i) c->state.stdio[i].reset(kStdio[i], false);
}

extern "C" ember_error_t* ember_wasi_config_set_stdin_file(ember_wasi_config_t* c,
                                                           const char* path) {
  return openStdio(c->state.stdio[0], path, O_RDONLY);
}
extern "C" ember_error_t* ember_wasi_config_set_stdout_file(ember_wasi_config_t* c,
                                                            const char* path) {
  return openStdio(c->state.stdio[1], path, O_WRONLY | O_CREAT | O_TRUNC);
}
extern "C" ember_error_t* ember_wasi_config_set_stderr_file(ember_wasi_config_t* c,
                                                            const char* path) {
  return openStdio(c->state.stdio[2], path, O_WRONLY | O_CREAT | O_TRUNC);
}

extern "C" ember_error_t* ember_wasi_config_preopen_dir(ember_wasi_config_t* c,
                                                        const char* host_path,
                                                        const char* guest_path) {
  struct stat st{};
  if (::stat(host_path, &st) != 0)
    return newError(std::string("cannot preopen '") + host_path + "': " + std::strerror(errno));
  if (!S_ISDIR(st.st_mode))
    return newError(std::string("cannot preopen '") + host_path + "': not a directory");
  c->preopens.emplace_back(host_path, guest_path);
  return nullptr;
}

extern "C" void ember_wasi_config_set_max_open_fds(ember_wasi_config_t* c, uint32_t max) {
  c->maxOpenFds = max;
}

#if EMBER_HAVE_WASI

extern "C" ember_error_t* ember_linker_define_wasi(ember_linker_t* l, ember_wasi_config_t* c) {
  std::unique_ptr<ember_wasi_config_t> config(c);
  WasiConfig wasiConfig;
  wasiConfig.args = config->args;
  wasiConfig.env = config->env;
  for (const auto& [host, guest] : config->preopens) wasiConfig.preopens.push_back({host, guest});
  wasiConfig.stdinFd = config->state.stdio[0].fd;
  wasiConfig.stdoutFd = config->state.stdio[1].fd;
  wasiConfig.stderrFd = config->state.stdio[2].fd;
  wasiConfig.maxOpenFds = config->maxOpenFds;
  auto context = WasiContext::create(wasiConfig);
  if (!context) return newError(context.error().message());

  // The state goes to the store before any host function can refer to it,
  // so that even a partly defined linker never holds a dangling context.
  auto* state = new WasiState();
  state->context = std::move(*context);
  for (int i = 0; i < 3; ++i) {
    state->stdio[i] = config->state.stdio[i];
    config->state.stdio[i].owned = false;  // moved to `state`
  }
  // The store deletes its host-info entries when it is deleted (wasm_store_t).
  auto& slot = l->store->hostInfo[state];
  slot = std::make_unique<EmberHostInfo>();
  slot->reset(state, [](void* p) { delete static_cast<WasiState*>(p); });

  if (auto defined = defineWasi(l->linker, l->store->store, *state->context); !defined)
    return newError(defined.error().message());
  return nullptr;
}

extern "C" bool ember_trap_exit_status(const wasm_trap_t* trap, int* status) {
  // The same recognition as `ember run` (runtime/wasi: wasiExitCode), with
  // the code read back from the message "wasi proc_exit(<code>)".
  Error error = trapToError(trap);
  if (!wasi::isProcExitError(error)) return false;
  const std::string& m = error.message();
  size_t open = m.find('(');
  if (open == std::string::npos) return false;
  *status = static_cast<int>(std::strtoul(m.c_str() + open + 1, nullptr, 10));
  return true;
}

#else  // !EMBER_HAVE_WASI

extern "C" ember_error_t* ember_linker_define_wasi(ember_linker_t*, ember_wasi_config_t* c) {
  delete c;
  return newError("this build has no WASI (EMBER_WASI=OFF)");
}

extern "C" bool ember_trap_exit_status(const wasm_trap_t*, int*) { return false; }

#endif
