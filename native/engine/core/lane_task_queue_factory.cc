#include "engine/core/lane_task_queue_factory.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include <api/task_queue/default_task_queue_factory.h>

#include "engine/core/env_choice.h"
#include "engine/core/lane_task_queue.h"

namespace dn::engine {

int LaneTaskQueueFactory::DefaultLaneCount() {
  // A lane carries about a hundred 10 ms Opus streams on one core of the
  // development VM (docs/performance.md); more cores get more lanes.
  return std::max(1, int(std::thread::hardware_concurrency()) / 2);
}

int LaneTaskQueueFactory::LaneCountFromEnvironment() {
  const char* value = std::getenv("DAILY_NODE_ENGINE_TASK_LANES");
  if (!value || !*value) return DefaultLaneCount();
  char* end = nullptr;
  const long n = std::strtol(value, &end, 10);
  if (*end == '\0' && n >= 0 && n <= 64) return int(n);
  const int lanes = DefaultLaneCount();
  std::fprintf(stderr,
               "daily-node-engine: DAILY_NODE_ENGINE_TASK_LANES='%s' is not a whole number from 0 to 64; using %d\n",
               value, lanes);
  return lanes;
}

int64_t LaneTaskQueueFactory::TimerGridUsFromEnvironment() {
  const char* value = std::getenv("DAILY_NODE_ENGINE_TIMER_GRID_MS");
  if (!value || !*value) return TaskLane::kDefaultLowPrecisionGridUs;
  char* end = nullptr;
  const long ms = std::strtol(value, &end, 10);
  if (*end == '\0' && ms >= 0 && ms <= 17) return int64_t(ms) * 1000;  // 17 ms: libwebrtc's leeway
  std::fprintf(stderr,
               "daily-node-engine: DAILY_NODE_ENGINE_TIMER_GRID_MS='%s' is not a whole number from 0 to 17; using %d\n",
               value, int(TaskLane::kDefaultLowPrecisionGridUs / 1000));
  return TaskLane::kDefaultLowPrecisionGridUs;
}

bool LaneTaskQueueFactory::ControllerOnGridFromEnvironment() {
  return EnvChoice("DAILY_NODE_ENGINE_CONTROLLER_ON_GRID", {"1", "0"}, "1") == "1";
}

LaneTaskQueueFactory::LaneTaskQueueFactory(int lanes, bool realtime, int64_t timer_grid_us, bool controller_on_grid)
    : default_factory_(webrtc::CreateDefaultTaskQueueFactory()), controller_on_grid_(controller_on_grid) {
  for (int i = 0; i < lanes; ++i)
    lanes_.push_back(std::make_shared<TaskLane>("dn-lane-" + std::to_string(i), realtime, timer_grid_us));
}

bool LaneTaskQueueFactory::RunsOnLane(absl::string_view name) {
  return name == "AudioEncoder" || name == "TaskQueuePacedSender" || name == "rtp_send_controller";
}

LaneTaskQueue::Posting LaneTaskQueueFactory::PostingFor(absl::string_view name, bool controller_on_grid) {
  return controller_on_grid && name == "rtp_send_controller" ? LaneTaskQueue::Posting::kOnGrid
                                                             : LaneTaskQueue::Posting::kWakeLane;
}

std::shared_ptr<TaskLane> LaneTaskQueueFactory::LeastBusyLane() const {
  return *std::min_element(lanes_.begin(), lanes_.end(),
                           [](const auto& a, const auto& b) { return a->clients() < b->clients(); });
}

std::unique_ptr<webrtc::TaskQueueBase, webrtc::TaskQueueDeleter> LaneTaskQueueFactory::CreateTaskQueue(
    absl::string_view name, Priority priority) const {
  if (lanes_.empty() || !RunsOnLane(name)) return default_factory_->CreateTaskQueue(name, priority);
  std::lock_guard<std::mutex> lock(mu_);
  return std::unique_ptr<webrtc::TaskQueueBase, webrtc::TaskQueueDeleter>(
      new LaneTaskQueue(LeastBusyLane(), PostingFor(name, controller_on_grid_)));
}

}  // namespace dn::engine
