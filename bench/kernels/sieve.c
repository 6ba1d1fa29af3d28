// Sieve of Eratosthenes up to 10,000,000, five times: byte loads/stores in
// tight loops.
#define N 10000000
static unsigned char composite[N + 1];

static int sieve(void) {
  for (int i = 0; i <= N; ++i) composite[i] = 0;
  int count = 0;
  for (int i = 2; i <= N; ++i) {
    if (composite[i]) continue;
    ++count;
    for (long long j = (long long)i * i; j <= N; j += i) composite[j] = 1;
  }
  return count;
}

__attribute__((export_name("run"))) int run(void) {
  int total = 0;
  for (int k = 0; k < 5; ++k) total += sieve();
  return total;
}
