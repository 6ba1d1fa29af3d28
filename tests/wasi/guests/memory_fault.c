// Hands WASI calls pointers outside its linear memory; each must fail with
// EFAULT (21) and leave the runtime standing.
#include <stdint.h>
#include <stdio.h>
#include <wasi/api.h>

// The raw import: wasi-libc's wrapper would strlen() the path in the guest.
__attribute__((import_module("wasi_snapshot_preview1"), import_name("path_create_directory")))
int32_t
rawPathCreateDirectory(int32_t fd, int32_t path, int32_t pathLen);

int main(void) {
  __wasi_size_t n = 0;
  const __wasi_ciovec_t* farIovs = (const __wasi_ciovec_t*)(uintptr_t)0xFFFFFFF0u;
  printf("iovs out of range: %d\n", __wasi_fd_write(1, farIovs, 1, &n));
  __wasi_ciovec_t farBuf = {(const uint8_t*)(uintptr_t)0xFFFFFF00u, 0x1000};
  printf("buffer out of range: %d\n", __wasi_fd_write(1, &farBuf, 1, &n));
  char ok[] = "x";
  __wasi_ciovec_t good = {(const uint8_t*)ok, 1};
  printf("result out of range: %d\n",
         __wasi_fd_write(1, &good, 1, (__wasi_size_t*)(uintptr_t)0xFFFFFFFEu));
  printf("random out of range: %d\n", __wasi_random_get((uint8_t*)(uintptr_t)0xFFFFFF00u, 512));
  printf("args sizes out of range: %d\n",
         __wasi_args_sizes_get((__wasi_size_t*)(uintptr_t)0xFFFFFFFFu, &n));
  printf("path out of range: %d\n", rawPathCreateDirectory(3, (int32_t)0xFFFFFFF0u, 64));
  printf("bad fd: %d\n", __wasi_fd_write(77, &good, 1, &n));
  return 0;
}
