// Traps and frames of wasm.h. A runtime trap arrives as an Error of kind
// Trap whose context is the printed backtrace ("  <i>: func[<index>] ...",
// runtime/trap.h); the frames are read back from it.
#include <cstdlib>
#include <cstring>

#include "runtime/capi/capi_objects.h"

namespace ember::capi {

namespace {

std::vector<EmberTrapFrame> framesFromBacktrace(const std::string& text) {
  std::vector<EmberTrapFrame> frames;
  static constexpr char kMarker[] = "func[";
  for (size_t pos = text.find(kMarker); pos != std::string::npos;
       pos = text.find(kMarker, pos + 1)) {
    const char* digits = text.c_str() + pos + sizeof kMarker - 1;
    frames.push_back(EmberTrapFrame{static_cast<uint32_t>(std::strtoul(digits, nullptr, 10))});
  }
  return frames;
}

wasm_trap_t* newTrapRecord(wasm_store_t* store, std::string message,
                           std::vector<EmberTrapFrame> frames) {
  auto* t = static_cast<wasm_trap_t*>(newHandle(EmberRefKind::Trap, store, nullptr));
  t->trap = std::make_shared<EmberTrapRecord>();
  t->trap->message = std::move(message);
  t->trap->frames = std::move(frames);
  return t;
}

}  // namespace

wasm_trap_t* newTrap(wasm_store_t* store, const Error& error) {
  wasm_trap_t* t = newTrapRecord(store, error.message(), framesFromBacktrace(error.context()));
  if (auto code = trapCodeOf(error); code && *code != TrapCode::HostError) t->trap->code = code;
  return t;
}

Error trapToError(const wasm_trap_t* trap) {
  return Error(ErrorKind::Trap, trap->trap->message, static_cast<uint32_t>(TrapCode::HostError),
               {});
}

}  // namespace ember::capi

using namespace ember;
using namespace ember::capi;

// The message is taken up to its NUL (wasm.h's messages carry one).
extern "C" wasm_trap_t* wasm_trap_new(wasm_store_t* store, const wasm_message_t* message) {
  std::string text(message->data, message->size);
  if (size_t nul = text.find('\0'); nul != std::string::npos) text.resize(nul);
  return newTrapRecord(store, std::move(text), {});
}

extern "C" void wasm_trap_message(const wasm_trap_t* trap, wasm_message_t* out) {
  const std::string& m = trap->trap->message;
  wasm_byte_vec_new(out, m.size() + 1, m.c_str());
}

extern "C" wasm_frame_t* wasm_trap_origin(const wasm_trap_t* trap) {
  const auto& frames = trap->trap->frames;
  return frames.empty() ? nullptr : new wasm_frame_t{frames[0].funcIndex};
}

extern "C" void wasm_trap_trace(const wasm_trap_t* trap, wasm_frame_vec_t* out) {
  const auto& frames = trap->trap->frames;
  wasm_frame_vec_new_uninitialized(out, frames.size());
  for (size_t i = 0; i < frames.size(); ++i) out->data[i] = new wasm_frame_t{frames[i].funcIndex};
}

extern "C" void wasm_frame_delete(wasm_frame_t* f) { delete f; }
extern "C" wasm_frame_t* wasm_frame_copy(const wasm_frame_t* f) { return new wasm_frame_t(*f); }
extern "C" wasm_instance_t* wasm_frame_instance(const wasm_frame_t*) { return nullptr; }
extern "C" uint32_t wasm_frame_func_index(const wasm_frame_t* f) { return f->funcIndex; }
extern "C" size_t wasm_frame_func_offset(const wasm_frame_t*) { return 0; }
extern "C" size_t wasm_frame_module_offset(const wasm_frame_t*) { return 0; }
