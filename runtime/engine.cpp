#include "runtime/engine.h"

namespace ember {

Engine::Engine(Config config) : config_(config), types_(std::make_unique<TypeRegistry>()) {}
Engine::~Engine() = default;

}  // namespace ember
