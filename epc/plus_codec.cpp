// TDS 2.x "+" schemes and +AIDC data. Bits are handled as a string of '0'/'1': these EPCs
// are short (at most 496 bits) and rare next to the 96-bit ones, and clarity wins here.
#include "epc/internal/plus_codec.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>

#include "epc/gs1_ai.h"
#include "epc/internal/charset.h"

namespace rfinv::epc::detail {
namespace {

constexpr PlusLayout kPlus[] = {
    {Scheme::sgtin_plus, Family::sgtin, 0xF7, "sgtin+", "01", "21"},
    {Scheme::dsgtin_plus, Family::sgtin, 0xFB, "dsgtin+", "01", "21"},
    {Scheme::sscc_plus, Family::sscc, 0xF9, "sscc+", "00", ""},
    {Scheme::sgln_plus, Family::sgln, 0xF2, "sgln+", "414", "254"},
    {Scheme::grai_plus, Family::grai, 0xF1, "grai+", "8003", ""},
    {Scheme::giai_plus, Family::giai, 0xFA, "giai+", "8004", ""},
};

// DSGTIN+ date type indicator (TDS 14.5.3); 7007 (harvest date) is not in rfinv's AI table.
constexpr std::string_view kDateTypes[] = {"11", "13", "15", "16", "17", "7006"};
// Which date a DSGTIN+ carries when the caller does not say: the one a store cares about most.
constexpr std::string_view kDatePreference[] = {"17", "15", "16", "11", "13", "7006"};

constexpr std::size_t kMaxBits = kMaxEpcBytes * 8;
constexpr std::string_view kHexUpper = "0123456789ABCDEF";
constexpr std::string_view kHexLower = "0123456789abcdef";
constexpr std::string_view kBase64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";  // TDS Table 14-7
constexpr std::string_view kUrn40{"\0ABCDEFGHIJKLMNOPQRSTUVWXYZ-.:0123456789", 40};  // Table 14-8
constexpr std::string_view kUrn40Chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ-.:0123456789";

Error bad(std::string message) { return Error{Errc::invalid_argument, std::move(message)}; }

// Bits needed for an integer of `digits` decimal digits: ceil(digits * log2(10)) (Table B).
int integer_bits(std::size_t digits) {
  return digits == 0 ? 0
                     : static_cast<int>(std::ceil(static_cast<double>(digits) * 3.321928094887362));
}

bool all_in(std::string_view s, std::string_view set) {
  return std::all_of(s.begin(), s.end(),
                     [&](char c) { return set.find(c) != std::string_view::npos; });
}

class BitIn {
 public:
  explicit BitIn(std::span<const std::uint8_t> bytes) {
    for (std::uint8_t b : bytes)
      for (int i = 7; i >= 0; --i) bits_.push_back((b >> i) & 1 ? '1' : '0');
  }
  std::size_t left() const { return bits_.size() - pos_; }
  std::string_view peek(std::size_t n) const { return std::string_view(bits_).substr(pos_, n); }
  Result<std::string_view> take(std::size_t n, std::string_view what) {
    if (n > left()) return bad(fmt::format("the EPC ends inside {}", what));
    std::string_view out = std::string_view(bits_).substr(pos_, n);
    pos_ += n;
    return out;
  }
  Result<std::uint64_t> number(std::size_t n, std::string_view what) {
    auto b = take(n, what);
    if (!b) return b.error();
    std::uint64_t v = 0;
    for (char c : *b) v = (v << 1) | static_cast<std::uint64_t>(c == '1');
    return v;
  }

 private:
  std::string bits_;
  std::size_t pos_ = 0;
};

class BitOut {
 public:
  void put(std::uint64_t value, int n) {
    for (int i = n - 1; i >= 0; --i) bits_.push_back((value >> i) & 1 ? '1' : '0');
  }
  void put_bits(std::string_view bits) { bits_ += bits; }
  std::size_t size() const { return bits_.size(); }
  std::vector<std::uint8_t> words() const {
    std::vector<std::uint8_t> out((bits_.size() + 15) / 16 * 2, 0);
    for (std::size_t i = 0; i < bits_.size(); ++i)
      if (bits_[i] == '1') out[i / 8] |= static_cast<std::uint8_t>(0x80u >> (i % 8));
    return out;
  }

