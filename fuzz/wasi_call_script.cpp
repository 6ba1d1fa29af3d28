#include "fuzz/wasi_call_script.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <map>

namespace ember::fuzz {
namespace {

constexpr uint64_t kAllRights = (uint64_t{1} << 29) - 1;  // witx: the 29 preview 1 rights
constexpr uint64_t kMaxFileBytes = 1 << 24;  // file sizes and offsets the host may be asked for
constexpr uint64_t kMaxAllocate = 1 << 20;
constexpr uint32_t kMaxPathBytes = 4096;

int hexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string unescape(std::string_view word) {
  if (word == "\"\"") return {};
  std::string out;
  for (size_t i = 0; i < word.size(); ++i) {
    if (word[i] == '\\' && i + 3 < word.size() && word[i + 1] == 'x' && hexDigit(word[i + 2]) >= 0 &&
        hexDigit(word[i + 3]) >= 0) {
      out.push_back(static_cast<char>(hexDigit(word[i + 2]) * 16 + hexDigit(word[i + 3])));
      i += 3;
    } else {
      out.push_back(word[i]);
    }
  }
  return out;
}

// A call's operands, read by position, and the guest memory they go to.
class Operands {
 public:
  Operands(const ScriptCall& call, std::span<uint8_t> memory) : call_(call), memory_(memory) {}

  uint64_t num(size_t i, uint64_t fallback = 0) const {
    if (i >= call_.operands.size()) return fallback;
    return std::strtoull(call_.operands[i].c_str(), nullptr, 0);
  }
  Value u32(size_t i, uint64_t fallback = 0) const {
    return Value::fromI32(static_cast<uint32_t>(num(i, fallback)));
  }
  // An offset or size, capped to kMaxFileBytes (signed ones keep their sign).
  Value cappedI64(size_t i, uint64_t cap = kMaxFileBytes) const {
    int64_t v = static_cast<int64_t>(num(i));
    int64_t c = static_cast<int64_t>(cap);
    return Value::fromI64(static_cast<uint64_t>(std::clamp(v, -c, c)));
  }
  // A length for a buffer of `limit` bytes.
  Value length(size_t i, uint64_t fallback, uint32_t limit) const {
    return Value::fromI32(static_cast<uint32_t>(std::min<uint64_t>(num(i, fallback), limit)));
  }

  // Writes operand i's string at `at` (at most `limit` bytes): the (pointer,
  // length) arguments that name it.
  std::pair<Value, Value> string(size_t i, uint32_t at, uint32_t limit) const {
    std::string s = i < call_.operands.size() ? unescape(call_.operands[i]) : std::string();
    uint32_t len = static_cast<uint32_t>(std::min<size_t>(s.size(), limit));
    std::memcpy(memory_.data() + at, s.data(), len);
    return {Value::fromI32(at), Value::fromI32(len)};
  }

  // One iovec at kIovec describing [kBuffer, kBuffer + len).
  Value iovec(uint32_t len) const {
    uint32_t entry[2] = {GuestLayout::kBuffer, std::min(len, GuestLayout::kBufferBytes)};
    std::memcpy(memory_.data() + GuestLayout::kIovec, entry, sizeof entry);
    return Value::fromI32(GuestLayout::kIovec);
  }
  Value iovecOfText(size_t i) const {
    auto [ptr, len] = string(i, GuestLayout::kBuffer, GuestLayout::kBufferBytes);
    (void)ptr;
    return iovec(len.i32);
  }

