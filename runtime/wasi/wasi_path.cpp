// The path_* calls. Every guest path goes through resolvePath (the sandbox,
// path_resolution.h) and the host call then works on the directory and
// last component it returns, never following a final symlink itself.
// Each call checks its directory's rights first (wasi_rights.h); paths
// ending in '/' or "/." behave as on Linux (and in Wasmtime there).
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/wasi/path_resolution.h"
#include "runtime/wasi/wasi_host.h"
#include "runtime/wasi/wasi_rights.h"

namespace ember::wasi {

namespace {

// How a path call resolves its path.
struct PathLookup {
  uint64_t rights = 0;       // the directory fd must hold these
  bool follow = false;       // follow a final symlink
  bool slashFollows = true;  // a trailing '/' follows it too (open, stat)
  bool badfOnFile = true;    // a non-directory fd: BadF (Wasmtime), else NotDir (path_open)
};

// Resolves the guest path (ptr, len) beneath the directory fd `dirFd`.
// A path of PATH_MAX bytes or more is NameTooLong before it is read.
Errno resolveGuestPath(WasiContext& ctx, const GuestMemory& mem, uint32_t dirFd, uint32_t ptr,
                       uint32_t len, const PathLookup& how, ResolvedPath& out,
                       WasiFd** dirEntry = nullptr) {
  WasiFd* e = ctx.find(dirFd);
  if (!e) return Errno::BadF;
  if (e->type != WasiFileType::Directory) return how.badfOnFile ? Errno::BadF : Errno::NotDir;
  if (Errno err = ctx.lookup(dirFd, how.rights, e); err != Errno::Success) return err;
  if (len >= PATH_MAX) return Errno::NameTooLong;
  std::string_view path;
  if (!mem.string(ptr, len, path)) return Errno::Fault;
  if (dirEntry) *dirEntry = e;
  return resolvePath(e->hostFd, path, how.follow, out, how.slashFollows);
}

Errno okOrHostErrno(int r) { return r == 0 ? Errno::Success : lastHostErrno(); }

// What lstat says about (dir, name): 0 when it does not exist.
mode_t modeAt(const ResolvedPath& r) {
  struct stat st;
  return ::fstatat(r.dirFd(), r.name().c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 ? st.st_mode : 0;
}

// A name to create (link, symlink destination) given with a trailing '/':
// Linux refuses it, EEXIST when something is there and ENOENT when not.
Errno refuseSlashedNewName(const ResolvedPath& r) {
  return modeAt(r) != 0 ? Errno::Exist : Errno::NoEnt;
}

// A symlink moved or hard-linked to `to` (whose directory fd is `toDir`)
// must still not point above the preopen from there (see pathSymlink).
Errno checkMovedSymlink(const ResolvedPath& from, const ResolvedPath& to, const WasiFd& toDir) {
  char target[PATH_MAX];
  ssize_t n = ::readlinkat(from.dirFd(), from.name().c_str(), target, sizeof target);
  if (n < 0) return Errno::Success;  // not a symlink (or gone): nothing to check
  std::string_view t(target, static_cast<size_t>(n));
  return symlinkTargetClimbsOut(t, toDir.depth + to.depth()) ? Errno::Perm : Errno::Success;
}

int openFlagsOf(uint32_t oflags, uint64_t rights, uint32_t fdflags) {
  int flags = O_CLOEXEC | O_NOFOLLOW;
  if (oflags & kOflagCreat) flags |= O_CREAT;
  if (oflags & kOflagExcl) flags |= O_EXCL;
  if (oflags & kOflagTrunc) flags |= O_TRUNC;
  bool read = rights & kRightFdRead, write = rights & kRightFdWrite;
  // O_DIRECTORY keeps the access mode the rights ask for: a directory asked
  // for with FD_WRITE fails with EISDIR, as in Wasmtime (wasi-testsuite's
  // path_open_preopen).
  if (oflags & kOflagDirectory) flags |= O_DIRECTORY;
  if (read && write)
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

// The directory rights path_open needs for its oflags.
uint64_t pathOpenRights(uint32_t oflags) {
  uint64_t rights = kRightPathOpen;
  if (oflags & kOflagCreat) rights |= kRightPathCreateFile;
  if (oflags & kOflagTrunc) rights |= kRightPathFilestatSetSize;
  return rights;
}

// Opens (dir, name). A directory asked for with write rights but without
// O_DIRECTORY (a guest opening "." with its preopen's rights) is opened
// read-only as the directory it is, instead of failing with EISDIR.
int openAt(const ResolvedPath& r, int flags, uint32_t oflags) {
  int fd = ::openat(r.dirFd(), r.name().c_str(), flags, 0666);
  if (fd < 0 && errno == EISDIR && !(oflags & (kOflagCreat | kOflagTrunc | kOflagDirectory)))
    fd = ::openat(r.dirFd(), r.name().c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  return fd;
}

// path_open(fd, dirflags, path, path_len, oflags, rights_base,
//           rights_inheriting, fdflags, opened_fd_ptr)
// The new fd's rights are what the guest asked for, cut to what the
// directory passes on and to what its kind (file or directory) can do.
Errno pathOpen(WasiContext& ctx, const GuestMemory& mem, const WasiArgs& a) {
  uint32_t resultPtr = a.u32(8);
  if (!mem.range(resultPtr, 4)) return Errno::Fault;
  uint32_t oflags = a.u32(4);
  ResolvedPath r;
  WasiFd* dir = nullptr;
  PathLookup how{pathOpenRights(oflags), (a.u32(1) & kLookupSymlinkFollow) != 0, true, false};
  if (Errno e = resolveGuestPath(ctx, mem, a.u32(0), a.u32(2), a.u32(3), how, r, &dir);
      e != Errno::Success)
    return e;
  if ((oflags & kOflagCreat) && (oflags & kOflagDirectory)) return Errno::Inval;
  if ((oflags & kOflagCreat) && r.trailingSlash()) return Errno::IsDir;  // open("new/", O_CREAT)
  if (!ctx.hasRoomForFd()) return Errno::MFile;
  uint64_t base = a.u64(5) & dir->rightsInheriting;
  uint64_t inheriting = a.u64(6) & dir->rightsInheriting;
  uint32_t parentDepth = dir->depth;
  int flags = openFlagsOf(oflags, base, a.u32(7));
  if (r.trailingSlash()) flags |= O_DIRECTORY;
  int fd = openAt(r, flags, oflags);
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
  entry.mayBlock = mayBlockFor(entry.type, a.u32(7) & kFdflagNonblock);
  bool isDir = entry.type == WasiFileType::Directory;
  entry.rightsBase = base & (isDir ? kDirectoryRights : kFileRights);
  entry.rightsInheriting = isDir ? inheriting : 0;
  entry.depth = isDir ? parentDepth + r.depth() + (r.name() == "." ? 0 : 1) : 0;
  uint32_t guestFd = 0;
  if (Errno e = ctx.insert(std::move(entry), guestFd); e != Errno::Success) return e;
  return storeResult(mem, resultPtr, guestFd);
}

Errno pathCreateDirectory(WasiContext& ctx, const GuestMemory& mem, const WasiArgs& a) {
  ResolvedPath r;
  PathLookup how{kRightPathCreateDirectory, false, false};
  if (Errno e = resolveGuestPath(ctx, mem, a.u32(0), a.u32(1), a.u32(2), how, r);
      e != Errno::Success)
    return e;
  if (r.endsInDot()) return refuseSlashedNewName(r);  // mkdir("dir/."): EEXIST, or ENOENT
  return okOrHostErrno(::mkdirat(r.dirFd(), r.name().c_str(), 0777));
}

// rmdir: a last component "." or ".." is EINVAL (POSIX); a
// trailing '/' is allowed but never follows a symlink ("link/" is ENOTDIR).
Errno pathRemoveDirectory(WasiContext& ctx, const GuestMemory& mem, const WasiArgs& a) {
  ResolvedPath r;
  PathLookup how{kRightPathRemoveDirectory, false, false};
  if (Errno e = resolveGuestPath(ctx, mem, a.u32(0), a.u32(1), a.u32(2), how, r);
      e != Errno::Success)
    return e;
  if (r.endsInDot()) return Errno::Inval;
  return okOrHostErrno(::unlinkat(r.dirFd(), r.name().c_str(), AT_REMOVEDIR));
}

// unlink: with a trailing '/' or "/." the path must name a directory, so it
// fails: EISDIR for a directory, ENOTDIR for anything else (a symlink named
// "link/" itself included), ENOENT when nothing is there — as Linux.
Errno pathUnlinkFile(WasiContext& ctx, const GuestMemory& mem, const WasiArgs& a) {
  ResolvedPath r;
  PathLookup how{kRightPathUnlinkFile, false, false};
  if (Errno e = resolveGuestPath(ctx, mem, a.u32(0), a.u32(1), a.u32(2), how, r);
      e != Errno::Success)
    return e;
  if (r.trailingSlash()) {
    mode_t mode = modeAt(r);
    if (mode == 0) return Errno::NoEnt;
    return S_ISDIR(mode) ? Errno::IsDir : Errno::NotDir;
  }
  return okOrHostErrno(::unlinkat(r.dirFd(), r.name().c_str(), 0));
}

// path_rename(fd, old_path, old_len, new_fd, new_path, new_len). A trailing
// '/' on either side needs the source to be a directory (ENOTDIR), and
// neither side may end in "." or ".." (EBUSY on Linux for the root, EINVAL
// here for both as POSIX allows).
Errno pathRename(WasiContext& ctx, const GuestMemory& mem, const WasiArgs& a) {
  ResolvedPath from, to;
  WasiFd* toDir = nullptr;
  PathLookup src{kRightPathRenameSource, false, false};
  PathLookup dst{kRightPathRenameTarget, false, false};
  if (Errno e = resolveGuestPath(ctx, mem, a.u32(0), a.u32(1), a.u32(2), src, from);
      e != Errno::Success)
    return e;
  if (Errno e = resolveGuestPath(ctx, mem, a.u32(3), a.u32(4), a.u32(5), dst, to, &toDir);
      e != Errno::Success)
    return e;
  if (Errno e = checkMovedSymlink(from, to, *toDir); e != Errno::Success) return e;
  if (from.endsInDot() || to.endsInDot()) return Errno::Inval;
  if (from.trailingSlash() || to.trailingSlash()) {
    mode_t mode = modeAt(from);
    if (mode == 0) return Errno::NoEnt;
    if (!S_ISDIR(mode)) return Errno::NotDir;
  }
  return okOrHostErrno(
      ::renameat(from.dirFd(), from.name().c_str(), to.dirFd(), to.name().c_str()));
}

// path_link(old_fd, old_flags, old_path, old_len, new_fd, new_path, new_len)
Errno pathLink(WasiContext& ctx, const GuestMemory& mem, const WasiArgs& a) {
  ResolvedPath from, to;
  WasiFd* toDir = nullptr;
  PathLookup src{kRightPathLinkSource, (a.u32(1) & kLookupSymlinkFollow) != 0, true};
  PathLookup dst{kRightPathLinkTarget, false, false};
  if (Errno e = resolveGuestPath(ctx, mem, a.u32(0), a.u32(2), a.u32(3), src, from);
      e != Errno::Success)
    return e;
  if (Errno e = resolveGuestPath(ctx, mem, a.u32(4), a.u32(5), a.u32(6), dst, to, &toDir);
      e != Errno::Success)
    return e;
  if (Errno e = checkMovedSymlink(from, to, *toDir); e != Errno::Success) return e;
  if (from.trailingSlash()) {  // "file/" is no directory; a directory cannot be linked
    mode_t mode = modeAt(from);
    if (mode == 0) return Errno::NoEnt;
    return S_ISDIR(mode) ? Errno::Perm : Errno::NotDir;
  }
  if (to.trailingSlash()) return refuseSlashedNewName(to);
  return okOrHostErrno(
      ::linkat(from.dirFd(), from.name().c_str(), to.dirFd(), to.name().c_str(), 0));
}

// path_symlink(old_path, old_len, fd, new_path, new_len). Targets are
// refused (EPERM) when absolute, or when their ".." components climb above
// the preopen from where the link is made: the guest's own lookups expand
// links inside the sandbox anyway, but a host program that later follows
// the link must not be led outside. The check is lexical; path_rename and
// path_link of a symlink check it again at the new place, but renaming a
// directory above a link can still move it to where it points outside
// (for host programs only: never for the guest).
Errno pathSymlink(WasiContext& ctx, const GuestMemory& mem, const WasiArgs& a) {
  if (a.u32(1) >= PATH_MAX) return Errno::NameTooLong;
  std::string_view target;
  if (!mem.string(a.u32(0), a.u32(1), target)) return Errno::Fault;
  if (target.empty()) return Errno::NoEnt;
  if (target.find('\0') != std::string_view::npos) return Errno::IlSeq;
  if (target.front() == '/') return Errno::Perm;
  ResolvedPath r;
  WasiFd* dir = nullptr;
  PathLookup how{kRightPathSymlink, false, false};
  if (Errno e = resolveGuestPath(ctx, mem, a.u32(2), a.u32(3), a.u32(4), how, r, &dir);
      e != Errno::Success)
    return e;
  if (r.trailingSlash()) return refuseSlashedNewName(r);
  if (symlinkTargetClimbsOut(target, dir->depth + r.depth())) return Errno::Perm;
  std::string t(target);
  return okOrHostErrno(::symlinkat(t.c_str(), r.dirFd(), r.name().c_str()));
}

// path_readlink(fd, path, path_len, buf, buf_len, bufused_ptr): a target
// longer than the buffer is cut to it, as readlink(2) does.
Errno pathReadlink(WasiContext& ctx, const GuestMemory& mem, const WasiArgs& a) {
  ResolvedPath r;
  PathLookup how{kRightPathReadlink, false, true};
  if (Errno e = resolveGuestPath(ctx, mem, a.u32(0), a.u32(1), a.u32(2), how, r);
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
template <FilestatWriter store>
Errno pathFilestatGet(WasiContext& ctx, const GuestMemory& mem, const WasiArgs& a) {
  ResolvedPath r;
  PathLookup how{kRightPathFilestatGet, (a.u32(1) & kLookupSymlinkFollow) != 0, true};
  if (Errno e = resolveGuestPath(ctx, mem, a.u32(0), a.u32(2), a.u32(3), how, r);
      e != Errno::Success)
    return e;
  struct stat st;
  if (::fstatat(r.dirFd(), r.name().c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return lastHostErrno();
  if (r.trailingSlash() && !S_ISDIR(st.st_mode)) return Errno::NotDir;
  return store(mem, a.u32(4), st);
}

// path_filestat_set_times(fd, flags, path, path_len, atim, mtim, fst_flags)
Errno pathFilestatSetTimes(WasiContext& ctx, const GuestMemory& mem, const WasiArgs& a) {
  ResolvedPath r;
  PathLookup how{kRightPathFilestatSetTimes, (a.u32(1) & kLookupSymlinkFollow) != 0, true};
  if (Errno e = resolveGuestPath(ctx, mem, a.u32(0), a.u32(2), a.u32(3), how, r);
      e != Errno::Success)
    return e;
  timespec times[2];
  if (Errno e = timesFromWasi(a.u64(4), a.u64(5), a.u32(6), times); e != Errno::Success) return e;
  return okOrHostErrno(::utimensat(r.dirFd(), r.name().c_str(), times, AT_SYMLINK_NOFOLLOW));
}

}  // namespace

void definePathFunctions(WasiDefiner& d) {
  d.define("path_create_directory", {I32, I32, I32}, pathCreateDirectory);
  d.define("path_filestat_get", {I32, I32, I32, I32, I32}, pathFilestatGet<storeFilestat>);
  d.defineSnapshot0("path_filestat_get", {I32, I32, I32, I32, I32},
                    pathFilestatGet<storeFilestatSnapshot0>);
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
