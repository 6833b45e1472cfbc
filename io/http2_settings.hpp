// Declares the multi-handle settings that let --http2 transfers share one multiplexed connection per origin.
#pragma once

#include <curl/curl.h>

#include <cstddef>

#include "easy_transfer.hpp"

namespace bb::io {

// Whether transfers share connections by multiplexing them (--http2 without --fresh-connections).
bool multiplexes(const TransferSettings& settings);

// When `settings` multiplex: one connection per origin for `multi`, carrying all its `transfers` at
// once as streams (io_multi's default of one multi handle per 100 transfers in flight then makes
// 10,000 transfers use 100 connections). Otherwise leaves `multi` as it is (one connection per
// transfer). Call it after the handle's other connection limits; throws when libcurl refuses one.
void configure_multiplexing(CURLM* multi, const TransferSettings& settings, std::size_t transfers);

}  // namespace bb::io
