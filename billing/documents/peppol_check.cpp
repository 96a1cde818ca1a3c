// check_peppol: libxml2 for the UBL schema and the SVRL reports, Saxon-HE
// (posix_spawnp, no shell) for the two rule sets.
#include "billing/documents/peppol_check.h"

#include <fcntl.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "billing/documents/xml_tree.h"

extern char** environ;

namespace vardavtal {

namespace {

namespace fs = std::filesystem;

constexpr char kSvrlNs[] = "http://purl.oclc.org/dsdl/svrl";
constexpr char kXsdDir[] = "xsd/xsdrt/maindoc/";

std::string schema_file(const std::string& root) {
  return std::string(kXsdDir) + "UBL-" + root + "-2.1.xsd";
}

// Whitespace runs as one space, none at the ends.
std::string squeeze(std::string_view s) {
  std::string out;
  for (char c : s) {
    const bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
    if (!space) {
      out.push_back(c);
    } else if (!out.empty() && out.back() != ' ') {
      out.push_back(' ');
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string attribute(const xmlNode* n, const char* name) {
  xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  std::string out = v ? reinterpret_cast<const char*>(v) : "";
  xmlFree(v);
  return out;
}

void collect_failed_asserts(const xmlNode* n, std::vector<FailedAssert>& out) {
  for (; n; n = n->next) {
    if (xml_tree::in_ns(n, kSvrlNs, "failed-assert")) {
      FailedAssert f{attribute(n, "id"), attribute(n, "flag"), attribute(n, "location"), ""};
      for (const xmlNode* c = n->children; c; c = c->next)
        if (xml_tree::in_ns(c, kSvrlNs, "text")) f.text = squeeze(xml_tree::text(c));
      out.push_back(std::move(f));
    }
    collect_failed_asserts(n->children, out);
  }
}

using DocPtr = std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)>;
using SchemaPtr = std::unique_ptr<xmlSchema, decltype(&xmlSchemaFree)>;

constexpr int kParseOptions = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOERROR |
                              XML_PARSE_NOWARNING;

// Parses `path`; the document, or nullptr with the reason in `problem`.
DocPtr read_document(const std::string& path, std::string* problem) {
  if (!std::ifstream(path)) {
    *problem = "cannot read the file";
    return {nullptr, &xmlFreeDoc};
  }
  std::unique_ptr<xmlParserCtxt, decltype(&xmlFreeParserCtxt)> ctxt(xmlNewParserCtxt(),
                                                                    &xmlFreeParserCtxt);
  if (!ctxt) return {nullptr, &xmlFreeDoc};
  DocPtr doc(xmlCtxtReadFile(ctxt.get(), path.c_str(), nullptr, kParseOptions), &xmlFreeDoc);
  if (doc && ctxt->wellFormed && xmlDocGetRootElement(doc.get())) return doc;
  const xmlError* e = xmlCtxtGetLastError(ctxt.get());
  *problem = e && e->message ? "not well-formed XML: line " + std::to_string(e->line) + ": " +
                                   squeeze(e->message)
                             : "cannot read the file";
  return {nullptr, &xmlFreeDoc};
}

void on_schema_error(void* user, xmlErrorPtr e) {
  if (e) static_cast<std::vector<SchemaError>*>(user)->push_back({e->line, squeeze(e->message)});
}

// The compiled UBL schemas by root, each parsed once per check_peppol call.
class Schemas {
 public:
  explicit Schemas(std::string rules_dir) : dir_(std::move(rules_dir)) {}

  std::vector<SchemaError> validate(const std::string& root, xmlDoc* doc) {
    auto it = schemas_.find(root);
    if (it == schemas_.end()) it = schemas_.emplace(root, parse(root)).first;
    if (!it->second) return {{0, "cannot parse " + schema_file(root) + " in " + dir_}};
    std::unique_ptr<xmlSchemaValidCtxt, decltype(&xmlSchemaFreeValidCtxt)> v(
        xmlSchemaNewValidCtxt(it->second.get()), &xmlSchemaFreeValidCtxt);
    std::vector<SchemaError> errors;
    xmlSchemaSetValidStructuredErrors(v.get(), on_schema_error, &errors);
    const int rc = xmlSchemaValidateDoc(v.get(), doc);
    if (rc != 0 && errors.empty())
      errors.push_back({0, "schema validation failed (libxml2 code " + std::to_string(rc) + ")"});
    return errors;
  }

 private:
  SchemaPtr parse(const std::string& root) const {
    const std::string path = dir_ + "/" + schema_file(root);
    std::unique_ptr<xmlSchemaParserCtxt, decltype(&xmlSchemaFreeParserCtxt)> p(
        xmlSchemaNewParserCtxt(path.c_str()), &xmlSchemaFreeParserCtxt);
    std::vector<SchemaError> ignored;
    if (p) xmlSchemaSetParserStructuredErrors(p.get(), on_schema_error, &ignored);
    return SchemaPtr(p ? xmlSchemaParse(p.get()) : nullptr, &xmlSchemaFree);
  }

  std::string dir_;
  std::map<std::string, SchemaPtr> schemas_;
};

// A private temporary directory, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string templ = (fs::temp_directory_path() / "vardavtal-peppol-XXXXXX").string();
    if (!mkdtemp(templ.data())) throw std::runtime_error("cannot create a temporary directory");
    path_ = templ;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs `argv` (argv[0] searched on PATH) with stdout and stderr to `log`;
// its exit status, or -1 when it could not start or did not exit.
int run_logged(const std::vector<std::string>& argv, const fs::path& log) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return -1;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Runs every rule set over the documents in `in` (named 0.xml, 1.xml, ...):
// one Saxon run per rule set, its SVRL reports in a directory of their own.
void run_rule_sets(std::vector<PeppolResult>& results, const std::vector<size_t>& checked,
                   const TempDir& work, const std::string& rules_dir, const std::string& java,
                   const std::string& saxon_jar) {
  for (const PeppolRuleSet& set : kPeppolRuleSets) {
    const fs::path out = work.path() / set.name, log = work.path() / (std::string(set.name) + ".log");
    fs::create_directories(out);
    const int status = run_logged(
        {java, "-XX:-UsePerfData", "-cp", saxon_jar, "net.sf.saxon.Transform",
         "-s:" + (work.path() / "in").string(), "-xsl:" + rules_dir + "/" + set.xslt,
         "-o:" + out.string()},
        log);
    for (size_t i : checked) {
      RuleSetResult r{set.name, "", {}};
      const fs::path svrl = out / (std::to_string(i) + ".xml");
      std::optional<std::vector<FailedAssert>> asserts;
      if (fs::exists(svrl)) asserts = parse_svrl(read_text(svrl));
      if (!asserts) {
        r.error = "Saxon failed (exit status " + std::to_string(status) +
                  "): " + squeeze(read_text(log)).substr(0, 400);
      } else {
        for (FailedAssert& f : *asserts)
          if (f.flag == "fatal") r.fatal.push_back(std::move(f));
      }
      results[i].rule_sets.push_back(std::move(r));
    }
  }
}

bool executable_on_path(const std::string& name) {
  if (name.find('/') != std::string::npos) return access(name.c_str(), X_OK) == 0;
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');)
    if (!dir.empty() && access((dir + "/" + name).c_str(), X_OK) == 0) return true;
  return false;
}

}  // namespace

std::string peppol_rules_dir(const std::optional<std::string>& flag, const char* env,
                             const std::string& compiled_default) {
  if (flag) return *flag;
  if (env && *env) return env;
  return compiled_default;
}

std::string default_peppol_rules_dir() {
#ifdef VARDAVTAL_PEPPOL_RULES_DIR
  return VARDAVTAL_PEPPOL_RULES_DIR;
#else
  return "third_party/peppol";
#endif
}

std::vector<std::string> missing_rule_files(const std::string& rules_dir) {
  std::vector<std::string> missing;
  for (const char* root : {"Invoice", "CreditNote"})
    if (!fs::is_regular_file(rules_dir + "/" + schema_file(root)))
      missing.push_back(schema_file(root));
  for (const PeppolRuleSet& set : kPeppolRuleSets)
    if (!fs::is_regular_file(rules_dir + "/" + set.xslt)) missing.push_back(set.xslt);
  return missing;
}

std::optional<std::vector<FailedAssert>> parse_svrl(std::string_view svrl) {
  xmlInitParser();
  DocPtr doc(xmlReadMemory(svrl.data(), static_cast<int>(svrl.size()), "svrl.xml", nullptr,
                           kParseOptions),
             &xmlFreeDoc);
  if (!doc) return std::nullopt;
  std::vector<FailedAssert> out;
  collect_failed_asserts(xmlDocGetRootElement(doc.get()), out);
  return out;
}

bool PeppolResult::passed() const {
  if (root.empty() || !schema_errors.empty() || rule_sets.size() != std::size(kPeppolRuleSets))
    return false;
  for (const RuleSetResult& r : rule_sets)
    if (!r.error.empty() || !r.fatal.empty()) return false;
  return true;
}

std::string format_peppol_result(const PeppolResult& r) {
  if (r.root.empty()) return r.file + ": " + r.problem + "\n";
  std::string head = r.file + " [" + r.root + "] schema=" + (r.schema_errors.empty() ? "ok" : "FAILED");
  std::string body;
  for (const SchemaError& e : r.schema_errors)
    body += "  line " + std::to_string(e.line) + ": schema: " + e.message + "\n";
  for (const RuleSetResult& set : r.rule_sets) {
    head += " " + set.name + "=" + (set.error.empty() ? std::to_string(set.fatal.size()) : "ERROR");
    if (!set.error.empty()) body += "  " + set.name + ": " + set.error + "\n";
    for (const FailedAssert& f : set.fatal)
      body += "  " + set.name + " " + f.id + ": " + f.text + " [at " + f.location + "]\n";
  }
  return head + "\n" + body;
}

std::vector<PeppolResult> check_peppol(const std::vector<std::string>& files,
                                       const std::string& rules_dir, const std::string& java,
                                       const std::string& saxon_jar) {
  xmlInitParser();
  std::vector<PeppolResult> results(files.size());
  Schemas schemas(rules_dir);
  TempDir work;
  fs::create_directories(work.path() / "in");
  std::vector<size_t> checked;
  for (size_t i = 0; i < files.size(); ++i) {
    PeppolResult& r = results[i];
    r.file = files[i];
    DocPtr doc = read_document(files[i], &r.problem);
    if (!doc) continue;
    const xmlNode* root = xmlDocGetRootElement(doc.get());
    const std::string name = reinterpret_cast<const char*>(root->name);
    if (name != "Invoice" && name != "CreditNote") {
      r.problem = "root element is '" + name + "', not Invoice or CreditNote";
      continue;
    }
    r.root = name;
    r.schema_errors = schemas.validate(name, doc.get());
    fs::copy_file(files[i], work.path() / "in" / (std::to_string(i) + ".xml"));
    checked.push_back(i);
  }
  if (!checked.empty()) run_rule_sets(results, checked, work, rules_dir, java, saxon_jar);
  return results;
}

int run_check_peppol(const std::vector<std::string>& files,
                     const std::optional<std::string>& rules_flag, std::ostream& out,
                     std::ostream& err) {
  const std::string dir =
      peppol_rules_dir(rules_flag, std::getenv(kPeppolRulesEnv), default_peppol_rules_dir());
  if (std::vector<std::string> missing = missing_rule_files(dir); !missing.empty()) {
    err << "vardavtal: check-peppol: the Peppol rules directory '" << dir << "' lacks "
        << missing.front() << " (give the vendored third_party/peppol with --rules DIR or $"
        << kPeppolRulesEnv << ")\n";
    return 2;
  }
  if (!executable_on_path("java")) {
    err << "vardavtal: check-peppol needs Java on PATH and Saxon-HE (apt-get install "
           "default-jre-headless libsaxonhe-java)\n";
    return 2;
  }
  if (!fs::is_regular_file(kSaxonJar)) {
    err << "vardavtal: check-peppol needs " << kSaxonJar << " (apt-get install libsaxonhe-java)\n";
    return 2;
  }
  bool all_passed = true;
  for (const PeppolResult& r : check_peppol(files, dir, "java", kSaxonJar)) {
    out << format_peppol_result(r);
    all_passed = all_passed && r.passed();
  }
  return all_passed ? 0 : 1;
}

}  // namespace vardavtal
