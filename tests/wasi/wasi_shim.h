// Drives WASI calls one at a time from C++ through the shim module
// (wat/wasi_shim.wat: one export per wasi_snapshot_preview1 function), in
// the engine and bounds mode a test asks for, so the host-call path of each
// engine is exercised. Header-only: used by tests/wasi and by the WASI
// classes of tests/hostile (both build the shim into EMBER_TEST_WASM_DIR).
// The tests build with -fno-exceptions: failures are recorded with gtest.
#pragma once

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/ember_runtime.h"
#include "runtime/wasi/wasi.h"
#include "runtime/wasi/wasi_errno.h"
#include "runtime/wasi/wasi_rights.h"
#include "tests/engine_cases.h"

namespace ember::test {

// Scratch addresses in the shim's memory (2 pages at least).
inline constexpr uint32_t kPathAt = 1024;   // first path
inline constexpr uint32_t kPath2At = 8192;  // second path (link, rename)
inline constexpr uint32_t kOutAt = 64;      // results: fds, sizes, structs (up to 512 bytes)
inline constexpr uint32_t kBufAt = 16384;   // data buffers
inline constexpr uint32_t kIovAt = 32;      // one iovec
// The descriptor of the first preopened directory (0-2 are stdio).
inline constexpr uint32_t kPreopen = 3;

class WasiShim {
 public:
  WasiShim(const Config& config, const WasiConfig& wasi) : engine_(config), store_(engine_) {
    auto ctx = WasiContext::create(wasi);
    if (!ctx) {
      ADD_FAILURE() << ctx.error().message();
      return;
    }
    ctx_ = std::move(*ctx);
    if (auto r = defineWasi(linker_, store_, *ctx_); !r) {
      ADD_FAILURE() << r.error().message();
      return;
    }
    std::string path = std::string(EMBER_TEST_WASM_DIR) + "/wasi_shim.wasm";
    std::ifstream in(path, std::ios::binary);
    std::vector<uint8_t> bytes(std::istreambuf_iterator<char>(in), {});
    auto compiled = compileModule(engine_, bytes);
    if (!compiled) {
      ADD_FAILURE() << path << ": " << compiled.error().message();
      return;
    }
    auto inst = linker_.instantiate(store_, *compiled);
    if (!inst) {
      ADD_FAILURE() << inst.error().message();
      return;
    }
    instance_ = *inst;
  }

  bool ok() const { return instance_ != nullptr; }
  Engine& engine() { return engine_; }
  Store& store() { return store_; }
  WasiContext& context() { return *ctx_; }
  Memory& memory() { return *instance_->exportByName("memory").memory(); }
  uint8_t* at(uint32_t addr) { return memory().data() + addr; }

  void put(uint32_t addr, std::string_view bytes) {
    std::memcpy(at(addr), bytes.data(), bytes.size());
  }
  template <typename T>
  T load(uint32_t addr) {
    T v;
    std::memcpy(&v, at(addr), sizeof v);
    return v;
  }
  template <typename T>
  void store(uint32_t addr, T v) {
    std::memcpy(at(addr), &v, sizeof v);
  }

  // Calls a shim export: its errno, or the error (a trap) it ended with.
  Result<uint32_t> tryCall(const std::string& name, std::vector<Value> args) {
    Function* f = instance_->exportByName(name).function();
    if (!f) return Error(ErrorKind::Invalid, "no shim export " + name);
    std::vector<Value> results(1);
    if (auto r = store_.call(f, args, results); !r) return r.takeError();
    return results[0].i32;
  }
  // Calls a shim export that must return (not trap) and gives its errno.
  wasi::Errno call(const std::string& name, std::vector<Value> args) {
    auto r = tryCall(name, std::move(args));
    if (!r) {
      ADD_FAILURE() << name << " trapped: " << r.error().message();
      return wasi::Errno::Canceled;
    }
    return static_cast<wasi::Errno>(*r);
  }

  // Shorthands for the calls most tests make. Paths go to kPathAt/kPath2At.
  wasi::Errno open(uint32_t dirFd, std::string_view path, uint32_t oflags, uint64_t rights,
                   uint32_t& fd, uint32_t lookup = 0, uint64_t inheriting = wasi::kAllRights,
                   uint32_t fdflags = 0) {
    put(kPathAt, path);
    wasi::Errno e = call("path_open", {I(dirFd), I(lookup), I(kPathAt), I(path.size()), I(oflags),
                                       L(rights), L(inheriting), I(fdflags), I(kOutAt)});
    fd = load<uint32_t>(kOutAt);
    return e;
  }
  wasi::Errno pathCall(const std::string& name, uint32_t dirFd, std::string_view path) {
    put(kPathAt, path);
    return call(name, {I(dirFd), I(kPathAt), I(path.size())});
  }
  wasi::Errno twoPaths(const std::string& name, uint32_t fd1, std::string_view p1, uint32_t fd2,
                       std::string_view p2) {
    put(kPathAt, p1);
    put(kPath2At, p2);
    return call(name, {I(fd1), I(kPathAt), I(p1.size()), I(fd2), I(kPath2At), I(p2.size())});
  }
  wasi::Errno symlink(std::string_view target, uint32_t dirFd, std::string_view path) {
    put(kPathAt, target);
    put(kPath2At, path);
    return call("path_symlink",
                {I(kPathAt), I(target.size()), I(dirFd), I(kPath2At), I(path.size())});
  }
  wasi::Errno link(uint32_t fd1, std::string_view p1, uint32_t fd2, std::string_view p2) {
    put(kPathAt, p1);
    put(kPath2At, p2);
    return call("path_link",
                {I(fd1), I(0), I(kPathAt), I(p1.size()), I(fd2), I(kPath2At), I(p2.size())});
  }
  // fd_write/fd_read of `text`/`len` bytes through one iovec at kBufAt.
  wasi::Errno write(uint32_t fd, std::string_view text) {
    put(kBufAt, text);
    store<uint32_t>(kIovAt, kBufAt);
    store<uint32_t>(kIovAt + 4, static_cast<uint32_t>(text.size()));
    return call("fd_write", {I(fd), I(kIovAt), I(1), I(kOutAt)});
  }
  wasi::Errno read(uint32_t fd, uint32_t len) {
    store<uint32_t>(kIovAt, kBufAt);
    store<uint32_t>(kIovAt + 4, len);
    return call("fd_read", {I(fd), I(kIovAt), I(1), I(kOutAt)});
  }
  // The rights_base fd_fdstat_get reports (0 on error).
  uint64_t rightsOf(uint32_t fd) {
    if (call("fd_fdstat_get", {I(fd), I(kOutAt)}) != wasi::Errno::Success) return 0;
    return load<uint64_t>(kOutAt + 8);
  }

  static Value I(uint64_t v) { return Value::fromI32(static_cast<uint32_t>(v)); }
  static Value L(uint64_t v) { return Value::fromI64(v); }

 private:
  Engine engine_;
  Store store_;
  Linker linker_;
  std::unique_ptr<WasiContext> ctx_;
  Instance* instance_ = nullptr;
};

}  // namespace ember::test
