// The path_* calls. Every guest path goes through resolvePath (the sandbox,
// path_resolution.h) and the host call then works on the directory and
// last component it returns, never following a final symlink itself.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/wasi/path_resolution.h"
#include "runtime/wasi/wasi_host.h"
#include "runtime/wasi/wasi_rights.h"

namespace ember::wasi {

namespace {

// Resolves the guest path (ptr, len) beneath the directory fd `dirFd`.
Errno resolveGuestPath(WasiContext& ctx, const GuestMemory& mem, uint32_t dirFd, uint32_t ptr,
                       uint32_t len, bool follow, ResolvedPath& out) {
  WasiFd* e = ctx.find(dirFd);
  if (!e) return Errno::BadF;
  if (e->type != WasiFileType::Directory) return Errno::NotDir;
  std::string_view path;
  if (!mem.string(ptr, len, path)) return Errno::Fault;
  return resolvePath(e->hostFd, path, follow, out);
}

Errno okOrHostErrno(int r) { return r == 0 ? Errno::Success : lastHostErrno(); }

int openFlagsOf(uint32_t oflags, uint64_t rights, uint32_t fdflags) {
  int flags = O_CLOEXEC | O_NOFOLLOW;
  if (oflags & kOflagCreat) flags |= O_CREAT;
  if (oflags & kOflagExcl) flags |= O_EXCL;
  if (oflags & kOflagTrunc) flags |= O_TRUNC;
  bool read = rights & kRightFdRead, write = rights & kRightFdWrite;
  if (oflags & kOflagDirectory)
    flags |= O_DIRECTORY | O_RDONLY;
  else if (read && write)
    flags |= O_RDWR;
  else if (write)
    flags |= O_WRONLY;
  else
    flags |= O_RDONLY;
  if (fdflags & kFdflagAppend) flags |= O_APPEND;
  if (fdflags & kFdflagNonblock) flags |= O_NONBLOCK;
  if (fdflags & kFdflagDsync) flags |= O_DSYNC;
  if (fdflags & kFdflagSync) flags |= O_SYNC;
  if (fdflags & kFdflagRsync) flags |= O_RSYNC;
  return flags;
}

// path_open(fd, dirflags, path, path_len, oflags, rights_base,
//           rights_inheriting, fdflags, opened_fd_ptr)
Errno pathOpen(WasiContext& ctx, const GuestMemory& mem, const WasiArgs& a) {
  uint32_t resultPtr = a.u32(8);
  if (!mem.range(resultPtr, 4)) return Errno::Fault;
  ResolvedPath r;
  bool follow = a.u32(1) & kLookupSymlinkFollow;
  if (Errno e = resolveGuestPath(ctx, mem, a.u32(0), a.u32(2), a.u32(3), follow, r);
      e != Errno::Success)
    return e;
  int flags = openFlagsOf(a.u32(4), a.u64(5), a.u32(7));
  if (r.trailingSlash()) flags |= O_DIRECTORY;
  int fd = ::openat(r.dirFd(), r.name().c_str(), flags, 0666);
  if (fd < 0) return lastHostErrno();
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    Errno e = lastHostErrno();
    ::close(fd);
    return e;
  }
  WasiFd entry;
  entry.hostFd = fd;
  entry.type = wasiFileTypeOfMode(st.st_mode);
  entry.rightsBase = a.u64(5) & kAllRights;
  entry.rightsInheriting = a.u64(6) & kAllRights;
  return storeResult(mem, resultPtr, ctx.insert(std::move(entry)));
}

Errno pathCreateDirectory(WasiContext& ctx, const GuestMemory& mem, const WasiArgs& a) {
  ResolvedPath r;
  if (Errno e = resolveGuestPath(ctx, mem, a.u32(0), a.u32(1), a.u32(2), false, r);
      e != Errno::Success)
    return e;
  return okOrHostErrno(::mkdirat(r.dirFd(), r.name().c_str(), 0777));
}

Errno pathRemoveDirectory(WasiContext& ctx, const GuestMemory& mem, const WasiArgs& a) {
  ResolvedPath r;
  if (Errno e = resolveGuestPath(ctx, mem, a.u32(0), a.u32(1), a.u32(2), false, r);
      e != Errno::Success)
    return e;
  return okOrHostErrno(::unlinkat(r.dirFd(), r.name().c_str(), AT_REMOVEDIR));
}

Errno pathUnlinkFile(WasiContext& ctx, const GuestMemory& mem, const WasiArgs& a) {
  ResolvedPath r;
  if (Errno e = resolveGuestPath(ctx, mem, a.u32(0), a.u32(1), a.u32(2), false, r);
      e != Errno::Success)
    return e;
  if (r.trailingSlash()) return Errno::NotDir;
  return okOrHostErrno(::unlinkat(r.dirFd(), r.name().c_str(), 0));
}

// path_rename(fd, old_path, old_len, new_fd, new_path, new_len)
Errno pathRename(WasiContext& ctx, const GuestMemory& mem, const WasiArgs& a) {
  ResolvedPath from, to;
  if (Errno e = resolveGuestPath(ctx, mem, a.u32(0), a.u32(1), a.u32(2), false, from);
      e != Errno::Success)
    return e;
  if (Errno e = resolveGuestPath(ctx, mem, a.u32(3), a.u32(4), a.u32(5), false, to);
      e != Errno::Success)
    return e;
  return okOrHostErrno(
      ::renameat(from.dirFd(), from.name().c_str(), to.dirFd(), to.name().c_str()));
}

// path_link(old_fd, old_flags, old_path, old_len, new_fd, new_path, new_len)
Errno pathLink(WasiContext& ctx, const GuestMemory& mem, const WasiArgs& a) {
  ResolvedPath from, to;
  bool follow = a.u32(1) & kLookupSymlinkFollow;
  if (Errno e = resolveGuestPath(ctx, mem, a.u32(0), a.u32(2), a.u32(3), follow, from);
      e != Errno::Success)
    return e;
  if (Errno e = resolveGuestPath(ctx, mem, a.u32(4), a.u32(5), a.u32(6), false, to);
      e != Errno::Success)
    return e;
  return okOrHostErrno(
      ::linkat(from.dirFd(), from.name().c_str(), to.dirFd(), to.name().c_str(), 0));
}

// path_symlink(old_path, old_len, fd, new_path, new_len). A relative
// target is harmless — resolvePath expands it inside the sandbox — but an
// absolute one would be a trap for host programs that later follow it.
Errno pathSymlink(WasiContext& ctx, const GuestMemory& mem, const WasiArgs& a) {
  std::string_view target;
  if (!mem.string(a.u32(0), a.u32(1), target)) return Errno::Fault;
  if (target.empty()) return Errno::NoEnt;
  if (target.find('\0') != std::string_view::npos) return Errno::IlSeq;
  if (target.front() == '/') return Errno::Perm;
  ResolvedPath r;
  if (Errno e = resolveGuestPath(ctx, mem, a.u32(2), a.u32(3), a.u32(4), false, r);
      e != Errno::Success)
    return e;
  std::string t(target);
  return okOrHostErrno(::symlinkat(t.c_str(), r.dirFd(), r.name().c_str()));
}

// path_readlink(fd, path, path_len, buf, buf_len, bufused_ptr): a target
// longer than the buffer is cut to it, as readlink(2) does.
Errno pathReadlink(WasiContext& ctx, const GuestMemory& mem, const WasiArgs& a) {
  ResolvedPath r;
  if (Errno e = resolveGuestPath(ctx, mem, a.u32(0), a.u32(1), a.u32(2), false, r);
      e != Errno::Success)
    return e;
  uint32_t bufLen = a.u32(4);
  uint8_t* buf = mem.range(a.u32(3), bufLen);
  if (!buf || !mem.range(a.u32(5), 4)) return Errno::Fault;
  ssize_t n = ::readlinkat(r.dirFd(), r.name().c_str(), reinterpret_cast<char*>(buf), bufLen);
  if (n < 0) return lastHostErrno();
  return storeResult(mem, a.u32(5), static_cast<uint32_t>(n));
}

// path_filestat_get(fd, flags, path, path_len, filestat_ptr)
Errno pathFilestatGet(WasiContext& ctx, const GuestMemory& mem, const WasiArgs& a) {
  ResolvedPath r;
  bool follow = a.u32(1) & kLookupSymlinkFollow;
  if (Errno e = resolveGuestPath(ctx, mem, a.u32(0), a.u32(2), a.u32(3), follow, r);
      e != Errno::Success)
    return e;
  struct stat st;
  if (::fstatat(r.dirFd(), r.name().c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return lastHostErrno();
  return storeFilestat(mem, a.u32(4), st);
}

// path_filestat_set_times(fd, flags, path, path_len, atim, mtim, fst_flags)
Errno pathFilestatSetTimes(WasiContext& ctx, const GuestMemory& mem, const WasiArgs& a) {
  ResolvedPath r;
  bool follow = a.u32(1) & kLookupSymlinkFollow;
  if (Errno e = resolveGuestPath(ctx, mem, a.u32(0), a.u32(2), a.u32(3), follow, r);
      e != Errno::Success)
    return e;
  timespec times[2];
  if (Errno e = timesFromWasi(a.u64(4), a.u64(5), a.u32(6), times); e != Errno::Success) return e;
  return okOrHostErrno(::utimensat(r.dirFd(), r.name().c_str(), times, AT_SYMLINK_NOFOLLOW));
}

}  // namespace

void definePathFunctions(WasiDefiner& d) {
  d.define("path_create_directory", {I32, I32, I32}, pathCreateDirectory);
  d.define("path_filestat_get", {I32, I32, I32, I32, I32}, pathFilestatGet);
  d.define("path_filestat_set_times", {I32, I32, I32, I32, I64, I64, I32}, pathFilestatSetTimes);
  d.define("path_link", {I32, I32, I32, I32, I32, I32, I32}, pathLink);
  d.define("path_open", {I32, I32, I32, I32, I32, I64, I64, I32, I32}, pathOpen);
  d.define("path_readlink", {I32, I32, I32, I32, I32, I32}, pathReadlink);
  d.define("path_remove_directory", {I32, I32, I32}, pathRemoveDirectory);
  d.define("path_rename", {I32, I32, I32, I32, I32, I32}, pathRename);
  d.define("path_symlink", {I32, I32, I32, I32, I32}, pathSymlink);
  d.define("path_unlink_file", {I32, I32, I32}, pathUnlinkFile);
}

}  // namespace ember::wasi
