--TEST--
semantify() and abbr() give the PEAR original's exact results (strings, numbers, booleans, arrays, nested arrays, objects)
--EXTENSIONS--
system_daemon
--FILE--
<?php
class Foo {}
// The expected output below was produced by the original's semantify() and abbr()
// (System/Daemon.php of PEAR System_Daemon 1.0) on these same inputs.
$inputs = ['abc', '', '12', '1.5', '1e3', ' 12', '12 ', 'abc def', "it's", "multi\nline", '0x1A', '.5', '5.',
  0, 42, -7, 1.5, 0.1 + 0.2, 1e100, -0.0, PHP_INT_MAX, true, false, null, new Foo,
  [], [1, 2], ['a' => 'b', 'c' => 1], [[1, 2], ['x' => 'y']], ['k' => str_repeat('z', 40)],
  ['k' => [str_repeat('q', 40)]], [true, false, null], [1.5, '2', 'x y'], ['nested' => ['a' => ['b' => 'c']]],
  ['a' => []], ["\u{e9}" => "\u{fc}"], [str_repeat('1', 31)], str_repeat('x', 31)];
$abbr = [['abc'], [str_repeat('a', 40)], [str_repeat('a', 30)], [str_repeat('a', 31)], ['hello world', 5],
  ['hello world', 5, '>'], ['hello', 2], ['hello', 0], ['hello', -1], ['hello', 3, ''], [12345678, 4], [true, 0], ['', 0],
  ['hello', 2, 'long suffix']];
foreach ($inputs as $in) echo var_export(System_Daemon::semantify($in), true), "\n";
foreach ($abbr as $a) echo var_export(System_Daemon::abbr(...$a), true), "\n";
// Where the original failed (an object inside an array: "could not be converted to
// string"), the class name is given, as semantify() does for a lone object.
echo var_export(System_Daemon::semantify([new Foo, 'k' => new ArrayObject]), true), "\n";
?>
--EXPECT--
'\'abc\''
'\'\''
'12'
'1.5'
'1e3'
' 12'
'12 '
'\'abc def\''
'\'it\'s\''
'\'multi
line\''
'\'0x1A\''
'.5'
'5.'
0
42
-7
1.5
0.30000000000000004
1.0E+100
-0.0
9223372036854775807
true
false
'\'\''
'Foo'
''
'0: 1, 1: 2'
'a: \'b\', c: 1'
'0: [1,2], 1: {"x":"y"}'
'k: \'zzzzzzzzzzzzzzzzzzzzzzzzzz...'
'k: ["qqqqqqqqqqqqqqqqqqqqqqqqq...'
'0: 1, 1: , 2: \'\''
'0: 1.5, 1: 2, 2: \'x y\''
'nested: {"a":{"b":"c"}}'
'a: []'
'é: \'ü\''
'0: 111111111111111111111111111...'
'\'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\''
'abc'
'aaaaaaaaaaaaaaaaaaaaaaaaaaa...'
'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'
'aaaaaaaaaaaaaaaaaaaaaaaaaaa...'
'he...'
'hell>'
'hell...'
'he...'
'h...'
'hel'
'1...'
'...'
''
'long suffix'
'0: \'Foo\', k: \'ArrayObject\''
