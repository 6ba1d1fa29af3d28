// Runs one spec script: each command becomes a verdict. Decoding and
// validation assertions need only ember_format; everything that executes
// goes through a ScriptSession and is skipped when no runtime is built.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "tools/engine_choice.h"
#include "tools/spec/spec_script.h"

namespace ember::tools {

class SessionEngine;

enum class Verdict : uint8_t {
  Passed,
  Failed,
  Skipped,  // cannot run here (no runtime, unsupported feature, exceptions)
  Text,     // needs a text-format parser; reported apart from the counts
};

struct CommandResult {
  uint32_t line = 0;
  CommandKind kind = CommandKind::Unknown;
  Verdict verdict = Verdict::Passed;
  std::string reason;  // why it failed or was skipped
  std::string note;    // a passing detail worth showing with --verbose
};

struct SpecRunOptions {
  ExecutionOptions execution;
  // Kinds to count. Unselected commands that can change what later ones
  // see (modules, registrations, actions, ...) still run, uncounted;
  // unselected assert_malformed / assert_invalid are not run at all.
  std::array<bool, kCommandKindCount> kinds;
  SpecRunOptions() { kinds.fill(true); }
};

struct ScriptReport {
  std::vector<CommandResult> results;  // counted commands only, in order
  uint32_t count(Verdict v) const;
};

// `scriptDir` is the folder module file names are relative to. `engine`,
// made from options.execution, may be shared with other scripts of the
// run; without it the script gets an engine of its own.
ScriptReport runSpecScript(const SpecScript& script, const std::string& scriptDir,
                           const SpecRunOptions& options, SessionEngine* engine = nullptr);

}  // namespace ember::tools
