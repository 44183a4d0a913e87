// A libwebrtc task queue whose tasks run on a shared TaskLane: in order, one at
// a time, with TaskQueueBase::Current() set to this queue while they run, as
// libwebrtc's own queues do (its sequence checkers rely on that).
#pragma once

#include <memory>

#include <api/task_queue/task_queue_base.h>

#include "engine/core/task_lane.h"

namespace dn::engine {

class LaneTaskQueue final : public webrtc::TaskQueueBase, public LaneClient {
 public:
  // How a task posted without delay (PostTask) is run.
  enum class Posting {
    kWakeLane,  // as soon as the lane is free: a sleeping lane is woken for it
    kOnGrid,    // at the lane's next grid step (up to 5 ms later): never wakes the lane early
  };
  explicit LaneTaskQueue(std::shared_ptr<TaskLane> lane, Posting posting = Posting::kWakeLane);

  // TaskQueueBase
  void Delete() override;
  void PostTask(absl::AnyInvocable<void() &&> task) override;
  void PostDelayedTask(absl::AnyInvocable<void() &&> task, webrtc::TimeDelta delay) override;
  void PostDelayedHighPrecisionTask(absl::AnyInvocable<void() &&> task, webrtc::TimeDelta delay) override;

  // LaneClient
  void RunOnLane(Task task) override;

 private:
  ~LaneTaskQueue() override = default;

  // Shared: the lane lives while a queue on it does, even past the factory.
  const std::shared_ptr<TaskLane> lane_;
  const Posting posting_;
};

}  // namespace dn::engine
