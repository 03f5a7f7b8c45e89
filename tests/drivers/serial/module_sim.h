// A simulated R2000 UHF module on a pseudo-terminal, for tests: the driver opens device()
// like a real /dev/ttyUSB0, and the simulator answers 0x74 (set work antenna), 0x72 (firmware)
// and 0x89 (real-time inventory) as a module would, with configurable tags per antenna.
// Faults on demand: noise bytes and bad-checksum frames between good frames, a garbage head
// that stalls a decoder, silence, and the device vanishing.
//
// Threading: the simulator runs on its own thread; every public function may be called from
// any thread. The destructor stops the thread and closes the pty.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/result.h"

namespace rfinv::test {

struct SimTag {
  std::vector<std::uint8_t> epc;  // even length
  std::uint8_t rssi_raw = 0x60;
  std::uint8_t frequency_index = 1;
};

struct ModuleSimOptions {
  std::uint8_t address = 0x01;                       // the module answers with this address
  std::map<std::uint8_t, std::vector<SimTag>> tags;  // by 1-based antenna
  std::vector<std::uint8_t> missing_antennas;        // 0x74 to these answers 0x22
  bool short_summary = false;                        // V2.2 Len 0x08 round summary
  int round_limit = -1;                              // fall silent after this many rounds
};

class ModuleSim {
 public:
  // Opens a pty pair (posix_openpt/grantpt/unlockpt/ptsname, raw mode) and starts answering.
  static Result<std::unique_ptr<ModuleSim>> start(ModuleSimOptions options);
  ~ModuleSim();
  ModuleSim(const ModuleSim&) = delete;
  ModuleSim& operator=(const ModuleSim&) = delete;

  const std::string& device() const { return device_; }

  void set_noise(bool on) { noise_ = on; }            // garbage bytes before each frame
  void set_bad_frames(bool on) { bad_frames_ = on; }  // a corrupted copy before each tag
  void set_silent(bool on) { silent_ = on; }          // read commands, answer nothing
  void stall_once() { stall_once_ = true; }           // next reply preceded by "A0 60"
  void vanish();                                      // close the pty: device gone

  int rounds() const { return rounds_; }
  int tag_frames_sent() const { return tag_frames_; }
  // Every command frame received, whole (head to checksum).
  std::vector<std::vector<std::uint8_t>> commands() const;

 private:
  explicit ModuleSim(ModuleSimOptions options) : options_(std::move(options)) {}
  void run();
  void answer(std::uint8_t command, const std::vector<std::uint8_t>& data);
  void send_frame(std::uint8_t command, const std::vector<std::uint8_t>& data, bool is_tag);
  void write_all(const std::vector<std::uint8_t>& bytes);

  ModuleSimOptions options_;
  int master_ = -1;
  int slave_ = -1;  // held open so the master never sees a hangup between driver reopens
  std::string device_;
  std::thread thread_;
  std::atomic<bool> quit_{false};
  std::atomic<bool> noise_{false};
  std::atomic<bool> bad_frames_{false};
  std::atomic<bool> silent_{false};
  std::atomic<bool> stall_once_{false};
  std::atomic<int> rounds_{0};
  std::atomic<int> tag_frames_{0};
  std::uint8_t work_antenna_ = 1;
  mutable std::mutex mutex_;
  std::vector<std::vector<std::uint8_t>> commands_;
};

}  // namespace rfinv::test
