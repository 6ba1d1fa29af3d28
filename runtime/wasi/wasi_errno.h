// WASI preview 1 error numbers (the `errno` enum of wasi_snapshot_preview1)
// and their mapping from the host's POSIX errno values.
#pragma once

#include <cerrno>
#include <cstdint>

namespace ember::wasi {

// Values as the witx definition numbers them; the guest sees them as the
// i32 result of every WASI call.
enum class Errno : uint16_t {
  Success = 0,
  TooBig = 1,
  Access = 2,
  AddrInUse = 3,
  AddrNotAvail = 4,
  AfNoSupport = 5,
  Again = 6,
  Already = 7,
  BadF = 8,
  BadMsg = 9,
  Busy = 10,
  Canceled = 11,
  Child = 12,
  ConnAborted = 13,
  ConnRefused = 14,
  ConnReset = 15,
  DeadLk = 16,
  DestAddrReq = 17,
  Dom = 18,
  DQuot = 19,
  Exist = 20,
  Fault = 21,
  FBig = 22,
  HostUnreach = 23,
  IdRm = 24,
  IlSeq = 25,
  InProgress = 26,
  Intr = 27,
  Inval = 28,
  Io = 29,
  IsConn = 30,
  IsDir = 31,
  Loop = 32,
  MFile = 33,
  MLink = 34,
  MsgSize = 35,
  MultiHop = 36,
  NameTooLong = 37,
  NetDown = 38,
  NetReset = 39,
  NetUnreach = 40,
  NFile = 41,
  NoBufs = 42,
  NoDev = 43,
  NoEnt = 44,
  NoExec = 45,
  NoLck = 46,
  NoLink = 47,
  NoMem = 48,
  NoMsg = 49,
  NoProtoOpt = 50,
  NoSpc = 51,
  NoSys = 52,
  NotConn = 53,
  NotDir = 54,
  NotEmpty = 55,
  NotRecoverable = 56,
  NotSock = 57,
  NotSup = 58,
  NotTy = 59,
  NxIo = 60,
  Overflow = 61,
  OwnerDead = 62,
  Perm = 63,
  Pipe = 64,
  Proto = 65,
  ProtoNoSupport = 66,
  ProtoType = 67,
  Range = 68,
  RoFs = 69,
  SPipe = 70,
  Srch = 71,
  Stale = 72,
  TimedOut = 73,
  TxtBsy = 74,
  XDev = 75,
  NotCapable = 76,
};

// The WASI errno for a host errno. Values WASI lacks become Io, so the
// guest always gets a number it knows.
constexpr Errno errnoFromHost(int e) {
  switch (e) {
    case 0:
      return Errno::Success;
    case E2BIG:
      return Errno::TooBig;
    case EACCES:
      return Errno::Access;
    case EADDRINUSE:
      return Errno::AddrInUse;
    case EADDRNOTAVAIL:
      return Errno::AddrNotAvail;
    case EAFNOSUPPORT:
      return Errno::AfNoSupport;
    case EAGAIN:
      return Errno::Again;
    case EALREADY:
      return Errno::Already;
    case EBADF:
      return Errno::BadF;
    case EBADMSG:
      return Errno::BadMsg;
    case EBUSY:
      return Errno::Busy;
    case ECANCELED:
      return Errno::Canceled;
    case ECHILD:
      return Errno::Child;
    case ECONNABORTED:
      return Errno::ConnAborted;
    case ECONNREFUSED:
      return Errno::ConnRefused;
    case ECONNRESET:
      return Errno::ConnReset;
    case EDEADLK:
      return Errno::DeadLk;
    case EDESTADDRREQ:
      return Errno::DestAddrReq;
    case EDOM:
      return Errno::Dom;
    case EDQUOT:
      return Errno::DQuot;
    case EEXIST:
      return Errno::Exist;
    case EFAULT:
      return Errno::Fault;
    case EFBIG:
      return Errno::FBig;
    case EHOSTUNREACH:
      return Errno::HostUnreach;
    case EIDRM:
      return Errno::IdRm;
    case EILSEQ:
      return Errno::IlSeq;
    case EINPROGRESS:
      return Errno::InProgress;
    case EINTR:
      return Errno::Intr;
    case EINVAL:
      return Errno::Inval;
    case EIO:
      return Errno::Io;
    case EISCONN:
      return Errno::IsConn;
    case EISDIR:
      return Errno::IsDir;
    case ELOOP:
      return Errno::Loop;
    case EMFILE:
      return Errno::MFile;
    case EMLINK:
      return Errno::MLink;
    case EMSGSIZE:
      return Errno::MsgSize;
    case EMULTIHOP:
      return Errno::MultiHop;
    case ENAMETOOLONG:
      return Errno::NameTooLong;
    case ENETDOWN:
      return Errno::NetDown;
    case ENETRESET:
      return Errno::NetReset;
    case ENETUNREACH:
      return Errno::NetUnreach;
    case ENFILE:
      return Errno::NFile;
    case ENOBUFS:
      return Errno::NoBufs;
    case ENODEV:
      return Errno::NoDev;
    case ENOENT:
      return Errno::NoEnt;
    case ENOEXEC:
      return Errno::NoExec;
    case ENOLCK:
      return Errno::NoLck;
    case ENOLINK:
      return Errno::NoLink;
    case ENOMEM:
      return Errno::NoMem;
    case ENOMSG:
      return Errno::NoMsg;
    case ENOPROTOOPT:
      return Errno::NoProtoOpt;
    case ENOSPC:
      return Errno::NoSpc;
    case ENOSYS:
      return Errno::NoSys;
    case ENOTCONN:
      return Errno::NotConn;
    case ENOTDIR:
      return Errno::NotDir;
    case ENOTEMPTY:
      return Errno::NotEmpty;
    case ENOTRECOVERABLE:
      return Errno::NotRecoverable;
    case ENOTSOCK:
      return Errno::NotSock;
    case ENOTSUP:
      return Errno::NotSup;  // == EOPNOTSUPP on Linux
    case ENOTTY:
      return Errno::NotTy;
    case ENXIO:
      return Errno::NxIo;
    case EOVERFLOW:
      return Errno::Overflow;
    case EOWNERDEAD:
      return Errno::OwnerDead;
    case EPERM:
      return Errno::Perm;
    case EPIPE:
      return Errno::Pipe;
    case EPROTO:
      return Errno::Proto;
    case EPROTONOSUPPORT:
      return Errno::ProtoNoSupport;
    case EPROTOTYPE:
      return Errno::ProtoType;
    case ERANGE:
      return Errno::Range;
    case EROFS:
      return Errno::RoFs;
    case ESPIPE:
      return Errno::SPipe;
    case ESRCH:
      return Errno::Srch;
    case ESTALE:
      return Errno::Stale;
    case ETIMEDOUT:
      return Errno::TimedOut;
    case ETXTBSY:
      return Errno::TxtBsy;
    case EXDEV:
      return Errno::XDev;
    default:
      return Errno::Io;
  }
}

// The current host errno as a WASI errno.
inline Errno lastHostErrno() { return errnoFromHost(errno); }

}  // namespace ember::wasi
