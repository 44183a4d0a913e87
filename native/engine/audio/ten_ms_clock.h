// A thread that calls a function every 10 ms against absolute deadlines
// (clock_nanosleep TIMER_ABSTIME), so it never drifts. When it wakes late it
// runs the missed ticks at once to stay real time; when it is more than
// kMaxCatchUpTicks behind (the machine stalled) it skips ahead and counts a reset.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>

namespace dn::engine::audio {

class TenMsClock {
 public:
  // `tick` gets the tick's scheduled time (CLOCK_MONOTONIC, ns).
  using Tick = std::function<void(int64_t scheduled_ns)>;
  static constexpr int64_t kPeriodNs = 10'000'000;
  static constexpr int kMaxCatchUpTicks = 20;

  TenMsClock(std::string name, Tick tick);
  ~TenMsClock();
  TenMsClock(const TenMsClock&) = delete;
  TenMsClock& operator=(const TenMsClock&) = delete;

  void Start();
  void Stop();
  uint64_t resets() const { return resets_.load(); }
  // Whether the thread got real-time scheduling (SCHED_FIFO).
  bool realtime() const { return realtime_.load(); }

  static int64_t NowNs();

 private:
  void Run();

  std::string name_;
  Tick tick_;
  std::thread thread_;
  std::atomic<bool> running_{false};
  std::atomic<uint64_t> resets_{0};
  std::atomic<bool> realtime_{false};
};

}  // namespace dn::engine::audio
