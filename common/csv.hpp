// Tidy CSV output: a fixed column schema per suite, one header line, one row per measured repeat.
#pragma once

#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace bb {

// Quotes a field when it holds a comma, quote or line break (RFC 4180).
std::string csv_escape(const std::string& field);

// Formats a double with enough digits to round-trip timings without noise digits.
std::string format_number(double value);

// One row being filled in schema order; set() refuses a column out of order so a
// row can never drift from the header it is printed under.
class CsvRow {
 public:
  explicit CsvRow(const std::vector<std::string>& columns) : columns_(&columns) {}
  CsvRow& set(const std::string& column, const std::string& value);
  CsvRow& set(const std::string& column, double value) { return set(column, format_number(value)); }
  CsvRow& set(const std::string& column, long long value) { return set(column, std::to_string(value)); }
  CsvRow& set(const std::string& column, int value) { return set(column, std::to_string(value)); }
  CsvRow& set(const std::string& column, bool value) { return set(column, std::string(value ? "true" : "false")); }
  CsvRow& set(const std::string& column, const char* value) { return set(column, std::string(value)); }
  bool complete() const { return values_.size() == columns_->size(); }
  const std::vector<std::string>& values() const { return values_; }

 private:
  const std::vector<std::string>* columns_;
  std::vector<std::string> values_;
};

using Params = std::vector<std::pair<std::string, std::string>>;

// Header = suite columns then one column per --param, in the order given.
void print_csv_header(std::ostream& out, const std::vector<std::string>& columns, const Params& params);
void print_csv_row(std::ostream& out, const CsvRow& row, const Params& params);

}  // namespace bb
