// What an EPC says in GS1 terms, and the TDS 2.x "+" EPCs built from GS1 data.
//
// For the read pipeline: gs1_data(epc, today) gives the GTIN and serial of any SGTIN, and for
// a DSGTIN+ or an EPC with +AIDC data also its lot (10), expiry (17), best-before (15), ...
//
// Contract: pure functions, no I/O; safe from any thread.
#pragma once

#include <chrono>
#include <string_view>

#include "base/result.h"
#include "epc/epc.h"
#include "epc/gs1_element_string.h"

namespace rfinv::epc {

// The elements an EPC carries: its GS1 key (and serial or extension), and for the "+" schemes
// the DSGTIN+ date and every +AIDC element, checked and with the named fields filled in. Two-
// digit years resolve against `today` (GS1 General Specifications 7.12). Fails for a raw EPC
// (Errc::not_found: it carries no GS1 data).
Result<Gs1Data> gs1_data(const Epc& epc, std::chrono::year_month_day today);

// A "+" EPC of `scheme` (sgtin_plus, dsgtin_plus, sscc_plus, sgln_plus, grai_plus, giai_plus)
// carrying `data`: the scheme's key elements ((01)+(21), (00), (414)[+(254)], (8003) with a
// serial, (8004)); for DSGTIN+ the date `date_ai` (empty: the first of 17, 15, 16, 11, 13,
// 7006 present); every other element as +AIDC data, in order, with the toggle bit set.
Result<Epc> plus_epc(Scheme scheme, int filter, const Gs1Data& data, std::string_view date_ai = {});

}  // namespace rfinv::epc
