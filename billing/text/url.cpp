// Boost.URL's implementation, compiled once for every library above (the server
// parses request targets, delivery its endpoint), as Boost.JSON in json.cpp.
#include <boost/url/src.hpp>
