// The C++ API for embedders (a game engine, a plugin host): RAII handles
// over the C API (ember/wasm.h, ember/ember.h), host functions from typed
// callables, and typed calls that return a value or a trap. Header-only;
// no exceptions are thrown.
//
//   ember::api::Engine engine;
//   ember::api::Store store(engine);
//   auto module = ember::api::Module::compile(store, bytes);      // Result<Module>
//   ember::api::Linker linker(store);
//   linker.func("env", "log", [](int32_t x) { printf("%d\n", x); });
//   auto instance = linker.instantiate(*module);                 // Result<Instance>
//   auto fib = instance->func<int32_t(int32_t)>("fib");
//   ember::api::Result<int32_t> r = fib(20);                     // value or trap
//
// Types a signature may use: int32_t, uint32_t, int64_t, uint64_t, float,
// double; several results as std::tuple<...>. A host callable may return
// Result<T> to trap with a message.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "ember.h"
#include "wasm.h"

namespace ember::api {

// One wasm frame of a trap, innermost first (wasm_frame_t): offsets are
// SIZE_MAX when the engine did not record them (the JIT, today).
struct Frame {
  uint32_t funcIndex = 0;
  size_t funcOffset = SIZE_MAX;    // from the start of the function's body
  size_t moduleOffset = SIZE_MAX;  // from the start of the module
};

// Why something failed: a trap or error message.
struct Error {
  Error() = default;
  Error(std::string m, std::optional<ember_trap_code_t> code = std::nullopt)
      : message(std::move(m)), trapCode(code) {}

  std::string message;
  // A trap raised by wasm code: its code (EMBER_TRAP_INTERRUPTED, ...).
  std::optional<ember_trap_code_t> trapCode;
  // A trap's wasm frames, innermost first.
  std::vector<Frame> frames;
};

// A value or an Error; `void` for calls without results.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}
  Result(Error error) : error_(std::move(error)) {}
  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }
  T& value() { return *value_; }
  const T& value() const { return *value_; }
  T& operator*() { return *value_; }
  T* operator->() { return &*value_; }
  const Error& error() const { return error_; }

 private:
  std::optional<T> value_;
  Error error_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : ok_(false), error_(std::move(error)) {}
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }

 private:
  bool ok_ = true;
  Error error_;
};

namespace detail {

// An owning pointer to a C API object, released with its delete function.
template <typename T, void (*Delete)(T*)>
class Handle {
 public:
  Handle() = default;
  explicit Handle(T* p) : p_(p) {}
  Handle(Handle&& o) noexcept : p_(std::exchange(o.p_, nullptr)) {}
  Handle& operator=(Handle&& o) noexcept {
    if (this != &o) {
      reset();
      p_ = std::exchange(o.p_, nullptr);
    }
    return *this;
  }
  ~Handle() { reset(); }
  T* get() const { return p_; }
  explicit operator bool() const { return p_ != nullptr; }

