--TEST--
Packaging: composer.json carries the PIE metadata (php-ext), consistent with the module and config.m4
--EXTENSIONS--
system_daemon
--FILE--
<?php
$root = dirname(__DIR__);
$c = json_decode(file_get_contents("$root/composer.json"), true, 512, JSON_THROW_ON_ERROR);
echo $c['type'], "\n";
$x = $c['php-ext'];
echo 'extension-name is the module: ', var_export($x['extension-name'] === (new ReflectionExtension('system_daemon'))->getName(), true), "\n";
echo 'zts/nts: ', var_export($x['support-zts'], true), '/', var_export($x['support-nts'], true), "\n";
echo 'priority: ', is_int($x['priority']) && $x['priority'] >= 0 && $x['priority'] <= 99 ? 'ok' : 'bad', "\n";
$m4 = file_get_contents("$root/config.m4");
foreach ($x['configure-options'] as $o) {
    echo $o['name'], ' in config.m4: ', var_export(str_contains($m4, '--' . $o['name']), true), "\n";
}
echo 'php: ', $c['require']['php'], "\n";
// the PHP range matches the compat header's floor and package.xml's
$compat = file_get_contents("$root/php-src-compat/sd_compat.h");
echo 'compat floor 8.1: ', var_export(str_contains($compat, 'PHP_VERSION_ID < 80100'), true), "\n";
$p = file_get_contents("$root/package.xml");
preg_match('~<php>\s*<min>([^<]+)</min>\s*<max>([^<]+)</max>~', $p, $pv);
preg_match('~<license[^>]*>([^<]+)<~', $p, $pl);
echo 'package.xml php: ', $pv[1], ' .. ', $pv[2], "\n";
echo 'license: ', $c['license'], ' / ', $pl[1], "\n";
?>
--EXPECT--
php-ext
extension-name is the module: true
zts/nts: true/true
priority: ok
enable-system-daemon in config.m4: true
php: >=8.1 <8.6
compat floor 8.1: true
package.xml php: 8.1.0 .. 8.5.99
license: BSD-3-Clause / BSD-3-Clause
