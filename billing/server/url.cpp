// Boost.URL's implementation, compiled once into the billing library
// (header-only use, as for Boost.JSON in json.cpp).
#include <boost/url/src.hpp>
