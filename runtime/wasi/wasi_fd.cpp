// The fd_* calls: reading, writing, seeking, metadata and directory listing
// on open guest descriptors, and the preopen queries wasi-libc starts with.
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <vector>

#include "runtime/wasi/wasi_blocking.h"
#include "runtime/wasi/wasi_host.h"
#include "runtime/wasi/wasi_rights.h"

namespace ember::wasi {

namespace {

// dev, ino, filetype, nlink, size, atim, mtim, ctim; preview 1 widened
// nlink from snapshot 0's u32 to a u64, which moves everything after it.
Errno storeFilestatWith(const GuestMemory& mem, uint32_t ptr, const struct stat& st,
                        uint32_t nlinkBytes) {
  const uint32_t size = nlinkBytes == 8 ? 64 : 56;
  uint8_t* p = mem.range(ptr, size);
  if (!p) return Errno::Fault;
  std::memset(p, 0, size);
  auto put64 = [p](size_t at, uint64_t v) { std::memcpy(p + at, &v, 8); };
  put64(0, static_cast<uint64_t>(st.st_dev));
  put64(8, static_cast<uint64_t>(st.st_ino));
  p[16] = static_cast<uint8_t>(wasiFileTypeOfMode(st.st_mode));
  uint32_t at = 24;
  if (nlinkBytes == 8) {
    put64(24, static_cast<uint64_t>(st.st_nlink));
    at = 32;
  } else {
    const auto nlink = static_cast<uint32_t>(std::min<uint64_t>(st.st_nlink, UINT32_MAX));
    std::memcpy(p + 20, &nlink, 4);
  }
  put64(at, static_cast<uint64_t>(st.st_size));
  put64(at + 8, static_cast<uint64_t>(st.st_atim.tv_sec) * 1000000000u + st.st_atim.tv_nsec);
  put64(at + 16, static_cast<uint64_t>(st.st_mtim.tv_sec) * 1000000000u + st.st_mtim.tv_nsec);
  put64(at + 24, static_cast<uint64_t>(st.st_ctim.tv_sec) * 1000000000u + st.st_ctim.tv_nsec);
  return Errno::Success;
}

}  // namespace

Errno storeFilestat(const GuestMemory& mem, uint32_t ptr, const struct stat& st) {
  return storeFilestatWith(mem, ptr, st, 8);
}

Errno storeFilestatSnapshot0(const GuestMemory& mem, uint32_t ptr, const struct stat& st) {
  return storeFilestatWith(mem, ptr, st, 4);
}

namespace {

timespec timeFromWasi(uint64_t ns, bool set, bool now) {
  timespec t{};
  if (now)
    t.tv_nsec = UTIME_NOW;
  else if (set) {
    t.tv_sec = static_cast<time_t>(ns / 1000000000u);
    t.tv_nsec = static_cast<long>(ns % 1000000000u);
  } else
    t.tv_nsec = UTIME_OMIT;
  return t;
}

}  // namespace

Errno timesFromWasi(uint64_t atim, uint64_t mtim, uint32_t fstFlags, struct timespec out[2]) {
  bool aSet = fstFlags & kFstAtim, aNow = fstFlags & kFstAtimNow;
  bool mSet = fstFlags & kFstMtim, mNow = fstFlags & kFstMtimNow;
  if ((aSet && aNow) || (mSet && mNow)) return Errno::Inval;
  out[0] = timeFromWasi(atim, aSet, aNow);
  out[1] = timeFromWasi(mtim, mSet, mNow);
  return Errno::Success;
}

namespace {

// The guest's iovec array (witx `iovec`: u32 buf, u32 len) as host iovecs,
// every buffer checked. More than IOV_MAX buffers are cut to IOV_MAX: a
// short read or write the guest must already handle.
Errno gatherIovecs(const GuestMemory& mem, uint32_t iovsPtr, uint32_t count,
                   std::vector<iovec>& out) {
  count = std::min<uint32_t>(count, IOV_MAX);
  const uint8_t* raw = mem.range(iovsPtr, uint64_t{8} * count);
  if (!raw) return Errno::Fault;
  out.resize(count);
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t buf, len;
    std::memcpy(&buf, raw + 8 * i, 4);
    std::memcpy(&len, raw + 8 * i + 4, 4);
    uint8_t* p = mem.range(buf, len);
    if (!p) return Errno::Fault;
    out[i] = iovec{p, len};
  }
  return Errno::Success;
}

// The descriptor of an fd call that works on file data (read, write, seek,
// size, ...): BadF for a directory (as Wasmtime), SPipe for stdio when
// `positioned` (the call uses or moves an offset, which a stream has not),
// BadF for stdio when `fileOnly` (the call would change the host's open
// file description), then the rights check.
Errno lookupFile(WasiContext& ctx, uint32_t fd, uint64_t rights, WasiFd*& e,
                 bool positioned = false, bool fileOnly = false) {
  e = ctx.find(fd);
  if (!e || e->type == WasiFileType::Directory) return Errno::BadF;
  if (e->stdio && positioned) return Errno::SPipe;
  if (e->stdio && fileOnly) return Errno::BadF;
  return ctx.lookup(fd, rights, e);
}

// Waits (bounded by the store's deadline and fuel, wasi_blocking.h) until
// the host fd is ready for `events`. False when a limit ended the wait:
// the raised trap ends the call.
bool waitUntilReady(WasiContext& ctx, int hostFd, short events) {
  auto once = [hostFd, events](uint64_t sliceNs) {
    pollfd p{hostFd, events, 0};
    timespec ts{static_cast<time_t>(sliceNs / 1000000000u),
                static_cast<long>(sliceNs % 1000000000u)};
    return ::ppoll(&p, 1, sliceNs == UINT64_MAX ? nullptr : &ts, nullptr) > 0;
  };
  return waitBounded(ctx, UINT64_MAX, once) == WaitEnd::Ready;
}

// A readv or writev that may block (a pipe or terminal) while a limit
// bounds the call: first tried with RWF_NOWAIT, which costs nothing more
// when data or room is there; only when it would block (or the kernel
// cannot say for this fd) does the call wait, bounded, for readiness.
// Returns -1 with errno for a host error, -2 when a limit ended the wait.
ssize_t boundedStreamIo(WasiContext& ctx, int hostFd, std::vector<iovec>& iov, bool reading) {
  int count = static_cast<int>(iov.size());
  ssize_t n;
  do
    n = reading ? ::preadv2(hostFd, iov.data(), count, -1, RWF_NOWAIT)
                : ::pwritev2(hostFd, iov.data(), count, -1, RWF_NOWAIT);
  while (n < 0 && errno == EINTR);
  if (n >= 0 || (errno != EAGAIN && errno != EOPNOTSUPP && errno != EINVAL)) return n;
  if (!waitUntilReady(ctx, hostFd, reading ? POLLIN : POLLOUT)) return -2;
  do n = reading ? ::readv(hostFd, iov.data(), count) : ::writev(hostFd, iov.data(), count);
  while (n < 0 && errno == EINTR);
  return n;
}

// Runs a readv/writev-style call on the guest's buffers, retrying when a
// signal interrupts it, and stores the byte count at `countPtr`. fd_read
// and fd_write (not `positioned`) on an fd that may block stay bounded by
// the store's limits.
template <typename Io>
Errno transfer(WasiContext& ctx, const GuestMemory& mem, uint32_t fd, uint32_t iovsPtr,
               uint32_t count, uint32_t countPtr, uint64_t rights, bool positioned, Io io) {
  WasiFd* e = nullptr;
  if (Errno err = lookupFile(ctx, fd, rights, e, positioned); err != Errno::Success) return err;
  std::vector<iovec> iov;
  if (Errno err = gatherIovecs(mem, iovsPtr, count, iov); err != Errno::Success) return err;
  if (!mem.range(countPtr, 4)) return Errno::Fault;
  ssize_t n;
  if (!positioned && e->mayBlock && BlockingLimits(ctx.callStore()).bounded()) {
    n = boundedStreamIo(ctx, e->hostFd, iov, rights & kRightFdRead);
    if (n == -2) return Errno::Intr;  // the raised trap ends the call
  } else {
    do n = io(e->hostFd, iov.data(), static_cast<int>(iov.size()));
    while (n < 0 && errno == EINTR);
  }
  if (n < 0) return lastHostErrno();
  return storeResult(mem, countPtr, static_cast<uint32_t>(n));
}

Errno fdRead(WasiContext& ctx, const GuestMemory& mem, const WasiArgs& a) {
  return transfer(ctx, mem, a.u32(0), a.u32(1), a.u32(2), a.u32(3), kRightFdRead, false, ::readv);
}

Errno fdWrite(WasiContext& ctx, const GuestMemory& mem, const WasiArgs& a) {
  return transfer(ctx, mem, a.u32(0), a.u32(1), a.u32(2), a.u32(3), kRightFdWrite, false, ::writev);
}

Errno fdPread(WasiContext& ctx, const GuestMemory& mem, const WasiArgs& a) {
  off_t offset = static_cast<off_t>(a.u64(3));
  if (offset < 0) return Errno::Inval;
  return transfer(ctx, mem, a.u32(0), a.u32(1), a.u32(2), a.u32(4), kRightFdRead | kRightFdSeek,
                  true,
                  [offset](int fd, const iovec* v, int n) { return ::preadv(fd, v, n, offset); });
}

Errno fdPwrite(WasiContext& ctx, const GuestMemory& mem, const WasiArgs& a) {
  off_t offset = static_cast<off_t>(a.u64(3));
  if (offset < 0) return Errno::Inval;
  return transfer(ctx, mem, a.u32(0), a.u32(1), a.u32(2), a.u32(4), kRightFdWrite | kRightFdSeek,
                  true,
                  [offset](int fd, const iovec* v, int n) { return ::pwritev(fd, v, n, offset); });
}

// fd_seek(fd, offset, whence, newoffset_ptr), `whence` numbered as in
// preview 1 (set, cur, end; snapshot 0 numbered them cur, end, set).
// Asking only for the current position (SEEK_CUR by 0) needs just the tell
// right, as in wasi-common.
Errno fdSeekFrom(WasiContext& ctx, const GuestMemory& mem, const WasiArgs& a, uint32_t whence) {
  static constexpr int kWhence[] = {SEEK_SET, SEEK_CUR, SEEK_END};
  uint64_t rights = whence == 1 && a.u64(1) == 0 ? kRightFdTell : kRightFdSeek;
  WasiFd* e = nullptr;
  if (Errno err = lookupFile(ctx, a.u32(0), rights, e, true); err != Errno::Success) return err;
  if (whence > 2) return Errno::Inval;
  if (!mem.range(a.u32(3), 8)) return Errno::Fault;
  off_t pos = ::lseek(e->hostFd, static_cast<off_t>(a.u64(1)), kWhence[whence]);
  if (pos < 0) return lastHostErrno();
  return storeResult(mem, a.u32(3), static_cast<uint64_t>(pos));
}

Errno fdSeek(WasiContext& ctx, const GuestMemory& mem, const WasiArgs& a) {
  return fdSeekFrom(ctx, mem, a, a.u32(2));
}

Errno fdSeekSnapshot0(WasiContext& ctx, const GuestMemory& mem, const WasiArgs& a) {
  const uint32_t whence = a.u32(2);
  return fdSeekFrom(ctx, mem, a, whence < 3 ? (whence + 1) % 3 : whence);
}

Errno fdTell(WasiContext& ctx, const GuestMemory& mem, const WasiArgs& a) {
  WasiFd* e = nullptr;
  if (Errno err = lookupFile(ctx, a.u32(0), kRightFdTell, e, true); err != Errno::Success)
    return err;
  if (!mem.range(a.u32(1), 8)) return Errno::Fault;
  off_t pos = ::lseek(e->hostFd, 0, SEEK_CUR);
  if (pos < 0) return lastHostErrno();
  return storeResult(mem, a.u32(1), static_cast<uint64_t>(pos));
}

Errno fdClose(WasiContext& ctx, const GuestMemory&, const WasiArgs& a) {
  return ctx.close(a.u32(0));
}

Errno fdRenumber(WasiContext& ctx, const GuestMemory&, const WasiArgs& a) {
  return ctx.renumber(a.u32(0), a.u32(1));
}

template <int (*Sync)(int), uint64_t Right>
Errno fdSyncWith(WasiContext& ctx, const GuestMemory&, const WasiArgs& a) {
  WasiFd* e = ctx.find(a.u32(0));
  if (e && e->stdio) return Errno::BadF;  // not a file (Wasmtime)
  if (Errno err = ctx.lookup(a.u32(0), Right, e); err != Errno::Success) return err;
  return Sync(e->hostFd) == 0 ? Errno::Success : lastHostErrno();
}

uint16_t fdflagsOfHost(int fl) {
  uint16_t flags = 0;
  if (fl & O_APPEND) flags |= kFdflagAppend;
  if (fl & O_NONBLOCK) flags |= kFdflagNonblock;
  if ((fl & O_SYNC) == O_SYNC)
    flags |= kFdflagSync;  // O_SYNC includes O_DSYNC's bit
  else if (fl & O_DSYNC)
    flags |= kFdflagDsync;
  return flags;
}

Errno fdFdstatGet(WasiContext& ctx, const GuestMemory& mem, const WasiArgs& a) {
  WasiFd* e = ctx.find(a.u32(0));
  if (!e) return Errno::BadF;
  uint8_t* p = mem.range(a.u32(1), 24);
  if (!p) return Errno::Fault;
  // Stdio reports no flags: the host's O_APPEND/O_NONBLOCK are not the
  // guest's to see or change (Wasmtime reports none either).
  int fl = e->stdio ? 0 : ::fcntl(e->hostFd, F_GETFL);
  if (fl < 0) return lastHostErrno();
  std::memset(p, 0, 24);
  p[0] = static_cast<uint8_t>(e->type);
  uint16_t flags = fdflagsOfHost(fl);
  std::memcpy(p + 2, &flags, 2);
  std::memcpy(p + 8, &e->rightsBase, 8);
  std::memcpy(p + 16, &e->rightsInheriting, 8);
  return Errno::Success;
}

// Only APPEND and NONBLOCK can change on an open Linux fd (fcntl F_SETFL
// ignores the sync flags), so asking for the others is NotSup. Stdio is
// BadF (as Wasmtime): its flags belong to the host's open file description.
Errno fdFdstatSetFlags(WasiContext& ctx, const GuestMemory&, const WasiArgs& a) {
  WasiFd* e = ctx.find(a.u32(0));
  if (e && e->stdio) return Errno::BadF;
  if (Errno err = ctx.lookup(a.u32(0), kRightFdFdstatSetFlags, e); err != Errno::Success)
    return err;
  uint32_t flags = a.u32(1);
  if (flags & ~uint32_t{kFdflagAppend | kFdflagNonblock}) return Errno::NotSup;
  int fl = ::fcntl(e->hostFd, F_GETFL);
  if (fl < 0) return lastHostErrno();
  fl &= ~(O_APPEND | O_NONBLOCK);
  if (flags & kFdflagAppend) fl |= O_APPEND;
  if (flags & kFdflagNonblock) fl |= O_NONBLOCK;
  if (::fcntl(e->hostFd, F_SETFL, fl) != 0) return lastHostErrno();
  e->mayBlock = mayBlockFor(e->type, flags & kFdflagNonblock);
  return Errno::Success;
}

// Rights may only shrink (witx); later calls check them (wasi_rights.h).
Errno fdFdstatSetRights(WasiContext& ctx, const GuestMemory&, const WasiArgs& a) {
  WasiFd* e = ctx.find(a.u32(0));
  if (!e) return Errno::BadF;
  uint64_t base = a.u64(1), inheriting = a.u64(2);
  if ((base & ~e->rightsBase) || (inheriting & ~e->rightsInheriting)) return Errno::NotCapable;
  e->rightsBase = base;
  e->rightsInheriting = inheriting;
  return Errno::Success;
}

template <FilestatWriter store>
Errno fdFilestatGet(WasiContext& ctx, const GuestMemory& mem, const WasiArgs& a) {
  WasiFd* e = nullptr;
  if (Errno err = ctx.lookup(a.u32(0), kRightFdFilestatGet, e); err != Errno::Success) return err;
  struct stat st;
  if (::fstat(e->hostFd, &st) != 0) return lastHostErrno();
  if (e->stdio) {  // only the type: the host's file (size, inode, times) is not the guest's
    mode_t type = st.st_mode & S_IFMT;
    st = {};
    st.st_mode = type;
  }
  return store(mem, a.u32(1), st);
}

Errno fdFilestatSetSize(WasiContext& ctx, const GuestMemory&, const WasiArgs& a) {
  WasiFd* e = nullptr;
  if (Errno err = lookupFile(ctx, a.u32(0), kRightFdFilestatSetSize, e, false, true);
      err != Errno::Success)
    return err;
  if (static_cast<off_t>(a.u64(1)) < 0) return Errno::Inval;
  return ::ftruncate(e->hostFd, static_cast<off_t>(a.u64(1))) == 0 ? Errno::Success
                                                                   : lastHostErrno();
}

Errno fdFilestatSetTimes(WasiContext& ctx, const GuestMemory&, const WasiArgs& a) {
  WasiFd* e = ctx.find(a.u32(0));
  if (e && e->stdio) return Errno::BadF;  // the host's file, not the guest's
  if (Errno err = ctx.lookup(a.u32(0), kRightFdFilestatSetTimes, e); err != Errno::Success)
    return err;
  timespec times[2];
  if (Errno err = timesFromWasi(a.u64(1), a.u64(2), a.u32(3), times); err != Errno::Success)
    return err;
  return ::futimens(e->hostFd, times) == 0 ? Errno::Success : lastHostErrno();
}

Errno fdAdvise(WasiContext& ctx, const GuestMemory&, const WasiArgs& a) {
  WasiFd* e = nullptr;
  if (Errno err = lookupFile(ctx, a.u32(0), kRightFdAdvise, e, false, true); err != Errno::Success)
    return err;
  static constexpr int kAdvice[] = {POSIX_FADV_NORMAL,   POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
                                    POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED,   POSIX_FADV_NOREUSE};
  uint32_t advice = a.u32(3);
  if (advice > 5) return Errno::Inval;
  int r = ::posix_fadvise(e->hostFd, static_cast<off_t>(a.u64(1)), static_cast<off_t>(a.u64(2)),
                          kAdvice[advice]);
  return r == 0 || r == ESPIPE ? Errno::Success : errnoFromHost(r);  // advice on a pipe is moot
}

Errno fdAllocate(WasiContext& ctx, const GuestMemory&, const WasiArgs& a) {
  WasiFd* e = nullptr;
  if (Errno err = lookupFile(ctx, a.u32(0), kRightFdAllocate, e, false, true);
      err != Errno::Success)
    return err;
  int r = ::posix_fallocate(e->hostFd, static_cast<off_t>(a.u64(1)), static_cast<off_t>(a.u64(2)));
  return errnoFromHost(r);
}

// witx `prestat`: tag 0 (a directory), then the length of its guest name.
Errno fdPrestatGet(WasiContext& ctx, const GuestMemory& mem, const WasiArgs& a) {
  WasiFd* e = ctx.find(a.u32(0));
  if (!e || !e->preopenName) return Errno::BadF;
  uint8_t* p = mem.range(a.u32(1), 8);
  if (!p) return Errno::Fault;
  std::memset(p, 0, 8);
  uint32_t len = static_cast<uint32_t>(e->preopenName->size());
  std::memcpy(p + 4, &len, 4);
  return Errno::Success;
}

Errno fdPrestatDirName(WasiContext& ctx, const GuestMemory& mem, const WasiArgs& a) {
  WasiFd* e = ctx.find(a.u32(0));
  if (!e || !e->preopenName) return Errno::BadF;
  const std::string& name = *e->preopenName;
  if (a.u32(2) < name.size()) return Errno::NameTooLong;
  uint8_t* p = mem.range(a.u32(1), name.size());
  if (!p) return Errno::Fault;
  std::memcpy(p, name.data(), name.size());
  return Errno::Success;
}

uint8_t wasiTypeOfDirent(unsigned char dt) {
  switch (dt) {
    case DT_BLK:
      return static_cast<uint8_t>(WasiFileType::BlockDevice);
    case DT_CHR:
      return static_cast<uint8_t>(WasiFileType::CharacterDevice);
    case DT_DIR:
      return static_cast<uint8_t>(WasiFileType::Directory);
    case DT_REG:
      return static_cast<uint8_t>(WasiFileType::RegularFile);
    case DT_SOCK:
      return static_cast<uint8_t>(WasiFileType::SocketStream);
    case DT_LNK:
      return static_cast<uint8_t>(WasiFileType::SymbolicLink);
    default:
      return static_cast<uint8_t>(WasiFileType::Unknown);
  }
}

// Linux's getdents64 record; glibc declares no wrapper for it before 2.30.
struct HostDirent64 {
  uint64_t d_ino;
  int64_t d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[];
};

// Appends one witx `dirent` (24-byte header, then the name without NUL)
// to the guest buffer; copies only what fits. False once the buffer is full.
bool appendDirent(uint8_t* buf, uint32_t bufLen, uint32_t& used, const HostDirent64& d) {
  uint8_t record[24 + 256];
  uint32_t nameLen = static_cast<uint32_t>(std::strlen(d.d_name));
  uint64_t next = static_cast<uint64_t>(d.d_off), ino = d.d_ino;
  std::memset(record, 0, 24);
  std::memcpy(record, &next, 8);
  std::memcpy(record + 8, &ino, 8);
  std::memcpy(record + 16, &nameLen, 4);
  record[20] = wasiTypeOfDirent(d.d_type);
  std::memcpy(record + 24, d.d_name, nameLen);
  uint32_t size = 24 + nameLen;
  uint32_t n = std::min(size, bufLen - used);
  std::memcpy(buf + used, record, n);
  used += n;
  return n == size && used < bufLen;
}

// Cookies are the kernel's d_off values: the position after each entry,
// which lseek on the directory accepts to continue from there. A buffer
// filled to the end tells the guest to call again (witx fd_readdir).
Errno fdReaddir(WasiContext& ctx, const GuestMemory& mem, const WasiArgs& a) {
  WasiFd* e = ctx.find(a.u32(0));
  if (!e || e->type != WasiFileType::Directory) return Errno::BadF;  // as Wasmtime
  if (Errno err = ctx.lookup(a.u32(0), kRightFdReaddir, e); err != Errno::Success) return err;
  uint32_t bufLen = a.u32(2);
  uint8_t* buf = mem.range(a.u32(1), bufLen);
  if (!buf || !mem.range(a.u32(4), 4)) return Errno::Fault;
  if (::lseek(e->hostFd, static_cast<off_t>(a.u64(3)), SEEK_SET) < 0) return lastHostErrno();
  alignas(HostDirent64) char host[16384];
  uint32_t used = 0;
  bool room = bufLen > 0;
  while (room) {
    long n = ::syscall(SYS_getdents64, e->hostFd, host, sizeof host);
    if (n < 0) return lastHostErrno();
    if (n == 0) break;
    for (long at = 0; at < n && room;) {
      const auto* d = reinterpret_cast<const HostDirent64*>(host + at);
      room = appendDirent(buf, bufLen, used, *d);
      at += d->d_reclen;
    }
  }
  return storeResult(mem, a.u32(4), used);
}

}  // namespace

