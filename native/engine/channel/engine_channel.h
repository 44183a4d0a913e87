// The engine's end of the channel to the addon: reads frames, routes requests
// and data frames to handlers, and sends responses, notifications, logs and
// data back. Reading happens on the thread that calls Run(); sending is safe
// from any thread.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "common/fd_writer.h"
#include "common/frame.h"
#include "engine/channel/request.h"
#include "generated/engine_params.h"

namespace dn::engine {

class EngineChannel {
 public:
  using RequestHandler = std::function<void(const Request&, const Responder&)>;
  // A data frame: parsed JSON header plus its binary payload.
  using DataHandler = std::function<void(const json& header, std::vector<uint8_t>&& payload)>;

  explicit EngineChannel(int fd);
  ~EngineChannel();
  EngineChannel(const EngineChannel&) = delete;
  EngineChannel& operator=(const EngineChannel&) = delete;

  // Only names of the generated protocol header are taken (see CMakeLists.txt).
  void OnRequest(protocol::MethodName method, RequestHandler handler);

  // Registers a handler that takes its method's generated params struct, read
  // (and checked, with the field named) before the handler runs:
  //   channel.Handle(protocol::method::kPcClose, [](const params::PcClose& p, const Responder& res) {...});
  template <typename Params, typename Handler>
  void Handle(const protocol::Method<Params>& method, Handler handler) {
    static_assert(std::is_invocable_v<const Handler&, const Params&, const Responder&>,
                  "a handler of this method takes (const <its params struct>&, const Responder&)");
    OnRequest(method, [handler = std::move(handler)](const Request& req, const Responder& res) {
      handler(req.data.get<Params>(), res);
    });
  }
  void OnData(protocol::DataType type, DataHandler handler);
  std::vector<std::string> RegisteredMethods() const;
  std::vector<std::string> RegisteredDataTypes() const;

  // Reads until the peer closes the channel or Stop() is called.
  void Run();
  void Stop();

  void SendResponse(int64_t id, const json& body, const std::vector<uint8_t>* binary = nullptr);
  void Notify(protocol::EventName event, const json& data);
  void Log(const std::string& level, const std::string& message, const std::string& source = "engine");
  bool SendData(const json& header, const uint8_t* payload, size_t len);
  bool connected() const { return !writer_.broken(); }

 private:
  void HandleFrame(channel::Frame&& frame);
  void HandleRequest(channel::Frame&& frame);
  void HandleData(channel::Frame&& frame);
  void ReportChannelError(const std::string& reason);

  int fd_;
  channel::FdWriter writer_;
  std::atomic<bool> stop_{false};
  std::map<std::string, RequestHandler> requests_;
  std::map<std::string, DataHandler> data_;
};

}  // namespace dn::engine
