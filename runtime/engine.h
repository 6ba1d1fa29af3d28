// The Engine: a Config plus what is shared by every module compiled with it
// (the canonical type registry). Shareable across threads (DESIGN decision
// 7); it must outlive the modules and stores made with it.
#pragma once

#include <memory>

#include "runtime/config.h"
#include "runtime/type_registry.h"

namespace ember {

class Engine {
 public:
  explicit Engine(Config config = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  const Config& config() const { return config_; }
  TypeRegistry& types() { return *types_; }

 private:
  Config config_;
  std::unique_ptr<TypeRegistry> types_;
};

}  // namespace ember
