"""Subcommands of the features, registered by ``invoicedesk.cli`` (see FEATURE_COMMANDS there)."""