 private:
  void reset() {
    if (p_) Delete(p_);
    p_ = nullptr;
  }
  T* p_ = nullptr;
};

inline std::string takeMessage(wasm_message_t* m) {
  std::string s(m->data, m->size);
  if (!s.empty() && s.back() == '\0') s.pop_back();
  wasm_byte_vec_delete(m);
  return s;
}

inline Error errorFromTrap(wasm_trap_t* trap) {
  wasm_message_t m;
  wasm_trap_message(trap, &m);
  std::optional<ember_trap_code_t> code;
  if (ember_trap_code_t c; ember_trap_code(trap, &c)) code = c;
  Error error{takeMessage(&m), code};
  wasm_frame_vec_t trace;
  wasm_trap_trace(trap, &trace);
  for (size_t i = 0; i < trace.size; ++i)
    error.frames.push_back({wasm_frame_func_index(trace.data[i]),
                            wasm_frame_func_offset(trace.data[i]),
                            wasm_frame_module_offset(trace.data[i])});
  wasm_frame_vec_delete(&trace);
  wasm_trap_delete(trap);
  return error;
}

inline Error errorFrom(ember_error_t* e) {
  wasm_name_t m;
  ember_error_message(e, &m);
  ember_error_delete(e);
  return Error{takeMessage(&m)};
}

// --- Wasm values <-> C++ scalars ------------------------------------------------

template <typename T>
struct ValTraits;
template <>
struct ValTraits<int32_t> {
  static constexpr wasm_valkind_t kind = WASM_I32;
  static wasm_val_t to(int32_t v) { return wasm_val_t{WASM_I32, {.i32 = v}}; }
  static int32_t from(const wasm_val_t& v) { return v.of.i32; }
};
template <>
struct ValTraits<uint32_t> {
  static constexpr wasm_valkind_t kind = WASM_I32;
  static wasm_val_t to(uint32_t v) { return wasm_val_t{WASM_I32, {.i32 = static_cast<int32_t>(v)}}; }
  static uint32_t from(const wasm_val_t& v) { return static_cast<uint32_t>(v.of.i32); }
};
template <>
struct ValTraits<int64_t> {
  static constexpr wasm_valkind_t kind = WASM_I64;
  static wasm_val_t to(int64_t v) { return wasm_val_t{WASM_I64, {.i64 = v}}; }
  static int64_t from(const wasm_val_t& v) { return v.of.i64; }
};
template <>
struct ValTraits<uint64_t> {
  static constexpr wasm_valkind_t kind = WASM_I64;
  static wasm_val_t to(uint64_t v) { return wasm_val_t{WASM_I64, {.i64 = static_cast<int64_t>(v)}}; }
  static uint64_t from(const wasm_val_t& v) { return static_cast<uint64_t>(v.of.i64); }
};
template <>
struct ValTraits<float> {
  static constexpr wasm_valkind_t kind = WASM_F32;
  static wasm_val_t to(float v) { return wasm_val_t{WASM_F32, {.f32 = v}}; }
  static float from(const wasm_val_t& v) { return v.of.f32; }
};
template <>
struct ValTraits<double> {
  static constexpr wasm_valkind_t kind = WASM_F64;
  static wasm_val_t to(double v) { return wasm_val_t{WASM_F64, {.f64 = v}}; }
  static double from(const wasm_val_t& v) { return v.of.f64; }
};

// The result list of a signature's return type: void, one value, or a tuple.
template <typename R>
struct Results {
  using Tuple = std::tuple<R>;
  static R fromTuple(Tuple t) { return std::get<0>(std::move(t)); }
  static Tuple toTuple(R r) { return Tuple(std::move(r)); }
};
template <>
struct Results<void> {
  using Tuple = std::tuple<>;
};
template <typename... Rs>
struct Results<std::tuple<Rs...>> {
  using Tuple = std::tuple<Rs...>;
  static Tuple fromTuple(Tuple t) { return t; }
  static Tuple toTuple(Tuple t) { return t; }
};

template <typename... Ts>
wasm_valtype_vec_t valTypes(std::tuple<Ts...>*) {
  wasm_valtype_t* types[sizeof...(Ts) + 1] = {wasm_valtype_new(ValTraits<Ts>::kind)...};
  wasm_valtype_vec_t v;
  wasm_valtype_vec_new(&v, sizeof...(Ts), types);
  return v;
}

template <typename Params, typename ResultTuple>
wasm_functype_t* newFuncType() {
  wasm_valtype_vec_t params = valTypes(static_cast<Params*>(nullptr));
  wasm_valtype_vec_t results = valTypes(static_cast<ResultTuple*>(nullptr));
  return wasm_functype_new(&params, &results);
}

template <typename Params, typename ResultTuple>
bool sameFuncType(const wasm_functype_t* t) {
  wasm_functype_t* want = newFuncType<Params, ResultTuple>();
  auto kindsEqual = [](const wasm_valtype_vec_t* a, const wasm_valtype_vec_t* b) {
    if (a->size != b->size) return false;
    for (size_t i = 0; i < a->size; ++i)
      if (wasm_valtype_kind(a->data[i]) != wasm_valtype_kind(b->data[i])) return false;
    return true;
  };
  bool same = kindsEqual(wasm_functype_params(t), wasm_functype_params(want)) &&
              kindsEqual(wasm_functype_results(t), wasm_functype_results(want));
  wasm_functype_delete(want);
  return same;
}

template <typename Tuple, size_t... I>
Tuple tupleFrom(const wasm_val_t* vals, std::index_sequence<I...>) {
  return Tuple(ValTraits<std::tuple_element_t<I, Tuple>>::from(vals[I])...);
}

template <typename Tuple, size_t... I>
void tupleTo(const Tuple& t, wasm_val_t* vals, std::index_sequence<I...>) {
  ((vals[I] = ValTraits<std::tuple_element_t<I, Tuple>>::to(std::get<I>(t))), ...);
}

// --- Callable signatures ---------------------------------------------------------

template <typename T>
struct Signature : Signature<decltype(&T::operator())> {};
template <typename R, typename... Args>
struct Signature<R (*)(Args...)> {
  using Return = R;
  using Params = std::tuple<Args...>;
};
template <typename C, typename R, typename... Args>
struct Signature<R (C::*)(Args...) const> : Signature<R (*)(Args...)> {};
template <typename C, typename R, typename... Args>
struct Signature<R (C::*)(Args...)> : Signature<R (*)(Args...)> {};

// A host callable's return type with an optional Result<> wrapper removed.
template <typename R>
struct Unwrap {
  using Type = R;
};
template <typename R>
struct Unwrap<Result<R>> {
  using Type = R;
};

template <typename F>
struct HostEnv {
  F fn;
  wasm_store_t* store;
};

template <typename F>
wasm_trap_t* trapWith(HostEnv<F>* env, const std::string& message) {
  wasm_message_t m;
  wasm_byte_vec_new(&m, message.size() + 1, message.c_str());
  wasm_trap_t* trap = wasm_trap_new(env->store, &m);
  wasm_byte_vec_delete(&m);
  return trap;
}

// Unpacks arguments, calls the callable, packs results (or a trap).
template <typename F>
wasm_trap_t* trampoline(void* envPtr, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  auto* env = static_cast<HostEnv<F>*>(envPtr);
  using Sig = Signature<F>;
  using Params = typename Sig::Params;
  using R = typename Sig::Return;
  using Plain = typename Unwrap<R>::Type;
  Params params = tupleFrom<Params>(args->data, std::make_index_sequence<std::tuple_size_v<Params>>());
  auto invoke = [&]() -> decltype(auto) { return std::apply(env->fn, std::move(params)); };
  if constexpr (std::is_void_v<R>) {
    invoke();
  } else {
    R r = invoke();
    if constexpr (!std::is_same_v<R, Plain>) {
      if (!r) return trapWith(env, r.error().message);
      if constexpr (!std::is_void_v<Plain>) {
        using Tuple = typename Results<Plain>::Tuple;
        tupleTo(Results<Plain>::toTuple(std::move(r.value())), results->data,
                std::make_index_sequence<std::tuple_size_v<Tuple>>());
      }
    } else {
      using Tuple = typename Results<Plain>::Tuple;
      tupleTo(Results<Plain>::toTuple(std::move(r)), results->data,
              std::make_index_sequence<std::tuple_size_v<Tuple>>());
    }
  }
  return nullptr;
}

template <typename F>
void deleteEnv(void* env) {
  delete static_cast<HostEnv<F>*>(env);
}

}  // namespace detail

