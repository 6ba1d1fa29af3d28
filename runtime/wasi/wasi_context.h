// The state one WASI guest runs in: its arguments and environment, and the
// table from guest file descriptors to host ones, with the preopened
// directories that bound everything the guest may reach (the sandbox).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "runtime/format/error.h"
#include "runtime/wasi/wasi_errno.h"

namespace ember {

// A host directory the guest sees under `guestPath` (e.g. "." or "/data").
struct WasiPreopen {
  std::string hostPath;
  std::string guestPath;
};

struct WasiConfig {
  std::vector<std::string> args;  // argv, argv[0] included
  std::vector<std::string> env;   // "NAME=value" entries
  std::vector<WasiPreopen> preopens;
  // Host descriptors behind guest fds 0, 1, 2 (not closed by the context);
  // -1 leaves that guest fd closed.
  int stdinFd = 0;
  int stdoutFd = 1;
  int stderrFd = 2;
};

// WASI `filetype` values (witx).
enum class WasiFileType : uint8_t {
  Unknown = 0,
  BlockDevice = 1,
  CharacterDevice = 2,
  Directory = 3,
  RegularFile = 4,
  SocketDgram = 5,
  SocketStream = 6,
  SymbolicLink = 7,
};

// One open guest descriptor.
struct WasiFd {
  int hostFd = -1;
  bool owned = true;  // closed with the entry (stdio from the config is not)
  WasiFileType type = WasiFileType::Unknown;
  std::optional<std::string> preopenName;  // set for preopened directories
  uint64_t rightsBase = 0;
  uint64_t rightsInheriting = 0;
};

class WasiContext {
 public:
  // Opens the preopened directories (an Io error names one that cannot be
  // opened) and takes the stdio descriptors.
  static Result<std::unique_ptr<WasiContext>> create(const WasiConfig& config);
  ~WasiContext();
  WasiContext(const WasiContext&) = delete;
  WasiContext& operator=(const WasiContext&) = delete;

  const std::vector<std::string>& args() const { return args_; }
  const std::vector<std::string>& env() const { return env_; }

  // nullptr when `fd` is not open.
  WasiFd* find(uint32_t fd);
  // Adds an entry under the lowest free number (POSIX's rule) and returns it.
  uint32_t insert(WasiFd entry);
  wasi::Errno close(uint32_t fd);
  // fd_renumber: `from` replaces `to` (which is closed); `from` is freed.
  wasi::Errno renumber(uint32_t from, uint32_t to);

  // Set by proc_exit just before it unwinds the call.
  void setExitCode(uint32_t code) { exitCode_ = code; }
  std::optional<uint32_t> exitCode() const { return exitCode_; }

 private:
  WasiContext() = default;
  static void release(WasiFd& entry);

  std::vector<std::string> args_;
  std::vector<std::string> env_;
  std::map<uint32_t, WasiFd> fds_;
  std::optional<uint32_t> exitCode_;
};

// The WASI file type of a host st_mode.
WasiFileType wasiFileTypeOfMode(uint32_t mode);

}  // namespace ember
