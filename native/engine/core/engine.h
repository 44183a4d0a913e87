// Everything one engine process owns. Handlers receive a reference to it.
#pragma once

#include <memory>

#include "engine/channel/engine_channel.h"
#include "engine/core/log_forwarder.h"
#include "engine/core/media_context.h"

namespace dn::engine {

constexpr int kProtocolVersion = 1;

struct Engine {
  explicit Engine(int channel_fd) : channel(channel_fd), log(&channel) {}

  EngineChannel channel;
  LogForwarder log;
  MediaContext media;
  int worker_threads = 2;
};

// Each handler file registers its methods (handlers/*.cc).
void RegisterEngineHandlers(Engine& engine);

}  // namespace dn::engine