// --- Engine and store ---------------------------------------------------------------

enum class EngineKind : uint8_t { Interpreter = EMBER_ENGINE_INTERPRETER, Jit = EMBER_ENGINE_JIT };
enum class Profiler : uint8_t {
  None = EMBER_PROFILER_NONE,
  PerfMap = EMBER_PROFILER_PERFMAP,
  JitDump = EMBER_PROFILER_JITDUMP
};

// Engine settings; see ember/ember.h for each.
struct Config {
  // Unset: the library's default (the interpreter, or the JIT in a build
  // without the interpreter).
  std::optional<EngineKind> engine;
  bool explicitBoundsChecks = false;
  uint32_t maxCallDepth = 10000;
  std::optional<uint64_t> maxMemoryPages;
  std::optional<uint32_t> maxTableElements;
  // Interruption: Engine::incrementEpoch + Store::setEpochDeadline, and
  // Store::setFuel (one unit per function entry or loop iteration).
  bool epochInterruption = false;
  bool consumeFuel = false;
  size_t wasmStackSize = 0;  // bytes; 0: the host's limits only
  std::optional<uint32_t> maxInstances;
  std::optional<uint32_t> maxMemories;
  std::optional<uint32_t> maxTables;
  Profiler profiler = Profiler::None;  // perf map or jitdump for JIT code
  bool debugInfo = false;              // GDB JIT interface
  std::optional<uint64_t> maxStoreMemoryBytes;
  std::optional<uint64_t> maxStoreTableElements;
  // JIT compile threads; unset: one per processor. Same code for any count.
  std::optional<uint32_t> compileThreads;
  bool largePageMemory = false;  // large pages for linear memories (ember.h says when)
};

