"""awsprep: a terminal study companion for the AWS Certified Developer - Associate exam (DVA-C02)."""

__version__ = "0.1.0"
