// libwebrtc's asynchronous observer interfaces, adapted to callbacks.
// They run on the signaling thread.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include <api/jsep.h>
#include <api/rtc_error.h>
#include <api/set_local_description_observer_interface.h>
#include <api/set_remote_description_observer_interface.h>
#include <api/stats/rtc_stats_collector_callback.h>

namespace dn::engine::peer {

class CreateSdpObserver : public webrtc::CreateSessionDescriptionObserver {
 public:
  using Done = std::function<void(std::unique_ptr<webrtc::SessionDescriptionInterface>, webrtc::RTCError)>;
  explicit CreateSdpObserver(Done done) : done_(std::move(done)) {}
  void OnSuccess(webrtc::SessionDescriptionInterface* desc) override {
    done_(std::unique_ptr<webrtc::SessionDescriptionInterface>(desc), webrtc::RTCError::OK());
  }
  void OnFailure(webrtc::RTCError error) override { done_(nullptr, std::move(error)); }

 private:
  Done done_;
};

class SetLocalObserver : public webrtc::SetLocalDescriptionObserverInterface {
 public:
  using Done = std::function<void(webrtc::RTCError)>;
  explicit SetLocalObserver(Done done) : done_(std::move(done)) {}
  void OnSetLocalDescriptionComplete(webrtc::RTCError error) override { done_(std::move(error)); }

 private:
  Done done_;
};

class SetRemoteObserver : public webrtc::SetRemoteDescriptionObserverInterface {
 public:
  using Done = std::function<void(webrtc::RTCError)>;
  explicit SetRemoteObserver(Done done) : done_(std::move(done)) {}
  void OnSetRemoteDescriptionComplete(webrtc::RTCError error) override { done_(std::move(error)); }

 private:
  Done done_;
};

class StatsObserver : public webrtc::RTCStatsCollectorCallback {
 public:
  using Done = std::function<void(const rtc::scoped_refptr<const webrtc::RTCStatsReport>&)>;
  explicit StatsObserver(Done done) : done_(std::move(done)) {}
  void OnStatsDelivered(const rtc::scoped_refptr<const webrtc::RTCStatsReport>& report) override { done_(report); }

 private:
  Done done_;
};

}  // namespace dn::engine::peer
