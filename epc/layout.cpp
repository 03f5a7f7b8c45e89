#include "epc/internal/layout.h"

#include <cassert>

#include "epc/internal/plus_codec.h"

namespace rfinv::epc::detail {
namespace {

// Reference bits per partition: each family's total of company prefix + reference bits is
// fixed (SGTIN 44, SSCC 58, SGLN 41, GRAI 44, GIAI-96 82, GIAI-202 188).
constexpr Layout kLayouts[] = {
    {Scheme::sgtin_96,
     Family::sgtin,
     0x30,
     96,
     "sgtin-96",
     "item reference",
     "serial",
     {4, 7, 10, 14, 17, 20, 24},
     1,
     false,
     Tail::integer,
     38,
     0},
    {Scheme::sgtin_198,
     Family::sgtin,
     0x36,
     198,
     "sgtin-198",
     "item reference",
     "serial",
     {4, 7, 10, 14, 17, 20, 24},
     1,
     false,
     Tail::text,
     140,
     20},
    {Scheme::sscc_96,
     Family::sscc,
     0x31,
     96,
     "sscc-96",
     "serial reference",
     "",
     {18, 21, 24, 28, 31, 34, 38},
     5,
     false,
     Tail::zero_pad,
     24,
     0},
    {Scheme::sgln_96,
     Family::sgln,
     0x32,
     96,
     "sgln-96",
     "location reference",
     "extension",
     {1, 4, 7, 11, 14, 17, 21},
     0,
     false,
     Tail::integer,
     41,
     0},
    {Scheme::sgln_195,
     Family::sgln,
     0x39,
     195,
     "sgln-195",
     "location reference",
     "extension",
     {1, 4, 7, 11, 14, 17, 21},
     0,
     false,
     Tail::text,
     140,
     20},
    {Scheme::grai_96,
     Family::grai,
     0x33,
     96,
     "grai-96",
     "asset type",
     "serial",
     {4, 7, 10, 14, 17, 20, 24},
     0,
     false,
     Tail::integer,
     38,
     0},
    {Scheme::grai_170,
     Family::grai,
     0x37,
     170,
     "grai-170",
     "asset type",
     "serial",
     {4, 7, 10, 14, 17, 20, 24},
     0,
     false,
     Tail::text,
     112,
     16},
    {Scheme::giai_96,
     Family::giai,
     0x34,
     96,
     "giai-96",
     "asset reference",
     "",
     {42, 45, 48, 52, 55, 58, 62},
     -1,
     false,
     Tail::none,
     0,
     0},
    {Scheme::giai_202,
     Family::giai,
     0x38,
     202,
     "giai-202",
     "asset reference",
     "",
     {148, 151, 154, 158, 161, 164, 168},
     -1,
     true,
     Tail::none,
     0,
     0},
};

}  // namespace

const Layout* layout_for_header(std::uint8_t header) {
  switch (header) {
    case 0x30:
      return &kLayouts[0];
    case 0x36:
      return &kLayouts[1];
    case 0x31:
      return &kLayouts[2];
    case 0x32:
      return &kLayouts[3];
    case 0x39:
      return &kLayouts[4];
    case 0x33:
      return &kLayouts[5];
    case 0x37:
      return &kLayouts[6];
    case 0x34:
      return &kLayouts[7];
    case 0x38:
      return &kLayouts[8];
    default:
      return nullptr;
  }
}

const Layout& layout_for(Scheme scheme) {
  for (const Layout& l : kLayouts)
    if (l.scheme == scheme) return l;
  assert(false && "no layout for the raw scheme");
  return kLayouts[0];
}

}  // namespace rfinv::epc::detail

namespace rfinv::epc {

bool is_plus(Scheme scheme) { return detail::plus_layout(scheme) != nullptr; }

Family family(Scheme scheme) {
  if (const auto* p = detail::plus_layout(scheme)) return p->family;
  return scheme == Scheme::raw ? Family::raw : detail::layout_for(scheme).family;
}

std::string_view scheme_name(Scheme scheme) {
  if (const auto* p = detail::plus_layout(scheme)) return p->name;
  return scheme == Scheme::raw ? "raw" : detail::layout_for(scheme).name;
}

std::optional<Scheme> scheme_from_name(std::string_view name) {
  for (Scheme s : {Scheme::sgtin_96, Scheme::sgtin_198, Scheme::sscc_96, Scheme::sgln_96,
                   Scheme::sgln_195, Scheme::grai_96, Scheme::grai_170, Scheme::giai_96,
                   Scheme::giai_202, Scheme::sgtin_plus, Scheme::dsgtin_plus, Scheme::sscc_plus,
                   Scheme::sgln_plus, Scheme::grai_plus, Scheme::giai_plus})
    if (scheme_name(s) == name) return s;
  return std::nullopt;
}

int scheme_bits(Scheme scheme) {
  return scheme == Scheme::raw || is_plus(scheme) ? 0 : detail::layout_for(scheme).bits;
}

}  // namespace rfinv::epc
