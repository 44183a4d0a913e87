// LaneTaskQueue on shared TaskLanes: what libwebrtc relies on from a task
// queue. Each queue's tasks run in order with Current() set to that queue,
// delayed tasks run when due and not before, and Delete() drops pending tasks
// unrun and waits for a running one, also when two queues share one lane.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <api/task_queue/task_queue_base.h>

#include "engine/core/lane_task_queue_factory.h"
#include "engine/core/task_lane.h"
#include "test/test_harness.h"

namespace {

using dn::engine::LaneTaskQueueFactory;
using webrtc::TaskQueueBase;
using webrtc::TaskQueueFactory;
using Clock = std::chrono::steady_clock;

// Waits (bounded) until `done` holds.
template <typename Pred>
bool WaitFor(Pred done, int timeout_ms = 2000) {
  const auto until = Clock::now() + std::chrono::milliseconds(timeout_ms);
  while (!done()) {
    if (Clock::now() > until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

DN_TEST(lane_queues_run_in_order_as_current) {
  LaneTaskQueueFactory factory(1, /*realtime=*/false);
  auto a = factory.CreateTaskQueue("AudioEncoder", TaskQueueFactory::Priority::HIGH);
  auto b = factory.CreateTaskQueue("TaskQueuePacedSender", TaskQueueFactory::Priority::NORMAL);
  std::mutex mu;
  std::vector<int> seen_a, seen_b;
  std::atomic<int> wrong_current{0}, done{0};
  for (int i = 0; i < 200; ++i) {
    a->PostTask([&, i, q = a.get()] {
      if (!q->IsCurrent()) ++wrong_current;
      std::lock_guard<std::mutex> lock(mu);
      seen_a.push_back(i);
      ++done;
    });
    b->PostTask([&, i, q = b.get()] {
      if (!q->IsCurrent()) ++wrong_current;
      std::lock_guard<std::mutex> lock(mu);
      seen_b.push_back(i);
      ++done;
    });
  }
  DN_CHECK(WaitFor([&] { return done.load() == 400; }));
  DN_CHECK(wrong_current.load() == 0);
  std::lock_guard<std::mutex> lock(mu);
  bool ordered = seen_a.size() == 200 && seen_b.size() == 200;
  for (int i = 0; ordered && i < 200; ++i) ordered = seen_a[size_t(i)] == i && seen_b[size_t(i)] == i;
  DN_CHECK(ordered);
}

DN_TEST(lane_delayed_tasks_run_when_due) {
  LaneTaskQueueFactory factory(1, /*realtime=*/false);
  auto q = factory.CreateTaskQueue("AudioEncoder", TaskQueueFactory::Priority::HIGH);
  std::atomic<int64_t> ran_after_us{-1}, early_order{0};
  std::atomic<int> step{0};
  const auto start = Clock::now();
  q->PostDelayedHighPrecisionTask(
      [&] {
        ran_after_us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
        early_order = step.load();
      },
      webrtc::TimeDelta::Millis(30));
  q->PostDelayedTask([&] { step = 1; }, webrtc::TimeDelta::Millis(5));
  DN_CHECK(WaitFor([&] { return ran_after_us.load() >= 0; }));
  DN_CHECK(ran_after_us.load() >= 30'000);
  DN_CHECK(ran_after_us.load() < 200'000);
  DN_CHECK(early_order.load() == 1);  // the 5 ms task ran before the 30 ms one
}

// Monotonic microseconds, the lane's clock (its grid is on this clock).
int64_t MonotonicUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now().time_since_epoch()).count();
}

DN_TEST(lane_low_precision_timers_share_a_grid_step) {
  using dn::engine::TaskLane;
  const int64_t grid = TaskLane::kDefaultLowPrecisionGridUs;
  DN_CHECK(TaskLane::LowPrecisionDueUs(10'000, 5000) == 10'000);
  DN_CHECK(TaskLane::LowPrecisionDueUs(10'001, 5000) == 15'000);
  DN_CHECK(TaskLane::LowPrecisionDueUs(14'999, 5000) == 15'000);
  DN_CHECK(TaskLane::LowPrecisionDueUs(10'001, 0) == 10'001);
  LaneTaskQueueFactory factory(1, /*realtime=*/false);
  auto a = factory.CreateTaskQueue("rtp_send_controller", TaskQueueFactory::Priority::NORMAL);
  auto b = factory.CreateTaskQueue("TaskQueuePacedSender", TaskQueueFactory::Priority::NORMAL);
  // Start just after a grid step, so that 1 ms and 3 ms ahead fall in the same step.
  while (MonotonicUs() % grid > 500) std::this_thread::sleep_for(std::chrono::microseconds(200));
  const int64_t posted = MonotonicUs();
  std::atomic<int64_t> ran_a{-1}, ran_b{-1};
  a->PostDelayedTask([&] { ran_a = MonotonicUs(); }, webrtc::TimeDelta::Millis(1));
  b->PostDelayedTask([&] { ran_b = MonotonicUs(); }, webrtc::TimeDelta::Millis(3));
  DN_CHECK(WaitFor([&] { return ran_a.load() >= 0 && ran_b.load() >= 0; }));
  const int64_t step = TaskLane::LowPrecisionDueUs(posted + 3000, grid);
  DN_CHECK(ran_a.load() >= step);  // neither before the shared step ...
  DN_CHECK(ran_b.load() >= step);
  DN_CHECK(ran_a.load() - posted < 200'000);  // ... nor lost
}

DN_TEST(lane_controller_tasks_wait_for_the_grid_step) {
  using dn::engine::LaneTaskQueue;
  using dn::engine::TaskLane;
  DN_CHECK(LaneTaskQueueFactory::PostingFor("rtp_send_controller", true) == LaneTaskQueue::Posting::kOnGrid);
  DN_CHECK(LaneTaskQueueFactory::PostingFor("rtp_send_controller", false) == LaneTaskQueue::Posting::kWakeLane);
  DN_CHECK(LaneTaskQueueFactory::PostingFor("AudioEncoder", true) == LaneTaskQueue::Posting::kWakeLane);
  // A wide grid, so that "not before the step" is far from "at once".
  const int64_t grid = 100'000;
  LaneTaskQueueFactory factory(1, /*realtime=*/false, grid, /*controller_on_grid=*/true);
  auto controller = factory.CreateTaskQueue("rtp_send_controller", TaskQueueFactory::Priority::NORMAL);
  auto encoder = factory.CreateTaskQueue("AudioEncoder", TaskQueueFactory::Priority::HIGH);
  while (MonotonicUs() % grid > 10'000) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const int64_t posted = MonotonicUs();
  std::mutex mu;
  std::vector<std::string> order;
  std::atomic<int64_t> ran_controller{-1};
  controller->PostTask([&] {
    ran_controller = MonotonicUs();
    std::lock_guard<std::mutex> lock(mu);
    order.push_back("controller");
  });
  controller->PostTask([&] {
    std::lock_guard<std::mutex> lock(mu);
    order.push_back("controller 2");
  });
  encoder->PostTask([&] {
    std::lock_guard<std::mutex> lock(mu);
    order.push_back("encoder");
  });
  DN_CHECK(WaitFor([&] { return ran_controller.load() >= 0; }, 5000));
  DN_CHECK(ran_controller.load() >= TaskLane::LowPrecisionDueUs(posted, grid));  // not before the step
  DN_CHECK(WaitFor([&] {
    std::lock_guard<std::mutex> lock(mu);
    return order.size() == 3;
  }));
  std::lock_guard<std::mutex> lock(mu);
  // The encoder's task did not wait for the step; the controller's ran in the order posted.
  DN_CHECK(order == (std::vector<std::string>{"encoder", "controller", "controller 2"}));
}

DN_TEST(lane_wakes_for_a_task_due_before_its_sleep_ends) {
  LaneTaskQueueFactory factory(1, /*realtime=*/false);
  auto q = factory.CreateTaskQueue("AudioEncoder", TaskQueueFactory::Priority::HIGH);
  std::atomic<int64_t> ran_late{-1}, ran_early{-1};
  q->PostDelayedHighPrecisionTask([&] { ran_late = MonotonicUs(); }, webrtc::TimeDelta::Millis(1500));
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // the lane now sleeps until the late task
  const int64_t posted = MonotonicUs();
  q->PostDelayedHighPrecisionTask([&] { ran_early = MonotonicUs(); }, webrtc::TimeDelta::Millis(30));
  DN_CHECK(WaitFor([&] { return ran_early.load() >= 0; }));
  DN_CHECK(ran_early.load() - posted >= 30'000);
  DN_CHECK(ran_early.load() - posted < 1'000'000);  // woken for it, not run with the late one
  DN_CHECK(WaitFor([&] { return ran_late.load() >= 0; }, 4000));
}

DN_TEST(lane_delete_drops_pending_and_waits_for_running) {
  LaneTaskQueueFactory factory(1, /*realtime=*/false);
  auto q = factory.CreateTaskQueue("AudioEncoder", TaskQueueFactory::Priority::HIGH);
  auto other = factory.CreateTaskQueue("rtp_send_controller", TaskQueueFactory::Priority::NORMAL);
  std::atomic<bool> started{false}, finished{false}, pending_ran{false}, pending_destroyed{false};
  q->PostTask([&] {
    started = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    finished = true;
  });
  auto guard = std::shared_ptr<int>(new int(0), [&](int* p) {
    delete p;
    pending_destroyed = true;
  });
  q->PostTask([&, guard] { pending_ran = true; });
  guard.reset();
  DN_CHECK(WaitFor([&] { return started.load(); }));
  q.reset();  // Delete(): waits for the running task, drops the pending one
  DN_CHECK(finished.load());
  DN_CHECK(!pending_ran.load());
  DN_CHECK(pending_destroyed.load());
  // The lane goes on for the other queue.
  std::atomic<bool> other_ran{false};
  other->PostTask([&] { other_ran = true; });
  DN_CHECK(WaitFor([&] { return other_ran.load(); }));
}

DN_TEST(lane_task_may_delete_another_queue_on_its_lane) {
  LaneTaskQueueFactory factory(1, /*realtime=*/false);
  auto a = factory.CreateTaskQueue("AudioEncoder", TaskQueueFactory::Priority::HIGH);
  auto* b = factory.CreateTaskQueue("TaskQueuePacedSender", TaskQueueFactory::Priority::NORMAL).release();
  std::atomic<bool> deleted{false};
  a->PostTask([&] {
    b->Delete();  // same thread: must not wait for itself
    deleted = true;
  });
  DN_CHECK(WaitFor([&] { return deleted.load(); }));
}

DN_TEST(lane_other_queues_keep_their_own_threads) {
  LaneTaskQueueFactory factory(1, /*realtime=*/false);
  auto encoder = factory.CreateTaskQueue("AudioEncoder", TaskQueueFactory::Priority::HIGH);
  auto video = factory.CreateTaskQueue("EncoderQueue", TaskQueueFactory::Priority::NORMAL);
  std::atomic<std::thread::id> encoder_thread{}, video_thread{};
  encoder->PostTask([&] { encoder_thread = std::this_thread::get_id(); });
  video->PostTask([&] { video_thread = std::this_thread::get_id(); });
  const std::thread::id none;
  DN_CHECK(WaitFor([&] { return encoder_thread.load() != none && video_thread.load() != none; }));
  DN_CHECK(encoder_thread.load() != video_thread.load());
  DN_CHECK(LaneTaskQueueFactory::RunsOnLane("AudioEncoder"));
  DN_CHECK(!LaneTaskQueueFactory::RunsOnLane("EncoderQueue"));
}

}  // namespace
