#include "engine/core/lane_task_queue.h"

#include <rtc_base/checks.h>

namespace dn::engine {

LaneTaskQueue::LaneTaskQueue(std::shared_ptr<TaskLane> lane, Posting posting)
    : lane_(std::move(lane)), posting_(posting) {
  lane_->Attach(this);
}

void LaneTaskQueue::Delete() {
  RTC_DCHECK(!IsCurrent());
  std::vector<Task> dropped = lane_->Detach(this);
  // Pending tasks are destroyed unrun while this queue still exists: their
  // destructors may touch it (what they post now is dropped too).
  dropped.clear();
  lane_->Forget(this);
  delete this;
}

void LaneTaskQueue::PostTask(absl::AnyInvocable<void() &&> task) {
  lane_->Post(this, std::move(task), 0,
              posting_ == Posting::kOnGrid ? TaskLane::Precision::kLow : TaskLane::Precision::kHigh);
}

void LaneTaskQueue::PostDelayedTask(absl::AnyInvocable<void() &&> task, webrtc::TimeDelta delay) {
  // Low precision: the lane may run it up to one grid step late, with other queues' timers.
  lane_->Post(this, std::move(task), delay.us(), TaskLane::Precision::kLow);
}

void LaneTaskQueue::PostDelayedHighPrecisionTask(absl::AnyInvocable<void() &&> task, webrtc::TimeDelta delay) {
  lane_->Post(this, std::move(task), delay.us());
}

void LaneTaskQueue::RunOnLane(Task task) {
  CurrentTaskQueueSetter current(this);
  Task running = std::move(task);
  std::move(running)();
  running = nullptr;  // its captures go while this queue is still Current()
}

}  // namespace dn::engine
