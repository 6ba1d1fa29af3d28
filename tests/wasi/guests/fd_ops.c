// Positional I/O, sizes, flags, links, times, renumbering and poll on
// descriptors, through libc and raw WASI calls.
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

static long long sizeOf(int fd) {
  struct stat st;
  return fstat(fd, &st) == 0 ? (long long)st.st_size : -1;
}

int main(void) {
  int fd = open("data.bin", O_RDWR | O_CREAT | O_TRUNC, 0644);
  printf("open %d\n", fd >= 0);
  printf("pwrite %zd\n", pwrite(fd, "abcdef", 6, 10));
  char buf[8] = {0};
  printf("pread %zd '%s'\n", pread(fd, buf, 3, 11), buf);
  printf("size %lld\n", sizeOf(fd));
  printf("ftruncate %d size %lld\n", ftruncate(fd, 4), sizeOf(fd));
  printf("seek end %lld\n", (long long)lseek(fd, 0, SEEK_END));
  printf("append before %d\n", (fcntl(fd, F_GETFL) & O_APPEND) != 0);
  fcntl(fd, F_SETFL, O_APPEND);
  printf("append after %d\n", (fcntl(fd, F_GETFL) & O_APPEND) != 0);

  printf("symlink %d\n", symlink("data.bin", "ln"));
  char target[32] = {0};
  printf("readlink %zd '%s'\n", readlink("ln", target, sizeof target - 1), target);
  struct stat st;
  printf("lstat link %d\n", lstat("ln", &st) == 0 && S_ISLNK(st.st_mode));
  printf("stat follows %d size %lld\n", stat("ln", &st) == 0 && S_ISREG(st.st_mode),
         (long long)st.st_size);
  printf("link %d nlink %d\n", link("data.bin", "hard"),
         stat("data.bin", &st) == 0 ? (int)st.st_nlink : -1);

  struct timespec times[2] = {{1000000000, 0}, {1000000000, 500}};
  printf("utimensat %d\n", utimensat(AT_FDCWD, "data.bin", times, 0));
  stat("data.bin", &st);
  printf("mtime %lld\n", (long long)st.st_mtim.tv_sec);

  int other = open("hard", O_RDONLY);
  printf("renumber %d\n", __wasi_fd_renumber(fd, other));
  printf("old fd closed %d\n", fcntl(fd, F_GETFL) == -1 && errno == EBADF);
  printf("moved fd size %lld\n", sizeOf(other));
  close(other);

  struct pollfd p = {0, POLLIN, 0};
  printf("poll stdin %d revents %d\n", poll(&p, 1, 1000), (p.revents & POLLIN) != 0);
  printf("unlink %d %d\n", unlink("ln"), unlink("hard"));
  return 0;
}
