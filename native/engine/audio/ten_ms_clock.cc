#include "engine/audio/ten_ms_clock.h"

#include <pthread.h>
#include <sched.h>
#include <time.h>

#include <cerrno>

#include "engine/core/realtime_priority.h"

namespace dn::engine::audio {
namespace {

timespec ToTimespec(int64_t ns) {
  timespec ts;
  ts.tv_sec = time_t(ns / 1'000'000'000);
  ts.tv_nsec = long(ns % 1'000'000'000);
  return ts;
}

}  // namespace

TenMsClock::TenMsClock(std::string name, Tick tick) : name_(std::move(name)), tick_(std::move(tick)) {}

TenMsClock::~TenMsClock() { Stop(); }

int64_t TenMsClock::NowNs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

void TenMsClock::Start() {
  if (running_.exchange(true)) return;
  thread_ = std::thread([this] { Run(); });
}

void TenMsClock::Stop() {
  if (!running_.exchange(false)) return;
  if (thread_.joinable()) thread_.join();
}

void TenMsClock::Run() {
  pthread_setname_np(pthread_self(), name_.substr(0, 15).c_str());
  realtime_.store(dn::engine::TryRealtimePriority());
  int64_t next = NowNs() + kPeriodNs;
  while (running_.load()) {
    const timespec deadline = ToTimespec(next);
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, nullptr) == EINTR) {
    }
    if (!running_.load()) break;
    const int64_t now = NowNs();
    if (now - next > kMaxCatchUpTicks * kPeriodNs) {
      // Too far behind to catch up without a burst: start a fresh schedule.
      resets_.fetch_add(1);
      next = now;
    }
    while (next <= now && running_.load()) {
      tick_(next);
      next += kPeriodNs;
    }
  }
}

}  // namespace dn::engine::audio
