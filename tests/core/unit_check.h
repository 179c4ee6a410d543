// What the unit tests share: a unit's text, and systemd-analyze's complaints about it
// alone (it also prints some about the host's own units).
#ifndef SD_TESTS_CORE_UNIT_CHECK_H
#define SD_TESTS_CORE_UNIT_CHECK_H

#include "core/render_unit.h"

#include <cstdio>
#include <sstream>
#include <string>

inline std::string unit_text(const sd::UnitSpec &spec) {
    std::string out, err;
    sd::render_systemd_unit(spec, out, err);
    return out;
}

inline std::string our_complaints(const std::string &errout, const std::string &unit_dir, const std::string &unit) {
    std::string mine;
    std::istringstream in(errout);
    for (std::string line; std::getline(in, line);) {
        if (line.find(unit_dir) != std::string::npos || line.find(unit) != std::string::npos)
            mine += line + "\n";
        else if (!line.empty())
            std::printf("note: systemd-analyze (not about our unit): %s\n", line.c_str());
    }
    return mine;
}

#endif
