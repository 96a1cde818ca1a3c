// Small libxml2 tree helpers for reading a fakturaunderlag (RIVTA
// ProcessClaimSpecification): elements matched by namespace and local name,
// children in the core namespace (urn:riv:financial:billing:claim:1). Shared by
// the checker (spec_check.cpp) and the purchaser's reader
// (billing/documents/received_spec.cpp). Null-safe where noted.
#pragma once

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <cstring>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "billing/documents/rivta_codes.h"

namespace vardavtal::xml_tree {

// True when `n` is an element node.
// A null `n` is not one.
inline bool is_element(const xmlNode* n) {
  return n && n->type == XML_ELEMENT_NODE;
}

// True when `n` is an element in namespace `ns` named `name` (any name when null).
// A null `n` matches nothing.
inline bool in_ns(const xmlNode* n, const char* ns, const char* name = nullptr) {
  return is_element(n) && n->ns && n->ns->href &&
         std::strcmp(reinterpret_cast<const char*>(n->ns->href), ns) == 0 &&
         (!name || std::strcmp(reinterpret_cast<const char*>(n->name), name) == 0);
}

// True when `n` is a core-namespace element named `name` (any name when null).
// A null `n` matches nothing.
inline bool is_core(const xmlNode* n, const char* name = nullptr) {
  return in_ns(n, rivta::kCoreNs, name);
}

// Every core-namespace child element of `n` named `name`, in document order.
// Empty for a null `n`.
inline std::vector<xmlNode*> children(const xmlNode* n, const char* name) {
  std::vector<xmlNode*> out;
  if (!n) return out;
  for (xmlNode* c = n->children; c; c = c->next)
    if (is_core(c, name)) out.push_back(c);
  return out;
}

// The first core-namespace child element of `n` named `name`.
// nullptr when there is none or `n` is null.
inline xmlNode* child(const xmlNode* n, const char* name) {
  if (!n) return nullptr;
  for (xmlNode* c = n->children; c; c = c->next)
    if (is_core(c, name)) return c;
  return nullptr;
}

// Follows a path of core-namespace child names (first match at each step).
// nullptr when a step is missing.
inline xmlNode* path(const xmlNode* n, std::initializer_list<const char*> names) {
  const xmlNode* cur = n;
  for (const char* name : names) {
    cur = child(cur, name);
    if (!cur) return nullptr;
  }
  return const_cast<xmlNode*>(cur);
}

// The node's text content as it stands (not trimmed).
// "" for a null `n`.
inline std::string text(const xmlNode* n) {
  if (!n) return "";
  xmlChar* c = xmlNodeGetContent(n);
  std::string s = c ? reinterpret_cast<const char*>(c) : "";
  xmlFree(c);
  return s;
}

// The node's local name (without prefix).
// `n` must not be null.
inline std::string name_of(const xmlNode* n) {
  return reinterpret_cast<const char*>(n->name);
}

// True when `s` holds ASCII digits only (also when empty).
inline bool digits_only(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// An xs:decimal's lexical form (optional sign, digits with an optional point)
// split into its sign and "I[.F]" with F's trailing zeros dropped and "0" for
// an empty I; `decimals` = F's length. nullopt when `t` is not an xs:decimal.
struct XsDecimal {
  bool negative = false;
  std::string text;
  size_t decimals = 0;
};
inline std::optional<XsDecimal> split_xs_decimal(std::string_view t) {
  XsDecimal d;
  if (!t.empty() && (t[0] == '+' || t[0] == '-')) {
    d.negative = t[0] == '-';
    t.remove_prefix(1);
  }
  const size_t dot = t.find('.');
  std::string_view ip = t.substr(0, dot);
  std::string_view fp = dot == std::string_view::npos ? std::string_view{} : t.substr(dot + 1);
  if ((ip.empty() && fp.empty()) || !digits_only(ip) || !digits_only(fp)) return std::nullopt;
  while (!fp.empty() && fp.back() == '0') fp.remove_suffix(1);
  d.text = ip.empty() ? "0" : std::string(ip);
  if (!fp.empty()) d.text.append(".").append(fp);
  d.decimals = fp.size();
  return d;
}

// libxml2 gives a document type declaration (the DTD node) no line of its
// own. After this, `ctxt` notes in `Errors::doctype_line` (of the object its
// `_private` points to) the line where the parser met the declaration: the
// line of "<!DOCTYPE name [external id]". The tree is built as before.
template <class Errors>
void note_doctype_line(xmlParserCtxt* ctxt) {
  ctxt->sax->internalSubset = [](void* ctx, const xmlChar* name, const xmlChar* external_id,
                                 const xmlChar* system_id) {
    auto* c = static_cast<xmlParserCtxt*>(ctx);
    auto* errors = static_cast<Errors*>(c->_private);
    if (errors && errors->doctype_line == 0 && c->input) errors->doctype_line = c->input->line;
    xmlSAX2InternalSubset(ctx, name, external_id, system_id);
  };
}

}  // namespace vardavtal::xml_tree
