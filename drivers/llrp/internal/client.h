// The LLRP client: a Reader that keeps one LLRP session to a fixed reader over TCP.
//
//   start() ─► resolve ─► connect ─► wait READER_EVENT_NOTIFICATION(ConnectionAttempt ok)
//                ▲           ─► GET_READER_CAPABILITIES ─► SET_READER_CONFIG(reset, keepalive)
//                │           ─► DELETE_ROSPEC(all) ─► ADD/ENABLE/START_ROSPEC ─► online
//                │                                                                 │
//   backoff timer (min·2^n, capped) ◄── lost(reason) ◄── deadline / silence / EOF /  │
//                                                       bad frame / error status ◄─┘
//   online: RO_ACCESS_REPORT ─► one TagRead batch per report; KEEPALIVE ─► KEEPALIVE_ACK
//   stop(): STOP_ROSPEC + CLOSE_CONNECTION ─► CLOSE_CONNECTION_RESPONSE or stop deadline
//           ─► close, cancel timers ─► stopped
//
// Actors, all on one strand: the reader loop (one async_read_some at a time into the frame
// splitter), the writer loop (one async_write at a time from a bounded queue), the step
// deadline (connect, each response, stop), the watch (reader silence, stalled write) and the
// backoff timer. Every handler carries the connection generation it was started for; a
// handler from an older connection returns at once. Nothing here throws out of a handler.
//
// Threading: start()/stop() may be called from any thread; everything else runs on the strand.
// The ReadsHandler and StateHandler run on the strand.
#pragma once

#include <boost/asio/io_context.hpp>
#include <memory>
#include <string>

#include "drivers/llrp/internal/client_options.h"
#include "drivers/reader.h"

namespace rfinv::drivers::llrp {

class Session;

class LlrpReader final : public Reader {
 public:
  LlrpReader(boost::asio::io_context& io, std::string name, ClientOptions options);
  // Stops without calling the handlers again; pending work finishes on the io_context.
  ~LlrpReader() override;
  void start(ReadsHandler on_reads, StateHandler on_state) override;
  void stop() override;
  const std::string& name() const override { return name_; }

 private:
  std::string name_;
  std::shared_ptr<Session> session_;
};

}  // namespace rfinv::drivers::llrp
