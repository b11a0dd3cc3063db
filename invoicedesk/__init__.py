"""InvoiceDesk (发票台账助手): the shop's own invoice ledger around the national tax platform."""

__version__ = "0.1.0"
APP_NAME = "InvoiceDesk"
ORG_NAME = "InvoiceDesk"
