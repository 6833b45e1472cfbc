// Unit tests of the failure classes: every libcurl outcome lands in exactly one named class.
#include <gtest/gtest.h>

#include "fetch_record.hpp"

namespace bb::io {
namespace {

TEST(Classify, HttpStatusDecidesWhenTheTransferSucceeded) {
  EXPECT_EQ(classify(CURLE_OK, 200), Outcome::ok);
  EXPECT_EQ(classify(CURLE_OK, 204), Outcome::ok);
  EXPECT_EQ(classify(CURLE_OK, 302), Outcome::ok);
  EXPECT_EQ(classify(CURLE_OK, 399), Outcome::ok);
  EXPECT_EQ(classify(CURLE_OK, 400), Outcome::http_4xx);
  EXPECT_EQ(classify(CURLE_OK, 499), Outcome::http_4xx);
  EXPECT_EQ(classify(CURLE_OK, 500), Outcome::http_5xx);
  EXPECT_EQ(classify(CURLE_OK, 599), Outcome::http_5xx);
}

TEST(Classify, AStatusOutsideHttpsRangeIsOther) {
  for (long status : {0L, 42L, 99L, 600L, 999L}) EXPECT_EQ(classify(CURLE_OK, status), Outcome::other) << status;
  EXPECT_EQ(classify(CURLE_OK, 100), Outcome::ok);
}

TEST(Classify, TransportErrorsHaveTheirOwnClasses) {
  EXPECT_EQ(classify(CURLE_OPERATION_TIMEDOUT, 0), Outcome::timeout);
  EXPECT_EQ(classify(CURLE_OPERATION_TIMEDOUT, 200), Outcome::timeout) << "a body cut by the timeout";
  EXPECT_EQ(classify(CURLE_COULDNT_CONNECT, 0), Outcome::refused);
  EXPECT_EQ(classify(CURLE_GOT_NOTHING, 0), Outcome::closed);
  EXPECT_EQ(classify(CURLE_RECV_ERROR, 0), Outcome::closed);
  EXPECT_EQ(classify(CURLE_SEND_ERROR, 0), Outcome::closed);
  EXPECT_EQ(classify(CURLE_PARTIAL_FILE, 200), Outcome::closed);
  EXPECT_EQ(classify(CURLE_HTTP2_STREAM, 0), Outcome::closed) << "a stream reset by the server";
  EXPECT_EQ(classify(CURLE_HTTP2, 0), Outcome::other) << "a broken HTTP/2 framing layer is no close";
  EXPECT_EQ(classify(CURLE_TOO_MANY_REDIRECTS, 302), Outcome::other);
  EXPECT_EQ(classify(CURLE_SSL_CACERT_BADFILE, 0), Outcome::other);
  EXPECT_EQ(classify(CURLE_COULDNT_RESOLVE_HOST, 0), Outcome::other);
}

TEST(OutcomeName, NamesAreTheCsvColumns) {
  std::vector<std::string> names;
  for (Outcome outcome : kAllOutcomes) names.emplace_back(outcome_name(outcome));
  EXPECT_EQ(names, (std::vector<std::string>{"ok", "http_4xx", "http_5xx", "timeout", "refused", "closed", "other"}));
}

}  // namespace
}  // namespace bb::io
