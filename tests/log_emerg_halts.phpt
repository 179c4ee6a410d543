--TEST--
Log: emerg() logs, then halts through a normal PHP exit (shutdown functions, destructors, status 1)
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/sd.inc';
$dir = sd_dir('log_emerg_halts');
[$out, $err, $status] = sd_child(<<<PHP
System_Daemon::setOptions(['appName' => 'emerg', 'logLocation' => '$dir/emerg.log']);
class Res { function __destruct() { echo "destructor ran\\n"; } }
\$keep = new Res;
register_shutdown_function(function () { echo "shutdown ran, dying: ", var_export(System_Daemon::isDying(), true), "\\n"; });
function deep() {
    try {
        System_Daemon::emerg('cannot go on: %s', 'disk gone');
    } catch (Throwable \$e) {
        echo "must not be catchable\\n";
    }
    echo "not reached\\n";
}
deep();
echo "not reached either\\n";
PHP);
echo sd_nodate($out);
echo "stderr: ", var_export($err, true), "\n";
echo "status: $status\n";
echo "file:\n", sd_nodate(file_get_contents("$dir/emerg.log"));
// log() at LOG_EMERG halts as well
[$out, , $status] = sd_child("System_Daemon::setOptions(['appName' => 'emerg', 'logLocation' => '$dir/emerg2.log']);\nSystem_Daemon::log(0, 'via log()');\necho 'not reached';");
echo sd_nodate($out), "status: $status\n";
?>
--CLEAN--
<?php
require __DIR__ . '/include/sd.inc';
sd_clean('log_emerg_halts');
?>
--EXPECT--
[DATE]    emerg: cannot go on: 'disk gone' [l:8]
[DATE]     info: Process was not daemonized yet, just halting current process
shutdown ran, dying: true
destructor ran
stderr: ''
status: 1
file:
[DATE]    emerg: cannot go on: 'disk gone' [l:8]
[DATE]     info: Process was not daemonized yet, just halting current process
[DATE]    emerg: via log() [l:3]
[DATE]     info: Process was not daemonized yet, just halting current process
status: 1
