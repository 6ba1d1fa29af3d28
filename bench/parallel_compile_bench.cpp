// Parallel compilation's speed-up, measured so that other load on a shared
// machine does not decide it: per module, the CPU time of a one-thread
// compile against the critical path of an N-thread compile (the largest
// CPU time of one of its worker threads, about its elapsed time on N idle
// cores), plus the elapsed times as measured. Medians of R runs. Under
// heavy load the figure is pessimistic: a helper thread that starts late
// leaves more parts to the calling thread.
//
// usage: ember_parallel_compile_bench [-t THREADS] [-r RUNS] FILE.wasm...
#include <algorithm>
#include <cmath>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iterator>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "jit/module_compiler.h"
#include "runtime/format/decoder.h"
#include "runtime/format/module_validator.h"

namespace {

double seconds(clockid_t clock) {
  timespec t{};
  clock_gettime(clock, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// The CPU time of each worker of the current compile.
std::mutex workerMutex;
std::vector<double> workerSeconds;

struct Timed {
  void (*work)(void*);
  void* context;
};

void timedWork(void* p) {
  auto* t = static_cast<Timed*>(p);
  double start = seconds(CLOCK_THREAD_CPUTIME_ID);
  t->work(t->context);
  double spent = seconds(CLOCK_THREAD_CPUTIME_ID) - start;
  std::lock_guard<std::mutex> lock(workerMutex);
  workerSeconds.push_back(spent);
}

void runTimed(uint32_t count, void (*work)(void*), void* context) {
  Timed timed{work, context};
  std::vector<std::thread> helpers;
  for (uint32_t i = 1; i < count; i++) helpers.emplace_back(timedWork, &timed);
  timedWork(&timed);
  for (auto& h : helpers) h.join();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  uint32_t threads = 2, runs = 11;
  std::vector<std::string> files;
  for (int i = 1; i < argc; i++) {
    if (!std::strcmp(argv[i], "-t") && i + 1 < argc) {
      threads = static_cast<uint32_t>(std::atoi(argv[++i]));
    } else if (!std::strcmp(argv[i], "-r") && i + 1 < argc) {
      runs = static_cast<uint32_t>(std::atoi(argv[++i]));
    } else {
      files.emplace_back(argv[i]);
    }
  }
  if (files.empty() || threads < 2 || runs == 0) {
    std::fprintf(stderr, "usage: ember_parallel_compile_bench [-t THREADS>=2] [-r RUNS] FILE.wasm...\n");
    return 2;
  }
  std::printf("| module | 1 thread CPU ms | %u threads: critical path ms | CPU speed-up (1-thread CPU / largest worker CPU) | "
              "total CPU ms | elapsed ms, 1 / %u threads (as measured) |\n|---|---:|---:|---:|---:|---:|\n",
              threads, threads);
  std::vector<double> ratios;
  for (const std::string& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in), {}};
    auto module = ember::decodeModule(bytes);
    if (!module || !ember::validateModule(*module)) {
      std::fprintf(stderr, "%s: not a valid module\n", file.c_str());
      return 1;
    }
    ember::JitOptions serial, parallel;
    parallel.threads = threads;
    parallel.runWorkers = runTimed;
    std::vector<double> oneCpu, oneWall, critical, total, wall;
    for (uint32_t r = 0; r < runs; r++) {
      double w = seconds(CLOCK_MONOTONIC), c = seconds(CLOCK_THREAD_CPUTIME_ID);
      auto a = ember::compileModule(*module, serial);
      oneCpu.push_back(seconds(CLOCK_THREAD_CPUTIME_ID) - c);
      oneWall.push_back(seconds(CLOCK_MONOTONIC) - w);
      workerSeconds.clear();
      w = seconds(CLOCK_MONOTONIC);
      auto b = ember::compileModule(*module, parallel);
      wall.push_back(seconds(CLOCK_MONOTONIC) - w);
      if (!a || !b || a->bytes != b->bytes) {
        std::fprintf(stderr, "%s: compile failed or the code differs\n", file.c_str());
        return 1;
      }
      // A module below two parts compiles on the calling thread alone.
      double longest = workerSeconds.empty() ? oneCpu.back()
                                             : *std::max_element(workerSeconds.begin(), workerSeconds.end());
      double sum = 0;
      for (double s : workerSeconds) sum += s;
      critical.push_back(longest);
      total.push_back(workerSeconds.empty() ? oneCpu.back() : sum);
    }
    double ratio = median(oneCpu) / median(critical);
    ratios.push_back(ratio);
    std::printf("| %s | %.2f | %.2f | %.2fx | %.2f | %.1f / %.1f |\n", file.c_str(),
                median(oneCpu) * 1e3, median(critical) * 1e3, ratio, median(total) * 1e3,
                median(oneWall) * 1e3, median(wall) * 1e3);
  }
  double logSum = 0;
  for (double r : ratios) logSum += std::log(r);
  std::printf("\ngeomean CPU speed-up: %.2fx\n", std::exp(logSum / ratios.size()));
  return 0;
}
