/* The daemon's facts, process-wide and per request (see state.h). */
#include "php/state.h"

#include "php/options.h"

#include "core/owner.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

SdDaemon &sd_daemon()
{
    static SdDaemon d;
    return d;
}

bool sd_daemon_in_background()
{
    return sd_daemon().in_background.load();
}

bool sd_daemon_is_self()
{
    return sd_daemon().in_background && getpid() == sd_daemon().pid && sd::owner::is_mine();
}

bool sd_daemon_started_here()
{
    return sd_daemon().started && sd_daemon().in_background && sd::owner::is_mine();
}

sd_state_globals &sd_request()
{
    return *SDG(state);
}
bool sd_daemon_dying()
{
    return sd_request().dying;
}
bool sd_daemon_halted()
{
    return sd_request().halted;
}
void sd_state_rshutdown()
{
    sd_request() = sd_state_globals();
}

sd_state_globals *sd_state_globals_new()
{
    return new (pemalloc(sizeof(sd_state_globals), 1)) sd_state_globals();
}

void sd_state_globals_free(sd_state_globals *g)
{
    if (!g) return;
    g->~sd_state_globals();
    pefree(g, 1);
}

bool sd_process_is_mine()
{
    return sd::owner::is_mine();
}

zend_string *sd_process_claim()
{
    std::string why = sd::owner::claim();
    if (why.empty()) return nullptr;
    return zend_string_init(why.data(), why.size(), 0);
}

bool sd_foreground()
{
    if (sd_option_bool("appForeground")) return true;
    const char *e = getenv("SYSTEM_DAEMON_FOREGROUND");
    return e && strcmp(e, "1") == 0;
}
