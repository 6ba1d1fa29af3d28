// Writes one line to stdout and one to stderr, then returns 0.
#include <stdio.h>

int main(void) {
  printf("hello from wasi\n");
  fprintf(stderr, "to stderr\n");
  return 0;
}
