#include "engine/core/realtime_priority.h"

#include <pthread.h>
#include <sched.h>

#include <cstdlib>
#include <cstring>

namespace dn::engine {

bool TryRealtimePriority() {
  const char* opt = std::getenv("DAILY_NODE_AUDIO_REALTIME");
  if (opt && std::strcmp(opt, "0") == 0) return false;
  sched_param param{};
  param.sched_priority = 10;
  return pthread_setschedparam(pthread_self(), SCHED_FIFO, &param) == 0;
}

}  // namespace dn::engine
