// One thread that runs the tasks of many libwebrtc task queues. libwebrtc
// gives every audio send stream its own encoder thread and every connection a
// pacer thread and a transport-controller thread; each 10 ms frame then wakes
// three threads per stream. Queues on one lane share a thread instead: the
// pacer's burst of frames wakes the lane once, and the encoder's packets reach
// the pacer's queue on the same thread without a wake-up (docs/performance.md).
//
// Tasks run in the order they were posted (delayed tasks when due, after the
// tasks already waiting). Low-precision delayed tasks (libwebrtc's
// PostDelayedTask: up to 17 ms late by contract) are due on a grid (5 ms), so
// the timers of many queues wake the lane once per grid step rather than once
// each (docs/performance.md: the lane's wake-ups). The lane keeps no queue alive: a queue detaches
// itself before it goes away.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <absl/functional/any_invocable.h>

namespace dn::engine {

// What a lane runs tasks for (implemented by LaneTaskQueue).
class LaneClient {
 public:
  using Task = absl::AnyInvocable<void() &&>;
  virtual ~LaneClient() = default;
  // Runs `task` as this client's (TaskQueueBase::Current() is the client).
  virtual void RunOnLane(Task task) = 0;
};

class TaskLane {
 public:
  using Task = LaneClient::Task;

  enum class Precision { kHigh, kLow };
  // Low-precision timers fire together on this grid (well inside libwebrtc's 17 ms leeway).
  static constexpr int64_t kDefaultLowPrecisionGridUs = 5000;

  // Starts the thread. `realtime`: try SCHED_FIFO, as the engine's audio clocks do.
  // `low_precision_grid_us`: see Post (0: every timer as precise as the OS allows).
  TaskLane(std::string name, bool realtime, int64_t low_precision_grid_us = kDefaultLowPrecisionGridUs);
  // Stops the thread; tasks still waiting are destroyed without running.
  ~TaskLane();
  TaskLane(const TaskLane&) = delete;
  TaskLane& operator=(const TaskLane&) = delete;

  // Queues `task` for `client`, to run `delay_us` from now (0: as soon as the tasks before it ran);
  // kLow: at the first step of the lane's grid at or after that, even with no delay (such a
  // task waits for the lane's next grid step instead of waking it). A sleeping lane is woken
  // only when the task is due before the time it sleeps until.
  void Post(LaneClient* client, Task task, int64_t delay_us = 0, Precision precision = Precision::kHigh);
  // When a low-precision task due at `due_us` (monotonic clock) runs: the next step of `grid_us`.
  static int64_t LowPrecisionDueUs(int64_t due_us, int64_t grid_us);
  // A new client (a queue created on this lane).
  void Attach(LaneClient* client);
  // After this, `client` gets no task: those waiting are returned (for the caller to
  // destroy outside the lane's lock) and, unless called from a task on this lane,
  // the call waits until a task of `client` that is running has returned. Tasks
  // posted to it are dropped until Forget(client).
  std::vector<Task> Detach(LaneClient* client);
  // The detached client is gone (its address may be used again).
  void Forget(LaneClient* client);

  bool realtime() const;
  // Clients attached and not yet detached (the factory balances lanes by it).
  int clients() const;

 private:
  struct Entry {
    LaneClient* client;
    Task task;
  };
  using DelayedKey = std::pair<int64_t, uint64_t>;  // (due, posting order)

  void Run(bool realtime);
  void MoveDueTasks(int64_t now_us);
  void EraseDetached(LaneClient* client);  // mu_ held
  static int64_t NowUs();

  const int64_t low_precision_grid_us_;

  mutable std::mutex mu_;
  std::condition_variable wake_;     // the lane's thread sleeps here
  std::condition_variable settled_;  // Detach waits here for a running task
  std::deque<Entry> ready_;
  std::map<DelayedKey, Entry> delayed_;
  std::vector<LaneClient*> detached_;  // clients whose tasks must be dropped
  uint64_t order_ = 0;
  LaneClient* running_ = nullptr;
  bool sleeping_ = false;
  int64_t sleeps_until_us_ = 0;  // while sleeping_: when its wait ends (INT64_MAX: when woken)
  bool stopping_ = false;
  bool realtime_ = false;
  int clients_ = 0;
  std::thread::id thread_id_;
  std::thread thread_;
};

}  // namespace dn::engine
