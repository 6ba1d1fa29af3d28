// args_get, args_sizes_get, environ_get, environ_sizes_get: both lists are
// handed over the same way, as an array of pointers into one buffer of
// NUL-terminated strings.
#include <cstring>
#include <string>
#include <vector>

#include "runtime/wasi/wasi_host.h"

namespace ember::wasi {

namespace {

Errno writeSizes(const std::vector<std::string>& list, const GuestMemory& mem, uint32_t countPtr,
                 uint32_t bytesPtr) {
  uint64_t bytes = 0;
  for (const std::string& s : list) bytes += s.size() + 1;
  if (bytes > UINT32_MAX) return Errno::Overflow;
  if (!mem.store(countPtr, static_cast<uint32_t>(list.size()))) return Errno::Fault;
  return storeResult(mem, bytesPtr, static_cast<uint32_t>(bytes));
}

// The guest sized both areas with writeSizes; each one is still checked.
Errno writeList(const std::vector<std::string>& list, const GuestMemory& mem, uint32_t arrayPtr,
                uint32_t bufPtr) {
  if (!mem.range(arrayPtr, uint64_t{4} * list.size())) return Errno::Fault;
  uint64_t at = bufPtr;
  for (size_t i = 0; i < list.size(); ++i) {
    uint8_t* dst = at <= UINT32_MAX ? mem.range(static_cast<uint32_t>(at), list[i].size() + 1)
                                    : nullptr;
    if (!dst) return Errno::Fault;
    std::memcpy(dst, list[i].c_str(), list[i].size() + 1);
    mem.store(arrayPtr + static_cast<uint32_t>(4 * i), static_cast<uint32_t>(at));
    at += list[i].size() + 1;
  }
  return Errno::Success;
}

Errno argsSizesGet(WasiContext& ctx, const GuestMemory& mem, const WasiArgs& a) {
  return writeSizes(ctx.args(), mem, a.u32(0), a.u32(1));
}
Errno argsGet(WasiContext& ctx, const GuestMemory& mem, const WasiArgs& a) {
  return writeList(ctx.args(), mem, a.u32(0), a.u32(1));
}
Errno environSizesGet(WasiContext& ctx, const GuestMemory& mem, const WasiArgs& a) {
  return writeSizes(ctx.env(), mem, a.u32(0), a.u32(1));
}
Errno environGet(WasiContext& ctx, const GuestMemory& mem, const WasiArgs& a) {
  return writeList(ctx.env(), mem, a.u32(0), a.u32(1));
}

}  // namespace

void defineArgsEnvironFunctions(WasiDefiner& d) {
  d.define("args_get", {I32, I32}, argsGet);
  d.define("args_sizes_get", {I32, I32}, argsSizesGet);
  d.define("environ_get", {I32, I32}, environGet);
  d.define("environ_sizes_get", {I32, I32}, environSizesGet);
}

}  // namespace ember::wasi
