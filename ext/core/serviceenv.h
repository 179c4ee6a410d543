// What the service manager says to this process alone: NOTIFY_SOCKET, WATCHDOG_USEC,
// WATCHDOG_PID. A daemon takes them out of its environment, so that no program it
// runs talks to its unit, and puts them back for an image it executes (restart). The
// values are read with sdnotify's parsers, the one rule per variable.
#ifndef SD_CORE_SERVICEENV_H
#define SD_CORE_SERVICEENV_H

#include <cstdint>
#include <string>

namespace sd {

class ServiceEnv {
public:
    // Takes the variables out of the environment, once (later calls do nothing); for
    // each one that was there, forget(name) is called (copies of the environment the
    // caller keeps elsewhere). An empty value counts as unset but is removed too.
    void take(void (*forget)(const char *name) = nullptr);
    // Puts back what take() removed.
    void restore() const;
    // Removes again what restore() put back (an exec that failed).
    void unrestore() const;
    // The notify socket's address, "" when none.
    const std::string &notify_socket() const { return vars_[0].value; }
    // The watchdog interval for self_pid (sdnotify's watchdog_usec_from()), 0 for none.
    std::uint64_t watchdog_usec(long self_pid) const;

private:
    struct Var {
        const char *name;
        bool has;
        std::string value;
    };
    Var vars_[3] = {{"NOTIFY_SOCKET", false, {}}, {"WATCHDOG_USEC", false, {}}, {"WATCHDOG_PID", false, {}}};
    bool taken_ = false;
};

}  // namespace sd

#endif
