// Tells the transfer that opens an origin's h2c connection from those that join it, and notices a lost one.
#include "h2c_origins.hpp"

#include <memory>

namespace bb::io {

namespace {

// libcurl's codes for a connection that is gone, or never came: the next transfer must open one.
// A timeout or a stream reset ends one stream of an HTTP/2 connection, not the connection.
bool connection_gone(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_HTTP2:
    // Made over HTTP/1.1: the HTTP/2 connection had gone (a server's GOAWAY, e.g. on reload, ends no
    // transfer with an error), and a joining transfer opened one of its own without prior knowledge.
    case CURLE_UNSUPPORTED_PROTOCOL:
      return true;
    default:
      return false;
  }
}

}  // namespace

H2cOrigins::Claim H2cOrigins::claim(const std::string& origin) {
  Connection& connection = connections_[origin];
  if (connection.held) return {.opens = false, .generation = connection.generation};
  connection.held = true;
  return {.opens = true, .generation = ++connection.generation};
}

void H2cOrigins::ended(const std::string& origin, unsigned generation, CURLcode code) {
  if (!connection_gone(code)) return;
  const auto found = connections_.find(origin);
  if (found != connections_.end() && found->second.generation == generation) found->second.held = false;
}

std::string connection_origin(const std::string& url) {
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> parsed(curl_url(), &curl_url_cleanup);
  char* host = nullptr;
  char* port = nullptr;
  std::string origin = url;
  if (parsed && curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) == CURLUE_OK &&
      curl_url_get(parsed.get(), CURLUPART_HOST, &host, 0) == CURLUE_OK &&
      curl_url_get(parsed.get(), CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK) {
    origin = std::string(host) + ":" + port;
  }
  curl_free(host);
  curl_free(port);
  return origin;
}

}  // namespace bb::io
