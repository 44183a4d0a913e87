#include <cstring>
#include <string>
#include <vector>

#include "common/frame.h"
#include "test/test_harness.h"

using dn::channel::EncodeFrame;
using dn::channel::Frame;
using dn::channel::FrameKind;
using dn::channel::FrameParser;

namespace {

struct Collected {
  std::vector<Frame> frames;
  std::vector<std::string> errors;
  FrameParser parser{[this](Frame&& f) { frames.push_back(std::move(f)); },
                     [this](const std::string& e) { errors.push_back(e); }};
};

}  // namespace

DN_TEST(frame_roundtrip_with_binary) {
  Collected c;
  const uint8_t pcm[4] = {1, 2, 3, 4};
  auto bytes = EncodeFrame(FrameKind::kData, R"({"type":"audio"})", pcm, 4);
  c.parser.Feed(bytes.data(), bytes.size());
  DN_CHECK(c.frames.size() == 1);
  DN_CHECK(c.errors.empty());
  DN_CHECK(c.frames[0].kind == FrameKind::kData);
  DN_CHECK(c.frames[0].json == R"({"type":"audio"})");
  DN_CHECK(c.frames[0].binary.size() == 4 && c.frames[0].binary[3] == 4);
}

DN_TEST(frame_split_across_reads) {
  Collected c;
  auto bytes = EncodeFrame(FrameKind::kRequest, R"({"id":1,"method":"engine.ping"})");
  for (size_t i = 0; i < bytes.size(); ++i) c.parser.Feed(&bytes[i], 1);
  DN_CHECK(c.frames.size() == 1);
  DN_CHECK(c.parser.buffered() == 0);
}

DN_TEST(garbage_is_reported_once_then_resyncs) {
  Collected c;
  std::vector<uint8_t> stream = {'g', 'a', 'r', 'b', 'a', 'g', 'e'};
  auto good = EncodeFrame(FrameKind::kRequest, R"({"id":2})");
  stream.insert(stream.end(), good.begin(), good.end());
  c.parser.Feed(stream.data(), stream.size());
  DN_CHECK(c.errors.size() == 1);
  DN_CHECK(c.frames.size() == 1);
  DN_CHECK(c.frames[0].json == R"({"id":2})");
}

DN_TEST(oversized_and_unknown_kind_are_rejected) {
  Collected c;
  uint8_t header[dn::channel::kHeaderSize];
  dn::channel::EncodeHeader(FrameKind::kRequest, dn::channel::kMaxJsonBytes + 1, 0, header);
  c.parser.Feed(header, sizeof header);
  auto bad_kind = EncodeFrame(FrameKind::kRequest, "{}");
  bad_kind[2] = 77;
  c.parser.Feed(bad_kind.data(), bad_kind.size());
  auto good = EncodeFrame(FrameKind::kLog, R"({"level":"info"})");
  c.parser.Feed(good.data(), good.size());
  DN_CHECK(c.errors.size() >= 2);
  DN_CHECK(c.frames.size() == 1);
  DN_CHECK(c.frames.back().kind == FrameKind::kLog);
}
