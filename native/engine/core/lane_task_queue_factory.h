// The TaskQueueFactory the engine gives libwebrtc. The queues of the audio send
// path (each stream's "AudioEncoder", each connection's "TaskQueuePacedSender"
// and "rtp_send_controller") run on a few shared TaskLanes instead of a thread
// each; every other queue (video coding and rendering, event logs) keeps its
// own thread from libwebrtc's default factory, so a video encoder never delays
// audio. With zero lanes every queue gets its own thread, as before.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include <api/task_queue/task_queue_factory.h>

#include "engine/core/lane_task_queue.h"
#include "engine/core/task_lane.h"

namespace dn::engine {

class LaneTaskQueueFactory : public webrtc::TaskQueueFactory {
 public:
  // The lane count when DAILY_NODE_ENGINE_TASK_LANES is not set: one per two cores.
  static int DefaultLaneCount();
  // DAILY_NODE_ENGINE_TASK_LANES (0 or more; 0 keeps a thread per queue), else the default.
  static int LaneCountFromEnvironment();

  // DAILY_NODE_ENGINE_TIMER_GRID_MS (0 to 17; 0: precise timers, as before), else TaskLane's default.
  static int64_t TimerGridUsFromEnvironment();

  // DAILY_NODE_ENGINE_CONTROLLER_ON_GRID ("1", the default, or "0": see PostingFor).
  static bool ControllerOnGridFromEnvironment();

  // `lanes`: how many shared threads (0: none). `realtime`: lanes try SCHED_FIFO.
  // `timer_grid_us`: the lanes' grid for low-precision timers (TaskLane::Post).
  // `controller_on_grid`: see PostingFor.
  LaneTaskQueueFactory(int lanes, bool realtime, int64_t timer_grid_us = TaskLane::kDefaultLowPrecisionGridUs,
                       bool controller_on_grid = true);

  std::unique_ptr<webrtc::TaskQueueBase, webrtc::TaskQueueDeleter> CreateTaskQueue(absl::string_view name,
                                                                                   Priority priority) const override;

  int lane_count() const { return int(lanes_.size()); }
  // Whether `name` is a queue of the audio send path (one that runs on a lane).
  static bool RunsOnLane(absl::string_view name);
  // How the lane queue `name` runs the tasks posted to it. The transport
  // controller ("rtp_send_controller") is told of every packet sent and every
  // packet received, from the network thread: two posted tasks per packet, and
  // each woke the lane (4,000 wake-ups a second at 10 rooms, a fifth of the
  // network thread's CPU in futex calls; docs/performance.md). Those tasks are
  // congestion-control bookkeeping that carries its own timestamps, so with
  // `controller_on_grid` they wait for the lane's next grid step instead.
  // Every other queue (the encoders, the pacer) wakes the lane at once.
  static LaneTaskQueue::Posting PostingFor(absl::string_view name, bool controller_on_grid);

 private:
  std::shared_ptr<TaskLane> LeastBusyLane() const;

  std::unique_ptr<webrtc::TaskQueueFactory> default_factory_;
  std::vector<std::shared_ptr<TaskLane>> lanes_;
  const bool controller_on_grid_;
  mutable std::mutex mu_;  // one queue is placed at a time
};

}  // namespace dn::engine
