#include "engine/channel/engine_channel.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>

#include "engine/channel/param_error.h"

namespace dn::engine {

using channel::FrameKind;

// ---- Responder ---------------------------------------------------------------------

namespace {

// Why a result does not have the keys the TS protocol declares for its method, or "".
std::string ResultMismatch(const protocol::MethodSpec& spec, const json& data) {
  if (!data.is_object()) return "the result is not an object";
  for (const auto& key : spec.result)
    if (!key.optional && !data.contains(key.name)) return "the result lacks \"" + std::string(key.name) + "\"";
  for (const auto& [name, value] : data.items()) {
    bool declared = false;
    for (const auto& key : spec.result) declared = declared || key.name == name;
    if (!declared) return "the result has \"" + name + "\", which the protocol does not declare";
  }
  return "";
}

}  // namespace

struct Responder::State {
  EngineChannel* channel;
  int64_t id;
  const protocol::MethodSpec* spec;
  std::atomic<bool> answered{false};
  ~State() {
    if (!answered.exchange(true))
      channel->SendResponse(id, {{"id", id},
                                 {"ok", false},
                                 {"error",
                                  {{"code", protocol::error::kInternal.value},
                                   {"message", "the engine dropped this request without an answer"}}}});
  }
};

Responder::Responder(EngineChannel* channel, int64_t id, const protocol::MethodSpec* spec)
    : state_(std::make_shared<State>()) {
  state_->channel = channel;
  state_->id = id;
  state_->spec = spec;
}

void Responder::Ok(json data) const { Ok(std::move(data), {}); }

void Responder::Error(protocol::ErrorCode code, const std::string& message, const std::string& field) const {
  if (state_->answered.exchange(true)) return;
  json err = {{"code", code.value}, {"message", message}};
  if (!field.empty()) err["field"] = field;
  state_->channel->SendResponse(state_->id, {{"id", state_->id}, {"ok", false}, {"error", err}});
}

void Responder::Ok(json data, std::vector<uint8_t> binary) const {
  if (state_->spec) {
    if (std::string why = ResultMismatch(*state_->spec, data); !why.empty())
      return Error(protocol::error::kInternal, std::string(state_->spec->name) + ": " + why);
  }
  if (state_->answered.exchange(true)) return;
  state_->channel->SendResponse(state_->id, {{"id", state_->id}, {"ok", true}, {"data", std::move(data)}}, &binary);
}

bool Responder::answered() const { return state_->answered.load(); }

// ---- EngineChannel -------------------------------------------------------------------

EngineChannel::EngineChannel(int fd) : fd_(fd), writer_(fd) {}

EngineChannel::~EngineChannel() {
  if (fd_ >= 0) ::close(fd_);
}

void EngineChannel::OnRequest(protocol::MethodName method, RequestHandler handler) {
  requests_[method.value] = std::move(handler);
}

void EngineChannel::OnData(protocol::DataType type, DataHandler handler) { data_[type.value] = std::move(handler); }

std::vector<std::string> EngineChannel::RegisteredMethods() const {
  std::vector<std::string> names;
  for (const auto& [name, handler] : requests_) names.push_back(name);
  return names;
}

std::vector<std::string> EngineChannel::RegisteredDataTypes() const {
  std::vector<std::string> names;
  for (const auto& [name, handler] : data_) names.push_back(name);
  return names;
}

void EngineChannel::Run() {
  channel::FrameParser parser([this](channel::Frame&& f) { HandleFrame(std::move(f)); },
                              [this](const std::string& reason) { ReportChannelError(reason); });
  std::vector<uint8_t> buf(256 * 1024);
  while (!stop_.load()) {
    struct pollfd pfd = {fd_, POLLIN, 0};
    int pr = ::poll(&pfd, 1, 200);
    if (pr < 0 && errno != EINTR) break;
    if (pr <= 0) continue;
    ssize_t n = ::read(fd_, buf.data(), buf.size());
    if (n == 0) break;  // the SDK closed the channel or died
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      break;
    }
    parser.Feed(buf.data(), size_t(n));
  }
  writer_.MarkBroken();
}

