// Exits through proc_exit with the code given as argv[1], from inside a
// nested call, after printing a line (stdio must be flushed at exit).
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) static void leave(int code) {
  printf("leaving with %d\n", code);
  exit(code);
}

int main(int argc, char** argv) {
  leave(argc > 1 ? atoi(argv[1]) : 0);
  printf("not reached\n");
  return 99;
}