class Engine {
 public:
  explicit Engine(const Config& config = {}) {
    wasm_config_t* c = wasm_config_new();
    if (config.engine) ember_config_engine_set(c, static_cast<ember_engine_kind_t>(*config.engine));
    ember_config_bounds_mode_set(c, config.explicitBoundsChecks ? EMBER_BOUNDS_CHECKS
                                                                : EMBER_BOUNDS_SIGNALS);
    ember_config_max_call_depth_set(c, config.maxCallDepth);
    if (config.maxMemoryPages) ember_config_max_memory_pages_set(c, *config.maxMemoryPages);
    if (config.maxTableElements) ember_config_max_table_elements_set(c, *config.maxTableElements);
    ember_config_epoch_interruption_set(c, config.epochInterruption);
    ember_config_consume_fuel_set(c, config.consumeFuel);
    ember_config_wasm_stack_size_set(c, config.wasmStackSize);
    if (config.maxInstances) ember_config_max_instances_set(c, *config.maxInstances);
    if (config.maxMemories) ember_config_max_memories_set(c, *config.maxMemories);
    if (config.maxTables) ember_config_max_tables_set(c, *config.maxTables);
    ember_config_profiler_set(c, static_cast<ember_profiler_t>(config.profiler));
    ember_config_debug_info_set(c, config.debugInfo);
    if (config.maxStoreMemoryBytes)
      ember_config_max_store_memory_bytes_set(c, *config.maxStoreMemoryBytes);
    if (config.maxStoreTableElements)
      ember_config_max_store_table_elements_set(c, *config.maxStoreTableElements);
    if (config.compileThreads) ember_config_compile_threads_set(c, *config.compileThreads);
    ember_config_large_page_memory_set(c, config.largePageMemory);
    engine_ = detail::Handle<wasm_engine_t, wasm_engine_delete>(wasm_engine_new_with_config(c));
  }
  wasm_engine_t* get() const { return engine_.get(); }
  // Thread-safe and async-signal-safe: a watchdog may call it.
  void incrementEpoch() { ember_engine_increment_epoch(engine_.get()); }

 private:
  detail::Handle<wasm_engine_t, wasm_engine_delete> engine_;
};

// Everything instantiated lives until its store is destroyed. One thread
// at a time.
class Store {
 public:
  explicit Store(Engine& engine) : store_(wasm_store_new(engine.get())) {}
  wasm_store_t* get() const { return store_.get(); }

  // Code traps "interrupted" once the engine's epoch reaches now + ticks.
  void setEpochDeadline(uint64_t ticks) { ember_store_set_epoch_deadline(store_.get(), ticks); }
  // Errors unless Config::consumeFuel.
  Result<void> setFuel(uint64_t fuel) {
    if (ember_error_t* e = ember_store_set_fuel(store_.get(), fuel)) return detail::errorFrom(e);
    return {};
  }
  Result<uint64_t> fuel() const {
    uint64_t fuel = 0;
    if (ember_error_t* e = ember_store_get_fuel(store_.get(), &fuel)) return detail::errorFrom(e);
    return fuel;
  }

 private:
  detail::Handle<wasm_store_t, wasm_store_delete> store_;
};

