// Holds back the wake-ups of task lanes that the current thread posts to
// until the scope ends, then wakes each of those lanes once. The source
// pacer hands every push source's 10 ms frame to its encoder queue in one
// tick; without this, the lane wakes at the first frame, and every later
// frame of the tick finds it awake but contends for its lock or wakes it
// again once it went back to sleep (docs/architecture.md: the engine's
// wake-ups per tick). The tasks themselves are queued at once; only the
// notification waits, for the microseconds the tick takes.
#pragma once

#include <memory>
#include <vector>

namespace dn::engine {

class TaskLane;

class LaneWakeBatch {
 public:
  // Batches only when wake batching is on (DAILY_NODE_ENGINE_BATCH_WAKEUPS, default on);
  // nested scopes leave the outer one in charge.
  LaneWakeBatch();
  ~LaneWakeBatch();
  LaneWakeBatch(const LaneWakeBatch&) = delete;
  LaneWakeBatch& operator=(const LaneWakeBatch&) = delete;

  // The batch open on this thread, or null.
  static LaneWakeBatch* Current();
  // `lane` is to be woken when the batch ends (once, however often it is added).
  void Defer(const std::shared_ptr<TaskLane>& lane);

 private:
  bool active_ = false;
  std::vector<std::weak_ptr<TaskLane>> lanes_;
};

// DAILY_NODE_ENGINE_BATCH_WAKEUPS: '0' turns wake batching off (lanes and the
// engine channel's writes), for A/B runs; anything else or unset: on.
bool WakeBatchingEnabled();

}  // namespace dn::engine
