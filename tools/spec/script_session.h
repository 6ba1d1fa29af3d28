// The part of a spec script that needs a runtime: instantiating modules
// (with the `spectest` host module and registered instances as imports),
// registering them, and running invoke/get actions. Built against the
// runtime when it exists (script_session_runtime.cpp); otherwise
// script_session_none.cpp reports that nothing can execute.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "runtime/format/error.h"
#include "tools/engine_choice.h"
#include "tools/spec/spec_script.h"
#include "tools/spec/spec_value.h"

namespace ember::tools {

enum class SessionStatus : uint8_t {
  Ok,
  Error,    // failed: see errorKind / message
  Skipped,  // cannot be executed here (no runtime, feature unsupported)
};

struct SessionResult {
  SessionStatus status = SessionStatus::Ok;
  ErrorKind errorKind = ErrorKind::Trap;  // status == Error
  bool stackExhausted = false;            // a trap with code StackExhausted
  std::string message;                    // the error, or why it was skipped
  std::vector<RawValue> values;           // results of an action

  static SessionResult skipped(std::string why) {
    return {SessionStatus::Skipped, ErrorKind::Trap, false, std::move(why), {}};
  }
  static SessionResult error(ErrorKind kind, std::string why) {
    return {SessionStatus::Error, kind, false, std::move(why), {}};
  }
};

// What the scripts of one run share: the engine and its execution options.
// Each script still has its own store and linker, so scripts never see each
// other's modules or registrations (every .wast is a fresh world); a shared
// engine lets a script reuse the memory reservations the scripts before it
// left (Config::keptMemoryReservations), which saves most of a
// signals-mode run's time under an emulator.
class SessionEngine {
 public:
  explicit SessionEngine(const ExecutionOptions& options);
  ~SessionEngine();
  SessionEngine(const SessionEngine&) = delete;
  SessionEngine& operator=(const SessionEngine&) = delete;

  struct State;
  State& state() { return *state_; }

 private:
  std::unique_ptr<State> state_;
};

class ScriptSession {
 public:
  // `engine` and `refs` (which gives externref arguments their identity)
  // outlive the session.
  ScriptSession(SessionEngine& engine, HostRefs& refs);
  ~ScriptSession();
  ScriptSession(const ScriptSession&) = delete;
  ScriptSession& operator=(const ScriptSession&) = delete;

  // False when this build has no runtime or the engine is `none`.
  bool canExecute() const;

  // A `module` command: compile and instantiate; the instance becomes the
  // current module, and `name` (if any) refers to it from then on.
  SessionResult defineModule(std::span<const uint8_t> bytes, const std::string& name);
  // A `module` command whose binary did not decode or validate: commands
  // that use it fail with `reason` instead of running on a stale module.
  void defineBrokenModule(const std::string& name, const std::string& reason);
  // `register`: the module `name` (empty: current) becomes importable as `as`.
  SessionResult registerModule(const std::string& name, const std::string& as);
  // assert_unlinkable / assert_uninstantiable: instantiate, keep nothing.
  SessionResult instantiateOnly(std::span<const uint8_t> bytes);
  SessionResult runAction(const SpecAction& action);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace ember::tools
