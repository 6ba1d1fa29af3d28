// WASI preview 1 rights and the flag sets of fd and path calls (witx
// `rights`, `fdflags`, `oflags`, `lookupflags`, `fstflags`).
#pragma once

#include <cstdint>

namespace ember::wasi {

// Rights are reported, not enforced: the host descriptor's own open mode
// is the capability (as current Wasmtime does). Every fd reports all 29
// preview 1 rights so guests that check them proceed.
inline constexpr uint64_t kAllRights = (uint64_t{1} << 29) - 1;
inline constexpr uint64_t kRightFdRead = uint64_t{1} << 1;
inline constexpr uint64_t kRightFdWrite = uint64_t{1} << 6;

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
