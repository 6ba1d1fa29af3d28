// Issue: C API misuse an embedder can hit. Imports of another store are
// refused (the JIT would run with that store's stack limit, and a call after
// that store is deleted would be a use-after-free); a host thread with a
// small stack that recurses host -> wasm -> host gets "call stack
// exhausted" from either engine instead of overflowing. (wasm_val_t kinds
// against signatures: tests/capi/misuse.c.)
#include <gtest/gtest.h>
#include <pthread.h>

#include "../runtime/runtime_test_util.h"
#include "include/ember/ember.h"
#include "include/ember/wasm.h"

namespace ember {
namespace {

using test::EngineCase;

class CapiMisuse : public testing::TestWithParam<EngineCase> {
 protected:
  Config config() const { return GetParam().config(); }
};

// host "reenter" calls `down` again, on the same store, until it fails.
struct Reentry {
  test::Harness* h = nullptr;
  Instance* instance = nullptr;
  uint32_t deepest = 0;
  Result<std::vector<Value>> outcome = Error(ErrorKind::Invalid, "not run");
};

void* recurseOnSmallStack(void* arg) {
  auto* r = static_cast<Reentry*>(arg);
  r->outcome = r->h->call(r->instance, "down", {test::i32(0)});
  return nullptr;
}

TEST_P(CapiMisuse, HostWasmReentryOnA256KiBThreadStackTraps) {
  test::Harness h(config());
  Reentry reentry;
  reentry.h = &h;
  FuncType type{{ValType::I32}, {ValType::I32}};
  Function* host = h.store.createHostFunction(
      type, [&](std::span<const Value> args, std::span<Value> results) -> Result<void> {
        reentry.deepest = std::max(reentry.deepest, args[0].i32);
        auto r = h.call(reentry.instance, "down", {args[0]});
        if (!r) return r.takeError();
        results[0] = (*r)[0];
        return success();
      });
  h.linker.define("host", "reenter", Extern::of(host));
  reentry.instance = h.load("reenter");
  ASSERT_TRUE(reentry.instance);

  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 256 << 10);
  pthread_t thread;
  ASSERT_EQ(pthread_create(&thread, &attr, recurseOnSmallStack, &reentry), 0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attr);

  ASSERT_FALSE(reentry.outcome);
  EXPECT_EQ(trapCodeOf(reentry.outcome.error()), TrapCode::StackExhausted)
      << reentry.outcome.error().message();
  EXPECT_GT(reentry.deepest, 5u);  // it did recurse before running out
}

TEST_P(CapiMisuse, ImportsFromAnotherStoreAreRefused) {
  wasm_config_t* cfg = wasm_config_new();
  ember_config_engine_set(cfg, GetParam().engine == EngineKind::Jit ? EMBER_ENGINE_JIT
                                                                    : EMBER_ENGINE_INTERPRETER);
  ember_config_bounds_mode_set(
      cfg, GetParam().bounds == BoundsMode::Signals ? EMBER_BOUNDS_SIGNALS : EMBER_BOUNDS_CHECKS);
  wasm_engine_t* engine = wasm_engine_new_with_config(cfg);
  wasm_store_t* store = wasm_store_new(engine);
  wasm_store_t* other = wasm_store_new(engine);
  std::vector<uint8_t> bytes = test::readWasm("reenter");
  wasm_byte_vec_t binary{bytes.size(), reinterpret_cast<wasm_byte_t*>(bytes.data())};
  wasm_module_t* module = wasm_module_new(store, &binary);
  ASSERT_NE(module, nullptr);
  wasm_functype_t* type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* foreign = wasm_func_new(other, type, [](const wasm_val_vec_t*, wasm_val_vec_t*) {
    return static_cast<wasm_trap_t*>(nullptr);
  });
  wasm_functype_delete(type);
  wasm_extern_t* items[] = {wasm_func_as_extern(foreign)};
  wasm_extern_vec_t imports{1, items};
  wasm_trap_t* trap = nullptr;
  EXPECT_EQ(wasm_instance_new(store, module, &imports, &trap), nullptr);
  ASSERT_NE(trap, nullptr);
  wasm_message_t message;
  wasm_trap_message(trap, &message);
  EXPECT_NE(std::string(message.data).find("another store"), std::string::npos) << message.data;
  wasm_byte_vec_delete(&message);
  wasm_trap_delete(trap);
  wasm_func_delete(foreign);
  wasm_module_delete(module);
  wasm_store_delete(other);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

INSTANTIATE_TEST_SUITE_P(Engines, CapiMisuse, testing::ValuesIn(test::engineCases()),
                         test::caseParamName);

}  // namespace
}  // namespace ember
