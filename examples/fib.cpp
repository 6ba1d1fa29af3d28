// Embedding Ember through the C++ API: a host function from a lambda and a
// typed call. Usage: fib_cpp fib.wasm
#include <cstdio>
#include <fstream>
#include <iterator>
#include <vector>

#include <ember/ember.hpp>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  std::ifstream in(argv[1], std::ios::binary);
  std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in), {}};

  ember::api::Engine engine;
  ember::api::Store store(engine);
  auto module = ember::api::Module::compile(store, bytes);
  if (!module) {
    std::fprintf(stderr, "compile: %s\n", module.error().message.c_str());
    return 1;
  }
  ember::api::Linker linker(store);
  (void)linker.func("env", "log", [](int32_t n) { std::printf("wasm says: fib(%d)\n", n); });
  auto instance = linker.instantiate(*module);
  if (!instance) {
    std::fprintf(stderr, "instantiate: %s\n", instance.error().message.c_str());
    return 1;
  }
  auto run = instance->func<int32_t(int32_t)>("run");
  auto result = run(20);
  if (!result) {
    std::fprintf(stderr, "trap: %s\n", result.error().message.c_str());
    return 1;
  }
  std::printf("fib(20) = %d\n", *result);
  return *result == 6765 ? 0 : 1;
}
