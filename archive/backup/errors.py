class BackupError(Exception):
    """A backup or restore was refused or failed; the message tells the operator why."""