 private:
  const ScriptCall& call_;
  std::span<uint8_t> memory_;
};

Value at(uint32_t offset) { return Value::fromI32(offset); }

using L = GuestLayout;
using Builder = std::vector<Value> (*)(const Operands&);

struct CommandInfo {
  const char* wasiName;
  Builder build;
};

// clang-format off
const std::map<std::string_view, CommandInfo>& commands() {
  static const std::map<std::string_view, CommandInfo> table = {
    {"open", {"path_open", [](const Operands& o) {
       auto [p, n] = o.string(1, L::kPath, kMaxPathBytes);
       return std::vector<Value>{o.u32(0, 3), o.u32(4, 1), p, n, o.u32(2), Value::fromI64(kAllRights),
                                 Value::fromI64(kAllRights), o.u32(3), at(L::kResult)}; }}},
    {"mkdir", {"path_create_directory", [](const Operands& o) {
       auto [p, n] = o.string(1, L::kPath, kMaxPathBytes);
       return std::vector<Value>{o.u32(0, 3), p, n}; }}},
    {"rmdir", {"path_remove_directory", [](const Operands& o) {
       auto [p, n] = o.string(1, L::kPath, kMaxPathBytes);
       return std::vector<Value>{o.u32(0, 3), p, n}; }}},
    {"unlink", {"path_unlink_file", [](const Operands& o) {
       auto [p, n] = o.string(1, L::kPath, kMaxPathBytes);
       return std::vector<Value>{o.u32(0, 3), p, n}; }}},
    {"rename", {"path_rename", [](const Operands& o) {
       auto [p, n] = o.string(1, L::kPath, kMaxPathBytes);
       auto [p2, n2] = o.string(3, L::kPath2, kMaxPathBytes);
       return std::vector<Value>{o.u32(0, 3), p, n, o.u32(2, 3), p2, n2}; }}},
    {"link", {"path_link", [](const Operands& o) {
       auto [p, n] = o.string(2, L::kPath, kMaxPathBytes);
       auto [p2, n2] = o.string(4, L::kPath2, kMaxPathBytes);
       return std::vector<Value>{o.u32(0, 3), o.u32(1), p, n, o.u32(3, 3), p2, n2}; }}},
    {"symlink", {"path_symlink", [](const Operands& o) {
       auto [p, n] = o.string(0, L::kPath, kMaxPathBytes);
       auto [p2, n2] = o.string(2, L::kPath2, kMaxPathBytes);
       return std::vector<Value>{p, n, o.u32(1, 3), p2, n2}; }}},
    {"readlink", {"path_readlink", [](const Operands& o) {
       auto [p, n] = o.string(1, L::kPath, kMaxPathBytes);
       return std::vector<Value>{o.u32(0, 3), p, n, at(L::kBuffer), o.length(2, 256, L::kBufferBytes),
                                 at(L::kResult)}; }}},
    {"stat", {"path_filestat_get", [](const Operands& o) {
       auto [p, n] = o.string(1, L::kPath, kMaxPathBytes);
       return std::vector<Value>{o.u32(0, 3), o.u32(2, 1), p, n, at(L::kStat)}; }}},
    {"utimes", {"path_filestat_set_times", [](const Operands& o) {
       auto [p, n] = o.string(1, L::kPath, kMaxPathBytes);
       return std::vector<Value>{o.u32(0, 3), o.u32(2, 1), p, n, Value::fromI64(0), Value::fromI64(0),
                                 o.u32(3, 0x0a)}; }}},
    {"read", {"fd_read", [](const Operands& o) {
       return std::vector<Value>{o.u32(0), o.iovec(static_cast<uint32_t>(o.num(1, 64))), Value::fromI32(1),
                                 at(L::kResult)}; }}},
    {"pread", {"fd_pread", [](const Operands& o) {
       return std::vector<Value>{o.u32(0), o.iovec(static_cast<uint32_t>(o.num(1, 64))), Value::fromI32(1),
                                 o.cappedI64(2), at(L::kResult)}; }}},
    {"write", {"fd_write", [](const Operands& o) {
       return std::vector<Value>{o.u32(0), o.iovecOfText(1), Value::fromI32(1), at(L::kResult)}; }}},
    {"pwrite", {"fd_pwrite", [](const Operands& o) {
       return std::vector<Value>{o.u32(0), o.iovecOfText(1), Value::fromI32(1), o.cappedI64(2),
                                 at(L::kResult)}; }}},
    {"seek", {"fd_seek", [](const Operands& o) {
       return std::vector<Value>{o.u32(0), o.cappedI64(1), o.u32(2), at(L::kResult)}; }}},
    {"tell", {"fd_tell", [](const Operands& o) { return std::vector<Value>{o.u32(0), at(L::kResult)}; }}},
    {"close", {"fd_close", [](const Operands& o) { return std::vector<Value>{o.u32(0)}; }}},
    {"renumber", {"fd_renumber", [](const Operands& o) { return std::vector<Value>{o.u32(0), o.u32(1)}; }}},
    {"readdir", {"fd_readdir", [](const Operands& o) {
       return std::vector<Value>{o.u32(0), at(L::kBuffer), o.length(1, 512, L::kBufferBytes),
                                 Value::fromI64(o.num(2)), at(L::kResult)}; }}},
    {"fstat", {"fd_filestat_get", [](const Operands& o) { return std::vector<Value>{o.u32(0), at(L::kStat)}; }}},
    {"truncate", {"fd_filestat_set_size", [](const Operands& o) {
       return std::vector<Value>{o.u32(0), o.cappedI64(1)}; }}},
    {"allocate", {"fd_allocate", [](const Operands& o) {
       return std::vector<Value>{o.u32(0), o.cappedI64(1), o.cappedI64(2, kMaxAllocate)}; }}},
    {"fdstat", {"fd_fdstat_get", [](const Operands& o) { return std::vector<Value>{o.u32(0), at(L::kStat)}; }}},
    {"setflags", {"fd_fdstat_set_flags", [](const Operands& o) {
       return std::vector<Value>{o.u32(0), o.u32(1)}; }}},
    {"setrights", {"fd_fdstat_set_rights", [](const Operands& o) {
       return std::vector<Value>{o.u32(0), Value::fromI64(o.num(1)), Value::fromI64(o.num(2))}; }}},
    {"futimes", {"fd_filestat_set_times", [](const Operands& o) {
       return std::vector<Value>{o.u32(0), Value::fromI64(0), Value::fromI64(0), o.u32(1, 0x0a)}; }}},
    {"prestat", {"fd_prestat_get", [](const Operands& o) { return std::vector<Value>{o.u32(0), at(L::kStat)}; }}},
    {"prestatname", {"fd_prestat_dir_name", [](const Operands& o) {
       return std::vector<Value>{o.u32(0), at(L::kPath2), o.length(1, 64, kMaxPathBytes)}; }}},
    {"sync", {"fd_sync", [](const Operands& o) { return std::vector<Value>{o.u32(0)}; }}},
    {"datasync", {"fd_datasync", [](const Operands& o) { return std::vector<Value>{o.u32(0)}; }}},
    {"advise", {"fd_advise", [](const Operands& o) {
       return std::vector<Value>{o.u32(0), Value::fromI64(o.num(1)), Value::fromI64(o.num(2)), o.u32(3)}; }}},
  };
  return table;
}
// clang-format on

}  // namespace

std::vector<ScriptCall> parseScript(std::span<const uint8_t> input, size_t maxCalls,
                                    size_t maxLineBytes) {
  std::vector<ScriptCall> calls;
  std::string_view text(reinterpret_cast<const char*>(input.data()), input.size());
  while (!text.empty() && calls.size() < maxCalls) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, std::min(end, maxLineBytes));
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ScriptCall call;
    size_t pos = 0;
    while (pos < line.size()) {
      size_t space = line.find(' ', pos);
      if (space == std::string_view::npos) space = line.size();
      if (space > pos) {
        std::string word(line.substr(pos, space - pos));
        if (call.command.empty()) call.command = std::move(word);
        else call.operands.push_back(std::move(word));
      }
      pos = space + 1;
    }
    if (!call.command.empty()) calls.push_back(std::move(call));
  }
  return calls;
}

std::string_view runScriptCall(const ScriptCall& call, std::span<uint8_t> memory,
                               const WasiCallFn& wasi) {
  auto it = commands().find(call.command);
  if (it == commands().end()) return {};
  std::vector<Value> args = it->second.build(Operands(call, memory));
  wasi(it->second.wasiName, args);
  return it->second.wasiName;
}

}  // namespace ember::fuzz
