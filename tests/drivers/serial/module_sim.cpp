#include "tests/drivers/serial/module_sim.h"

#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "drivers/serial/internal/r2000_frame.h"

namespace rfinv::test {

namespace r2000 = drivers::r2000;

Result<std::unique_ptr<ModuleSim>> ModuleSim::start(ModuleSimOptions options) {
  std::unique_ptr<ModuleSim> sim(new ModuleSim(std::move(options)));
  sim->master_ = posix_openpt(O_RDWR | O_NOCTTY);
  if (sim->master_ < 0) return make_error(Errc::io, "posix_openpt: {}", std::strerror(errno));
  if (grantpt(sim->master_) != 0 || unlockpt(sim->master_) != 0) {
    return make_error(Errc::io, "grantpt/unlockpt: {}", std::strerror(errno));
  }
  const char* name = ptsname(sim->master_);
  if (name == nullptr) return make_error(Errc::io, "ptsname: {}", std::strerror(errno));
  sim->device_ = name;
  sim->slave_ = ::open(name, O_RDWR | O_NOCTTY);
  if (sim->slave_ < 0) return make_error(Errc::io, "open {}: {}", name, std::strerror(errno));
  // Raw from the start, so bytes written before the driver configures the port pass intact.
  termios tio{};
  if (tcgetattr(sim->slave_, &tio) != 0) return make_error(Errc::io, "tcgetattr failed");
  cfmakeraw(&tio);
  if (tcsetattr(sim->slave_, TCSANOW, &tio) != 0) return make_error(Errc::io, "tcsetattr failed");
  sim->thread_ = std::thread([raw = sim.get()] { raw->run(); });
  return sim;
}

ModuleSim::~ModuleSim() { vanish(); }

void ModuleSim::vanish() {
  quit_ = true;
  if (thread_.joinable()) thread_.join();
  if (master_ >= 0) ::close(master_);
  if (slave_ >= 0) ::close(slave_);
  master_ = slave_ = -1;
}

std::vector<std::vector<std::uint8_t>> ModuleSim::commands() const {
  std::lock_guard lock(mutex_);
  return commands_;
}

void ModuleSim::run() {
  r2000::StreamDecoder decoder;
  std::array<std::uint8_t, 256> buffer{};
  while (!quit_) {
    pollfd p{master_, POLLIN, 0};
    const int ready = ::poll(&p, 1, 20);
    if (ready <= 0) continue;
    const ssize_t n = ::read(master_, buffer.data(), buffer.size());
    if (n <= 0) continue;  // EIO while no slave is open: the driver is between opens
    decoder.feed(std::span<const std::uint8_t>(buffer.data(), static_cast<std::size_t>(n)));
    while (auto frame = decoder.next()) {
      std::vector<std::uint8_t> data(frame->data.begin(), frame->data.end());
      std::vector<std::uint8_t> whole = r2000::encode(frame->address, frame->command, data);
      {
        std::lock_guard lock(mutex_);
        commands_.push_back(std::move(whole));
      }
      if (!silent_) answer(frame->command, data);
    }
  }
}

void ModuleSim::answer(std::uint8_t command, const std::vector<std::uint8_t>& data) {
  switch (command) {
    case r2000::cmd::kGetFirmwareVersion:
      send_frame(command, {0x01, 0x09}, false);
      return;
    case r2000::cmd::kSetWorkAntenna: {
      const std::uint8_t antenna = data.empty() ? 0xFF : static_cast<std::uint8_t>(data[0] + 1);
      bool missing = antenna == 0 || antenna > 4;
      for (auto m : options_.missing_antennas) missing = missing || m == antenna;
      if (missing) {
        send_frame(command, {0x22}, false);
        return;
      }
      work_antenna_ = antenna;
      send_frame(command, {r2000::kSuccess}, false);
      return;
    }
    case r2000::cmd::kRealTimeInventory: {
      if (options_.round_limit >= 0 && rounds_ >= options_.round_limit) {
        silent_ = true;
        return;
      }
      const auto& tags = options_.tags[work_antenna_];
      for (const auto& tag : tags) {
        std::vector<std::uint8_t> report;
        report.push_back(
            static_cast<std::uint8_t>((tag.frequency_index << 2) | (work_antenna_ - 1)));
        const auto pc = static_cast<std::uint16_t>((tag.epc.size() / 2) << 11);
        report.push_back(static_cast<std::uint8_t>(pc >> 8));
        report.push_back(static_cast<std::uint8_t>(pc & 0xFF));
        report.insert(report.end(), tag.epc.begin(), tag.epc.end());
        report.push_back(tag.rssi_raw);
        send_frame(command, report, true);
      }
      const auto total = static_cast<std::uint32_t>(tags.size());
      std::vector<std::uint8_t> summary{static_cast<std::uint8_t>(work_antenna_ - 1)};
      if (!options_.short_summary) summary.insert(summary.end(), {0x00, 0x20});
      for (int shift = 24; shift >= 0; shift -= 8) {
        summary.push_back(static_cast<std::uint8_t>(total >> shift));
      }
      send_frame(command, summary, false);
      ++rounds_;
      return;
    }
    default:
      send_frame(command, {0x11}, false);  // "fail": a command this simulator does not know
  }
}

void ModuleSim::send_frame(std::uint8_t command, const std::vector<std::uint8_t>& data,
                           bool is_tag) {
  auto frame = r2000::encode(options_.address, command, data);
  if (stall_once_.exchange(false)) write_all({0xA0, 0x60});
  if (noise_) write_all({0x00, 0xFF, 0x13, 0xA0, 0x01, 0x55, 0xA0, 0x02, 0x7E});
  if (bad_frames_ && is_tag) {
    auto bad = frame;
    bad.back() ^= 0x5A;
    write_all(bad);
  }
  write_all(frame);
  if (is_tag) ++tag_frames_;
}

void ModuleSim::write_all(const std::vector<std::uint8_t>& bytes) {
  std::size_t done = 0;
  for (int attempts = 0; done < bytes.size() && attempts < 1000; ++attempts) {
    const ssize_t n = ::write(master_, bytes.data() + done, bytes.size() - done);
    if (n > 0) {
      done += static_cast<std::size_t>(n);
    } else if (errno != EAGAIN && errno != EINTR) {
      return;
    }
  }
}

}  // namespace rfinv::test
