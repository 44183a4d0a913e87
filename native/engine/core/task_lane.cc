#include "engine/core/task_lane.h"

#include <pthread.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdint>

#include "engine/core/realtime_priority.h"

namespace dn::engine {

TaskLane::TaskLane(std::string name, bool realtime, int64_t low_precision_grid_us)
    : low_precision_grid_us_(low_precision_grid_us) {
  thread_ = std::thread([this, name = std::move(name), realtime] {
    pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
    Run(realtime);
  });
  std::unique_lock<std::mutex> lock(mu_);
  settled_.wait(lock, [this] { return thread_id_ != std::thread::id(); });
}

TaskLane::~TaskLane() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
  // What is left is destroyed here, outside any lock: a task's destructor may post.
  std::deque<Entry> ready;
  std::map<DelayedKey, Entry> delayed;
  {
    std::lock_guard<std::mutex> lock(mu_);
    ready.swap(ready_);
    delayed.swap(delayed_);
  }
}

int64_t TaskLane::NowUs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t(ts.tv_sec) * 1'000'000 + ts.tv_nsec / 1000;
}

int64_t TaskLane::LowPrecisionDueUs(int64_t due_us, int64_t grid_us) {
  if (grid_us <= 0) return due_us;
  const int64_t late = due_us % grid_us;
  return late == 0 ? due_us : due_us + grid_us - late;
}

void TaskLane::Post(LaneClient* client, Task task, int64_t delay_us, Precision precision) {
  std::unique_lock<std::mutex> lock(mu_);
  if (stopping_ || std::find(detached_.begin(), detached_.end(), client) != detached_.end()) {
    lock.unlock();
    return;  // `task` is destroyed here, unrun, as a deleted queue's tasks are
  }
  const bool on_grid = precision == Precision::kLow && low_precision_grid_us_ > 0;
  int64_t at = 0;  // 0: ready now
  if (delay_us > 0 || on_grid) {
    const int64_t due = NowUs() + std::max<int64_t>(delay_us, 0);
    at = precision == Precision::kLow ? LowPrecisionDueUs(due, low_precision_grid_us_) : due;
  }
  if (at == 0)
    ready_.push_back(Entry{client, std::move(task)});
  else
    delayed_.emplace(DelayedKey{at, ++order_}, Entry{client, std::move(task)});
  // A busy lane finds the task when its current one returns, and a sleeping one
  // that wakes up by the task's time runs it then: no wake-up needed for either.
  const bool wake = sleeping_ && at < sleeps_until_us_;
  lock.unlock();
  if (wake) wake_.notify_one();
}

std::vector<TaskLane::Task> TaskLane::Detach(LaneClient* client) {
  std::vector<Task> dropped;
  std::unique_lock<std::mutex> lock(mu_);
  detached_.push_back(client);
  for (auto it = ready_.begin(); it != ready_.end();) {
    if (it->client != client) {
      ++it;
      continue;
    }
    dropped.push_back(std::move(it->task));
    it = ready_.erase(it);
  }
  for (auto it = delayed_.begin(); it != delayed_.end();) {
    if (it->second.client != client) {
      ++it;
      continue;
    }
    dropped.push_back(std::move(it->second.task));
    it = delayed_.erase(it);
  }
  // On the lane's own thread no task of `client` can be running now.
  if (std::this_thread::get_id() != thread_id_) settled_.wait(lock, [&] { return running_ != client; });
  --clients_;
  return dropped;
}

bool TaskLane::realtime() const {
  std::lock_guard<std::mutex> lock(mu_);
  return realtime_;
}

int TaskLane::clients() const {
  std::lock_guard<std::mutex> lock(mu_);
  return clients_;
}

void TaskLane::Attach(LaneClient* client) {
  std::lock_guard<std::mutex> lock(mu_);
  EraseDetached(client);
  ++clients_;
}

void TaskLane::Forget(LaneClient* client) {
  std::lock_guard<std::mutex> lock(mu_);
  EraseDetached(client);
}

void TaskLane::EraseDetached(LaneClient* client) {
  detached_.erase(std::remove(detached_.begin(), detached_.end(), client), detached_.end());
}

void TaskLane::MoveDueTasks(int64_t now_us) {
  while (!delayed_.empty() && delayed_.begin()->first.first <= now_us) {
    ready_.push_back(std::move(delayed_.begin()->second));
    delayed_.erase(delayed_.begin());
  }
}

void TaskLane::Run(bool realtime) {
  const bool got_realtime = realtime && TryRealtimePriority();
  std::unique_lock<std::mutex> lock(mu_);
  realtime_ = got_realtime;
  thread_id_ = std::this_thread::get_id();
  settled_.notify_all();
  while (!stopping_) {
    MoveDueTasks(NowUs());
    if (ready_.empty()) {
      sleeping_ = true;
      if (delayed_.empty()) {
        sleeps_until_us_ = INT64_MAX;
        wake_.wait(lock);
      } else {
        sleeps_until_us_ = delayed_.begin()->first.first;
        wake_.wait_until(lock, std::chrono::steady_clock::time_point(std::chrono::microseconds(sleeps_until_us_)));
      }
      sleeping_ = false;
      continue;
    }
    Entry entry = std::move(ready_.front());
    ready_.pop_front();
    running_ = entry.client;
    lock.unlock();
    entry.client->RunOnLane(std::move(entry.task));
    lock.lock();
    running_ = nullptr;
    settled_.notify_all();
  }
}

}  // namespace dn::engine
