// Owns one engine child process and the channel to it.
//
// The engine is spawned with a Unix socket pair on fd 3 (the framed channel)
// and a pipe on fds 1/2 (its stderr, kept to explain a crash). A reader thread
// drains the socket even while the JS event loop is busy, so the engine never
// blocks on a full socket; each frame reaches JS through a thread-safe function.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <napi.h>

#include "common/fd_writer.h"

namespace dn::addon {

// Event kinds delivered to JS besides the channel's own frame kinds (1..5).
constexpr int kEventChannelError = 0;  // the engine sent bytes that are not a valid frame
constexpr int kEventEngineExit = 255;  // the engine process is gone (json: code, signal, stderr)

class EngineProcess : public Napi::ObjectWrap<EngineProcess> {
 public:
  static Napi::Function Define(Napi::Env env);
  explicit EngineProcess(const Napi::CallbackInfo& info);
  ~EngineProcess() override;

 private:
  struct Shared;

  Napi::Value Send(const Napi::CallbackInfo& info);
  Napi::Value SendRaw(const Napi::CallbackInfo& info);
  Napi::Value Pid(const Napi::CallbackInfo& info);
  Napi::Value Running(const Napi::CallbackInfo& info);
  void Kill(const Napi::CallbackInfo& info);
  void Close(const Napi::CallbackInfo& info);
  void Ref(const Napi::CallbackInfo& info);
  void Unref(const Napi::CallbackInfo& info);

  std::shared_ptr<Shared> shared_;
};

}  // namespace dn::addon
