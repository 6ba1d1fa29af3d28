// The two libc routines clang may call from the kernels when they are built
// without a libc (-nostdlib). Compiled with -fno-builtin so the loops are
// not turned back into calls to themselves.
#include <stddef.h>

void* memset(void* dst, int c, size_t n) {
  unsigned char* d = dst;
  while (n--) *d++ = (unsigned char)c;
  return dst;
}

void* memcpy(void* dst, const void* src, size_t n) {
  unsigned char* d = dst;
  const unsigned char* s = src;
  while (n--) *d++ = *s++;
  return dst;
}
