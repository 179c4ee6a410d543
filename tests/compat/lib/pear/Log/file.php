<?php
/** Test fixture: PEAR Log's file handler, reduced to what the daemons use. */
class Log_file extends Log
{
    private $file;
    private $ident;

    public function __construct($name, $ident = '', $conf = array(), $level = 7)
    {
        $this->file = $name;
        $this->ident = $ident;
    }

    public function log($message, $priority = null)
    {
        file_put_contents($this->file, $this->ident . ' [' . (int)$priority . '] ' . $message . "\n", FILE_APPEND);
        return true;
    }
}
