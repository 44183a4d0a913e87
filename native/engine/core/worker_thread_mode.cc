#include "engine/core/worker_thread_mode.h"

#include "engine/core/env_choice.h"

namespace dn::engine {

std::string WorkerThreadModeFromEnvironment() {
  return EnvChoice("DAILY_NODE_ENGINE_WORKER", {"shared", "own"}, "shared");
}

}  // namespace dn::engine