class Module {
 public:
  static Result<Module> compile(Store& store, std::span<const uint8_t> bytes) {
    wasm_byte_vec_t binary{bytes.size(), reinterpret_cast<byte_t*>(const_cast<uint8_t*>(bytes.data()))};
    wasm_module_t* m = nullptr;
    if (ember_error_t* e = ember_module_new(store.get(), &binary, &m)) return detail::errorFrom(e);
    return Module(m);
  }
  // Precompiled artifacts (ember.h): the JIT's code and the metadata, which
  // deserialize loads without compiling, after checking the file and that
  // the store's engine and this host match what the code assumes. `bytes`
  // may be freed (or live in read-only flash) once deserialize returns. A
  // module the interpreter compiled serialises as its WebAssembly binary,
  // which deserialize compiles again.
  static Result<Module> deserialize(Store& store, std::span<const uint8_t> bytes) {
    wasm_module_t* m = nullptr;
    if (ember_error_t* e = ember_module_deserialize_raw(store.get(), bytes.data(), bytes.size(), &m))
      return detail::errorFrom(e);
    return Module(m);
  }
  Result<std::vector<uint8_t>> serialize() const {
    wasm_byte_vec_t out;
    if (ember_error_t* e = ember_module_serialize(module_.get(), &out)) return detail::errorFrom(e);
    std::vector<uint8_t> bytes(reinterpret_cast<const uint8_t*>(out.data),
                               reinterpret_cast<const uint8_t*>(out.data) + out.size);
    wasm_byte_vec_delete(&out);
    return bytes;
  }
  wasm_module_t* get() const { return module_.get(); }

 private:
  explicit Module(wasm_module_t* m) : module_(m) {}
  detail::Handle<wasm_module_t, wasm_module_delete> module_;
};

// --- Functions and memories ----------------------------------------------------------

template <typename Sig>
class TypedFunc;

// A wasm function with a signature checked when it was looked up; calling
// it returns the result(s) or the trap.
template <typename R, typename... Args>
class TypedFunc<R(Args...)> {
 public:
  TypedFunc() = default;
  explicit TypedFunc(wasm_func_t* f) : func_(f) {}
  explicit operator bool() const { return static_cast<bool>(func_); }

  Result<R> operator()(Args... args) const {
    using Tuple = typename detail::Results<R>::Tuple;
    constexpr size_t kResults = std::tuple_size_v<Tuple>;
    wasm_val_t in[sizeof...(Args) + 1] = {detail::ValTraits<Args>::to(args)...};
    wasm_val_t out[kResults + 1] = {};
    wasm_val_vec_t argVec{sizeof...(Args), in};
    wasm_val_vec_t resultVec{kResults, out};
    if (wasm_trap_t* trap = wasm_func_call(func_.get(), &argVec, &resultVec))
      return detail::errorFromTrap(trap);
    if constexpr (std::is_void_v<R>) {
      return Result<void>();
    } else {
      return detail::Results<R>::fromTuple(
          detail::tupleFrom<Tuple>(out, std::make_index_sequence<kResults>()));
    }
  }

 private:
  detail::Handle<wasm_func_t, wasm_func_delete> func_;
};

// A view of a linear memory; data() may change after grow().
class Memory {
 public:
  Memory() = default;
  explicit Memory(wasm_memory_t* m) : memory_(m) {}
  explicit operator bool() const { return static_cast<bool>(memory_); }
  uint8_t* data() const { return reinterpret_cast<uint8_t*>(wasm_memory_data(memory_.get())); }
  size_t size() const { return wasm_memory_data_size(memory_.get()); }
  uint32_t pages() const { return wasm_memory_size(memory_.get()); }
  bool grow(uint32_t deltaPages) { return wasm_memory_grow(memory_.get(), deltaPages); }

 private:
  detail::Handle<wasm_memory_t, wasm_memory_delete> memory_;
};

// --- Instances and the linker ------------------------------------------------------------

