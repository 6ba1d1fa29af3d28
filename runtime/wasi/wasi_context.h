// The state one WASI guest runs in: its arguments and environment, and the
// table from guest file descriptors to host ones, with the preopened
// directories that bound everything the guest may reach (the sandbox).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "runtime/format/error.h"
#include "runtime/wasi/wasi_errno.h"

namespace ember {

class Store;

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
  // Most guest descriptors open at once, stdio and preopens included; past
  // it path_open fails with EMFILE (the host's own limits give EMFILE or
  // ENFILE too). Bounds the host fds one guest can hold.
  uint32_t maxOpenFds = 1024;
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
  // A host stdio descriptor: a stream to the guest, whose host open file
  // description (offset, O_APPEND, O_NONBLOCK, size) the guest cannot change.
  bool stdio = false;
  // A read or write can wait for ever (a pipe, terminal or socket, not
  // opened non-blocking): such calls first wait, bounded, for readiness
  // (wasi_blocking.h). Kept here so that the check costs no syscall.
  bool mayBlock = false;
  // For a directory: how many levels below its preopen it was opened (what
  // path_symlink measures a target's ".." against).
  uint32_t depth = 0;
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
  // The entry of `fd` when it holds every right in `rights`: BadF when not
  // open, NotCapable when a right is missing (BadF for stdio, as Wasmtime).
  wasi::Errno lookup(uint32_t fd, uint64_t rights, WasiFd*& out);
  // False once WasiConfig::maxOpenFds descriptors are open.
  bool hasRoomForFd() const { return fds_.size() < maxOpenFds_; }
  // Adds an entry under the lowest free number (POSIX's rule) into `fd`;
  // MFile (closing the entry's host fd) when the table is full.
  wasi::Errno insert(WasiFd entry, uint32_t& fd);
  wasi::Errno close(uint32_t fd);
  // fd_renumber: `from` replaces `to` (which is closed); `from` is freed.
  wasi::Errno renumber(uint32_t from, uint32_t to);

  // Set by proc_exit just before it unwinds the call.
  void setExitCode(uint32_t code) { exitCode_ = code; }
  std::optional<uint32_t> exitCode() const { return exitCode_; }

  // The call in progress, set by every WASI host function around its
  // handler: the store whose limits (epoch deadline, fuel) bound a call
  // that blocks, and the trap a handler raises to end the guest's call.
  void beginCall(Store* store) {
    callStore_ = store;
    trap_.reset();
  }
  Store* callStore() const { return callStore_; }
  void raiseTrap(Error trap) { trap_.emplace(std::move(trap)); }
  std::optional<Error> takeTrap() { return std::exchange(trap_, std::nullopt); }

 private:
  WasiContext() = default;
  static void release(WasiFd& entry);

  std::vector<std::string> args_;
  std::vector<std::string> env_;
  std::map<uint32_t, WasiFd> fds_;
  uint32_t maxOpenFds_ = 0;
  std::optional<uint32_t> exitCode_;
  Store* callStore_ = nullptr;
  std::optional<Error> trap_;
};

// The WASI file type of a host st_mode.
WasiFileType wasiFileTypeOfMode(uint32_t mode);
// Whether I/O on a descriptor of this type and O_NONBLOCK state can block.
bool mayBlockFor(WasiFileType type, bool nonblocking);

}  // namespace ember
