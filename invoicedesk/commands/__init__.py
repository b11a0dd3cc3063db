"""Subcommands of the features, registered by ``invoicedesk.cli`` (see FEATURE_COMMANDS there);
what they share with it (exit codes, BadInput, argument readers) is in ``common``."""
