// The database's trouble (store.h): which PostgreSQL errors are no bug of
// vardavtal's, and their words without the statement, its values or a row.
#include <soci/postgresql/soci-postgresql.h>

#include <optional>
#include <string>

#include "store/store.h"

namespace vardavtal {

namespace {

// The server's line in SOCI's message (its text without the context, which
// is the statement and its bound values, patient ids among them): "Cannot
// execute query. Fatal error. ERROR:  permission denied for table x\n...",
// after libpq's "SEVERITY:  " in whatever language the server speaks; after
// SOCI's "Connection failed. " when libpq had only its own words; empty when
// SOCI found the session dead before sending anything ("... Fatal error.
// Connection failed"). Our own libpq errors are libpq's text alone.
std::string server_line(std::string message) {
  const size_t severity = message.find(":  ");
  const size_t lost = message.find("Connection failed");
  if (severity != std::string::npos)
    message = message.substr(severity + 3);
  else if (lost != std::string::npos)
    message = message.substr(lost + std::string("Connection failed").size());
  else if (const size_t fatal = message.find("Fatal error."); fatal != std::string::npos)
    message = message.substr(fatal + std::string("Fatal error.").size());
  message = message.substr(0, message.find('\n'));
  const auto trim = [](char c) { return c == ' ' || c == '\t' || c == '.'; };
  while (!message.empty() && trim(message.front())) message.erase(0, 1);
  while (!message.empty() && trim(message.back())) message.pop_back();
  return message;
}

std::optional<DatabaseTrouble::Kind> kind_of(const std::string& state, const std::string& message) {
  using Kind = DatabaseTrouble::Kind;
  if (state == "42501") return Kind::refused_right;
  if (state.rfind("08", 0) == 0 || state == "57P01" || state == "57P02" ||
      message.find("Connection failed") != std::string::npos)
    return Kind::connection_lost;
  if (state.rfind("53", 0) == 0) return Kind::server_short;
  if (state == "40001" || state == "40P01") return Kind::conflict;
  if (state == "57014" || state == "55P03") return Kind::cancelled;
  return std::nullopt;
}

DatabaseTrouble trouble(DatabaseTrouble::Kind kind, const std::string& line) {
  using Kind = DatabaseTrouble::Kind;
  const std::string said = line.empty() ? "" : " (" + line + ")";
  const std::string again_en =
      "; what the database confirmed is saved, and a new try "
      "recognises it: try again once the database answers";
  const std::string again_sv =
      "; det som databasen bekräftade är sparat och känns igen vid "
      "nästa försök: försök igen när databasen svarar";
  switch (kind) {
    case Kind::refused_right: {
      const std::string where = " (docs/postgresql.md, \"Schema and roles\")";
      return {kind,
              "the database refuses this role a right it needs: " + line +
                  "; the rights each command needs are in" + where,
              "databasen nekar rollen en rättighet som behövs: " + line +
                  "; vilka rättigheter varje kommando behöver står i" + where};
    }
    case Kind::connection_lost:
      return {kind, "the connection to the database was lost" + said + again_en,
              "förbindelsen med databasen bröts" + said + again_sv};
    case Kind::server_short:
      return {kind,
              "the database server ran short of a resource" + said + "; ask its administrator",
              "databasservern har slut på en resurs" + said + "; fråga dess administratör"};
    case Kind::conflict:
      return {kind,
              "the database aborted the transaction in a conflict with another session" + said +
                  "; nothing of it was saved: try again",
              "databasen avbröt transaktionen i en krock med en annan session" + said +
                  "; inget av den sparades: försök igen"};
    case Kind::cancelled:
      return {kind,
              "the database cancelled the statement" + said +
                  ": a time limit of the role or the server (statement_timeout, lock_timeout), or "
                  "an administrator; nothing of its transaction was saved",
              "databasen avbröt frågan" + said +
                  ": en tidsgräns för rollen eller servern (statement_timeout, lock_timeout), "
                  "eller en administratör; inget av transaktionen sparades"};
  }
  return {kind, line, line};
}

}  // namespace

std::optional<DatabaseTrouble> database_trouble(const std::exception& e) {
  if (const auto* t = dynamic_cast<const DatabaseTrouble*>(&e)) return *t;
  const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&e);
  if (!pg) return std::nullopt;
  const std::string message = pg->get_error_message();
  const std::optional<DatabaseTrouble::Kind> kind = kind_of(pg->sqlstate(), message);
  if (!kind) return std::nullopt;
  return trouble(*kind, server_line(message));
}

std::string server_first_line(std::string message, const std::string& sqlstate) {
  message = message.substr(0, message.find('\n'));
  if (sqlstate.rfind("22", 0) == 0) {  // the severity alone: without it, nothing of the line
    const size_t severity = message.find(":  ");
    message = (severity == std::string::npos ? "" : message.substr(0, severity + 1) + " ") +
              "a value the column does not take";
  }
  return sqlstate.empty() ? message : message + " [SQLSTATE " + sqlstate + "]";
}

std::string without_statement(const std::exception& e) {
  const auto* s = dynamic_cast<const soci::soci_error*>(&e);
  if (!s) return e.what();
  // SOCI's message holds libpq's whole text: its DETAIL, CONTEXT and LINE
  // lines quote rows and statements, so the first line alone; a data
  // exception's first line quotes the value itself, so its SQLSTATE alone.
  const std::string message = s->get_error_message();
  if (const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&e))
    return server_first_line(message, pg->sqlstate());
  // A value read that SOCI could not convert: 'Cannot convert data: string
  // "..." is not a number.' quotes it.
  const std::string unconverted = "Cannot convert data";
  if (const size_t at = message.find(unconverted); at != std::string::npos)
    return message.substr(0, at + unconverted.size()) + ": a value read the type does not take";
  return message.substr(0, message.find('\n'));
}

}  // namespace vardavtal
