#include "engine/core/lane_wake_batch.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "engine/core/task_lane.h"

namespace dn::engine {
namespace {
thread_local LaneWakeBatch* current_batch = nullptr;
}  // namespace

bool WakeBatchingEnabled() {
  static const bool enabled = [] {
    const char* value = std::getenv("DAILY_NODE_ENGINE_BATCH_WAKEUPS");
    return !value || std::strcmp(value, "0") != 0;
  }();
  return enabled;
}

LaneWakeBatch::LaneWakeBatch() {
  if (current_batch || !WakeBatchingEnabled()) return;
  active_ = true;
  current_batch = this;
}

LaneWakeBatch::~LaneWakeBatch() {
  if (!active_) return;
  current_batch = nullptr;
  for (const auto& weak : lanes_)
    if (auto lane = weak.lock()) lane->WakeIfSleeping();
}

LaneWakeBatch* LaneWakeBatch::Current() { return current_batch; }

void LaneWakeBatch::Defer(const std::shared_ptr<TaskLane>& lane) {
  const bool known = std::any_of(lanes_.begin(), lanes_.end(), [&](const auto& w) { return w.lock() == lane; });
  if (!known) lanes_.push_back(lane);
}

}  // namespace dn::engine
