// Unit tests of the request list: URL checks, URL-file parsing with line numbers, cycling.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "request_list.hpp"
#include "usage_error.hpp"

namespace bb::io {
namespace {

std::string error_of(const std::string& content) {
  std::istringstream in(content);
  try {
    parse_url_lines(in, "urls.txt");
  } catch (const UsageError& error) {
    return error.what();
  }
  return "";
}

TEST(UrlProblem, AcceptsHttpAndHttps) {
  EXPECT_FALSE(url_problem("http://127.0.0.1:8787/fast"));
  EXPECT_FALSE(url_problem("https://example.com/a?b=c#d"));
  EXPECT_FALSE(url_problem("HTTP://example.com/"));
  EXPECT_FALSE(url_problem("http://[::1]:8080/"));
}

TEST(UrlProblem, RefusesOtherSchemesByName) {
  EXPECT_EQ(url_problem("file:///etc/passwd").value_or(""), "'file:///etc/passwd' uses file://; only http:// and https:// are fetched");
  EXPECT_NE(url_problem("ftp://host/x").value_or("").find("uses ftp://"), std::string::npos);
  EXPECT_NE(url_problem("gopher://host/").value_or("").find("uses gopher://"), std::string::npos);
}

TEST(UrlProblem, RefusesMalformedUrls) {
  EXPECT_NE(url_problem("http://[::1").value_or("").find("is not a valid URL"), std::string::npos);
  EXPECT_TRUE(url_problem("no scheme at all"));
  EXPECT_TRUE(url_problem("127.0.0.1/fast"));
  EXPECT_TRUE(url_problem(""));
  EXPECT_TRUE(url_problem("http://exa mple.com/"));
}

TEST(ParseUrlLines, SkipsCommentsAndBlankLinesAndTrims) {
  std::istringstream in("# header\n\n  http://a.example/1  \n\t# indented comment\nhttps://b.example/2\r\n   \n");
  const auto urls = parse_url_lines(in, "urls.txt");
  EXPECT_EQ(urls, (std::vector<std::string>{"http://a.example/1", "https://b.example/2"}));
}

TEST(ParseUrlLines, NamesTheFileAndLineOfABadUrl) {
  const std::string message = error_of("# one\nhttp://ok.example/\n\nftp://bad.example/\n");
  EXPECT_EQ(message.rfind("--urls: urls.txt:4: 'ftp://bad.example/' uses ftp://", 0), 0u) << message;
}

TEST(ParseUrlLines, RefusesAFileWithoutUrls) {
  EXPECT_EQ(error_of("# nothing\n\n"), "--urls: urls.txt holds no URL (only blank or # comment lines)");
  EXPECT_EQ(error_of(""), "--urls: urls.txt holds no URL (only blank or # comment lines)");
}

TEST(ParseUrlLines, RefusesALineLongerThanTheCapWithItsNumber) {
  const std::string long_url = "http://a.example/" + std::string(kLongestUrlLine, 'x');
  const std::string message = error_of("http://ok.example/\n" + long_url + "\n");
  EXPECT_EQ(message, "--urls: urls.txt:2: line longer than " + std::to_string(kLongestUrlLine) + " bytes");
  EXPECT_EQ(error_of("http://a.example/" + std::string(kLongestUrlLine - 17, 'x') + "\n"), "") << "at the cap";
}

TEST(ParseUrlLines, RefusesANulByteWithAMessageThatPrints) {
  const std::string message = error_of(std::string("http://ok.example/\nhttp://a\0b/\n", 30));
  EXPECT_EQ(message, "--urls: urls.txt:2: holds a NUL byte; a URL file is text, one URL per line");
}

TEST(RequestList, CyclesThroughItsUrls) {
  const RequestList list{{"http://a/", "http://b/", "http://c/"}, 7, "test"};
  EXPECT_EQ(list.url_for(0), "http://a/");
  EXPECT_EQ(list.url_for(2), "http://c/");
  EXPECT_EQ(list.url_for(3), "http://a/");
  EXPECT_EQ(list.url_for(6), "http://a/");
}

TEST(RequestList, OneUrlRepeatedIsStoredOnce) {
  const auto list = requests_to_one_url("http://127.0.0.1/fast", 100000);
  EXPECT_EQ(list.urls.size(), 1u);
  EXPECT_EQ(list.count, 100000u);
  EXPECT_THROW(requests_to_one_url("ftp://127.0.0.1/", 1), UsageError);
}

TEST(RequestList, MissingFileIsNamed) {
  try {
    requests_from_file("/nonexistent/list.txt", std::nullopt);
    FAIL() << "no error for a missing file";
  } catch (const UsageError& error) {
    EXPECT_EQ(std::string(error.what()).rfind("--urls: cannot open /nonexistent/list.txt", 0), 0u) << error.what();
  }
}

TEST(ResolvesNames, OnlyNamesOtherThanLocalhostNeedALookup) {
  EXPECT_FALSE(resolves_names({{"http://127.0.0.1:1/", "http://[::1]:2/", "http://localhost/"}, 3, "test"}));
  EXPECT_TRUE(resolves_names({{"http://127.0.0.1/", "https://example.com/"}, 2, "test"}));
}

TEST(LocalTargetHint, NamesThePortWhenEveryUrlIsOnThisMachine) {
  EXPECT_EQ(local_target_hint({{"http://127.0.0.1:8788/fast", "http://localhost:8788/delay?s=1"}, 2, "t"}).value_or(""),
            "nothing answered on port 8788 of this machine; start the local target with: scripts/target.sh start "
            "--port 8788");
  EXPECT_FALSE(local_target_hint({{"http://127.0.0.1:1/", "http://127.0.0.1:2/"}, 2, "t"}));
  EXPECT_FALSE(local_target_hint({{"http://example.com:8788/"}, 1, "t"}));
}

TEST(RequestsFromFile, LabelsTheTargetWithTheFileNameAndAHashOfItsUrls) {
  const std::string path = testing::TempDir() + "/bb_urls_label.txt";
  std::ofstream(path) << "# list\nhttp://a.example/1\nhttp://b.example/2\n";
  const std::string first = requests_from_file(path, std::nullopt).target;
  EXPECT_EQ(first.rfind("urls:bb_urls_label.txt#", 0), 0u) << first;
  EXPECT_EQ(first.size(), std::string("urls:bb_urls_label.txt#").size() + 16) << first;
  std::ofstream(path) << "http://a.example/1\nhttp://b.example/3\n";
  EXPECT_NE(requests_from_file(path, std::nullopt).target, first);
}

TEST(UrlProblem, AUrlWithoutASchemeIsShownCorrected) {
  EXPECT_EQ(url_problem("127.0.0.1:8788/fast").value_or(""),
            "'127.0.0.1:8788/fast' has no scheme; write 'http://127.0.0.1:8788/fast'");
}

}  // namespace
}  // namespace bb::io
