// clock_res_get, clock_time_get (the four preview 1 clocks) and random_get.
#include <sys/random.h>
#include <time.h>

#include "runtime/wasi/wasi_clock.h"
#include "runtime/wasi/wasi_host.h"

namespace ember::wasi {

bool hostClockOf(uint32_t wasiClock, clockid_t& out) {
  switch (wasiClock) {
    case 0:
      out = CLOCK_REALTIME;
      return true;
    case 1:
      out = CLOCK_MONOTONIC;
      return true;
    case 2:
      out = CLOCK_PROCESS_CPUTIME_ID;
      return true;
    case 3:
      out = CLOCK_THREAD_CPUTIME_ID;
      return true;
    default:
      return false;
  }
}

uint64_t toNanoseconds(const timespec& ts) {
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000u + static_cast<uint64_t>(ts.tv_nsec);
}

namespace {

Errno clockResGet(WasiContext&, const GuestMemory& mem, const WasiArgs& a) {
  clockid_t id;
  if (!hostClockOf(a.u32(0), id)) return Errno::Inval;
  timespec ts;
  if (clock_getres(id, &ts) != 0) return lastHostErrno();
  return storeResult(mem, a.u32(1), toNanoseconds(ts));
}

// The precision argument is a hint the host may ignore (witx).
Errno clockTimeGet(WasiContext&, const GuestMemory& mem, const WasiArgs& a) {
  clockid_t id;
  if (!hostClockOf(a.u32(0), id)) return Errno::Inval;
  timespec ts;
  if (clock_gettime(id, &ts) != 0) return lastHostErrno();
  return storeResult(mem, a.u32(2), toNanoseconds(ts));
}

// getrandom(2) returns at most 32 MiB per call and may be interrupted.
Errno randomGet(WasiContext&, const GuestMemory& mem, const WasiArgs& a) {
  uint32_t len = a.u32(1);
  uint8_t* buf = mem.range(a.u32(0), len);
  if (!buf) return Errno::Fault;
  uint32_t done = 0;
  while (done < len) {
    ssize_t n = getrandom(buf + done, len - done, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return lastHostErrno();
    }
    done += static_cast<uint32_t>(n);
  }
  return Errno::Success;
}

}  // namespace

void defineClockRandomFunctions(WasiDefiner& d) {
  d.define("clock_res_get", {I32, I32}, clockResGet);
  d.define("clock_time_get", {I32, I64, I32}, clockTimeGet);
  d.define("random_get", {I32, I32}, randomGet);
}

}  // namespace ember::wasi
