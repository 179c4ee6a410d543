<?php
/* Not a file of the PEAR System_Daemon package: the legacy-require hook leaves it alone. */
echo "System/Other.php was compiled\n";
return 'other';
