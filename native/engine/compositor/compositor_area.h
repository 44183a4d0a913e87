// The engine's compositors by id. Used from the channel thread only.
//
// A released compositor is flushed by a closer thread of its own: the flush
// waits for the encoder to read, and the channel thread must keep answering
// every other request meanwhile. Closers end within PipeWriter::kDrainBound
// of the encoder's last read; the area joins any left when the engine stops.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "engine/compositor/compositor.h"

namespace dn::engine::compositor {

class CompositorArea {
 public:
  CompositorArea() = default;
  ~CompositorArea() {
    for (auto& closer : closers_) closer.thread.join();
  }
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
  // Flushes and destroys `compositor` off the calling thread, then calls `done` there.
  void Retire(std::unique_ptr<Compositor> compositor, std::function<void()> done) {
    JoinFinishedClosers();
    auto finished = std::make_shared<std::atomic<bool>>(false);
    std::thread thread([c = std::move(compositor), done = std::move(done), finished]() mutable {
      c.reset();
      done();
      finished->store(true);
    });
    closers_.push_back({std::move(thread), std::move(finished)});
  }

 private:
  struct Closer {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> finished;
  };
  void JoinFinishedClosers() {
    for (auto it = closers_.begin(); it != closers_.end();) {
      if (!it->finished->load()) {
        ++it;
        continue;
      }
      it->thread.join();
      it = closers_.erase(it);
    }
  }

  std::map<std::string, std::unique_ptr<Compositor>> compositors_;
  std::vector<Closer> closers_;
};

}  // namespace dn::engine::compositor
