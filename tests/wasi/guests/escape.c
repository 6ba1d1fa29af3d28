// Tries to leave its preopen (fd 3) with raw WASI calls, so wasi-libc's own
// path checks are not what stops it, and prints the errno of each attempt.
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

static void tryOpen(const char* label, const char* path, __wasi_lookupflags_t follow) {
  __wasi_fd_t fd = 0;
  __wasi_errno_t e =
      __wasi_path_open(3, follow, path, 0, __WASI_RIGHTS_FD_READ, __WASI_RIGHTS_FD_READ, 0, &fd);
  if (e == 0) {
    char buf[64] = {0};
    __wasi_iovec_t iov = {(uint8_t*)buf, sizeof buf - 1};
    __wasi_size_t n = 0;
    if (__wasi_fd_read(fd, &iov, 1, &n) != 0) printf("%s: read failed\n", label);
    printf("%s: opened, read '%s'\n", label, buf);
    (void)__wasi_fd_close(fd);
  } else {
    printf("%s: errno %d\n", label, e);
  }
}

int main(void) {
  const __wasi_lookupflags_t follow = __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW;
  tryOpen("inside", "inside.txt", follow);
  tryOpen("inside via link", "link_in", follow);
  tryOpen("dotdot", "../secret.txt", follow);
  tryOpen("dotdot nested", "sub/../../secret.txt", follow);
  tryOpen("absolute", "/etc/passwd", follow);
  tryOpen("final symlink out", "link_out", follow);
  tryOpen("absolute symlink", "link_abs", follow);
  tryOpen("intermediate symlink out", "dir_out/secret.txt", follow);
  tryOpen("final symlink nofollow", "link_out", 0);
  tryOpen("loop", "loop_a", follow);
  __wasi_filestat_t st;
  printf("stat dotdot: errno %d\n", __wasi_path_filestat_get(3, follow, "..", &st));
  printf("mkdir out: errno %d\n", __wasi_path_create_directory(3, "../made_outside"));
  printf("symlink abs: errno %d\n", __wasi_path_symlink("/etc", 3, "new_abs_link"));
  FILE* f = fopen("../secret.txt", "r");
  printf("fopen dotdot: %s\n", f ? "opened" : "refused");
  return 0;
}
