// Works on files in its preopened directory through ordinary libc calls:
// reads input.txt, creates, seeks, renames and removes files and
// directories, and lists the folder "listing" (names sorted).
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int check(int ok, const char* what) {
  if (!ok) {
    printf("FAIL %s (errno %d)\n", what, errno);
    exit(1);
  }
  return 1;
}

static int compareNames(const void* a, const void* b) {
  return strcmp(*(char* const*)a, *(char* const*)b);
}

static void readInput(void) {
  FILE* f = fopen("input.txt", "r");
  check(f != NULL, "open input.txt");
  char line[128];
  while (fgets(line, sizeof line, f)) printf("input: %s", line);
  fclose(f);
}

static void writeSeekRead(void) {
  check(mkdir("work", 0755) == 0, "mkdir work");
  FILE* f = fopen("work/new.txt", "w+");
  check(f != NULL, "create work/new.txt");
  fputs("0123456789", f);
  check(fseek(f, 3, SEEK_SET) == 0, "fseek");
  char buf[4] = {0};
  check(fread(buf, 1, 3, f) == 3, "fread");
  printf("at 3: %s, tell %ld\n", buf, ftell(f));
  fclose(f);
  struct stat st;
  check(stat("work/new.txt", &st) == 0, "stat");
  printf("size %lld regular %d\n", (long long)st.st_size, S_ISREG(st.st_mode));
  check(rename("work/new.txt", "work/renamed.txt") == 0, "rename");
  check(access("work/new.txt", F_OK) != 0, "old name gone");
  check(unlink("work/renamed.txt") == 0, "unlink");
  check(rmdir("work") == 0, "rmdir");
  printf("work removed: %d\n", access("work", F_OK) != 0);
}

static void listDirectory(void) {
  DIR* d = opendir("listing");
  check(d != NULL, "opendir listing");
  char* names[64];
  int n = 0;
  struct dirent* e;
  while ((e = readdir(d)) && n < 64)
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) names[n++] = strdup(e->d_name);
  closedir(d);
  qsort(names, n, sizeof names[0], compareNames);
  for (int i = 0; i < n; ++i) printf("entry: %s\n", names[i]);
}

int main(void) {
  readInput();
  writeSeekRead();
  listDirectory();
  return 0;
}
