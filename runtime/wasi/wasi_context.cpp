#include "runtime/wasi/wasi_context.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

#include "runtime/wasi/wasi_rights.h"

namespace ember {

using wasi::Errno;

WasiFileType wasiFileTypeOfMode(uint32_t mode) {
  switch (mode & S_IFMT) {
    case S_IFBLK:
      return WasiFileType::BlockDevice;
    case S_IFCHR:
      return WasiFileType::CharacterDevice;
    case S_IFDIR:
      return WasiFileType::Directory;
    case S_IFREG:
      return WasiFileType::RegularFile;
    case S_IFSOCK:
      return WasiFileType::SocketStream;
    case S_IFLNK:
      return WasiFileType::SymbolicLink;
    default:
      return WasiFileType::Unknown;  // FIFOs too: WASI has no type for them
  }
}

bool mayBlockFor(WasiFileType type, bool nonblocking) {
  return !nonblocking && type != WasiFileType::RegularFile && type != WasiFileType::Directory;
}

namespace {

WasiFileType typeOfHostFd(int fd) {
  struct stat st;
  if (fstat(fd, &st) != 0) return WasiFileType::Unknown;
  return wasiFileTypeOfMode(st.st_mode);
}

}  // namespace

Result<std::unique_ptr<WasiContext>> WasiContext::create(const WasiConfig& config) {
  std::unique_ptr<WasiContext> ctx(new WasiContext());
  ctx->args_ = config.args;
  ctx->env_ = config.env;
  ctx->maxOpenFds_ = config.maxOpenFds;
  // Guest fds 0-2 are stdio even when the host leaves one closed, so the
  // first preopen is always 3, where wasi-libc starts looking.
  const int stdio[3] = {config.stdinFd, config.stdoutFd, config.stderrFd};
  for (uint32_t i = 0; i < 3; ++i) {
    if (stdio[i] < 0) continue;
    WasiFd e;
    e.hostFd = stdio[i];
    e.owned = false;
    e.stdio = true;
    e.type = typeOfHostFd(stdio[i]);
    int fl = ::fcntl(stdio[i], F_GETFL);  // the guest cannot change it (stdio is a stream)
    e.mayBlock = mayBlockFor(e.type, fl >= 0 && (fl & O_NONBLOCK));
    e.rightsBase = i == 0 ? wasi::kStdinRights : wasi::kStdoutRights;
    e.rightsInheriting = 0;
    ctx->fds_[i] = std::move(e);
  }
  uint32_t next = 3;
  for (const WasiPreopen& p : config.preopens) {
    int fd = ::open(p.hostPath.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
      return Error(ErrorKind::Io, formatMessage("cannot open preopened directory '%s': %s",
                                                p.hostPath.c_str(), std::strerror(errno)));
    WasiFd e;
    e.hostFd = fd;
    e.type = WasiFileType::Directory;
    e.preopenName = p.guestPath;
    e.rightsBase = wasi::kDirectoryRights;
    e.rightsInheriting = wasi::kDirectoryInheritingRights;
    ctx->fds_[next++] = std::move(e);
  }
  return ctx;
}

WasiContext::~WasiContext() {
  for (auto& [fd, entry] : fds_) release(entry);
}

void WasiContext::release(WasiFd& entry) {
  if (entry.owned && entry.hostFd >= 0) ::close(entry.hostFd);
  entry.hostFd = -1;
}

WasiFd* WasiContext::find(uint32_t fd) {
  auto it = fds_.find(fd);
  return it == fds_.end() ? nullptr : &it->second;
}

Errno WasiContext::lookup(uint32_t fd, uint64_t rights, WasiFd*& out) {
  out = find(fd);
  if (!out) return Errno::BadF;
  if ((out->rightsBase & rights) != rights) return out->stdio ? Errno::BadF : Errno::NotCapable;
  return Errno::Success;
}

Errno WasiContext::insert(WasiFd entry, uint32_t& fd) {
  if (!hasRoomForFd()) {
    release(entry);
    return Errno::MFile;
  }
  fd = 0;
  for (const auto& [used, e] : fds_) {  // keys are sorted: the first gap is the lowest free
    if (used != fd) break;
    ++fd;
  }
  fds_[fd] = std::move(entry);
  return Errno::Success;
}

Errno WasiContext::close(uint32_t fd) {
  auto it = fds_.find(fd);
  if (it == fds_.end()) return Errno::BadF;
  release(it->second);
  fds_.erase(it);
  return Errno::Success;
}

Errno WasiContext::renumber(uint32_t from, uint32_t to) {
  auto src = fds_.find(from);
  auto dst = fds_.find(to);
  if (src == fds_.end() || dst == fds_.end()) return Errno::BadF;
  if (from == to) return Errno::Success;
  release(dst->second);
  dst->second = std::move(src->second);
  fds_.erase(src);
  return Errno::Success;
}

}  // namespace ember
