// ScriptSession on the runtime: a Store and Linker per script, so scripts
// never see each other's registrations (each .wast is a fresh world), on
// the Engine the scripts of a run share (SessionEngine).
#include <set>
#include <unordered_map>

#include "tools/file_bytes.h"
#include "tools/runtime_api.h"
#include "tools/spec/script_session.h"
#include "tools/spec/spectest_module.h"

namespace ember::tools {

namespace {

// What a module command left behind: an instance, or why there is none.
struct ModuleSlot {
  SessionStatus status = SessionStatus::Ok;
  std::string reason;
  Instance* instance = nullptr;
};

SessionResult fromError(const Error& e) {
  if (e.kind() == ErrorKind::Unsupported) return SessionResult::skipped(e.message());
  SessionResult r = SessionResult::error(e.kind(), e.message());
  r.stackExhausted = trapCodeOf(e) == TrapCode::StackExhausted;
  return r;
}

// DIR/<FNV-1a of the module's bytes>.ember: the same module in another
// script, or another run, finds the same file.
[[maybe_unused]] std::string artifactPath(const std::string& dir, std::span<const uint8_t> bytes) {
  uint64_t hash = 0xCBF29CE484222325ull;
  for (uint8_t b : bytes) hash = (hash ^ b) * 0x100000001B3ull;
  return formatText("%s/%016llx.ember", dir.c_str(), static_cast<unsigned long long>(hash));
}

Config scriptConfig(const ExecutionOptions& options) {
  Config config = makeConfig(options);
  config.maxStoreMemoryBytes += kSpectestMemoryBytes;
  return config;
}

}  // namespace

struct SessionEngine::State {
  explicit State(const ExecutionOptions& o) : options(o), engine(scriptConfig(o)) {}
  ExecutionOptions options;
  Engine engine;
};

SessionEngine::SessionEngine(const ExecutionOptions& options)
    : state_(std::make_unique<State>(options)) {}
SessionEngine::~SessionEngine() = default;

struct ScriptSession::State {
  State(SessionEngine::State& shared, HostRefs& r)
      : engine(shared.engine),
        store(engine),
        refs(r),
        enabled(shared.options.engine != EngineChoice::None),
        viaArtifact(shared.options.viaArtifact),
        artifactDir(shared.options.artifactDir) {
    if (enabled) defineSpectestModule(store, linker);
  }

  Engine& engine;
  Store store;
  Linker linker;
  HostRefs& refs;
  bool enabled;
  bool viaArtifact;
  std::string artifactDir;
  ModuleSlot current{SessionStatus::Error, "no module defined yet", nullptr};
  std::unordered_map<std::string, ModuleSlot> named;
  // Import module names whose instance was skipped: an unlinkable import
  // from one of them is a consequence of the skip, not a failure.
  std::set<std::string> skippedRegistrations;

