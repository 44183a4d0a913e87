// Sends engine and libwebrtc log lines over the channel, filtered by the
// SDK's LogLevel (0 Off, 1 Error, 2 Warn, 3 Info, 4 Debug, 5 Trace).
#pragma once

#include <atomic>
#include <string>

#include <rtc_base/logging.h>

namespace dn::engine {

class EngineChannel;

enum class LogLevel : int { kOff = 0, kError = 1, kWarn = 2, kInfo = 3, kDebug = 4, kTrace = 5 };

class LogForwarder : public rtc::LogSink {
 public:
  explicit LogForwarder(EngineChannel* channel);
  ~LogForwarder() override;

  void SetLevel(LogLevel level);
  LogLevel level() const { return LogLevel(level_.load()); }
  void Log(LogLevel level, const std::string& message);

  // rtc::LogSink
  void OnLogMessage(const std::string& message) override;
  void OnLogMessage(const std::string& message, rtc::LoggingSeverity severity) override;

 private:
  EngineChannel* channel_;
  std::atomic<int> level_{int(LogLevel::kOff)};
  bool attached_ = false;
};

const char* LogLevelName(LogLevel level);

}  // namespace dn::engine
