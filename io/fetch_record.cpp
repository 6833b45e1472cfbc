// Maps a libcurl result code and HTTP status to exactly one outcome class, and each class to its CSV column name.
#include "fetch_record.hpp"

namespace bb::io {

const char* outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::ok: return "ok";
    case Outcome::http_4xx: return "http_4xx";
    case Outcome::http_5xx: return "http_5xx";
    case Outcome::timeout: return "timeout";
    case Outcome::refused: return "refused";
    case Outcome::closed: return "closed";
    case Outcome::other: return "other";
  }
  return "other";
}

Outcome classify(CURLcode code, long http_status) {
  switch (code) {
    case CURLE_OK:
      // A status outside HTTP's 100-599 is no HTTP answer this tool can judge.
      if (http_status < 100 || http_status > 599) return Outcome::other;
      if (http_status >= 500) return Outcome::http_5xx;
      if (http_status >= 400) return Outcome::http_4xx;
      return Outcome::ok;
    case CURLE_OPERATION_TIMEDOUT:
      return Outcome::timeout;
    case CURLE_COULDNT_CONNECT:
      return Outcome::refused;
    // The peer went away: nothing at all, a reset, or a body cut short.
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
    // HTTP/2's form of it: the server ended the stream (nginx's 444 resets it) before the answer ended.
    case CURLE_HTTP2_STREAM:
      return Outcome::closed;
    default:
      return Outcome::other;
  }
}

}  // namespace bb::io