  void setModule(const std::string& name, ModuleSlot slot) {
    Instance* replaced[] = {current.instance, name.empty() ? nullptr : named[name].instance};
    if (!name.empty()) named[name] = slot;
    current = std::move(slot);
    for (Instance* old : replaced) retireIfUnreachable(old);
  }
  // A module's instance that no command can name any more (neither current
  // nor named) goes away when the store allows it (Store::reclaimInstance:
  // never registered, nothing imported that could carry its references
  // out), so its memory reservation serves the next module: scripts such
  // as memory_copy define dozens of modules.
  void retireIfUnreachable(Instance* instance) {
    if (!instance || instance == current.instance) return;
    for (const auto& entry : named)
      if (entry.second.instance == instance) return;
    store.reclaimInstance(instance);
  }
  const ModuleSlot* find(const std::string& name) const {
    if (name.empty()) return &current;
    auto it = named.find(name);
    return it == named.end() ? nullptr : &it->second;
  }
  bool importsSkipped(const Module& module) const {
    for (const Import& import : module.imports)
      if (skippedRegistrations.count(import.module)) return true;
    return false;
  }
  Result<Instance*> instantiate(std::span<const uint8_t> bytes, SessionResult& failure);
  Result<Instance*> instantiate(Result<std::shared_ptr<const CompiledModule>> compiled,
                                SessionResult& failure);
  SessionResult invoke(const Instance& instance, const SpecAction& action);
  SessionResult get(const Instance& instance, const SpecAction& action);
};

Result<Instance*> ScriptSession::State::instantiate(std::span<const uint8_t> bytes,
                                                    SessionResult& failure) {
#if EMBER_HAVE_ARTIFACTS
  // An artifact kept from an earlier run (--artifact-dir) is loaded as is.
  const std::string kept = artifactDir.empty() ? std::string() : artifactPath(artifactDir, bytes);
  if (!kept.empty()) {
    if (auto saved = readFileBytes(kept)) return instantiate(loadArtifact(engine, *saved), failure);
  }
#endif
  auto compiled = compileModule(engine, bytes);
#if EMBER_HAVE_ARTIFACTS
  // The directly compiled module is dropped once saved, so only the
  // loaded copy (its code at another address) runs.
  if (compiled && viaArtifact) {
    auto artifact = serializeModule(**compiled);
    if (artifact && !kept.empty()) writeFileBytes(kept, *artifact);
    compiled = artifact ? loadArtifact(engine, *artifact)
                        : Result<std::shared_ptr<const CompiledModule>>(artifact.takeError());
  }
#endif
  return instantiate(std::move(compiled), failure);
}

Result<Instance*> ScriptSession::State::instantiate(
    Result<std::shared_ptr<const CompiledModule>> compiled, SessionResult& failure) {
  if (!compiled) {
    failure = fromError(compiled.error());
    return compiled.takeError();
  }
  std::shared_ptr<const CompiledModule> module = *compiled;
  auto instance = linker.instantiate(store, module);
  if (!instance) {
    failure = fromError(instance.error());
    if (instance.error().kind() == ErrorKind::Unlinkable && importsSkipped(moduleOf(*module)))
      failure = SessionResult::skipped("imports from a module that was skipped");
    return instance.takeError();
  }
  return *instance;
}

// An export, for the length of one action: found through the module's
// export list, since Instance::exportByName counts as handing the export
// out for good (the instance could then never be reclaimed). An action
// keeps nothing: a reference it returns is only compared.
Extern exportForAction(const Instance& instance, const std::string& name) {
  for (const Export& e : moduleOf(instance.module()).exports) {
    if (e.name != name) continue;
    if (e.kind == ExternKind::Func) return Extern::of(instance.function(e.index));
    if (e.kind == ExternKind::Global) return Extern::of(instance.global(e.index));
    return {};
  }
  return {};
}

SessionResult ScriptSession::State::invoke(const Instance& instance, const SpecAction& action) {
  Extern ext = exportForAction(instance, action.field);
  if (!ext.object || ext.kind != ExternKind::Func)
    return SessionResult::error(ErrorKind::Unlinkable,
                                "no exported function '" + action.field + "'");
  auto* func = static_cast<Function*>(ext.object);
  const FuncType& type = functionType(func);
  if (type.params.size() != action.args.size())
    return SessionResult::error(ErrorKind::Invalid,
                                "argument count does not match " + type.toString());
  std::vector<Value> args;
  for (size_t i = 0; i < action.args.size(); ++i) {
    if (action.args[i].type != type.params[i])
      return SessionResult::error(ErrorKind::Invalid,
                                  "argument types do not match " + type.toString());
    args.push_back(toRuntimeValue(toRawArgument(action.args[i], refs)));
  }
  std::vector<Value> results(type.results.size());
  auto called = store.call(func, args, results);
  if (!called) return fromError(called.error());
  SessionResult r;
  for (const Value& v : results) r.values.push_back(toRawValue(v));
  return r;
}

SessionResult ScriptSession::State::get(const Instance& instance, const SpecAction& action) {
  Extern ext = exportForAction(instance, action.field);
  if (!ext.object || ext.kind != ExternKind::Global)
    return SessionResult::error(ErrorKind::Unlinkable, "no exported global '" + action.field + "'");
  SessionResult r;
  r.values.push_back(toRawValue(globalValue(static_cast<const GlobalInstance*>(ext.object))));
  return r;
}

ScriptSession::ScriptSession(SessionEngine& engine, HostRefs& refs)
    : state_(std::make_unique<State>(engine.state(), refs)) {}
ScriptSession::~ScriptSession() = default;

bool ScriptSession::canExecute() const { return state_->enabled; }

SessionResult ScriptSession::defineModule(std::span<const uint8_t> bytes, const std::string& name) {
  SessionResult failure;
  auto instance = state_->instantiate(bytes, failure);
  if (!instance) {
    state_->setModule(name, ModuleSlot{failure.status, failure.message, nullptr});
    return failure;
  }
  state_->setModule(name, ModuleSlot{SessionStatus::Ok, {}, *instance});
  return {};
}

void ScriptSession::defineBrokenModule(const std::string& name, const std::string& reason) {
  state_->setModule(name, ModuleSlot{SessionStatus::Error, reason, nullptr});
}

SessionResult ScriptSession::registerModule(const std::string& name, const std::string& as) {
  const ModuleSlot* slot = state_->find(name);
  if (!slot) return SessionResult::error(ErrorKind::Unlinkable, "no module named " + name);
  if (slot->status == SessionStatus::Skipped) {
    state_->skippedRegistrations.insert(as);
    return SessionResult::skipped(slot->reason);
  }
  if (slot->status == SessionStatus::Error)
    return SessionResult::error(ErrorKind::Unlinkable, "module failed earlier: " + slot->reason);
  state_->linker.defineInstance(as, slot->instance);
  return {};
}

SessionResult ScriptSession::instantiateOnly(std::span<const uint8_t> bytes) {
  SessionResult failure;
  auto instance = state_->instantiate(bytes, failure);
  return instance ? SessionResult{} : failure;
}

SessionResult ScriptSession::runAction(const SpecAction& action) {
  const ModuleSlot* slot = state_->find(action.module);
  if (!slot) return SessionResult::error(ErrorKind::Unlinkable, "no module named " + action.module);
  if (slot->status == SessionStatus::Skipped) return SessionResult::skipped(slot->reason);
  if (slot->status == SessionStatus::Error)
    return SessionResult::error(ErrorKind::Unlinkable, "module failed earlier: " + slot->reason);
  return action.type == SpecAction::Type::Invoke ? state_->invoke(*slot->instance, action)
                                                 : state_->get(*slot->instance, action);
}

}  // namespace ember::tools
