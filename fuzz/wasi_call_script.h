// The WASI fuzzer's input language: one WASI preview 1 call per line, as
// words separated by spaces, so that seeds are readable, hand-written files
// (fuzz/wasi_seeds/) and mutations stay close to meaningful calls
// (fuzz/wasi.dict holds the words). A line is a command and its operands:
//
//   open DIRFD PATH [OFLAGS [FDFLAGS [LOOKUP]]]   path_open, all rights
//   mkdir DIRFD PATH | rmdir DIRFD PATH | unlink DIRFD PATH
//   rename FD PATH FD2 PATH2 | link FD LOOKUP PATH FD2 PATH2
//   symlink TARGET DIRFD PATH | readlink DIRFD PATH [LEN]
//   stat DIRFD PATH [LOOKUP] | utimes DIRFD PATH [LOOKUP [FSTFLAGS]]
//   read FD [LEN] | pread FD [LEN [OFFSET]] | write FD TEXT | pwrite FD TEXT [OFFSET]
//   seek FD OFFSET [WHENCE] | tell FD | close FD | renumber FD FD2
//   readdir FD [LEN [COOKIE]] | fstat FD | truncate FD SIZE | allocate FD OFFSET LEN
//   fdstat FD | setflags FD FLAGS | setrights FD BASE INHERITING | futimes FD [FSTFLAGS]
//   prestat FD | prestatname FD [LEN] | sync FD | datasync FD | advise FD OFFSET LEN ADVICE
//
// Numbers are C literals (strtoull base 0; anything else is 0). PATH, TARGET
// and TEXT are taken as written except that `\xNN` is the byte NN and a
// lone `""` is the empty string. Unknown commands are ignored. Sizes and
// offsets that would make the host allocate or write much are capped.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/value.h"

namespace ember::fuzz {

struct ScriptCall {
  std::string command;
  std::vector<std::string> operands;
};

// At most `maxCalls` lines, each at most `maxLineBytes` long (longer ones
// are cut).
std::vector<ScriptCall> parseScript(std::span<const uint8_t> input, size_t maxCalls,
                                    size_t maxLineBytes);

// Where a call's operands go in guest memory (one 64 KiB page).
struct GuestLayout {
  static constexpr uint32_t kResult = 0;        // fd, sizes, offsets written back
  static constexpr uint32_t kStat = 64;         // filestat / fdstat / prestat
  static constexpr uint32_t kIovec = 1024;      // one iovec
  static constexpr uint32_t kPath = 2048;       // first path, up to 4 KiB
  static constexpr uint32_t kPath2 = 8192;      // second path, up to 4 KiB
  static constexpr uint32_t kBuffer = 16384;    // data read or written
  static constexpr uint32_t kBufferBytes = 32768;
  static constexpr uint32_t kMemoryBytes = 65536;
};

// Runs one call: writes its strings into `memory` (GuestLayout) and calls
// `wasi(name, args)` with the WASI function's name and arguments. Returns
// the function's name, or an empty view for an unknown command.
using WasiCallFn = std::function<void(std::string_view name, std::span<const Value> args)>;
std::string_view runScriptCall(const ScriptCall& call, std::span<uint8_t> memory,
                               const WasiCallFn& wasi);

}  // namespace ember::fuzz
