--TEST--
System_Daemon_OS: built-in templates (pseudo-path, values as shell words), runTemplateLocation with the original placeholders (verbatim), @php_bin@, refusals
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/sd.inc';
$dir = sd_dir('os_autorun_template');
$props = [
    'appName' => 'tpl', 'appExecutable' => 'tpl.php', 'appDescription' => "Bob's daemon", 'appDir' => $dir,
    'authorName' => 'Bob', 'authorEmail' => 'bob@example.org', 'appPidLocation' => "$dir/run/tpl.pid",
    'appChkConfig' => '- 99 0', 'runAutoRunType' => 'initd',
];
$os = System_Daemon_OS::factory('Debian');
var_dump($os->getAutoRunTemplatePath($props));
$tpl = $os->getAutoRunTemplate($props);
var_dump(str_contains($tpl, 'PIDFILE=@pid_file@'), str_contains($tpl, '--pidfile "$PIDFILE" --startas "$PROG" -- "$@"'));
$script = $os->getAutoRunScript($props);
// in code a value is one shell word; in the LSB header it is as written
foreach (explode("\n", $script) as $l) {
    if (preg_match('/^(NAME|DESC|DAEMON|PIDFILE)=|^# (Provides|Short-Description|Author)/', $l)) echo $l, "\n";
}
var_dump((bool)preg_match('/@[a-z_]+@/', $script));
echo "RedHat: ", preg_match('/^# chkconfig: - 99 0$/m', System_Daemon_OS::factory('RedHat')->getAutoRunScript($props)), "\n";
echo "Arch: ", preg_match('/^# \/etc\/rc.d\/tpl: Bob\'s daemon$/m', System_Daemon_OS::factory('Arch')->getAutoRunScript($props)), "\n";

// A user template, with every placeholder of the original plus @php_bin@.
file_put_contents("$dir/my.tpl", "name=@name@ desc=\"@desc@\" file=@bin_file@ bin=@bin_name@ pid=@pid_file@\n"
    . "chk=@chkconfig@ by=@author_name@ <@author_email@> php=@php_bin@ keep=@unknown@ mail=a@b\n");
$props['runTemplateLocation'] = "$dir/my.tpl";
var_dump($os->getAutoRunTemplatePath($props) === "$dir/my.tpl");
echo str_replace([$dir, PHP_BINARY], ['DIR', 'PHP_BINARY'], $os->getAutoRunScript($props));
// A template with a line break in a value would end a comment and add commands: refused.
$bad = $props;
$bad['appDescription'] = "x\nrm -rf /";
var_dump($os->getAutoRunScript($bad), end($os->errors));
// A template that is not there.
$props['runTemplateLocation'] = "$dir/missing.tpl";
var_dump($os->getAutoRunTemplate($props), end($os->errors));
// A property the replace map needs but the array lacks.
unset($props['runTemplateLocation'], $props['appChkConfig']);
var_dump($os->getAutoRunScript($props), end($os->errors));
// Drivers without a template.
$l = System_Daemon_OS::factory('Linux');
var_dump($l->getAutoRunTemplatePath([]), $l->errors);
// ... still render a user's template, with the original's placeholders.
var_dump($l->getAutoRunScript(['runTemplateLocation' => "$dir/my.tpl"] + $props + ['appChkConfig' => '2345 20 80']) !== false);
// The original's #datadir# pseudo-path in a subclass copied from the PEAR package.
class Old_Style extends System_Daemon_OS_Linux { protected string $_autoRunTemplatePath = '#datadir#/template_RedHat'; }
var_dump(str_contains((new Old_Style())->getAutoRunTemplate([]), 'chkconfig: @chkconfig@'));
// A getAutoRunTemplate() override is what getAutoRunScript() renders.
class Own_Template extends System_Daemon_OS_Debian { public function getAutoRunTemplate($p): string|false { return "own @name@ @php_bin@\n"; } }
echo str_replace(PHP_BINARY, 'PHP_BINARY', (new Own_Template())->getAutoRunScript($props + ['appChkConfig' => '-']));
?>
--CLEAN--
<?php
require __DIR__ . '/include/sd.inc';
sd_clean('os_autorun_template');
?>
--EXPECTF--
string(25) "#builtin#/template_Debian"
bool(true)
bool(true)
# Provides:          tpl
# Short-Description: Bob's daemon
# Author: Bob <bob@example.org>
NAME=tpl
DESC='Bob'\''s daemon'
DAEMON=%s/sd_test_os_autorun_template/tpl.php
PIDFILE=%s/sd_test_os_autorun_template/run/tpl.pid
bool(false)
RedHat: 1
Arch: 1
bool(true)
name=tpl desc="Bob's daemon" file=DIR/tpl.php bin=tpl.php pid=DIR/run/tpl.pid
chk=- 99 0 by=Bob <bob@example.org> php=PHP_BINARY keep=@unknown@ mail=a@b
bool(false)
string(%d) "Option appDescription: 'x\x0arm -rf /' holds a newline, which a runTemplateLocation template would take verbatim into a shell script; expected a value without ", $, `, \, line breaks or NUL bytes"
bool(false)
string(%d) "autoRunTemplatePath: %s/missing.tpl does not exist"
bool(false)
string(75) "Cannot forge an init.d script without a valid daemon property: appChkConfig"
bool(false)
array(1) {
  [0]=>
  string(28) "No autoRunTemplatePath found"
}
bool(true)
bool(true)
own tpl PHP_BINARY
