--TEST--
System_Daemon_OS: factory() picks the most specific installed driver, getDetails(), forced drivers and their fallback, the inheritance chain, PHP subclasses
--EXTENSIONS--
system_daemon
--FILE--
<?php
// The original's inheritance chain.
foreach (['Linux', 'Debian', 'Ubuntu', 'Arch', 'RedHat', 'Fedora', 'BSD', 'Windows'] as $d) {
    $c = "System_Daemon_OS_$d";
    $chain = [];
    for ($p = get_parent_class($c); $p; $p = get_parent_class($p)) $chain[] = $p;
    echo $d, ': ', implode(' < ', $chain), "\n";
}

// Autodetection: the chosen driver is installed, and no installed driver has more ancestors.
$os = System_Daemon_OS::factory();
var_dump($os instanceof System_Daemon_OS, $os->isInstalled(), $os->errors);
$weight = fn($c) => count(class_parents($c));
foreach (['Linux', 'Debian', 'Ubuntu', 'Arch', 'RedHat', 'Fedora', 'BSD', 'Windows'] as $d) {
    $o = System_Daemon_OS::factory($d);
    if ($o->isInstalled() && $weight($o) > $weight($os)) echo "MORE SPECIFIC INSTALLED: $d\n";
}
$expect = PHP_OS !== 'Linux' ? null : (is_file('/etc/lsb-release') ? 'Ubuntu' : (is_file('/etc/debian_version') ? 'Debian'
    : (is_file('/etc/fedora-release') ? 'Fedora' : (is_file('/etc/redhat-release') ? 'RedHat' : null))));
if ($expect !== null && strncmp((string)@file_get_contents('/etc/issue'), 'Arch Linux', 10) !== 0) {
    var_dump($os->getDetails()['shorthand'] === $expect);
} else {
    var_dump(true);
}

// A forced driver is used even when not installed (the original: "CAN BE VERY DANGEROUS").
$f = System_Daemon_OS::factory('Fedora');
var_dump(get_class($f), $f->getDetails(), $f->errors);
$w = System_Daemon_OS::factory('Windows');
var_dump($w->isInstalled());

// One that does not exist: autodetection, with the reason in ->errors.
$x = System_Daemon_OS::factory('Solaris');
var_dump(get_class($x) === get_class($os), $x->errors);
// Names are exact, as the original's isset($Drivers[...]).
var_dump(System_Daemon_OS::factory('debian')->errors);
// A retried factory does not retry again.
var_dump(System_Daemon_OS::factory('Solaris', true));

// The base class is no driver.
$b = new System_Daemon_OS();
var_dump($b->isInstalled(), $b->errors, $b->getDetails());

// Driver facts are in the protected properties, where a subclass can change them.
$props = function (object $o) {
    $r = [];
    foreach (['_osVersionFile', '_autoRunDir', '_autoRunTemplatePath', '_autoRunTemplateReplace'] as $n) {
        $p = new ReflectionProperty($o, $n);  // accessible without setAccessible() since 8.1
        $r[] = is_array($p->getValue($o)) ? count($p->getValue($o)) : $p->getValue($o);
    }
    return $r;
};
foreach (['Debian', 'Ubuntu', 'Arch', 'RedHat', 'Fedora', 'BSD'] as $d) {
    $c = "System_Daemon_OS_$d";
    echo $d, ': ', json_encode($props(new $c)), "\n";
}
class My_Distro extends System_Daemon_OS_Debian
{
    protected string $_osVersionFile = '/nonexistent/version';
    protected ?string $_autoRunDir = '/opt/init';
}
$m = new My_Distro();
echo json_encode($props($m)), "\n";
var_dump($m->isInstalled(), $m->getDetails()['shorthand'], $m->getDetails()['ancestors']);
class Other_Distro extends System_Daemon_OS_Linux
{
    protected string $_osVersionFile = __FILE__;
}
var_dump((new Other_Distro())->isInstalled() === (PHP_OS === 'Linux'));
?>
--EXPECT--
Linux: System_Daemon_OS
Debian: System_Daemon_OS_Linux < System_Daemon_OS
Ubuntu: System_Daemon_OS_Debian < System_Daemon_OS_Linux < System_Daemon_OS
Arch: System_Daemon_OS_Ubuntu < System_Daemon_OS_Debian < System_Daemon_OS_Linux < System_Daemon_OS
RedHat: System_Daemon_OS_Linux < System_Daemon_OS
Fedora: System_Daemon_OS_RedHat < System_Daemon_OS_Linux < System_Daemon_OS
BSD: System_Daemon_OS
Windows: System_Daemon_OS
bool(true)
bool(true)
array(0) {
}
bool(true)
string(23) "System_Daemon_OS_Fedora"
array(2) {
  ["shorthand"]=>
  string(6) "Fedora"
  ["ancestors"]=>
  array(3) {
    [0]=>
    string(6) "RedHat"
    [1]=>
    string(5) "Linux"
    [2]=>
    string(2) "OS"
  }
}
array(0) {
}
bool(false)
bool(true)
array(1) {
  [0]=>
  string(60) "Unable to use driver: Solaris falling back to autodetection."
}
array(1) {
  [0]=>
  string(59) "Unable to use driver: debian falling back to autodetection."
}
bool(false)
bool(false)
array(1) {
  [0]=>
  string(22) "Not implemented for OS"
}
array(2) {
  ["shorthand"]=>
  string(2) "OS"
  ["ancestors"]=>
  array(0) {
  }
}
Debian: ["\/etc\/debian_version","\/etc\/init.d","#builtin#\/template_Debian",8]
Ubuntu: ["\/etc\/lsb-release","\/etc\/init.d","#builtin#\/template_Debian",8]
Arch: ["","\/etc\/rc.d","#builtin#\/template_Arch",8]
RedHat: ["\/etc\/redhat-release","\/etc\/rc.d\/init.d","#builtin#\/template_RedHat",8]
Fedora: ["\/etc\/fedora-release","\/etc\/rc.d\/init.d","#builtin#\/template_Fedora",8]
BSD: ["",null,"",0]
["\/nonexistent\/version","\/opt\/init","#builtin#\/template_Debian",8]
bool(false)
string(6) "Distro"
array(3) {
  [0]=>
  string(6) "Debian"
  [1]=>
  string(5) "Linux"
  [2]=>
  string(2) "OS"
}
bool(true)
