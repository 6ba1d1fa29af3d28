// libFuzzer target: random sequences of WASI preview 1 calls (the script
// language of wasi_call_script.h) against a scratch preopen made per run
// (wasi_sandbox_witness.h), calling the host functions of runtime/wasi
// directly with a one-page guest memory -- no guest code is compiled. A
// finding is a crash or sanitizer report, a guest descriptor that refers
// outside the preopen, a secret file's content in guest memory, any change
// outside the preopen, or a host descriptor left open after the run.
//
// The scratch trees live under $EMBER_WASI_FUZZ_DIR, or a fresh folder
// removed at exit in /dev/shm when there is one (a file system in memory:
// creating and removing a few dozen entries per run on a disk file system
// costs more than the WASI calls), else in $TMPDIR or /tmp.
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "fuzz/wasi_call_script.h"
#include "fuzz/wasi_sandbox_witness.h"
#include "runtime/ember_runtime.h"
#include "runtime/wasi/wasi.h"

namespace {

using namespace ember;
using namespace ember::fuzz;

constexpr size_t kMaxCalls = 64;
constexpr size_t kMaxLineBytes = 8192;
constexpr uint32_t kMaxGuestFd = 256;  // descriptors checked after each call

[[noreturn]] void finding(const std::string& what, const std::string& afterCall) {
  std::fprintf(stderr, "wasi_fuzzer: %s (after %s)\n", what.c_str(), afterCall.c_str());
  std::abort();
}

std::string scratchBase;

void removeScratchBase() {
  ::nftw(scratchBase.c_str(), [](const char* p, const struct stat*, int, struct FTW*) { return ::remove(p); },
         16, FTW_DEPTH | FTW_PHYS);
}

const std::string& scratchBaseDir() {
  if (scratchBase.empty()) {
    if (const char* dir = std::getenv("EMBER_WASI_FUZZ_DIR"); dir && *dir) {
      scratchBase = dir;
    } else {
      const char* tmp = std::getenv("TMPDIR");
      std::string parent = ::access("/dev/shm", W_OK) == 0 ? "/dev/shm" : tmp && *tmp ? tmp : "/tmp";
      std::string pattern = parent + "/ember-wasi-fuzz-XXXXXX";
      if (!::mkdtemp(pattern.data())) finding("cannot make a scratch folder", "setup");
      scratchBase = pattern;
      std::atexit(removeScratchBase);
    }
  }
  return scratchBase;
}

// How many descriptors this process has open: a run must leave it as it
// found it.
int openDescriptors() {
  DIR* dir = ::opendir("/proc/self/fd");
  if (!dir) return -1;
  int count = 0;
  while (dirent* e = ::readdir(dir))
    if (e->d_name[0] != '.') ++count;
  ::closedir(dir);
  return count;
}

// (module (memory (export "memory") 1)): the guest memory WASI works on.
const uint8_t kMemoryModule[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x05, 0x03, 0x01,
                                 0x00, 0x01, 0x07, 0x0a, 0x01, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72,
                                 0x79, 0x02, 0x00};

void checkDescriptors(WasiContext& ctx, const SandboxWitness& witness, const std::string& call) {
  for (uint32_t fd = 0; fd < kMaxGuestFd; ++fd) {
    WasiFd* entry = ctx.find(fd);
    if (!entry || entry->hostFd < 0) continue;
    if (auto outside = witness.outsideDescriptor(entry->hostFd))
      finding("guest fd " + std::to_string(fd) + ": " + *outside, call);
  }
}

void runScript(std::span<const uint8_t> input, const SandboxWitness& witness) {
  // The store only holds the memory: a small interpreter stack keeps its
  // creation cheap (the default 64 MiB is zeroed per store under ASan).
  static Engine engine{[] {
    Config c;
    c.valueStackBytes = 4096;
    return c;
  }()};
  static std::shared_ptr<const CompiledModule> memoryModule = [] {
    auto m = compileModule(engine, kMemoryModule);
    if (!m) finding("compiling the memory module: " + m.error().message(), "setup");
    return *m;
  }();

  WasiConfig config;
  config.args = {"wasi_fuzzer"};
  config.preopens = {{witness.preopen(), "/sandbox"}};
  config.stdinFd = config.stdoutFd = config.stderrFd = -1;  // the fuzzer's own stdio stays out of reach
  auto ctx = WasiContext::create(config);
  if (!ctx) finding("WasiContext::create: " + ctx.error().message(), "setup");
  Store store(engine);
  Linker linker;
  if (!defineWasi(linker, store, **ctx)) finding("defineWasi failed", "setup");
  auto instance = linker.instantiate(store, memoryModule);
  if (!instance) finding("instantiating the memory module: " + instance.error().message(), "setup");
  Memory* memory = (*instance)->memory(0);
  std::span<uint8_t> guest(memory->data(), GuestLayout::kMemoryBytes);
  Caller caller(store, *instance);

  auto wasi = [&](std::string_view name, std::span<const Value> args) {
    Function* f = linker.find(kWasiModuleName, name).function();
    if (!f) finding("no WASI function " + std::string(name), "setup");
    Value result;
    // proc_exit and host errors come back as an Error; both are fine here.
    (void)f->hostCallback()(caller, args, std::span<Value>(&result, 1));
  };
  for (const ScriptCall& call : parseScript(input, kMaxCalls, kMaxLineBytes)) {
    std::string_view name = runScriptCall(call, guest, wasi);
    if (name.empty()) continue;
    std::string where(name);
    checkDescriptors(**ctx, witness, where);
    if (name == "fd_read" || name == "fd_pread")
      if (auto secret = witness.secretIn(guest.subspan(GuestLayout::kBuffer, GuestLayout::kBufferBytes)))
        finding(*secret, where);
  }
  if (auto changed = witness.changedOutside()) finding(*changed, "the last call");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  int openBefore = openDescriptors();
  std::string error;
  {
    auto witness = SandboxWitness::create(scratchBaseDir(), error);
    if (!witness) finding(error, "setup");
    runScript(std::span<const uint8_t>(data, size), *witness);
  }
  if (int open = openDescriptors(); open != openBefore)
    finding("host descriptors leaked: " + std::to_string(open) + " open after the run, " +
                std::to_string(openBefore) + " before",
            "the run");
  return 0;
}
