#include "tests/differential/generated_module.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <iterator>

extern char** environ;

namespace ember::differential {
namespace {

// SplitMix64, as in differential_runner.cpp: platform-independent output.
uint64_t nextRandom(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

// -ttf reads its input as a stream of decisions; 1-20 KB gives modules of
// a few to a few dozen functions.
std::vector<char> randomInput(uint64_t seed) {
  uint64_t state = seed;
  size_t size = 1000 + nextRandom(state) % 19000;
  std::vector<char> bytes(size);
  for (char& c : bytes) c = static_cast<char>(nextRandom(state));
  return bytes;
}

// MVP plus the WebAssembly 2.0 features both engines implement (SIMD on
// request: it makes a module's other operators rarer), reference types not, because
// binaryen 108's -ttf then emits its pre-standard anyref (type byte 0x6b
// and friends), which no 2.0 decoder accepts. --denan (binaryen's pass
// that replaces NaN results of float operations, and NaN parameters, by
// 0) keeps NaN payloads — which the spec leaves nondeterministic (4.3.3)
// — from reaching integers through reinterpret or memory, where they
// would show up as false divergences.
const char* const kFeatureArgs[] = {
    "--mvp-features",          "--enable-sign-ext",   "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int", "--enable-bulk-memory", "--enable-multivalue",
};

int runQuiet(std::vector<std::string> argv) {
  std::vector<char*> args;
  for (std::string& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid;
  int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return -1;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool isExecutable(const std::string& path) { return access(path.c_str(), X_OK) == 0; }

}  // namespace

std::optional<std::string> findWasmOpt() {
  if (const char* env = std::getenv("EMBER_WASM_OPT"); env && *env)
    return isExecutable(env) ? std::optional<std::string>(env) : std::nullopt;
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "";
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    std::string candidate = dirs.substr(start, end - start) + "/wasm-opt";
    if (end > start && isExecutable(candidate)) return candidate;
    start = end + 1;
  }
  return std::nullopt;
}

GeneratedModule generateModule(const std::string& wasmOpt, const std::string& workDir,
                               uint64_t seed, bool simd) {
  GeneratedModule out;
  mkdir(workDir.c_str(), 0755);
  std::string stem = workDir + "/seed-" + std::to_string(seed);
  std::string input = stem + ".dat";
  out.path = stem + ".wasm";
  std::vector<char> bytes = randomInput(seed);
  std::ofstream(input, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  std::vector<std::string> argv = {wasmOpt, input, "-ttf", "--denan", "-o", out.path};
  for (const char* f : kFeatureArgs) argv.emplace_back(f);
  if (simd) argv.emplace_back("--enable-simd");
  int rc = runQuiet(argv);
  std::remove(input.c_str());
  if (rc != 0) {
    out.error = "wasm-opt failed (exit " + std::to_string(rc) + ") for seed " + std::to_string(seed);
    return out;
  }
  std::ifstream in(out.path, std::ios::binary);
  out.bytes.assign(std::istreambuf_iterator<char>(in), {});
  if (out.bytes.empty()) out.error = "wasm-opt wrote no module for seed " + std::to_string(seed);
  return out;
}

}  // namespace ember::differential
