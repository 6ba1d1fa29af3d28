// Quicksort of 1,000,000 pseudo-random ints: compares, swaps, recursion.
#define N 1000000
static int data[N];

static void quicksort(int* v, int lo, int hi) {
  while (lo < hi) {
    int pivot = v[lo + (hi - lo) / 2];
    int i = lo, j = hi;
    while (i <= j) {
      while (v[i] < pivot) ++i;
      while (v[j] > pivot) --j;
      if (i <= j) {
        int t = v[i];
        v[i] = v[j];
        v[j] = t;
        ++i, --j;
      }
    }
    if (j - lo < hi - i) {
      quicksort(v, lo, j);
      lo = i;
    } else {
      quicksort(v, i, hi);
      hi = j;
    }
  }
}

__attribute__((export_name("run"))) int run(void) {
  unsigned x = 12345;
  for (int i = 0; i < N; ++i) {
    x = x * 1103515245u + 12345u;
    data[i] = (int)(x >> 1);
  }
  quicksort(data, 0, N - 1);
  int check = 0;
  for (int i = 1; i < N; ++i) check += data[i - 1] <= data[i];
  return check ^ data[N / 2];
}
