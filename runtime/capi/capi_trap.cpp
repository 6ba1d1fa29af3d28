// Traps and frames of wasm.h. A runtime trap arrives as an Error of kind
// Trap carrying the structured Trap (runtime/trap.h): code and frames with
// function index, offsets and instance.
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "runtime/capi/capi_objects.h"

namespace ember::capi {

namespace {

std::vector<EmberTrapFrame> framesOf(const Error& error) {
  std::vector<EmberTrapFrame> frames;
  if (!error.trap()) return frames;
  for (const TrapFrameInfo& f : error.trap()->backtrace) {
    EmberTrapFrame frame;
    frame.funcIndex = f.funcIndex;
    if (f.funcOffset != TrapFrameInfo::kUnknownOffset) frame.funcOffset = f.funcOffset;
    if (f.moduleOffset != TrapFrameInfo::kUnknownOffset) frame.moduleOffset = f.moduleOffset;
    frame.instance = const_cast<Instance*>(f.instance);
    if (frame.instance) frame.instance->pin();
    frames.push_back(frame);
  }
  return frames;
}

wasm_trap_t* newTrapRecord(wasm_store_t* store, std::string message,
                           std::vector<EmberTrapFrame> frames) {
  auto* t = static_cast<wasm_trap_t*>(newHandle(EmberRefKind::Trap, store, nullptr));
  t->trap = std::make_shared<EmberTrapRecord>();
  t->trap->message = std::move(message);
  t->trap->frames = std::move(frames);
  if (store) t->trap->storeHandles = store->instanceHandles;
  return t;
}

}  // namespace

wasm_trap_t* newTrap(wasm_store_t* store, const Error& error) {
  wasm_trap_t* t = newTrapRecord(store, error.message(), framesOf(error));
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
  return frames.empty() ? nullptr : new wasm_frame_t(trap->trap->storeHandles, frames[0]);
}

extern "C" void wasm_trap_trace(const wasm_trap_t* trap, wasm_frame_vec_t* out) {
  const auto& frames = trap->trap->frames;
  wasm_frame_vec_new_uninitialized(out, frames.size());
  for (size_t i = 0; i < frames.size(); ++i)
    out->data[i] = new wasm_frame_t(trap->trap->storeHandles, frames[i]);
}

extern "C" void wasm_frame_delete(wasm_frame_t* f) { delete f; }
extern "C" wasm_frame_t* wasm_frame_copy(const wasm_frame_t* f) { return new wasm_frame_t(*f); }
// The frame owns the instance handle it returns (wasm.h: not `own`).
extern "C" wasm_instance_t* wasm_frame_instance(const wasm_frame_t* f) {
  wasm_store_t* store = f->storeHandles ? f->storeHandles->store : nullptr;
  if (!f->frame.instance || !store) return nullptr;
  auto* frame = const_cast<wasm_frame_t*>(f);
  if (!frame->instance)
    frame->instance =
        static_cast<wasm_instance_t*>(newHandle(EmberRefKind::Instance, store, f->frame.instance));
  return frame->instance;
}
extern "C" uint32_t wasm_frame_func_index(const wasm_frame_t* f) { return f->frame.funcIndex; }
extern "C" size_t wasm_frame_func_offset(const wasm_frame_t* f) { return f->frame.funcOffset; }
extern "C" size_t wasm_frame_module_offset(const wasm_frame_t* f) { return f->frame.moduleOffset; }
