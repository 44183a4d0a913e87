#include "engine/audio/ten_ms_clock.h"

#include <pthread.h>
#include <sched.h>
#include <time.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

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

bool TenMsClock::TryRealtimePriority() {
  // Audio clocks must not wait behind busy threads on a loaded machine. Real
  // time scheduling needs CAP_SYS_NICE (or an RLIMIT_RTPRIO); without it the
  // clock keeps the normal policy. DAILY_NODE_AUDIO_REALTIME=0 opts out.
  const char* opt = std::getenv("DAILY_NODE_AUDIO_REALTIME");
  if (opt && std::strcmp(opt, "0") == 0) return false;
  sched_param param{};
  param.sched_priority = 10;
  return pthread_setschedparam(pthread_self(), SCHED_FIFO, &param) == 0;
}

void TenMsClock::Run() {
  pthread_setname_np(pthread_self(), name_.substr(0, 15).c_str());
  realtime_.store(TryRealtimePriority());
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
