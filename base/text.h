// The one rule for text rfinv accepts from outside (command-line arguments, CSV cells, hub
// requests and pushed events): valid UTF-8, no control characters, and at most a cap of
// characters that depends on what the text is. Text that passes is safe to store, to print on
// a terminal (no escape sequences) and to write as JSON.
//
// Threading: stateless.
#pragma once

#include <cstddef>
#include <string_view>

#include "base/result.h"

namespace rfinv {

// What a text is, which sets its cap in characters (code points). README "Text".
enum class TextKind {
  code,     // 64: SKUs, location, department and asset codes, reader names, ids, event types
  name,     // 200: names, units, suppliers, people (actors), EPCs, idempotency keys, dates
  note,     // 1000: reasons and other free text
  setting,  // 4096: setting values (the alert command), reader URIs, file paths, and any one
            // command-line argument
};

std::size_t max_chars(TextKind kind);

// invalid_argument naming `field` when `text` is not valid UTF-8 (overlong forms, surrogates
// and code points past U+10FFFF are invalid), contains a control character (U+0000-U+001F,
// U+007F-U+009F) or has more than max_chars(kind) characters. The message never repeats the
// text itself, which may be what is wrong.
Status check_text(std::string_view field, std::string_view text, TextKind kind);

}  // namespace rfinv
