#include "tests/wasi/guest_runner.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "runtime/ember_runtime.h"

namespace ember::test {

namespace {

// Files, not pipes, stand behind the guest's stdio: nothing can block.
struct StdioFiles {
  explicit StdioFiles(const TempDir& dir, const std::string& input) {
    writeWholeFile(dir.file("stdin"), input);
    in = ::open(dir.file("stdin").c_str(), O_RDONLY | O_CLOEXEC);
    out = ::open(dir.file("stdout").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    err = ::open(dir.file("stderr").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  }
  ~StdioFiles() {
    ::close(in);
    ::close(out);
    ::close(err);
  }
  int in, out, err;
};

void defineBenchHooks(Linker& linker, Store& store) {
  FuncType none{{}, {}};
  auto noop = [](std::span<const Value>, std::span<Value>) { return success(); };
  linker.define("bench", "start", Extern::of(store.createHostFunction(none, HostCallback(noop))));
  linker.define("bench", "end", Extern::of(store.createHostFunction(none, HostCallback(noop))));
}

void instantiateAndStart(const std::string& wasmPath, const GuestOptions& options,
                         const StdioFiles& stdio, GuestRun& run) {
  std::string bytes = readWholeFile(wasmPath);
  if (bytes.empty()) {
    run.error = "cannot read " + wasmPath;
    return;
  }
  Engine engine(options.config);
  auto compiled = compileModule(
      engine, std::span(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
  if (!compiled) {
    run.error = compiled.error().message();
    return;
  }
  WasiConfig config;
  config.args = options.args;
  config.env = options.env;
  config.preopens = options.preopens;
  config.stdinFd = stdio.in;
  config.stdoutFd = stdio.out;
  config.stderrFd = stdio.err;
  auto ctx = WasiContext::create(config);
  if (!ctx) {
    run.error = ctx.error().message();
    return;
  }
  Store store(engine);
  Linker linker;
  if (auto r = defineWasi(linker, store, **ctx); !r) {
    run.error = r.error().message();
    return;
  }
  if (options.benchHooks) defineBenchHooks(linker, store);
  auto instance = linker.instantiate(store, *compiled);
  if (!instance) {
    run.error = instance.error().message();
    return;
  }
  Function* start = (*instance)->exportByName("_start").function();
  if (!start) {
    run.error = "no _start export";
    return;
  }
  run.loaded = true;
  auto r = store.call(start, {}, {});
  if (r)
    run.exitCode = 0;
  else if (auto code = wasiExitCode(**ctx, r.error()))
    run.exitCode = code;
  else
    run.error = r.error().message();
}

}  // namespace

GuestRun runGuest(const std::string& wasmPath, const GuestOptions& options) {
  TempDir io;
  GuestRun run;
  {
    StdioFiles stdio(io, options.stdinText);
    instantiateAndStart(wasmPath, options, stdio, run);
  }
  run.out = readWholeFile(io.file("stdout"));
  run.err = readWholeFile(io.file("stderr"));
  return run;
}

}  // namespace ember::test
