#include "engine/peer/dtmf_tone_detector.h"

#include <array>
#include <cmath>

namespace dn::engine::peer {
namespace {

constexpr std::array<double, 4> kRows = {697, 770, 852, 941};
constexpr std::array<double, 4> kCols = {1209, 1336, 1477, 1633};
constexpr const char* kKeys[4] = {"123A", "456B", "789C", "*0#D"};

// Share of the window's energy at `freq`: about 1 for a pure tone there.
double ShareAt(const int16_t* x, size_t n, double freq, double energy) {
  const double coeff = 2 * std::cos(2 * M_PI * freq / DtmfToneDetector::kRate);
  double s1 = 0, s2 = 0;
  for (size_t i = 0; i < n; ++i) {
    const double s0 = x[i] + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return 2 * power / (double(n) * energy);
}

// Index of the strongest of four shares, and whether it dominates the others.
int Strongest(const std::array<double, 4>& shares, double min_share) {
  int best = 0;
  for (int i = 1; i < 4; ++i)
    if (shares[i] > shares[best]) best = i;
  if (shares[best] < min_share) return -1;
  for (int i = 0; i < 4; ++i)
    if (i != best && shares[i] * 6 > shares[best]) return -1;  // others at least ~8 dB down
  return best;
}

}  // namespace

char DetectDtmfKey(const int16_t* x, size_t n) {
  double energy = 0;
  for (size_t i = 0; i < n; ++i) energy += double(x[i]) * x[i];
  // Below about -45 dBFS RMS: silence or noise.
  if (n == 0 || energy / double(n) < 32768.0 * 32768.0 * 3e-5) return 0;
  std::array<double, 4> rows{}, cols{};
  for (int i = 0; i < 4; ++i) {
    rows[i] = ShareAt(x, n, kRows[i], energy);
    cols[i] = ShareAt(x, n, kCols[i], energy);
  }
  const int r = Strongest(rows, 0.15);
  const int c = Strongest(cols, 0.15);
  if (r < 0 || c < 0 || rows[r] + cols[c] < 0.75) return 0;
  if (rows[r] > 8 * cols[c] || cols[c] > 8 * rows[r]) return 0;  // twist beyond ~9 dB
  return kKeys[r][c];
}

DtmfToneDetector::DtmfToneDetector(OnDigit on_digit, std::function<bool()> enabled)
    : on_digit_(std::move(on_digit)), enabled_(std::move(enabled)), converter_(audio::AudioFormat{kRate, 1}) {}

void DtmfToneDetector::OnData(const void* audio_data, int bits_per_sample, int sample_rate, size_t number_of_channels,
                              size_t number_of_frames) {
  if (!converter_.Convert(audio_data, bits_per_sample, sample_rate, number_of_channels, number_of_frames)) return;
  const auto& block = converter_.output();
  pending_.insert(pending_.end(), block.begin(), block.end());
  while (pending_.size() >= kWindow) {
    OnWindow(enabled_() ? DetectDtmfKey(pending_.data(), kWindow) : 0);
    pending_.erase(pending_.begin(), pending_.begin() + long(kWindow));
  }
}

void DtmfToneDetector::OnWindow(char key) {
  if (key && key == active_) {
    ++active_windows_;
    missed_windows_ = 0;
    return;
  }
  if (key) {
    Finish();
    active_ = key;
    active_windows_ = 1;
    missed_windows_ = 0;
    return;
  }
  if (active_ && ++missed_windows_ >= kEndWindows) Finish();
}

void DtmfToneDetector::Finish() {
  if (active_ && active_windows_ >= kMinWindows)
    on_digit_(Digit{active_, int(double(active_windows_) * 1000.0 * double(kWindow) / kRate)});
  active_ = 0;
  active_windows_ = 0;
  missed_windows_ = 0;
}

}  // namespace dn::engine::peer
