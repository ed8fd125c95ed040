#include "certificate_dict.hpp"
namespace glasstls::python {
pybind11::dict certificate_dict(const x509::Certificate& cert) {
    pybind11::dict d;
    d["subject"] = cert.describe();
    return d;
}
}
