// Boost.JSON's implementation, compiled once into the billing library
// (header-only use; Debian's libboost1.81-dev ships no compiled Boost.JSON).
#include <boost/json/src.hpp>
