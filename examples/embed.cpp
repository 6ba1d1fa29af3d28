// Embedding Ember from C++ (ember/ember.hpp), in four parts:
//   1. a host callback (a lambda) that reads a string out of guest memory,
//   2. a guest function whose result the host reads from guest memory,
//   3. a trap, printed with its message and backtrace,
//   4. a timeout: an endless loop interrupted from another thread after
//      ~50 ms through epoch interruption.
// Usage: embed_cpp embed.wasm [interp|jit]
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string_view>
#include <thread>
#include <vector>

#include <ember/ember.hpp>

namespace api = ember::api;

namespace {

// The C handle of export `name` (the caller deletes it), for what the C++
// API does not wrap: the C API's exports come in the module's export order.
wasm_extern_t* exportHandle(const api::Module& module, const api::Instance& instance,
                            std::string_view name) {
  wasm_exporttype_vec_t types;
  wasm_module_exports(module.get(), &types);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance.get(), &exports);
  wasm_extern_t* found = nullptr;
  for (size_t i = 0; i < types.size && i < exports.size; ++i) {
    const wasm_name_t* n = wasm_exporttype_name(types.data[i]);
    if (std::string_view(n->data, n->size) == name) {
      found = exports.data[i];
      exports.data[i] = nullptr;
      break;
    }
  }
  wasm_extern_vec_delete(&exports);
  wasm_exporttype_vec_delete(&types);
  return found;
}

// Part 3's backtrace: a typed call gives the trap's message as an Error;
// the frames are read from the C trap of the same call.
void printBacktrace(const api::Module& module, const api::Instance& instance) {
  wasm_extern_t* average = exportHandle(module, instance, "average");
  wasm_val_t in[2] = {WASM_I32_VAL(10), WASM_I32_VAL(0)};
  wasm_val_t out[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args{2, in}, results{1, out};
  if (wasm_trap_t* trap = wasm_func_call(wasm_extern_as_func(average), &args, &results)) {
    wasm_frame_vec_t trace;
    wasm_trap_trace(trap, &trace);
    for (size_t i = 0; i < trace.size; ++i)
      std::printf("  #%zu func[%u] at offset %zu\n", i, wasm_frame_func_index(trace.data[i]),
                  wasm_frame_func_offset(trace.data[i]));
    wasm_frame_vec_delete(&trace);
    wasm_trap_delete(trap);
  }
  wasm_extern_delete(average);
}

// Part 4: the store's deadline is one epoch tick away; a watchdog thread
// ticks the engine's epoch after ~50 ms while `spin` loops.
void runWithTimeout(api::Engine& engine, api::Store& store, const api::Instance& instance) {
  auto spin = instance.func<void()>("spin");
  store.setEpochDeadline(1);
  std::thread watchdog([&engine] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    engine.incrementEpoch();
  });
  auto start = std::chrono::steady_clock::now();
  api::Result<void> r = spin();
  auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start);
  watchdog.join();
  if (!r && r.error().trapCode == EMBER_TRAP_INTERRUPTED)
    std::printf("timeout: interrupted after %.0f ms\n", elapsed.count());
  else
    std::printf("timeout: not interrupted\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: embed_cpp embed.wasm [interp|jit]\n");
    return 2;
  }
  std::ifstream file(argv[1], std::ios::binary);
  std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(file), {}};

  api::Config config;
  if (argc == 3 && std::strcmp(argv[2], "jit") == 0) config.engine = api::EngineKind::Jit;
  config.epochInterruption = true;
  api::Engine engine(config);
  api::Store store(engine);
  auto module = api::Module::compile(store, bytes);
  if (!module) {
    std::fprintf(stderr, "compile: %s\n", module.error().message.c_str());
    return 1;
  }

  // 1. The host callback reads (ptr, len) out of the memory of the instance,
  // which exists only after instantiation: the lambda holds a pointer to it.
  api::Memory memory;
  api::Linker linker(store);
  auto defined = linker.func("env", "log", [&memory](uint32_t ptr, uint32_t len) {
    if (ptr > memory.size() || len > memory.size() - ptr) return;
    std::printf("log: %.*s\n", static_cast<int>(len), memory.data() + ptr);
  });
  if (!defined) {
    std::fprintf(stderr, "define: %s\n", defined.error().message.c_str());
    return 1;
  }
  auto instance = linker.instantiate(*module);
  if (!instance) {
    std::fprintf(stderr, "instantiate: %s\n", instance.error().message.c_str());
    return 1;
  }
  memory = instance->memory("memory");
  (void)instance->func<void()>("greet")();

  // 2. squares(5) returns where its result lies in guest memory.
  if (auto at = instance->func<uint32_t(uint32_t)>("squares")(5)) {
    std::printf("squares:");
    for (uint32_t i = 0; i < 5; ++i) {
      int32_t v;
      std::memcpy(&v, memory.data() + *at + 4 * i, sizeof v);  // wasm memory is little-endian
      std::printf(" %d", v);
    }
    std::printf("\n");
  }

  // 3. average(10, 0) divides by zero inside a nested call.
  auto average = instance->func<int32_t(int32_t, int32_t)>("average");
  if (api::Result<int32_t> r = average(10, 0); !r) {
    std::printf("trap: %s\n", r.error().message.c_str());
    printBacktrace(*module, *instance);
  }

  // 4. spin() loops until the epoch deadline interrupts it.
  runWithTimeout(engine, store, *instance);
  return 0;
}
