// Runs a WASI command module (a test guest or a benchmark) to completion in
// the chosen engine and collects what it printed and how it ended.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/config.h"
#include "runtime/wasi/wasi.h"
#include "tests/wasi/temp_dir.h"

namespace ember::test {

struct GuestRun {
  bool loaded = false;               // compiled, linked and instantiated
  std::string error;                 // why not, or the trap of _start
  std::optional<uint32_t> exitCode;  // 0 when _start returned normally
  std::string out;                   // what the guest wrote to fd 1
  std::string err;                   // and to fd 2
};

struct GuestOptions {
  std::vector<std::string> args;
  std::vector<std::string> env;
  std::vector<WasiPreopen> preopens;
  std::string stdinText;
  bool benchHooks = false;  // define bench.start / bench.end as no-ops
  Config config;            // the engine and bounds mode (default: interpreter)
};

GuestRun runGuest(const std::string& wasmPath, const GuestOptions& options);

}  // namespace ember::test
