#include "billing/delivery/soap.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <cstring>
#include <memory>
#include <stdexcept>

namespace vardavtal {

namespace {

constexpr const char* kSoapNs = "http://schemas.xmlsoap.org/soap/envelope/";
constexpr const char* kRegistryNs = "urn:riv:itintegration:registry:1";
constexpr const char* kResponderNs =
    "urn:riv:financial:billing:claim:ProcessClaimSpecificationResponder:1";

struct DocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using Doc = std::unique_ptr<xmlDoc, DocFree>;

Doc parse(std::string_view text) {
  return Doc(xmlReadMemory(
      text.data(), static_cast<int>(text.size()), "soap.xml", nullptr,
      XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
}

bool is(const xmlNode* n, const char* ns, const char* name) {
  return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
         std::strcmp(reinterpret_cast<const char*>(n->ns->href), ns) == 0 &&
         std::strcmp(reinterpret_cast<const char*>(n->name), name) == 0;
}

const xmlNode* child(const xmlNode* n, const char* ns, const char* name) {
  for (const xmlNode* c = n ? n->children : nullptr; c; c = c->next)
    if (is(c, ns, name)) return c;
  return nullptr;
}

std::string text_of(const xmlNode* n) {
  if (!n) return {};
  xmlChar* t = xmlNodeGetContent(n);
  std::string s = t ? reinterpret_cast<const char*>(t) : "";
  xmlFree(t);
  return s;
}

std::string serialize(xmlDoc* doc) {
  xmlChar* buf = nullptr;
  int size = 0;
  xmlDocDumpMemoryEnc(doc, &buf, &size, "UTF-8");
  std::string out(reinterpret_cast<const char*>(buf), static_cast<size_t>(size));
  xmlFree(buf);
  return out;
}

// An envelope with an empty Header and Body; returns the document.
Doc envelope(xmlNode** header, xmlNode** body) {
  Doc doc(xmlNewDoc(BAD_CAST "1.0"));
  xmlNode* env = xmlNewNode(nullptr, BAD_CAST "Envelope");
  xmlNs* soap = xmlNewNs(env, BAD_CAST kSoapNs, BAD_CAST "soap");
  xmlSetNs(env, soap);
  xmlDocSetRootElement(doc.get(), env);
  *header = xmlNewChild(env, soap, BAD_CAST "Header", nullptr);
  *body = xmlNewChild(env, soap, BAD_CAST "Body", nullptr);
  return doc;
}

// Text for an XML text node: control characters but tab and newline dropped.
std::string clean(std::string_view s) {
  std::string out;
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x20 || c == '\n' || c == '\t') out += c;
  return out;
}

}  // namespace

std::string claim_request(std::string_view spec_xml, std::string_view logical_address) {
  Doc spec = parse(spec_xml);
  if (!spec || !xmlDocGetRootElement(spec.get()))
    throw std::invalid_argument("the fakturaunderlag is not well-formed XML");
  xmlNode *header = nullptr, *body = nullptr;
  Doc doc = envelope(&header, &body);
  xmlNode* address = xmlNewChild(header, nullptr, BAD_CAST "LogicalAddress",
                                 BAD_CAST clean(logical_address).c_str());
  xmlSetNs(address, xmlNewNs(address, BAD_CAST kRegistryNs, nullptr));
  xmlAddChild(body, xmlDocCopyNode(xmlDocGetRootElement(spec.get()), doc.get(), 1));
  return serialize(doc.get());
}

ClaimAnswer read_claim_answer(unsigned http_status, std::string_view body) {
  ClaimAnswer a;
  Doc doc = parse(body);
  const xmlNode* env = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  const xmlNode* soap_body = is(env, kSoapNs, "Envelope") ? child(env, kSoapNs, "Body") : nullptr;
  if (const xmlNode* fault = child(soap_body, kSoapNs, "Fault")) {
    // faultcode and faultstring are unqualified (SOAP 1.1).
    std::string code, text;
    for (const xmlNode* c = fault->children; c; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      if (std::strcmp(reinterpret_cast<const char*>(c->name), "faultcode") == 0) code = text_of(c);
      if (std::strcmp(reinterpret_cast<const char*>(c->name), "faultstring") == 0)
        text = text_of(c);
    }
    a.comment = "SOAP Fault " + code + ": " + text;
    return a;
  }
  const xmlNode* response = child(soap_body, kResponderNs, "ProcessClaimSpecificationResponse");
  if (http_status != 200 || !response) {
    a.comment = "HTTP " + std::to_string(http_status) +
                (response ? "" : ": no ProcessClaimSpecificationResponse in the answer");
    return a;
  }
  a.result_code = text_of(child(response, kResponderNs, "resultCode"));
  a.comment = text_of(child(response, kResponderNs, "comment"));
  if (a.result_code == "OK" || a.result_code == "INFO")
    a.kind = ClaimAnswer::Kind::ok;
  else if (a.result_code == "ERROR")
    a.kind = ClaimAnswer::Kind::error;
  else
    a.comment = "unknown resultCode '" + a.result_code + "'";
  return a;
}

ClaimRequest read_claim_request(std::string_view envelope_text) {
  ClaimRequest r;
  Doc doc = parse(envelope_text);
  const xmlNode* env = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  if (!is(env, kSoapNs, "Envelope")) {
    r.problem = "not a SOAP 1.1 envelope";
    return r;
  }
  const xmlNode* address = child(child(env, kSoapNs, "Header"), kRegistryNs, "LogicalAddress");
  r.logical_address = text_of(address);
  const xmlNode* claim =
      child(child(env, kSoapNs, "Body"), kResponderNs, "ProcessClaimSpecification");
  if (!address || r.logical_address.empty())
    r.problem = "no LogicalAddress in the SOAP Header";
  else if (!claim)
    r.problem = "no ProcessClaimSpecification in the SOAP Body";
  if (!r.problem.empty()) return r;
  Doc spec(xmlNewDoc(BAD_CAST "1.0"));
  xmlDocSetRootElement(spec.get(), xmlDocCopyNode(const_cast<xmlNode*>(claim), spec.get(), 1));
  r.spec_xml = serialize(spec.get());
  return r;
}

std::string claim_response(std::string_view result_code, std::string_view comment) {
  xmlNode *header = nullptr, *body = nullptr;
  Doc doc = envelope(&header, &body);
  xmlNode* response =
      xmlNewChild(body, nullptr, BAD_CAST "ProcessClaimSpecificationResponse", nullptr);
  xmlNs* ns = xmlNewNs(response, BAD_CAST kResponderNs, nullptr);
  xmlSetNs(response, ns);
  xmlNewTextChild(response, ns, BAD_CAST "resultCode", BAD_CAST clean(result_code).c_str());
  if (!comment.empty())
    xmlNewTextChild(response, ns, BAD_CAST "comment", BAD_CAST clean(comment).c_str());
  return serialize(doc.get());
}

std::string soap_fault(std::string_view text) {
  xmlNode *header = nullptr, *body = nullptr;
  Doc doc = envelope(&header, &body);
  xmlNode* fault = xmlNewChild(body, body->ns, BAD_CAST "Fault", nullptr);
  xmlNewTextChild(fault, nullptr, BAD_CAST "faultcode", BAD_CAST "soap:Server");
  xmlNewTextChild(fault, nullptr, BAD_CAST "faultstring", BAD_CAST clean(text).c_str());
  return serialize(doc.get());
}

}  // namespace vardavtal
