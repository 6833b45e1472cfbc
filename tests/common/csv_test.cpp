// Unit tests of CSV escaping, schema order and row printing.
#include <gtest/gtest.h>

#include <sstream>

#include "csv.hpp"

TEST(CsvEscape, PlainFieldsStayAsTheyAre) { EXPECT_EQ(bb::csv_escape("g++ 12.2.0"), "g++ 12.2.0"); }

TEST(CsvEscape, CommasAndQuotesAreQuoted) {
  EXPECT_EQ(bb::csv_escape("30x10,50x2"), "\"30x10,50x2\"");
  EXPECT_EQ(bb::csv_escape("say \"hi\""), "\"say \"\"hi\"\"\"");
}

TEST(CsvRow, RefusesColumnsOutOfSchemaOrder) {
  const std::vector<std::string> columns = {"suite", "impl"};
  bb::CsvRow row(columns);
  EXPECT_THROW(row.set("impl", "cpu_seq"), std::logic_error);
  row.set("suite", "cpu");
  EXPECT_FALSE(row.complete());
  row.set("impl", "cpu_seq");
  EXPECT_TRUE(row.complete());
  EXPECT_THROW(row.set("extra", "x"), std::logic_error);
}

TEST(CsvRow, IncompleteRowIsNeverPrinted) {
  const std::vector<std::string> columns = {"suite", "impl"};
  bb::CsvRow row(columns);
  row.set("suite", "cpu");
  std::ostringstream out;
  EXPECT_THROW(bb::print_csv_row(out, row, {}), std::logic_error);
  EXPECT_EQ(out.str(), "");
}

TEST(CsvPrint, ParamsAppendColumnsAfterTheSchema) {
  const std::vector<std::string> columns = {"suite", "tasks"};
  const bb::Params params = {{"latency_ms", "10"}, {"note", "a,b"}};
  bb::CsvRow row(columns);
  row.set("suite", "cpu").set("tasks", "50,63,32");
  std::ostringstream out;
  bb::print_csv_header(out, columns, params);
  bb::print_csv_row(out, row, params);
  EXPECT_EQ(out.str(), "suite,tasks,latency_ms,note\ncpu,\"50,63,32\",10,\"a,b\"\n");
}

TEST(FormatNumber, KeepsSignificantDigitsWithoutNoise) {
  EXPECT_EQ(bb::format_number(0.25), "0.25");
  EXPECT_EQ(bb::format_number(1.0 / 3.0), "0.333333333");
}
