/* The size report's zero: a C program that reads a file and prints, linked
 * like size_embedder but without Ember. */
#include <stdio.h>

int main(int argc, char** argv) {
  FILE* f = argc > 1 ? fopen(argv[1], "rb") : NULL;
  printf("%d\n", f ? fgetc(f) : -1);
  if (f) fclose(f);
  return 0;
}
