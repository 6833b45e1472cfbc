// Caps a multi handle at one connection per origin for --http2, so that its transfers multiplex over it.
#include "http2_settings.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace bb::io {

namespace {

void check(CURLMcode code, const char* what) {
  if (code != CURLM_OK) throw std::runtime_error(std::string("libcurl refused ") + what + ": " + curl_multi_strerror(code));
}

}  // namespace

// With --fresh-connections every request has a connection of its own and closes it: nothing is shared.
bool multiplexes(const TransferSettings& settings) { return settings.http2 && !settings.fresh_connections; }

// One connection, not several, because of how h2c has to work around libcurl 7.88 (see H2cOrigins):
// a second connection's opener and the transfers joining that connection while libcurl sets it up
// would race to the first request, and send HTTP/1.1 on a connection the server reads as HTTP/2.
// The target's nginx allows 1000 streams per connection; more transfers than that on one multi
// handle (a small --shards) wait for a free stream.
void configure_multiplexing(CURLM* multi, const TransferSettings& settings, std::size_t transfers) {
  if (!multiplexes(settings)) return;
  // libcurl's default since 7.62; set so that no other default can quietly turn multiplexing off.
  check(curl_multi_setopt(multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX), "CURLMOPT_PIPELINING");
  check(curl_multi_setopt(multi, CURLMOPT_MAX_CONCURRENT_STREAMS, static_cast<long>(std::max<std::size_t>(transfers, 1))),
        "CURLMOPT_MAX_CONCURRENT_STREAMS");
  check(curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, 1L), "CURLMOPT_MAX_HOST_CONNECTIONS");
}

}  // namespace bb::io
