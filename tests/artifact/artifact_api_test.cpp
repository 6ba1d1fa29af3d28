// Artifacts through the public APIs: Module::serialize/deserialize (C++),
// wasm_module_serialize/deserialize (wasm.h), ember_module_deserialize_raw
// from a caller-owned, read-only buffer that is gone after loading, and
// moving a loaded module to another engine.
#include <gtest/gtest.h>
#include <sys/mman.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <vector>

#include "ember/ember.hpp"

namespace {

using namespace ember::api;

std::vector<uint8_t> readWasm(const char* name) {
  std::ifstream in(std::string(EMBER_TEST_WASM_DIR) + "/" + name + ".wasm", std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

Config jit() {
  Config c;
  c.engine = EngineKind::Jit;
  return c;
}

// Instantiates `module` with the demo's host import and checks it runs.
void expectDemoRuns(Store& store, const Module& module) {
  Linker linker(store);
  ASSERT_TRUE(linker.func("host", "add", [](int32_t a, int32_t b) { return a + b; }));
  auto instance = linker.instantiate(module);
  ASSERT_TRUE(instance) << instance.error().message;
  auto fib = instance->func<int32_t(int32_t)>("fib");
  ASSERT_TRUE(fib);
  EXPECT_EQ(fib(20).value(), 6765);
  auto bump = instance->func<int32_t()>("bump");
  ASSERT_TRUE(bump);
  EXPECT_EQ(bump().value(), 42);
  auto trap = instance->func<int32_t()>("trap");
  ASSERT_TRUE(trap);
  auto r = trap();
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("integer divide by zero"), std::string::npos);
}

TEST(ArtifactApi, CppSerializeDeserialize) {
  Engine engine(jit());
  Store store(engine);
  auto module = Module::compile(store, readWasm("artifact_demo"));
  ASSERT_TRUE(module) << module.error().message;
  auto bytes = module->serialize();
  ASSERT_TRUE(bytes) << bytes.error().message;
  auto loaded = Module::deserialize(store, *bytes);
  ASSERT_TRUE(loaded) << loaded.error().message;
  expectDemoRuns(store, *loaded);

  bytes->back() ^= 1;
  auto corrupt = Module::deserialize(store, *bytes);
  ASSERT_FALSE(corrupt);
  EXPECT_NE(corrupt.error().message.find("checksum mismatch"), std::string::npos)
      << corrupt.error().message;
}

// The interpreter has no machine code to save: its modules serialise as
// their WebAssembly binary, which deserialising compiles again.
TEST(ArtifactApi, InterpreterModulesSerializeAsTheirBinary) {
  Engine engine;
  Store store(engine);
  const std::vector<uint8_t> wasm = readWasm("artifact_demo");
  auto module = Module::compile(store, wasm);
  ASSERT_TRUE(module);
  auto bytes = module->serialize();
  ASSERT_TRUE(bytes) << bytes.error().message;
  EXPECT_EQ(*bytes, wasm);
  wasm_byte_vec_t out;
  wasm_module_serialize(module->get(), &out);
  EXPECT_EQ(std::vector<uint8_t>(out.data, out.data + out.size), wasm);
  wasm_byte_vec_delete(&out);
  auto restored = Module::deserialize(store, *bytes);
  ASSERT_TRUE(restored) << restored.error().message;
  wasm_exporttype_vec_t exports;
  wasm_module_exports(restored->get(), &exports);
  EXPECT_EQ(exports.size, 7u);
  wasm_exporttype_vec_delete(&exports);
}

TEST(ArtifactApi, WasmHSerializeDeserialize) {
  Engine engine(jit());
  Store store(engine);
  auto module = Module::compile(store, readWasm("artifact_demo"));
  ASSERT_TRUE(module);
  wasm_byte_vec_t artifact;
  wasm_module_serialize(module->get(), &artifact);
  ASSERT_GT(artifact.size, 0u);
  wasm_module_t* loaded = wasm_module_deserialize(store.get(), &artifact);
  ASSERT_NE(loaded, nullptr);
  wasm_exporttype_vec_t exports;
  wasm_module_exports(loaded, &exports);
  EXPECT_EQ(exports.size, 7u);  // memory and six functions, from the metadata
  wasm_exporttype_vec_delete(&exports);
  wasm_module_delete(loaded);
  // A .wasm deserialises by being compiled for the store's engine.
  auto wasm = readWasm("artifact_demo");
  wasm_byte_vec_t binary{wasm.size(), reinterpret_cast<byte_t*>(wasm.data())};
  wasm_module_t* compiled = wasm_module_deserialize(store.get(), &binary);
  ASSERT_NE(compiled, nullptr);
  wasm_module_exports(compiled, &exports);
  EXPECT_EQ(exports.size, 7u);
  wasm_exporttype_vec_delete(&exports);
  wasm_module_delete(compiled);
  wasm_byte_vec_delete(&artifact);
}

// The flash case: the artifact sits in read-only memory the caller owns and
// unmaps right after loading; the module keeps running.
TEST(ArtifactApi, LoadsFromReadOnlyCallerMemoryAndKeepsNoPointerIntoIt) {
  Engine engine(jit());
  Store store(engine);
  auto module = Module::compile(store, readWasm("artifact_demo"));
  ASSERT_TRUE(module);
  auto bytes = module->serialize();
  ASSERT_TRUE(bytes);
  void* page = mmap(nullptr, bytes->size(), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                    -1, 0);
  ASSERT_NE(page, MAP_FAILED);
  std::memcpy(page, bytes->data(), bytes->size());
  ASSERT_EQ(mprotect(page, bytes->size(), PROT_READ), 0);
  wasm_module_t* raw = nullptr;
  ember_error_t* e = ember_module_deserialize_raw(store.get(), static_cast<const uint8_t*>(page),
                                                  bytes->size(), &raw);
  ASSERT_EQ(e, nullptr);
  ASSERT_EQ(munmap(page, bytes->size()), 0);
  // Share through wasm.h to get a C++ Module handle over `raw`.
  wasm_shared_module_t* shared = wasm_module_share(raw);
  wasm_module_delete(raw);
  auto again = Module::deserialize(store, *bytes);  // and the ordinary path
  ASSERT_TRUE(again);
  expectDemoRuns(store, *again);

  // Moving a loaded module to another engine goes through its artifact (it
  // has no function bodies to compile again).
  Engine other(jit());
  Store otherStore(other);
  wasm_module_t* moved = wasm_module_obtain(otherStore.get(), shared);
  ASSERT_NE(moved, nullptr);
  wasm_module_delete(moved);
  // ... and is refused where the other engine's config does not match.
  Engine interp;
  Store interpStore(interp);
  EXPECT_EQ(wasm_module_obtain(interpStore.get(), shared), nullptr);
  wasm_shared_module_delete(shared);
}

}  // namespace