void defineFdFunctions(WasiDefiner& d) {
  d.define("fd_advise", {I32, I64, I64, I32}, fdAdvise);
  d.define("fd_allocate", {I32, I64, I64}, fdAllocate);
  d.define("fd_close", {I32}, fdClose);
  d.define("fd_datasync", {I32}, fdSyncWith<::fdatasync, kRightFdDatasync>);
  d.define("fd_fdstat_get", {I32, I32}, fdFdstatGet);
  d.define("fd_fdstat_set_flags", {I32, I32}, fdFdstatSetFlags);
  d.define("fd_fdstat_set_rights", {I32, I64, I64}, fdFdstatSetRights);
  d.define("fd_filestat_get", {I32, I32}, fdFilestatGet<storeFilestat>);
  d.defineSnapshot0("fd_filestat_get", {I32, I32}, fdFilestatGet<storeFilestatSnapshot0>);
  d.define("fd_filestat_set_size", {I32, I64}, fdFilestatSetSize);
  d.define("fd_filestat_set_times", {I32, I64, I64, I32}, fdFilestatSetTimes);
  d.define("fd_pread", {I32, I32, I32, I64, I32}, fdPread);
  d.define("fd_prestat_get", {I32, I32}, fdPrestatGet);
  d.define("fd_prestat_dir_name", {I32, I32, I32}, fdPrestatDirName);
  d.define("fd_pwrite", {I32, I32, I32, I64, I32}, fdPwrite);
  d.define("fd_read", {I32, I32, I32, I32}, fdRead);
  d.define("fd_readdir", {I32, I32, I32, I64, I32}, fdReaddir);
  d.define("fd_renumber", {I32, I32}, fdRenumber);
  d.define("fd_seek", {I32, I64, I32, I32}, fdSeek);
  d.defineSnapshot0("fd_seek", {I32, I64, I32, I32}, fdSeekSnapshot0);
  d.define("fd_sync", {I32}, fdSyncWith<::fsync, kRightFdSync>);
  d.define("fd_tell", {I32, I32}, fdTell);
  d.define("fd_write", {I32, I32, I32, I32}, fdWrite);
}

}  // namespace ember::wasi