 private:
  std::string bits_;
};

// A decimal digit string as an `n`-bit big-endian integer. REQUIRES: it fits.
std::string digits_to_bits(std::string_view digits, int n) {
  std::string dec(digits);
  std::string bits(static_cast<std::size_t>(n), '0');
  for (int i = n - 1; i >= 0; --i) {  // divide by two, the remainder is the next bit up
    int carry = 0;
    for (char& c : dec) {
      int v = carry * 10 + (c - '0');
      c = static_cast<char>('0' + v / 2);
      carry = v % 2;
    }
    bits[static_cast<std::size_t>(i)] = static_cast<char>('0' + carry);
  }
  return bits;
}

// Bits as a decimal string of exactly `width` digits; nullopt when the value needs more.
std::optional<std::string> bits_to_digits(std::string_view bits, std::size_t width) {
  std::vector<int> dec(width + 1, 0);  // least significant digit first
  for (char b : bits) {
    int carry = b == '1';
    for (int& d : dec) {
      int v = d * 2 + carry;
      d = v % 10;
      carry = v / 10;
    }
    if (carry != 0 || dec[width] != 0) return std::nullopt;
  }
  std::string out;
  for (std::size_t i = width; i-- > 0;) out.push_back(static_cast<char>('0' + dec[i]));
  return out;
}

std::string two_digits(std::uint64_t v) { return fmt::format("{:02}", v); }

// --- encoding methods (TDS 14.5) --------------------------------------------------------------

void put_fixed_numeric(BitOut& out, std::string_view digits) {
  for (char c : digits) out.put(static_cast<std::uint64_t>(c - '0'), 4);
}

Status put_alnum(BitOut& out, std::string_view v, int li_bits, std::size_t max,
                 std::string_view what) {
  if (v.size() > max || v.size() >= (std::size_t{1} << li_bits))
    return bad(fmt::format("{} has {} characters; at most {} fit", what, v.size(), max));
  auto L = static_cast<std::uint64_t>(v.size());
  if (all_in(v, "0123456789")) {
    out.put(0, 3);
    out.put(L, li_bits);
    out.put_bits(digits_to_bits(v, integer_bits(v.size())));
  } else if (all_in(v, kHexUpper) || all_in(v, kHexLower)) {
    std::string_view set = all_in(v, kHexUpper) ? kHexUpper : kHexLower;
    out.put(set == kHexUpper ? 1 : 2, 3);
    out.put(L, li_bits);
    for (char c : v) out.put(set.find(c), 4);
  } else {
    bool b64 = all_in(v, kBase64);
    bool urn = all_in(v, kUrn40Chars);
    std::size_t urn_bits = 16 * ((v.size() + 2) / 3);
    if (urn && (!b64 || urn_bits < 6 * v.size())) {
      out.put(5, 3);
      out.put(L, li_bits);
      for (std::size_t i = 0; i < v.size(); i += 3) {
        std::uint64_t r = 1;
        for (std::size_t k = 0; k < 3; ++k) {
          std::uint64_t idx = i + k < v.size() ? kUrn40.find(v[i + k]) : 0;
          r += idx * (k == 0 ? 1600 : k == 1 ? 40 : 1);
        }
        out.put(r, 16);
      }
    } else if (b64) {
      out.put(3, 3);
      out.put(L, li_bits);
      for (char c : v) out.put(kBase64.find(c), 6);
    } else {
      out.put(4, 3);
      out.put(L, li_bits);
      for (char c : v) out.put(static_cast<unsigned char>(c), 7);
    }
  }
  return {};
}

Status put_component(BitOut& out, const TdsComponent& c, std::string_view v, std::string_view ai) {
  std::string what = fmt::format("({})", ai);
  switch (c.method) {
    case TdsMethod::none:
      return bad(fmt::format("{} has no binary encoding for +AIDC data that rfinv knows", what));
    case TdsMethod::fixed_numeric:
      put_fixed_numeric(out, v);
      return {};
    case TdsMethod::fixed_bit_numeric:
      out.put_bits(digits_to_bits(v, c.bits));
      return {};
    case TdsMethod::var_alnum:
      return put_alnum(out, v, c.li_bits, c.max_chars, what);
    case TdsMethod::var_numeric:
      out.put(v.size(), c.li_bits);
      out.put_bits(digits_to_bits(v, integer_bits(v.size())));
      return {};
    case TdsMethod::delimited_numeric: {
      std::size_t n = 0;
      while (n < v.size() && v[n] >= '0' && v[n] <= '9') ++n;
      put_fixed_numeric(out, v.substr(0, n));
      out.put(n == v.size() ? 0xF : 0xE, 4);  // terminator, or delimiter then the rest
      if (n < v.size()) return put_alnum(out, v.substr(n), c.li_bits, c.max_chars, what);
      return {};
    }
    case TdsMethod::date6:
    case TdsMethod::datetime10:
      for (std::size_t i = 0; i < v.size(); i += 2) {
        static constexpr int kWidths[] = {7, 4, 5, 5, 6};  // YY MM DD hh mm
        out.put(static_cast<std::uint64_t>((v[i] - '0') * 10 + (v[i + 1] - '0')), kWidths[i / 2]);
      }
      return {};
  }
  return {};
}

// --- decoding methods -------------------------------------------------------------------------

Result<std::string> get_fixed_numeric(BitIn& in, std::size_t digits, std::string_view what) {
  std::string out;
  for (std::size_t i = 0; i < digits; ++i) {
    auto d = in.number(4, what);
    if (!d) return d.error();
    if (*d > 9)
      return bad(fmt::format("{}: digit {} is the nibble {:X}, not 0-9", what, i + 1, *d));
    out.push_back(static_cast<char>('0' + *d));
  }
  return out;
}

Result<std::string> get_integer(BitIn& in, std::size_t digits, int bits, std::string_view what) {
  auto b = in.take(static_cast<std::size_t>(bits), what);
  if (!b) return b.error();
  auto d = bits_to_digits(*b, digits);
  if (!d) return bad(fmt::format("{}: the number does not fit in {} digits", what, digits));
  return *d;
}

Result<std::string> get_alnum(BitIn& in, int li_bits, std::size_t max, std::string_view what) {
  auto ei = in.number(3, what);
  if (!ei) return ei.error();
  auto len = in.number(static_cast<std::size_t>(li_bits), what);
  if (!len) return len.error();
  auto L = static_cast<std::size_t>(*len);
  if (L > max)
    return bad(fmt::format("{} has a length of {}; at most {} are allowed", what, L, max));
  std::string out;
  auto chars = [&](int width, std::string_view table) -> Status {
    for (std::size_t i = 0; i < L; ++i) {
      auto c = in.number(static_cast<std::size_t>(width), what);
      if (!c) return c.error();
      out.push_back(table[*c]);
    }
    return {};
  };
  Status s;
  switch (*ei) {
    case 0:
      return get_integer(in, L, integer_bits(L), what);
    case 1:
      s = chars(4, kHexUpper);
      break;
    case 2:
      s = chars(4, kHexLower);
      break;
    case 3:
      s = chars(6, kBase64);
      break;
    case 4:
      for (std::size_t i = 0; i < L && s; ++i) {
        auto c = in.number(7, what);
        if (!c) return c.error();
        auto ch = static_cast<char>(*c);
        if (!is_encodable(ch) && ch != '#')
          return bad(fmt::format("{}: 7-bit code 0x{:02X} is not a character of TDS Table 14-9",
                                 what, *c));
        out.push_back(ch);
      }
      break;
    case 5:
      for (std::size_t i = 0; i < L; i += 3) {
        auto r = in.number(16, what);
        if (!r) return r.error();
        if (*r == 0 || (*r - 1) / 1600 >= 40)
          return bad(fmt::format("{}: 0x{:04X} is not a URN Code 40 group", what, *r));
        std::uint64_t idx[3] = {(*r - 1) / 1600, (*r - 1) / 40 % 40, (*r - 1) % 40};
        for (std::size_t k = 0; k < 3; ++k) {
          bool wanted = i + k < L;
          if (wanted != (idx[k] != 0))
            return bad(
                fmt::format("{}: URN Code 40 padding does not match the length {}", what, L));
          if (wanted) out.push_back(kUrn40[idx[k]]);
        }
      }
      break;
    default:
      return bad(fmt::format("{}: encoding indicator {} is reserved", what, *ei));
  }
  if (!s) return s.error();
  return out;
}

Result<std::string> get_component(BitIn& in, const TdsComponent& c, std::string_view ai) {
  std::string what = fmt::format("({})", ai);
  switch (c.method) {
    case TdsMethod::none:
      break;
    case TdsMethod::fixed_numeric:
      return get_fixed_numeric(in, c.chars, what);
    case TdsMethod::fixed_bit_numeric:
      return get_integer(in, c.chars, c.bits, what);
    case TdsMethod::var_alnum:
      return get_alnum(in, c.li_bits, c.max_chars, what);
    case TdsMethod::var_numeric: {
      auto len = in.number(c.li_bits, what);
      if (!len) return len.error();
      if (*len > c.max_chars)
        return bad(
            fmt::format("{} has a length of {}; at most {} are allowed", what, *len, c.max_chars));
      return get_integer(in, *len, integer_bits(*len), what);
    }
    case TdsMethod::delimited_numeric: {
      std::string out;
      while (true) {
        auto d = in.number(4, what);
        if (!d) return d.error();
        if (*d == 0xF) return out;
        if (*d == 0xE) break;
        if (*d > 9 || out.size() >= c.max_chars)
          return bad(
              fmt::format("{}: its digits are not ended by a terminator or delimiter", what));
        out.push_back(static_cast<char>('0' + *d));
      }
      auto rest = get_alnum(in, c.li_bits, c.max_chars, what);
      if (!rest) return rest.error();
      return out + *rest;
    }
    case TdsMethod::date6:
    case TdsMethod::datetime10: {
      static constexpr int kWidths[] = {7, 4, 5, 5, 6};
      std::string out;
      for (std::size_t i = 0; i < c.chars / 2u; ++i) {
        auto v = in.number(static_cast<std::size_t>(kWidths[i]), what);
        if (!v) return v.error();
        if (*v > 99) return bad(fmt::format("{}: year {} is not two digits", what, *v));
        out += two_digits(*v);
      }
      return out;
    }
  }
  return bad(fmt::format("{} has no binary encoding rfinv knows", what));
}

// Both components of an AI's value (only 8003 has a second one: its serial).
Result<std::string> get_value(BitIn& in, const AiSpec& spec) {
  auto first = get_component(in, spec.tds, spec.ai);
  if (!first || spec.tds_second.method == TdsMethod::none) return first;
  auto second = get_component(in, spec.tds_second, spec.ai);
  if (!second) return second.error();
  return *first + *second;
}

Status put_value(BitOut& out, const AiSpec& spec, std::string_view v) {
  if (spec.tds_second.method == TdsMethod::none) return put_component(out, spec.tds, v, spec.ai);
  if (Status s = put_component(out, spec.tds, v.substr(0, spec.tds.chars), spec.ai); !s) return s;
  return put_component(out, spec.tds_second, v.substr(spec.tds.chars), spec.ai);
}

Result<AiElement> get_aidc_element(BitIn& in) {
  std::string ai;
  while (ai.size() < 4) {
    auto d = in.number(4, "a +AIDC data header");
    if (!d) return d.error();
    if (*d > 9)
      return bad(fmt::format("+AIDC data header {}{:X} is reserved; rfinv reads only AIs", ai, *d));
    ai.push_back(static_cast<char>('0' + *d));
    if (ai.size() >= 2 && find_ai(ai) != nullptr) break;
  }
  const AiSpec* spec = find_ai(ai);
  if (spec == nullptr) return bad(fmt::format("unknown AI ({}) in the +AIDC data", ai));
  auto value = get_value(in, *spec);
  if (!value) return value.error();
  return AiElement{ai, std::move(*value)};
}

Status rest_is_zero(BitIn& in, std::string_view what) {
  std::string_view rest = in.peek(in.left());
  if (rest.find('1') != std::string_view::npos)
    return bad(fmt::format("non-zero bits follow {}", what));
  return {};
}

const AiElement* element(const std::vector<AiElement>& es, std::string_view ai) {
  auto it = std::find_if(es.begin(), es.end(), [&](const AiElement& e) { return e.ai == ai; });
  return it == es.end() ? nullptr : &*it;
}

}  // namespace

const PlusLayout* plus_layout_for_header(std::uint8_t header) {
  for (const PlusLayout& l : kPlus)
    if (l.header == header) return &l;
  return nullptr;
}

const PlusLayout* plus_layout(Scheme scheme) {
  for (const PlusLayout& l : kPlus)
    if (l.scheme == scheme) return &l;
  return nullptr;
}

Result<PlusContent> decode_plus(std::span<const std::uint8_t> bytes) {
  const PlusLayout* l = bytes.empty() ? nullptr : plus_layout_for_header(bytes[0]);
  if (l == nullptr) return bad("not a TDS 2.x \"+\" EPC header");
  auto fail = [&](const Error& e) {
    return Error{e.code, fmt::format("{}: {}", l->name, e.message)};
  };
  BitIn in(bytes);
  PlusContent out;
  out.scheme = l->scheme;
  (void)in.take(8, "the header");
  auto toggle = in.number(1, "the +AIDC data toggle");
  auto filter = in.number(3, "the filter");
  if (!toggle || !filter) return fail(bad("the EPC ends inside its filter"));
  out.aidc_toggle = *toggle == 1;
  out.filter = static_cast<int>(*filter);
  std::optional<AiElement> date;
  if (l->scheme == Scheme::dsgtin_plus) {
    auto type = in.number(4, "the date type");
    if (!type) return fail(type.error());
    if (*type >= std::size(kDateTypes))
      return fail(bad(fmt::format("date type indicator {} is reserved", *type)));
    std::string_view ai = kDateTypes[*type];
    auto value = get_value(in, *find_ai(ai));
    if (!value) return fail(value.error());
    date = AiElement{std::string(ai), *value};
  }
  const AiSpec& key = *find_ai(l->key_ai);
  auto key_value = get_value(in, key);
  if (!key_value) return fail(key_value.error());
  // As plus_epc refuses to encode it: a GRAI+ names one asset, so it carries a serial.
  if (l->scheme == Scheme::grai_plus && key_value->size() == key.min_length)
    return fail(bad("a GRAI without its serial component is an asset type, not an EPC"));
  out.elements.push_back({std::string(key.ai), *key_value});
  if (!l->tail_ai.empty()) {
    auto tail = get_value(in, *find_ai(l->tail_ai));
    if (!tail) return fail(tail.error());
    // An SGLN extension of 0 means the bare GLN (TDS 7.5), as in SGLN-96.
    if (!(l->scheme == Scheme::sgln_plus && *tail == "0"))
      out.elements.push_back({std::string(l->tail_ai), *tail});
  }
  if (date) out.elements.push_back(*date);
  if (!out.aidc_toggle) {
    if (Status s = rest_is_zero(in, "the EPC although its +AIDC data toggle is 0"); !s)
      return fail(s.error());
    return out;
  }
  // +AIDC data (TDS 15.3): elements until fewer than 8 bits remain or only padding does.
  while (in.left() >= 8) {
    if (in.peek(8) == "00000000") {
      std::string_view next = in.peek(80);
      if (next.size() < 80 || next.substr(8).find('1') == std::string_view::npos) break;
    }
    auto e = get_aidc_element(in);
    if (!e) return fail(e.error());
    out.elements.push_back(std::move(*e));
  }
  if (Status s = rest_is_zero(in, "the +AIDC data"); !s) return fail(s.error());
  return out;
}

Result<PlusContent> checked_plus(std::span<const std::uint8_t> bytes) {
  auto content = decode_plus(bytes);
  if (!content) return content;
  auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  auto data = make_gs1_data(content->elements, std::chrono::year_month_day{today});
  if (!data)
    return bad(fmt::format("{}: {}", plus_layout(content->scheme)->name, data.error().message));
  return content;
}

std::vector<AiElement> plus_elements(const Epc& epc) {
  auto content = decode_plus(std::span<const std::uint8_t>(epc.raw.data(), epc.raw_bits / 8u));
  return content ? std::move(content->elements) : std::vector<AiElement>{};
}

Result<std::vector<std::uint8_t>> encode_plus(Scheme scheme, int filter,
                                              const std::vector<AiElement>& elements,
                                              std::string_view date_ai) {
  const PlusLayout* l = plus_layout(scheme);
  if (l == nullptr) return bad("not a TDS 2.x \"+\" scheme");
  auto fail = [&](std::string message) { return bad(fmt::format("{}: {}", l->name, message)); };
  if (filter < 0 || filter > 7) return fail(fmt::format("filter {} is out of range (0-7)", filter));
  const AiElement* key = element(elements, l->key_ai);
  const AiElement* tail = l->tail_ai.empty() ? nullptr : element(elements, l->tail_ai);
  if (key == nullptr || (l->family == Family::sgtin && tail == nullptr))
    return fail(
        fmt::format("it needs ({}){}", l->key_ai, l->family == Family::sgtin ? " and (21)" : ""));
  const AiElement* date = nullptr;
  if (scheme == Scheme::dsgtin_plus) {
    if (!date_ai.empty()) {
      if (std::find(std::begin(kDateTypes), std::end(kDateTypes), date_ai) == std::end(kDateTypes))
        return fail(fmt::format("({}) cannot be its date (11, 13, 15, 16, 17 or 7006)", date_ai));
      date = element(elements, date_ai);
    } else {
      for (std::string_view ai : kDatePreference)
        if ((date = element(elements, ai)) != nullptr) break;
    }
    if (date == nullptr) return fail("it needs a date: (17), (15), (16), (11), (13) or (7006)");
  }
  const AiSpec& key_spec = *find_ai(l->key_ai);
  if (scheme == Scheme::grai_plus && key->value.size() == key_spec.min_length)
    return fail("a GRAI without its serial component is an asset type, not an EPC");

  std::vector<const AiElement*> aidc;
  for (const AiElement& e : elements)
    if (&e != key && &e != tail && &e != date) aidc.push_back(&e);

  BitOut out;
  out.put(l->header, 8);
  out.put(aidc.empty() ? 0 : 1, 1);
  out.put(static_cast<std::uint64_t>(filter), 3);
  if (date != nullptr) {
    auto type =
        std::find(std::begin(kDateTypes), std::end(kDateTypes), date->ai) - std::begin(kDateTypes);
    out.put(static_cast<std::uint64_t>(type), 4);
    if (Status s = put_value(out, *find_ai(date->ai), date->value); !s)
      return fail(s.error().message);
  }
  if (Status s = put_value(out, key_spec, key->value); !s) return fail(s.error().message);
  if (!l->tail_ai.empty()) {
    std::string_view ext = tail != nullptr ? std::string_view(tail->value) : "0";  // see decode
    if (Status s = put_value(out, *find_ai(l->tail_ai), ext); !s) return fail(s.error().message);
  }
  for (const AiElement* e : aidc) {
    const AiSpec* spec = find_ai(e->ai);
    if (spec == nullptr || spec->tds.method == TdsMethod::none)
      return fail(
          fmt::format("({}) has no binary encoding for +AIDC data that rfinv knows", e->ai));
    for (char c : e->ai) out.put(static_cast<std::uint64_t>(c - '0'), 4);
    if (Status s = put_value(out, *spec, e->value); !s) return fail(s.error().message);
  }
  if (out.size() > kMaxBits)
    return fail(fmt::format("it needs {} bits with its +AIDC data; EPC memory holds at most {}",
                            out.size(), kMaxBits));
  return out.words();
}

}  // namespace rfinv::epc::detail
