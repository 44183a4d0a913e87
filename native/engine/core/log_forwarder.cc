#include "engine/core/log_forwarder.h"

#include "engine/channel/engine_channel.h"

namespace dn::engine {
namespace {

rtc::LoggingSeverity ToSeverity(LogLevel level) {
  switch (level) {
    case LogLevel::kOff:
      return rtc::LS_NONE;
    case LogLevel::kError:
      return rtc::LS_ERROR;
    case LogLevel::kWarn:
      return rtc::LS_WARNING;
    case LogLevel::kInfo:
      return rtc::LS_INFO;
    case LogLevel::kDebug:
    case LogLevel::kTrace:
      return rtc::LS_VERBOSE;
  }
  return rtc::LS_NONE;
}

LogLevel FromSeverity(rtc::LoggingSeverity s) {
  switch (s) {
    case rtc::LS_ERROR:
      return LogLevel::kError;
    case rtc::LS_WARNING:
      return LogLevel::kWarn;
    case rtc::LS_INFO:
      return LogLevel::kInfo;
    default:
      return LogLevel::kDebug;
  }
}

}  // namespace

const char* LogLevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kOff:
      return "off";
    case LogLevel::kError:
      return "error";
    case LogLevel::kWarn:
      return "warn";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kTrace:
      return "trace";
  }
  return "off";
}

LogForwarder::LogForwarder(EngineChannel* channel) : channel_(channel) {
  // libwebrtc prints to stderr by default; the channel is our only log path.
  rtc::LogMessage::LogToDebug(rtc::LS_NONE);
}

LogForwarder::~LogForwarder() {
  if (attached_) rtc::LogMessage::RemoveLogToStream(this);
}

void LogForwarder::SetLevel(LogLevel level) {
  level_.store(int(level));
  if (attached_) rtc::LogMessage::RemoveLogToStream(this);
  attached_ = false;
  if (level != LogLevel::kOff) {
    rtc::LogMessage::AddLogToStream(this, ToSeverity(level));
    attached_ = true;
  }
}

void LogForwarder::Log(LogLevel level, const std::string& message) {
  if (level == LogLevel::kOff || int(level) > level_.load()) return;
  channel_->Log(LogLevelName(level), message, "engine");
}

void LogForwarder::OnLogMessage(const std::string& message) { OnLogMessage(message, rtc::LS_INFO); }

void LogForwarder::OnLogMessage(const std::string& message, rtc::LoggingSeverity severity) {
  LogLevel level = FromSeverity(severity);
  if (int(level) > level_.load()) return;
  std::string line = message;
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  channel_->Log(LogLevelName(level), line, "webrtc");
}

}  // namespace dn::engine
