// An LLRP reader simulator on 127.0.0.1 (ephemeral port), for tests and benchmarks: it speaks
// the reader side of a session (connection event, answers to the client's setup requests,
// keepalives at the period the client configured, CLOSE_CONNECTION_RESPONSE), records every
// byte and message the client sent, and on request sends reports, goes silent, closes the
// socket, cuts its writes into tiny TCP segments or sends garbage.
//
// Threading: the simulator runs its own io_context on its own thread; every public member is
// thread-safe (controls are posted to that thread, observations are locked snapshots).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "drivers/llrp/internal/encoder.h"

namespace rfinv::test::llrp {

using drivers::llrp::Bytes;

struct SimTag {
  Bytes epc;                   // 12 bytes are sent as EPC-96, any other size as EPCData
  std::uint16_t epc_bits = 0;  // 0 = epc.size() * 8
  std::uint16_t antenna = 1;
  std::int8_t rssi = -60;
  std::uint64_t first_seen = 0;  // UTC microseconds
  std::uint64_t last_seen = 0;
  std::uint16_t seen_count = 1;
};

// Appends one RO_ACCESS_REPORT with one TagReportData per tag (AntennaID, PeakRSSI,
// First/LastSeenTimestampUTC, TagSeenCount).
void encode_report(Bytes& out, std::uint32_t id, const std::vector<SimTag>& tags);

struct SimMessage {
  int connection = 0;  // 1-based accept number
  std::uint16_t type = 0;
  std::uint32_t id = 0;
  Bytes bytes;  // the whole message
};

struct SimOptions {
  std::uint16_t connection_status = 0;  // ConnectionAttemptEvent status sent on accept
  std::uint16_t max_antennas = 4;       // in GeneralDeviceCapabilities
  std::uint16_t refuse_type = 0;        // answer this request type with an error status
  std::uint16_t refuse_status = 101;
  std::chrono::milliseconds event_delay{0};  // wait this long after accept before the event
};

class LlrpSim {
 public:
  explicit LlrpSim(SimOptions options = {});
  ~LlrpSim();
  LlrpSim(const LlrpSim&) = delete;
  LlrpSim& operator=(const LlrpSim&) = delete;

  std::uint16_t port() const;

  // ---- controls (asynchronous: they take effect on the simulator's thread) ----
  void send_report(std::vector<SimTag> tags);
  // Several whole messages in one write (one TCP segment when small).
  void send_coalesced(std::vector<Bytes> messages);
  void send_keepalive();
  void send_raw(Bytes bytes);
  // Writes `bytes` `times` times back to back (benchmarks); stream_done() says when written.
  void stream(std::shared_ptr<const Bytes> bytes, std::size_t times);
  // Cut every later write into pieces of `bytes` bytes with `gap` between them; 0 = whole.
  void set_segments(std::size_t bytes, std::chrono::milliseconds gap);
  // No answers and no keepalives while silent (the socket stays open).
  void set_silent(bool silent);
  // Closes the current connection (the client sees EOF).
  void close_client();

  // ---- observations (snapshots) ----
  int connections() const;
  bool session_started() const;  // START_ROSPEC answered on the current connection
  bool stream_done() const;
  std::vector<SimMessage> received() const;
  std::vector<std::uint16_t> received_types(int connection) const;
  std::size_t count(std::uint16_t type) const;
  // Polls `pred` every 2 ms until it holds or `timeout` passes; returns whether it held.
  bool wait_for(const std::function<bool()>& pred, std::chrono::milliseconds timeout) const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace rfinv::test::llrp
