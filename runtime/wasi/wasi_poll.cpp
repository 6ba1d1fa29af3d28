// poll_oneoff: waits for the first of a set of clock timeouts and fd
// readiness subscriptions, with ppoll(2) whose timeout is the nearest
// clock deadline. Regular files poll as ready at once, as POSIX has them.
// The wait is bounded by the store's deadline and fuel (wasi_blocking.h).
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <vector>

#include "runtime/wasi/wasi_blocking.h"
#include "runtime/wasi/wasi_clock.h"
#include "runtime/wasi/wasi_host.h"
#include "runtime/wasi/wasi_rights.h"

namespace ember::wasi {

namespace {

// Where a witx `subscription` keeps its fields: userdata at 0 and the
// event type at 8 in both snapshots, the fd of an fd event at 16; snapshot 0's
// clock subscription starts with an `identifier` (u64) preview 1 dropped.
struct SubscriptionLayout {
  uint32_t size;
  uint32_t clockIdAt, timeoutAt, flagsAt;
};
constexpr SubscriptionLayout kPreview1Subscription{48, 16, 24, 40};
constexpr SubscriptionLayout kSnapshot0Subscription{56, 24, 32, 48};
constexpr uint32_t kEventSize = 32;  // witx `event`, the same in both
constexpr uint8_t kEventClock = 0, kEventFdRead = 1, kEventFdWrite = 2;
constexpr uint16_t kSubclockAbstime = 1;
constexpr uint16_t kEventFdHangup = 1;

struct Event {
  uint64_t userdata = 0;
  Errno error = Errno::Success;
  uint8_t type = 0;
  uint64_t nbytes = 0;
  uint16_t flags = 0;
};

struct ClockWait {
  uint64_t userdata;
  uint64_t remainingNs;
};

struct FdWait {
  uint64_t userdata;
  uint8_t type;
  size_t pollIndex;
};

// The time until a clock subscription fires; false for an unknown clock.
bool clockRemaining(const uint8_t* sub, const SubscriptionLayout& layout, uint64_t& remaining) {
  uint32_t id;
  uint64_t timeout;
  uint16_t flags;
  std::memcpy(&id, sub + layout.clockIdAt, 4);
  std::memcpy(&timeout, sub + layout.timeoutAt, 8);
  std::memcpy(&flags, sub + layout.flagsAt, 2);
  clockid_t host;
  if (!hostClockOf(id, host)) return false;
  remaining = timeout;
  if (flags & kSubclockAbstime) {
    timespec now;
    clock_gettime(host, &now);
    uint64_t t = toNanoseconds(now);
    remaining = timeout > t ? timeout - t : 0;
  }
  return true;
}

// Bytes ready to read: what is left of a regular file, else FIONREAD.
uint64_t readableBytes(int fd) {
  struct stat st;
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
    off_t pos = lseek(fd, 0, SEEK_CUR);
    return pos >= 0 && st.st_size > pos ? static_cast<uint64_t>(st.st_size - pos) : 0;
  }
  int n = 0;
  return ioctl(fd, FIONREAD, &n) == 0 && n > 0 ? static_cast<uint64_t>(n) : 0;
}

void storeEvent(uint8_t* p, const Event& e) {
  std::memset(p, 0, kEventSize);
  uint16_t err = static_cast<uint16_t>(e.error);
  std::memcpy(p, &e.userdata, 8);
  std::memcpy(p + 8, &err, 2);
  p[10] = e.type;
  std::memcpy(p + 16, &e.nbytes, 8);
  std::memcpy(p + 24, &e.flags, 2);
}

timespec timespecOf(uint64_t ns) {
  return timespec{static_cast<time_t>(ns / 1000000000u), static_cast<long>(ns % 1000000000u)};
}

// One wait of at most `sliceNs` (UINT64_MAX: no limit): true once an fd is
// ready. With no fds it sleeps the whole slice.
bool waitOnce(std::vector<pollfd>& fds, uint64_t sliceNs) {
  timespec ts = timespecOf(sliceNs);
  timespec* limit = sliceNs == UINT64_MAX ? nullptr : &ts;
  if (fds.empty()) {
    if (!limit) return false;
    while (clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, &ts) == EINTR) {
    }
    return false;
  }
  return ppoll(fds.data(), fds.size(), limit, nullptr) > 0;
}

