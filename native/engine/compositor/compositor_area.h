// The engine's compositors by id. Used from the channel thread only.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "engine/compositor/compositor.h"

namespace dn::engine::compositor {

class CompositorArea {
 public:
  CompositorArea() = default;
  CompositorArea(const CompositorArea&) = delete;
  CompositorArea& operator=(const CompositorArea&) = delete;

  bool Has(const std::string& id) const { return compositors_.count(id) > 0; }
  void Add(const std::string& id, std::unique_ptr<Compositor> compositor) {
    compositors_.emplace(id, std::move(compositor));
  }
  Compositor* Find(const std::string& id) const {
    auto it = compositors_.find(id);
    return it == compositors_.end() ? nullptr : it->second.get();
  }
  std::unique_ptr<Compositor> Remove(const std::string& id) {
    auto it = compositors_.find(id);
    if (it == compositors_.end()) return nullptr;
    auto compositor = std::move(it->second);
    compositors_.erase(it);
    return compositor;
  }

 private:
  std::map<std::string, std::unique_ptr<Compositor>> compositors_;
};

}  // namespace dn::engine::compositor
