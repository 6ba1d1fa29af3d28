// Clocks, sleeping through poll_oneoff, and random bytes.
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

// Gone from wasi-libc's header, still in the preview 1 ABI.
__attribute__((import_module("wasi_snapshot_preview1"), import_name("proc_raise"))) int32_t
rawProcRaise(int32_t signal);

static uint64_t now(__wasi_clockid_t id) {
  __wasi_timestamp_t t = 0;
  if (__wasi_clock_time_get(id, 1, &t) != 0) return 0;
  return t;
}

int main(void) {
  uint64_t before = now(__WASI_CLOCKID_MONOTONIC);
  struct timespec req = {0, 30 * 1000 * 1000};
  nanosleep(&req, NULL);
  uint64_t slept = now(__WASI_CLOCKID_MONOTONIC) - before;
  printf("slept at least 30ms: %d\n", slept >= 30000000u);
  printf("realtime after 2020: %d\n", now(__WASI_CLOCKID_REALTIME) > 1577836800ull * 1000000000u);
  __wasi_timestamp_t res = 0;
  printf("res errno %d, positive %d\n", __wasi_clock_res_get(__WASI_CLOCKID_MONOTONIC, &res),
         res > 0);
  printf("cputime errno %d\n", __wasi_clock_res_get(__WASI_CLOCKID_PROCESS_CPUTIME_ID, &res));
  printf("bad clock errno %d\n", __wasi_clock_time_get(9, 1, &res));
  unsigned char bytes[32] = {0};
  printf("random errno %d\n", __wasi_random_get(bytes, sizeof bytes));
  int nonzero = 0;
  for (unsigned i = 0; i < sizeof bytes; ++i) nonzero += bytes[i] != 0;
  printf("random nonzero bytes > 16: %d\n", nonzero > 16);
  printf("sched_yield %d\n", __wasi_sched_yield());
  printf("proc_raise %d\n", rawProcRaise(2));
  return 0;
}