// poll_oneoff(in, out, nsubscriptions, nevents_ptr)
template <const SubscriptionLayout& layout>
Errno pollOneoff(WasiContext& ctx, const GuestMemory& mem, const WasiArgs& a) {
  uint32_t count = a.u32(2);
  if (count == 0) return Errno::Inval;  // would block forever (witx)
  const uint8_t* in = mem.range(a.u32(0), uint64_t{layout.size} * count);
  uint8_t* out = mem.range(a.u32(1), uint64_t{kEventSize} * count);
  if (!in || !out || !mem.range(a.u32(3), 4)) return Errno::Fault;

  std::vector<Event> events;
  std::vector<ClockWait> clocks;
  std::vector<FdWait> fdWaits;
  std::vector<pollfd> fds;
  for (uint32_t i = 0; i < count; ++i) {
    const uint8_t* sub = in + layout.size * i;
    uint64_t userdata;
    std::memcpy(&userdata, sub, 8);
    uint8_t tag = sub[8];
    if (tag == kEventClock) {
      uint64_t remaining;
      if (clockRemaining(sub, layout, remaining))
        clocks.push_back({userdata, remaining});
      else
        events.push_back({userdata, Errno::Inval, tag, 0, 0});
    } else if (tag == kEventFdRead || tag == kEventFdWrite) {
      uint32_t fd;
      std::memcpy(&fd, sub + 16, 4);
      WasiFd* e = ctx.find(fd);  // a directory is no stream to poll: BadF, as Wasmtime
      Errno err = e && e->type == WasiFileType::Directory
                      ? Errno::BadF
                      : ctx.lookup(fd, kRightPollFdReadwrite, e);
      if (err != Errno::Success) {
        events.push_back({userdata, err, tag, 0, 0});
        continue;
      }
      short what = tag == kEventFdRead ? POLLIN : POLLOUT;
      fdWaits.push_back({userdata, tag, fds.size()});
      fds.push_back(pollfd{e->hostFd, what, 0});
    } else {
      return Errno::Inval;
    }
  }

  uint64_t timeout = UINT64_MAX;
  for (const ClockWait& c : clocks) timeout = std::min(timeout, c.remainingNs);
  if (!events.empty()) timeout = 0;  // something to report already: do not block
  uint64_t start = monotonicNowNs();
  WaitEnd end = waitBounded(ctx, timeout, [&fds](uint64_t slice) { return waitOnce(fds, slice); });
  if (end == WaitEnd::Stopped) return Errno::Intr;  // the raised trap ends the call
  uint64_t elapsed = monotonicNowNs() - start;

  for (const FdWait& w : fdWaits) {
    const pollfd& p = fds[w.pollIndex];
    if (p.revents == 0) continue;
    Event e{w.userdata, Errno::Success, w.type, 0, 0};
    if (p.revents & POLLNVAL)
      e.error = Errno::BadF;
    else if (w.type == kEventFdRead)
      e.nbytes = readableBytes(p.fd);
    if (p.revents & POLLHUP) e.flags = kEventFdHangup;
    events.push_back(e);
  }
  for (const ClockWait& c : clocks)
    if (c.remainingNs <= elapsed || (c.remainingNs == timeout && events.empty()))
      events.push_back({c.userdata, Errno::Success, kEventClock, 0, 0});

  for (size_t i = 0; i < events.size(); ++i) storeEvent(out + kEventSize * i, events[i]);
  return storeResult(mem, a.u32(3), static_cast<uint32_t>(events.size()));
}

}  // namespace

void definePollFunctions(WasiDefiner& d) {
  d.define("poll_oneoff", {I32, I32, I32, I32}, pollOneoff<kPreview1Subscription>);
  d.defineSnapshot0("poll_oneoff", {I32, I32, I32, I32}, pollOneoff<kSnapshot0Subscription>);
}

}  // namespace ember::wasi
