// Prints its arguments and the environment it was given.
#include <stdio.h>
#include <stdlib.h>

extern char** environ;

int main(int argc, char** argv) {
  printf("argc=%d\n", argc);
  for (int i = 0; i < argc; ++i) printf("argv[%d]=%s\n", i, argv[i]);
  int n = 0;
  for (char** e = environ; *e; ++e) ++n;
  printf("envc=%d\n", n);
  const char* v = getenv("EMBER_GREETING");
  printf("EMBER_GREETING=%s\n", v ? v : "(unset)");
  return 0;
}