class Instance {
 public:
  // An empty TypedFunc when there is no such exported function or its type
  // differs from Sig.
  template <typename Sig>
  TypedFunc<Sig> func(std::string_view name) const {
    wasm_extern_t* ext = exportNamed(name);
    wasm_func_t* f = ext ? wasm_extern_as_func(ext) : nullptr;
    if (!f) {
      if (ext) wasm_extern_delete(ext);
      return TypedFunc<Sig>();
    }
    wasm_functype_t* type = wasm_func_type(f);
    bool matches = matchesSig(type, static_cast<Sig*>(nullptr));
    wasm_functype_delete(type);
    if (!matches) {
      wasm_func_delete(f);
      return TypedFunc<Sig>();
    }
    return TypedFunc<Sig>(f);
  }

  Memory memory(std::string_view name) const {
    wasm_extern_t* ext = exportNamed(name);
    wasm_memory_t* m = ext ? wasm_extern_as_memory(ext) : nullptr;
    if (!m && ext) wasm_extern_delete(ext);
    return Memory(m);
  }

  wasm_instance_t* get() const { return instance_.get(); }

 private:
  friend class Linker;
  friend Result<int> runWasiCommand(const Instance&);
  Instance(wasm_instance_t* i, const Module& module) : instance_(i) {
    wasm_exporttype_vec_t exports;
    wasm_module_exports(module.get(), &exports);
    for (size_t i = 0; i < exports.size; ++i) {
      const wasm_name_t* n = wasm_exporttype_name(exports.data[i]);
      names_.emplace_back(n->data, n->size);
    }
    wasm_exporttype_vec_delete(&exports);
  }

  template <typename R, typename... Args>
  static bool matchesSig(const wasm_functype_t* type, R (*)(Args...)) {
    return detail::sameFuncType<std::tuple<Args...>, typename detail::Results<R>::Tuple>(type);
  }

  // A new handle to the export `name`, or nullptr.
  wasm_extern_t* exportNamed(std::string_view name) const {
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance_.get(), &exports);
    wasm_extern_t* found = nullptr;
    for (size_t i = 0; i < exports.size && i < names_.size(); ++i) {
      if (names_[i] == name) {
        found = exports.data[i];
        exports.data[i] = nullptr;
        break;
      }
    }
    wasm_extern_vec_delete(&exports);
    return found;
  }

  detail::Handle<wasm_instance_t, wasm_instance_delete> instance_;
  std::vector<std::string> names_;
};

// --- WASI --------------------------------------------------------------------------

// What a WASI guest is given (ember.h, "WASI"): arguments, environment,
// stdio and preopened directories. Linker::defineWasi consumes it.
class WasiConfig {
 public:
  WasiConfig() : config_(ember_wasi_config_new()) {}
  WasiConfig(WasiConfig&& o) noexcept : config_(std::exchange(o.config_, nullptr)) {}
  WasiConfig& operator=(WasiConfig&& o) noexcept {
    if (this != &o) {
      if (config_) ember_wasi_config_delete(config_);
      config_ = std::exchange(o.config_, nullptr);
    }
    return *this;
  }
  ~WasiConfig() {
    if (config_) ember_wasi_config_delete(config_);
  }

  // argv, argv[0] (the program name) included.
  WasiConfig& argv(const std::vector<std::string>& args) {
    std::vector<const char*> p;
    for (const std::string& a : args) p.push_back(a.c_str());
    ember_wasi_config_set_argv(config_, static_cast<int>(p.size()), p.data());
    return *this;
  }
  // (NAME, VALUE) pairs.
  WasiConfig& env(const std::vector<std::pair<std::string, std::string>>& vars) {
    std::vector<const char*> names, values;
    for (const auto& [n, v] : vars) names.push_back(n.c_str()), values.push_back(v.c_str());
    ember_wasi_config_set_env(config_, static_cast<int>(vars.size()), names.data(), values.data());
    return *this;
  }
  // Guest stdio is closed unless inherited or redirected to a file.
  WasiConfig& inheritStdio() {
    ember_wasi_config_inherit_stdio(config_);
    return *this;
  }
  Result<void> stdinFile(const std::string& path) {
    return check(ember_wasi_config_set_stdin_file(config_, path.c_str()));
  }
  Result<void> stdoutFile(const std::string& path) {
    return check(ember_wasi_config_set_stdout_file(config_, path.c_str()));
  }
  Result<void> stderrFile(const std::string& path) {
    return check(ember_wasi_config_set_stderr_file(config_, path.c_str()));
  }
  Result<void> preopenDir(const std::string& hostPath, const std::string& guestPath) {
    return check(ember_wasi_config_preopen_dir(config_, hostPath.c_str(), guestPath.c_str()));
  }

