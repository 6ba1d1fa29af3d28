// WASI preview 1 rights and the flag sets of fd and path calls (witx
// `rights`, `fdflags`, `oflags`, `lookupflags`, `fstflags`).
#pragma once

#include <cstdint>

namespace ember::wasi {

// Rights are enforced: every fd and path call checks that its descriptor
// holds the right the witx docs name for it (ENOTCAPABLE otherwise), and
// fd_fdstat_set_rights can only drop rights. A descriptor's rights are
// those of its kind (directory, file, stdio stream) and, for one opened by
// path_open, at most what the guest asked for and what its directory's
// inheriting rights allow, so rights never grow.
inline constexpr uint64_t right(unsigned bit) { return uint64_t{1} << bit; }
inline constexpr uint64_t kRightFdDatasync = right(0);
inline constexpr uint64_t kRightFdRead = right(1);
inline constexpr uint64_t kRightFdSeek = right(2);
inline constexpr uint64_t kRightFdFdstatSetFlags = right(3);
inline constexpr uint64_t kRightFdSync = right(4);
inline constexpr uint64_t kRightFdTell = right(5);
inline constexpr uint64_t kRightFdWrite = right(6);
inline constexpr uint64_t kRightFdAdvise = right(7);
inline constexpr uint64_t kRightFdAllocate = right(8);
inline constexpr uint64_t kRightPathCreateDirectory = right(9);
inline constexpr uint64_t kRightPathCreateFile = right(10);
inline constexpr uint64_t kRightPathLinkSource = right(11);
inline constexpr uint64_t kRightPathLinkTarget = right(12);
inline constexpr uint64_t kRightPathOpen = right(13);
inline constexpr uint64_t kRightFdReaddir = right(14);
inline constexpr uint64_t kRightPathReadlink = right(15);
inline constexpr uint64_t kRightPathRenameSource = right(16);
inline constexpr uint64_t kRightPathRenameTarget = right(17);
inline constexpr uint64_t kRightPathFilestatGet = right(18);
inline constexpr uint64_t kRightPathFilestatSetSize = right(19);
inline constexpr uint64_t kRightPathFilestatSetTimes = right(20);
inline constexpr uint64_t kRightFdFilestatGet = right(21);
inline constexpr uint64_t kRightFdFilestatSetSize = right(22);
inline constexpr uint64_t kRightFdFilestatSetTimes = right(23);
inline constexpr uint64_t kRightPathSymlink = right(24);
inline constexpr uint64_t kRightPathRemoveDirectory = right(25);
inline constexpr uint64_t kRightPathUnlinkFile = right(26);
inline constexpr uint64_t kRightPollFdReadwrite = right(27);
inline constexpr uint64_t kRightSockShutdown = right(28);
inline constexpr uint64_t kAllRights = right(29) - 1;

// What a directory can do itself (no read, write or seek: fd_seek and
// fd_tell on a directory are EBADF, as in Wasmtime).
inline constexpr uint64_t kDirectoryRights =
    kRightPathCreateDirectory | kRightPathCreateFile | kRightPathLinkSource | kRightPathLinkTarget |
    kRightPathOpen | kRightFdReaddir | kRightPathReadlink | kRightPathRenameSource |
    kRightPathRenameTarget | kRightPathFilestatGet | kRightPathFilestatSetSize |
    kRightPathFilestatSetTimes | kRightFdFilestatGet | kRightFdFilestatSetTimes |
    kRightPathSymlink | kRightPathRemoveDirectory | kRightPathUnlinkFile | kRightFdFdstatSetFlags |
    kRightFdSync | kRightFdDatasync;
// What a regular file (or other non-directory) can do.
inline constexpr uint64_t kFileRights =
    kRightFdDatasync | kRightFdRead | kRightFdSeek | kRightFdFdstatSetFlags | kRightFdSync |
    kRightFdTell | kRightFdWrite | kRightFdAdvise | kRightFdAllocate | kRightFdFilestatGet |
    kRightFdFilestatSetSize | kRightFdFilestatSetTimes | kRightPollFdReadwrite;
// A preopened directory passes on everything a directory or file can do.
inline constexpr uint64_t kDirectoryInheritingRights = kDirectoryRights | kFileRights;
// Stdio descriptors are streams (as in Wasmtime): stdin reads, stdout and
// stderr write; none seeks, truncates or changes flags of the host's
// open file description.
inline constexpr uint64_t kStdinRights = kRightFdRead | kRightPollFdReadwrite | kRightFdFilestatGet;
inline constexpr uint64_t kStdoutRights =
    kRightFdWrite | kRightPollFdReadwrite | kRightFdFilestatGet;

// fdflags
inline constexpr uint16_t kFdflagAppend = 1;
inline constexpr uint16_t kFdflagDsync = 2;
inline constexpr uint16_t kFdflagNonblock = 4;
inline constexpr uint16_t kFdflagRsync = 8;
inline constexpr uint16_t kFdflagSync = 16;

// oflags
inline constexpr uint16_t kOflagCreat = 1;
inline constexpr uint16_t kOflagDirectory = 2;
inline constexpr uint16_t kOflagExcl = 4;
inline constexpr uint16_t kOflagTrunc = 8;

// lookupflags
inline constexpr uint32_t kLookupSymlinkFollow = 1;

// fstflags
inline constexpr uint16_t kFstAtim = 1;
inline constexpr uint16_t kFstAtimNow = 2;
inline constexpr uint16_t kFstMtim = 4;
inline constexpr uint16_t kFstMtimNow = 8;

}  // namespace ember::wasi
