// Unit tests of --http2's pieces: the version check, who opens an h2c connection, the multi-handle settings.
#include <gtest/gtest.h>

#include <memory>

#include "easy_transfer.hpp"
#include "h2c_origins.hpp"
#include "http2_settings.hpp"

namespace bb::io {
namespace {

TEST(HttpVersionCheck, Http2RunsAcceptOnlyHttp2) {
  EXPECT_EQ(http_version_check(CURL_HTTP_VERSION_2_0, true), CURLE_OK);
  EXPECT_EQ(http_version_check(CURL_HTTP_VERSION_1_1, true), CURLE_UNSUPPORTED_PROTOCOL);
  EXPECT_EQ(http_version_check(CURL_HTTP_VERSION_1_0, true), CURLE_UNSUPPORTED_PROTOCOL);
}

TEST(HttpVersionCheck, Http11RunsAcceptHttp10AndHttp11Only) {
  EXPECT_EQ(http_version_check(CURL_HTTP_VERSION_1_1, false), CURLE_OK);
  EXPECT_EQ(http_version_check(CURL_HTTP_VERSION_1_0, false), CURLE_OK);
  EXPECT_EQ(http_version_check(CURL_HTTP_VERSION_2_0, false), CURLE_UNSUPPORTED_PROTOCOL);
  EXPECT_EQ(http_version_check(CURL_HTTP_VERSION_3, false), CURLE_UNSUPPORTED_PROTOCOL);
}

TEST(H2cOrigins, TheFirstTransferToAnOriginOpensItsConnectionAndTheOthersJoin) {
  H2cOrigins origins;
  const auto first = origins.claim("127.0.0.1:8788");
  EXPECT_TRUE(first.opens);
  const auto second = origins.claim("127.0.0.1:8788");
  EXPECT_FALSE(second.opens);
  EXPECT_EQ(second.generation, first.generation);
  EXPECT_TRUE(origins.claim("127.0.0.1:9999").opens) << "each origin has its own connection";
}

TEST(H2cOrigins, AStreamErrorKeepsTheConnectionALostConnectionIsOpenedAgain) {
  H2cOrigins origins;
  const auto first = origins.claim("h:80");
  for (CURLcode stream_only : {CURLE_OK, CURLE_OPERATION_TIMEDOUT, CURLE_HTTP2_STREAM, CURLE_TOO_MANY_REDIRECTS}) {
    origins.ended("h:80", first.generation, stream_only);
    EXPECT_FALSE(origins.claim("h:80").opens) << "code " << stream_only;
  }
  origins.ended("h:80", first.generation, CURLE_RECV_ERROR);
  const auto again = origins.claim("h:80");
  EXPECT_TRUE(again.opens);
  EXPECT_NE(again.generation, first.generation);
  // The other streams of the lost connection end too: they must not drop the new one.
  origins.ended("h:80", first.generation, CURLE_RECV_ERROR);
  EXPECT_FALSE(origins.claim("h:80").opens);
  origins.ended("h:80", again.generation, CURLE_GOT_NOTHING);
  EXPECT_TRUE(origins.claim("h:80").opens);
}

// After a server's GOAWAY (nginx on reload) no transfer fails, but the next joiner finds no HTTP/2 connection
// and libcurl makes it over HTTP/1.1: that transfer's version check must let the one after it open again.
TEST(H2cOrigins, ATransferMadeOverAnotherVersionOpensTheConnectionAgain) {
  H2cOrigins origins;
  const auto first = origins.claim("h:80");
  origins.ended("h:80", first.generation, CURLE_UNSUPPORTED_PROTOCOL);
  EXPECT_TRUE(origins.claim("h:80").opens);
}

TEST(ConnectionOrigin, HostAndPortAsLibcurlReadsThem) {
  EXPECT_EQ(connection_origin("http://127.0.0.1:8788/delay?s=0.1"), "127.0.0.1:8788");
  EXPECT_EQ(connection_origin("http://127.0.0.1/fast"), "127.0.0.1:80");
  EXPECT_EQ(connection_origin("http://127.0.0.1:80/fast"), "127.0.0.1:80");
  EXPECT_EQ(connection_origin("https://example.org/"), "example.org:443");
}

TEST(Multiplexing, OnlyHttp2OnKeptConnections) {
  TransferSettings settings;
  EXPECT_FALSE(multiplexes(settings));
  settings.http2 = true;
  EXPECT_TRUE(multiplexes(settings));
  settings.fresh_connections = true;
  EXPECT_FALSE(multiplexes(settings));
}

TEST(Multiplexing, LibcurlTakesTheSettings) {
  std::unique_ptr<CURLM, decltype(&curl_multi_cleanup)> multi(curl_multi_init(), &curl_multi_cleanup);
  ASSERT_TRUE(multi);
  TransferSettings settings;
  settings.http2 = true;
  EXPECT_NO_THROW(configure_multiplexing(multi.get(), settings, 100));
  EXPECT_NO_THROW(configure_multiplexing(multi.get(), settings, 0));
}

}  // namespace
}  // namespace bb::io
