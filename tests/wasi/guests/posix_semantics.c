// POSIX corner cases through wasi-libc (issues #11 and #16): stdio is a
// stream, trailing slashes and dot paths, climbing symlinks, shrunk rights
// and socket calls on files. Prints "label result errno" lines.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

static void show(const char* label, int result) {
  printf("%s %d %d\n", label, result, result < 0 ? errno : 0);
  errno = 0;
}

int main(void) {
  // The preopen itself, as a directory to list.
  DIR* d = opendir(".");
  int entries = 0;
  if (d) {
    while (readdir(d)) ++entries;
    closedir(d);
  }
  printf("opendir . %d entries %d\n", d != NULL, entries);
  show("open . O_DIRECTORY", open(".", O_RDONLY | O_DIRECTORY) >= 0 ? 0 : -1);

  // Stdio is a stream the guest cannot reposition, truncate or reflag.
  fflush(stdout);
  show("lseek stdout", (int)lseek(1, 0, SEEK_SET));
  show("ftruncate stdout", ftruncate(1, 0));
  show("fcntl setfl stdout", fcntl(1, F_SETFL, 0));
  show("fcntl setfl stdin nonblock", fcntl(0, F_SETFL, O_NONBLOCK));
  show("isatty stdout", isatty(1));

  // Trailing slashes and dot paths.
  show("mkdir d/", mkdir("d/", 0755));
  int f = open("f", O_WRONLY | O_CREAT, 0644);
  show("unlink d/", unlink("d/"));
  show("unlink f/", unlink("f/"));
  show("rmdir d/.", rmdir("d/."));
  show("rmdir f/", rmdir("f/"));
  show("rename f/ g", rename("f/", "g"));
  show("link f n/", link("f", "n/"));
  show("symlink f n/", symlink("f", "n/"));
  show("open new/ O_CREAT", open("new/", O_WRONLY | O_CREAT, 0644));
  show("symlink fl", symlink("f", "fl"));
  show("unlink fl/.", unlink("fl/."));
  show("symlink ../out", symlink("../out", "up"));
  show("symlink d/../f", symlink("d/../f", "ok"));
  show("rmdir d/", rmdir("d/"));

  // Rights only shrink, and every call checks them.
  show("write f", (int)write(f, "abc", 3));
  show("drop write right",
       __wasi_fd_fdstat_set_rights(f, __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_TELL, 0) ? -1 : 0);
  show("write f after", (int)write(f, "abc", 3));
  show("regrow rights", __wasi_fd_fdstat_set_rights(f, __WASI_RIGHTS_FD_WRITE, 0));
  show("lseek f", (int)lseek(f, 0, SEEK_END));

  // Socket calls on what is not a socket, and poll on stdin.
  show("sock_shutdown file", __wasi_sock_shutdown(f, __WASI_SDFLAGS_WR));
  struct pollfd p = {0, POLLIN, 0};
  show("poll stdin", poll(&p, 1, 1000));
  return 0;
}
