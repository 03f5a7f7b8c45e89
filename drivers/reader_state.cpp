#include "drivers/reader.h"

namespace rfinv::drivers {

std::string_view to_string(ReaderState state) {
  switch (state) {
    case ReaderState::connecting:
      return "connecting";
    case ReaderState::online:
      return "online";
    case ReaderState::lost:
      return "lost";
    case ReaderState::reconnecting:
      return "reconnecting";
    case ReaderState::stopped:
      return "stopped";
  }
  return "unknown";
}

}  // namespace rfinv::drivers
