// 200x200 double matrix multiply, 30 times: f64 loads, multiply-add.
#define N 200
static double a[N][N], b[N][N], c[N][N];

__attribute__((export_name("run"))) int run(void) {
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < N; ++j) {
      a[i][j] = (double)(i + j) / N;
      b[i][j] = (double)(i - j) / N;
    }
  double sum = 0;
  for (int rep = 0; rep < 30; ++rep) {
    for (int i = 0; i < N; ++i)
      for (int j = 0; j < N; ++j) {
        double s = 0;
        for (int k = 0; k < N; ++k) s += a[i][k] * b[k][j];
        c[i][j] = s;
      }
    sum += c[rep % N][(rep * 7) % N];
    a[rep % N][rep % N] += 1.0;
  }
  return (int)sum;
}
