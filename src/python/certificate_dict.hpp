// getpeercert()'s dictionary of a certificate (being written on branch certdict).
#pragma once
#include <pybind11/pybind11.h>
#include "glasstls/x509.hpp"
namespace glasstls::python {
pybind11::dict certificate_dict(const x509::Certificate& cert);
}
