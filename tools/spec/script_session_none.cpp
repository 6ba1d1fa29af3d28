// ScriptSession for builds without the runtime: decoding and validation run
// elsewhere; everything that would execute is reported as skipped.
#include "tools/spec/script_session.h"

namespace ember::tools {

namespace {
constexpr const char* kNoRuntime = "built without the runtime";
}

struct SessionEngine::State {};
struct ScriptSession::State {};

SessionEngine::SessionEngine(const ExecutionOptions&) : state_(std::make_unique<State>()) {}
SessionEngine::~SessionEngine() = default;

ScriptSession::ScriptSession(SessionEngine&, HostRefs&) {}
ScriptSession::~ScriptSession() = default;
bool ScriptSession::canExecute() const { return false; }

SessionResult ScriptSession::defineModule(std::span<const uint8_t>, const std::string&) {
  return SessionResult::skipped(kNoRuntime);
}
void ScriptSession::defineBrokenModule(const std::string&, const std::string&) {}
SessionResult ScriptSession::registerModule(const std::string&, const std::string&) {
  return SessionResult::skipped(kNoRuntime);
}
SessionResult ScriptSession::instantiateOnly(std::span<const uint8_t>) {
  return SessionResult::skipped(kNoRuntime);
}
SessionResult ScriptSession::runAction(const SpecAction&) {
  return SessionResult::skipped(kNoRuntime);
}

}  // namespace ember::tools