  // Gives up the C object (for ember_linker_define_wasi, which takes it).
  ember_wasi_config_t* release() { return std::exchange(config_, nullptr); }

 private:
  static Result<void> check(ember_error_t* e) {
    if (e) return detail::errorFrom(e);
    return Result<void>();
  }
  ember_wasi_config_t* config_;
};

// Definitions by (module, name), and instantiation that resolves imports
// against them.
class Linker {
 public:
  explicit Linker(Store& store) : store_(store.get()), linker_(ember_linker_new(store.get())) {}

  // Defines a host function from a callable; parameter and result types
  // come from the callable's signature.
  template <typename F>
  Result<void> func(std::string_view module, std::string_view name, F fn) {
    using Sig = detail::Signature<F>;
    using Plain = typename detail::Unwrap<typename Sig::Return>::Type;
    wasm_functype_t* type =
        detail::newFuncType<typename Sig::Params, typename detail::Results<Plain>::Tuple>();
    auto* env = new detail::HostEnv<F>{std::move(fn), store_};
    wasm_func_t* f = wasm_func_new_with_env(store_, type, detail::trampoline<F>, env,
                                            detail::deleteEnv<F>);
    wasm_functype_delete(type);
    Result<void> r = define(module, name, wasm_func_as_extern(f));
    wasm_func_delete(f);
    return r;
  }

  Result<void> define(std::string_view module, std::string_view name, wasm_extern_t* item) {
    std::string m(module), n(name);
    if (ember_error_t* e = ember_linker_define(linker_.get(), m.c_str(), n.c_str(), item))
      return detail::errorFrom(e);
    return Result<void>();
  }

  Result<void> defineInstance(std::string_view module, const Instance& instance) {
    std::string m(module);
    if (ember_error_t* e = ember_linker_define_instance(linker_.get(), m.c_str(), instance.get()))
      return detail::errorFrom(e);
    return Result<void>();
  }

  // Defines the wasi_snapshot_preview1 (and wasi_unstable) imports over `config`; the guest's
  // WASI state then lives as long as the store.
  Result<void> defineWasi(WasiConfig&& config) {
    if (ember_error_t* e = ember_linker_define_wasi(linker_.get(), config.release()))
      return detail::errorFrom(e);
    return Result<void>();
  }

  Result<Instance> instantiate(const Module& module) const {
    wasm_instance_t* instance = nullptr;
    wasm_trap_t* trap = nullptr;
    if (ember_error_t* e = ember_linker_instantiate(linker_.get(), module.get(), &instance, &trap))
      return detail::errorFrom(e);
    if (trap) return detail::errorFromTrap(trap);
    return Instance(instance, module);
  }

 private:
  wasm_store_t* store_;
  detail::Handle<ember_linker_t, ember_linker_delete> linker_;
};

// Runs a WASI command's `_start`: its exit status (0 when `_start` returns,
// proc_exit's code when it exits), or the Error of any other trap.
inline Result<int> runWasiCommand(const Instance& instance) {
  wasm_extern_t* ext = instance.exportNamed("_start");
  wasm_func_t* start = ext ? wasm_extern_as_func(ext) : nullptr;
  if (!start || wasm_func_param_arity(start) != 0 || wasm_func_result_arity(start) != 0) {
    if (ext) wasm_extern_delete(ext);
    return Error{"no exported function '_start' of type [] -> []", std::nullopt};
  }
  wasm_val_vec_t none{0, nullptr};
  wasm_val_vec_t results{0, nullptr};
  wasm_trap_t* trap = wasm_func_call(start, &none, &results);
  wasm_extern_delete(ext);
  if (!trap) return 0;
  int status = 0;
  if (!ember_trap_exit_status(trap, &status)) return detail::errorFromTrap(trap);
  wasm_trap_delete(trap);
  return status;
}

}  // namespace ember::api