void EngineChannel::Stop() { stop_.store(true); }

void EngineChannel::SendResponse(int64_t, const json& body, const std::vector<uint8_t>* binary) {
  const std::string text = body.dump(-1, ' ', false, json::error_handler_t::replace);
  if (binary && !binary->empty())
    writer_.Write(FrameKind::kResponse, text, binary->data(), binary->size());
  else
    writer_.Write(FrameKind::kResponse, text);
}

void EngineChannel::Notify(protocol::EventName event, const json& data) {
  json body = {{"event", event.value}, {"data", data}};
  writer_.Write(FrameKind::kNotification, body.dump(-1, ' ', false, json::error_handler_t::replace));
}

void EngineChannel::Log(const std::string& level, const std::string& message, const std::string& source) {
  json body = {{"level", level}, {"message", message}, {"source", source}};
  writer_.Write(FrameKind::kLog, body.dump(-1, ' ', false, json::error_handler_t::replace));
}

bool EngineChannel::SendData(const json& header, const uint8_t* payload, size_t len) {
  return writer_.Write(FrameKind::kData, header.dump(), payload, len);
}

void EngineChannel::ReportChannelError(const std::string& reason) {
  Notify(protocol::event::kChannelError, {{"reason", reason}});
}

void EngineChannel::HandleFrame(channel::Frame&& frame) {
  switch (frame.kind) {
    case FrameKind::kRequest:
      return HandleRequest(std::move(frame));
    case FrameKind::kData:
      return HandleData(std::move(frame));
    default:
      return ReportChannelError(std::string("the engine does not accept ") + channel::KindName(frame.kind) + " frames");
  }
}

void EngineChannel::HandleRequest(channel::Frame&& frame) {
  json body = json::parse(frame.json, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return ReportChannelError("request is not a JSON object");
  auto id_it = body.find("id");
  if (id_it == body.end() || !id_it->is_number_integer()) return ReportChannelError("request has no integer \"id\"");
  Request req;
  req.id = id_it->get<int64_t>();
  auto method_it = body.find("method");
  if (method_it == body.end() || !method_it->is_string())
    return Responder(this, req.id)
        .Error(protocol::error::kInvalidRequest, "request has no string \"method\"", "method");
  req.method = method_it->get<std::string>();
  Responder responder(this, req.id, protocol::FindMethod(req.method));
  auto data_it = body.find("data");
  if (data_it != body.end() && !data_it->is_null()) req.data = *data_it;
  req.binary = std::move(frame.binary);
  auto handler = requests_.find(req.method);
  if (handler == requests_.end())
    return responder.Error(protocol::error::kUnknownMethod, "unknown engine method '" + req.method + "'", "method");
  try {
    handler->second(req, responder);
  } catch (const ParamError& e) {
    responder.Error(protocol::error::kInvalidArgument, e.what(), e.field());
  } catch (const StateError& e) {
    responder.Error(protocol::error::kInvalidState, e.what());
  } catch (const std::exception& e) {
    responder.Error(protocol::error::kInternal, std::string("engine error in ") + req.method + ": " + e.what());
  }
}

void EngineChannel::HandleData(channel::Frame&& frame) {
  json header = json::parse(frame.json, nullptr, false);
  if (header.is_discarded() || !header.is_object() || !header.contains("type") || !header["type"].is_string())
    return ReportChannelError("data frame header is not a JSON object with a string \"type\"");
  const std::string type = header["type"].get<std::string>();
  auto handler = data_.find(type);
  if (handler == data_.end()) return ReportChannelError("unknown data frame type '" + type + "'");
  try {
    handler->second(header, std::move(frame.binary));
  } catch (const std::exception& e) {
    ReportChannelError("data frame '" + type + "' rejected: " + e.what());
  }
}

}  // namespace dn::engine
